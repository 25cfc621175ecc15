//! `POST api/imprimirfactura {IdFactura, IdCobranza}`: the invoice of a collection in effect.
//! `values` is the document's confirmation string; the print is counted in the state.

use super::reply::{ok, refuse};
use super::state::State;
use crate::biller::SimResponse;
use crate::fields::Fields;

pub(super) fn handle(fields: &Fields, st: &mut State) -> SimResponse {
    let c = match st.collection_named(fields) {
        Ok(c) => c,
        Err(refused) => return refused,
    };
    if c.reversed_at.is_some() {
        return refuse(&format!("La cobranza {} fue revertida", c.id_cobranza));
    }
    c.prints += 1;
    ok("", "Transacción realizada con exito")
}
