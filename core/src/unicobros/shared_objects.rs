//! Small objects several Unicobros replies share: the buyer (`user`), the payment method
//! (`source`) and the currency descriptions. Every field is optional: they are shown to people,
//! never used to decide anything.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The buyer as the gateway recorded them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct User {
    #[serde(deserialize_with = "crate::wire::text_opt::deserialize", default)]
    pub name: Option<String>,
    #[serde(deserialize_with = "crate::wire::text_opt::deserialize", default)]
    pub email: Option<String>,
}

/// The payment method (`source`): its name (`Visa Débito`), kind (`card`), reference
/// (`visa.debit`) and, in a transaction's payment, the masked card and the instalment plan.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Source {
    #[serde(with = "crate::wire::text_opt", default)]
    pub name: Option<String>,
    #[serde(rename = "type", with = "crate::wire::text_opt", default)]
    pub kind: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub reference: Option<String>,
    /// A masked card number (`400000******0000`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub number: Option<String>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub expiration: Option<Expiration>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub installment: Option<Installment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Expiration {
    #[serde(with = "crate::wire::text_opt")]
    pub month: Option<String>,
    #[serde(with = "crate::wire::text_opt")]
    pub year: Option<String>,
}

/// An instalment plan: `count` instalments of `amount`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Installment {
    #[serde(with = "crate::wire::text_opt", default)]
    pub description: Option<String>,
    #[serde(with = "crate::money::wire::number_opt")]
    pub amount: Option<Decimal>,
    #[serde(with = "crate::wire::int_opt")]
    pub count: Option<i64>,
    #[serde(with = "crate::wire::text_opt")]
    pub reference: Option<String>,
}

/// A currency as the replies describe it: `{value, label, symbol, hidden}` in transactions and
/// operations, `{code, text, symbol}` in a transaction's payment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CurrencyInfo {
    #[serde(with = "crate::wire::text_opt", default)]
    pub value: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub code: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub label: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub text: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub symbol: Option<String>,
    #[serde(with = "crate::wire::flag_opt", default)]
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
#[non_exhaustive]
pub struct Labelled {
    #[serde(deserialize_with = "crate::wire::text_opt::deserialize", default)]
    pub value: Option<String>,
    #[serde(deserialize_with = "crate::wire::text_opt::deserialize", default)]
    pub name: Option<String>,
}
