//! The simulated Zoom International Services (Venezuela, courier), as its electronic-payment
//! web services document describes it.
//!
//! A courier whose customers owe it for shipping guides, invoices and credit notes. A collector
//! logs in (`LoginGenUEWs`, which the document names but does not document: `login` and
//! `claveenc` in, `entidadRespuesta.token` out, as public integrations use it), looks up a
//! document's amounts (`getMontoDocWs`), registers a payment by transfer or pay button
//! (`createPagoWs`), queries payment records (`getInfoPagoWs`), and for the pay button gets a
//! Megasoft control number (`getNroControlWS`) and the payment's result (`getXmlWS`).
//!
//! Reproduced on purpose, because clients must cope with them: the envelope
//! `{codrespuesta, mensaje, entidadRespuesta}` with `COD_000`/`COD_001`/`CODE_000`/`CODE_002`/
//! `CODE_003`; per-field validation messages in `CODE_002` exactly in the document's shape
//! (`{"idpago.0": ["El campo idpago.0 debe ser un entero."]}`); `CODE_003`
//! `NotFoundHttpException` for unknown services; the pay button's `{sucess, Mensaje}` (sic);
//! amounts as strings (`"5143"`, `"526.8"`), getXmlWS' `monto` in implied cents (`"102425"`);
//! codes as strings in createPagoWs' reply and numbers in getInfoPagoWs'; form bodies with PHP
//! arrays (`tipoDoc[]=1`) and JSON bodies; case-sensitive field names. **No duplicate guard**
//! by default: like the document, createPagoWs accepts the same `referencia` twice, so a
//! client that resends blindly makes two payments here.
//!
//! The bank's (Megasoft's) payment page, which the document does not give, is played at
//! `/zoom/megasoft/pagar` (see `bank.rs`): approve, decline, abandon, approve-then-lost-reply.
//!
//! Readings ([`crate::readings`], `zoom.*`): `zoom.xml_monto=decimal_point` writes getXmlWS'
//! `monto` as `"1024.25"` instead of implied cents; `zoom.duplicate_referencia=refused` makes a
//! stored `referencia` a `CODE_002` `{"referencia": [...]}`; `zoom.login_path` routes the
//! login under any case (default) or only under one exact spelling, `LoginGenUEWs` or
//! `loginGenUEWs`, any other being an unknown service.
//!
//! Where the document is silent the simulator chooses (and the client must not depend on it
//! beyond what its own docs say): a missing token is `CODE_002` `{"token": [...]}`; an unknown
//! or expired token is `CODE_003` with `tipoError` `TokenInvalidException` /
//! `TokenExpiredException`; wrong credentials are `CODE_000`; the pay-button services take
//! `monto` and `control` and report their own errors as `{"sucess": false, "Mensaje": "..."}`;
//! `listfactura`/`listnota` (shown only as `null`) get a small invented shape.
//!
//! Defaults ([`ZoomSimConfig`]): login `recaudador@recaudo.test`, password
//! `clave-de-prueba-123`, user `6001` of type `GE`; tokens live one hour of simulated time.
//! Seed documents and accounts: see the table in `seed.rs` (guides `1000000001` 5143.00,
//! `1000000002` 1200.00 with 200.00 paid, `1000999999` 1000000.00 for bulk tests; invoice
//! `01E046-0000000001`; credit note `4000000001`; accounts 213 and 214). Payments get `idpago`
//! 5001, 5002, … after each start or reset; control numbers `6000000001`, ….

mod auth;
mod bank;
mod button;
mod config;
mod control;
mod create_pago;
mod fields;
mod info_pago;
mod login;
mod monto_doc;
mod render;
mod reply;
mod rules;
mod seed;
mod snapshot;
mod state;

use chrono::{NaiveDateTime, TimeDelta};
use hyper::Method;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::SimConfig;
use crate::biller::{Call, ControlCall, Mounted, SimBiller, SimResponse, expired};
use crate::readings::LiveReadings;
use crate::registry::{PayableDebt, SimCredentials};

pub use config::ZoomSimConfig;
use fields::ZoomFields;
use reply::call_error;
pub use snapshot::{
    ZoomButtonSnapshot, ZoomDocumentSnapshot, ZoomPaidDocSnapshot, ZoomPaymentSnapshot,
    ZoomSnapshot,
};
use state::State;
pub use state::ZoomDocument;

/// The simulated bank page as the Zoom options' `buttonPage` template (see [`bank`]), relative
/// to the Zoom root.
pub const BUTTON_PAGE: &str = "megasoft/pagar?control={control}&retorno={return_url}";

/// Any other path under `/zoom/`: answered `CODE_003` `NotFoundHttpException`.
const UNKNOWN: &str = "unknown_service";

/// The simulated Zoom (its state lives in [`Mounted`]).
pub(crate) struct Zoom;

/// What every handler needs besides the state and the fields.
pub(crate) type Ctx<'a> = Call<'a, ZoomSimConfig>;

impl Call<'_, ZoomSimConfig> {
    /// Venezuelan wall time (UTC−4): the simulator's clock reads Ecuador's (UTC−5).
    pub fn caracas(&self) -> NaiveDateTime {
        self.now + TimeDelta::hours(1)
    }
}

