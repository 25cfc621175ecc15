//! Unicobros's own services, beyond the unified flow (see [`crate::services`]).

use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error::Error;
use crate::services::Payments;
use crate::transport::Transport;

use super::UnicobrosClient;

/// A request to Unicobros's own services, tagged by `service`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum UnicobrosService {
    /// `p/operations`: one page of the operations listing.
    Operations {
        /// The page, from 1.
        page: u32,
    },
    /// Coupons under a reference, resolved to paid or not.
    ResolveReference {
        /// The merchant reference.
        reference: String,
    },
}

/// A reply from Unicobros's own services, tagged as its request was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum UnicobrosServiceReply {
    /// One page of operations.
    Operations {
        /// How many (placeholder).
        count: u32,
    },
    /// The reference's resolution.
    ResolveReference {
        /// Placeholder.
        paid: bool,
    },
}

impl<T: Transport, C: Clock> UnicobrosClient<T, C> {
    /// Answers one of Unicobros's own services.
    pub(super) async fn serve_unicobros(
        &self,
        request: UnicobrosService,
        payments: &dyn Payments,
    ) -> Result<UnicobrosServiceReply, Error> {
        let _ = payments;
        Err(Error::Unsupported(format!("Unicobros's {request:?} is not available yet")))
    }
}
