//! Coupons by reference: `GET 2.0/transactions/coupons/{reference}`: every transaction or
//! coupon generated for the payment requested under that reference, with its status, and the
//! child payments (`childs`) when the payment was split (e.g. across two cards).
//!
//! The document's parameter table calls `reference` a query parameter; its example puts it in
//! the path. The path is the default; [`super::ReferencePlacement`] switches. The reference is
//! percent-encoded either way, so a reference with spaces or `/` stays one value.
//!
//! This is the endpoint recovery hangs on: see [`super::resolution`].

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};

use super::config::{ReferencePlacement, UnicobrosConfig};
use super::envelope::decode_envelope;
use super::shared_objects::{Source, User};
use super::status::StatusCode;
use super::validate_reference;

/// `GET 2.0/transactions/coupons/{reference}`: every coupon under one merchant reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouponsRequest {
    /// The merchant's reference the payment was requested under (at most 255 characters,
    /// percent-encoded as one value).
    pub reference: String,
}

/// One coupon (a payment attempt) for the reference, or one of its childs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Coupon {
    /// The coupon's internal id: what [`super::TransactionStatusRequest`] takes. Required (a
    /// number is read as its digits).
    #[serde(with = "crate::wire::text")]
    pub id: String,
    /// The operation's id.
    #[serde(with = "crate::wire::text_opt", default)]
    pub uid: Option<String>,
    /// The payment method family (`payment.v2`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub operation: Option<String>,
    /// The coupon's status code (see [`StatusCode`]); what recovery judges it by.
    pub status: StatusCode,
    /// The payment method used, when the gateway says.
    #[serde(with = "crate::wire::object_opt", default)]
    pub source: Option<Source>,
    /// How many instalments the payment was split into (`installment_count`).
    #[serde(with = "crate::wire::int_opt", default)]
    pub installment_count: Option<i64>,
    /// The total charged.
    #[serde(with = "crate::money::wire::number")]
    pub total: Decimal,
    /// `ARS` or `TEST`.
    #[serde(with = "crate::wire::text_opt", default)]
    pub currency: Option<String>,
    /// The payment's description as the merchant wrote it.
    #[serde(with = "crate::wire::text_opt", default)]
    pub description: Option<String>,
    /// The merchant's reference, echoed.
    #[serde(with = "crate::wire::text_opt", default)]
    pub reference: Option<String>,
    /// The masked card (childs carry it).
    #[serde(with = "crate::wire::text_opt", default)]
    pub card_number: Option<String>,
    /// The buyer, when recorded.
    #[serde(with = "crate::wire::object_opt", default)]
    pub user: Option<User>,
    /// When it was charged.
    #[serde(with = "crate::wire::utc_opt", default)]
    pub updated: Option<DateTime<Utc>>,
    /// When the coupon was created (UTC).
    #[serde(with = "crate::wire::utc_opt", default)]
    pub created: Option<DateTime<Utc>>,
    /// The parts of a split payment.
    #[serde(with = "crate::wire::list", default)]
    pub childs: Vec<Coupon>,
}

impl Coupon {
    /// The approved childs' totals added up (zero without childs).
    pub fn approved_childs_total(&self) -> Decimal {
        self.childs
            .iter()
            .filter(|c| c.status.is_paid())
            .fold(Decimal::ZERO, |sum, c| sum.saturating_add(c.total))
    }
}

impl Endpoint for CouponsRequest {
    type Config = UnicobrosConfig;
    type Response = Vec<Coupon>;
    const NAME: &'static str = "coupons";

    fn to_http(&self, config: &UnicobrosConfig) -> Result<HttpRequest, Error> {
        validate_reference("reference", &self.reference)?;
        let base = config.base_url.join(&config.paths.coupons)?;
        let url = match config.reference_placement {
            ReferencePlacement::Path => crate::base_url::push_segment(&base, &self.reference),
            ReferencePlacement::Query => {
                crate::base_url::with_query(&base, &[("reference", self.reference.clone())])
            }
        };
        Ok(HttpRequest::new(Method::Get, url))
    }

    fn decode(response: &HttpResponse) -> Result<Vec<Coupon>, Error> {
        decode_envelope(response)
    }
}