impl SimBiller for Zoom {
    const ID: &'static str = "zoom";
    /// Endpoint names, as used in faults and in the request counters: the service names.
    const ENDPOINTS: &'static [&'static str] = &[
        "LoginGenUEWs",
        "getNroControlWS",
        "getXmlWS",
        "getMontoDocWs",
        "createPagoWs",
        "getInfoPagoWs",
        bank::ENDPOINT,
    ];
    type Config = ZoomSimConfig;
    type State = State;
    type Snapshot = ZoomSnapshot;

    fn config(sim: &SimConfig) -> ZoomSimConfig {
        sim.zoom.clone()
    }

    fn seed() -> State {
        seed::state()
    }

    /// Every path under `/zoom/` is routed: the six services (names matched without case),
    /// anything else to `CODE_003` `NotFoundHttpException`. The login is matched without case
    /// too, or only under the exact spelling `zoom.login_path` names.
    fn route(path: &str, readings: &LiveReadings) -> Option<&'static str> {
        let lower = path.to_lowercase();
        if lower == "logingenuews" {
            let spelling = readings.get("zoom.login_path");
            let routed = spelling == "any_case" || path == spelling;
            return Some(if routed { "LoginGenUEWs" } else { UNKNOWN });
        }
        Some(match lower.as_str() {
            "getnrocontrolws" => "getNroControlWS",
            "getxmlws" => "getXmlWS",
            "getmontodocws" => "getMontoDocWs",
            "createpagows" => "createPagoWs",
            "getinfopagows" => "getInfoPagoWs",
            "megasoft/pagar" => bank::ENDPOINT,
            _ => UNKNOWN,
        })
    }

    /// Serves a routed request: unknown services and methods first, then the login or the
    /// token check, then the service.
    fn serve(endpoint: &'static str, cx: &Ctx<'_>, st: &mut State) -> SimResponse {
        if endpoint == UNKNOWN {
            return call_error(
                "NotFoundHttpException",
                "No existe ruta o servicio web ingresado",
            );
        }
        if endpoint == bank::ENDPOINT {
            // The bank's page: a browser's, with neither token nor Zoom's envelope.
            let fields = ZoomFields::read(cx.req).unwrap_or_default();
            return bank::handle(cx, st, &fields);
        }
        let post_only = matches!(endpoint, "getMontoDocWs" | "createPagoWs");
        let method = &cx.req.method;
        let allowed = method == Method::POST || (!post_only && method == Method::GET);
        if !allowed {
            return call_error(
                "MethodNotAllowedHttpException",
                "Método no permitido para el servicio web ingresado",
            );
        }
        // An unreadable body reads as no input, as PHP does; the rules then say what is
        // missing.
        let fields = ZoomFields::read(cx.req).unwrap_or_default();
        if endpoint == "LoginGenUEWs" {
            return login::handle(cx, st, &fields);
        }
        if let Err(refused) = cx.authorize(st, &fields) {
            return refused;
        }
        match endpoint {
            "getMontoDocWs" => monto_doc::handle(st, &fields),
            "createPagoWs" => create_pago::handle(cx, st, &fields),
            "getInfoPagoWs" => info_pago::handle(cx, st, &fields),
            "getNroControlWS" => button::nro_control(st, &fields),
            "getXmlWS" => button::xml(cx, st, &fields),
            _ => call_error(
                "NotFoundHttpException",
                "No existe ruta o servicio web ingresado",
            ),
        }
    }

    /// `CODE_003` with a query exception, the document's service-call error.
    fn error_body() -> Value {
        json!({
            "codrespuesta": "CODE_003",
            "mensaje": "ERROR EN LA LLAMADA AL SERVICIO",
            "entidadRespuesta": {"tipoError": "QueryException", "info": "error"},
        })
    }

    fn control(z: &Mounted<Zoom>, call: &ControlCall<'_>) -> Option<SimResponse> {
        control::handle(z, call)
    }

    fn expire_tokens(st: &mut State) -> Option<Value> {
        expired(st.tokens.expire_all())
    }

    fn snapshot(z: &Mounted<Zoom>, now: NaiveDateTime) -> ZoomSnapshot {
        snapshot::snapshot(z, now)
    }

    /// `login` and `claveenc`, posted to `LoginGenUEWs`, and the bank's page (relative: the
    /// client resolves it under its base URL, this Zoom's root).
    fn client_options(config: &ZoomSimConfig) -> Vec<(&'static str, String)> {
        let c = config;
        vec![
            ("login", c.login.clone()),
            ("password", c.password.clone()),
            ("buttonPage", BUTTON_PAGE.to_owned()),
        ]
    }

    fn credentials(config: &ZoomSimConfig) -> SimCredentials {
        let (login, password) = (&config.login, &config.password);
        SimCredentials::login("LoginGenUEWs", [("login", login), ("claveenc", password)])
    }

    /// Guide `1000999999`, 1000000.00 (the seed's one for bulk tests), paid by transfer into
    /// account 213: paid in parts, it lasts many payments.
    fn payable_debt() -> Option<PayableDebt> {
        Some(PayableDebt {
            lookup: "guide:1000999999",
            debt_id: "guide:1000999999",
            amount: Decimal::new(100_000_000, 2),
            partial: true,
            pay_endpoint: "createPagoWs",
            extra: &[("bank_account", "213")],
        })
    }
}
