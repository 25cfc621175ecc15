//! `POST api/recaudadores/consultarpago` (GC-04): a payment's status, "useful after the
//! reply to a payment was lost".
//!
//! A collector that lost the reply has no `idtrx`, and the document's example sends the
//! invoice's `secuencial` (3565363, the same number as in its registrarpago example), so the
//! payment is looked up by invoice + commerce + `fch_proceso` + amount, the latest one when
//! several match. The document's prose says `secuencial` is the `idtrx`, so a payment whose
//! `idtrx` equals it (with the same date and amount) is the fallback. Not found is a success
//! with `cod_status` -1 ("No existe": the payment may be sent again).

use serde::Serialize;

use super::{Ctx, PaymentKey, State, estado_desc, ok};
use crate::biller::SimResponse;

#[derive(Serialize)]
struct Data<'a> {
    idtrx: i64,
    cod_status: i32,
    det_status: &'static str,
    num_recibo: &'a str,
}

pub(super) fn handle(cx: &Ctx<'_>, st: &State) -> SimResponse {
    let key = match cx.form_or_json_fields().and_then(|f| PaymentKey::read(&f)) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let candidates = || st.payments.iter().filter(|p| key.matches(p));
    let found = candidates()
        .filter(|p| p.secuencial == key.secuencial)
        .max_by_key(|p| p.idtrx)
        .or_else(|| candidates().find(|p| p.idtrx == key.secuencial));
    match found {
        Some(p) => {
            let estado = p.estado(cx.now, cx.window());
            ok(
                "ok",
                Data {
                    idtrx: p.idtrx,
                    cod_status: estado,
                    det_status: estado_desc(estado),
                    num_recibo: &p.num_recibo,
                },
            )
        }
        None => ok(
            "ok",
            Data {
                idtrx: 0,
                cod_status: -1,
                det_status: "No existe",
                num_recibo: "",
            },
        ),
    }
}
