//! Cooplan (Bolivia) through PagoFácil Bolivia, as its document ("Servicios - Cooplan",
//! v1.1.1.1) describes it, mounted under `/cooplan/`.
//!
//! A water and services cooperative whose customers ("socios") hold contracts with one pending
//! invoice per billing period. The collector gets a token, finds a customer by contract, lists
//! the pending debts, pays one invoice in full, prints its invoice, reads the day's collections
//! and may reverse a payment.
//!
//! Every reply is the documented envelope `{error, status, message, messageMostrar,
//! messageSistema, values}`, in that order, with the document's quirks: success is `error: 0`
//! with `status: 1`; `values` is a list of customers, a list of debts, an object
//! `{IdCobranza, FechaPagoEmpresa}`, a plain string or the number `1` depending on the
//! endpoint; amounts in replies are strings with two decimals (`"136.76"`); `IdCobranza` is a
//! string by default; `FechaPagoEmpresa` is `dd/mm/yyyy hh:mm:ss` in Bolivian time (UTC-4: the simulated
//! clock plus one hour).
//!
//! The simulator's own choices where the document is silent (clients must not rely on them
//! beyond what they configure):
//! - **Token**: `POST api/token` with `CodSeguridad`, `Login`, `Pwd` (JSON or form); the token
//!   comes back at `values.accessToken`; it lives `token_ttl_secs` of simulated time. Wrong
//!   credentials: `error: 1`.
//! - **Requests** are read as a form when `Content-Type` says so and as JSON otherwise; field
//!   names are matched case-insensitively; numbers may arrive as strings and vice versa.
//! - **Auth**: `Authorization` or `autorizacion` (the document's two spellings) with
//!   `Bearer <token>` (quotes around the token tolerated); the reading `cooplan.auth_header`
//!   reads only one of them. A missing, unknown or expired token is answered with HTTP
//!   `expired_token_http_status` (401 by default) and `error: 401`.
//! - **Errors**: `error: 1` for a business refusal, `error: 2` for malformed input, with
//!   `status: 0`, `messageMostrar: 1` and the reason in `message`. Nothing is changed on error.
//! - **Duplicate guard**: none is documented. The natural one is applied: an invoice/period
//!   that is no longer pending cannot be paid (`error: 1`, "no está pendiente de pago");
//!   `cooplan.pay_settled=accepted` collects it again instead.
//! - **Payment**: `Monto` must equal the debt's `montoTotal` ("monto de la deuda pendiente")
//!   and `IdAsociado` must be the contract's customer id, which `consultardeuda` shows as `ID`.
//! - **Collections report**: `values` is the list of the day's collections (`IdCobranza`,
//!   `IdFactura`, `Periodo`, `Contrato`, `IdAsociado`, `Monto`, `FechaPagoEmpresa`, `Estado`:
//!   1 in effect, 0 reversed). The document's example answers a plain string instead; the
//!   reading `cooplan.reporte_values=string` plays that (also `POST /_sim/cooplan/report
//!   {"as_text": true}`) so clients can be tested against both.
//! - **Debts**: `values` is always a list; `cooplan.deuda_values=compact` makes it `""` when
//!   nothing is pending and a lone object when one debt is.
//! - **`IdCobranza`** goes out as a string (realizarpago's example) or, under
//!   `cooplan.id_cobranza=number`, as a number; requests may send either under both.
//! - **Reversal** puts the invoice back among the pending debts; a reversed collection cannot
//!   be printed or reversed again.
//!
//! Seed data (all made up): credentials `codseg-de-prueba` / `recaudador-de-prueba` /
//! `pwd-de-prueba`;
//!
//! | Contrato | IdAsociado (`ID`) | pending debts (factura, periodo, montoTotal) |
//! | --- | --- | --- |
//! | `1001` | 90001 | 5000001 202110 136.76; 5000002 202111 136.78 |
//! | `1002` | 90002 | 5000003 202111 98.40 |
//! | `1003` | 90003 | none |
//!
//! Collections get `IdCobranza` 4200001, 4200002, … after each start or reset.

mod buscarcliente;
mod consultardeuda;
mod control;
mod imprimirfactura;
mod realizarpago;
mod reportecobranzas;
mod revertirpago;
mod seed;
mod token;

use std::collections::BTreeMap;

