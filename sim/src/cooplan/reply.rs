//! Cooplan's replies: the documented envelope `{error, status, message, messageMostrar,
//! messageSistema, values}`, keys in the document's order, and `IdCobranza` as each reading
//! writes it.

use serde::Serialize;
use serde_json::Value;

use crate::biller::SimResponse;
use crate::readings::Readings;

/// The documented envelope, keys in the document's order.
#[derive(Serialize)]
pub(crate) struct Envelope<'a, T: Serialize> {
    error: i64,
    status: i64,
    message: &'a str,
    #[serde(rename = "messageMostrar")]
    message_mostrar: i64,
    #[serde(rename = "messageSistema")]
    message_sistema: &'a str,
    values: T,
}

impl<'a> Envelope<'a, Value> {
    /// An error: `status: 0`, `messageMostrar: 1`, `values: null`.
    pub(crate) fn error(code: i64, message: &'a str, sistema: &'a str) -> Self {
        Envelope {
            error: code,
            status: 0,
            message,
            message_mostrar: 1,
            message_sistema: sistema,
            values: Value::Null,
        }
    }
}

/// Success: `error: 0`, `status: 1`, `messageMostrar: 0`, `messageSistema: ""`.
pub(crate) fn ok<T: Serialize>(message: &str, values: T) -> SimResponse {
    SimResponse::ok(&Envelope {
        error: 0,
        status: 1,
        message,
        message_mostrar: 0,
        message_sistema: "",
        values,
    })
}

/// A business refusal (`error: 1`), HTTP 200.
pub(crate) fn refuse(message: &str) -> SimResponse {
    SimResponse::ok(&Envelope::error(1, message, ""))
}

/// Malformed input (`error: 2`), HTTP 200.
pub(crate) fn malformed(message: &str) -> SimResponse {
    SimResponse::ok(&Envelope::error(2, message, "Parámetros inválidos"))
}

/// `IdCobranza` as replies carry it: a string (realizarpago's example) or a number
/// (`cooplan.id_cobranza`).
pub(crate) fn id_cobranza(id: i64, readings: &Readings) -> Value {
    if readings.is("cooplan.id_cobranza", "number") {
        Value::from(id)
    } else {
        Value::from(id.to_string())
    }
}
