//! Zoom's replies: the envelope `{codrespuesta, mensaje, entidadRespuesta}` and its codes,
//! and amounts the way the document writes most of them.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::rules::FieldErrors;
use crate::biller::SimResponse;

/// `{codrespuesta, mensaje, entidadRespuesta}`, HTTP 200.
pub(crate) fn envelope(code: &str, mensaje: &str, entidad: Value) -> SimResponse {
    SimResponse::ok(&json!({
        "codrespuesta": code,
        "mensaje": mensaje,
        "entidadRespuesta": entidad,
    }))
}

pub(crate) fn query_ok(entidad: Value) -> SimResponse {
    envelope("COD_000", "CONSULTA REALIZADA EXITOSAMENTE", entidad)
}

pub(crate) fn no_data() -> SimResponse {
    envelope(
        "CODE_000",
        "INFORMACION NO EXISTE EN BASE DE DATOS",
        json!([]),
    )
}

pub(crate) fn invalid_parameters(errors: FieldErrors) -> SimResponse {
    envelope(
        "CODE_002",
        "LOS PARAMETROS INGRESADOS NO SON CORRECTOS",
        json!(errors),
    )
}

pub(crate) fn call_error(tipo: &str, info: &str) -> SimResponse {
    envelope(
        "CODE_003",
        "ERROR EN LA LLAMADA AL SERVICIO",
        json!({"tipoError": tipo, "info": info}),
    )
}

/// An amount as the document writes most of them: the decimal's own digits without trailing
/// zeros (`"5143"`, `"526.8"`).
pub(crate) fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}
