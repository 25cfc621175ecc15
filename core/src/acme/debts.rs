//! `GET debts?customer=ID`: the customer and what they owe.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::validate;

use super::config::AcmeConfig;

pub struct DebtsRequest {
    pub customer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DebtsReply {
    pub customer: AcmeCustomer,
    pub debts: Vec<AcmeDebt>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AcmeCustomer {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AcmeDebt {
    pub id: String,
    pub description: String,
    #[serde(with = "crate::money::wire::string")]
    pub amount: Decimal,
}

impl Endpoint for DebtsRequest {
    type Config = AcmeConfig;
    type Response = DebtsReply;
    const NAME: &'static str = "debts";

    fn to_http(&self, config: &AcmeConfig) -> Result<HttpRequest, Error> {
        validate::text("customer", &self.customer, 64)?;
        let query = serde_urlencoded::to_string([("customer", &self.customer)])
            .map_err(|e| Error::Internal(e.to_string()))?;
        let url = config.base_url.join(&format!("debts?{query}"))?;
        Ok(HttpRequest::new(Method::Get, url))
    }

    fn decode(response: &HttpResponse) -> Result<DebtsReply, Error> {
        super::client::decode(response)
    }
}
