//! Transaction status by coupon id: `POST 2.0/transactions/status` `{"id": "<coupon id>"}`.
//!
//! The reply's `data` holds the coupon's `transactions` (each with its status, total and
//! currency), the gateway's view of the latest `transaction` (its `payment` with status code,
//! text and message, the masked card and the instalment plan) and `transaction_details`
//! (`key`/`label`/`value` rows such as the authorisation code).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};

use super::config::UnicobrosConfig;
use super::envelope::decode_envelope;
use super::shared_objects::{CurrencyInfo, Source, User};
use super::status::StatusCode;
use super::validate_id;

/// `POST 2.0/transactions/status`: the status of one coupon, by its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransactionStatusRequest {
    /// The coupon id (`id` in the coupons reply, `coupon` in a transaction).
    pub id: String,
}

/// `data` of the reply.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TransactionStatus {
    /// The coupon's transactions, in the gateway's order (the last is read as the latest).
    #[serde(with = "crate::wire::list", default)]
    pub transactions: Vec<Transaction>,
    /// The gateway's view of the latest transaction.
    #[serde(with = "crate::wire::object_opt", default)]
    pub transaction: Option<TransactionView>,
    /// Detail rows (`transaction_details`), such as the authorisation code.
    #[serde(with = "crate::wire::list", default)]
    pub transaction_details: Vec<TransactionDetail>,
}

/// One transaction of the coupon.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Transaction {
    /// The gateway's internal id (`_id`).
    #[serde(rename = "_id", with = "crate::wire::text_opt", default)]
    pub id: Option<String>,
    /// The operation's id (`uid`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub uid: Option<String>,
    /// A further id (`utid`), empty in the document's example and not described by it.
    #[serde(with = "crate::wire::text_opt", default)]
    pub utid: Option<String>,
    /// The transaction's status code (see [`StatusCode`]).
    pub status: StatusCode,
    /// The payment's description.
    #[serde(with = "crate::wire::text_opt", default)]
    pub description: Option<String>,
    /// The gateway's message about the transaction.
    #[serde(with = "crate::wire::text_opt", default)]
    pub message: Option<String>,
    /// `Payment`.
    #[serde(rename = "type", with = "crate::wire::text_opt", default)]
    pub kind: Option<String>,
    /// The amount (`total`, a JSON number read from its text).
    #[serde(with = "crate::money::wire::number")]
    pub total: Decimal,
    /// `references`, kept as raw JSON: the document shows the list without describing its items.
    #[serde(with = "crate::wire::list", default)]
    pub references: Vec<serde_json::Value>,
    /// `hash`, empty in the document's example and not described by it.
    #[serde(with = "crate::wire::text_opt", default)]
    pub hash: Option<String>,
    /// The paying side's internal id (`sender`); the document does not describe it.
    #[serde(with = "crate::wire::text_opt", default)]
    pub sender: Option<String>,
    /// The receiving side's internal id (`receiver`); the document does not describe it.
    #[serde(with = "crate::wire::text_opt", default)]
    pub receiver: Option<String>,
    /// The coupon id this transaction belongs to.
    #[serde(with = "crate::wire::text_opt", default)]
    pub coupon: Option<String>,
    /// The currency (`currency`: `ARS` or `TEST`).
    #[serde(with = "crate::wire::object_opt", default)]
    pub currency: Option<CurrencyInfo>,
    /// When the transaction last changed (UTC).
    #[serde(with = "crate::wire::utc_opt", default)]
    pub updated: Option<DateTime<Utc>>,
    /// When the transaction was created (UTC).
    #[serde(with = "crate::wire::utc_opt", default)]
    pub created: Option<DateTime<Utc>>,
    /// The record's revision counter at the gateway (`__v`).
    #[serde(rename = "__v", with = "crate::wire::int_opt", default)]
    pub version: Option<i64>,
}

/// The gateway's view of the transaction.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct TransactionView {
    /// The view's own `result` flag.
    #[serde(with = "crate::wire::flag_opt", default)]
    pub result: Option<bool>,
    /// The kind of checkout view (`view.type`).
    #[serde(with = "crate::wire::object_opt", default)]
    pub view: Option<ViewKind>,
    /// The payment with its status, amount and method.
    #[serde(with = "crate::wire::object_opt", default)]
    pub payment: Option<Payment>,
    /// The buyer, when recorded.
    #[serde(with = "crate::wire::object_opt", default)]
    pub user: Option<User>,
    /// The payment method used.
    #[serde(with = "crate::wire::object_opt", default)]
    pub source: Option<Source>,
}

