//! Unicomer's own services, beyond the unified flow (see [`crate::services`]):
//!
//! - `reconciliation`: `conciliacion` (CU-02), the payments Unicomer recorded for a day, with
//!   the document's state filter (all, synchronised, zombie, reversed). The unified
//!   `settlements` step is the same call reduced to the shared shape; this one keeps
//!   Unicomer's own fields (its transaction id, the invoice, the state's code and words).
//!
//! A read: it changes nothing at Unicomer.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error::Error;
use crate::money::{Currency, Money};
use crate::services::Payments;
use crate::transport::Transport;

use super::UnicomerClient;
use super::conciliacion::{EstadoFiltro, RegistroConciliacion};

crate::services::named_services! {
    /// A request to Unicomer's own services, tagged by `service`.
    pub enum UnicomerService {
        /// `conciliacion`: the payments Unicomer recorded for a day.
        "reconciliation" => Reconciliation {
            /// The day (Ecuador).
            #[cfg_attr(feature = "wasm", tsify(type = "string"))]
            #[serde(with = "crate::calendar::iso_date")]
            date: NaiveDate,
            /// Which payments; `None` is all of them.
            #[serde(default)]
            #[cfg_attr(feature = "uniffi", uniffi(default))]
            #[cfg_attr(feature = "wasm", tsify(optional, type = "ReconciliationFilter | null"))]
            filter: Option<ReconciliationFilter>,
        },
    }
}

/// Which payments `conciliacion` lists (its `estado` filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ReconciliationFilter {
    /// `0`: every payment of the day.
    All,
    /// `1`: synchronised payments only.
    Synchronised,
    /// `2`: "zombie" payments only (not registered; never to be sent again).
    Zombie,
    /// `4`: reversed payments only.
    Reversed,
}

impl ReconciliationFilter {
    fn estado(self) -> EstadoFiltro {
        match self {
            ReconciliationFilter::All => EstadoFiltro::All,
            ReconciliationFilter::Synchronised => EstadoFiltro::Synchronised,
            ReconciliationFilter::Zombie => EstadoFiltro::Zombie,
            ReconciliationFilter::Reversed => EstadoFiltro::Reversed,
        }
    }
}

/// A reply from Unicomer's own services, tagged as its request was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum UnicomerServiceReply {
    /// The day's records.
    Reconciliation {
        /// Each payment as Unicomer recorded it, in its order.
        records: Vec<UnicomerRecord>,
    },
}

/// One payment as `conciliacion` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct UnicomerRecord {
    /// Unicomer's id of the payment (`idtrx`).
    pub payment_id: String,
    /// The invoice it was registered against (`secuencial`).
    pub invoice: String,
    /// The collector's receipt number (`num_recibo`).
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub receipt: Option<String>,
    /// The amount paid, in USD.
    pub amount: Money,
    /// The `fch_proceso` the collector sent (Ecuador time).
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    #[serde(with = "crate::calendar::iso_datetime")]
    pub processed_at: NaiveDateTime,
    /// When Unicomer recorded it (Ecuador time), when it says.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    // No `default`: tsify would make the field optional (`?`); core always writes it (`null`).
    #[serde(with = "crate::calendar::iso_datetime_opt")]
    pub recorded_at: Option<NaiveDateTime>,
    /// The state's code (`0` registered, `1` synchronised, `2` zombie, `4` reversed, ...).
    pub state_code: i64,
    /// Unicomer's words for the state (`estado_desc`), else the document's.
    pub state: String,
}

impl UnicomerRecord {
    fn of(r: &RegistroConciliacion) -> Self {
        UnicomerRecord {
            payment_id: r.idtrx.to_string(),
            invoice: r.secuencial.to_string(),
            receipt: r.num_recibo.clone(),
            amount: Money::new(r.val_pagado, Currency::Usd),
            processed_at: r.fch_proceso,
            recorded_at: r.fch_registro,
            state_code: r.estado.code(),
            state: r
                .estado_desc
                .clone()
                .unwrap_or_else(|| r.estado.description().to_owned()),
        }
    }
}

impl<T: Transport, C: Clock> UnicomerClient<T, C> {
    /// Answers one of Unicomer's own services (see the module docs). None takes money, so
    /// `payments` is not used.
    pub(super) async fn serve_unicomer(
        &self,
        request: UnicomerService,
        _payments: &dyn Payments,
    ) -> Result<UnicomerServiceReply, Error> {
        match request {
            UnicomerService::Reconciliation { date, filter } => {
                let estado = filter.unwrap_or(ReconciliationFilter::All).estado();
                let records = self.reconciliation(date, estado).await?;
                Ok(UnicomerServiceReply::Reconciliation {
                    records: records.iter().map(UnicomerRecord::of).collect(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_reads_the_same_once_its_tag_is_known() {
        let samples: Vec<UnicomerService> = [
            r#"{"service":"reconciliation","date":"2026-12-01"}"#,
            r#"{"service":"reconciliation","date":"2026-12-01","filter":"zombie"}"#,
        ]
        .iter()
        .map(|text| serde_json::from_str(text).unwrap())
        .collect();
        crate::services::assert_named_reader(&samples);
    }
}
