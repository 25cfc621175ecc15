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

mod auth;
mod buscarcliente;
mod config;
mod consultardeuda;
mod control;
mod imprimirfactura;
mod realizarpago;
mod reply;
mod reportecobranzas;
mod revertirpago;
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
use crate::fields::Fields;
use crate::readings::LiveReadings;
use crate::registry::{PayableDebt, SimCredentials};

pub use config::CooplanSimConfig;
use reply::{Envelope, malformed};
pub use snapshot::{
    CooplanCollectionSnapshot, CooplanContractSnapshot, CooplanDebtSnapshot, CooplanSnapshot,
};
use state::State;

/// The simulated Cooplan (its state lives in [`Mounted`]).
pub(crate) struct Cooplan;

/// What every handler needs besides the state and the fields.
pub(crate) type Ctx<'a> = Call<'a, CooplanSimConfig>;

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
        seed::state()
    }

    /// The endpoint a path below `/cooplan/` names, without case.
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

    /// Serves a routed request: POST only, a valid token (except on `token` itself), a
    /// readable body, then the service.
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
        snapshot::snapshot(c, now)
    }

    /// `CodSeguridad`, `Login` and `Pwd`, posted to `api/token`.
    fn client_options(config: &CooplanSimConfig) -> Vec<(&'static str, String)> {
        let c = config;
        vec![
            ("codSeguridad", c.cod_seguridad.clone()),
            ("login", c.login.clone()),
            ("pwd", c.pwd.clone()),
        ]
    }

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

impl Call<'_, CooplanSimConfig> {
    /// The body as fields: a form when `Content-Type` says so, JSON otherwise.
    fn fields(&self) -> Result<Fields, SimResponse> {
        self.req.form_or_json().map_err(|e| malformed(&e))
    }
}
