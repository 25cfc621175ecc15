//! `POST api/recaudadores/reversapago` (GC-03): reverse a payment while it is still
//! registered (before it synchronises, about three minutes after registration).
//!
//! Keyed by the payment's `idtrx` (sent as `secuencial`) plus commerce, `fch_proceso` and
//! amount. The document declares a form body and shows a JSON one: both are accepted,
//! chosen by Content-Type. Success carries the string status `"0"`, as in the document.

use serde::Serialize;

use super::Ctx;
use super::reply::{fail, ok_string_status};
use super::request::PaymentKey;
use super::state::{REGISTERED, REVERSED, State};
use crate::biller::SimResponse;

#[derive(Serialize)]
struct Data {
    num_recibo: String,
}

pub(super) fn handle(cx: &Ctx<'_>, st: &mut State) -> SimResponse {
    let key = match cx.form_or_json_fields().and_then(|f| PaymentKey::read(&f)) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let window = cx.window();
    let Some(payment) = st
        .payments
        .iter_mut()
        .find(|p| p.idtrx == key.secuencial && key.matches(p))
    else {
        return fail("666", "Pago no encontrado");
    };
    if payment.estado(cx.now, window) != REGISTERED {
        return fail("-1", "No es posible revertir el pago");
    }
    payment.stored_estado = REVERSED;
    ok_string_status(
        "OK",
        Data {
            num_recibo: payment.num_recibo.clone(),
        },
    )
}
