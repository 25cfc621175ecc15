//! JSON numbers kept as their text, without serde_json's `arbitrary_precision`.
//!
//! The simulator reads amounts from requests and writes them into replies as decimals, never as
//! doubles. serde_json's `raw_value` hands over a value's text, which is enough for typed
//! replies (a `RawNumber` field) and for reading request bodies ([`parse`]); replies built with
//! `json!` carry amounts as [`number`]s, which [`write`] turns back into bare numbers. Public for
//! tests that send the simulator amounts and read them back the same way.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

/// A JSON number written from its decimal text (a typed reply's amount field).
pub(crate) type RawNumber = Box<RawValue>;

/// The raw number for a decimal's text; `0` if the text is not a JSON number (never the case
/// for a `Decimal`'s own text).
pub(crate) fn raw_number(text: String) -> RawNumber {
    let numeric = text.starts_with(|c: char| c == '-' || c.is_ascii_digit());
    match RawValue::from_string(text) {
        Ok(raw) if numeric => raw,
        _ => RawValue::from_string("0".to_owned()).unwrap_or_default(),
    }
}

/// Marks a string in a `Value` tree that [`write`] writes as a bare number.
const NUMBER_MARK: &str = "\u{0}recaudo-sim-number:";

/// The written form of [`NUMBER_MARK`] inside a JSON string (serde_json escapes U+0000).
const WRITTEN_MARK: &[u8] = b"\"\\u0000recaudo-sim-number:";

/// A number for a `json!` reply, from a decimal's text: a `Value` can only hold a number as an
/// integer or a double, so the text travels as a marked string until [`write`].
pub fn number(text: String) -> Value {
    Value::String(format!("{NUMBER_MARK}{text}"))
}

/// Serialises a reply, writing every [`number`] as the bare number it stands for.
pub fn write<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let body = serde_json::to_vec(value)?;
    if !body.windows(WRITTEN_MARK.len()).any(|w| w == WRITTEN_MARK) {
        return Ok(body);
    }
    let mut out = Vec::with_capacity(body.len());
    let mut rest = &body[..];
    while let Some(at) = rest
        .windows(WRITTEN_MARK.len())
        .position(|w| w == WRITTEN_MARK)
    {
        out.extend_from_slice(&rest[..at]);
        let digits = &rest[at + WRITTEN_MARK.len()..];
        // A decimal's text has no quote or escape: the number ends at the closing quote.
        let end = digits
            .iter()
            .position(|&b| b == b'"')
            .unwrap_or(digits.len());
        out.extend_from_slice(&digits[..end]);
        rest = digits.get(end + 1..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
    Ok(out)
}

/// Parses a request body into a `Value` in which every number that is not a whole number is a
/// string of its exact text (`831.60` becomes `"831.60"`); whole numbers stay numbers. Every
/// handler reads an amount from a number or from a numeric string alike, so this loses nothing
/// and no amount passes through a double.
pub fn parse(body: &[u8]) -> serde_json::Result<Value> {
    serde_json::from_slice::<Exact>(body).map(|e| e.0)
}

/// A `Value` read as [`parse`] describes.
struct Exact(Value);

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <&'de RawValue>::deserialize(d)?;
        let text = raw.get();
        let value = match text.as_bytes().first() {
            Some(b'{') => serde_json::from_str::<BTreeMap<String, Exact>>(text)
                .map(|map| Value::Object(map.into_iter().map(|(k, v)| (k, v.0)).collect())),
            Some(b'[') => serde_json::from_str::<Vec<Exact>>(text)
                .map(|items| Value::Array(items.into_iter().map(|v| v.0).collect())),
            Some(b'-' | b'0'..=b'9') => Ok(match (text.parse::<i64>(), text.parse::<u64>()) {
                (Ok(n), _) => Value::from(n),
                (_, Ok(n)) => Value::from(n),
                _ => Value::String(text.to_owned()),
            }),
            _ => serde_json::from_str::<Value>(text),
        };
        value.map(Exact).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fractions_as_their_text() {
        let v = parse(
            br#"{"a": 831.60, "b": [1, -2, 12345678901234567.89], "c": {"d": "x"}, "e": null}"#,
        )
        .unwrap();
        assert_eq!(v["a"], "831.60");
        assert_eq!(v["b"][0], 1);
        assert_eq!(v["b"][1], -2);
        assert_eq!(v["b"][2], "12345678901234567.89");
        assert_eq!(v["c"]["d"], "x");
        assert!(v["e"].is_null());
        assert!(parse(b"{\"a\":").is_err());
    }

    #[test]
    fn writes_marked_numbers_bare() {
        let reply = serde_json::json!({"total": number("2871.70".into()), "n": "plain", "list": [number("5".into())]});
        let body = String::from_utf8(write(&reply).unwrap()).unwrap();
        assert_eq!(body, r#"{"list":[5],"n":"plain","total":2871.70}"#);
        assert_eq!(raw_number("0.10".into()).get(), "0.10");
        assert_eq!(raw_number("abc".into()).get(), "0");
    }
}
