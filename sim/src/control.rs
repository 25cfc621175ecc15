//! The control API under `/_sim/`, through which tests (and other processes, e.g. browser
//! tests against `recaudo sim`) arm faults, move the clock, read state and reset.
//!
//! - `GET  /_sim/state` → `{"unicomer": UnicomerSnapshot, "faults": [...], "clock": "..."}`
//! - `POST /_sim/faults` (a [`Fault`](crate::Fault) as JSON), `DELETE /_sim/faults`, `GET /_sim/faults`
//! - `POST /_sim/clock/advance` `{"seconds": n}`, `GET /_sim/clock`
//! - `POST /_sim/reset`
//! - `/_sim/{biller}/...`: the biller's own controls (see `unicomer::control`).
//!
//! Replies are JSON; errors are `{"error": "..."}` with 400 or 404.

use hyper::{Method, StatusCode};
use serde_json::{Value, json};

use crate::Shared;
use crate::biller::SimResponse;
use crate::clock::wall;
use crate::faults::Fault;

pub(crate) fn control_ok(value: Value) -> SimResponse {
    SimResponse::ok(&value)
}

pub(crate) fn control_error(status: StatusCode, msg: &str) -> SimResponse {
    SimResponse::json(status, &json!({"error": msg}))
}

/// Serves `/_sim/{path}` (`path` without leading or trailing `/`).
pub(crate) fn handle(shared: &Shared, method: &Method, path: &str, body: &[u8]) -> SimResponse {
    match (method, path) {
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
            let seconds = serde_json::from_slice::<Value>(body)
                .ok()
                .and_then(|v| v.get("seconds").and_then(Value::as_i64));
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
        (&Method::POST, "reset") => {
            shared.reset();
            control_ok(json!({"reset": true}))
        }
        _ => {
            let (name, rest) = path.split_once('/').unwrap_or((path, ""));
            shared
                .biller(name)
                .and_then(|b| b.control(method, rest, body, shared.clock.now()))
                .unwrap_or_else(|| {
                    control_error(
                        StatusCode::NOT_FOUND,
                        &format!("no control endpoint {method} /_sim/{path}"),
                    )
                })
        }
    }
}
