//! `POST api/recaudadores/conciliacion` (CU-02): the payments of one day, by state.
//!
//! The day is the payment's `fch_proceso` date (the collector's date, which is what the
//! collector reconciles against). `fecha` is `yyyy-mm-dd` per the document's text; its
//! example shows `dd-mm-yyyy`, so both are accepted (they cannot be confused: a four-digit
//! day does not parse).

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Number;

use super::{
    COMMERCE_NAME, Ctx, REVERSED, SYNCHRONISED, State, ZOMBIE, estado_desc, fail, malformed, money,
    ok,
};
use crate::biller::SimResponse;
use crate::clock::wall;

#[derive(Serialize)]
struct Record<'a> {
    comercio: &'static str,
    secuencial: i64,
    idtrx: i64,
    fch_proceso: String,
    fch_registro: String,
    val_pagado: Number,
    num_recibo: &'a str,
    estado: i32,
    estado_desc: &'static str,
}

pub(super) fn handle(cx: &Ctx<'_>, st: &State) -> SimResponse {
    let fields = match cx.json_fields() {
        Ok(f) => f,
        Err(r) => return r,
    };
    let fecha_text = match fields.string("fecha") {
        Ok(f) => f,
        Err(e) => return malformed(&e),
    };
    let idcommerce = match fields.string("idcommerce") {
        Ok(c) => c,
        Err(e) => return malformed(&e),
    };
    let estado_filter = match fields.int("estado").map(|e| i32::try_from(e).unwrap_or(-1)) {
        Ok(e @ (0 | SYNCHRONISED | ZOMBIE | REVERSED)) => e,
        Ok(other) => {
            return fail(
                "451",
                &format!("Estado {other} no válido: use 0 (todos), 1, 2 o 4"),
            );
        }
        Err(e) if !fields.has("estado") => return malformed(&e),
        Err(e) => return fail("451", &e),
    };
    let text = fecha_text.trim();
    let Some(fecha) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d-%m-%Y"))
        .ok()
    else {
        return fail(
            "451",
            &format!("Fecha no válida `{fecha_text}`: use yyyy-mm-dd"),
        );
    };
    if idcommerce != cx.config.commerce {
        return fail(
            "451",
            &format!("Comercio no autorizado: idcommerce `{idcommerce}` no corresponde al usuario"),
        );
    }
    let records: Vec<Record<'_>> = st
        .payments
        .iter()
        .filter(|p| p.idcommerce == idcommerce && p.fch_proceso.date() == fecha)
        .filter_map(|p| {
            let estado = p.estado(cx.now, cx.window());
            (estado_filter == 0 || estado == estado_filter).then(|| Record {
                comercio: COMMERCE_NAME,
                secuencial: p.secuencial,
                idtrx: p.idtrx,
                fch_proceso: wall(p.fch_proceso),
                fch_registro: wall(p.registered_at),
                val_pagado: money(p.val_pagado),
                num_recibo: &p.num_recibo,
                estado,
                estado_desc: estado_desc(estado),
            })
        })
        .collect();
    ok("ok", records)
}
