//! `POST api/recaudadores/consultarpago` (GC-04): a payment's status, "useful after the
//! reply to a payment was lost".
//!
//! What `secuencial` names is the reading `unicomer.consultarpago_key`:
//! - `secuencial`: the document's example sends the invoice's `secuencial` (3565363, the same
//!   number as in its registrarpago example; a collector that lost the reply has no `idtrx`),
//!   so the payment is looked up by invoice + commerce + `fch_proceso` + amount, the latest
//!   one when several match;
//! - `idtrx`: the prose says `secuencial` is the payment's `idtrx`, so only a payment with
//!   that `idtrx` (and the same commerce, date and amount) is found.
//!
//! Never both. Not found is a success with `cod_status` -1 ("No existe": the payment may be
//! sent again). `num_recibo` is the payment's, or always `""` as in the example
//! (`unicomer.consultarpago_num_recibo`).

use serde::Serialize;

use super::Ctx;
use super::reply::ok;
use super::request::PaymentKey;
use super::state::{State, estado_desc};
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
    let by_idtrx = cx.readings.is("unicomer.consultarpago_key", "idtrx");
    let found = st
        .payments
        .iter()
        .filter(|p| key.matches(p))
        .filter(|p| {
            if by_idtrx {
                p.idtrx == key.secuencial
            } else {
                p.secuencial == key.secuencial
            }
        })
        .max_by_key(|p| p.idtrx);
    let echo_recibo = cx
        .readings
        .is("unicomer.consultarpago_num_recibo", "filled");
    match found {
        Some(p) => {
            let estado = p.estado(cx.now, cx.window());
            ok(
                "ok",
                Data {
                    idtrx: p.idtrx,
                    cod_status: estado,
                    det_status: estado_desc(estado),
                    num_recibo: if echo_recibo { &p.num_recibo } else { "" },
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
