//! `POST api/token`: the token service the document announces but does not include. The
//! simulator's choice: `CodSeguridad`, `Login`, `Pwd` in the body; the token at
//! `values.accessToken`.

use serde::Serialize;

use super::Ctx;
use super::reply::{ok, refuse};
use super::state::State;
use crate::biller::SimResponse;
use crate::fields::Fields;
use crate::tokens::opaque;

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
    let (token, _) = st.tokens.issue(cx.now, cx.config.token_ttl_secs, |serial| {
        opaque(serial, 96)
    });
    ok(
        "Token generado",
        Values {
            access_token: &token,
        },
    )
}
