//! Cooplan's state as tests read it (`GET /_sim/state` → `cooplan`,
//! [`crate::Simulator::cooplan_state`]).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Cooplan;
use super::state::{FECHA_PAGO_FORMAT, bolivia};
use crate::biller::Mounted;
use crate::clock::wall;
use crate::money::two_dp;

pub(super) fn snapshot(c: &Mounted<Cooplan>, now: NaiveDateTime) -> CooplanSnapshot {
    let st = c.lock();
    CooplanSnapshot {
        requests: c.requests(),
        tokens_issued: st.tokens.issued(),
        contracts: st
            .contracts
            .values()
            .map(|c| CooplanContractSnapshot {
                contrato: c.contrato.clone(),
                nombre: c.nombre.clone(),
                id_asociado: c.id_asociado,
                debts: c
                    .debts
                    .iter()
                    .map(|d| CooplanDebtSnapshot {
                        factura: d.factura,
                        periodo: d.periodo.clone(),
                        monto: two_dp(d.monto),
                        pending: st.is_pending(d.factura, &d.periodo),
                    })
                    .collect(),
            })
            .collect(),
        collections: st
            .collections
            .iter()
            .map(|c| CooplanCollectionSnapshot {
                id_cobranza: c.id_cobranza.to_string(),
                id_factura: c.id_factura,
                periodo: c.periodo.clone(),
                contrato: c.contrato.clone(),
                id_asociado: c.id_asociado,
                monto: two_dp(c.monto),
                fecha_pago_empresa: c.fecha.format(FECHA_PAGO_FORMAT).to_string(),
                reversed: c.reversed_at.is_some(),
                prints: c.prints,
            })
            .collect(),
        report_as_text: c.report_as_text(),
        clock: wall(bolivia(now)),
    }
}

/// Cooplan's state as tests see it (`GET /_sim/state` → `cooplan`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CooplanSnapshot {
    /// Requests that reached each endpoint, faulted or not (every endpoint listed, even at 0).
    pub requests: BTreeMap<String, u64>,
    /// Tokens issued since start or reset.
    pub tokens_issued: u64,
    pub contracts: Vec<CooplanContractSnapshot>,
    /// Every collection ever made, in order, reversed ones included.
    pub collections: Vec<CooplanCollectionSnapshot>,
    /// Whether `reportecobranzas` answers the document's plain string (the reading
    /// `cooplan.reporte_values` is `string`).
    pub report_as_text: bool,
    /// The simulated clock in Bolivian time, `yyyy-mm-dd hh:mm:ss`.
    pub clock: String,
}

impl CooplanSnapshot {
    /// Collections in effect (not reversed) of one invoice/period: 1 after a payment, never 2.
    pub fn collections_in_effect(&self, factura: i64, periodo: &str) -> usize {
        self.collections
            .iter()
            .filter(|c| c.id_factura == factura && c.periodo == periodo && !c.reversed)
            .count()
    }

    /// Whether the invoice/period is pending under its contract.
    pub fn is_pending(&self, factura: i64, periodo: &str) -> Option<bool> {
        self.contracts
            .iter()
            .flat_map(|c| c.debts.iter())
            .find(|d| d.factura == factura && d.periodo == periodo)
            .map(|d| d.pending)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CooplanContractSnapshot {
    pub contrato: String,
    pub nombre: String,
    pub id_asociado: i64,
    pub debts: Vec<CooplanDebtSnapshot>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CooplanDebtSnapshot {
    pub factura: i64,
    pub periodo: String,
    /// `montoTotal` (a string with two decimals in JSON).
    pub monto: Decimal,
    /// No collection in effect pays it.
    pub pending: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CooplanCollectionSnapshot {
    pub id_cobranza: String,
    pub id_factura: i64,
    pub periodo: String,
    pub contrato: String,
    pub id_asociado: i64,
    pub monto: Decimal,
    /// `dd/mm/yyyy hh:mm:ss`, Bolivian time.
    pub fecha_pago_empresa: String,
    pub reversed: bool,
    /// Times `imprimirfactura` printed it.
    pub prints: u32,
}
