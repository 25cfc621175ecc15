//! `POST 2.0/transactions/status` `{"id": "<coupon id>"}`: a coupon's transactions and status.
//!
//! The id is looked up among coupons and their childs. The body may be JSON or a form (the
//! document's PHP example posts fields). A missing id is `INVALID_PARAMS` (HTTP 400); an
//! unknown one `NOT_FOUND` (HTTP 404), both as `{"result": false, "code", "error"}`.

use hyper::StatusCode;

use super::Ctx;
use super::reply::{ok, refusal};
use super::state::State;
use crate::biller::SimResponse;

pub(super) fn handle(cx: &Ctx<'_>, st: &State) -> SimResponse {
    let id = match cx.req.form_or_json().and_then(|f| f.non_empty("id")) {
        Ok(id) => id,
        Err(e) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                "INVALID_PARAMS",
                &cx.say(&e, "the `id` of a coupon is required"),
            );
        }
    };
    let found = st
        .ops
        .iter()
        .flat_map(|o| std::iter::once(o).chain(o.childs.iter()))
        .find(|o| o.id == id);
    match found {
        Some(op) => ok(op.status_json()),
        None => refusal(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            &cx.say(
                &format!("No se encontró el cupón {id}"),
                &format!("Coupon {id} not found"),
            ),
        ),
    }
}
