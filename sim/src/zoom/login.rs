//! `LoginGenUEWs`: `login` and `claveenc` in, a token and the user's fields out.
//!
//! The document names the service without documenting it. The reply here carries what public
//! integrations read (`token`, `codusuario`) and what the document points `createPagoWs` to
//! (`user_id`, `usuario_externo`). Missing fields are `CODE_002`; wrong credentials `CODE_000`
//! (the simulator's choice).

use std::collections::BTreeMap;

use serde_json::json;

use super::Ctx;
use super::fields::ZoomFields;
use super::reply::{envelope, invalid_parameters, query_ok};
use super::rules::required;
use super::state::State;
use crate::biller::SimResponse;

pub(super) fn handle(cx: &Ctx<'_>, st: &mut State, fields: &ZoomFields) -> SimResponse {
    let mut missing = BTreeMap::new();
    for name in ["login", "claveenc"] {
        if fields.text(name).is_none() {
            missing.insert(name.to_owned(), vec![required(name)]);
        }
    }
    if !missing.is_empty() {
        return invalid_parameters(missing);
    }
    let login = fields.text("login").unwrap_or_default();
    let clave = fields.text("claveenc").unwrap_or_default();
    if login != cx.config.login || clave != cx.config.password {
        return envelope("CODE_000", "USUARIO O CLAVE INCORRECTOS", json!([]));
    }
    let token = st.issue_token(cx.now, cx.config.token_ttl_secs);
    query_ok(json!({
        "token": token,
        "codusuario": cx.config.codusuario,
        "user_id": cx.config.codusuario,
        "login": cx.config.login,
        "nombre": cx.config.nombre,
        "usuario_externo": cx.config.usuario_externo,
        "codcliente": cx.config.codcliente,
        "codoficina": cx.config.codoficina,
    }))
}
