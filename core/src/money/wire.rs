//! JSON codecs for amounts, used with `#[serde(with = ...)]` on wire types.
//!
//! An amount is read from the JSON number's own text, never through a float, without asking the
//! application to build serde_json with `arbitrary_precision` (which would change how every
//! other crate in it reads numbers). serde_json's `raw_value` feature (additive: it only adds
//! `RawValue`) lets a deserializer hand over a value's unparsed text when asked for a newtype
//! struct under its private name; [`scalar`] asks for that and classifies the text, so `831.60`
//! stays `831.60` and a 25-digit amount keeps every digit; one with more digits than a
//! `Decimal` holds, or an exponent form it cannot hold exactly, is refused, never rounded.
//! Other formats (a JS object through serde-wasm-bindgen, serde's buffered content) answer the
//! same request as an ordinary newtype struct, and then a float is refused rather than turned
//! into an amount. If the application turns `arbitrary_precision` on anyway, its number maps
//! are read as text too.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// serde_json's private name for a raw value: a serde_json deserializer asked for a newtype
/// struct of this name hands the value's JSON text over as a one-entry map under this key.
/// (The `keeps_the_text_of_numbers` tests fail if serde_json ever renames it.)
pub(crate) const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// serde_json's private key for a number under `arbitrary_precision`, which an application may
/// still turn on: such a number reaches `deserialize_any` as a one-entry map under this key.
pub(crate) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// One JSON scalar as it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scalar<'de> {
    Null,
    Bool(bool),
    /// A number's exact text (`831.60`, `-1`, `1.5E+2`).
    Number(Cow<'de, str>),
    /// A string, unescaped (borrowed from the body when it has no escapes).
    Str(Cow<'de, str>),
}

/// Reads one scalar with a number's exact text (see the module docs). An object or a list is an
/// error.
pub(crate) fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar<'de>, D::Error> {
    d.deserialize_newtype_struct(RAW_TOKEN, ScalarVisitor)
}

/// Like [`scalar`], for a field that may also be JSON's `null` through `deserialize_option`
/// (formats that mark optional values, such as serde's buffered content, say so that way).
pub(crate) fn scalar_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar<'de>, D::Error> {
    d.deserialize_option(ScalarVisitor)
}

#[derive(Clone, Copy)]
struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number, a boolean or null")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        scalar(d)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Number(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Scalar::Number(Cow::Owned(v.to_string())))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        Ok(Scalar::Number(Cow::Owned(v.to_string())))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        Ok(Scalar::Number(Cow::Owned(v.to_string())))
    }
    // No `visit_f64`: a format that has already made a float of a number cannot give its digits
    // back, and a float never becomes an amount (the default refuses it as an invalid type).
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        match map.next_key_seed(KeyKind)? {
            Some(Key::Raw) => map.next_value_seed(RawText),
            Some(Key::Number) => Ok(Scalar::Number(map.next_value::<Text<'de>>()?.0)),
            _ => Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
    }
}

/// What the one key of a map handed to [`ScalarVisitor`] says the map is.
enum Key {
    /// serde_json's raw value: the value is the JSON text.
    Raw,
    /// serde_json's `arbitrary_precision` number: the value is the number's text.
    Number,
    /// A real object.
    Other,
}

/// Reads a key as a [`Key`] without keeping it.
struct KeyKind;

impl<'de> de::DeserializeSeed<'de> for KeyKind {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyKind {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match v {
            RAW_TOKEN => Key::Raw,
            NUMBER_TOKEN => Key::Number,
            _ => Key::Other,
        })
    }
}

/// Reads a raw value's JSON text straight into a [`Scalar`], borrowing from the body.
struct RawText;

impl<'de> de::DeserializeSeed<'de> for RawText {
    type Value = Scalar<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Scalar<'de>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for RawText {
    type Value = Scalar<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value's text")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        classify(v).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar<'de>, E> {
        classify(v).map(Scalar::into_owned).map_err(E::custom)
    }
}

