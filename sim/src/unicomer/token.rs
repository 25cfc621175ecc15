//! `POST token` (SG-01): OAuth2 password grant, ASP.NET OWIN style.

use hyper::StatusCode;
use serde::Serialize;

use super::Ctx;
use super::state::State;
use crate::biller::SimResponse;
use crate::clock::rfc1123_gmt;
use crate::fields::Fields;
use crate::tokens::opaque;

#[derive(Serialize)]
struct TokenReply<'a> {
    access_token: &'a str,
    token_type: &'static str,
    expires_in: i64,
    #[serde(rename = "userName")]
    user_name: &'a str,
    #[serde(rename = ".issued")]
    issued: String,
    #[serde(rename = ".expires")]
    expires: String,
}

pub(super) fn handle(cx: &Ctx<'_>, st: &mut State) -> SimResponse {
    // The document posts a form. Anything unreadable counts as "no credentials", which the
    // OWIN server answers like wrong ones.
    let fields = Fields::from_form(&cx.req.body).unwrap_or_default();
    let grant = fields.string("grant_type").unwrap_or_default();
    let user = fields.string("username").unwrap_or_default();
    let pass = fields.string("password").unwrap_or_default();
    if grant != "password" || user != cx.config.username || pass != cx.config.password {
        return SimResponse::json(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({
                "error": "invalid_grant",
                "error_description": "The user name or password is incorrect.",
            }),
        );
    }
    let (token, expires_at) = st.tokens.issue(cx.now, cx.config.token_ttl_secs, |serial| {
        opaque(serial, 128)
    });
    SimResponse::ok(&TokenReply {
        access_token: &token,
        token_type: "bearer",
        expires_in: cx.config.token_ttl_secs,
        user_name: &cx.config.username,
        issued: rfc1123_gmt(cx.now),
        expires: rfc1123_gmt(expires_at),
    })
}
