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

/// A name typed by a person (`--biller Zoom`): trimmed, in any case.
impl FromStr for BillerId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        BillerId::ALL
            .iter()
            .copied()
            .find(|b| b.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| unknown_biller(s))
    }
}

impl BillerId {
    /// The biller tagged exactly `tag`, as serde reads `{"biller": ...}`: for a channel that
    /// reads the tag itself before the rest of the options (the browser's `connect`).
    pub fn from_tag(tag: &str) -> Result<Self, Error> {
        BillerId::ALL
            .iter()
            .copied()
            .find(|b| b.as_str() == tag)
            .ok_or_else(|| unknown_biller(tag))
    }
}

/// `invalid_input` naming the billers of this build.
fn unknown_biller(name: &str) -> Error {
    let known: Vec<&str> = BillerId::ALL.iter().map(|b| b.as_str()).collect();
    Error::invalid(
        "biller",
        format!("unknown biller `{name}`; known: {}", known.join(", ")),
    )
}

/// Who owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct Customer {
    /// The identifier the lookup was made with (cédula, contract, document number, ...).
    pub id: String,
    /// The name the biller holds, as it wrote it.
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
    /// What the biller calls it (an invoice number, a period, a guide), for the cashier.
    pub description: String,
    /// What is due now.
    pub amount_due: Money,
    /// The whole outstanding amount; no payment may exceed it.
    pub balance: Money,
    /// When it falls due, when the biller says.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    // No `default`: tsify would make the field optional (`?`); core always writes it (`null`).
    #[serde(with = "crate::calendar::iso_date_opt")]
    pub due_date: Option<NaiveDate>,
    /// The biller's own fields for this debt, as text.
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, string>"))]
    pub details: BTreeMap<String, String>,
}

/// What a lookup found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct Statement {
    /// Who owes.
    pub customer: Customer,
    /// What they can pay, in the biller's order.
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
    /// The payer's name, as the biller records it.
    pub name: String,
    /// Where the biller sends the payer's receipt.
    pub email: String,
}

/// A payment to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct PaymentRequest {
    /// Which debt: the [`Debt::debt_id`] a lookup returned.
    pub debt_id: String,
    /// The exact amount, in the debt's currency (never a float).
    #[serde(with = "crate::money::wire::string")]
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub amount: Decimal,
    /// The collector's unique receipt number: the payment's identity in the journal.
    pub receipt: String,
    /// When the money was taken, in the biller's local time; `None`: now.
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(with = "crate::calendar::iso_datetime_opt", default)]
    pub paid_at: Option<NaiveDateTime>,
    /// Who took the money, for the biller's records and the journal.
    pub cashier: String,
    /// Where the money was taken (branch, agency, till).
    pub location: String,
    /// Who paid, for billers that record it; ignored by the others.
    #[cfg_attr(feature = "wasm", tsify(optional, type = "Payer | null"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub payer: Option<Payer>,
    /// The debt's balance when the caller looked it up, to refuse paying more.
    #[serde(with = "crate::money::wire::string_opt", default)]
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
    /// Which debt the payment was for.
    pub debt_id: String,
    /// The biller's id for the payment, once known.
    pub payment_id: Option<String>,
    /// The collector's receipt number, the payment's identity.
    pub receipt: String,
    /// The amount paid.
    #[serde(with = "crate::money::wire::string")]
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub amount: Decimal,
    /// When the money was taken, in the biller's local time.
    #[serde(with = "crate::calendar::iso_datetime")]
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
    /// Undone by a reversal.
    Reversed,
    /// The biller holds it as failed (not made).
    Failed,
    /// The biller's state does not say; a person must look.
    Unknown,
}

/// The state of a payment at its biller: recaudo's reading and the biller's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct PaymentState {
    /// recaudo's reading of the biller's code.
    pub kind: StateKind,
    /// The biller's own code, verbatim.
    pub code: String,
    /// The biller's description of the code, verbatim.
    pub description: String,
}

/// How a payment ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
#[non_exhaustive]
pub struct PaymentResult {
    /// Confirmed, rejected or needs review: what to do with the money.
    pub outcome: Outcome,
    /// How to find the payment again (status, reversal, reconciliation).
    pub reference: PaymentRef,
    /// The currency of the amount paid.
    pub currency: Currency,
    /// The reply was lost and the outcome was established by asking the biller.
    pub recovered: bool,
    /// How many times the payment was sent (more than one only after proof of absence).
    pub sends: u32,
    /// The state the biller reported, when it was asked.
    pub state: Option<PaymentState>,
    /// Why the biller refused the payment, when it did.
    pub rejection: Option<Rejection>,
    /// What was sent and seen, in order, for a person to review.
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
    /// Confirmed: the payment is reversed; rejected: the biller refused and the payment stands;
    /// needs review: a person must check.
    pub outcome: Outcome,
    /// The payment that was reversed.
    pub reference: PaymentRef,
    /// The reply was lost and the outcome was established by asking the biller.
    pub recovered: bool,
    /// The state the biller reported, when it was asked.
    pub state: Option<PaymentState>,
    /// Why the biller refused the reversal, when it did.
    pub rejection: Option<Rejection>,
    /// What was sent and seen, in order, for a person to review.
    pub evidence: Vec<Evidence>,
}

/// One payment as the biller recorded it for a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
#[non_exhaustive]
pub struct Settlement {
    /// The biller's id for the payment.
    pub payment_id: String,
    /// The debt it paid.
    pub debt_id: String,
    /// The collector's receipt number, when the biller keeps it.
    pub receipt: Option<String>,
    /// The amount the biller recorded.
    pub amount: Money,
    /// When the biller says it was paid (its local time).
    #[serde(with = "crate::calendar::iso_datetime")]
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub paid_at: NaiveDateTime,
    /// Its state at the biller.
    pub state: PaymentState,
}

// Constructors: the public types are `#[non_exhaustive]` (a biller adding a field is not a
// breaking change), so code outside this crate builds them here, with the required fields, and
// sets the optional ones on the value (`let mut r = PaymentRequest::new(..); r.payer = ..`).

impl Customer {
    /// A customer with no details.
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
    /// A statement of these debts.
    pub fn new(customer: Customer, debts: Vec<Debt>) -> Self {
        Statement { customer, debts }
    }
}

impl Payer {
    /// A payer (identification, name, e-mail).
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
    /// A state with the biller's code and description.
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

#[cfg(all(test, feature = "zoom"))]
mod tests {
    use super::*;

    #[test]
    fn a_typed_name_is_lenient_and_a_tag_is_exact() {
        assert_eq!(" Zoom ".parse::<BillerId>().unwrap(), BillerId::Zoom);
        assert_eq!(BillerId::from_tag("zoom").unwrap(), BillerId::Zoom);
        for bad in ["Zoom", " zoom", "nobody"] {
            let err = BillerId::from_tag(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_input");
            assert!(err.to_string().contains("unknown biller"), "{err}");
        }
    }
}
