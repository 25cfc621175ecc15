//! `POST api/recaudadores/registrarpago` (GC-02; the document writes `registrar pago`).
//!
//! The receipt number (`num_recibo`, "código único de la entidad de recaudo") is the only
//! duplicate guard the biller may have. Under `unicomer.duplicate_receipt=refused` it is
//! checked first: a client that blindly resends a payment whose reply it lost is told
//! "duplicate" even when the first payment already lowered the balance below the amount.
//! Under `accepted` ("único" only on the collector's side) the resend is a second payment.

use serde::Serialize;

use super::Ctx;
use super::reply::{fail, malformed, ok};
use super::request::parse_fch;
use super::state::{Payment, REGISTERED, State};
use crate::biller::SimResponse;
use crate::fields::Fields;
use crate::money::two_dp;

#[derive(Serialize)]
struct Data {
    idtrx: i64,
}

struct Request {
    secuencial: i64,
    idcommerce: String,
    fch_proceso: String,
    val_pagado: rust_decimal::Decimal,
    localidad_recauda: String,
    nombre_cajero: String,
    num_recibo: String,
}

fn read(f: &Fields) -> Result<Request, String> {
    Ok(Request {
        secuencial: f.int("secuencial")?,
        idcommerce: f.string("idcommerce")?,
        fch_proceso: f.string("fch_proceso")?,
        val_pagado: f.decimal("val_pagado")?,
        localidad_recauda: f.string("localidad_recauda")?,
        nombre_cajero: f.string("nombre_cajero")?,
        num_recibo: f.non_empty("num_recibo")?,
    })
}

pub(super) fn handle(cx: &Ctx<'_>, st: &mut State) -> SimResponse {
    let fields = match cx.json_fields() {
        Ok(f) => f,
        Err(r) => return r,
    };
    let r = match read(&fields) {
        Ok(r) => r,
        Err(e) => return malformed(&e),
    };
    let Some(fch_proceso) = parse_fch(&r.fch_proceso) else {
        return malformed(&format!(
            "fch_proceso debe tener el formato yyyy-mm-dd hh:mm:ss, llegó `{}`",
            r.fch_proceso
        ));
    };
    if r.idcommerce != cx.config.commerce {
        return fail(
            "451",
            &format!(
                "Comercio no autorizado: idcommerce `{}` no corresponde al usuario",
                r.idcommerce
            ),
        );
    }
    let guarded = cx.readings.is("unicomer.duplicate_receipt", "refused");
    if guarded
        && st
            .payments
            .iter()
            .any(|p| p.idcommerce == r.idcommerce && p.num_recibo == r.num_recibo)
    {
        return fail("451", "Número de recibo duplicado");
    }
    let Some(invoice) = st.invoice(r.secuencial) else {
        return fail(
            "451",
            &format!("Secuencial {} no existe para el comercio", r.secuencial),
        );
    };
    if r.val_pagado <= rust_decimal::Decimal::ZERO {
        return fail("451", "El valor pagado debe ser mayor que cero");
    }
    if r.val_pagado.normalize().scale() > 2 {
        return fail("451", "El valor pagado admite máximo 2 decimales");
    }
    let balance = st.balances(invoice, cx.now, cx.window()).deuda_tot_conpro;
    if r.val_pagado > balance {
        return fail(
            "451",
            &format!(
                "El valor pagado {} excede la deuda {}",
                two_dp(r.val_pagado),
                two_dp(balance)
            ),
        );
    }
    let idtrx = st.next_idtrx;
    st.next_idtrx += 1;
    st.payments.push(Payment {
        idtrx,
        secuencial: r.secuencial,
        idcommerce: r.idcommerce,
        fch_proceso,
        val_pagado: r.val_pagado,
        localidad_recauda: r.localidad_recauda,
        nombre_cajero: r.nombre_cajero,
        num_recibo: r.num_recibo,
        registered_at: cx.now,
        stored_estado: REGISTERED,
    });
    ok("OK", Data { idtrx })
}
