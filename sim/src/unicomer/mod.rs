//! Unicomer Ecuador ("API Server" for collectors), as its document describes it.
//!
//! An appliance retailer whose instalment credits are paid at collectors' counters. The
//! collector gets an OAuth password-grant token, reads a customer's statement, registers a
//! payment against one invoice (`secuencial` = the statement's invoice `id`), may reverse it
//! while it is still "registered" (about three minutes, before it synchronises), asks for a
//! payment's status when a reply was lost, and reconciles by date.
//!
//! The simulator reproduces the document's quirks on purpose, because clients must cope with
//! them: `status` is the number `0` on success except on `reversapago`, where it is the string
//! `"0"`; errors are strings (`"451"`, `"666"`, `"133"`, `"-1"`); `registrar pago` is written
//! with a space; `reversapago`/`consultarpago` declare form bodies but show JSON ones.
//!
//! Payment states are not stored as they change: a payment keeps the state it was given
//! (0 at registration, 4 when reversed, or one forced through the control API) and state 0
//! reads as 1 (synchronised) once the simulated clock has moved `sync_window_secs` past its
//! registration. So advancing the clock is all a test does to close the reversal window.
//!
//! Where the document can be read two ways, the simulator plays the reading chosen in
//! [`crate::readings`] (`unicomer.*`): what consultarpago's `secuencial` is (the invoice, as
//! its example, or the payment's `idtrx`, as its prose) and whether it echoes `num_recibo`;
//! whether a reused `num_recibo` is refused; whether an empty statement's lists are `[]` or
//! `null`; which date format conciliacion takes.

mod auth;
mod conciliacion;
mod config;
mod consultarpago;
mod control;
mod estadocuenta;
mod registrarpago;
mod reply;
mod request;
mod reversapago;
mod seed;
mod snapshot;
mod state;
mod token;

use chrono::NaiveDateTime;
use hyper::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::SimConfig;
use crate::biller::{Call, ControlCall, Mounted, SimBiller, SimResponse, expired};
use crate::readings::LiveReadings;
use crate::registry::{PayableDebt, SimCredentials};

pub use config::UnicomerSimConfig;
pub use snapshot::{CustomerSnapshot, InvoiceSnapshot, PaymentSnapshot, UnicomerSnapshot};
use state::State;

/// The simulated Unicomer (its state lives in [`Mounted`]).
pub(crate) struct Unicomer;

/// What every handler needs besides the state.
pub(crate) type Ctx<'a> = Call<'a, UnicomerSimConfig>;

impl SimBiller for Unicomer {
    const ID: &'static str = "unicomer";
    /// Endpoint names, as used in faults and in the request counters.
    const ENDPOINTS: &'static [&'static str] = &[
        "token",
        "estadocuenta",
        "registrarpago",
        "reversapago",
        "consultarpago",
        "conciliacion",
    ];
    type Config = UnicomerSimConfig;
    type State = State;
    type Snapshot = UnicomerSnapshot;

    fn config(sim: &SimConfig) -> UnicomerSimConfig {
        sim.unicomer.clone()
    }

    fn seed() -> State {
        seed::state()
    }

    /// The endpoint a path below `/unicomer/` names, without case.
    fn route(path: &str, _readings: &LiveReadings) -> Option<&'static str> {
        match path.to_lowercase().as_str() {
            "token" => Some("token"),
            "api/recaudadores/estadocuenta" => Some("estadocuenta"),
            // The document writes "registrar pago"; the real path is most likely without the
            // space. Both reach the same handler.
            "api/recaudadores/registrarpago" | "api/recaudadores/registrar pago" => {
                Some("registrarpago")
            }
            "api/recaudadores/reversapago" => Some("reversapago"),
            "api/recaudadores/consultarpago" => Some("consultarpago"),
            "api/recaudadores/conciliacion" => Some("conciliacion"),
            _ => None,
        }
    }

    /// Serves a routed request: the checks every endpoint shares, then its handler.
    fn serve(endpoint: &'static str, cx: &Ctx<'_>, st: &mut State) -> SimResponse {
        if cx.req.method != Method::POST {
            return SimResponse::json(
                StatusCode::METHOD_NOT_ALLOWED,
                &serde_json::json!({
                    "Message": format!(
                        "The requested resource does not support http method '{}'.",
                        cx.req.method
                    )
                }),
            );
        }
        if endpoint == "token" {
            return token::handle(cx, st);
        }
        if let Err(denied) = cx.authorize(st) {
            return denied;
        }
        match endpoint {
            "estadocuenta" => estadocuenta::handle(cx, st),
            "registrarpago" => registrarpago::handle(cx, st),
            "reversapago" => reversapago::handle(cx, st),
            "consultarpago" => consultarpago::handle(cx, st),
            "conciliacion" => conciliacion::handle(cx, st),
            _ => not_found(),
        }
    }

    /// The document's "error general" code with a generic message.
    fn error_body() -> Value {
        serde_json::json!({"status": "133", "msg": "error interno"})
    }

    fn control(u: &Mounted<Unicomer>, call: &ControlCall<'_>) -> Option<SimResponse> {
        control::handle(u, call)
    }

    fn expire_tokens(st: &mut State) -> Option<Value> {
        expired(st.tokens.expire_all())
    }

    fn snapshot(u: &Mounted<Unicomer>, now: NaiveDateTime) -> UnicomerSnapshot {
        snapshot::snapshot(u, now)
    }

    /// The OAuth password grant's user and password, posted to `token`.
    fn client_options(config: &UnicomerSimConfig) -> Vec<(&'static str, String)> {
        let c = config;
        vec![
            ("username", c.username.clone()),
            ("password", c.password.clone()),
            ("commerce", c.commerce.clone()),
        ]
    }

    fn credentials(config: &UnicomerSimConfig) -> SimCredentials {
        let (user, password) = (&config.username, &config.password);
        SimCredentials::login("token", [("username", user), ("password", password)])
    }

    /// Customer `0900000003`'s invoice 700006, 125000.00 (the seed's one for bulk tests):
    /// paid in parts, it lasts many payments.
    fn payable_debt() -> Option<PayableDebt> {
        Some(PayableDebt {
            lookup: "0900000003",
            debt_id: "700006",
            amount: Decimal::new(12_500_000, 2),
            partial: true,
            pay_endpoint: "registrarpago",
            extra: &[],
        })
    }
}

/// A 404 for an endpoint name no handler serves (routing names only served ones).
fn not_found() -> SimResponse {
    SimResponse::json(
        StatusCode::NOT_FOUND,
        &serde_json::json!({"Message": "No HTTP resource was found that matches the request URI."}),
    )
}
