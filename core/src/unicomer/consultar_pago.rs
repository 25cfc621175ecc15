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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultarPagoRequest {
    pub key: PaymentKey,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ConsultarPagoResponse {
    /// The payment's id; `0` (or absent) when it does not exist.
    #[serde(with = "crate::wire::int_opt", default)]
    pub idtrx: Option<i64>,
    pub cod_status: PaymentState,
    #[serde(with = "crate::wire::text_opt", default)]
    pub det_status: Option<String>,
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
