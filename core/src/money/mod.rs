//! Money: exact decimal amounts with an ISO 4217 currency.
//!
//! Every amount in recaudo is a [`rust_decimal::Decimal`]; nothing on a money path is ever a
//! binary float. Amounts typed by people (CLI flags, form fields, binding strings) go through
//! [`parse_amount`], which accepts only plain decimal text (`"340.78"`, never `"3.4e2"` or
//! `"340,78"`), and [`validate_amount`] checks the rules every biller shares before a request is
//! built: strictly positive, no more decimals than the currency has, and not above the balance
//! when the biller told us the balance.

pub mod wire;

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The currencies the billers use. `Test` is Mobbex/Unicobros "test money" (`TEST`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Currency {
    /// US dollar (Ecuador: Unicomer).
    Usd,
    /// Argentine peso (Unicobros).
    Ars,
    /// Venezuelan bolívar (Zoom).
    Ves,
    /// Bolivian boliviano (Cooplan).
    Bob,
    /// Unicobros' test-mode money.
    Test,
}

impl Currency {
    /// The ISO 4217 code (or `TEST`).
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Ars => "ARS",
            Currency::Ves => "VES",
            Currency::Bob => "BOB",
            Currency::Test => "TEST",
        }
    }

    /// How many decimals an amount in this currency may carry (ISO 4217 minor units).
    pub fn minor_units(self) -> u32 {
        2
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = AmountError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "USD" => Ok(Currency::Usd),
            "ARS" => Ok(Currency::Ars),
            "VES" => Ok(Currency::Ves),
            "BOB" => Ok(Currency::Bob),
            "TEST" => Ok(Currency::Test),
            _ => Err(AmountError::UnknownCurrency(s.to_owned())),
        }
    }
}

/// An amount together with its currency. In JSON: `{"amount": "12.30", "currency": "USD"}`,
/// the amount a decimal string with exactly the currency's decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Money {
    /// The exact amount.
    #[serde(with = "wire::string")]
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub amount: Decimal,
    /// The currency it is in.
    pub currency: Currency,
}

impl Money {
    /// An amount in a currency (not validated: see [`validate_amount`]).
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }

    /// The amount as text with exactly the currency's decimals (`"5.00"`), the form amounts take
    /// across every binding and in the CLI's JSON.
    pub fn amount_text(&self) -> String {
        format_amount(self.amount, self.currency)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount_text(), self.currency)
    }
}

/// Why an amount was refused. Each variant is a distinct, testable reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Nothing was typed.
    #[error("the amount is empty")]
    Empty,
    /// Not `digits[.digits]`: no exponents, thousands separators or decimal commas, whose
    /// meaning depends on who typed them.
    #[error("`{0}` is not a plain decimal number (digits with an optional `.` and decimals)")]
    NotANumber(String),
    /// Zero or negative: a payment moves money one way only.
    #[error("the amount must be greater than zero")]
    NotPositive,
    /// More decimals than the currency has; rounding it would collect another amount.
    #[error("the amount has more than {max} decimals")]
    TooManyDecimals {
        /// The currency's decimals.
        max: u32,
    },
    /// More than the biller says is owed.
    #[error("the amount {amount} is above the balance {balance}")]
    AboveBalance {
        /// The amount asked for.
        amount: Decimal,
        /// The balance the biller reported.
        balance: Decimal,
    },
    /// Beyond any real payment (and near the decimal type's limits).
    #[error("the amount is too large")]
    TooLarge,
    /// A currency code none of the billers uses.
    #[error("unknown currency `{0}`")]
    UnknownCurrency(String),
}

/// Parses human- or binding-supplied amount text. Only `digits[.digits]` (an optional leading
/// `-` is read so that it can be refused as [`AmountError::NotPositive`] with a clear reason).
pub fn parse_amount(text: &str) -> Result<Decimal, AmountError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AmountError::Empty);
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !plain(int) || frac.is_some_and(|f| !plain(f)) {
        return Err(AmountError::NotANumber(t.to_owned()));
    }
    // 28 significant digits is rust_decimal's limit; anything near it is not a real payment.
    if int.len() > 15 || frac.map_or(0, str::len) > 12 {
        return Err(AmountError::TooLarge);
    }
    wire::plain(t).map_err(|_| AmountError::NotANumber(t.to_owned()))
}

/// Checks the rules every biller shares and returns the amount rescaled to the currency's
/// decimals (`5` becomes `5.00`), ready to be written.
pub fn validate_amount(
    amount: Decimal,
    currency: Currency,
    balance: Option<Decimal>,
) -> Result<Decimal, AmountError> {
    if amount <= Decimal::ZERO {
        return Err(AmountError::NotPositive);
    }
    let max = currency.minor_units();
    if amount.normalize().scale() > max {
        return Err(AmountError::TooManyDecimals { max });
    }
    if let Some(balance) = balance {
        if amount > balance {
            return Err(AmountError::AboveBalance { amount, balance });
        }
    }
    let mut scaled = amount;
    scaled.rescale(max);
    Ok(scaled)
}

/// Formats an amount with exactly the currency's decimals, `.` as separator.
pub fn format_amount(amount: Decimal, currency: Currency) -> String {
    let mut scaled = amount;
    scaled.rescale(currency.minor_units());
    scaled.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn parses_plain_decimals_only() {
        assert_eq!(parse_amount("340.78"), Ok(d("340.78")));
        assert_eq!(parse_amount(" 5 "), Ok(d("5")));
        for bad in [
            "3.4e2", "340,78", "1.2.3", ".5", "5.", "abc", "NaN", "+5", "0x10", "1 000",
        ] {
            assert!(
                matches!(parse_amount(bad), Err(AmountError::NotANumber(_))),
                "{bad}"
            );
        }
        assert_eq!(parse_amount(""), Err(AmountError::Empty));
        assert_eq!(
            parse_amount("1234567890123456789"),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn validates_shared_rules() {
        let usd = Currency::Usd;
        assert_eq!(
            validate_amount(d("5"), usd, None).unwrap().to_string(),
            "5.00"
        );
        assert_eq!(
            validate_amount(d("0"), usd, None),
            Err(AmountError::NotPositive)
        );
        assert_eq!(
            validate_amount(d("-1"), usd, None),
            Err(AmountError::NotPositive)
        );
        assert_eq!(
            validate_amount(d("1.234"), usd, None),
            Err(AmountError::TooManyDecimals { max: 2 })
        );
        // Trailing zeros are not extra decimals.
        assert_eq!(
            validate_amount(d("1.2300"), usd, None).unwrap().to_string(),
            "1.23"
        );
        assert!(matches!(
            validate_amount(d("10.01"), usd, Some(d("10.00"))),
            Err(AmountError::AboveBalance { .. })
        ));
        assert_eq!(format_amount(d("831.6"), usd), "831.60");
    }
}
