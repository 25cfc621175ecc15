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

mod conciliacion;
mod consultarpago;
mod control;
mod estadocuenta;
mod registrarpago;
mod reversapago;
mod seed;
mod token;

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use hyper::{Method, StatusCode};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

pub(crate) use crate::money::{number_dp, two_dp};
use crate::tokens::{Tokens, bearer};

use crate::SimConfig;
use crate::biller::{Call, ControlCall, Mounted, SimBiller, SimResponse, expired};
use crate::clock::wall;
use crate::fields::Fields;
use crate::readings::LiveReadings;
use crate::registry::{PayableDebt, SimCredentials};

/// Settings of the simulated Unicomer.
#[derive(Clone, Debug)]
pub struct UnicomerSimConfig {
    /// OAuth user name the token endpoint accepts.
    pub username: String,
    /// OAuth password the token endpoint accepts.
    pub password: String,
    /// The collector's `idcommerce`; requests for any other commerce are refused.
    pub commerce: String,
    /// Token lifetime (`expires_in`), in seconds of simulated time.
    pub token_ttl_secs: i64,
    /// A registered payment reads as synchronised (no longer reversible) after this many
    /// seconds of simulated time.
    pub sync_window_secs: i64,
}

impl Default for UnicomerSimConfig {
    fn default() -> Self {
        UnicomerSimConfig {
            username: "cajero@recaudo.test".to_owned(),
            password: "fake-password-123".to_owned(),
            commerce: "EMPTEST".to_owned(),
            // The document's `expires_in`: 14 days minus one second.
            token_ttl_secs: 1_209_599,
            // "espera 3 minutos antes de sincronizar la transacción original".
            sync_window_secs: 180,
        }
    }
}

/// Display name of the collector in `conciliacion` records (`comercio`).
pub(crate) const COMMERCE_NAME: &str = "RECAUDADOR DE PRUEBA";

/// Payment states (`cod_status` / `estado`).
pub(crate) const REGISTERED: i32 = 0;
pub(crate) const SYNCHRONISED: i32 = 1;
pub(crate) const ZOMBIE: i32 = 2;
pub(crate) const REVERSED: i32 = 4;
pub(crate) const SYNC_PROBLEMS: i32 = 99;

/// The document's description of each payment state (with its spelling, "Zoombie").
pub(crate) fn estado_desc(estado: i32) -> &'static str {
    match estado {
        REGISTERED => "Registrado",
        SYNCHRONISED => "Sincronizado",
        ZOMBIE => "Zoombie",
        REVERSED => "Reversado",
        SYNC_PROBLEMS => "Problemas para sincronizar",
        _ => "No existe",
    }
}

/// Header of a statement (`datosCliente`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DatosCliente {
    pub tipo_campana: i32,
    pub cl_cedruc: String,
    pub cl_nombres: String,
    pub cl_apellidos: String,
    pub cl_direcc1: String,
    pub cl_direcc2: String,
    pub ciudadcliente: String,
    pub tipo_doc: String,
    pub sexo: String,
    pub cl_email: String,
}

/// One instalment credit as seeded; the three balances are before any simulated payment.
#[derive(Clone, Debug)]
pub(crate) struct Invoice {
    pub id: i64,
    pub factura: i64,
    pub operacion: Decimal,
    pub credito_fch: String,
    pub credito_valor: Decimal,
    pub item_cant: Decimal,
    pub item_desc: String,
    pub factura_full: String,
    pub credito_cuota: Decimal,
    pub credito_plazo: i32,
    pub prox_fecvto: String,
    pub dias_mora: i32,
    pub cuotas_pagadas: i32,
    pub cuotas_pendientes: i32,
    pub cuotas_vencidas: i32,
    pub monto_vencido: Decimal,
    pub recargo_gasto: Decimal,
    pub interes_mora: Decimal,
    pub valor_pagar: Decimal,
    pub deuda_tot_sinpro: Decimal,
    pub deuda_tot_conpro: Decimal,
    pub tiene_inicial: String,
    pub tiene_mora: String,
    pub porc_comision: Decimal,
    pub cadena: String,
}

