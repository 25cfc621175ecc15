//! Unicomer's part of the control API, under `/_sim/unicomer/`:
//!
//! - `POST tokens/expire`: every issued token becomes invalid (next call gets 401).
//! - `POST customers` `{"cliente": "...", "invoices": [{"id": 1, "balance": "100.00"}]}`:
//!   adds or replaces a customer (balance as a string or a JSON number).
//! - `POST payments/{idtrx}/state` `{"estado": 2}`: forces a payment's state (0, 1, 2, 4, 99)
//!   so clients' handling of zombie and sync-problem payments can be tested.

use chrono::NaiveDateTime;
use hyper::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{REGISTERED, REVERSED, SYNC_PROBLEMS, SYNCHRONISED, Unicomer, ZOMBIE};
use crate::biller::SimResponse;
use crate::control::{control_error, control_ok};
use crate::fields::parse_decimal;

pub(super) fn handle(
    u: &Unicomer,
    method: &Method,
    path: &str,
    body: &[u8],
    now: NaiveDateTime,
) -> Option<SimResponse> {
    let segments: Vec<&str> = path.split('/').collect();
    let response = match (method, segments.as_slice()) {
        (&Method::POST, ["tokens", "expire"]) => {
            let n = u.expire_tokens();
            control_ok(json!({"expired": n}))
        }
        (&Method::POST, ["customers"]) => match parse_customer(body) {
            Ok((cliente, invoices)) => {
                u.add_customer(&cliente, invoices);
                control_ok(json!({"cliente": cliente}))
            }
            Err(e) => control_error(StatusCode::BAD_REQUEST, &e),
        },
        (&Method::POST, ["payments", idtrx, "state"]) => set_state(u, idtrx, body, now),
        _ => return None,
    };
    Some(response)
}

fn parse_customer(body: &[u8]) -> Result<(String, Vec<(i64, Decimal)>), String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("invalid JSON: {e}"))?;
    let cliente = v
        .get("cliente")
        .and_then(Value::as_str)
        .filter(|c| !c.trim().is_empty())
        .ok_or("`cliente` (non-empty string) is required")?
        .trim()
        .to_owned();
    let list = v
        .get("invoices")
        .and_then(Value::as_array)
        .ok_or("`invoices` (array of {id, balance}) is required")?;
    let mut invoices = Vec::with_capacity(list.len());
    for (n, inv) in list.iter().enumerate() {
        let id = match inv.get("id") {
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        }
        .ok_or(format!("invoices[{n}].id must be an integer"))?;
        let balance = match inv.get("balance") {
            Some(Value::Number(n)) => parse_decimal(&n.to_string()),
            Some(Value::String(s)) => parse_decimal(s.trim()),
            _ => None,
        }
        .filter(|b| *b >= Decimal::ZERO && b.normalize().scale() <= 2)
        .ok_or(format!(
            "invoices[{n}].balance must be a non-negative amount with at most 2 decimals"
        ))?;
        invoices.push((id, balance));
    }
    Ok((cliente, invoices))
}

fn set_state(u: &Unicomer, idtrx: &str, body: &[u8], now: NaiveDateTime) -> SimResponse {
    let Ok(idtrx) = idtrx.parse::<i64>() else {
        return control_error(StatusCode::BAD_REQUEST, "idtrx must be an integer");
    };
    let estado = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("estado").and_then(Value::as_i64))
        .and_then(|e| i32::try_from(e).ok());
    let Some(estado) =
        estado.filter(|e| [REGISTERED, SYNCHRONISED, ZOMBIE, REVERSED, SYNC_PROBLEMS].contains(e))
    else {
        return control_error(
            StatusCode::BAD_REQUEST,
            "body must be {\"estado\": 0|1|2|4|99}",
        );
    };
    if u.set_payment_state(idtrx, estado, now) {
        control_ok(json!({"idtrx": idtrx, "estado": estado}))
    } else {
        control_error(
            StatusCode::NOT_FOUND,
            &format!("no payment with idtrx {idtrx}"),
        )
    }
}
