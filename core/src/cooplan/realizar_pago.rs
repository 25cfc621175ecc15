//! Realizar pago (service 4): `POST api/realizarpago {IdFactura, Periodo, Contrato, Monto,
//! IdAsociado}`. The reply's `values` is `{IdCobranza, FechaPagoEmpresa}`: the collection's id
//! (needed to print the invoice and to reverse) and when Cooplan recorded it
//! (`dd/mm/yyyy hh:mm:ss`, Bolivian time).
//!
//! Value types follow the document's example request: `IdFactura` a number, `Periodo`,
//! `Contrato` and `IdAsociado` text, `Monto` a number written with exactly two decimals
//! (`145.70`; configurable to text with [`super::CooplanConfig::amount_json`]).
//!
//! This module sends one request. Never retry it blindly: Cooplan has no idempotency key and
//! documents no duplicate guard. Use the client's `pay`, which resolves a lost reply by asking.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{Currency, format_amount, validate_amount};

use super::body::{Scalar, as_configured, post};
use super::config::CooplanConfig;
use super::dates::check_periodo;
use super::envelope::{Envelope, decode_with, required};
use super::inputs::{check_contrato, check_id_asociado, check_id_factura};

/// `api/realizarpago` (2.4): pays one pending invoice in full. Send it through
/// [`super::safe_payment`], which resolves a lost reply, never directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RealizarPagoRequest {
    /// The invoice (`IdFactura`, the debt's `factura`).
    pub id_factura: i64,
    /// `yyyymm`.
    pub periodo: String,
    /// The customer's contract (`Contrato`).
    pub contrato: String,
    /// In BOB, at most two decimals.
    pub monto: Decimal,
    /// "Id Cliente Empresa" (`IdAsociado`); no endpoint names it, the debt's `ID` is the guess.
    pub id_asociado: String,
}

/// `values` of a successful payment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PagoRealizado {
    /// The collection's id, kept as text (a string in the document's reply).
    #[serde(
        rename = "IdCobranza",
        alias = "idCobranza",
        with = "crate::wire::text"
    )]
    pub id_cobranza: String,
    /// When Cooplan recorded the payment (`FechaPagoEmpresa`, `dd/mm/yyyy hh:mm:ss`, Bolivian
    /// wall-clock time).
    #[serde(
        rename = "FechaPagoEmpresa",
        alias = "fechaPagoEmpresa",
        with = "crate::wire::datetime"
    )]
    pub fecha_pago_empresa: NaiveDateTime,
}

impl RealizarPagoRequest {
    /// Checks every field; returns the amount rescaled to two decimals.
    pub(crate) fn validated_amount(&self) -> Result<Decimal, Error> {
        check_id_factura(self.id_factura)?;
        check_periodo(&self.periodo)?;
        check_contrato(&self.contrato)?;
        check_id_asociado(&self.id_asociado)?;
        Ok(validate_amount(self.monto, Currency::Bob, None)?)
    }
}

impl Endpoint for RealizarPagoRequest {
    type Config = CooplanConfig;
    type Response = Envelope<PagoRealizado>;
    const NAME: &'static str = "realizarpago";

    fn to_http(&self, config: &CooplanConfig) -> Result<HttpRequest, Error> {
        let monto = self.validated_amount()?;
        post(
            config,
            &config.paths.realizar_pago,
            &[
                ("IdFactura", Scalar::Number(self.id_factura.to_string())),
                ("Periodo", Scalar::Text(self.periodo.trim().to_owned())),
                ("Contrato", Scalar::Text(self.contrato.trim().to_owned())),
                (
                    "Monto",
                    as_configured(format_amount(monto, Currency::Bob), config.amount_json),
                ),
                (
                    "IdAsociado",
                    Scalar::Text(self.id_asociado.trim().to_owned()),
                ),
            ],
        )
    }

    fn decode(response: &HttpResponse) -> Result<Self::Response, Error> {
        decode_with(response, required)
    }
}
