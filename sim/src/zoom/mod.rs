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
//! Readings ([`crate::readings`], `zoom.*`): `zoom.duplicate_referencia=refused` makes a
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

mod button;
mod control;
mod create_pago;
mod fields;
mod info_pago;
mod login;
mod monto_doc;
mod render;
mod rules;
mod seed;

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use hyper::Method;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::SimConfig;
use crate::biller::{Call, ControlCall, Mounted, SimBiller, SimResponse, expired};
use crate::clock::wall;
use crate::readings::LiveReadings;
use crate::registry::{PayableDebt, SimCredentials};
use crate::tokens::{TokenCheck, Tokens, noise};

pub(crate) use crate::money::{amount_text, two_dp};

use fields::ZoomFields;
use rules::FieldErrors;

/// How the simulated Zoom is set up. Every value is invented.
#[derive(Clone, Debug)]
pub struct ZoomSimConfig {
    /// `login` LoginGenUEWs accepts.
    pub login: String,
    /// `claveenc` LoginGenUEWs accepts.
    pub password: String,
    /// The user's id (`codusuario`, also given as `user_id`).
    pub codusuario: i64,
    /// The user's type (`usuario_externo`, `tipousuario`): `GE` or `UCI`.
    pub usuario_externo: String,
    /// The user's name.
    pub nombre: String,
    /// The user's client code (`codcliente` filter).
    pub codcliente: i64,
    /// The user's office (`codoficina` filter).
    pub codoficina: i64,
    /// Token lifetime, in seconds of simulated time.
    pub token_ttl_secs: i64,
}

impl Default for ZoomSimConfig {
    fn default() -> Self {
        ZoomSimConfig {
            login: "recaudador@recaudo.test".to_owned(),
            password: "clave-de-prueba-123".to_owned(),
            codusuario: 6001,
            usuario_externo: "GE".to_owned(),
            nombre: "RECAUDADOR DE PRUEBA".to_owned(),
            codcliente: 100_000_001,
            codoficina: 46,
            token_ttl_secs: 3600,
        }
    }
}

/// Any other path under `/zoom/`: answered `CODE_003` `NotFoundHttpException`.
const UNKNOWN: &str = "unknown_service";

/// A document (guide, invoice or credit note) and what was paid of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoomDocument {
    /// 1 guide, 2 invoice, 4 credit note.
    pub tipo_doc: i64,
    pub nro_doc: String,
    pub montodoc: Decimal,
    /// Paid before any simulated payment (partial payments).
    pub totalpagado: Decimal,
    /// Creation date (`fecha`, written `yyyymmdd`).
    pub fecha: NaiveDate,
    /// For guides: delivered (`todosEnviosEntregados`).
    pub delivered: bool,
    /// Cancelled (anulado): getMontoDocWs has no data for it, payments are refused.
    pub cancelled: bool,
}

impl ZoomDocument {
    /// A payable document with nothing paid, not delivered.
    pub fn new(tipo_doc: i64, nro_doc: &str, montodoc: Decimal, fecha: NaiveDate) -> Self {
        ZoomDocument {
            tipo_doc,
            nro_doc: nro_doc.to_owned(),
            montodoc,
            totalpagado: Decimal::ZERO,
            fecha,
            delivered: false,
            cancelled: false,
        }
    }
}

/// One document a payment covers.
#[derive(Clone, Debug)]
pub(crate) struct PaidDoc {
    pub id: i64,
    pub tipo_doc: i64,
    pub nro_doc: String,
    pub monto: Decimal,
}

/// The pay-button fields of a payment, as sent.
#[derive(Clone, Debug, Default)]
pub(crate) struct ButtonFields {
    pub nro_control: Option<String>,
    pub factura_bp: Option<String>,
    pub codafiliacion: Option<String>,
    pub nro_tarjeta: Option<String>,
    pub nro_terminal: Option<String>,
    pub nro_lote: Option<String>,
    pub nro_aprobacion: Option<String>,
}

