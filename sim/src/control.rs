//! The control API under `/_sim/`, through which tests (and other processes, e.g. browser
//! tests against `recaudo sim`) arm faults, move the clock, read state and reset.
//!
//! - `GET  /_sim/state` → one entry per biller of the registry (`{"unicomer": UnicomerSnapshot,
//!   "unicobros": ..., "zoom": ..., "cooplan": ...}`) and `"faults"`, `"readings"`, `"clock"`
//! - `POST /_sim/faults` (a [`Fault`](crate::Fault) as JSON), `DELETE /_sim/faults`, `GET /_sim/faults`
//! - `POST /_sim/clock/advance` `{"seconds": n}`, `GET /_sim/clock`
//! - `POST /_sim/reset` (faults, state, clock, and readings back to those given at start)
//! - `GET  /_sim/readings` → `{"readings": {"unicomer.consultarpago_key": "secuencial", ...},
//!   "specs": [{"key", "biller", "values", "default", "document", "meaning"}, ...]}`: the
//!   reading played for each documented ambiguity, and the table of them all
//!   ([`crate::readings`]).
//! - `POST /_sim/readings` `{"key": "unicomer.consultarpago_key", "value": "idtrx"}`, or
//!   several at once as `{"unicomer.consultarpago_key": "idtrx", "cooplan.auth_header":
//!   "autorizacion"}` → `{"readings": {...}}` as they now are; an unknown key or value is a
//!   400 `{"error": ...}` that changes nothing (not even the valid ones beside it).
//! - `/_sim/{biller}/...`: the biller's own controls (its `control.rs`), and
//!   `POST /_sim/{biller}/tokens/expire` for every biller that issues tokens.
//!
//! Replies are JSON; errors are `{"error": "..."}` with 400 or 404.

use hyper::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::Shared;
use crate::biller::{ControlCall, SimResponse};
use crate::clock::wall;
use crate::faults::Fault;
use crate::fields::parse_decimal;
use crate::readings::{READINGS, ReadingError, Readings};

pub(crate) fn control_ok(value: Value) -> SimResponse {
    SimResponse::ok(&value)
}

pub(crate) fn control_error(status: StatusCode, msg: &str) -> SimResponse {
    SimResponse::json(status, &json!({"error": msg}))
}

// What the control bodies share: JSON objects whose numbers may come as numbers or strings.
// The billers' own controls read them with these, so every control endpoint accepts the same
// spellings and answers the same message for a body that is not JSON.

/// A control body as JSON, or the message of the 400 that refuses it.
pub(crate) fn json_body(body: &[u8]) -> Result<Value, String> {
    crate::exact::parse(body).map_err(|e| format!("invalid JSON: {e}"))
}

/// One field of a JSON control body; `None` when the body is not JSON or lacks it.
pub(crate) fn body_field(body: &[u8], key: &str) -> Option<Value> {
    crate::exact::parse(body).ok()?.get(key).cloned()
}

/// An integer written as a JSON number or as a string (spaces trimmed).
pub(crate) fn json_int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An amount written as a JSON number or as a string (spaces trimmed), read from its text so
/// that no double is involved.
pub(crate) fn json_amount(v: Option<&Value>) -> Option<Decimal> {
    match v? {
        Value::Number(n) => parse_decimal(&n.to_string()),
        Value::String(s) => parse_decimal(s.trim()),
        _ => None,
    }
}

/// Serves `/_sim/{path}` (`path` without leading or trailing `/`, case kept). The generic
/// endpoints and biller names are matched without case; a biller's own controls get the rest
/// of the path as sent, since some take case-sensitive parameters (Unicobros references).
pub(crate) fn handle(shared: &Shared, method: &Method, path: &str, body: &[u8]) -> SimResponse {
    match (method, path.to_lowercase().as_str()) {
        (&Method::GET, "state") => control_ok(shared.state_json()),
        (&Method::GET, "faults") => control_ok(json!({"faults": shared.faults.list()})),
        (&Method::POST, "faults") => match serde_json::from_slice::<Fault>(body) {
            Ok(fault) => match shared.arm(fault.clone()) {
                Ok(()) => control_ok(json!({"armed": fault})),
                Err(e) => control_error(StatusCode::BAD_REQUEST, &e.0),
            },
            Err(e) => control_error(StatusCode::BAD_REQUEST, &format!("invalid fault: {e}")),
        },
        (&Method::DELETE, "faults") => {
            shared.faults.clear();
            control_ok(json!({"faults": []}))
        }
        (&Method::GET, "clock") => control_ok(json!({"clock": wall(shared.clock.now())})),
        (&Method::POST, "clock/advance") => {
            let seconds = body_field(body, "seconds").and_then(|v| v.as_i64());
            match seconds {
                Some(s) => {
                    shared.clock.advance(s);
                    control_ok(json!({"clock": wall(shared.clock.now())}))
                }
                None => control_error(
                    StatusCode::BAD_REQUEST,
                    "body must be {\"seconds\": <integer>}",
                ),
            }
        }
        (&Method::GET, "readings") => control_ok(json!({
            "readings": shared.readings.snapshot(),
            "specs": READINGS,
        })),
        (&Method::POST, "readings") => match set_readings(shared, body) {
            Ok(readings) => control_ok(json!({"readings": readings})),
            Err(e) => control_error(StatusCode::BAD_REQUEST, &e.0),
        },
        (&Method::POST, "reset") => {
            shared.reset();
            control_ok(json!({"reset": true}))
        }
        _ => {
            let (name, rest) = path.split_once('/').unwrap_or((path, ""));
            let segments: Vec<&str> = rest.split('/').collect();
            let call = ControlCall {
                method,
                path: &segments,
                body,
                now: shared.clock.now(),
            };
            shared
                .biller(&name.to_lowercase())
                .and_then(|b| b.control(&call))
                .unwrap_or_else(|| {
                    control_error(
                        StatusCode::NOT_FOUND,
                        &format!("no control endpoint {method} /_sim/{path}"),
                    )
                })
        }
    }
}

/// `{"key": k, "value": v}` sets one reading; any other object sets each of its entries. All
/// or nothing.
fn set_readings(shared: &Shared, body: &[u8]) -> Result<Readings, ReadingError> {
    let usage = || {
        ReadingError(
            "body must be {\"key\": \"<reading>\", \"value\": \"<value>\"} or \
             {\"<reading>\": \"<value>\", ...}"
                .to_owned(),
        )
    };
    let Ok(Value::Object(object)) = crate::exact::parse(body) else {
        return Err(usage());
    };
    let single = object.len() == 2 && object.contains_key("key") && object.contains_key("value");
    let pairs: Vec<(&str, &str)> = if single {
        match (&object["key"], &object["value"]) {
            (Value::String(k), Value::String(v)) => vec![(k.as_str(), v.as_str())],
            _ => return Err(usage()),
        }
    } else {
        object
            .iter()
            .map(|(k, v)| v.as_str().map(|v| (k.as_str(), v)).ok_or_else(usage))
            .collect::<Result<_, _>>()?
    };
    if pairs.is_empty() {
        return Err(usage());
    }
    shared.readings.update(|r| r.set_all(pairs))
}
