//! How a payment or reversal ended, for every biller.
//!
//! A collector must always be able to tell the customer something definite: the biller has the
//! payment ([`Outcome::Confirmed`]), the biller does not and will not ([`Outcome::Rejected`],
//! with its reason), or nobody can tell without a person ([`Outcome::NeedsReview`], with the
//! evidence gathered). There is no fourth, silent state.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How a payment (or reversal) ended: the one answer a collector acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Outcome {
    /// The biller has the payment: hand over the receipt.
    Confirmed,
    /// The biller refused it and will not take it: nothing was collected (see the rejection).
    Rejected,
    /// Nobody can tell without a person: keep the money aside and have the evidence reviewed.
    NeedsReview,
}

impl Outcome {
    /// The outcome's name in JSON, the CLI and the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Confirmed => "confirmed",
            Outcome::Rejected => "rejected",
            Outcome::NeedsReview => "needs_review",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a payment was not made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Rejection {
    /// The biller's own code (`"451"`) when the biller refused; otherwise recaudo's error code
    /// (`"connect"`, `"auth"`, ...).
    pub code: String,
    /// The biller's message verbatim, or recaudo's description.
    pub message: String,
    /// True when the biller itself said no; false when the request provably never reached it.
    pub by_biller: bool,
}

/// One step taken while resolving a payment, in order, for the collector's records and for
/// whoever reviews a payment that could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Evidence {
    /// The endpoint or step (`"registrarpago"`, `"consultarpago"`).
    pub step: String,
    /// What was sent or seen at that step, without secrets.
    pub detail: String,
}

impl Evidence {
    /// A step and what was seen at it.
    pub fn new(step: impl Into<String>, detail: impl Into<String>) -> Self {
        Evidence {
            step: step.into(),
            detail: detail.into(),
        }
    }
}
