//! Unicobros' part of the control API, under `/_sim/unicobros/`:
//!
//! - `POST operations`: adds a payment attempt as if a checkout had happened (the document has
//!   no endpoint that creates one). Body: `{"reference": "...", "total": "1500.00" (or a
//!   number), "currency": "ARS"|"TEST", "status": "200", "description"?, "context"?,
//!   "created"?/"updated"? (ISO-8601, default now), "source_name"?, "source_reference"?,
//!   "source_type"?, "card_number"?, "user_name"?, "user_email"?, "installment_count"?,
//!   "childs"?: [same shape], "force"?: bool}`. The gateway's duplicate guard applies: a second
//!   *paid* operation under a reference is refused with 409 unless `force` is true (to simulate
//!   the guard failing). Answers `{"id", "uid"}`.
//! - `POST operations/{id}/status` `{"status": "601", "force"?: bool}`: changes a coupon's (or
//!   child's) status and stamps `updated`; the same guard applies.
//! - `POST references/{reference}/pay_pending`: pays (200) the first coupon under the
//!   reference still waiting for its payment (status 1 or 2), as a cash counter would; the
//!   guard applies (409 and nothing changes when the reference is already paid, unless
//!   `unicobros.reference_guard` is `none`); 404 when none is waiting. Answers `{"id",
//!   "status"}`. The seed's `REF-HERMANOS-0001` is made for it.
//! - `POST tokens/expire`: the access token stops being accepted (every call gets 401); served
//!   by [`crate::biller::Mounted`] through `SimBiller::expire_tokens`.
//! - `POST tokens/restore`: it is accepted again.

use chrono::{DateTime, NaiveDateTime, TimeDelta};
use hyper::{Method, StatusCode};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};

use super::checkout::{UnicobrosOperation, build};
use super::model::{Op, is_paid, is_pending};
use super::{Unicobros, UnicobrosSnapshot};
use crate::biller::{ControlCall, Mounted, SimResponse};
use crate::clock::ECUADOR_UTC_OFFSET_SECS;
use crate::control::{control_error, control_ok, json_amount, json_body};

