//! One interface over every biller's client: an enum, so dispatch is static and the same type
//! works in the browser, on native and behind the bindings.

use chrono::{NaiveDate, NaiveDateTime};

use crate::clock::Clock;
use crate::error::Error;
use crate::recovery::Attempt;
use crate::transport::Transport;

use super::capabilities::{Capabilities, Step};
use super::types::{
    BillerId, PaymentRef, PaymentRequest, PaymentResult, PaymentState, ReversalResult, Settlement,
    Statement,
};

/// A biller's client behind the unified collection API. Each step a biller does not offer
/// answers [`Error::Unsupported`] (see [`Collector::capabilities`]).
pub enum Collector<T, C> {
    #[cfg(feature = "unicomer")]
    Unicomer(crate::unicomer::UnicomerClient<T, C>),
    #[cfg(feature = "cooplan")]
    Cooplan(crate::cooplan::CooplanClient<T, C>),
    #[cfg(feature = "unicobros")]
    Unicobros(crate::unicobros::UnicobrosClient<T, C>),
    #[cfg(feature = "zoom")]
    Zoom(crate::zoom::ZoomClient<T, C>),
}

/// A payment's state together with the biller's id for it, when the status call gives one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct StatusReport {
    pub state: PaymentState,
    pub payment_id: Option<String>,
}

impl<T: Transport, C: Clock> Collector<T, C> {
    pub fn biller(&self) -> BillerId {
        match self {
            #[cfg(feature = "unicomer")]
            Collector::Unicomer(_) => BillerId::Unicomer,
            #[cfg(feature = "cooplan")]
            Collector::Cooplan(_) => BillerId::Cooplan,
            #[cfg(feature = "unicobros")]
            Collector::Unicobros(_) => BillerId::Unicobros,
            #[cfg(feature = "zoom")]
            Collector::Zoom(_) => BillerId::Zoom,
        }
    }

    pub fn capabilities(&self) -> Capabilities {
        super::capabilities::capabilities_of(self.biller())
    }

    /// The currency the biller's amounts are in.
    pub fn currency(&self) -> crate::money::Currency {
        match self {
            #[cfg(feature = "unicomer")]
            Collector::Unicomer(_) => crate::money::Currency::Usd,
            #[cfg(feature = "cooplan")]
            Collector::Cooplan(_) => crate::money::Currency::Bob,
            #[cfg(feature = "unicobros")]
            Collector::Unicobros(_) => crate::money::Currency::Ars,
            #[cfg(feature = "zoom")]
            Collector::Zoom(_) => crate::money::Currency::Ves,
        }
    }