#[derive(Clone, Debug)]
pub(crate) struct Customer {
    pub datos: DatosCliente,
    pub invoices: Vec<Invoice>,
    pub telefonos: Vec<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct Payment {
    pub idtrx: i64,
    /// The invoice id it was registered against.
    pub secuencial: i64,
    pub idcommerce: String,
    pub fch_proceso: NaiveDateTime,
    pub val_pagado: Decimal,
    pub localidad_recauda: String,
    pub nombre_cajero: String,
    pub num_recibo: String,
    /// Simulated time of registration (`fch_registro`); the sync window counts from here.
    pub registered_at: NaiveDateTime,
    /// The state last set (see the module docs for how 0 turns into 1).
    pub stored_estado: i32,
}

impl Payment {
    /// The state as the biller would report it now.
    pub fn estado(&self, now: NaiveDateTime, sync_window_secs: i64) -> i32 {
        if self.stored_estado == REGISTERED
            && (now - self.registered_at).num_seconds() >= sync_window_secs
        {
            SYNCHRONISED
        } else {
            self.stored_estado
        }
    }

    /// Registered and synchronised payments count against the debt; zombie ("not
    /// registered"), reversed and failed ones do not.
    fn counts(&self, now: NaiveDateTime, sync_window_secs: i64) -> bool {
        matches!(
            self.estado(now, sync_window_secs),
            REGISTERED | SYNCHRONISED
        )
    }
}

/// An invoice's balances after the payments that count.
pub(crate) struct Balances {
    pub valor_pagar: Decimal,
    pub deuda_tot_sinpro: Decimal,
    pub deuda_tot_conpro: Decimal,
}

/// Everything the simulated Unicomer remembers.
pub(crate) struct State {
    pub customers: BTreeMap<String, Customer>,
    pub tokens: Tokens,
    pub payments: Vec<Payment>,
    pub next_idtrx: i64,
}

/// First `idtrx` handed out after a start or reset.
const FIRST_IDTRX: i64 = 1001;

impl State {
    fn seed() -> State {
        State {
            customers: seed::customers(),
            tokens: Tokens::default(),
            payments: Vec::new(),
            next_idtrx: FIRST_IDTRX,
        }
    }

    /// The invoice with this id (ids are unique across customers).
    pub fn invoice(&self, id: i64) -> Option<&Invoice> {
        self.customers
            .values()
            .flat_map(|c| c.invoices.iter())
            .find(|i| i.id == id)
    }

    /// Balances of an invoice at `now`: the seeded amounts minus the payments that count,
    /// never below zero.
    pub fn balances(&self, inv: &Invoice, now: NaiveDateTime, window: i64) -> Balances {
        let paid: Decimal = self
            .payments
            .iter()
            .filter(|p| p.secuencial == inv.id && p.counts(now, window))
            .map(|p| p.val_pagado)
            .fold(Decimal::ZERO, |a, b| {
                a.checked_add(b).unwrap_or(Decimal::MAX)
            });
        let less = |d: Decimal| (d - paid).max(Decimal::ZERO);
        Balances {
            valor_pagar: less(inv.valor_pagar),
            deuda_tot_sinpro: less(inv.deuda_tot_sinpro),
            deuda_tot_conpro: less(inv.deuda_tot_conpro),
        }
    }

