//! `POST api/reportecobranzas {Fecha}` (`yyyy-mm-dd`, Bolivian calendar day).
//!
//! `values` is the list of that day's collections, reversed ones with `Estado: 0` (the
//! simulator's choice: the document shows no row), or — under `cooplan.reporte_values=string`,
//! the document's example — its plain string. Rows carry `IdCobranza` as
//! `cooplan.id_cobranza` says.

use chrono::NaiveDate;
use serde::Serialize;

use super::Ctx;
use super::reply::{id_cobranza, malformed, ok};
use super::state::{FECHA_PAGO_FORMAT, State};
use crate::biller::SimResponse;
use crate::fields::Fields;
use crate::money::amount_text;

#[derive(Serialize)]
struct Row<'a> {
    #[serde(rename = "IdCobranza")]
    id_cobranza: serde_json::Value,
    #[serde(rename = "IdFactura")]
    id_factura: i64,
    #[serde(rename = "Periodo")]
    periodo: &'a str,
    #[serde(rename = "Contrato")]
    contrato: &'a str,
    #[serde(rename = "IdAsociado")]
    id_asociado: String,
    #[serde(rename = "Monto")]
    monto: String,
    #[serde(rename = "FechaPagoEmpresa")]
    fecha_pago_empresa: String,
    #[serde(rename = "Estado")]
    estado: i64,
}

pub(super) fn handle(cx: &Ctx<'_>, fields: &Fields, st: &State) -> SimResponse {
    let text = match fields.non_empty("fecha") {
        Ok(t) => t,
        Err(e) => return malformed(&e),
    };
    let Ok(fecha) = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") else {
        return malformed(&format!(
            "Fecha debe tener el formato yyyy-mm-dd, llegó `{text}`"
        ));
    };
    if cx.readings.is("cooplan.reporte_values", "string") {
        return ok("", "Transacción realizada con éxito");
    }
    let rows: Vec<Row<'_>> = st
        .collections
        .iter()
        .filter(|c| c.fecha.date() == fecha)
        .map(|c| Row {
            id_cobranza: id_cobranza(c.id_cobranza, &cx.readings),
            id_factura: c.id_factura,
            periodo: &c.periodo,
            contrato: &c.contrato,
            id_asociado: c.id_asociado.to_string(),
            monto: amount_text(c.monto),
            fecha_pago_empresa: c.fecha.format(FECHA_PAGO_FORMAT).to_string(),
            estado: if c.reversed_at.is_some() { 0 } else { 1 },
        })
        .collect();
    ok("", rows)
}