/// A stored payment record.
#[derive(Clone, Debug)]
pub(crate) struct Payment {
    pub idpago: i64,
    pub fechapago: NaiveDate,
    pub idempresa: i64,
    pub idtipotransbanc: i64,
    pub idestatuspago: i64,
    pub montototal: Decimal,
    pub idcuentabanco: i64,
    pub codbancoori: Option<i64>,
    pub referencia: String,
    pub rifcipagador: String,
    pub nombrepagador: String,
    pub emailpagador: String,
    pub codusuario: i64,
    pub tipousuario: String,
    /// Venezuelan wall time of creation.
    pub fechahoracarga: NaiveDateTime,
    pub button: ButtonFields,
    pub docs: Vec<PaidDoc>,
    pub idtrackingpago: i64,
}

/// Megasoft's states for a pay-button transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ButtonState {
    Pending,
    Approved,
    Declined,
}

impl ButtonState {
    fn name(self) -> &'static str {
        match self {
            ButtonState::Pending => "pending",
            ButtonState::Approved => "approved",
            ButtonState::Declined => "declined",
        }
    }
}

/// A pay-button transaction opened by getNroControlWS.
#[derive(Clone, Debug)]
pub(crate) struct ButtonTxn {
    pub control: String,
    pub factura: String,
    pub monto: Decimal,
    pub state: ButtonState,
    pub seq: u64,
}

/// Everything the simulated Zoom remembers.
pub(crate) struct State {
    pub documents: BTreeMap<(i64, String), ZoomDocument>,
    pub payments: Vec<Payment>,
    pub tokens: Tokens,
    pub next_idpago: i64,
    pub next_pagodoc: i64,
    pub next_tracking: i64,
    pub button: Vec<ButtonTxn>,
}

const FIRST_IDPAGO: i64 = 5001;

impl State {
    fn seed() -> State {
        State {
            documents: seed::documents(),
            payments: Vec::new(),
            tokens: Tokens::default(),
            next_idpago: FIRST_IDPAGO,
            next_pagodoc: 9001,
            next_tracking: 7001,
            button: Vec::new(),
        }
    }

    /// What was paid of a document: its seeded `totalpagado` plus the simulated payments.
    pub fn paid(&self, doc: &ZoomDocument) -> Decimal {
        self.payments
            .iter()
            .flat_map(|p| p.docs.iter())
            .filter(|d| d.tipo_doc == doc.tipo_doc && d.nro_doc == doc.nro_doc)
            .fold(doc.totalpagado, |a, d| {
                a.checked_add(d.monto).unwrap_or(Decimal::MAX)
            })
    }

    /// What is still owed, never below zero.
    pub fn owed(&self, doc: &ZoomDocument) -> Decimal {
        (doc.montodoc - self.paid(doc)).max(Decimal::ZERO)
    }

    /// A document getMontoDocWs shows and createPagoWs takes: not cancelled, not final.
    pub fn payable(&self, tipo_doc: i64, nro_doc: &str) -> Option<&ZoomDocument> {
        self.documents
            .get(&(tipo_doc, nro_doc.to_owned()))
            .filter(|d| !d.cancelled && self.owed(d) > Decimal::ZERO)
    }

    fn issue_token(&mut self, now: NaiveDateTime, ttl_secs: i64) -> String {
        self.tokens.issue(now, ttl_secs, jwt_shaped).0
    }
}

/// An opaque token shaped like a JWT (three dot-separated parts), as Zoom's are.
fn jwt_shaped(serial: u64) -> String {
    let part = |round| format!("{:016x}", noise(serial, round));
    format!("eyJzaW0iOiJ6b29tIn0.{}{}.{}", part(1), part(2), part(3))
}

/// The simulated Zoom (its state lives in [`Mounted`]).
pub(crate) struct Zoom;

impl Mounted<Zoom> {
    fn put_document(&self, doc: ZoomDocument) {
        self.lock()
            .documents
            .insert((doc.tipo_doc, doc.nro_doc.clone()), doc);
    }

    fn settle(&self, control: &str, approved: bool) -> bool {
        let mut st = self.lock();
        match st.button.iter_mut().find(|t| t.control == control) {
            Some(t) => {
                t.state = if approved {
                    ButtonState::Approved
                } else {
                    ButtonState::Declined
                };
                true
            }
            None => false,
        }
    }
}

