//! `POST payments`: pays a debt under the collector's receipt (unique at Acme: HTTP 409 for a
//! repeated one).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::validate;

use super::config::AcmeConfig;
use super::payment::PaymentRecord;

/// `POST payments`: the JSON body paying one debt under the collector's receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayRequest {
    /// The debt paid (`debt_id`, at most 64 characters), as listed by `GET debts`.
    pub debt_id: String,
    /// The amount paid, in USD, sent as a decimal string (`amount`).
    #[serde(with = "crate::money::wire::string")]
    pub amount: Decimal,
    /// The collector's receipt (`receipt`, at most 64 characters); Acme refuses a repeated one
    /// with HTTP 409.
    pub receipt: String,
}

impl Endpoint for PayRequest {
    type Config = AcmeConfig;
    type Response = PaymentRecord;
    const NAME: &'static str = "payments";

    fn to_http(&self, config: &AcmeConfig) -> Result<HttpRequest, Error> {
        validate::text("debt_id", &self.debt_id, 64)?;
        validate::text("receipt", &self.receipt, 64)?;
        HttpRequest::new(Method::Post, config.base_url.join("payments")?).json(self)
    }

    fn decode(response: &HttpResponse) -> Result<PaymentRecord, Error> {
        super::client::decode(response)
    }
}
