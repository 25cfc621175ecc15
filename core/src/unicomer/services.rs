//! Unicomer's own services, beyond the unified flow (see [`crate::services`]).

use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error::Error;
use crate::services::Payments;
use crate::transport::Transport;

use super::UnicomerClient;
use chrono::NaiveDate;

/// A request to Unicomer's own services, tagged by `service`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum UnicomerService {
    /// `conciliacion`: the payments Unicomer recorded for a day.
    Reconciliation {
        /// The day (Ecuador).
        date: NaiveDate,
    },
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
        /// How many records (placeholder).
        count: u32,
    },
}

impl<T: Transport, C: Clock> UnicomerClient<T, C> {
    /// Answers one of Unicomer's own services.
    pub(super) async fn serve_unicomer(
        &self,
        request: UnicomerService,
        payments: &dyn Payments,
    ) -> Result<UnicomerServiceReply, Error> {
        let _ = payments;
        Err(Error::Unsupported(format!("Unicomer's {request:?} is not available yet")))
    }
}