fn snapshot(z: &Mounted<Zoom>, now: NaiveDateTime) -> ZoomSnapshot {
    let st = z.lock();
    ZoomSnapshot {
        requests: z.requests(),
        tokens_issued: st.tokens.issued(),
        payments: st
            .payments
            .iter()
            .map(|p| ZoomPaymentSnapshot {
                idpago: p.idpago,
                referencia: p.referencia.clone(),
                montototal: two_dp(p.montototal),
                fechapago: p.fechapago.format("%Y-%m-%d").to_string(),
                idtipotransbanc: p.idtipotransbanc,
                idcuentabanco: p.idcuentabanco,
                codusuario: p.codusuario,
                rifcipagador: p.rifcipagador.clone(),
                nro_control: p.button.nro_control.clone(),
                documents: p
                    .docs
                    .iter()
                    .map(|d| ZoomPaidDocSnapshot {
                        tipo_doc: d.tipo_doc,
                        nro_doc: d.nro_doc.clone(),
                        monto: two_dp(d.monto),
                    })
                    .collect(),
            })
            .collect(),
        documents: st
            .documents
            .values()
            .map(|d| ZoomDocumentSnapshot {
                tipo_doc: d.tipo_doc,
                nro_doc: d.nro_doc.clone(),
                montodoc: two_dp(d.montodoc),
                totalpagado: two_dp(st.paid(d)),
                montopagar: two_dp(st.owed(d)),
                cancelled: d.cancelled,
                delivered: d.delivered,
            })
            .collect(),
        button: st
            .button
            .iter()
            .map(|t| ZoomButtonSnapshot {
                control: t.control.clone(),
                factura: t.factura.clone(),
                monto: two_dp(t.monto),
                state: t.state.name().to_owned(),
            })
            .collect(),
        clock: wall(now),
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
    ];
    type Config = ZoomSimConfig;
    type State = State;
    type Snapshot = ZoomSnapshot;

    fn config(sim: &SimConfig) -> ZoomSimConfig {
        sim.zoom.clone()
    }

    fn seed() -> State {
        State::seed()
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
            _ => UNKNOWN,
        })
    }

    fn serve(endpoint: &'static str, cx: &Ctx<'_>, st: &mut State) -> SimResponse {
        if endpoint == UNKNOWN {
            return call_error(
                "NotFoundHttpException",
                "No existe ruta o servicio web ingresado",
            );
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
            "getXmlWS" => button::xml(st, &fields),
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
        snapshot(z, now)
    }

    /// `login` and `claveenc`, posted to `LoginGenUEWs`.
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

/// What every handler needs besides the state and the fields.
pub(crate) type Ctx<'a> = Call<'a, ZoomSimConfig>;

impl Call<'_, ZoomSimConfig> {
    /// Venezuelan wall time (UTC−4): the simulator's clock reads Ecuador's (UTC−5).
    pub fn caracas(&self) -> NaiveDateTime {
        self.now + TimeDelta::hours(1)
    }

    /// The `token` field: missing is `CODE_002`; unknown or expired is `CODE_003` with the
    /// JWT library's exception (the simulator's choice; the document is silent).
    fn authorize(&self, st: &State, fields: &ZoomFields) -> Result<(), SimResponse> {
        let Some(token) = fields.text("token") else {
            return Err(invalid_parameters(BTreeMap::from([(
                "token".to_owned(),
                vec![rules::required("token")],
            )])));
        };
        match st.tokens.check(token, self.now) {
            TokenCheck::Valid => Ok(()),
            TokenCheck::Expired => Err(call_error("TokenExpiredException", "El token ha expirado")),
            TokenCheck::Unknown => Err(call_error("TokenInvalidException", "El token es inválido")),
        }
    }
}

/// `{codrespuesta, mensaje, entidadRespuesta}`, HTTP 200.
pub(crate) fn envelope(code: &str, mensaje: &str, entidad: Value) -> SimResponse {
    SimResponse::ok(&json!({
        "codrespuesta": code,
        "mensaje": mensaje,
        "entidadRespuesta": entidad,
    }))
}

