//! `POST api/revertirpago {IdFactura, IdCobranza}`: reverses a collection in effect, which puts
//! its invoice back among the pending debts. `values` is the number `1`; the message is the
//! document's, spaces included.

use super::Ctx;
use super::reply::{ok, refuse};
use super::state::{State, bolivia};
use crate::biller::SimResponse;
use crate::fields::Fields;

pub(super) fn handle(cx: &Ctx<'_>, fields: &Fields, st: &mut State) -> SimResponse {
    let c = match st.collection_named(fields) {
        Ok(c) => c,
        Err(refused) => return refused,
    };
    if c.reversed_at.is_some() {
        return refuse(&format!("La cobranza {} ya fue revertida", c.id_cobranza));
    }
    c.reversed_at = Some(bolivia(cx.now));
    ok(" Transacción realizada con éxito ", 1)
}
