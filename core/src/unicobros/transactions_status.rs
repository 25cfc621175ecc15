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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransactionStatusRequest {
    /// The coupon id (`id` in the coupons reply, `coupon` in a transaction).
    pub id: String,
}

/// `data` of the reply.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TransactionStatus {
    #[serde(with = "crate::wire::list", default)]
    pub transactions: Vec<Transaction>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub transaction: Option<TransactionView>,
    #[serde(with = "crate::wire::list", default)]
    pub transaction_details: Vec<TransactionDetail>,
}

/// One transaction of the coupon.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Transaction {
    #[serde(rename = "_id", with = "crate::wire::text_opt", default)]
    pub id: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub uid: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub utid: Option<String>,
    pub status: StatusCode,
    #[serde(with = "crate::wire::text_opt", default)]
    pub description: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub message: Option<String>,
    /// `Payment`.
    #[serde(rename = "type", with = "crate::wire::text_opt", default)]
    pub kind: Option<String>,
    #[serde(with = "crate::money::wire::number")]
    pub total: Decimal,
    #[serde(with = "crate::wire::list", default)]
    pub references: Vec<serde_json::Value>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub hash: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub sender: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub receiver: Option<String>,
    /// The coupon id this transaction belongs to.
    #[serde(with = "crate::wire::text_opt", default)]
    pub coupon: Option<String>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub currency: Option<CurrencyInfo>,
    #[serde(with = "crate::wire::utc_opt", default)]
    pub updated: Option<DateTime<Utc>>,
    #[serde(with = "crate::wire::utc_opt", default)]
    pub created: Option<DateTime<Utc>>,
    #[serde(rename = "__v", with = "crate::wire::int_opt", default)]
    pub version: Option<i64>,
}

/// The gateway's view of the transaction.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct TransactionView {
    #[serde(with = "crate::wire::flag_opt", default)]
    pub result: Option<bool>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub view: Option<ViewKind>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub payment: Option<Payment>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub user: Option<User>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub source: Option<Source>,
}

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
    #[serde(with = "crate::wire::text_opt", default)]
    pub id: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub description: Option<String>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub operation: Option<OperationKind>,
    pub status: PaymentStatus,
    #[serde(with = "crate::money::wire::number")]
    pub total: Decimal,
    #[serde(with = "crate::wire::object_opt", default)]
    pub currency: Option<CurrencyInfo>,
    #[serde(rename = "riskAnalysis", with = "crate::wire::object_opt", default)]
    pub risk_analysis: Option<RiskAnalysis>,
    #[serde(with = "crate::wire::utc_opt", default)]
    pub created: Option<DateTime<Utc>>,
    #[serde(with = "crate::wire::utc_opt", default)]
    pub updated: Option<DateTime<Utc>>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub reference: Option<String>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub source: Option<Source>,
}

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
    pub code: StatusCode,
    #[serde(with = "crate::wire::text_opt", default)]
    pub text: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub message: Option<String>,
}

/// Risk band and level: `"N/A"` in the document, numbers elsewhere; kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct RiskAnalysis {
    #[serde(with = "crate::wire::text_opt")]
    pub band: Option<String>,
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
    #[serde(with = "crate::wire::text_opt", default)]
    pub label: Option<String>,
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