pub(crate) fn query_ok(entidad: Value) -> SimResponse {
    envelope("COD_000", "CONSULTA REALIZADA EXITOSAMENTE", entidad)
}

pub(crate) fn no_data() -> SimResponse {
    envelope(
        "CODE_000",
        "INFORMACION NO EXISTE EN BASE DE DATOS",
        json!([]),
    )
}

pub(crate) fn invalid_parameters(errors: FieldErrors) -> SimResponse {
    envelope(
        "CODE_002",
        "LOS PARAMETROS INGRESADOS NO SON CORRECTOS",
        json!(errors),
    )
}

pub(crate) fn call_error(tipo: &str, info: &str) -> SimResponse {
    envelope(
        "CODE_003",
        "ERROR EN LA LLAMADA AL SERVICIO",
        json!({"tipoError": tipo, "info": info}),
    )
}

/// An amount as the document writes most of them: the decimal's own digits without trailing
/// zeros (`"5143"`, `"526.8"`).
pub(crate) fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The simulated Zoom's state as tests see it (`GET /_sim/state` → `zoom`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ZoomSnapshot {
    /// Requests that reached each service, faulted or not (every service listed, even at 0;
    /// `unknown_service` counts the rest).
    pub requests: BTreeMap<String, u64>,
    /// Tokens issued since start or reset (logins and `tokens` control calls).
    pub tokens_issued: u64,
    /// Every payment record, in creation order.
    pub payments: Vec<ZoomPaymentSnapshot>,
    /// Every document with its current balance.
    pub documents: Vec<ZoomDocumentSnapshot>,
    /// Pay-button transactions opened by getNroControlWS.
    pub button: Vec<ZoomButtonSnapshot>,
    /// The simulated clock, `yyyy-mm-dd hh:mm:ss` (the simulator's Ecuador time).
    pub clock: String,
}

/// One payment record. Amounts serialise as strings with two decimals.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ZoomPaymentSnapshot {
    pub idpago: i64,
    pub referencia: String,
    pub montototal: Decimal,
    /// `yyyy-mm-dd`.
    pub fechapago: String,
    pub idtipotransbanc: i64,
    pub idcuentabanco: i64,
    pub codusuario: i64,
    pub rifcipagador: String,
    pub nro_control: Option<String>,
    pub documents: Vec<ZoomPaidDocSnapshot>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ZoomPaidDocSnapshot {
    pub tipo_doc: i64,
    pub nro_doc: String,
    pub monto: Decimal,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ZoomDocumentSnapshot {
    pub tipo_doc: i64,
    pub nro_doc: String,
    pub montodoc: Decimal,
    pub totalpagado: Decimal,
    pub montopagar: Decimal,
    pub cancelled: bool,
    pub delivered: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ZoomButtonSnapshot {
    pub control: String,
    pub factura: String,
    pub monto: Decimal,
    /// `pending`, `approved` or `declined`.
    pub state: String,
}

/// Zoom's part of the simulator handle.
impl crate::Simulator {
    /// Zoom's requests, tokens, payments, documents and pay-button transactions.
    pub fn zoom_state(&self) -> ZoomSnapshot {
        self.shared.get::<Zoom>().snapshot(self.shared.clock.now())
    }

    /// A token "supplied by Zoom" (getInfoPagoWs' words), as if issued to the default user,
    /// for clients configured with a token instead of a login (same as
    /// `POST /_sim/zoom/tokens`).
    pub fn zoom_issue_token(&self) -> String {
        let zoom = self.shared.get::<Zoom>();
        let ttl = zoom.config().token_ttl_secs;
        zoom.lock().issue_token(self.shared.clock.now(), ttl)
    }

    /// Adds (or replaces) a document (same as `POST /_sim/zoom/documents`).
    pub fn add_zoom_document(&self, doc: ZoomDocument) {
        self.shared.get::<Zoom>().put_document(doc);
    }

    /// Settles a pay-button transaction at "Megasoft": approved or declined (same as
    /// `POST /_sim/zoom/button/{control}`). False when no transaction has that control number.
    pub fn settle_zoom_button(&self, control: &str, approved: bool) -> bool {
        self.shared.get::<Zoom>().settle(control, approved)
    }
}