    /// Adds or replaces a customer. An invoice id already used by another customer moves to
    /// this one, so that `secuencial` keeps naming exactly one invoice.
    pub fn put_customer(&mut self, customer: Customer) {
        let ids: Vec<i64> = customer.invoices.iter().map(|i| i.id).collect();
        for other in self.customers.values_mut() {
            other.invoices.retain(|i| !ids.contains(&i.id));
        }
        self.customers
            .insert(customer.datos.cl_cedruc.clone(), customer);
    }
}

/// The simulated Unicomer (its state lives in [`Mounted`]).
pub(crate) struct Unicomer;

impl Mounted<Unicomer> {
    pub(crate) fn add_customer(&self, cliente: &str, invoices: Vec<(i64, Decimal)>) {
        let customer = seed::test_customer(cliente, &invoices);
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

fn snapshot(u: &Mounted<Unicomer>, now: NaiveDateTime) -> UnicomerSnapshot {
    let st = u.lock();
    let window = u.config().sync_window_secs;
    UnicomerSnapshot {
        requests: u.requests(),
        tokens_issued: st.tokens.issued(),
        payments: st
            .payments
            .iter()
            .map(|p| {
                let estado = p.estado(now, window);
                PaymentSnapshot {
                    idtrx: p.idtrx,
                    secuencial: p.secuencial,
                    idcommerce: p.idcommerce.clone(),
                    num_recibo: p.num_recibo.clone(),
                    val_pagado: two_dp(p.val_pagado),
                    fch_proceso: wall(p.fch_proceso),
                    fch_registro: wall(p.registered_at),
                    estado,
                    estado_desc: estado_desc(estado).to_owned(),
                    localidad_recauda: p.localidad_recauda.clone(),
                    nombre_cajero: p.nombre_cajero.clone(),
                }
            })
            .collect(),
        customers: st
            .customers
            .iter()
            .map(|(cliente, c)| CustomerSnapshot {
                cliente: cliente.clone(),
                nombre: format!("{} {}", c.datos.cl_nombres, c.datos.cl_apellidos),
                invoices: c
                    .invoices
                    .iter()
                    .map(|i| {
                        let b = st.balances(i, now, window);
                        InvoiceSnapshot {
                            id: i.id,
                            factura_full: i.factura_full.clone(),
                            balance: two_dp(b.deuda_tot_conpro),
                            valor_pagar: two_dp(b.valor_pagar),
                        }
                    })
                    .collect(),
            })
            .collect(),
        clock: wall(now),
    }
}

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
        State::seed()
    }

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
        snapshot(u, now)
    }

    /// The OAuth password grant's user and password, posted to `token`.
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

/// What every handler needs besides the state.
pub(crate) type Ctx<'a> = Call<'a, UnicomerSimConfig>;

impl Call<'_, UnicomerSimConfig> {
    fn window(&self) -> i64 {
        self.config.sync_window_secs
    }

    /// `Authorization: Bearer <token>` with a token issued, not expired on the simulated
    /// clock and not invalidated; otherwise ASP.NET's 401.
    fn authorize(&self, st: &State) -> Result<(), SimResponse> {
        let token = self
            .req
            .headers
            .get(hyper::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer);
        if st.tokens.accepts(token, self.now) {
            Ok(())
        } else {
            Err(SimResponse::json(
                StatusCode::UNAUTHORIZED,
                &serde_json::json!({"Message": "Authorization has been denied for this request."}),
            ))
        }
    }

    /// Fields of an endpoint the document declares as JSON.
    fn json_fields(&self) -> Result<Fields, SimResponse> {
        if self.req.is_form() {
            return Err(malformed(
                "Este servicio recibe application/json, llegó application/x-www-form-urlencoded",
            ));
        }
        Fields::from_json(&self.req.body).map_err(|e| malformed(&e))
    }

    /// Fields of an endpoint that declares form encoding but shows JSON: decided by
    /// Content-Type (form when it says so, JSON otherwise).
    fn form_or_json_fields(&self) -> Result<Fields, SimResponse> {
        let parsed = if self.req.is_form() {
            Fields::from_form(&self.req.body)
        } else {
            Fields::from_json(&self.req.body)
        };
        parsed.map_err(|e| malformed(&e))
    }
}

/// Parses `fch_proceso`: `yyyy-mm-dd hh:mm:ss`, optionally with a fraction (`.000`).
pub(crate) fn parse_fch(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S%.f").ok()
}

/// Reads the four fields that key a payment in `reversapago` and `consultarpago`.
pub(crate) struct PaymentKey {
    pub secuencial: i64,
    pub idcommerce: String,
    pub fch_proceso: NaiveDateTime,
    pub val_pagado: Decimal,
}

impl PaymentKey {
    fn read(f: &Fields) -> Result<PaymentKey, SimResponse> {
        let secuencial = f.int("secuencial").map_err(|e| malformed(&e))?;
        let idcommerce = f.string("idcommerce").map_err(|e| malformed(&e))?;
        let fch_text = f.string("fch_proceso").map_err(|e| malformed(&e))?;
        let fch_proceso = parse_fch(&fch_text).ok_or_else(|| {
            malformed(&format!(
                "fch_proceso debe tener el formato yyyy-mm-dd hh:mm:ss, llegó `{fch_text}`"
            ))
        })?;
        let val_pagado = f.decimal("val_pagado").map_err(|e| malformed(&e))?;
        Ok(PaymentKey {
            secuencial,
            idcommerce,
            fch_proceso,
            val_pagado,
        })
    }

