//! Cooplan's own services, beyond the unified flow (see [`crate::services`]).

use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error::Error;
use crate::services::Payments;
use crate::transport::Transport;

use super::CooplanClient;
use chrono::NaiveDate;

/// A request to Cooplan's own services, tagged by `service`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum CooplanService {
    /// `imprimirfactura`: a paid invoice, for a reprint.
    PrintInvoice {
        /// `id_factura`.
        invoice_id: i64,
        /// `id_cobranza`, from the payment.
        collection_id: String,
    },
    /// `reportecobranzas`: the day's collections.
    CollectionsReport {
        /// The day (Bolivia).
        date: NaiveDate,
    },
}

/// A reply from Cooplan's own services, tagged as its request was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum CooplanServiceReply {
    /// The invoice.
    PrintInvoice {
        /// Placeholder.
        text: String,
    },
    /// The report.
    CollectionsReport {
        /// Placeholder.
        count: u32,
    },
}

impl<T: Transport, C: Clock> CooplanClient<T, C> {
    /// Answers one of Cooplan's own services.
    pub(super) async fn serve_cooplan(
        &self,
        request: CooplanService,
        payments: &dyn Payments,
    ) -> Result<CooplanServiceReply, Error> {
        let _ = payments;
        Err(Error::Unsupported(format!("Cooplan's {request:?} is not available yet")))
    }
}
