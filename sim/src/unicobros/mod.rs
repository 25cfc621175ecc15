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

mod auth;
mod checkout;
mod config;
mod control;
mod coupons;
mod listing;
mod model;
mod operations;
mod reply;
mod seed;
mod snapshot;
mod state;
mod transactions_status;

use chrono::NaiveDateTime;
use hyper::{Method, StatusCode};
use serde_json::{Value, json};

use crate::SimConfig;
use crate::biller::{Call, ControlCall, Mounted, SimBiller, SimResponse};
use crate::readings::LiveReadings;
use crate::registry::{PayableDebt, SimCredentials};

pub use checkout::UnicobrosOperation;
pub use config::UnicobrosSimConfig;
use reply::refusal;
pub use snapshot::{UnicobrosOperationSnapshot, UnicobrosSnapshot};
use state::State;

/// The simulated Unicobros (its state lives in [`Mounted`]).
pub(crate) struct Unicobros;

/// What every handler needs besides the state.
pub(crate) type Ctx<'a> = Call<'a, UnicobrosSimConfig>;

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
        seed::state()
    }

    /// The endpoint a path below `/unicobros/` names, without case.
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

    /// Serves a routed request: the keys first, then the method, then the endpoint.
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
        snapshot::snapshot(u)
    }

    /// `x-api-key` and `x-access-token`, on every call.
    fn client_options(config: &UnicobrosSimConfig) -> Vec<(&'static str, String)> {
        let c = config;
        vec![
            ("apiKey", c.api_key.clone()),
            ("accessToken", c.access_token.clone()),
        ]
    }

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
