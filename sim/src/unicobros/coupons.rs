//! `GET 2.0/transactions/coupons/{reference}` (or `?reference=`, the parameter table's form):
//! every coupon under the reference, childs included. An unknown reference is a success with
//! an empty list: that, and only that, is what "no payment under this reference" looks like.

use hyper::StatusCode;
use serde_json::Value;

use super::Ctx;
use super::reply::{ok, refusal};
use super::state::State;
use crate::biller::SimResponse;

/// The route prefix, lower-case as routing sees it.
pub(super) const PREFIX: &str = "2.0/transactions/coupons";

pub(super) fn handle(cx: &Ctx<'_>, st: &State) -> SimResponse {
    let in_path = cx
        .req
        .path
        .get(PREFIX.len()..)
        .map(|rest| rest.trim_start_matches('/'))
        .filter(|r| !r.is_empty());
    let in_query = || {
        serde_urlencoded::from_str::<Vec<(String, String)>>(&cx.req.query)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "reference")
            .map(|(_, v)| v)
    };
    let reference = match in_path.map(str::to_owned).or_else(in_query) {
        Some(r) if !r.trim().is_empty() => r,
        _ => {
            return refusal(
                StatusCode::BAD_REQUEST,
                "INVALID_PARAMS",
                &cx.say("La referencia es requerida", "The reference is required"),
            );
        }
    };
    let coupons: Vec<Value> = st
        .ops
        .iter()
        .filter(|o| o.reference == reference)
        .map(|o| o.coupon_json())
        .collect();
    ok(Value::Array(coupons))
}
