//! What a biller implements, once, in its own folder, to take part in the unified collection
//! flow: [`Biller`] says who it is (id, currency, options, capabilities) and [`BillerClient`]
//! does the five steps with its own endpoints. The one list in `lib.rs` ([`crate::for_each_biller!`])
//! turns every listed biller into a [`crate::BillerId`], a [`crate::BillerOptions`] variant and
//! a [`crate::Collector`] variant, so nothing else in the workspace names billers one by one:
//! the bindings, the CLI and the tests reach a new biller through those three.
//!
//! Steps a biller does not offer keep the trait's default, [`Error::Unsupported`]; its
//! [`Capabilities`] row must say the same (the collector refuses a step the row leaves out
//! before calling the biller).

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::clock::Clock;
use crate::collection::{
    BillerId, Capabilities, PaymentRef, PaymentRequest, PaymentResult, ReversalResult, Settlement,
    Statement, StatusReport, Step,
};
use crate::discover::{Discovery, ProbeInput};
use crate::error::Error;
use crate::money::Currency;
use crate::recovery::Attempt;
use crate::services::{NamedService, Payments};
use crate::transport::Transport;

/// Who a biller is, apart from any transport: implemented by a unit type in the biller's
/// folder (`crate::zoom::Zoom`).
pub trait Biller {
    /// Its entry in the registry.
    const ID: BillerId;
    /// The currency its amounts are in.
    const CURRENCY: Currency;
    /// Its connection settings, from JSON or any serde source: a struct with a `connection`
    /// field (a [`crate::collection::Connection`]; the registry reads it by that name) and its credentials, every
    /// secret a [`crate::Secret`].
    type Options: DeserializeOwned + Clone + std::fmt::Debug + PartialEq;
    /// Whether a payment is found again by its day alone (Zoom's `getInfoPagoWs`), so a
    /// reference's `paid_at` may be given as a date.
    const PAID_AT_IS_A_DAY: bool = false;
    /// What its probe's subject is (a customer, a contract, a document...), named as the CLI's
    /// `recaudo probe` flag: `None` for a biller without a probe or one that needs none.
    const PROBE_SUBJECT: Option<&'static str> = None;
    /// Its own services' requests (see [`crate::services`]): an enum tagged by `service`.
    type Service: DeserializeOwned + Serialize + Clone + std::fmt::Debug + NamedService;
    /// Their replies, one variant per service, tagged by `service` as the requests are.
    type ServiceReply: DeserializeOwned + Serialize + Clone + std::fmt::Debug;
    /// What it offers through the unified API.
    fn capabilities() -> Capabilities;
    /// Whether a payment refused before it was sent must stay in flight rather than become
    /// "not sent": the customer's money may already be taken elsewhere (Zoom's pay button, at
    /// the bank's page), so only the biller's own flow may close it (see
    /// [`crate::services::Payments::close`]) and `resume` keeps asking until it does.
    fn settles_later(request: &PaymentRequest) -> bool {
        let _ = request;
        false
    }
    /// Who the collector is at the biller (its commerce, login...), never a secret: it names a
    /// default journal, so two accounts never share one.
    fn account(options: &Self::Options) -> String;
    /// What an operator should ask the biller, in its own terms, about a payment recovery
    /// could not settle (`review` prints it). `amount` is formatted with its currency.
    fn advice(request: &PaymentRequest, amount: &str) -> String {
        let _ = amount;
        format!(
            "whether the biller recorded the payment with receipt {} for debt {}",
            request.receipt, request.debt_id
        )
    }
}

/// A biller's client in the unified terms. `async fn` without `Send` bounds on purpose: the
/// collector dispatches statically (an enum), and the browser's futures are never `Send`.
#[allow(async_fn_in_trait)]
pub trait BillerClient<T: Transport, C: Clock>: Sized {
    /// The biller this client speaks to.
    type Biller: Biller;

    /// The client for `options` over `transport` and `clock`, checked before any request.
    fn connect(
        options: <Self::Biller as Biller>::Options,
        transport: T,
        clock: C,
    ) -> Result<Self, Error>;

    /// The client's clock.
    fn clock(&self) -> &C;

    /// Now in the biller's local time, to the second: the `paid_at` of a payment made now.
    fn now_local(&self) -> NaiveDateTime;

    /// Which reading of its document the biller follows, learned with read-only calls (see
    /// [`crate::discover`]).
    async fn probe(&self, input: &ProbeInput) -> Result<Discovery, Error> {
        let _ = input;
        Err(Error::Unsupported(format!(
            "{} has no probe",
            <Self::Biller as Biller>::ID
        )))
    }

    /// What a customer owes.
    async fn lookup(&self, customer: &str) -> Result<Statement, Error> {
        let _ = customer;
        Err(unsupported(<Self::Biller as Biller>::ID, Step::Lookup))
    }

    /// Pays safely: never lost, never made twice (see [`crate::recovery`]); a payment that
    /// may have been sent before (`attempt`) is checked with the biller first.
    async fn pay(
        &self,
        request: &PaymentRequest,
        attempt: Attempt<'_>,
    ) -> Result<PaymentResult, Error> {
        let _ = (request, attempt);
        Err(unsupported(<Self::Biller as Biller>::ID, Step::Pay))
    }

    /// A payment's state at the biller.
    async fn status(&self, reference: &PaymentRef) -> Result<StatusReport, Error> {
        let _ = reference;
        Err(unsupported(<Self::Biller as Biller>::ID, Step::Status))
    }

    /// Reverses a payment, inside the biller's window.
    async fn reverse(&self, reference: &PaymentRef) -> Result<ReversalResult, Error> {
        let _ = reference;
        Err(unsupported(<Self::Biller as Biller>::ID, Step::Reverse))
    }

    /// The payments the biller recorded for a date.
    async fn settlements(&self, date: NaiveDate) -> Result<Vec<Settlement>, Error> {
        let _ = date;
        Err(unsupported(<Self::Biller as Biller>::ID, Step::Settlements))
    }

    /// Answers one of the biller's own services (see [`crate::services`]); one that takes
    /// money pays through `payments`, journaled.
    async fn serve(
        &self,
        request: <Self::Biller as Biller>::Service,
        payments: &dyn Payments,
    ) -> Result<<Self::Biller as Biller>::ServiceReply, Error>;
}

/// The error for a step `biller` does not offer.
pub fn unsupported(biller: BillerId, step: Step) -> Error {
    Error::Unsupported(format!("{} does not offer `{}`", biller, step.as_str()))
}