use chrono::{NaiveDateTime, TimeDelta};
use hyper::{Method, StatusCode};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::SimConfig;
use crate::biller::{Call, ControlCall, Mounted, SimBiller, SimResponse, expired};
use crate::clock::wall;
use crate::fields::Fields;
use crate::readings::{LiveReadings, Readings};
use crate::registry::{PayableDebt, SimCredentials};
use crate::tokens::{Tokens, bearer};

pub(crate) use crate::money::{amount_text, two_dp};

/// How the simulated Cooplan is set up.
#[derive(Clone, Debug)]
pub struct CooplanSimConfig {
    /// `CodSeguridad` the token service accepts.
    pub cod_seguridad: String,
    /// `Login` the token service accepts.
    pub login: String,
    /// `Pwd` the token service accepts.
    pub pwd: String,
    /// Token lifetime, in seconds of simulated time.
    pub token_ttl_secs: i64,
    /// HTTP status of the reply to a missing, unknown or expired token (its body is always the
    /// envelope with `error: 401`). 200 simulates a biller that reports it in the envelope only.
    pub expired_token_http_status: u16,
}

impl Default for CooplanSimConfig {
    fn default() -> Self {
        CooplanSimConfig {
            cod_seguridad: "codseg-de-prueba".to_owned(),
            login: "recaudador-de-prueba".to_owned(),
            pwd: "pwd-de-prueba".to_owned(),
            token_ttl_secs: 3600,
            expired_token_http_status: 401,
        }
    }
}

/// Bolivia (UTC-4) is one hour ahead of the simulated Ecuador clock (UTC-5).
const BOLIVIA_AHEAD_OF_SIM_CLOCK_SECS: i64 = 3600;

/// Simulated time as Bolivian wall-clock time.
pub(crate) fn bolivia(now: NaiveDateTime) -> NaiveDateTime {
    now.checked_add_signed(TimeDelta::seconds(BOLIVIA_AHEAD_OF_SIM_CLOCK_SECS))
        .unwrap_or(now)
}

/// `FechaPagoEmpresa`'s format.
pub(crate) const FECHA_PAGO_FORMAT: &str = "%d/%m/%Y %H:%M:%S";

/// First `IdCobranza` after a start or reset.
const FIRST_ID_COBRANZA: i64 = 4_200_001;

/// One pending-or-paid invoice of a contract, as seeded.
#[derive(Clone, Debug)]
pub(crate) struct Debt {
    pub factura: i64,
    pub periodo: String,
    pub monto: Decimal,
}

#[derive(Clone, Debug)]
pub(crate) struct Contract {
    pub contrato: String,
    pub nombre: String,
    /// The customer's id at the company: `consultardeuda`'s `ID`, `realizarpago`'s `IdAsociado`.
    pub id_asociado: i64,
    pub cod_ubicacion: i64,
    pub num_doc: String,
    pub tipo_documento: String,
    pub nit: String,
    pub direccion: String,
    pub debts: Vec<Debt>,
}

#[derive(Clone, Debug)]
pub(crate) struct Collection {
    pub id_cobranza: i64,
    pub id_factura: i64,
    pub periodo: String,
    pub contrato: String,
    pub id_asociado: i64,
    pub monto: Decimal,
    /// Bolivian wall-clock time of the payment (`FechaPagoEmpresa`).
    pub fecha: NaiveDateTime,
    pub reversed_at: Option<NaiveDateTime>,
    /// How many times `imprimirfactura` printed it.
    pub prints: u32,
}

/// Everything the simulated Cooplan remembers.
pub(crate) struct State {
    pub contracts: BTreeMap<String, Contract>,
    pub tokens: Tokens,
    pub collections: Vec<Collection>,
    pub next_id_cobranza: i64,
}

impl State {
    fn seed() -> State {
        State {
            contracts: seed::contracts(),
            tokens: Tokens::default(),
            collections: Vec::new(),
            next_id_cobranza: FIRST_ID_COBRANZA,
        }
    }

    /// Whether no collection in effect pays this invoice/period.
    pub fn is_pending(&self, factura: i64, periodo: &str) -> bool {
        !self
            .collections
            .iter()
            .any(|c| c.id_factura == factura && c.periodo == periodo && c.reversed_at.is_none())
    }

