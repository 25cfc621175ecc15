//! `POST api/recaudadores/conciliacion` (CU-02): the payments of one day, by state.
//!
//! The day is the payment's `fch_proceso` date (the collector's date, which is what the
//! collector reconciles against). `fecha` is `yyyy-mm-dd` per the document's text and
//! `dd-mm-yyyy` in its example; the simulator takes only the one the reading
//! `unicomer.conciliacion_date` names (`year_first` or `day_first`) and refuses the other with
//! status `"451"` ("Fecha no válida"), never with an empty list that a client would take for
//! "no payments that day".

use chrono::NaiveDate;
use serde::Serialize;
use crate::exact::RawNumber;

use super::Ctx;
use super::config::COMMERCE_NAME;
use super::reply::{fail, malformed, money, ok};
use super::state::{REVERSED, SYNCHRONISED, State, ZOMBIE, estado_desc};
use crate::biller::SimResponse;
use crate::clock::wall;

#[derive(Serialize)]
struct Record<'a> {
    comercio: &'static str,
    secuencial: i64,
    idtrx: i64,
    fch_proceso: String,
    fch_registro: String,
    val_pagado: RawNumber,
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
    let (format, shown) = if cx.readings.is("unicomer.conciliacion_date", "day_first") {
        ("%d-%m-%Y", "dd-mm-yyyy")
    } else {
        ("%Y-%m-%d", "yyyy-mm-dd")
    };
    let text = fecha_text.trim();
    let Ok(fecha) = NaiveDate::parse_from_str(text, format) else {
        return fail(
            "451",
            &format!("Fecha no válida `{fecha_text}`: use {shown}"),
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
