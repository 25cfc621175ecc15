//! `GET debts?customer=ID`: the customer and what they owe.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::validate;

use super::config::AcmeConfig;

/// `GET debts?customer=ID`: what one customer owes.
pub struct DebtsRequest {
    /// The customer's id at Acme (sent as the `customer` query parameter, at most 64 characters).
    pub customer: String,
}

/// Acme's reply to `GET debts`: the customer and their open debts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DebtsReply {
    /// Who the debts belong to.
    pub customer: AcmeCustomer,
    /// The open debts; empty when the customer owes nothing.
    pub debts: Vec<AcmeDebt>,
}

/// A customer as Acme names them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AcmeCustomer {
    /// The customer's id at Acme (`id`).
    pub id: String,
    /// The customer's name (`name`), for display.
    pub name: String,
}

/// One debt a customer owes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AcmeDebt {
    /// The debt's id (`id`): the `debt_id` a payment names.
    pub id: String,
    /// What the debt is for (`description`), for display.
    pub description: String,
    /// What is owed, in USD (`amount`, a decimal string on the wire).
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
