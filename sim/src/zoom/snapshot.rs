//! Zoom's state as tests read it (`GET /_sim/state` → `zoom`, [`crate::Simulator::zoom_state`]).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Zoom;
use crate::biller::Mounted;
use crate::clock::wall;
use crate::money::two_dp;

pub(super) fn snapshot(z: &Mounted<Zoom>, now: NaiveDateTime) -> ZoomSnapshot {
    let st = z.lock();
    ZoomSnapshot {
        requests: z.requests(),
        tokens_issued: st.tokens.issued(),
        payments: st
            .payments
            .iter()
            .map(|p| ZoomPaymentSnapshot {
                idpago: p.idpago,
                referencia: p.referencia.clone(),
                montototal: two_dp(p.montototal),
                fechapago: p.fechapago.format("%Y-%m-%d").to_string(),
                idtipotransbanc: p.idtipotransbanc,
                idcuentabanco: p.idcuentabanco,
                codusuario: p.codusuario,
                rifcipagador: p.rifcipagador.clone(),
                nro_control: p.button.nro_control.clone(),
                documents: p
                    .docs
                    .iter()
                    .map(|d| ZoomPaidDocSnapshot {
                        tipo_doc: d.tipo_doc,
                        nro_doc: d.nro_doc.clone(),
                        monto: two_dp(d.monto),
                    })
                    .collect(),
            })
            .collect(),
        documents: st
            .documents
            .values()
            .map(|d| ZoomDocumentSnapshot {
                tipo_doc: d.tipo_doc,
                nro_doc: d.nro_doc.clone(),
                montodoc: two_dp(d.montodoc),
                totalpagado: two_dp(st.paid(d)),
                montopagar: two_dp(st.owed(d)),
                cancelled: d.cancelled,
                delivered: d.delivered,
            })
            .collect(),
        button: st
            .button
            .iter()
            .map(|t| ZoomButtonSnapshot {
                control: t.control.clone(),
                factura: t.factura.clone(),
                monto: two_dp(t.monto),
                state: t.state.name().to_owned(),
            })
            .collect(),
        clock: wall(now),
    }
}

/// The simulated Zoom's state as tests see it (`GET /_sim/state` → `zoom`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ZoomSnapshot {
    /// Requests that reached each service, faulted or not (every service listed, even at 0;
    /// `unknown_service` counts the rest).
    pub requests: BTreeMap<String, u64>,
    /// Tokens issued since start or reset (logins and `tokens` control calls).
    pub tokens_issued: u64,
    /// Every payment record, in creation order.
    pub payments: Vec<ZoomPaymentSnapshot>,
    /// Every document with its current balance.
    pub documents: Vec<ZoomDocumentSnapshot>,
    /// Pay-button transactions opened by getNroControlWS.
    pub button: Vec<ZoomButtonSnapshot>,
    /// The simulated clock, `yyyy-mm-dd hh:mm:ss` (the simulator's Ecuador time).
    pub clock: String,
}

/// One payment record. Amounts serialise as strings with two decimals.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ZoomPaymentSnapshot {
    pub idpago: i64,
    pub referencia: String,
    pub montototal: Decimal,
    /// `yyyy-mm-dd`.
    pub fechapago: String,
    pub idtipotransbanc: i64,
    pub idcuentabanco: i64,
    pub codusuario: i64,
    pub rifcipagador: String,
    pub nro_control: Option<String>,
    pub documents: Vec<ZoomPaidDocSnapshot>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ZoomPaidDocSnapshot {
    pub tipo_doc: i64,
    pub nro_doc: String,
    pub monto: Decimal,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ZoomDocumentSnapshot {
    pub tipo_doc: i64,
    pub nro_doc: String,
    pub montodoc: Decimal,
    pub totalpagado: Decimal,
    pub montopagar: Decimal,
    pub cancelled: bool,
    pub delivered: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ZoomButtonSnapshot {
    pub control: String,
    pub factura: String,
    pub monto: Decimal,
    /// `pending`, `approved` or `declined`.
    pub state: String,
}
