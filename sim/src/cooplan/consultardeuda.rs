//! `POST api/consultardeuda {Contrato}`: the contract's pending invoices, amounts as strings.
//!
//! `values` is always a list by default. The document shows it only with two debts; under
//! `cooplan.deuda_values=compact` it is `""` when nothing is pending and a lone object when
//! one debt is.

use serde::Serialize;

use super::Ctx;
use super::reply::{malformed, ok, refuse};
use super::state::State;
use crate::biller::SimResponse;
use crate::fields::Fields;
use crate::money::amount_text;

#[derive(Serialize)]
struct Deuda<'a> {
    #[serde(rename = "ID")]
    id: i64,
    #[serde(rename = "Nombre")]
    nombre: &'a str,
    #[serde(rename = "CodUbicacion")]
    cod_ubicacion: i64,
    periodo: &'a str,
    factura: i64,
    #[serde(rename = "montoTotal")]
    monto_total: String,
    estado: i64,
}

pub(super) fn handle(cx: &Ctx<'_>, fields: &Fields, st: &State) -> SimResponse {
    let contrato = match fields.non_empty("contrato") {
        Ok(c) => c,
        Err(e) => return malformed(&e),
    };
    let Some(c) = st.contracts.get(contrato.trim()) else {
        return refuse(&format!("No existe el contrato {}", contrato.trim()));
    };
    let debts: Vec<Deuda<'_>> = st
        .pending(c)
        .map(|d| Deuda {
            id: c.id_asociado,
            nombre: &c.nombre,
            cod_ubicacion: c.cod_ubicacion,
            periodo: &d.periodo,
            factura: d.factura,
            monto_total: amount_text(d.monto),
            estado: 1,
        })
        .collect();
    if cx.readings.is("cooplan.deuda_values", "compact") {
        return match debts.as_slice() {
            [] => ok("", ""),
            [one] => ok("", one),
            _ => ok("", debts),
        };
    }
    ok("", debts)
}
