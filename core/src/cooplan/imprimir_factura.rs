//! Imprimir factura (service 5): `POST api/imprimirfactura {IdFactura, IdCobranza}`: the
//! invoice of a payment made (`IdCobranza` is what `realizarpago` returned).
//!
//! The document's `values` is a plain string (`"Transacción realizada con exito"`); what a real
//! invoice looks like (a URL, a document) is not shown, so `values` is kept as text, whatever
//! its JSON type. Printing changes nothing at the biller as far as the document says, so the
//! client retries it like a read.
//!
//! `IdCobranza` is sent as text, as this endpoint's example shows (`IdCobranza = "4224330"`);
//! [`super::CooplanConfig::id_cobranza_json`] set to a number writes it as one instead.

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

use super::body::{Scalar, as_configured, post};
use super::config::{CooplanConfig, JsonScalar};
use super::envelope::{AnyText, Envelope, decode_with};
use super::inputs::{check_id_cobranza, check_id_factura};

/// `api/imprimirfactura {IdFactura, IdCobranza}` (2.5): prints a paid invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImprimirFacturaRequest {
    /// The invoice paid (`IdFactura`).
    pub id_factura: i64,
    /// The collection `realizarpago` returned (`IdCobranza`): sent as text as the example shows,
    /// or as a number when `id_cobranza_json` says so.
    pub id_cobranza: String,
}

impl Endpoint for ImprimirFacturaRequest {
    type Config = CooplanConfig;
    /// `values` as text.
    type Response = Envelope<String>;
    const NAME: &'static str = "imprimirfactura";

    fn to_http(&self, config: &CooplanConfig) -> Result<HttpRequest, Error> {
        check_id_factura(self.id_factura)?;
        check_id_cobranza(
            &self.id_cobranza,
            config.id_cobranza_json == JsonScalar::Number,
        )?;
        post(
            config,
            &config.paths.imprimir_factura,
            &[
                ("IdFactura", Scalar::Number(self.id_factura.to_string())),
                (
                    "IdCobranza",
                    as_configured(self.id_cobranza.trim().to_owned(), config.id_cobranza_json),
                ),
            ],
        )
    }

    fn decode(response: &HttpResponse) -> Result<Self::Response, Error> {
        decode_with(response, |v: Option<AnyText>| {
            Ok(v.map_or_else(String::new, |t| t.0))
        })
    }
}
