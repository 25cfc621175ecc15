//! Unicomer's replies: its envelope `{status, msg, data}` with the document's quirks (a number
//! or a string status, errors without `data` or with `data: null`), and its amounts.

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use crate::biller::SimResponse;
use crate::exact::RawNumber;
use crate::money::number_dp;

/// A money amount as the biller writes it: a JSON number with two decimals.
pub(crate) fn money(d: Decimal) -> RawNumber {
    number_dp(d, 2)
}

/// `{"status": <number or string>, "msg": ..., "data": ...}`.
#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    status: Value,
    msg: &'a str,
    data: T,
}

/// `{"status": "...", "msg": ...}`, the document's error shape without `data`.
#[derive(Serialize)]
struct ErrorEnvelope<'a> {
    status: &'a str,
    msg: &'a str,
}

/// Success with the number `0` as status.
pub(crate) fn ok<T: Serialize>(msg: &str, data: T) -> SimResponse {
    SimResponse::ok(&Envelope {
        status: Value::from(0),
        msg,
        data,
    })
}

/// Success with the string `"0"` as status (reversapago's quirk).
pub(crate) fn ok_string_status<T: Serialize>(msg: &str, data: T) -> SimResponse {
    SimResponse::ok(&Envelope {
        status: Value::from("0"),
        msg,
        data,
    })
}

/// A business error as the document prints it (string code, no `data`).
pub(crate) fn fail(code: &str, msg: &str) -> SimResponse {
    SimResponse::ok(&ErrorEnvelope { status: code, msg })
}

/// A business error with `"data": null` (estadocuenta's shape).
pub(crate) fn fail_null_data(code: &str, msg: &str) -> SimResponse {
    SimResponse::ok(&Envelope {
        status: Value::from(code),
        msg,
        data: (),
    })
}

/// Malformed input: the document's "error general" code 133, HTTP 200.
pub(crate) fn malformed(msg: &str) -> SimResponse {
    fail("133", msg)
}
