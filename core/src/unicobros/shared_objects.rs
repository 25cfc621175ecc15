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
    /// The buyer's name.
    #[serde(deserialize_with = "crate::wire::text_opt::deserialize", default)]
    pub name: Option<String>,
    /// The buyer's e-mail address.
    #[serde(deserialize_with = "crate::wire::text_opt::deserialize", default)]
    pub email: Option<String>,
}

/// The payment method (`source`): its name (`Visa Débito`), kind (`card`), reference
/// (`visa.debit`) and, in a transaction's payment, the masked card and the instalment plan.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Source {
    /// The method's name (`Visa Débito`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub name: Option<String>,
    /// The method's kind (`type`: `card`, `cash`, ...).
    #[serde(rename = "type", with = "crate::wire::text_opt", default)]
    pub kind: Option<String>,
    /// The method's reference (`visa.debit`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub reference: Option<String>,
    /// A masked card number (`400000******0000`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub number: Option<String>,
    /// The card's expiry, when a card was used.
    #[serde(with = "crate::wire::object_opt", default)]
    pub expiration: Option<Expiration>,
    /// The instalment plan, when the payment was split into instalments.
    #[serde(with = "crate::wire::object_opt", default)]
    pub installment: Option<Installment>,
}

/// A card's expiry, as the gateway wrote it (text: the document does not fix the digits).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Expiration {
    /// The expiry month.
    #[serde(with = "crate::wire::text_opt")]
    pub month: Option<String>,
    /// The expiry year.
    #[serde(with = "crate::wire::text_opt")]
    pub year: Option<String>,
}

/// An instalment plan: `count` instalments of `amount`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Installment {
    /// The plan's description as the gateway shows it.
    #[serde(with = "crate::wire::text_opt", default)]
    pub description: Option<String>,
    /// The amount of each instalment.
    #[serde(with = "crate::money::wire::number_opt")]
    pub amount: Option<Decimal>,
    /// How many instalments.
    #[serde(with = "crate::wire::int_opt")]
    pub count: Option<i64>,
    /// The plan's reference at the gateway.
    #[serde(with = "crate::wire::text_opt")]
    pub reference: Option<String>,
}

/// A currency as the replies describe it: `{value, label, symbol, hidden}` in transactions and
/// operations, `{code, text, symbol}` in a transaction's payment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CurrencyInfo {
    /// The currency code in transactions and operations (`value`: `ARS` or `TEST`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub value: Option<String>,
    /// The currency code in a transaction's payment (`code`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub code: Option<String>,
    /// The currency's label (`label`: `Test Money`), for display.
    #[serde(with = "crate::wire::text_opt", default)]
    pub label: Option<String>,
    /// The currency's name (`text`), for display.
    #[serde(with = "crate::wire::text_opt", default)]
    pub text: Option<String>,
    /// The currency's symbol (`symbol`: `T$` for test money).
    #[serde(with = "crate::wire::text_opt", default)]
    pub symbol: Option<String>,
    /// `hidden`: a display flag the document does not describe.
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
    /// The machine value (`plugin.value.checkout:web`).
    #[serde(deserialize_with = "crate::wire::text_opt::deserialize", default)]
    pub value: Option<String>,
    /// The human name.
    #[serde(deserialize_with = "crate::wire::text_opt::deserialize", default)]
    pub name: Option<String>,
}