pub(super) fn handle(u: &Mounted<Unicobros>, call: &ControlCall<'_>) -> Option<SimResponse> {
    let now_utc = utc(call.now);
    let response = match (call.method, call.path) {
        (&Method::POST, ["operations"]) => match parse_operation(call.body) {
            Ok(op) => match u.add_operation(op, now_utc) {
                Ok((id, uid)) => control_ok(json!({"id": id, "uid": uid})),
                Err(e) => control_error(StatusCode::CONFLICT, &e),
            },
            Err(e) => control_error(StatusCode::BAD_REQUEST, &e),
        },
        (&Method::POST, ["operations", id, "status"]) => {
            let wanted: Option<(String, bool)> = crate::exact::parse(call.body)
                .ok()
                .and_then(|v| {
                    let status = match v.get("status")? {
                        Value::String(s) => s.trim().to_owned(),
                        Value::Number(n) => n.to_string(),
                        _ => return None,
                    };
                    let force = v.get("force").and_then(Value::as_bool).unwrap_or(false);
                    Some((status, force))
                })
                .filter(|(s, _)| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
            match wanted {
                None => control_error(
                    StatusCode::BAD_REQUEST,
                    "body must be {\"status\": \"<numeric code>\", \"force\"?: bool}",
                ),
                Some((status, force)) => match u.set_status(id, &status, force, now_utc) {
                    Ok(()) => control_ok(json!({"id": id, "status": status})),
                    Err((code, e)) => control_error(code, &e),
                },
            }
        }
        (&Method::POST, ["references", reference, "pay_pending"]) => {
            match u.pay_pending(reference, now_utc) {
                Ok(id) => control_ok(json!({"id": id, "status": "200"})),
                Err((code, e)) => control_error(code, &e),
            }
        }
        (&Method::POST, ["tokens", "restore"]) => {
            u.revoke_token(false);
            control_ok(json!({"revoked": false}))
        }
        _ => return None,
    };
    Some(response)
}

/// The control body of an operation; amounts as strings or numbers, never through a float.
#[derive(Deserialize)]
struct Wire {
    reference: String,
    total: Value,
    currency: String,
    status: Value,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    context: Option<String>,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    source_name: Option<String>,
    #[serde(default)]
    source_reference: Option<String>,
    #[serde(default)]
    source_type: Option<String>,
    #[serde(default)]
    card_number: Option<String>,
    #[serde(default)]
    user_name: Option<String>,
    #[serde(default)]
    user_email: Option<String>,
    #[serde(default)]
    installment_count: Option<i64>,
    #[serde(default)]
    childs: Vec<Value>,
    #[serde(default)]
    force: bool,
}

fn parse_operation(body: &[u8]) -> Result<UnicobrosOperation, String> {
    let v = json_body(body)?;
    operation_from(&v, "operation")
}

fn operation_from(v: &Value, what: &str) -> Result<UnicobrosOperation, String> {
    let w: Wire = serde_json::from_value(v.clone()).map_err(|e| format!("invalid {what}: {e}"))?;
    let total = json_amount(Some(&w.total))
        .filter(|t| *t >= Decimal::ZERO)
        .ok_or(format!("{what}.total must be a non-negative amount"))?;
    let status = match &w.status {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    if status.is_empty() || !status.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{what}.status must be a numeric code"));
    }
    if w.reference.trim().is_empty() {
        return Err(format!("{what}.reference must not be empty"));
    }
    if !matches!(w.currency.as_str(), "ARS" | "TEST") {
        return Err(format!("{what}.currency must be ARS or TEST"));
    }
    let when = |t: &Option<String>, name: &str| -> Result<Option<NaiveDateTime>, String> {
        t.as_deref()
            .map(|t| {
                DateTime::parse_from_rfc3339(t.trim())
                    .map(|d| d.naive_utc())
                    .map_err(|_| format!("{what}.{name} must be ISO-8601"))
            })
            .transpose()
    };
    let childs = w
        .childs
        .iter()
        .enumerate()
        .map(|(i, c)| operation_from(c, &format!("{what}.childs[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let mut op = UnicobrosOperation::new(&w.reference, total, &w.currency, &status);
    op.created = when(&w.created, "created")?;
    op.updated = when(&w.updated, "updated")?;
    let set = |field: &mut String, value: Option<String>| {
        if let Some(v) = value {
            *field = v;
        }
    };
    set(&mut op.description, w.description);
    set(&mut op.context, w.context);
    set(&mut op.source_name, w.source_name);
    set(&mut op.source_reference, w.source_reference);
    set(&mut op.source_type, w.source_type);
    set(&mut op.user_name, w.user_name);
    set(&mut op.user_email, w.user_email);
    if w.card_number.is_some() {
        op.card_number = w.card_number;
    }
    if let Some(n) = w.installment_count {
        op.installment_count = n.max(1);
    }
    op.childs = childs;
    op.force = w.force;
    Ok(op)
}

/// The simulated clock's now in UTC (the simulator's clock reads Ecuador time).
fn utc(now_ecuador: NaiveDateTime) -> NaiveDateTime {
    now_ecuador
        .checked_sub_signed(TimeDelta::seconds(ECUADOR_UTC_OFFSET_SECS))
        .unwrap_or(now_ecuador)
}

/// What the controls and the simulator handle change.
impl Mounted<Unicobros> {
    /// Whether the gateway refuses a second paid coupon under one reference now (a `force`d
    /// change passes anyway).
    fn guarded(&self, force: bool) -> bool {
        !force && self.readings().get("unicobros.reference_guard") == "refused"
    }

    fn revoke_token(&self, revoked: bool) {
        self.lock().token_revoked = revoked;
    }

    /// Adds an attempt; refused when the duplicate guard trips (unless forced).
    pub(crate) fn add_operation(
        &self,
        spec: UnicobrosOperation,
        now_utc: NaiveDateTime,
    ) -> Result<(String, String), String> {
        let guarded = self.guarded(spec.force);
        let mut st = self.lock();
        if is_paid(&spec.status) && guarded && st.paid_under(&spec.reference, None) > 0 {
            return Err(format!(
                "duplicate reference: `{}` already has a paid operation",
                spec.reference
            ));
        }
        let op = build(&mut st, spec, now_utc);
        let ids = (op.id.clone(), op.uid.clone());
        st.ops.push(op);
        Ok(ids)
    }

    /// Changes a coupon's (or child's) status, stamping `updated`.
    pub(crate) fn set_status(
        &self,
        id: &str,
        status: &str,
        force: bool,
        now_utc: NaiveDateTime,
    ) -> Result<(), (StatusCode, String)> {
        let guarded = self.guarded(force);
        let mut st = self.lock();
        let Some(reference) = st
            .ops
            .iter()
            .find(|o| o.id == id || o.childs.iter().any(|c| c.id == id))
            .map(|o| o.reference.clone())
        else {
            return Err((StatusCode::NOT_FOUND, format!("no coupon with id {id}")));
        };
        let top_level = st.ops.iter().any(|o| o.id == id);
        if top_level && is_paid(status) && guarded && st.paid_under(&reference, Some(id)) > 0 {
            return Err((
                StatusCode::CONFLICT,
                format!("duplicate reference: `{reference}` already has a paid operation"),
            ));
        }
        let set = |o: &mut Op| {
            if o.id == id {
                o.status = status.to_owned();
                o.updated = now_utc;
            }
        };
        for op in st.ops.iter_mut() {
            set(op);
            op.childs.iter_mut().for_each(set);
        }
        Ok(())
    }

    /// Pays (status 200) the first coupon under `reference` still waiting for its payment
    /// (1 or 2), as a cash counter would, subject to the guard. Returns its id.
    pub(crate) fn pay_pending(
        &self,
        reference: &str,
        now_utc: NaiveDateTime,
    ) -> Result<String, (StatusCode, String)> {
        let id = self
            .lock()
            .ops
            .iter()
            .find(|o| o.reference == reference && is_pending(&o.status))
            .map(|o| o.id.clone())
            .ok_or_else(|| {
                (
                    StatusCode::NOT_FOUND,
                    format!("no pending coupon under reference `{reference}`"),
                )
            })?;
        self.set_status(&id, "200", false, now_utc)?;
        Ok(id)
    }
}

/// Unicobros' part of the simulator handle: the same operations for tests in this process.
impl crate::Simulator {
    /// Unicobros' requests, operations and token state.
    pub fn unicobros_state(&self) -> UnicobrosSnapshot {
        self.shared
            .get::<Unicobros>()
            .snapshot(self.shared.clock.now())
    }

    /// Adds a payment attempt as a checkout would have left it (same as `POST
    /// /_sim/unicobros/operations`). Refused, like the gateway, when it is a second paid
    /// operation under its reference and not `force`d. Returns the coupon id.
    pub fn add_unicobros_operation(&self, op: UnicobrosOperation) -> Result<String, String> {
        let now = utc(self.shared.clock.now());
        self.shared
            .get::<Unicobros>()
            .add_operation(op, now)
            .map(|(id, _)| id)
    }

    /// Changes a coupon's (or child's) status (same as `POST
    /// /_sim/unicobros/operations/{id}/status`).
    pub fn set_unicobros_status(&self, id: &str, status: &str) -> Result<(), String> {
        let now = utc(self.shared.clock.now());
        self.shared
            .get::<Unicobros>()
            .set_status(id, status, false, now)
            .map_err(|(_, e)| e)
    }

    /// Pays the coupon under `reference` still waiting for its payment (status 1 or 2), as a
    /// cash counter would, e.g. the seed's `REF-HERMANOS-0001` (same as `POST
    /// /_sim/unicobros/references/{reference}/pay_pending`). Returns its id; refused when the
    /// reference is already paid and `unicobros.reference_guard` is `refused`, or when no
    /// coupon there is waiting.
    pub fn pay_unicobros_pending(&self, reference: &str) -> Result<String, String> {
        let now = utc(self.shared.clock.now());
        self.shared
            .get::<Unicobros>()
            .pay_pending(reference, now)
            .map_err(|(_, e)| e)
    }

    /// Accepts the access token again after [`crate::Simulator::expire_tokens`].
    pub fn restore_unicobros_tokens(&self) {
        self.shared.get::<Unicobros>().revoke_token(false);
    }
}