    /// The contract's debts that are still pending, in billing order.
    pub fn pending<'a>(&'a self, contract: &'a Contract) -> impl Iterator<Item = &'a Debt> {
        contract
            .debts
            .iter()
            .filter(|d| self.is_pending(d.factura, &d.periodo))
    }

    /// Adds or replaces a contract. An invoice/period already seeded under another contract
    /// moves to this one, so that `IdFactura` + `Periodo` keep naming one debt.
    pub fn put_contract(&mut self, contract: Contract) {
        for other in self.contracts.values_mut() {
            other.debts.retain(|d| {
                !contract
                    .debts
                    .iter()
                    .any(|n| n.factura == d.factura && n.periodo == d.periodo)
            });
        }
        self.contracts.insert(contract.contrato.clone(), contract);
    }
}

/// The simulated Cooplan (its state lives in [`Mounted`]).
pub(crate) struct Cooplan;

impl Mounted<Cooplan> {
    fn add_contract(&self, contrato: &str, id_asociado: i64, debts: Vec<Debt>) {
        let contract = seed::test_contract(contrato, id_asociado, debts);
        self.lock().put_contract(contract);
    }

    /// The older switch for `cooplan.reporte_values`, kept for its callers.
    fn set_report_as_text(&self, as_text: bool) {
        let value = if as_text { "string" } else { "list" };
        // Both values are in the table, so this cannot fail.
        let _ = self
            .readings()
            .update(|r| r.set("cooplan.reporte_values", value));
    }

    fn report_as_text(&self) -> bool {
        self.readings().get("cooplan.reporte_values") == "string"
    }
}

fn snapshot(c: &Mounted<Cooplan>, now: NaiveDateTime) -> CooplanSnapshot {
    let st = c.lock();
    CooplanSnapshot {
        requests: c.requests(),
        tokens_issued: st.tokens.issued(),
        contracts: st
            .contracts
            .values()
            .map(|c| CooplanContractSnapshot {
                contrato: c.contrato.clone(),
                nombre: c.nombre.clone(),
                id_asociado: c.id_asociado,
                debts: c
                    .debts
                    .iter()
                    .map(|d| CooplanDebtSnapshot {
                        factura: d.factura,
                        periodo: d.periodo.clone(),
                        monto: two_dp(d.monto),
                        pending: st.is_pending(d.factura, &d.periodo),
                    })
                    .collect(),
            })
            .collect(),
        collections: st
            .collections
            .iter()
            .map(|c| CooplanCollectionSnapshot {
                id_cobranza: c.id_cobranza.to_string(),
                id_factura: c.id_factura,
                periodo: c.periodo.clone(),
                contrato: c.contrato.clone(),
                id_asociado: c.id_asociado,
                monto: two_dp(c.monto),
                fecha_pago_empresa: c.fecha.format(FECHA_PAGO_FORMAT).to_string(),
                reversed: c.reversed_at.is_some(),
                prints: c.prints,
            })
            .collect(),
        report_as_text: c.report_as_text(),
        clock: wall(bolivia(now)),
    }
}

