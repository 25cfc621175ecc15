//! recaudo for Kotlin, Swift and C: a thin layer over `recaudo-core`, with no business logic.
//!
//! - uniffi (Kotlin `suspend` / Swift `async`): [`Collector`] and [`CollectionService`] (a
//!   collector with the payment journal), each built by one `connect(options, …)` constructor
//!   that takes the biller as data (the core's `BillerOptions`), the core's records and
//!   enums as they are (derived in core under its `uniffi` feature), [`RecaudoError`] for every
//!   failure, and two foreign-implementable traits: [`HttpTransport`] (route calls through
//!   OkHttp, URLSession, a proxy, pinning) and [`JournalStorage`] (keep the journal in the app's
//!   own database), each with a Rust default (the native reqwest transport, [`file_journal`]).
//! - C ([`c_api`]): opaque handles, result codes, JSON in and out, blocking calls.
//!
//! Every call runs on one shared tokio runtime ([`runtime`]); see there how cancellation of a
//! Kotlin coroutine or a Swift task treats a payment already sent.

uniffi::setup_scaffolding!();

mod biller_services;
#[cfg(feature = "c-api")]
pub mod c_api;
mod collector;
mod error;
mod journal;
pub mod runtime;
mod service;
mod transport;

pub use collector::Collector;
pub use error::RecaudoError;
pub use journal::{JournalError, JournalStorage, file_journal, memory_journal};
pub use service::{CollectionService, ResumedPayment};
pub use transport::{
    HttpHeader, HttpTransport, HttpTransportError, TransportFailureKind, TransportRequest,
    TransportResponse,
};

// Remote types whose uniffi converters live in recaudo-core (see `recaudo_core::uniffi_types`).
use chrono::NaiveDate;
uniffi::use_remote_type!(recaudo_core::NaiveDate);

/// The library's version, to check that the bindings and the native library match.
#[uniffi::export]
pub fn recaudo_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
