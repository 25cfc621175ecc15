//! Registrar pago (GC-02): `POST api/recaudadores/registrarpago` (written `registrar pago` in
//! the document; the path is configurable).
//!
//! `secuencial` is the statement invoice `id`; `secuencial`, `idcommerce`, `fch_proceso` and
//! `val_pagado` together name the payment later (reversal, status). `num_recibo` is the
//! collector's own receipt number, unique per collector: the biller's only duplicate guard.
//! The reply carries the payment's `idtrx`.
//!
//! This module sends one request. Never retry it blindly: use the client's `pay`, which resolves
//! a lost reply through `consultarpago`.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::money::{Currency, validate_amount};

use super::config::UnicomerConfig;
use super::envelope::decode_envelope;
use super::payment_key::PaymentKey;
use crate::endpoint::Endpoint;
use crate::validate;

/// `POST api/recaudadores/registrarpago` (GC-02): registers a payment. Send it through
/// [`super::safe_payment`], which resolves a lost reply, never directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrarPagoRequest {
    /// The statement invoice's `id` being paid.
    pub secuencial: i64,
    /// The collector's id at Unicomer (`idcommerce`).
    pub idcommerce: String,
    /// When the payment was collected, Ecuador time (`fch_proceso`, `yyyy-mm-dd hh:mm:ss.000`); part
    /// of the payment's key for status and reversal.
    #[serde(with = "super::dates::datetime")]
    pub fch_proceso: NaiveDateTime,
    /// The amount paid, in USD with two decimals (`val_pagado`, a JSON number).
    #[serde(with = "crate::money::wire::number")]
    pub val_pagado: Decimal,
    /// Where the money was collected.
    pub localidad_recauda: String,
    /// Who collected it.
    pub nombre_cajero: String,
    /// The collector's unique receipt number.
    pub num_recibo: String,
}

impl RegistrarPagoRequest {
    /// The key `consultarpago` finds this payment by.
    pub fn key(&self) -> PaymentKey {
        PaymentKey {
            secuencial: self.secuencial,
            idcommerce: self.idcommerce.clone(),
            fch_proceso: self.fch_proceso,
            val_pagado: self.val_pagado,
        }
    }
}

/// `data` of a successful `registrarpago` reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct RegistrarPagoResponse {
    /// Unicomer's id of the payment, needed to reverse it.
    #[serde(with = "crate::wire::int")]
    pub idtrx: i64,
}

/// Receipt numbers are alphanumeric codes (`ET0199-78`): letters, digits, `-`, `_`, `/`, `.`.
pub(crate) fn check_receipt(receipt: &str) -> Result<(), Error> {
    validate::code("num_recibo", receipt, 40, &['-', '_', '/', '.'])
}

impl Endpoint for RegistrarPagoRequest {
    type Config = UnicomerConfig;
    const NAME: &'static str = "registrarpago";
    type Response = RegistrarPagoResponse;

    fn to_http(&self, config: &UnicomerConfig) -> Result<HttpRequest, Error> {
        validate::positive_id("secuencial", self.secuencial)?;
        validate::text("idcommerce", &self.idcommerce, 64)?;
        validate::text("localidad_recauda", &self.localidad_recauda, 100)?;
        validate::text("nombre_cajero", &self.nombre_cajero, 100)?;
        check_receipt(&self.num_recibo)?;
        let mut body = self.clone();
        body.val_pagado = validate_amount(self.val_pagado, Currency::Usd, None)?;
        HttpRequest::new(
            Method::Post,
            config.base_url.join(&config.paths.registrar_pago)?,
        )
        .json(&body)
    }

    fn decode(response: &HttpResponse) -> Result<RegistrarPagoResponse, Error> {
        decode_envelope(response)
    }
}