impl SimBiller for Cooplan {
    const ID: &'static str = "cooplan";
    /// Endpoint names, as used in faults and in the request counters.
    const ENDPOINTS: &'static [&'static str] = &[
        "token",
        "buscarcliente",
        "consultardeuda",
        "realizarpago",
        "imprimirfactura",
        "reportecobranzas",
        "revertirpago",
    ];
    type Config = CooplanSimConfig;
    type State = State;
    type Snapshot = CooplanSnapshot;

    fn config(sim: &SimConfig) -> CooplanSimConfig {
        sim.cooplan.clone()
    }

    fn seed() -> State {
        State::seed()
    }

    fn route(path: &str, _readings: &LiveReadings) -> Option<&'static str> {
        match path.to_lowercase().as_str() {
            "api/token" => Some("token"),
            "api/buscarcliente" => Some("buscarcliente"),
            "api/consultardeuda" => Some("consultardeuda"),
            "api/realizarpago" => Some("realizarpago"),
            "api/imprimirfactura" => Some("imprimirfactura"),
            "api/reportecobranzas" => Some("reportecobranzas"),
            "api/revertirpago" => Some("revertirpago"),
            _ => None,
        }
    }

    fn serve(endpoint: &'static str, cx: &Ctx<'_>, st: &mut State) -> SimResponse {
        if cx.req.method != Method::POST {
            return SimResponse::json(
                StatusCode::METHOD_NOT_ALLOWED,
                &Envelope::error(2, &format!("Método {} no permitido", cx.req.method), ""),
            );
        }
        if endpoint != "token" {
            if let Err(denied) = cx.authorize(st) {
                return denied;
            }
        }
        let fields = match cx.fields() {
            Ok(f) => f,
            Err(r) => return r,
        };
        if endpoint == "token" {
            return token::handle(cx, &fields, st);
        }
        match endpoint {
            "buscarcliente" => buscarcliente::handle(&fields, st),
            "consultardeuda" => consultardeuda::handle(cx, &fields, st),
            "realizarpago" => realizarpago::handle(cx, &fields, st),
            "imprimirfactura" => imprimirfactura::handle(&fields, st),
            "reportecobranzas" => reportecobranzas::handle(cx, &fields, st),
            "revertirpago" => revertirpago::handle(cx, &fields, st),
            _ => SimResponse::json(
                StatusCode::NOT_FOUND,
                &Envelope::error(2, "Servicio no encontrado", ""),
            ),
        }
    }

    /// The envelope with `error: 1` and a generic message.
    fn error_body() -> Value {
        serde_json::json!({
            "error": 1,
            "status": 0,
            "message": "Error interno",
            "messageMostrar": 0,
            "messageSistema": "error",
            "values": "",
        })
    }

    fn control(c: &Mounted<Cooplan>, call: &ControlCall<'_>) -> Option<SimResponse> {
        control::handle(c, call)
    }

    fn expire_tokens(st: &mut State) -> Option<Value> {
        expired(st.tokens.expire_all())
    }

    fn snapshot(c: &Mounted<Cooplan>, now: NaiveDateTime) -> CooplanSnapshot {
        snapshot(c, now)
    }

    /// `CodSeguridad`, `Login` and `Pwd`, posted to `api/token`.
    fn credentials(config: &CooplanSimConfig) -> SimCredentials {
        let c = config;
        SimCredentials::login(
            "token",
            [
                ("CodSeguridad", &c.cod_seguridad),
                ("Login", &c.login),
                ("Pwd", &c.pwd),
            ],
        )
    }

    /// Contract `1001`'s invoice 5000001 of period 202110, 136.76: Cooplan takes one payment
    /// of the whole debt, so it pays once after each start or reset.
    fn payable_debt() -> Option<PayableDebt> {
        Some(PayableDebt {
            lookup: "1001",
            debt_id: "5000001:202110:1001:90001",
            amount: Decimal::new(13_676, 2),
            partial: false,
            pay_endpoint: "realizarpago",
            extra: &[],
        })
    }
}

/// What every handler needs besides the state and the fields.
pub(crate) type Ctx<'a> = Call<'a, CooplanSimConfig>;

impl Call<'_, CooplanSimConfig> {
    /// The body as fields: a form when `Content-Type` says so, JSON otherwise.
    fn fields(&self) -> Result<Fields, SimResponse> {
        let parsed = if self.req.is_form() {
            Fields::from_form(&self.req.body)
        } else {
            Fields::from_json(&self.req.body)
        };
        parsed.map_err(|e| malformed(&e))
    }

    /// `Bearer <token>` with a token issued and not expired, in the header(s) the reading
    /// `cooplan.auth_header` reads: `Authorization`, `autorizacion` or either.
    fn authorize(&self, st: &State) -> Result<(), SimResponse> {
        let headers: &[&str] = match self.readings.get("cooplan.auth_header") {
            "autorizacion" => &["autorizacion"],
            "authorization" => &["authorization"],
            _ => &["authorization", "autorizacion"],
        };
        let token = headers
            .iter()
            .filter_map(|name| self.req.headers.get(*name))
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| bearer(v).map(|t| t.trim_matches('"')));
        if st.tokens.accepts(token, self.now) {
            return Ok(());
        }
        let status = StatusCode::from_u16(self.config.expired_token_http_status)
            .unwrap_or(StatusCode::UNAUTHORIZED);
        Err(SimResponse::json(
            status,
            &Envelope::error(401, "Token inválido o expirado", "Unauthorized"),
        ))
    }
}

