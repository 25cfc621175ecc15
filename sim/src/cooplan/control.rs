//! Cooplan's part of the control API, under `/_sim/cooplan/`:
//!
//! - `POST tokens/expire`: every issued token becomes invalid (next call gets the auth failure);
//!   served by [`crate::biller::Mounted`] through `SimBiller::expire_tokens`.
//! - `POST contracts` `{"contrato": "2001", "id_asociado": 92001, "debts": [{"factura": 6000001,
//!   "periodo": "202401", "monto": "120.50"}]}`: adds or replaces a contract (amounts as strings
//!   or JSON numbers, at most two decimals).
//! - `POST report` `{"as_text": true}`: `reportecobranzas` answers the document's plain string
//!   (`false`: the day's collections as a list).

use hyper::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{Cooplan, Debt};
use crate::biller::{ControlCall, Mounted, SimResponse};
use crate::control::{body_field, control_error, control_ok, json_amount, json_body, json_int};

pub(super) fn handle(c: &Mounted<Cooplan>, call: &ControlCall<'_>) -> Option<SimResponse> {
    let response = match (call.method, call.path) {
        (&Method::POST, ["contracts"]) => match parse_contract(call.body) {
            Ok((contrato, id_asociado, debts)) => {
                c.add_contract(&contrato, id_asociado, debts);
                control_ok(json!({"contrato": contrato}))
            }
            Err(e) => control_error(StatusCode::BAD_REQUEST, &e),
        },
        (&Method::POST, ["report"]) => {
            let as_text = body_field(call.body, "as_text").and_then(|v| v.as_bool());
            match as_text {
                Some(t) => {
                    c.set_report_as_text(t);
                    control_ok(json!({"as_text": t}))
                }
                None => control_error(
                    StatusCode::BAD_REQUEST,
                    "body must be {\"as_text\": true|false}",
                ),
            }
        }
        _ => return None,
    };
    Some(response)
}

fn parse_contract(body: &[u8]) -> Result<(String, i64, Vec<Debt>), String> {
    let v = json_body(body)?;
    let contrato = v
        .get("contrato")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|c| {
            !c.is_empty()
                && c.chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || "-_./".contains(ch))
        })
        .ok_or("`contrato` (letters, digits, - _ . /) is required")?
        .to_owned();
    let id_asociado = json_int(v.get("id_asociado"))
        .filter(|i| *i > 0)
        .ok_or("`id_asociado` (positive integer) is required")?;
    let list = v
        .get("debts")
        .and_then(Value::as_array)
        .ok_or("`debts` (array of {factura, periodo, monto}) is required")?;
    let mut debts = Vec::with_capacity(list.len());
    for (n, d) in list.iter().enumerate() {
        let factura = json_int(d.get("factura"))
            .filter(|f| *f > 0)
            .ok_or(format!("debts[{n}].factura must be a positive integer"))?;
        let periodo = match d.get("periodo") {
            Some(Value::String(s)) => Some(s.trim().to_owned()),
            Some(Value::Number(p)) => Some(p.to_string()),
            _ => None,
        }
        .filter(|p| p.len() == 6 && p.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(format!("debts[{n}].periodo must be yyyymm"))?;
        let monto = json_amount(d.get("monto"))
            .filter(|m| *m > Decimal::ZERO && m.normalize().scale() <= 2)
            .ok_or(format!(
                "debts[{n}].monto must be a positive amount with at most 2 decimals"
            ))?;
        debts.push(Debt {
            factura,
            periodo,
            monto,
        });
    }
    Ok((contrato, id_asociado, debts))
}
