//! Zoom's own services, beyond the unified flow (see [`crate::services`]): its payment records
//! (`getInfoPagoWs`), and the pay button (Megasoft), by which a customer pays by card on a web
//! checkout page:
//!
//! 1. [`ZoomService::ButtonStart`]: `getNroControlWS` mints a control number for the amount;
//!    the payment is journaled (in flight, never sent) before the customer is sent to the
//!    bank's page ([`ButtonCheckout::page_url`]);
//! 2. the customer pays (or is declined, or leaves) at the bank's page, which sends them back
//!    to the page's `return_url`;
//! 3. [`ZoomService::ButtonComplete`]: `getXmlWS` reads the bank's result; an approved one is
//!    registered at Zoom (`createPagoWs` of kind 25, with the button's fields) by the safe
//!    payment; a declined one is closed as rejected; a pending one stays in flight (a reload,
//!    or `resume`, asks again);
//! 4. [`ZoomService::ButtonAbandon`]: the customer gave up; closed unless the bank approved
//!    meanwhile, in which case it is registered as in 3 (money taken is never dropped).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::collection::{PaymentRequest, PaymentResult};
use crate::error::Error;
use crate::money::Money;
use crate::services::Payments;
use crate::transport::Transport;

use super::ZoomClient;

/// A request to Zoom's own services, tagged by `service`.
// A request is built once and sent: boxing its largest variant would only cost the bindings.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum ZoomService {
    /// `getInfoPagoWs`: the payment records matching a filter.
    PaymentRecords {
        /// The filter; at least one field.
        query: ZoomRecordsQuery,
    },
    /// Opens a pay-button payment: a control number, the journal entry, the bank's page.
    ButtonStart {
        /// The payment, as for the unified pay (`extra["bank_account"]`, the payer...).
        payment: PaymentRequest,
        /// Where the bank's page sends the customer back.
        return_url: String,
    },
    /// Reads the bank's result for a pay-button payment and registers an approved one.
    ButtonComplete {
        /// The payment's receipt, as given to `button_start`.
        receipt: String,
    },
    /// The customer left the bank's page: closes the payment unless the bank approved it.
    ButtonAbandon {
        /// The payment's receipt, as given to `button_start`.
        receipt: String,
    },
}

/// Which payment records to list (`getInfoPagoWs`'s filters); every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct ZoomRecordsQuery {
    /// Records with this `referencia` (the collector's receipt).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    pub reference: Option<String>,
    /// Paid on or after this day (`fechapago_desde`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    pub paid_from: Option<NaiveDate>,
    /// Paid on or before this day (`fechapago_hasta`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    pub paid_to: Option<NaiveDate>,
}

/// A reply from Zoom's own services, tagged as its request was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum ZoomServiceReply {
    /// The records found (none is an empty list).
    PaymentRecords {
        /// Each record, as Zoom holds it.
        records: Vec<ZoomPaymentRecord>,
    },
    /// The pay-button payment is open: send the customer to `checkout.page_url`.
    ButtonStart {
        /// The control number and the bank's page.
        checkout: ButtonCheckout,
    },
    /// Where the pay-button payment stands after reading the bank's result.
    ButtonComplete {
        /// Paid, declined, pending or abandoned, with the payment's outcome once settled.
        outcome: ButtonOutcome,
    },
    /// Where the pay-button payment stands after the customer left.
    ButtonAbandon {
        /// Abandoned, or paid when the bank approved it meanwhile.
        outcome: ButtonOutcome,
    },
}

/// One payment record at Zoom (`getInfoPagoWs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct ZoomPaymentRecord {
    /// Zoom's payment id (`idpago`).
    pub payment_id: String,
    /// The `referencia` it was registered with.
    pub reference: String,
    /// The total paid (`montototal`), in VES.
    pub amount: Money,
    /// The payment date (`fechapago`), when given.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub paid_on: Option<NaiveDate>,
    /// Transfer (24) or pay button (25), as Zoom's code.
    pub kind: String,
    /// The status code (`idestatuspago`) and its name when known.
    pub status: String,
    /// The documents (guides, invoices) it paid, as `guide:N` and the like.
    pub documents: Vec<String>,
}

/// An open pay-button payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct ButtonCheckout {
    /// The payment's receipt: its identity in the journal.
    pub receipt: String,
    /// Megasoft's control number (`control`).
    pub control: String,
    /// Megasoft's invoice number (`factura`), when given.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub invoice: Option<String>,
    /// The amount the customer pays at the bank's page.
    pub amount: Money,
    /// The bank's page to send the customer to.
    pub page_url: String,
}

/// Where a pay-button payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum ButtonState {
    /// The bank approved and Zoom's record stands (see the result's outcome).
    Paid,
    /// The bank declined: nothing was taken, nothing registered.
    Declined,
    /// The customer has not finished at the bank's page: ask again later.
    Pending,
    /// The customer left; nothing was taken.
    Abandoned,
}

/// A pay-button payment's state, with its result once settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct ButtonOutcome {
    /// The payment's receipt.
    pub receipt: String,
    /// Where it stands.
    pub state: ButtonState,
    /// The payment's result once settled (paid, declined, abandoned); `None` while pending.
    #[cfg_attr(feature = "wasm", tsify(type = "PaymentResult | null"))]
    pub result: Option<PaymentResult>,
    /// What the bank said (`descripcion`), for the customer.
    pub detail: String,
}

impl<T: Transport, C: Clock> ZoomClient<T, C> {
    /// Answers one of Zoom's own services (see the module docs).
    pub(super) async fn serve_zoom(
        &self,
        request: ZoomService,
        payments: &dyn Payments,
    ) -> Result<ZoomServiceReply, Error> {
        let _ = payments;
        Err(Error::Unsupported(format!(
            "Zoom's {request:?} is not available yet"
        )))
    }
}
