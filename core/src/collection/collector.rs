//! The unified steps of [`Collector`] (declared by the registry, see [`crate::registry`]): each
//! checks the biller's capabilities, then asks the biller's [`crate::biller::BillerClient`].

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::error::Error;
use crate::recovery::Attempt;
use crate::transport::Transport;

use super::capabilities::{Capabilities, Step};
pub use crate::Collector;

use super::types::{
    PaymentRef, PaymentRequest, PaymentResult, PaymentState, ReversalResult, Settlement, Statement,
};

/// A payment's state together with the biller's id for it, when the status call gives one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
#[non_exhaustive]
pub struct StatusReport {
    /// Where the payment stands.
    pub state: PaymentState,
    /// The biller's id for the payment, when the status call gives one.
    pub payment_id: Option<String>,
}

impl<T: Transport, C: Clock> Collector<T, C> {
    /// What this collector's biller offers.
    pub fn capabilities(&self) -> Capabilities {
        self.biller().capabilities()
    }

    /// The currency the biller's amounts are in.
    pub fn currency(&self) -> crate::money::Currency {
        self.biller().currency()
    }

    /// A step the biller's capabilities leave out is refused here, before the biller is asked.
    fn require(&self, step: Step) -> Result<(), Error> {
        if self.capabilities().supports(step) {
            Ok(())
        } else {
            Err(crate::biller::unsupported(self.biller(), step))
        }
    }

    /// What a customer owes.
    pub async fn lookup(&self, customer: &str) -> Result<Statement, Error> {
        self.require(Step::Lookup)?;
        self.dispatch_lookup(customer).await
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
        self.require(Step::Pay)?;
        self.dispatch_pay(request, attempt).await
    }

    /// A payment's state at the biller.
    pub async fn status(&self, reference: &PaymentRef) -> Result<StatusReport, Error> {
        self.require(Step::Status)?;
        self.dispatch_status(reference).await
    }

    /// Reverses a payment, inside the biller's window.
    pub async fn reverse(&self, reference: &PaymentRef) -> Result<ReversalResult, Error> {
        self.require(Step::Reverse)?;
        self.dispatch_reverse(reference).await
    }

    /// The payments the biller recorded for a date.
    pub async fn settlements(&self, date: NaiveDate) -> Result<Vec<Settlement>, Error> {
        self.require(Step::Settlements)?;
        self.dispatch_settlements(date).await
    }
}
