//! The unified collection types: one shape for every biller, with the biller's own details
//! kept beside it.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::money::{Currency, Money};
use crate::outcome::{Evidence, Outcome, Rejection};

pub use crate::BillerId;

impl fmt::Display for BillerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BillerId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        BillerId::ALL
            .iter()
            .copied()
            .find(|b| b.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let known: Vec<&str> = BillerId::ALL.iter().map(|b| b.as_str()).collect();
                Error::invalid(
                    "biller",
                    format!("unknown biller `{s}`; known: {}", known.join(", ")),
                )
            })
    }
}

/// Who owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct Customer {
    /// The identifier the lookup was made with (cédula, contract, document number, ...).
    pub id: String,
    pub name: String,
    /// The biller's own fields, as text.
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, string>"))]
    pub details: BTreeMap<String, String>,
}

/// One thing a customer can pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct Debt {
    /// Whatever the biller's payment needs to name this debt, as one opaque string.
    pub debt_id: String,
    pub description: String,
    /// What is due now.
    pub amount_due: Money,
    /// The whole outstanding amount; no payment may exceed it.
    pub balance: Money,
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub due_date: Option<NaiveDate>,
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, string>"))]
    pub details: BTreeMap<String, String>,
}

/// What a lookup found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct Statement {
    pub customer: Customer,
    pub debts: Vec<Debt>,
}

/// The payer, for billers that record who paid (Zoom).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct Payer {
    /// RIF/CI or other identification.
    pub id: String,
    pub name: String,
    pub email: String,
}

/// A payment to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct PaymentRequest {
    pub debt_id: String,
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub amount: Decimal,
    /// The collector's unique receipt number: the payment's identity in the journal.
    pub receipt: String,
    /// When the money was taken, in the biller's local time; `None`: now.
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub paid_at: Option<NaiveDateTime>,
    pub cashier: String,
    pub location: String,
    #[cfg_attr(feature = "wasm", tsify(optional, type = "Payer | null"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub payer: Option<Payer>,
    /// The debt's balance when the caller looked it up, to refuse paying more.
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub balance: Option<Decimal>,
    /// What a biller needs beyond the shared fields (Zoom: `bank_account`, `origin_bank`),
    /// documented on each biller's adapter.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "Record<string, string>"))]
    pub extra: BTreeMap<String, String>,
}

/// Everything needed to find a payment again at its biller (status, reversal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
#[non_exhaustive]
pub struct PaymentRef {
    pub debt_id: String,
    /// The biller's id for the payment, once known.
    pub payment_id: Option<String>,
    pub receipt: String,
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub amount: Decimal,
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub paid_at: NaiveDateTime,
}

/// Where a payment stands at its biller, in recaudo's terms, with the biller's raw code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum StateKind {
    /// The biller has no such payment.
    Absent,
    /// Registered and still reversible.
    Registered,
    /// Settled: final, no longer reversible.
    Settled,
    Reversed,
    /// The biller holds it as failed (not made).
    Failed,
    /// The biller's state does not say; a person must look.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct PaymentState {
    pub kind: StateKind,
    /// The biller's own code, verbatim.
    pub code: String,
    pub description: String,
}

/// How a payment ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
#[non_exhaustive]
pub struct PaymentResult {
    pub outcome: Outcome,
    pub reference: PaymentRef,
    pub currency: Currency,
    /// The reply was lost and the outcome was established by asking the biller.
    pub recovered: bool,
    /// How many times the payment was sent (more than one only after proof of absence).
    pub sends: u32,
    pub state: Option<PaymentState>,
    pub rejection: Option<Rejection>,
    pub evidence: Vec<Evidence>,
    /// Why this outcome could not be written to the journal, when it could not: the journal
    /// still shows the payment in flight, and `resume` settles it again from the biller. Tell
    /// the operator; the outcome itself stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub unsaved: Option<String>,
}

/// How a reversal ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
#[non_exhaustive]
pub struct ReversalResult {
    pub outcome: Outcome,
    pub reference: PaymentRef,
    pub recovered: bool,
    pub state: Option<PaymentState>,
    pub rejection: Option<Rejection>,
    pub evidence: Vec<Evidence>,
}

/// One payment as the biller recorded it for a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
#[non_exhaustive]
pub struct Settlement {
    pub payment_id: String,
    pub debt_id: String,
    pub receipt: Option<String>,
    pub amount: Money,
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub paid_at: NaiveDateTime,
    pub state: PaymentState,
}

// Constructors: the public types are `#[non_exhaustive]` (a biller adding a field is not a
// breaking change), so code outside this crate builds them here, with the required fields, and
// sets the optional ones on the value (`let mut r = PaymentRequest::new(..); r.payer = ..`).

impl Customer {
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Customer {
            id: id.into(),
            name: name.into(),
            details: BTreeMap::new(),
        }
    }
}

impl Debt {
    /// A debt whose whole balance is due now.
    pub fn new(debt_id: impl Into<String>, description: impl Into<String>, balance: Money) -> Self {
        Debt {
            debt_id: debt_id.into(),
            description: description.into(),
            amount_due: balance,
            balance,
            due_date: None,
            details: BTreeMap::new(),
        }
    }
}

impl Statement {
    pub fn new(customer: Customer, debts: Vec<Debt>) -> Self {
        Statement { customer, debts }
    }
}

impl Payer {
    pub fn new(id: impl Into<String>, name: impl Into<String>, email: impl Into<String>) -> Self {
        Payer {
            id: id.into(),
            name: name.into(),
            email: email.into(),
        }
    }
}

impl PaymentRequest {
    /// A payment of `amount` on `debt_id` under the collector's unique `receipt`, taken now by
    /// `cashier` at `location`; no payer, no known balance, no extras.
    pub fn new(
        debt_id: impl Into<String>,
        amount: Decimal,
        receipt: impl Into<String>,
        cashier: impl Into<String>,
        location: impl Into<String>,
    ) -> Self {
        PaymentRequest {
            debt_id: debt_id.into(),
            amount,
            receipt: receipt.into(),
            paid_at: None,
            cashier: cashier.into(),
            location: location.into(),
            payer: None,
            balance: None,
            extra: BTreeMap::new(),
        }
    }
}

impl PaymentRef {
    /// A payment whose biller id is not known (yet).
    pub fn new(
        debt_id: impl Into<String>,
        receipt: impl Into<String>,
        amount: Decimal,
        paid_at: NaiveDateTime,
    ) -> Self {
        PaymentRef {
            debt_id: debt_id.into(),
            payment_id: None,
            receipt: receipt.into(),
            amount,
            paid_at,
        }
    }
}

impl PaymentState {
    pub fn new(kind: StateKind, code: impl Into<String>, description: impl Into<String>) -> Self {
        PaymentState {
            kind,
            code: code.into(),
            description: description.into(),
        }
    }
}

impl PaymentResult {
    /// An outcome from the reply itself, sent once, with no state, rejection or evidence (a
    /// journal or a test sets the rest on the value).
    pub fn new(outcome: Outcome, reference: PaymentRef, currency: Currency) -> Self {
        PaymentResult {
            outcome,
            reference,
            currency,
            recovered: false,
            sends: 1,
            state: None,
            rejection: None,
            evidence: Vec::new(),
            unsaved: None,
        }
    }
}

impl ReversalResult {
    /// An outcome from the reply itself, with no state, rejection or evidence.
    pub fn new(outcome: Outcome, reference: PaymentRef) -> Self {
        ReversalResult {
            outcome,
            reference,
            recovered: false,
            state: None,
            rejection: None,
            evidence: Vec::new(),
        }
    }
}
