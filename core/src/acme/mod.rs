//! Acme Servicios: a **made-up biller**, the test fixture that proves a biller is one folder.
//!
//! It is compiled only with the `acme` feature (never a default: it ships nowhere) and lives in
//! two folders, this one and the simulator's `sim/src/acme/`, plus one line in each registry
//! list. Everything else in recaudo (the unified collector, the journal, the CLI, the browser
//! bundle, the Kotlin/Swift and C bindings) reaches it through the registry.
//!
//! Its API, the smallest a collector can work with safely:
//!
//! - `GET debts?customer=ID` ([`debts`]): the customer and what they owe;
//! - `POST payments` ([`payments`]): pays a debt under the collector's receipt, which the
//!   biller keeps unique (a repeated receipt is refused with HTTP 409);
//! - `GET payments/RECEIPT` ([`payment`]): the payment made under a receipt, or HTTP 404.
//!
//! Every call carries the collector's key in `X-Api-Key`. Amounts are USD decimal strings.
//!
//! # Decisions
//! - A lost payment reply is resolved by `GET payments/RECEIPT`; since the receipt is unique at
//!   the biller, a payment proven absent twice may be sent again (`resend_when_absent`).
//! - A 409 on a payment is checked like a lost reply: it may be our own first send answering.


pub mod client;
pub mod collect;
pub mod config;
pub mod debts;
pub mod payment;
pub mod payments;
pub mod services;

pub use client::AcmeClient;
pub use collect::{Acme, AcmeOptions};
pub use services::{AcmePayment, AcmeService, AcmeServiceReply};
pub use config::{AcmeConfig, SETTLE_FLOOR};
