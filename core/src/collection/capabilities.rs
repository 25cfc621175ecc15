//! What each biller can do, so callers can ask before trying (and get [`Error::Unsupported`]
//! rather than a silent no-op when they try anyway).
//!
//! [`Error::Unsupported`]: crate::Error::Unsupported

use std::time::Duration;

use serde::Serialize;

/// The five steps of a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum Step {
    /// Find a customer's debts.
    Lookup,
    /// Pay a debt, safely (a lost reply is resolved, never paid twice).
    Pay,
    /// Ask where a payment stands.
    Status,
    /// Undo a payment.
    Reverse,
    /// List a day's payments, for reconciliation.
    Settlements,
}

impl Step {
    /// Every step, in the order of a collection.
    pub const ALL: [Step; 5] = [
        Step::Lookup,
        Step::Pay,
        Step::Status,
        Step::Reverse,
        Step::Settlements,
    ];

    /// The step's name in JSON, the CLI and the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Lookup => "lookup",
            Step::Pay => "pay",
            Step::Status => "status",
            Step::Reverse => "reverse",
            Step::Settlements => "settlements",
        }
    }
}

/// What a lost payment reply can be resolved with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum RecoveryProof {
    /// A status call keyed by the payment's own values proves presence and absence.
    ExactKey,
    /// A query by the payment's unique reference proves presence and absence.
    Reference,
    /// Only indirect evidence (the debt no longer pending, a day report): presence can be shown,
    /// absence only with care.
    Indirect,
    /// Nothing: the biller offers no way to ask.
    None,
}

/// What a biller offers through the unified API, so that an app can hide what it cannot do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct Capabilities {
    /// The steps it supports.
    pub steps: Vec<Step>,
    /// How a payment whose reply was lost is resolved.
    pub recovery: RecoveryProof,
    /// How long after payment a reversal is accepted, when the biller limits it.
    #[serde(serialize_with = "secs_opt")]
    #[cfg_attr(feature = "wasm", tsify(type = "number | null"))]
    pub reversal_window: Option<Duration>,
    /// What the matrix does not say. Owned (not `&'static str`) so that every binding can carry
    /// it as a plain string.
    pub notes: String,
}

impl Capabilities {
    /// Whether the biller supports `step`.
    pub fn supports(&self, step: Step) -> bool {
        self.steps.contains(&step)
    }
}

fn secs_opt<S: serde::Serializer>(v: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(d) => s.serialize_u64(d.as_secs()),
        None => s.serialize_none(),
    }
}

/// The capability matrix: what each biller offers through the unified API (each biller's row
/// is in its own folder, see [`crate::biller::Biller::capabilities`]).
pub fn capabilities_of(biller: super::types::BillerId) -> Capabilities {
    biller.capabilities()
}
