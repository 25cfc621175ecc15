//! Lenient scalar codecs shared by the billers' wire types.
//!
//! Billers send the same field as a number in one reply and a string in the next (`"status": 0`
//! vs `"status": "451"`, `"operacion": 57266.0`). These `#[serde(with = ...)]` modules accept
//! both, read numbers from their text (serde_json `arbitrary_precision`), and never round-trip
//! through a float.

use std::fmt;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Deserializer;
use serde::de::{self, MapAccess, Visitor};

use crate::money::wire::DecimalVisitor;

/// An integer sent as a number (`4`, `57266.0`) or a string (`"4"`).
pub mod int {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let value = d.deserialize_any(DecimalVisitor)?;
        to_int(value).map_err(de::Error::custom)
    }

    pub fn serialize<S: serde::Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(*v)
    }
}

/// Like [`int`], with `null`, a missing field (with `#[serde(default)]`) or `""` as `None`.
pub mod int_opt {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        let value = crate::money::wire::number_opt::deserialize(d)?;
        value.map(to_int).transpose().map_err(de::Error::custom)
    }

    pub fn serialize<S: serde::Serializer>(v: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_i64(*v),
            None => s.serialize_none(),
        }
    }
}

fn to_int(value: Decimal) -> Result<i64, String> {
    if value.fract() != Decimal::ZERO {
        return Err(format!("expected an integer, got {value}"));
    }
    value
        .trunc()
        .to_i64()
        .ok_or_else(|| format!("integer out of range: {value}"))
}

/// A code sent as a number or a string, kept as its text (`0` and `"0"` both become `"0"`).
pub mod text {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

/// Like [`text`], with `null` or a missing field as `None`.
pub mod text_opt {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_option(OptionalText)
    }

    struct OptionalText;
    impl<'de> Visitor<'de> for OptionalText {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number, a string or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(TextVisitor).map(Some)
        }
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        // serde_json's arbitrary-precision number: a single private key holding the text.
        let _key: Option<de::IgnoredAny> = map.next_key()?;
        map.next_value()
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Row {
        #[serde(with = "super::text")]
        status: String,
        #[serde(with = "super::int")]
        n: i64,
        #[serde(with = "super::int_opt", default)]
        m: Option<i64>,
    }

    #[test]
    fn accepts_numbers_and_strings() {
        let a: Row = serde_json::from_str(r#"{"status": 0, "n": 57266.0, "m": "4"}"#).unwrap();
        assert_eq!((a.status.as_str(), a.n, a.m), ("0", 57266, Some(4)));
        let b: Row = serde_json::from_str(r#"{"status": "451", "n": "7", "m": null}"#).unwrap();
        assert_eq!((b.status.as_str(), b.n, b.m), ("451", 7, None));
        let c: Row = serde_json::from_str(r#"{"status": -1, "n": 1}"#).unwrap();
        assert_eq!(c.status, "-1");
        assert!(serde_json::from_str::<Row>(r#"{"status": 0, "n": 1.5}"#).is_err());
    }
}
