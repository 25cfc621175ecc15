//! Unicomer's state as tests read it (`GET /_sim/state` → `unicomer`,
//! [`crate::Simulator::unicomer_state`]).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Unicomer;
use super::state::estado_desc;
use crate::biller::Mounted;
use crate::clock::wall;
use crate::money::two_dp;

pub(super) fn snapshot(u: &Mounted<Unicomer>, now: NaiveDateTime) -> UnicomerSnapshot {
    let st = u.lock();
    let window = u.config().sync_window_secs;
    UnicomerSnapshot {
        requests: u.requests(),
        tokens_issued: st.tokens.issued(),
        payments: st
            .payments
            .iter()
            .map(|p| {
                let estado = p.estado(now, window);
                PaymentSnapshot {
                    idtrx: p.idtrx,
                    secuencial: p.secuencial,
                    idcommerce: p.idcommerce.clone(),
                    num_recibo: p.num_recibo.clone(),
                    val_pagado: two_dp(p.val_pagado),
                    fch_proceso: wall(p.fch_proceso),
                    fch_registro: wall(p.registered_at),
                    estado,
                    estado_desc: estado_desc(estado).to_owned(),
                    localidad_recauda: p.localidad_recauda.clone(),
                    nombre_cajero: p.nombre_cajero.clone(),
                }
            })
            .collect(),
        customers: st
            .customers
            .iter()
            .map(|(cliente, c)| CustomerSnapshot {
                cliente: cliente.clone(),
                nombre: format!("{} {}", c.datos.cl_nombres, c.datos.cl_apellidos),
                invoices: c
                    .invoices
                    .iter()
                    .map(|i| {
                        let b = st.balances(i, now, window);
                        InvoiceSnapshot {
                            id: i.id,
                            factura_full: i.factura_full.clone(),
                            balance: two_dp(b.deuda_tot_conpro),
                            valor_pagar: two_dp(b.valor_pagar),
                        }
                    })
                    .collect(),
            })
            .collect(),
        clock: wall(now),
    }
}
/// Unicomer's state as tests see it (`GET /_sim/state` → `unicomer`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct UnicomerSnapshot {
    /// Requests that reached each endpoint, faulted or not (every endpoint listed, even at 0).
    pub requests: BTreeMap<String, u64>,
    /// Tokens issued since start or reset.
    pub tokens_issued: u64,
    /// Every payment ever registered, in registration order.
    pub payments: Vec<PaymentSnapshot>,
    /// Customers with their current balances.
    pub customers: Vec<CustomerSnapshot>,
    /// The simulated clock, `yyyy-mm-dd hh:mm:ss` (Ecuador time).
    pub clock: String,
}

/// One registered payment.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PaymentSnapshot {
    pub idtrx: i64,
    /// The invoice id it was registered against.
    pub secuencial: i64,
    pub idcommerce: String,
    pub num_recibo: String,
    /// Serialised as a string with two decimals (`"12.30"`).
    pub val_pagado: Decimal,
    /// `yyyy-mm-dd hh:mm:ss`.
    pub fch_proceso: String,
    /// Simulated time of registration, `yyyy-mm-dd hh:mm:ss`.
    pub fch_registro: String,
    /// 0 registered, 1 synchronised, 2 zombie, 4 reversed, 99 sync problems.
    pub estado: i32,
    pub estado_desc: String,
    pub localidad_recauda: String,
    pub nombre_cajero: String,
}

/// One customer and its invoices' current balances.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CustomerSnapshot {
    pub cliente: String,
    pub nombre: String,
    pub invoices: Vec<InvoiceSnapshot>,
}

/// One invoice's current balances (strings with two decimals in JSON).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct InvoiceSnapshot {
    /// The `secuencial` to pay it with.
    pub id: i64,
    pub factura_full: String,
    /// Current `deuda_tot_conpro`: the most a payment may be.
    pub balance: Decimal,
    /// Current `valor_pagar`: what is due now.
    pub valor_pagar: Decimal,
}
