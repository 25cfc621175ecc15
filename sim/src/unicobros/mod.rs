//! Unicobros (Argentina), a white label of the Mobbex gateway, as its document describes it.
//!
//! Payments happen in Mobbex's checkout, which the document does not cover, so the simulator
//! has no endpoint that creates one: tests add payment attempts through the control API
//! (`POST /_sim/unicobros/operations`, [`crate::Simulator::add_unicobros_operation`]), the way
//! a checkout would leave them. What it serves is the document's four endpoints:
//!
//! | endpoint (fault name) | path under `/unicobros/` |
//! | --- | --- |
//! | `transactions_status` | `POST 2.0/transactions/status` `{id}` |
//! | `coupons` | `GET 2.0/transactions/coupons/{reference}` (or `?reference=`) |
//! | `operations` | `GET p/operations` and `POST p/operations` (one path, so one fault name) |
//!
//! Every call needs `x-api-key` and `x-access-token` equal to the configured fake ones, else
//! HTTP 401 `{"result": false, "error": "..."}`; [`crate::Simulator::expire_tokens`] revokes the
//! access token (static keys: nothing refreshes it; `tokens/restore` or a reset brings it back).
//! Replies are `{"result": true, "data": ...}`; refusals `{"result": false, "code", "error"}`.
//! `x-lang: en` switches messages to English (Spanish otherwise). The gateway's duplicate guard
//! is simulated: a second paid operation under one reference is refused (unless forced), by
//! the control API that adds or pays coupons (409). The reading `unicobros.reference_guard`
//! ([`crate::readings`]) turns it off (`none`): the document only says a reference lists "todas
//! las transacciones o cupones generados", so whether Mobbex refuses a second payment is open.
//!
//! Seed data (credentials `api-key-de-prueba` / `access-token-de-prueba`; every person, card
//! and tax id made up; times UTC, December 2024):
//!
//! | reference | attempts |
//! | --- | --- |
//! | `REF-PAGADA-0001` | 200, 15000.00 ARS |
//! | `REF-RECHAZADA-0001` | 400 and 401, 2500.00 ARS each |
//! | `REF-PENDIENTE-0001` | 2 (cash coupon waiting), 3200.50 ARS |
//! | `REF-REVISION-0001` | 100, 7800.00 ARS |
//! | `REF-DUPLICADA-0001` | 200 twice, 1200.00 ARS (the guard's failure, seeded) |
//! | `REF-REEMBOLSADA-0001` | 602, 4100.00 ARS |
//! | `REF-CANCELADA-0001` | 601, 990.99 ARS |
//! | `REF-TEST-0001` | 200, 100.5 TEST |
//! | `REF-CHILDS-0001` | 200, 900.53 TEST, childs 400.53 + 500 (both 200) |
//! | `LOTE-0001` … `LOTE-0024` | statuses 200/400/1/601 cycling, TEST every third, two a day from Dec 1 |
//! | `REF-HERMANOS-0001` | 2 (cash coupon waiting) and 200 (card, 40 minutes later), 2100.00 ARS each |
//!
//! `REF-HERMANOS-0001` is a reference already paid whose second coupon can still be paid at a
//! cash counter: `POST /_sim/unicobros/references/REF-HERMANOS-0001/pay_pending`
//! ([`crate::Simulator::pay_unicobros_pending`]) pays it later, which the guard refuses (409,
//! the coupon stays waiting) and `unicobros.reference_guard=none` lets through (two paid
//! coupons under one reference).

mod control;
mod coupons;
mod listing;
mod model;
mod operations;
mod seed;
mod transactions_status;

use std::collections::BTreeMap;

use chrono::{NaiveDateTime, TimeDelta};
use hyper::{Method, StatusCode};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::SimConfig;
use crate::biller::{Call, ControlCall, Mounted, SimBiller, SimResponse};
use crate::clock::ECUADOR_UTC_OFFSET_SECS;
use crate::readings::LiveReadings;
use crate::registry::{PayableDebt, SimCredentials};

use model::{Op, is_paid, is_pending};