    /// Same commerce, same instant (`.000` or not) and same amount (`5.0` = `5.00`).
    fn matches(&self, p: &Payment) -> bool {
        p.idcommerce == self.idcommerce
            && p.fch_proceso == self.fch_proceso
            && p.val_pagado == self.val_pagado
    }
}

/// A money amount as the biller writes it: a JSON number with two decimals.
pub(crate) fn money(d: Decimal) -> Number {
    number_dp(d, 2)
}

/// `{"status": <number or string>, "msg": ..., "data": ...}`.
#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    status: Value,
    msg: &'a str,
    data: T,
}

/// `{"status": "...", "msg": ...}`, the document's error shape without `data`.
#[derive(Serialize)]
struct ErrorEnvelope<'a> {
    status: &'a str,
    msg: &'a str,
}

/// Success with the number `0` as status.
pub(crate) fn ok<T: Serialize>(msg: &str, data: T) -> SimResponse {
    SimResponse::ok(&Envelope {
        status: Value::from(0),
        msg,
        data,
    })
}

/// Success with the string `"0"` as status (reversapago's quirk).
pub(crate) fn ok_string_status<T: Serialize>(msg: &str, data: T) -> SimResponse {
    SimResponse::ok(&Envelope {
        status: Value::from("0"),
        msg,
        data,
    })
}

/// A business error as the document prints it (string code, no `data`).
pub(crate) fn fail(code: &str, msg: &str) -> SimResponse {
    SimResponse::ok(&ErrorEnvelope { status: code, msg })
}

/// A business error with `"data": null` (estadocuenta's shape).
pub(crate) fn fail_null_data(code: &str, msg: &str) -> SimResponse {
    SimResponse::ok(&Envelope {
        status: Value::from(code),
        msg,
        data: (),
    })
}

/// Malformed input: the document's "error general" code 133, HTTP 200.
pub(crate) fn malformed(msg: &str) -> SimResponse {
    fail("133", msg)
}

fn not_found() -> SimResponse {
    SimResponse::json(
        StatusCode::NOT_FOUND,
        &serde_json::json!({"Message": "No HTTP resource was found that matches the request URI."}),
    )
}

/// Unicomer's state as tests see it (`GET /_sim/state` → `unicomer`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct UnicomerSnapshot {
    /// Requests that reached each endpoint, faulted or not (every endpoint listed, even at 0).
    pub requests: BTreeMap<String, u64>,
    /// Tokens issued since start or reset.
    pub tokens_issued: u64,
    /// Every payment ever registered, in registration order.
    pub payments: Vec<PaymentSnapshot>,
    /// Customers with their current balances.
    pub customers: Vec<CustomerSnapshot>,
    /// The simulated clock, `yyyy-mm-dd hh:mm:ss` (Ecuador time).
    pub clock: String,
}

/// One registered payment.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PaymentSnapshot {
    pub idtrx: i64,
    /// The invoice id it was registered against.
    pub secuencial: i64,
    pub idcommerce: String,
    pub num_recibo: String,
    /// Serialised as a string with two decimals (`"12.30"`).
    pub val_pagado: Decimal,
    /// `yyyy-mm-dd hh:mm:ss`.
    pub fch_proceso: String,
    /// Simulated time of registration, `yyyy-mm-dd hh:mm:ss`.
    pub fch_registro: String,
    /// 0 registered, 1 synchronised, 2 zombie, 4 reversed, 99 sync problems.
    pub estado: i32,
    pub estado_desc: String,
    pub localidad_recauda: String,
    pub nombre_cajero: String,
}

/// One customer and its invoices' current balances.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CustomerSnapshot {
    pub cliente: String,
    pub nombre: String,
    pub invoices: Vec<InvoiceSnapshot>,
}

/// One invoice's current balances (strings with two decimals in JSON).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct InvoiceSnapshot {
    /// The `secuencial` to pay it with.
    pub id: i64,
    pub factura_full: String,
    /// Current `deuda_tot_conpro`: the most a payment may be.
    pub balance: Decimal,
    /// Current `valor_pagar`: what is due now.
    pub valor_pagar: Decimal,
}
