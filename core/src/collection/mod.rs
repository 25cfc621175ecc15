//! One collection flow across every biller.
//!
//! Every collection is the same five steps: look up what a customer owes, pay, check a
//! payment's state, reverse it, reconcile the day. [`Collector`] offers them for any biller in
//! one set of types ([`types`]); [`Capabilities`] says which steps a biller offers and what its
//! recovery can prove, and a step it does not offer answers [`crate::Error::Unsupported`].
//! [`CollectionService`] adds the payment journal ([`journal`]): every intent is written before
//! it is sent, and [`CollectionService::resume`] resolves whatever a crash left in flight.
//! [`reconcile`] compares the collector's records with the biller's.
//!
//! The per-biller clients stay available underneath for everything the unified types leave out.

pub mod capabilities;
pub mod collector;
pub mod connect;
pub mod journal;
pub mod reconcile;
pub mod service;
pub mod types;

pub use crate::BillerOptions;
pub use capabilities::{Capabilities, RecoveryProof, Step, capabilities_of};
pub use collector::{Collector, StatusReport};
pub use connect::Connection;
pub use journal::{AsyncJournal, Claim, EntryStatus, JournalEntry, JournalStore, MemoryJournal};
pub use reconcile::{Finding, LocalRecord, LocalState, Reconciliation, reconcile};
pub use service::{CollectionService, Resumed};
pub use types::{
    BillerId, Customer, Debt, Payer, PaymentRef, PaymentRequest, PaymentResult, PaymentState,
    ReversalResult, Settlement, StateKind, Statement,
};