/// How the simulated Unicobros is set up.
#[derive(Clone, Debug)]
pub struct UnicobrosSimConfig {
    /// The `x-api-key` it accepts.
    pub api_key: String,
    /// The `x-access-token` it accepts.
    pub access_token: String,
    /// Number reply pages from 1, as the document's example does (`"page": 1` for `page=0`);
    /// false numbers them from 0. Requests count from 0 either way.
    pub one_based_reply_pages: bool,
}

impl Default for UnicobrosSimConfig {
    fn default() -> Self {
        UnicobrosSimConfig {
            api_key: "api-key-de-prueba".to_owned(),
            access_token: "access-token-de-prueba".to_owned(),
            one_based_reply_pages: true,
        }
    }
}

pub(crate) struct State {
    ops: Vec<Op>,
    next_serial: u64,
    token_revoked: bool,
}

impl State {
    fn seed() -> State {
        let (ops, next_serial) = seed::operations();
        State {
            ops,
            next_serial,
            token_revoked: false,
        }
    }

    fn paid_under(&self, reference: &str, except: Option<&str>) -> usize {
        self.ops
            .iter()
            .filter(|o| o.reference == reference && Some(o.id.as_str()) != except)
            .filter(|o| is_paid(&o.status))
            .count()
    }
}

/// The simulated Unicobros (its state lives in [`Mounted`]).
pub(crate) struct Unicobros;

/// A payment attempt to add, as a checkout would have left it (see
/// [`crate::Simulator::add_unicobros_operation`]).
#[derive(Clone, Debug)]
pub struct UnicobrosOperation {
    pub reference: String,
    pub total: Decimal,
    /// `ARS` or `TEST`.
    pub currency: String,
    /// A Mobbex status code (`"200"`).
    pub status: String,
    pub description: String,
    pub context: String,
    /// UTC; `None` is the simulator's now.
    pub created: Option<NaiveDateTime>,
    /// UTC; `None` is `created`.
    pub updated: Option<NaiveDateTime>,
    pub source_name: String,
    pub source_reference: String,
    /// `card` or `cash`.
    pub source_type: String,
    pub card_number: Option<String>,
    pub installment_count: i64,
    pub user_name: String,
    pub user_email: String,
    /// The parts of a split payment.
    pub childs: Vec<UnicobrosOperation>,
    /// Add it even if the gateway's duplicate guard would refuse it (a second paid operation
    /// under the reference), to simulate the guard failing.
    pub force: bool,
}

impl UnicobrosOperation {
    /// An attempt with made-up defaults: a debit card, one instalment, a test customer.
    pub fn new(reference: &str, total: Decimal, currency: &str, status: &str) -> Self {
        UnicobrosOperation {
            reference: reference.to_owned(),
            total,
            currency: currency.to_owned(),
            status: status.to_owned(),
            description: "Pago de prueba".to_owned(),
            context: seed::CHECKOUT.to_owned(),
            created: None,
            updated: None,
            source_name: "Visa Débito".to_owned(),
            source_reference: "visa.debit".to_owned(),
            source_type: "card".to_owned(),
            card_number: Some("400000******0000".to_owned()),
            installment_count: 1,
            user_name: "Cliente de Prueba".to_owned(),
            user_email: "cliente@example.test".to_owned(),
            childs: Vec::new(),
            force: false,
        }
    }
}

impl Mounted<Unicobros> {
    /// Whether the gateway refuses a second paid coupon under one reference now (a `force`d
    /// change passes anyway).
    fn guarded(&self, force: bool) -> bool {
        !force && self.readings().get("unicobros.reference_guard") == "refused"
    }

    fn revoke_token(&self, revoked: bool) {
        self.lock().token_revoked = revoked;
    }

