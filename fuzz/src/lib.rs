//! Shared input shaping and invariants for recaudo's fuzz targets.
//!
//! A decoder target's input is `[endpoint selector, status selector, body...]`: the first byte
//! picks the endpoint whose `Endpoint::decode` runs, the second the HTTP status, the rest is the
//! body. `cargo xtask fuzz` seeds every corpus from `core/tests/fixtures/<biller>/` in that shape.

use std::str::FromStr;

use chrono::{Datelike, NaiveDateTime, Timelike};
use recaudo_core::Error;
use recaudo_core::http::HttpResponse;
use recaudo_core::money::wire;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The statuses a biller plausibly answers; selector bytes past the table map to any status.
pub const STATUSES: [u16; 16] = [
    200, 201, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504, 302, 100,
];

/// A secret that seeds plant in token replies: no error may show it unless the biller itself
/// put it in its (verbatim) code or message.
pub const PLANTED_SECRET: &str = "planted-secret-7f3a9c";

/// Splits a decoder target's input into the endpoint selector and a response.
pub fn split(data: &[u8]) -> Option<(u8, HttpResponse)> {
    let (&selector, rest) = data.split_first()?;
    let (&status, body) = rest.split_first()?;
    let status = match STATUSES.get(usize::from(status)) {
        Some(s) => *s,
        None => 100 + u16::from(status) * 2,
    };
    Some((selector, HttpResponse::new(status, body.to_vec())))
}

/// The invariants every error honours.
pub fn check_error(e: &Error) {
    assert!(!e.code().is_empty(), "empty code for {e:?}");
    let display = e.to_string();
    assert!(!display.is_empty(), "empty Display for {e:?}");
    match e {
        Error::Decode { snippet, .. } | Error::HttpStatus { snippet, .. } => {
            // SNIPPET_CHARS characters plus the ellipsis.
            let n = snippet.chars().count();
            assert!(
                n <= recaudo_core::error::SNIPPET_CHARS + 1,
                "snippet of {n} chars: {e:?}"
            );
        }
        _ => {}
    }
    if let Some(status) = e.http_status() {
        assert!(status >= 100, "http_status {status} for {e:?}");
    }
}

/// For replies that can hold a token: the planted secret never shows in an error, except inside
/// the biller's own code or message, which are kept verbatim by contract.
pub fn check_no_secret(e: &Error) {
    let verbatim = e.biller_code().is_some_and(|c| c.contains(PLANTED_SECRET))
        || e.biller_message()
            .is_some_and(|m| m.contains(PLANTED_SECRET));
    if !verbatim {
        let display = e.to_string();
        assert!(
            !display.contains(PLANTED_SECRET),
            "secret in an error: {display}"
        );
        assert!(
            !format!("{e:?}").contains(PLANTED_SECRET),
            "secret in an error's Debug"
        );
    }
}

#[derive(Serialize, Deserialize)]
struct Number(#[serde(with = "wire::number")] Decimal);

#[derive(Serialize, Deserialize)]
struct Text(#[serde(with = "wire::string")] Decimal);

/// A decoded amount re-encodes to the same decimal (value and digits) through the JSON codecs
/// and through its text.
pub fn check_amount(d: Decimal) {
    let text = d.to_string();
    let back = Decimal::from_str(&text).expect("a decimal's own text parses");
    assert_eq!(back, d, "text round trip of {text}");
    assert_eq!(back.scale(), d.scale(), "scale lost in {text}");
    let json = serde_json::to_string(&Number(d)).expect("serialize number");
    let Number(n) = serde_json::from_str(&json).expect("read back number");
    assert_eq!(n, d, "number round trip of {text} via {json}");
    assert_eq!(n.scale(), d.scale(), "number scale of {text} via {json}");
    let json = serde_json::to_string(&Text(d)).expect("serialize string");
    let Text(s) = serde_json::from_str(&json).expect("read back string");
    assert_eq!(s, d, "string round trip of {text} via {json}");
    assert_eq!(s.scale(), d.scale(), "string scale of {text} via {json}");
}

pub fn check_amount_opt(d: Option<Decimal>) {
    if let Some(d) = d {
        check_amount(d);
    }
}

/// A date-time a parser read writes back (whole seconds, four-digit years) to text the same
/// parser reads as the same instant.
pub fn check_datetime_round_trip(
    at: NaiveDateTime,
    format: impl Fn(&NaiveDateTime) -> String,
    parse: impl Fn(&str) -> Option<NaiveDateTime>,
) {
    if !(0..=9999).contains(&at.year()) {
        return;
    }
    // Whole seconds; chrono keeps a leap second (`:60`) as nanoseconds past 1e9.
    let whole = at
        .with_nanosecond(at.nanosecond() / 1_000_000_000 * 1_000_000_000)
        .expect("whole seconds are valid");
    let text = format(&at);
    assert_eq!(parse(&text), Some(whole), "{at} written as {text:?}");
}
