//! `getMontoDocWs` (POST `token`, `tipoDoc`, `nroDoc`): a document's amounts, unless it is
//! cancelled or final (fully paid), which reads as `CODE_000`.
//!
//! The tax breakdown is derived from the total with 16% IVA and the suggested withholdings of
//! the document's example (IVA 75%; ISLR 2%, 3%, 5%; municipal 2%; stamps 1%; social 3% of
//! the base).

use rust_decimal::Decimal;
use serde_json::json;

use super::fields::ZoomFields;
use super::reply::{invalid_parameters, no_data, plain, query_ok};
use super::rules::{Rules, invalid};
use super::seed;
use super::state::State;
use crate::biller::SimResponse;
use crate::money::amount_text;

pub(super) fn handle(st: &State, fields: &ZoomFields) -> SimResponse {
    let mut rules = Rules::new(fields);
    let tipo = rules.int("tipoDoc", true);
    let nro = rules.text("nroDoc", true);
    if let Some(t) = tipo {
        if ![1, 2, 4].contains(&t) {
            rules.fail("tipoDoc", invalid("tipoDoc"));
        }
    }
    if let Err(errors) = rules.finish() {
        return invalid_parameters(errors);
    }
    let (Some(tipo), Some(nro)) = (tipo, nro) else {
        return no_data();
    };
    let Some(doc) = st.payable(tipo, &nro) else {
        return no_data();
    };
    let base = seed::base_imponible(doc.montodoc);
    let iva = doc.montodoc - base;
    let pct = |p: i64| (base * Decimal::new(p, 2)).round_dp(2);
    query_ok(json!([{
        "tipoDoc": tipo.to_string(),
        "nroDoc": doc.nro_doc,
        "montodoc": plain(doc.montodoc),
        "totalpagado": plain(st.paid(doc)),
        "montopagar": plain(st.owed(doc)),
        "fecha": doc.fecha.format("%Y%m%d").to_string(),
        "base_imp": amount_text(base),
        "totaliva": plain(iva),
        "vs_ret_iva": amount_text(iva * Decimal::new(75, 2)),
        "vs_ret_islr_2": amount_text(pct(2)),
        "vs_ret_islr_3": amount_text(pct(3)),
        "vs_ret_islr_5": amount_text(pct(5)),
        "vs_ret_im": amount_text(pct(2)),
        "vs_ret_tf": amount_text(pct(1)),
        "vs_ret_rs": amount_text(pct(3)),
    }]))
}