impl Scalar<'_> {
    fn into_owned(self) -> Scalar<'static> {
        match self {
            Scalar::Null => Scalar::Null,
            Scalar::Bool(b) => Scalar::Bool(b),
            Scalar::Number(t) => Scalar::Number(Cow::Owned(t.into_owned())),
            Scalar::Str(t) => Scalar::Str(Cow::Owned(t.into_owned())),
        }
    }
}

/// Classifies a value's raw JSON text (serde_json hands it over trimmed and well formed).
fn classify(raw: &str) -> Result<Scalar<'_>, String> {
    match raw.as_bytes().first() {
        Some(b'"') => unquote(raw).map(Scalar::Str),
        Some(b'n') => Ok(Scalar::Null),
        Some(b't') => Ok(Scalar::Bool(true)),
        Some(b'f') => Ok(Scalar::Bool(false)),
        Some(b'{') => {
            Err("invalid type: map, expected a string, a number, a boolean or null".into())
        }
        Some(b'[') => {
            Err("invalid type: sequence, expected a string, a number, a boolean or null".into())
        }
        Some(_) => Ok(Scalar::Number(Cow::Borrowed(raw))),
        None => Err("empty value".into()),
    }
}

/// A JSON string literal's content: the slice between the quotes when there is no escape (the
/// usual case, no copy), else serde_json's unescaping.
fn unquote(literal: &str) -> Result<Cow<'_, str>, String> {
    let bytes = literal.as_bytes();
    if bytes.len() >= 2 && !bytes.contains(&b'\\') {
        Ok(Cow::Borrowed(&literal[1..literal.len() - 1]))
    } else {
        unescape(literal)
    }
}

/// A string literal with escapes, through serde_json (rare: billers' amounts and ids have none).
#[cold]
fn unescape(literal: &str) -> Result<Cow<'static, str>, String> {
    crate::wire::from_text::<String>(literal)
        .map(Cow::Owned)
        .map_err(|e| e.to_string())
}

/// A string, borrowed from the input when it can be.
pub(crate) struct Text<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Reads a decimal from JSON number text, including exponent forms a biller might emit
/// (`1.5E+2`), without going through a float.
pub(crate) fn decimal_from_text(text: &str) -> Result<Decimal, String> {
    // The plain form first: it is what billers send, and this spares a scan for an exponent.
    // Not `Decimal::from_str`: on an exponent it falls back to rust_decimal's *lossy* reader,
    // which rounds an exponent form it cannot hold exactly instead of refusing it.
    plain(text).or_else(|e| match text.split_once(['e', 'E']) {
        Some((base, exponent)) => with_exponent(base, exponent)
            .ok_or_else(|| format!("invalid amount `{text}`: not a decimal in exponent form")),
        None => Err(format!("invalid amount `{text}`: {e}")),
    })
}

/// A decimal without an exponent, exactly: more digits than a `Decimal` holds (28 or 29) are
/// refused, not rounded away. It is also the reader `money::parse_amount` uses.
///
/// It accepts what rust_decimal's `Decimal::from_str_exact` accepts and reads it to the same
/// value, scale and sign (the unit tests compare the two over generated text): an optional
/// sign, digits with at most one `.`, `_` separators after the first digit, at most 28
/// decimals and a mantissa below 2^96. Written here because rust_decimal's reader is a
/// dispatch over six const parameters that compiles to about 7 KB in each browser bundle;
/// this one is a loop.
pub(crate) fn plain(text: &str) -> Result<Decimal, &'static str> {
    const LIMIT: u128 = 1 << 96;
    let (negative, body) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        body => (false, body),
    };
    let (mut mantissa, mut scale) = (0u128, 0u32);
    let (mut point, mut digits) = (false, false);
    for &b in body {
        if point && scale == Decimal::MAX_SCALE {
            return Err("more than 28 decimals");
        }
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u128::from(b - b'0');
                if mantissa >= LIMIT {
                    return Err(if point {
                        "more digits than a decimal holds"
                    } else {
                        "too large for a decimal"
                    });
                }
                scale += u32::from(point);
                digits = true;
            }
            b'.' if !point => point = true,
            b'_' if digits => {}
            b'.' => return Err("two decimal points"),
            _ => return Err("not a digit"),
        }
    }
    if !digits {
        return Err("no digits");
    }
    // Below 2^96, so the three 32-bit words hold it (the casts keep each word's bits).
    Ok(Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        (mantissa >> 64) as u32,
        negative,
        scale,
    ))
}