    fn build(st: &mut State, spec: UnicobrosOperation, now_utc: NaiveDateTime) -> Op {
        let (id, uid) = seed::ids(st.next_serial);
        st.next_serial += 1;
        let created = spec.created.unwrap_or(now_utc);
        let childs = spec
            .childs
            .into_iter()
            .map(|c| {
                let mut child = Self::build(st, c, created);
                child.uid = format!("CHD-{}", child.uid);
                child
            })
            .collect();
        Op {
            id,
            uid,
            reference: spec.reference,
            status: spec.status,
            total: spec.total,
            currency: spec.currency,
            description: spec.description,
            context: spec.context,
            source_name: spec.source_name,
            source_reference: spec.source_reference,
            source_type: spec.source_type,
            card_number: spec.card_number,
            installment_count: spec.installment_count,
            user_name: spec.user_name,
            user_email: spec.user_email,
            created,
            updated: spec.updated.unwrap_or(created),
            childs,
        }
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
        let op = Self::build(&mut st, spec, now_utc);
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

fn snapshot(u: &Mounted<Unicobros>) -> UnicobrosSnapshot {
    let st = u.lock();
    UnicobrosSnapshot {
        requests: u.requests(),
        token_revoked: st.token_revoked,
        operations: st.ops.iter().map(op_snapshot).collect(),
    }
}

fn op_snapshot(o: &Op) -> UnicobrosOperationSnapshot {
    UnicobrosOperationSnapshot {
        id: o.id.clone(),
        uid: o.uid.clone(),
        reference: o.reference.clone(),
        status: o.status.clone(),
        total: o.total,
        currency: o.currency.clone(),
        description: o.description.clone(),
        context: o.context.clone(),
        test: o.is_test(),
        created: model::iso(o.created),
        updated: model::iso(o.updated),
        childs: o.childs.iter().map(op_snapshot).collect(),
    }
}

/// The simulated clock's now in UTC (the simulator's clock reads Ecuador time).
fn utc(now_ecuador: NaiveDateTime) -> NaiveDateTime {
    now_ecuador
        .checked_sub_signed(TimeDelta::seconds(ECUADOR_UTC_OFFSET_SECS))
        .unwrap_or(now_ecuador)
}

impl SimBiller for Unicobros {
    const ID: &'static str = "unicobros";
    /// Endpoint names, as used in faults and request counters.
    const ENDPOINTS: &'static [&'static str] = &["transactions_status", "coupons", "operations"];
    type Config = UnicobrosSimConfig;
    type State = State;
    type Snapshot = UnicobrosSnapshot;

    fn config(sim: &SimConfig) -> UnicobrosSimConfig {
        sim.unicobros.clone()
    }

    fn seed() -> State {
        State::seed()
    }

    fn route(path: &str, _readings: &LiveReadings) -> Option<&'static str> {
        match path.to_lowercase().as_str() {
            "2.0/transactions/status" => Some("transactions_status"),
            p if p == coupons::PREFIX
                || p.strip_prefix(coupons::PREFIX)
                    .is_some_and(|r| r.starts_with('/')) =>
            {
                Some("coupons")
            }
            "p/operations" => Some("operations"),
            _ => None,
        }
    }

    fn serve(endpoint: &'static str, cx: &Ctx<'_>, st: &mut State) -> SimResponse {
        if let Err(denied) = cx.authorize(st) {
            return denied;
        }
        let method = &cx.req.method;
        let allowed = match endpoint {
            "transactions_status" => method == Method::POST,
            "coupons" => method == Method::GET,
            _ => method == Method::GET || method == Method::POST,
        };
        if !allowed {
            return refusal(
                StatusCode::METHOD_NOT_ALLOWED,
                "METHOD_NOT_ALLOWED",
                &cx.say(
                    &format!("Método {method} no admitido"),
                    &format!("Method {method} not allowed"),
                ),
            );
        }
        match endpoint {
            "transactions_status" => transactions_status::handle(cx, st),
            "coupons" => coupons::handle(cx, st),
            _ => operations::handle(cx, st),
        }
    }

    /// The gateway's refusal shape with a generic message.
    fn error_body() -> Value {
        json!({"result": false, "error": "internal error"})
    }

    fn control(u: &Mounted<Unicobros>, call: &ControlCall<'_>) -> Option<SimResponse> {
        control::handle(u, call)
    }

    /// Static keys: nothing to expire but the access token, revoked until `tokens/restore`
    /// or a reset.
    fn expire_tokens(st: &mut State) -> Option<Value> {
        st.token_revoked = true;
        Some(json!({"revoked": true}))
    }

