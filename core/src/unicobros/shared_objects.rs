//! Small objects several Unicobros replies share: the buyer (`user`), the payment method
//! (`source`) and the currency descriptions. Every field is optional: they are shown to people,
//! never used to decide anything.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The buyer as the gateway recorded them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct User {
    pub name: Option<String>,
    pub email: Option<String>,
}

/// The payment method (`source`): its name (`Visa Débito`), kind (`card`), reference
/// (`visa.debit`) and, in a transaction's payment, the masked card and the instalment plan.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct Source {
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub reference: Option<String>,
    /// A masked card number (`400000******0000`).
    pub number: Option<String>,
    pub expiration: Option<Expiration>,
    pub installment: Option<Installment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct Expiration {
    #[serde(deserialize_with = "crate::wire::text_opt::deserialize")]
    pub month: Option<String>,
    #[serde(deserialize_with = "crate::wire::text_opt::deserialize")]
    pub year: Option<String>,
}

/// An instalment plan: `count` instalments of `amount`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct Installment {
    pub description: Option<String>,
    #[serde(deserialize_with = "crate::money::wire::number_opt::deserialize")]
    pub amount: Option<Decimal>,
    #[serde(deserialize_with = "crate::wire::int_opt::deserialize")]
    pub count: Option<i64>,
    #[serde(deserialize_with = "crate::wire::text_opt::deserialize")]
    pub reference: Option<String>,
}

/// A currency as the replies describe it: `{value, label, symbol, hidden}` in transactions and
/// operations, `{code, text, symbol}` in a transaction's payment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct CurrencyInfo {
    pub value: Option<String>,
    pub code: Option<String>,
    pub label: Option<String>,
    pub text: Option<String>,
    pub symbol: Option<String>,
    pub hidden: Option<bool>,
}

impl CurrencyInfo {
    /// `ARS` or `TEST`: `value`, else `code`.
    pub fn currency_code(&self) -> Option<&str> {
        self.value.as_deref().or(self.code.as_deref())
    }
}

/// A `{value, name}` pair (an operation's `context` and `intent`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Labelled {
    pub value: Option<String>,
    pub name: Option<String>,
}