/// `base` × 10^`exponent`, read as rust_decimal's exact `Decimal::from_scientific` reads it
/// (same value, same scale, same refusals: the unit tests compare the two), through the plain
/// reader and scale arithmetic the bundles already carry instead of a second parser.
fn with_exponent(base: &str, exponent: &str) -> Option<Decimal> {
    let mut value = plain(base).ok()?;
    let scale = value.scale();
    if let Some(down) = exponent.strip_prefix('-') {
        let down: u32 = down.parse().ok().filter(|d| *d <= Decimal::MAX_SCALE)?;
        value.set_scale(scale + down).ok()?;
    } else {
        let up: u32 = exponent.parse().ok()?;
        if up <= scale {
            value.set_scale(scale - up).ok()?;
        } else if up <= Decimal::MAX_SCALE {
            for _ in 0..up {
                value = value.checked_mul(Decimal::TEN)?;
            }
            value = value.normalize();
        } else {
            return None;
        }
    }
    Some(value)
}

/// A required decimal: a JSON number or a numeric string.
pub(crate) fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    match scalar(d)? {
        Scalar::Number(t) => decimal_from_text(&t).map_err(de::Error::custom),
        Scalar::Str(t) => decimal_from_text(t.trim()).map_err(de::Error::custom),
        Scalar::Null => Err(de::Error::invalid_type(
            Unexpected::Unit,
            &"a decimal amount",
        )),
        Scalar::Bool(b) => Err(de::Error::invalid_type(
            Unexpected::Bool(b),
            &"a decimal amount",
        )),
    }
}

/// An optional decimal: `null`, a missing field (with `#[serde(default)]`) or a blank string is
/// `None`, which billers use for "no amount".
pub(crate) fn decimal_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    optional(d, true)
}

/// An optional decimal from a number, a numeric string or `null`; a blank string is `None` when
/// `blank_is_none`, an error otherwise.
fn optional<'de, D: Deserializer<'de>>(
    d: D,
    blank_is_none: bool,
) -> Result<Option<Decimal>, D::Error> {
    match scalar_opt(d)? {
        Scalar::Null => Ok(None),
        Scalar::Str(t) if blank_is_none && crate::wire::is_blank(&t) => Ok(None),
        Scalar::Number(t) => decimal_from_text(&t).map(Some).map_err(de::Error::custom),
        Scalar::Str(t) => decimal_from_text(t.trim())
            .map(Some)
            .map_err(de::Error::custom),
        Scalar::Bool(b) => Err(de::Error::invalid_type(
            Unexpected::Bool(b),
            &"a decimal amount or null",
        )),
    }
}

/// Writes a JSON number token with the decimal's own digits (`340.78` stays `340.78`): serde_json
/// writes a raw value's text as it is.
fn serialize_number<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    let raw = serde_json::value::RawValue::from_string(value.to_string())
        .map_err(serde::ser::Error::custom)?;
    raw.serialize(serializer)
}

/// A required amount, read from a JSON number or string, written as a JSON number.
pub mod number {
    use super::*;

    /// Writes the amount as a JSON number with its own digits.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_number(value, serializer)
    }

    /// Reads the amount from a JSON number's text or a numeric string.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        decimal(deserializer)
    }
}

/// An optional amount, read from a JSON number, string, `""` or `null`, written as a number.
pub mod number_opt {
    use super::*;

    /// Writes the amount as a JSON number, or `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serialize_number(v, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads the amount; `null`, `""` and blank text are `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        decimal_opt(deserializer)
    }
}

/// A required amount written as a JSON string (`"1500.00"`), read from a number or a string.
pub mod string {
    use super::*;

    /// Writes the amount as a JSON string with its own digits.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_string())
    }

    /// Reads the amount from a JSON number's text or a numeric string.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        decimal(deserializer)
    }
}

