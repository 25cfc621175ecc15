//! What the simulated Cooplan remembers: contracts with their debts, collections, tokens.
//!
//! Whether a debt is pending is never stored: it is pending while no collection in effect
//! pays it, so a reversal puts it back at once. Times are Bolivian wall time.

use std::collections::BTreeMap;

use chrono::{NaiveDateTime, TimeDelta};
use rust_decimal::Decimal;

use super::reply::{malformed, refuse};
use crate::biller::SimResponse;
use crate::fields::Fields;
use crate::tokens::Tokens;

/// Bolivia (UTC-4) is one hour ahead of the simulated Ecuador clock (UTC-5).
const BOLIVIA_AHEAD_OF_SIM_CLOCK_SECS: i64 = 3600;

/// Simulated time as Bolivian wall-clock time.
pub(crate) fn bolivia(now: NaiveDateTime) -> NaiveDateTime {
    now.checked_add_signed(TimeDelta::seconds(BOLIVIA_AHEAD_OF_SIM_CLOCK_SECS))
        .unwrap_or(now)
}

/// `FechaPagoEmpresa`'s format.
pub(crate) const FECHA_PAGO_FORMAT: &str = "%d/%m/%Y %H:%M:%S";

/// One pending-or-paid invoice of a contract, as seeded.
#[derive(Clone, Debug)]
pub(crate) struct Debt {
    pub factura: i64,
    pub periodo: String,
    pub monto: Decimal,
}

#[derive(Clone, Debug)]
pub(crate) struct Contract {
    pub contrato: String,
    pub nombre: String,
    /// The customer's id at the company: `consultardeuda`'s `ID`, `realizarpago`'s `IdAsociado`.
    pub id_asociado: i64,
    pub cod_ubicacion: i64,
    pub num_doc: String,
    pub tipo_documento: String,
    pub nit: String,
    pub direccion: String,
    pub debts: Vec<Debt>,
}

#[derive(Clone, Debug)]
pub(crate) struct Collection {
    pub id_cobranza: i64,
    pub id_factura: i64,
    pub periodo: String,
    pub contrato: String,
    pub id_asociado: i64,
    pub monto: Decimal,
    /// Bolivian wall-clock time of the payment (`FechaPagoEmpresa`).
    pub fecha: NaiveDateTime,
    pub reversed_at: Option<NaiveDateTime>,
    /// How many times `imprimirfactura` printed it.
    pub prints: u32,
}

/// Everything the simulated Cooplan remembers.
pub(crate) struct State {
    pub contracts: BTreeMap<String, Contract>,
    pub tokens: Tokens,
    pub collections: Vec<Collection>,
    pub next_id_cobranza: i64,
}

impl State {
    /// Whether no collection in effect pays this invoice/period.
    pub fn is_pending(&self, factura: i64, periodo: &str) -> bool {
        !self
            .collections
            .iter()
            .any(|c| c.id_factura == factura && c.periodo == periodo && c.reversed_at.is_none())
    }

    /// The contract's debts that are still pending, in billing order.
    pub fn pending<'a>(&'a self, contract: &'a Contract) -> impl Iterator<Item = &'a Debt> {
        contract
            .debts
            .iter()
            .filter(|d| self.is_pending(d.factura, &d.periodo))
    }

    /// The collection a request names by `IdFactura` and `IdCobranza` (imprimirfactura,
    /// revertirpago), in effect or reversed; otherwise the reply: malformed ids, or none such.
    pub fn collection_named(&mut self, fields: &Fields) -> Result<&mut Collection, SimResponse> {
        let (id_factura, id_cobranza) = match (fields.int("idfactura"), fields.int("idcobranza")) {
            (Ok(f), Ok(c)) => (f, c),
            (Err(e), _) | (_, Err(e)) => return Err(malformed(&e)),
        };
        self.collections
            .iter_mut()
            .find(|c| c.id_cobranza == id_cobranza && c.id_factura == id_factura)
            .ok_or_else(|| {
                refuse(&format!(
                    "No existe la cobranza {id_cobranza} para la factura {id_factura}"
                ))
            })
    }

    /// Adds or replaces a contract. An invoice/period already seeded under another contract
    /// moves to this one, so that `IdFactura` + `Periodo` keep naming one debt.
    pub fn put_contract(&mut self, contract: Contract) {
        for other in self.contracts.values_mut() {
            other.debts.retain(|d| {
                !contract
                    .debts
                    .iter()
                    .any(|n| n.factura == d.factura && n.periodo == d.periodo)
            });
        }
        self.contracts.insert(contract.contrato.clone(), contract);
    }
}
