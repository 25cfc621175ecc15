//! Acme's own services, beyond the unified flow (see [`crate::services`]).

use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error::Error;
use crate::services::Payments;
use crate::transport::Transport;

use super::AcmeClient;

/// A request to Acme's own services, tagged by `service`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum AcmeService {
    /// A payment's record by receipt.
    Payment {
        /// The receipt.
        receipt: String,
    },
}

/// A reply from Acme's own services, tagged as its request was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum AcmeServiceReply {
    /// The record, when Acme holds one.
    Payment {
        /// Placeholder.
        found: bool,
    },
}

impl<T: Transport, C: Clock> AcmeClient<T, C> {
    /// Answers one of Acme's own services.
    pub(super) async fn serve_acme(
        &self,
        request: AcmeService,
        payments: &dyn Payments,
    ) -> Result<AcmeServiceReply, Error> {
        let _ = payments;
        Err(Error::Unsupported(format!("Acme's {request:?} is not available yet")))
    }
}