    fn snapshot(u: &Mounted<Unicobros>, _now: NaiveDateTime) -> UnicobrosSnapshot {
        snapshot(u)
    }

    /// `x-api-key` and `x-access-token`, on every call.
    fn credentials(config: &UnicobrosSimConfig) -> SimCredentials {
        let (key, token) = (&config.api_key, &config.access_token);
        SimCredentials::every_call([("x-api-key", key), ("x-access-token", token)])
    }

    /// None: the document's API lists no debt and creates no payment (payments happen in the
    /// gateway's checkout, which tests stand in for through the control API).
    fn payable_debt() -> Option<PayableDebt> {
        None
    }
}

/// What every handler needs besides the state.
pub(crate) type Ctx<'a> = Call<'a, UnicobrosSimConfig>;

impl Call<'_, UnicobrosSimConfig> {
    /// Whether the request asks for English (`x-lang: en...`).
    fn english(&self) -> bool {
        self.req
            .headers
            .get("x-lang")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.trim().to_ascii_lowercase().starts_with("en"))
    }

    /// The message in the request's language (`x-lang`; Spanish unless it asks for English).
    fn say(&self, es: &str, en: &str) -> String {
        if self.english() { en } else { es }.to_owned()
    }

    /// Both static credentials must match, and the access token must not be revoked.
    fn authorize(&self, st: &State) -> Result<(), SimResponse> {
        let header = |name: &str| {
            self.req
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
        };
        let key_ok = header("x-api-key") == self.config.api_key;
        let token_ok = header("x-access-token") == self.config.access_token && !st.token_revoked;
        if key_ok && token_ok {
            return Ok(());
        }
        let error = if key_ok {
            self.say(
                "Token de acceso inválido o vencido",
                "Invalid or expired access token",
            )
        } else {
            self.say("API key inválida", "Invalid API key")
        };
        Err(SimResponse::json(
            StatusCode::UNAUTHORIZED,
            &json!({"result": false, "error": error}),
        ))
    }
}

/// `{"result": true, "data": ...}`
fn ok(data: Value) -> SimResponse {
    SimResponse::ok(&json!({"result": true, "data": data}))
}

/// `{"result": false, "code": ..., "error": ...}` with an HTTP status.
fn refusal(status: StatusCode, code: &str, error: &str) -> SimResponse {
    SimResponse::json(
        status,
        &json!({"result": false, "code": code, "error": error}),
    )
}

/// Unicobros' state as tests see it (`GET /_sim/state` → `unicobros`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct UnicobrosSnapshot {
    /// Requests that reached each endpoint, faulted or not (every endpoint listed).
    pub requests: BTreeMap<String, u64>,
    /// Whether the access token is revoked ([`crate::Simulator::expire_tokens`]).
    pub token_revoked: bool,
    /// Every operation, in the order they were added (seed first).
    pub operations: Vec<UnicobrosOperationSnapshot>,
}

impl UnicobrosSnapshot {
    /// The operations under a reference.
    pub fn with_reference(&self, reference: &str) -> Vec<&UnicobrosOperationSnapshot> {
        self.operations
            .iter()
            .filter(|o| o.reference == reference)
            .collect()
    }

    /// How many paid operations (200, 299–303) the gateway holds under a reference.
    pub fn paid_with_reference(&self, reference: &str) -> usize {
        self.with_reference(reference)
            .iter()
            .filter(|o| is_paid(&o.status))
            .count()
    }

    /// Requests that reached an endpoint.
    pub fn requests_to(&self, endpoint: &str) -> u64 {
        self.requests.get(endpoint).copied().unwrap_or(0)
    }
}

/// One operation (coupon) as stored.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct UnicobrosOperationSnapshot {
    /// The coupon id (what `2.0/transactions/status` takes).
    pub id: String,
    pub uid: String,
    pub reference: String,
    pub status: String,
    /// A string in JSON (`"900.53"`).
    pub total: Decimal,
    pub currency: String,
    pub description: String,
    pub context: String,
    /// In test money.
    pub test: bool,
    /// ISO-8601 UTC.
    pub created: String,
    pub updated: String,
    pub childs: Vec<UnicobrosOperationSnapshot>,
}

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
