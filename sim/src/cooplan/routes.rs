//! Cooplan's routes: paths to services, and each request to its service after the checks they
//! share.

use hyper::{Method, StatusCode};

use super::config::CooplanSimConfig;
use super::reply::{Envelope, malformed};
use super::state::State;
use super::{
    Ctx, buscarcliente, consultardeuda, imprimirfactura, realizarpago, reportecobranzas,
    revertirpago, token,
};
use crate::biller::{Call, SimResponse};
use crate::fields::Fields;

/// The endpoint a path below `/cooplan/` names, without case.
pub(super) fn route(path: &str) -> Option<&'static str> {
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
pub(super) fn serve(endpoint: &'static str, cx: &Ctx<'_>, st: &mut State) -> SimResponse {
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

impl Call<'_, CooplanSimConfig> {
    /// The body as fields: a form when `Content-Type` says so, JSON otherwise.
    pub(super) fn fields(&self) -> Result<Fields, SimResponse> {
        self.req.form_or_json().map_err(|e| malformed(&e))
    }
}
