//! Unicomer's part of the control API, under `/_sim/unicomer/`:
//!
//! - `POST tokens/expire`: every issued token becomes invalid (next call gets 401); served by
//!   [`crate::biller::Mounted`] through `SimBiller::expire_tokens`.
//! - `POST customers` `{"cliente": "...", "invoices": [{"id": 1, "balance": "100.00"}]}`:
//!   adds or replaces a customer (balance as a string or a JSON number).
//! - `POST payments/{idtrx}/state` `{"estado": 2}`: forces a payment's state (0, 1, 2, 4, 99)
//!   so clients' handling of zombie and sync-problem payments can be tested.

use chrono::NaiveDateTime;
use hyper::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::state::{REGISTERED, REVERSED, SYNC_PROBLEMS, SYNCHRONISED, ZOMBIE};
use super::{Unicomer, UnicomerSnapshot};
use crate::biller::{ControlCall, Mounted, SimResponse};
use crate::control::{body_field, control_error, control_ok, json_amount, json_body, json_int};

pub(super) fn handle(u: &Mounted<Unicomer>, call: &ControlCall<'_>) -> Option<SimResponse> {
    let response = match (call.method, call.path) {
        (&Method::POST, ["customers"]) => match parse_customer(call.body) {
            Ok((cliente, invoices)) => {
                u.add_customer(&cliente, invoices);
                control_ok(json!({"cliente": cliente}))
            }
            Err(e) => control_error(StatusCode::BAD_REQUEST, &e),
        },
        (&Method::POST, ["payments", idtrx, "state"]) => set_state(u, idtrx, call.body, call.now),
        _ => return None,
    };
    Some(response)
}

fn parse_customer(body: &[u8]) -> Result<(String, Vec<(i64, Decimal)>), String> {
    let v = json_body(body)?;
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
        let id = json_int(inv.get("id")).ok_or(format!("invoices[{n}].id must be an integer"))?;
        let balance = json_amount(inv.get("balance"))
            .filter(|b| *b >= Decimal::ZERO && b.normalize().scale() <= 2)
            .ok_or(format!(
                "invoices[{n}].balance must be a non-negative amount with at most 2 decimals"
            ))?;
        invoices.push((id, balance));
    }
    Ok((cliente, invoices))
}

fn set_state(u: &Mounted<Unicomer>, idtrx: &str, body: &[u8], now: NaiveDateTime) -> SimResponse {
    let Ok(idtrx) = idtrx.parse::<i64>() else {
        return control_error(StatusCode::BAD_REQUEST, "idtrx must be an integer");
    };
    let estado = body_field(body, "estado")
        .and_then(|v| v.as_i64())
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

/// What the controls and the simulator handle change.
impl Mounted<Unicomer> {
    pub(crate) fn add_customer(&self, cliente: &str, invoices: Vec<(i64, Decimal)>) {
        let customer = super::seed::test_customer(cliente, &invoices);
        self.lock().put_customer(customer);
    }

    /// Forces a payment's state (to exercise zombie / sync-problem handling). Forcing 0
    /// restarts the sync window. Returns false when the payment does not exist.
    pub(crate) fn set_payment_state(&self, idtrx: i64, estado: i32, now: NaiveDateTime) -> bool {
        let mut st = self.lock();
        let Some(p) = st.payments.iter_mut().find(|p| p.idtrx == idtrx) else {
            return false;
        };
        p.stored_estado = estado;
        if estado == REGISTERED {
            p.registered_at = now;
        }
        true
    }
}

/// Unicomer's part of the simulator handle: the same operations for tests in this process.
impl crate::Simulator {
    /// Unicomer's requests, tokens, payments, customers and the clock.
    pub fn unicomer_state(&self) -> UnicomerSnapshot {
        self.shared
            .get::<Unicomer>()
            .snapshot(self.shared.clock.now())
    }

    /// Adds (or replaces) a Unicomer customer whose invoices `(id, balance)` owe exactly
    /// `balance` (`deuda_tot_conpro`). Invoice ids are the `secuencial` to pay with; an id
    /// already used by another customer moves to this one (same as `POST
    /// /_sim/unicomer/customers`).
    pub fn add_unicomer_customer(&self, cliente: &str, invoices: Vec<(i64, Decimal)>) {
        self.shared
            .get::<Unicomer>()
            .add_customer(cliente, invoices);
    }

    /// Forces a Unicomer payment's state (0, 1, 2 zombie, 4, 99); forcing 0 restarts its
    /// sync window. Returns false when no payment has that `idtrx` (same as `POST
    /// /_sim/unicomer/payments/{idtrx}/state`).
    pub fn set_unicomer_payment_state(&self, idtrx: i64, estado: i32) -> bool {
        self.shared
            .get::<Unicomer>()
            .set_payment_state(idtrx, estado, self.shared.clock.now())
    }
}