    /// Now, on the client's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        match self {
            #[cfg(feature = "unicomer")]
            Collector::Unicomer(c) => c.clock().now(),
            #[cfg(feature = "cooplan")]
            Collector::Cooplan(c) => c.clock().now(),
            #[cfg(feature = "unicobros")]
            Collector::Unicobros(c) => c.clock().now(),
            #[cfg(feature = "zoom")]
            Collector::Zoom(c) => c.clock().now(),
        }
    }

    /// Now in the biller's local time, to the second: the `paid_at` of a payment made now.
    pub fn now_local(&self) -> NaiveDateTime {
        match self {
            #[cfg(feature = "unicomer")]
            Collector::Unicomer(c) => c.now_local(),
            #[cfg(feature = "cooplan")]
            Collector::Cooplan(c) => c.now_local(),
            #[cfg(feature = "zoom")]
            Collector::Zoom(c) => c.now_local(),
            // The gateway works in UTC.
            #[cfg(feature = "unicobros")]
            Collector::Unicobros(c) => {
                let now = c.clock().now().naive_utc();
                chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now)
            }
        }
    }

    fn unsupported(&self, step: Step) -> Error {
        Error::Unsupported(format!(
            "{} does not offer `{}`",
            self.biller(),
            step.as_str()
        ))
    }

    fn require(&self, step: Step) -> Result<(), Error> {
        if self.capabilities().supports(step) {
            Ok(())
        } else {
            Err(self.unsupported(step))
        }
    }

    /// What a customer owes.
    pub async fn lookup(&self, customer: &str) -> Result<Statement, Error> {
        // Unused in a build with only billers that lack this step (a single-biller bundle).
        let _ = customer;
        self.require(Step::Lookup)?;
        match self {
            #[cfg(feature = "unicomer")]
            Collector::Unicomer(c) => super::unicomer::lookup(c, customer).await,
            #[cfg(feature = "unicobros")]
            Collector::Unicobros(_) => Err(self.unsupported(Step::Lookup)),
            #[cfg(feature = "cooplan")]
            Collector::Cooplan(c) => super::cooplan::lookup(c, customer).await,
            #[cfg(feature = "zoom")]
            Collector::Zoom(c) => super::zoom::lookup(c, customer).await,
        }
    }

    /// Pays a debt safely: never lost, never made twice (see [`crate::recovery`]). `Err` only
    /// for input refused before anything was sent.
    pub async fn pay(&self, request: &PaymentRequest) -> Result<PaymentResult, Error> {
        self.pay_with(request, Attempt::fresh()).await
    }

    /// [`Self::pay`] for a payment that may have been sent before (the journal's `attempt`):
    /// such a payment is checked with the biller first, by the same rules. `resume` and
    /// `review` go through here.
    pub async fn pay_with(
        &self,
        request: &PaymentRequest,
        attempt: Attempt<'_>,
    ) -> Result<PaymentResult, Error> {
        // Unused in a build with only billers that lack this step (a single-biller bundle).
        let _ = (request, &attempt);
        self.require(Step::Pay)?;
        match self {
            #[cfg(feature = "unicomer")]
            Collector::Unicomer(c) => super::unicomer::pay(c, request, attempt).await,
            #[cfg(feature = "unicobros")]
            Collector::Unicobros(_) => Err(self.unsupported(Step::Pay)),
            #[cfg(feature = "cooplan")]
            Collector::Cooplan(c) => super::cooplan::pay(c, request, attempt).await,
            #[cfg(feature = "zoom")]
            Collector::Zoom(c) => super::zoom::pay(c, request, attempt).await,
        }
    }

    /// A payment's state at the biller.
    pub async fn status(&self, reference: &PaymentRef) -> Result<StatusReport, Error> {
        self.require(Step::Status)?;
        match self {
            #[cfg(feature = "unicomer")]
            Collector::Unicomer(c) => super::unicomer::status(c, reference).await,
            #[cfg(feature = "cooplan")]
            Collector::Cooplan(c) => super::cooplan::status(c, reference).await,
            #[cfg(feature = "zoom")]
            Collector::Zoom(c) => super::zoom::status(c, reference).await,
            #[cfg(feature = "unicobros")]
            Collector::Unicobros(c) => super::unicobros::status(c, reference).await,
        }
    }

    /// Reverses a payment, inside the biller's window.
    pub async fn reverse(&self, reference: &PaymentRef) -> Result<ReversalResult, Error> {
        // Unused in a build with only billers that have no reversal (a single-biller bundle).
        let _ = reference;
        self.require(Step::Reverse)?;
        match self {
            #[cfg(feature = "unicomer")]
            Collector::Unicomer(c) => super::unicomer::reverse(c, reference).await,
            #[cfg(feature = "unicobros")]
            Collector::Unicobros(_) => Err(self.unsupported(Step::Reverse)),
            #[cfg(feature = "cooplan")]
            Collector::Cooplan(c) => super::cooplan::reverse(c, reference).await,
            #[cfg(feature = "zoom")]
            Collector::Zoom(_) => Err(self.unsupported(Step::Reverse)),
        }
    }

    /// The payments the biller recorded for a date.
    pub async fn settlements(&self, date: NaiveDate) -> Result<Vec<Settlement>, Error> {
        self.require(Step::Settlements)?;
        match self {
            #[cfg(feature = "unicomer")]
            Collector::Unicomer(c) => super::unicomer::settlements(c, date).await,
            #[cfg(feature = "cooplan")]
            Collector::Cooplan(c) => super::cooplan::settlements(c, date).await,
            #[cfg(feature = "zoom")]
            Collector::Zoom(c) => super::zoom::settlements(c, date).await,
            #[cfg(feature = "unicobros")]
            Collector::Unicobros(c) => super::unicobros::settlements(c, date).await,
        }
    }
}
