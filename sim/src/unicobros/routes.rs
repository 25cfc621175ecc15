//! Unicobros' routes: the document's three endpoints (`operations` takes GET and POST on one
//! path, so it is one fault name).

use hyper::{Method, StatusCode};

use super::reply::refusal;
use super::state::State;
use super::{Ctx, coupons, operations, transactions_status};
use crate::biller::SimResponse;

/// The endpoint a path below `/unicobros/` names, without case.
pub(super) fn route(path: &str) -> Option<&'static str> {
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
pub(super) fn serve(endpoint: &'static str, cx: &Ctx<'_>, st: &mut State) -> SimResponse {
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
