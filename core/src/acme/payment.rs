//! `GET payments/RECEIPT`: the payment made under a receipt; HTTP 404 when there is none.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::validate;

use super::config::AcmeConfig;

/// `GET payments/RECEIPT`: the payment made under one of the collector's receipts.
pub struct PaymentRequest {
    /// The collector's receipt (at most 64 characters; percent-encoded into the path).
    pub receipt: String,
}

/// A payment as Acme holds it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PaymentRecord {
    /// Acme's id for the payment (`payment_id`).
    pub payment_id: String,
    /// The collector's receipt the payment was made under (`receipt`), unique at Acme.
    pub receipt: String,
    /// The debt paid (`debt_id`).
    pub debt_id: String,
    /// The amount paid, in USD (`amount`, a decimal string on the wire).
    #[serde(with = "crate::money::wire::string")]
    pub amount: Decimal,
    /// `accepted` or `reversed`.
    pub status: String,
}

impl Endpoint for PaymentRequest {
    type Config = AcmeConfig;
    type Response = Option<PaymentRecord>;
    const NAME: &'static str = "payment";

    fn to_http(&self, config: &AcmeConfig) -> Result<HttpRequest, Error> {
        validate::text("receipt", &self.receipt, 64)?;
        let receipt: String = crate::base_url::form_encode(&self.receipt);
        Ok(HttpRequest::new(
            Method::Get,
            config.base_url.join(&format!("payments/{receipt}"))?,
        ))
    }

    fn decode(response: &HttpResponse) -> Result<Option<PaymentRecord>, Error> {
        if response.status == 404 {
            return Ok(None);
        }
        super::client::decode(response).map(Some)
    }
}
