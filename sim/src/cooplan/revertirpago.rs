//! `POST api/revertirpago {IdFactura, IdCobranza}`: reverses a collection in effect, which puts
//! its invoice back among the pending debts. `values` is the number `1`; the message is the
//! document's, spaces included.

use super::Ctx;
use super::reply::{malformed, ok, refuse};
use super::state::{State, bolivia};
use crate::biller::SimResponse;
use crate::fields::Fields;

pub(super) fn handle(cx: &Ctx<'_>, fields: &Fields, st: &mut State) -> SimResponse {
    let (id_factura, id_cobranza) = match (fields.int("idfactura"), fields.int("idcobranza")) {
        (Ok(f), Ok(c)) => (f, c),
        (Err(e), _) | (_, Err(e)) => return malformed(&e),
    };
    let Some(c) = st
        .collections
        .iter_mut()
        .find(|c| c.id_cobranza == id_cobranza && c.id_factura == id_factura)
    else {
        return refuse(&format!(
            "No existe la cobranza {id_cobranza} para la factura {id_factura}"
        ));
    };
    if c.reversed_at.is_some() {
        return refuse(&format!("La cobranza {id_cobranza} ya fue revertida"));
    }
    c.reversed_at = Some(bolivia(cx.now));
    ok(" Transacción realizada con éxito ", 1)
}
