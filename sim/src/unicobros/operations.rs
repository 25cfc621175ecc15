//! `GET p/operations` and `POST p/operations`: the filtered, paginated listing (see
//! [`super::listing`]).

use hyper::{Method, StatusCode};

use super::Ctx;
use super::listing::{Filters, Invalid, body_filters, page_json, paging, query_filters};
use super::reply::{ok, refusal};
use super::state::State;
use crate::biller::SimResponse;

pub(super) fn handle(cx: &Ctx<'_>, st: &State) -> SimResponse {
    let parsed = paging(&cx.req.query).and_then(|p| {
        let filters: Filters = if cx.req.method == Method::POST {
            body_filters(&cx.req.body)?
        } else {
            query_filters(&cx.req.query)?
        };
        Ok((p, filters))
    });
    match parsed {
        Ok((paging, filters)) => ok(page_json(
            &st.ops,
            &filters,
            &paging,
            cx.config.one_based_reply_pages,
        )),
        Err(Invalid(msg)) => refusal(StatusCode::BAD_REQUEST, "INVALID_PARAMS", &msg),
    }
}
