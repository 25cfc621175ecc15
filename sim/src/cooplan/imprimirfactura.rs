//! `POST api/imprimirfactura {IdFactura, IdCobranza}`: the invoice of a collection in effect.
//! `values` is the document's confirmation string; the print is counted in the state.

use super::reply::{malformed, ok, refuse};
use super::state::State;
use crate::biller::SimResponse;
use crate::fields::Fields;

pub(super) fn handle(fields: &Fields, st: &mut State) -> SimResponse {
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
        return refuse(&format!("La cobranza {id_cobranza} fue revertida"));
    }
    c.prints += 1;
    ok("", "Transacción realizada con exito")
}
