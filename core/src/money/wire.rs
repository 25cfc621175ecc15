//! JSON codecs for amounts, used with `#[serde(with = ...)]` on wire types.
//!
//! serde_json is built with `arbitrary_precision`, so a JSON number reaches a visitor as its
//! original text (a one-entry map under serde_json's private key). These visitors read that text
//! (or a JSON string, since several billers send amounts as strings) straight into a `Decimal`.
//! There is deliberately no `visit_f64`: a float can never become an amount.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserializer, Serialize, Serializer};

/// serde_json's private key for an arbitrary-precision number.
pub(crate) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

pub(crate) struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal amount as a JSON number or string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        decimal_from_text(v.trim()).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        let key: Option<String> = map.next_key()?;
        if key.as_deref() != Some(NUMBER_TOKEN) {
            return Err(de::Error::custom("expected a number"));
        }
        // Parse the number's text in place (no intermediate String).
        map.next_value_seed(NumberText)
    }
}

/// Reads the text of an arbitrary-precision number as a `Decimal` without allocating.
struct NumberText;

impl<'de> de::DeserializeSeed<'de> for NumberText {
    type Value = Decimal;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Decimal, D::Error> {
        d.deserialize_str(DecimalVisitor)
    }
}

/// Reads a decimal from JSON number text, including exponent forms a biller might emit
/// (`1.5E+2`), without going through a float.
fn decimal_from_text(text: &str) -> Result<Decimal, String> {
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).map_err(|e| format!("invalid amount `{text}`: {e}"))
    } else {
        Decimal::from_str(text).map_err(|e| format!("invalid amount `{text}`: {e}"))
    }
}

/// Optional amounts: `null` (or a missing field, with `#[serde(default)]`) is `None`; an empty
/// string is `None` too, which billers use for "no amount".
struct OptionalDecimalVisitor;

impl<'de> Visitor<'de> for OptionalDecimalVisitor {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal amount or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            Ok(None)
        } else {
            DecimalVisitor.visit_str(v).map(Some)
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        DecimalVisitor.visit_map(map).map(Some)
    }
}

/// Writes a JSON number token with the decimal's own digits (`340.78` stays `340.78`).
fn serialize_number<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    let number =
        serde_json::Number::from_str(&value.to_string()).map_err(serde::ser::Error::custom)?;
    number.serialize(serializer)
}

/// A required amount, read from a JSON number or string, written as a JSON number.
pub mod number {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_number(value, serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

/// An optional amount, read from a JSON number, string, `""` or `null`, written as a number.
pub mod number_opt {
    use super::*;

    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serialize_number(v, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        deserializer.deserialize_option(OptionalDecimalVisitor)
    }
}

/// A required amount written as a JSON string (`"1500.00"`), read from a number or a string.
pub mod string {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Row {
        #[serde(with = "number")]
        a: Decimal,
        #[serde(with = "number_opt", default)]
        b: Option<Decimal>,
        #[serde(with = "string")]
        c: Decimal,
    }

    #[test]
    fn keeps_the_text_of_numbers() {
        let row: Row = serde_json::from_str(r#"{"a": 831.60, "b": "0.10", "c": 1.5E+2}"#).unwrap();
        assert_eq!(row.a.to_string(), "831.60");
        assert_eq!(row.b.unwrap().to_string(), "0.10");
        assert_eq!(row.c.to_string(), "150");
        // A double would print 0.30000000000000004 for this sum; decimals stay exact.
        let sum: Row = serde_json::from_str(r#"{"a": 0.1, "b": null, "c": "0.2"}"#).unwrap();
        assert_eq!((sum.a + sum.c).to_string(), "0.3");
        assert_eq!(sum.b, None);
        let text = serde_json::to_string(&row).unwrap();
        assert_eq!(text, r#"{"a":831.60,"b":0.10,"c":"150"}"#);
    }

    #[test]
    fn refuses_non_amounts() {
        assert!(serde_json::from_str::<Row>(r#"{"a": true, "c": "1"}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"a": "12,5", "c": "1"}"#).is_err());
        let empty: Row = serde_json::from_str(r#"{"a": 1, "b": "", "c": "1"}"#).unwrap();
        assert_eq!(empty.b, None);
    }
}