/// The documented envelope, keys in the document's order.
#[derive(Serialize)]
pub(crate) struct Envelope<'a, T: Serialize> {
    error: i64,
    status: i64,
    message: &'a str,
    #[serde(rename = "messageMostrar")]
    message_mostrar: i64,
    #[serde(rename = "messageSistema")]
    message_sistema: &'a str,
    values: T,
}

impl<'a> Envelope<'a, Value> {
    /// An error: `status: 0`, `messageMostrar: 1`, `values: null`.
    pub(crate) fn error(code: i64, message: &'a str, sistema: &'a str) -> Self {
        Envelope {
            error: code,
            status: 0,
            message,
            message_mostrar: 1,
            message_sistema: sistema,
            values: Value::Null,
        }
    }
}

/// Success: `error: 0`, `status: 1`, `messageMostrar: 0`, `messageSistema: ""`.
pub(crate) fn ok<T: Serialize>(message: &str, values: T) -> SimResponse {
    SimResponse::ok(&Envelope {
        error: 0,
        status: 1,
        message,
        message_mostrar: 0,
        message_sistema: "",
        values,
    })
}

/// A business refusal (`error: 1`), HTTP 200.
pub(crate) fn refuse(message: &str) -> SimResponse {
    SimResponse::ok(&Envelope::error(1, message, ""))
}

/// Malformed input (`error: 2`), HTTP 200.
pub(crate) fn malformed(message: &str) -> SimResponse {
    SimResponse::ok(&Envelope::error(2, message, "Parámetros inválidos"))
}

/// `IdCobranza` as replies carry it: a string (realizarpago's example) or a number
/// (`cooplan.id_cobranza`).
pub(crate) fn id_cobranza(id: i64, readings: &Readings) -> Value {
    if readings.is("cooplan.id_cobranza", "number") {
        Value::from(id)
    } else {
        Value::from(id.to_string())
    }
}

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

/// Cooplan's state as tests see it (`GET /_sim/state` → `cooplan`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CooplanSnapshot {
    /// Requests that reached each endpoint, faulted or not (every endpoint listed, even at 0).
    pub requests: BTreeMap<String, u64>,
    /// Tokens issued since start or reset.
    pub tokens_issued: u64,
    pub contracts: Vec<CooplanContractSnapshot>,
    /// Every collection ever made, in order, reversed ones included.
    pub collections: Vec<CooplanCollectionSnapshot>,
    /// Whether `reportecobranzas` answers the document's plain string (the reading
    /// `cooplan.reporte_values` is `string`).
    pub report_as_text: bool,
    /// The simulated clock in Bolivian time, `yyyy-mm-dd hh:mm:ss`.
    pub clock: String,
}

impl CooplanSnapshot {
    /// Collections in effect (not reversed) of one invoice/period: 1 after a payment, never 2.
    pub fn collections_in_effect(&self, factura: i64, periodo: &str) -> usize {
        self.collections
            .iter()
            .filter(|c| c.id_factura == factura && c.periodo == periodo && !c.reversed)
            .count()
    }

    /// Whether the invoice/period is pending under its contract.
    pub fn is_pending(&self, factura: i64, periodo: &str) -> Option<bool> {
        self.contracts
            .iter()
            .flat_map(|c| c.debts.iter())
            .find(|d| d.factura == factura && d.periodo == periodo)
            .map(|d| d.pending)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CooplanContractSnapshot {
    pub contrato: String,
    pub nombre: String,
    pub id_asociado: i64,
    pub debts: Vec<CooplanDebtSnapshot>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CooplanDebtSnapshot {
    pub factura: i64,
    pub periodo: String,
    /// `montoTotal` (a string with two decimals in JSON).
    pub monto: Decimal,
    /// No collection in effect pays it.
    pub pending: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CooplanCollectionSnapshot {
    pub id_cobranza: String,
    pub id_factura: i64,
    pub periodo: String,
    pub contrato: String,
    pub id_asociado: i64,
    pub monto: Decimal,
    /// `dd/mm/yyyy hh:mm:ss`, Bolivian time.
    pub fecha_pago_empresa: String,
    pub reversed: bool,
    /// Times `imprimirfactura` printed it.
    pub prints: u32,
}
