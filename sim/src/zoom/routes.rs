//! Zoom's routes: every path under `/zoom/` names a service (an unknown one is answered, not
//! a 404), and each request goes to its service after the checks they share.

use hyper::Method;

use super::fields::ZoomFields;
use super::reply::call_error;
use super::state::State;
use super::{Ctx, button, create_pago, info_pago, login, monto_doc};
use crate::biller::SimResponse;
use crate::readings::LiveReadings;

/// Any other path under `/zoom/`: answered `CODE_003` `NotFoundHttpException`.
const UNKNOWN: &str = "unknown_service";

/// Every path under `/zoom/` is routed: the six services (names matched without case),
/// anything else to `CODE_003` `NotFoundHttpException`. The login is matched without case
/// too, or only under the exact spelling `zoom.login_path` names.
pub(super) fn route(path: &str, readings: &LiveReadings) -> Option<&'static str> {
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

/// Serves a routed request: unknown services and methods first, then the login or the
/// token check, then the service.
pub(super) fn serve(endpoint: &'static str, cx: &Ctx<'_>, st: &mut State) -> SimResponse {
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
