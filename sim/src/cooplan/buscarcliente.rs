//! `POST api/buscarcliente {Contrato}`: the contract's customer, in a list, with the document's
//! fields (`Factura` is the first pending invoice, 0 when none).

use serde::Serialize;

use super::reply::{malformed, ok, refuse};
use super::state::State;
use crate::biller::SimResponse;
use crate::fields::Fields;

#[derive(Serialize)]
struct Cliente<'a> {
    #[serde(rename = "Nombre")]
    nombre: &'a str,
    #[serde(rename = "Factura")]
    factura: i64,
    #[serde(rename = "NumDoc")]
    num_doc: &'a str,
    #[serde(rename = "TipoDocumento")]
    tipo_documento: &'a str,
    #[serde(rename = "Nit")]
    nit: &'a str,
    #[serde(rename = "Direccion")]
    direccion: &'a str,
    estado: i64,
    #[serde(rename = "CodUbicacion")]
    cod_ubicacion: i64,
}

pub(super) fn handle(fields: &Fields, st: &State) -> SimResponse {
    let contrato = match fields.non_empty("contrato") {
        Ok(c) => c,
        Err(e) => return malformed(&e),
    };
    let Some(c) = st.contracts.get(contrato.trim()) else {
        return refuse(&format!("No existe el contrato {}", contrato.trim()));
    };
    let factura = st.pending(c).next().map_or(0, |d| d.factura);
    ok(
        "",
        [Cliente {
            nombre: &c.nombre,
            factura,
            num_doc: &c.num_doc,
            tipo_documento: &c.tipo_documento,
            nit: &c.nit,
            direccion: &c.direccion,
            estado: 1,
            cod_ubicacion: c.cod_ubicacion,
        }],
    )
}
