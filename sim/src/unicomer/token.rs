//! `POST token` (SG-01): OAuth2 password grant, ASP.NET OWIN style.

use std::hash::{BuildHasher, Hasher, RandomState};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{NaiveDateTime, TimeDelta};
use hyper::StatusCode;
use serde::Serialize;

use super::{Ctx, State};
use crate::biller::SimResponse;
use crate::clock::rfc1123_gmt;
use crate::fields::Fields;

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
    st.tokens_issued += 1;
    let token = random_token(st.tokens_issued);
    let expires_at = TimeDelta::try_seconds(cx.config.token_ttl_secs)
        .and_then(|ttl| cx.now.checked_add_signed(ttl))
        .unwrap_or(NaiveDateTime::MAX);
    st.tokens.insert(token.clone(), expires_at);
    SimResponse::ok(&TokenReply {
        access_token: &token,
        token_type: "bearer",
        expires_in: cx.config.token_ttl_secs,
        user_name: &cx.config.username,
        issued: rfc1123_gmt(cx.now),
        expires: rfc1123_gmt(expires_at),
    })
}

/// An opaque, unguessable-enough token (128 url-safe characters). Not cryptographic — the
/// simulator only needs tokens that differ and that a client cannot forge by accident —
/// so std's randomly keyed hasher is enough and no RNG dependency is pulled in.
fn random_token(serial: u64) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut out = String::with_capacity(128);
    for round in 0..16u64 {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(serial);
        h.write_u64(round);
        h.write_u128(nanos);
        let mut bits = h.finish();
        for _ in 0..8 {
            out.push(char::from(ALPHABET[(bits & 63) as usize]));
            bits >>= 6;
        }
    }
    out
}
