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

use super::state::Debt;
use super::{Cooplan, CooplanSnapshot};
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

/// What the controls and the simulator handle change.
impl Mounted<Cooplan> {
    pub(super) fn add_contract(&self, contrato: &str, id_asociado: i64, debts: Vec<Debt>) {
        let contract = super::seed::test_contract(contrato, id_asociado, debts);
        self.lock().put_contract(contract);
    }

    /// The older switch for `cooplan.reporte_values`, kept for its callers.
    pub(super) fn set_report_as_text(&self, as_text: bool) {
        let value = if as_text { "string" } else { "list" };
        // Both values are in the table, so this cannot fail.
        let _ = self
            .readings()
            .update(|r| r.set("cooplan.reporte_values", value));
    }

    pub(super) fn report_as_text(&self) -> bool {
        self.readings().get("cooplan.reporte_values") == "string"
    }
}

/// Cooplan's part of the simulator handle: the same operations for tests in this process.
impl crate::Simulator {
    /// Cooplan's requests, tokens, contracts (with each debt pending or not) and collections.
    pub fn cooplan_state(&self) -> CooplanSnapshot {
        self.shared
            .get::<Cooplan>()
            .snapshot(self.shared.clock.now())
    }

    /// Adds (or replaces) a Cooplan contract whose customer id (`ID`, `IdAsociado`) is
    /// `id_asociado` and whose debts are `(factura, periodo yyyymm, montoTotal)`, all pending.
    pub fn add_cooplan_contract(
        &self,
        contrato: &str,
        id_asociado: i64,
        debts: Vec<(i64, &str, Decimal)>,
    ) {
        let debts = debts
            .into_iter()
            .map(|(factura, periodo, monto)| Debt {
                factura,
                periodo: periodo.to_owned(),
                monto,
            })
            .collect();
        self.shared
            .get::<Cooplan>()
            .add_contract(contrato, id_asociado, debts);
    }

    /// Makes `reportecobranzas` answer the document's plain string (`true`) or the day's
    /// collections as a list (`false`, the default): the reading `cooplan.reporte_values`
    /// (`string` or `list`), which a reset puts back to the one given at start.
    pub fn set_cooplan_report_as_text(&self, as_text: bool) {
        self.shared.get::<Cooplan>().set_report_as_text(as_text);
    }
}