/// An optional amount written as a JSON string or `null`, read from a number, a numeric string
/// or `null` (a blank string is refused, not taken for "no amount": this is for the caller's own
/// input, where `""` is a mistake rather than a biller's way of saying none). With
/// `#[serde(default)]`, a missing field is `None`.
pub mod string_opt {
    use super::*;

    /// Writes the amount as a JSON string, or `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.serialize_str(&v.to_string()),
            None => serializer.serialize_none(),
        }
    }

    /// Reads the amount, `null` as `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        optional(deserializer, false)
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

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
    fn reads_exponents_as_rust_decimal_does() {
        let bases = [
            "0",
            "1",
            "-1",
            "1.5",
            "-1.50",
            "0.001",
            "123456789.123456789",
            "7.9228162514264337593543950335",
            "79228162514264337593543950335",
            "-0.0",
            "",
            "-",
            "1.",
            ".5",
            "x",
        ];
        let exponents = [
            "0",
            "1",
            "2",
            "+2",
            "-2",
            "-0",
            "9",
            "18",
            "27",
            "28",
            "29",
            "-27",
            "-28",
            "-29",
            "-+2",
            "+-2",
            "",
            "a",
            "99999999999",
        ];
        for base in bases {
            for exponent in exponents {
                for e in ["e", "E"] {
                    let text = format!("{base}{e}{exponent}");
                    let ours = decimal_from_text(&text).ok();
                    let theirs = Decimal::from_str_exact(&text)
                        .or_else(|_| Decimal::from_scientific(&text))
                        .ok();
                    assert_eq!(ours, theirs, "{text}");
                    assert_eq!(
                        ours.map(|d| d.to_string()),
                        theirs.map(|d| d.to_string()),
                        "{text}"
                    );
                }
            }
        }
        assert_eq!(decimal_from_text("1.5E+2").unwrap().to_string(), "150");
        assert!(decimal_from_text("1E29").unwrap_err().contains("1E29"));
        // An exponent form a decimal cannot hold exactly is refused, not rounded (what
        // `Decimal::from_str` would do).
        assert_eq!(
            Decimal::from_str("1.5e-28").unwrap().to_string(),
            "0.0000000000000000000000000002"
        );
        assert!(decimal_from_text("1.5e-28").is_err());
    }

    #[test]
    fn reads_plain_decimals_as_rust_decimal_does() {
        let same = |text: &str| {
            let ours = plain(text).ok();
            let theirs = Decimal::from_str_exact(text).ok();
            // `Decimal`'s equality ignores scale and the sign of zero: compare the parts too.
            assert_eq!(
                ours.map(|d| d.serialize()),
                theirs.map(|d| d.serialize()),
                "{text:?}"
            );
        };
        // Text from an alphabet weighted towards digits, every length up to 40: signs, points,
        // separators and strays in every position, and runs long enough to reach 28 decimals
        // and 2^96.
        let alphabet = b"0123456789012345678901234567890123456789._-+x 0";
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 41) as usize;
            let text: String = (0..len)
                .map(|i| {
                    let pick = (state.rotate_left(i as u32 * 5) >> 3) as usize ^ i;
                    char::from(alphabet[pick % alphabet.len()])
                })
                .collect();
            same(&text);
        }
        let nines = "9".repeat(40);
        let zeros = "0".repeat(40);
        for len in 0..=40 {
            for point in 0..=len {
                for digits in [&nines, &zeros] {
                    let run = &digits[..len];
                    same(&format!("{}.{}", &run[..point], &run[point..]));
                    same(&format!("-{}.{}1", &run[..point], &run[point..]));
                    same(&format!("1{}_{}", &run[..point], &run[point..]));
                }
            }
        }
        for text in [
            "",
            "-",
            "+",
            ".",
            "-.",
            "_1",
            "1_",
            "1__0",
            "1._",
            "._5",
            "-0",
            "-0.00",
            "+.5",
            "5.",
            "1.2.3",
            "+-1",
            "79228162514264337593543950335",
            "79228162514264337593543950336",
            "7.9228162514264337593543950335",
            "7.9228162514264337593543950336",
            "0.0000000000000000000000000001",
            "0.00000000000000000000000000010",
        ] {
            same(text);
        }
    }

    #[test]
    fn refuses_non_amounts() {
        assert!(serde_json::from_str::<Row>(r#"{"a": true, "c": "1"}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"a": "12,5", "c": "1"}"#).is_err());
        let empty: Row = serde_json::from_str(r#"{"a": 1, "b": "", "c": "1"}"#).unwrap();
        assert_eq!(empty.b, None);
    }

    #[test]
    fn large_and_precise_numbers_keep_every_digit() {
        // Beyond a double's 15-17 significant digits: a float would round both.
        let row: Row = serde_json::from_str(
            r#"{"a": 12345678901234567.89, "b": 0.1000000000000000055511151231, "c": "7.10"}"#,
        )
        .unwrap();
        assert_eq!(row.a.to_string(), "12345678901234567.89");
        assert_eq!(row.b.unwrap().to_string(), "0.1000000000000000055511151231");
        // More digits than a decimal holds: refused, not rounded.
        let e =
            serde_json::from_str::<Row>(r#"{"a": 0.1000000000000000055511151231257827, "c": "1"}"#)
                .unwrap_err();
        assert!(e.to_string().contains("invalid amount"), "{e}");
        assert_eq!(row.c.to_string(), "7.10");
        // Written back with the same digits.
        let text = serde_json::to_string(&row).unwrap();
        assert!(text.starts_with(r#"{"a":12345678901234567.89,"#), "{text}");
    }

    #[test]
    fn strings_with_escapes_and_other_readers() {
        let row: Row = serde_json::from_str(r#"{"a": "\u0031\u0032.5", "c": " 3 "}"#).unwrap();
        assert_eq!(
            (row.a.to_string(), row.c.to_string()),
            ("12.5".into(), "3".into())
        );
        // From a reader (owned text rather than borrowed slices) and from a `Value` string.
        let row: Row = serde_json::from_reader(&br#"{"a": 831.60, "c": "1"}"#[..]).unwrap();
        assert_eq!(row.a.to_string(), "831.60");
        let value = serde_json::json!({"a": "0.10", "b": null, "c": 5});
        let row: Row = serde_json::from_value(value).unwrap();
        assert_eq!((row.a.to_string(), row.b), ("0.10".into(), None));
    }

    #[test]
    fn a_format_that_made_a_float_is_refused() {
        // `untagged` buffers the value in serde's own content, which keeps a fractional number
        // only as a float: the amount is refused, never rounded into a decimal. Whole numbers
        // and strings still read.
        #[derive(Deserialize, Debug)]
        #[serde(untagged)]
        enum Buffered {
            Row(Row),
        }
        let buffered = serde_json::from_str::<Buffered>(r#"{"a": 0.10, "c": "1"}"#);
        // An app may build serde_json with `arbitrary_precision`: the content then keeps the
        // number's text, which is read exactly.
        let keeps_text = serde_json::from_str::<serde_json::Value>("0.10")
            .and_then(|v| serde_json::to_string(&v))
            .is_ok_and(|text| text == "0.10");
        match buffered {
            Ok(Buffered::Row(row)) => {
                assert!(keeps_text, "a float became the amount {}", row.a);
                assert_eq!(row.a.to_string(), "0.10");
            }
            Err(_) => assert!(!keeps_text, "the number's text was kept but refused"),
        }
        let Buffered::Row(row) =
            serde_json::from_str::<Buffered>(r#"{"a": 7, "b": "0.10", "c": "1"}"#).unwrap();
        assert_eq!(
            (row.a.to_string(), row.b.unwrap().to_string()),
            ("7".into(), "0.10".into())
        );
        let text: serde::de::value::StrDeserializer<serde::de::value::Error> =
            serde::de::IntoDeserializer::into_deserializer("0.30");
        assert_eq!(string::deserialize(text).unwrap().to_string(), "0.30");
    }
}
