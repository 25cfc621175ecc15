//! [`Collector`]: one biller's unified collection API for Kotlin and Swift, built by the core's
//! `Collector::connect` from the biller's options: the biller is data (`BillerOptions`, one
//! variant per biller in core's list), so a biller added to core reaches the bindings with no
//! edit here.

use std::sync::Arc;

use chrono::NaiveDate;
use recaudo_core::Currency;
use recaudo_core::collection::{
    BillerId, BillerOptions, Capabilities, PaymentRef, PaymentRequest, PaymentResult,
    ReversalResult, Settlement, Statement, StatusReport,
};
use recaudo_core::native::SystemClock;

use crate::error::RecaudoError;
use crate::runtime::{self, Mode};
use crate::transport::{FfiTransport, HttpTransport};

/// The core collector with the bindings' transport and the system clock.
/// (Renamed on import: cbindgen resolves names by their last segment and would take the core's
/// `Collector` for the exported object of the same name.)
pub(crate) type CoreCollector = CoreCollectorOf<FfiTransport, SystemClock>;

use recaudo_core::collection::Collector as CoreCollectorOf;

/// Builds a core collector from options and an optional app transport (`None`: native).
pub(crate) fn connect(
    options: BillerOptions,
    transport: Option<Arc<dyn HttpTransport>>,
) -> Result<CoreCollector, recaudo_core::Error> {
    CoreCollector::connect(options, FfiTransport::new(transport)?, SystemClock)
}

/// One biller's collection steps. A step the biller does not offer throws
/// `RecaudoError.Unsupported` (ask [`Collector::capabilities`] first).
#[derive(uniffi::Object)]
pub struct Collector {
    inner: Arc<CoreCollector>,
}

#[uniffi::export]
impl Collector {
    /// The collector for the biller `options` names (`BillerOptions.Zoom(ZoomOptions(...))` in
    /// Kotlin, `.zoom(ZoomOptions(...))` in Swift). `transport`: the app's HTTP client, or
    /// `null` for the built-in one. Throws when the options do not hold (`Config`,
    /// `InsecureUrl`, ...).
    #[uniffi::constructor]
    pub fn connect(
        options: BillerOptions,
        transport: Option<Arc<dyn HttpTransport>>,
    ) -> Result<Arc<Self>, RecaudoError> {
        Ok(Arc::new(Collector {
            inner: Arc::new(connect(options, transport)?),
        }))
    }

    pub fn biller(&self) -> BillerId {
        self.inner.biller()
    }
}

impl Collector {
    /// The core collector, shared with the biller's services object (`crate::biller_services`).
    pub(crate) fn core(&self) -> Arc<CoreCollector> {
        self.inner.clone()
    }
}

#[uniffi::export]
impl Collector {
    /// The currency of the biller's amounts.
    pub fn currency(&self) -> Currency {
        self.inner.currency()
    }

    pub fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }

    /// What a customer owes. Cancelling the call aborts it.
    pub async fn lookup(&self, customer: String) -> Result<Statement, RecaudoError> {
        let inner = self.inner.clone();
        Ok(runtime::call(Mode::Abortable, move || async move {
            inner.lookup(&customer).await
        })
        .await?)
    }

    /// Pays a debt safely (never lost, never made twice), without a journal: prefer
    /// `CollectionService.pay`. Cancelling the call stops the wait, not the payment.
    pub async fn pay(&self, request: PaymentRequest) -> Result<PaymentResult, RecaudoError> {
        let inner = self.inner.clone();
        Ok(runtime::call(
            Mode::Detached,
            move || async move { inner.pay(&request).await },
        )
        .await?)
    }

    /// A payment's state at the biller.
    pub async fn status(&self, reference: PaymentRef) -> Result<StatusReport, RecaudoError> {
        let inner = self.inner.clone();
        Ok(runtime::call(Mode::Abortable, move || async move {
            inner.status(&reference).await
        })
        .await?)
    }

    /// Reverses a payment inside the biller's window. Cancelling stops the wait only.
    pub async fn reverse(&self, reference: PaymentRef) -> Result<ReversalResult, RecaudoError> {
        let inner = self.inner.clone();
        Ok(runtime::call(Mode::Detached, move || async move {
            inner.reverse(&reference).await
        })
        .await?)
    }

    /// The payments the biller recorded for a date (`yyyy-mm-dd`).
    pub async fn settlements(&self, date: NaiveDate) -> Result<Vec<Settlement>, RecaudoError> {
        let inner = self.inner.clone();
        Ok(runtime::call(Mode::Abortable, move || async move {
            inner.settlements(date).await
        })
        .await?)
    }
}
