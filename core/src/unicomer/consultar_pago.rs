//! Consultar pago (GC-04): `POST api/recaudadores/consultarpago`, "useful after a failure in the
//! delivery of a payment's reply".
//!
//! Keyed by the original `secuencial` (the invoice id), `idcommerce`, `fch_proceso` and
//! `val_pagado`, as its example shows (its prose says `idtrx`, which a collector whose reply was
//! lost does not have). The reply's `cod_status` is a [`PaymentState`]; `-1` means the payment
//! does not exist and may be sent again. Encoding: see [`super::BodyEncoding`].

use serde::Deserialize;

use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

use super::config::UnicomerConfig;
use super::envelope::decode_envelope;
use super::payment_key::PaymentKey;
use super::payment_state::PaymentState;
use crate::endpoint::Endpoint;

/// `POST api/recaudadores/consultarpago` (GC-04): a payment's state, by its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultarPagoRequest {
    /// The payment's key; its `secuencial` is the invoice's (the example) or the payment's `idtrx`
    /// (the prose), see [`super::StatusKey`].
    pub key: PaymentKey,
}

/// `data` of the `consultarpago` reply.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ConsultarPagoResponse {
    /// The payment's id; `0` (or absent) when it does not exist.
    #[serde(with = "crate::wire::int_opt", default)]
    pub idtrx: Option<i64>,
    /// The payment's state (`cod_status`; `-1` when Unicomer holds none under the key).
    pub cod_status: PaymentState,
    /// Unicomer's words for the state (`det_status`, e.g. `Reversado`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub det_status: Option<String>,
    /// The payment's receipt number (`num_recibo`); `""` in the document's example, so an empty one
    /// proves nothing.
    #[serde(with = "crate::wire::text_opt", default)]
    pub num_recibo: Option<String>,
}

impl ConsultarPagoResponse {
    /// The payment id, when the biller gave a real one.
    pub fn payment_id(&self) -> Option<i64> {
        self.idtrx.filter(|id| *id > 0)
    }
}

impl Endpoint for ConsultarPagoRequest {
    type Config = UnicomerConfig;
    const NAME: &'static str = "consultarpago";
    type Response = ConsultarPagoResponse;

    fn to_http(&self, config: &UnicomerConfig) -> Result<HttpRequest, Error> {
        self.key
            .to_http(config, &config.paths.consultar_pago, config.status_encoding)
    }

    fn decode(response: &HttpResponse) -> Result<ConsultarPagoResponse, Error> {
        decode_envelope(response)
    }
}
