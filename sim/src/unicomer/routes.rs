//! Unicomer's routes: paths to endpoints, and each request to its handler after the checks
//! every endpoint shares (POST only; a valid token, except on `token` itself).

use hyper::{Method, StatusCode};

use super::state::State;
use super::{Ctx, conciliacion, consultarpago, estadocuenta, registrarpago, reversapago, token};
use crate::biller::SimResponse;

/// The endpoint a path below `/unicomer/` names, without case.
pub(super) fn route(path: &str) -> Option<&'static str> {
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
pub(super) fn serve(endpoint: &'static str, cx: &Ctx<'_>, st: &mut State) -> SimResponse {
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

/// A 404 for an endpoint name no handler serves (routing names only served ones).
fn not_found() -> SimResponse {
    SimResponse::json(
        StatusCode::NOT_FOUND,
        &serde_json::json!({"Message": "No HTTP resource was found that matches the request URI."}),
    )
}
