//! `POST api/token`: the token service the document announces but does not include. The
//! simulator's choice: `CodSeguridad`, `Login`, `Pwd` in the body; the token at
//! `values.accessToken`.

use std::hash::{BuildHasher, Hasher, RandomState};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{NaiveDateTime, TimeDelta};
use serde::Serialize;

use super::{Ctx, State, ok, refuse};
use crate::biller::SimResponse;
use crate::fields::Fields;

#[derive(Serialize)]
struct Values<'a> {
    #[serde(rename = "accessToken")]
    access_token: &'a str,
}

pub(super) fn handle(cx: &Ctx<'_>, fields: &Fields, st: &mut State) -> SimResponse {
    let field = |name: &str| fields.string(name).unwrap_or_default();
    if field("codseguridad") != cx.config.cod_seguridad
        || field("login") != cx.config.login
        || field("pwd") != cx.config.pwd
    {
        return refuse("Credenciales inválidas");
    }
    st.tokens_issued += 1;
    let token = random_token(st.tokens_issued);
    let expires_at = TimeDelta::try_seconds(cx.config.token_ttl_secs)
        .and_then(|ttl| cx.now.checked_add_signed(ttl))
        .unwrap_or(NaiveDateTime::MAX);
    st.tokens.insert(token.clone(), expires_at);
    ok(
        "Token generado",
        Values {
            access_token: &token,
        },
    )
}

/// An opaque token (96 url-safe characters) that differs every time. Not cryptographic: the
/// simulator only needs tokens a client cannot reuse by accident.
fn random_token(serial: u64) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut out = String::with_capacity(96);
    for round in 0..12u64 {
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
