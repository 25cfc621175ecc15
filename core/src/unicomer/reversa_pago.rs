//! Reversa pago (GC-03): `POST api/recaudadores/reversapago`.
//!
//! Body: the payment's key with `secuencial` = the payment's `idtrx`, and the `fch_proceso` and
//! `val_pagado` sent when it was registered. Only a payment still registered (before Unicomer
//! synchronises it, about 3 minutes) can be reversed; otherwise the status is `-1`.
//! Success: `{"status": "0", "data": {"num_recibo": ...}}` (a string status, unlike the others).
//! The document declares a form body but shows JSON: see [`super::BodyEncoding`].

use serde::Deserialize;

use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

use super::config::UnicomerConfig;
use super::envelope::decode_envelope;
use super::payment_key::PaymentKey;
use crate::endpoint::Endpoint;

/// `POST api/recaudadores/reversapago` (GC-03): reverses a payment still registered (state 0).
/// Send it through [`super::safe_payment`], which resolves a lost reply, never directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReversaPagoRequest {
    /// `secuencial` is the payment's `idtrx`.
    pub key: PaymentKey,
}

/// `data` of a successful `reversapago` reply.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ReversaPagoResponse {
    /// The receipt number of the reversed payment.
    #[serde(with = "crate::wire::text_opt", default)]
    pub num_recibo: Option<String>,
}

impl Endpoint for ReversaPagoRequest {
    type Config = UnicomerConfig;
    const NAME: &'static str = "reversapago";
    type Response = ReversaPagoResponse;

    fn to_http(&self, config: &UnicomerConfig) -> Result<HttpRequest, Error> {
        self.key
            .to_http(config, &config.paths.reversa_pago, config.reversal_encoding)
    }

    fn decode(response: &HttpResponse) -> Result<ReversaPagoResponse, Error> {
        decode_envelope(response)
    }
}