/// The kind of checkout view (`view`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ViewKind {
    /// `card`, `cash`, ...
    #[serde(rename = "type", with = "crate::wire::text_opt", default)]
    pub kind: Option<String>,
}

/// The payment inside [`TransactionView`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Payment {
    /// The payment's id at the gateway.
    #[serde(with = "crate::wire::text_opt", default)]
    pub id: Option<String>,
    /// The payment's description.
    #[serde(with = "crate::wire::text_opt", default)]
    pub description: Option<String>,
    /// The operation's kind (`operation.type`).
    #[serde(with = "crate::wire::object_opt", default)]
    pub operation: Option<OperationKind>,
    /// The payment's status code and the gateway's words for it.
    pub status: PaymentStatus,
    /// The amount (`total`, a JSON number read from its text).
    #[serde(with = "crate::money::wire::number")]
    pub total: Decimal,
    /// The currency, as `{code, text, symbol}`.
    #[serde(with = "crate::wire::object_opt", default)]
    pub currency: Option<CurrencyInfo>,
    /// The risk analysis (`riskAnalysis`).
    #[serde(rename = "riskAnalysis", with = "crate::wire::object_opt", default)]
    pub risk_analysis: Option<RiskAnalysis>,
    /// When the payment was created (UTC).
    #[serde(with = "crate::wire::utc_opt", default)]
    pub created: Option<DateTime<Utc>>,
    /// When the payment last changed (UTC).
    #[serde(with = "crate::wire::utc_opt", default)]
    pub updated: Option<DateTime<Utc>>,
    /// The merchant's reference the payment was requested under.
    #[serde(with = "crate::wire::text_opt", default)]
    pub reference: Option<String>,
    /// The payment method, with the masked card and the instalment plan.
    #[serde(with = "crate::wire::object_opt", default)]
    pub source: Option<Source>,
}

/// The operation's kind (`operation`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct OperationKind {
    /// `payment.v2`
    #[serde(rename = "type", with = "crate::wire::text_opt", default)]
    pub kind: Option<String>,
}

/// `{code, text, message}`: the code and the gateway's words for it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PaymentStatus {
    /// The status code (`code`; see [`StatusCode`]).
    pub code: StatusCode,
    /// The status's short text (`text`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub text: Option<String>,
    /// The gateway's message to the buyer (`message`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub message: Option<String>,
}

/// Risk band and level: `"N/A"` in the document, numbers elsewhere; kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct RiskAnalysis {
    /// The risk band (`band`).
    #[serde(with = "crate::wire::text_opt")]
    pub band: Option<String>,
    /// The risk level (`level`).
    #[serde(with = "crate::wire::text_opt")]
    pub level: Option<String>,
}

/// A `key`/`label`/`value` row (`authorizationCode`, `ticketNo`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TransactionDetail {
    /// `null` or missing is `""` (a row shown to people, never used to decide).
    #[serde(with = "crate::wire::text_or_empty", default)]
    pub key: String,
    /// The row's label for people (`label`, e.g. "Código de Autorización").
    #[serde(with = "crate::wire::text_opt", default)]
    pub label: Option<String>,
    /// The row's value (`value`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub value: Option<String>,
}

impl TransactionStatus {
    /// A detail row's value by key (`authorizationCode`).
    pub fn detail(&self, key: &str) -> Option<&str> {
        self.transaction_details
            .iter()
            .find(|d| d.key == key)
            .and_then(|d| d.value.as_deref())
    }

    /// The payment's status when the view has one, else the latest transaction's.
    pub fn status(&self) -> Option<&StatusCode> {
        self.transaction
            .as_ref()
            .and_then(|t| t.payment.as_ref())
            .map(|p| &p.status.code)
            .or_else(|| self.transactions.last().map(|t| &t.status))
    }
}

impl Endpoint for TransactionStatusRequest {
    type Config = UnicobrosConfig;
    type Response = TransactionStatus;
    const NAME: &'static str = "transactions_status";

    fn to_http(&self, config: &UnicobrosConfig) -> Result<HttpRequest, Error> {
        validate_id("id", &self.id)?;
        HttpRequest::new(
            Method::Post,
            config.base_url.join(&config.paths.transactions_status)?,
        )
        .json(self)
    }

    fn decode(response: &HttpResponse) -> Result<TransactionStatus, Error> {
        decode_envelope(response)
    }
}
