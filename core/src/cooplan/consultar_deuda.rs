//! Consultar deuda (service 3): `POST api/consultardeuda {Contrato}`: the contract's pending
//! invoices, one per billing period.
//!
//! `montoTotal` arrives as a string (`"136.76"`) and is read exactly; a number is accepted too.
//! What a payment needs from a debt: `factura` (sent as `IdFactura`), `periodo` (`Periodo`),
//! `montoTotal` (`Monto`: the document calls it "Monto de la deuda pendiente") and, as a guess,
//! `ID` as `IdAsociado` ("Id Cliente Empresa"; see the module docs).
//!
//! `values` is read as a list, a single object (one debt) or `""`/`null` (nothing pending; see
//! [`crate::wire::Many`]). Each debt's `factura`, `periodo` and `montoTotal` are required (a
//! number or its text); its other fields are optional and lenient.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

use super::body::{Scalar, post};
use super::config::CooplanConfig;
use super::envelope::{Envelope, decode_with, list};
use super::inputs::check_contrato;

/// `api/consultardeuda {Contrato}` (2.3): the contract's pending invoices, one per period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultarDeudaRequest {
    /// The customer's contract ("código Cliente o socio").
    pub contrato: String,
}

/// One pending invoice.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Deuda {
    /// The customer's id at the company; sent as `IdAsociado` when paying (a guess).
    #[serde(
        rename = "ID",
        alias = "Id",
        alias = "id",
        with = "crate::wire::text_opt",
        default
    )]
    pub id: Option<String>,
    /// The customer's name (`Nombre`).
    #[serde(
        rename = "Nombre",
        alias = "nombre",
        with = "crate::wire::text_opt",
        default
    )]
    pub nombre: Option<String>,
    /// `CodUbicacion`, a location code the document does not describe.
    #[serde(
        rename = "CodUbicacion",
        alias = "codUbicacion",
        with = "crate::wire::int_opt",
        default
    )]
    pub cod_ubicacion: Option<i64>,
    /// Billing period `yyyymm`, kept as the biller wrote it.
    #[serde(rename = "periodo", alias = "Periodo", with = "crate::wire::text")]
    pub periodo: String,
    /// The invoice, paid with `IdFactura`.
    #[serde(rename = "factura", alias = "Factura", with = "crate::wire::int")]
    pub factura: i64,
    /// What is owed on this invoice.
    #[serde(
        rename = "montoTotal",
        alias = "MontoTotal",
        with = "crate::money::wire::number"
    )]
    pub monto_total: Decimal,
    /// `estado` (`1` in the example); the document does not say what its values mean.
    #[serde(
        rename = "estado",
        alias = "Estado",
        with = "crate::wire::int_opt",
        default
    )]
    pub estado: Option<i64>,
}

impl Deuda {
    /// Whether this is the invoice of `periodo` (compared trimmed).
    pub fn is(&self, id_factura: i64, periodo: Option<&str>) -> bool {
        self.factura == id_factura && periodo.is_none_or(|p| p.trim() == self.periodo.trim())
    }
}

impl Endpoint for ConsultarDeudaRequest {
    type Config = CooplanConfig;
    type Response = Envelope<Vec<Deuda>>;
    const NAME: &'static str = "consultardeuda";

    fn to_http(&self, config: &CooplanConfig) -> Result<HttpRequest, Error> {
        check_contrato(&self.contrato)?;
        post(
            config,
            &config.paths.consultar_deuda,
            &[("Contrato", Scalar::Text(self.contrato.trim().to_owned()))],
        )
    }

    fn decode(response: &HttpResponse) -> Result<Self::Response, Error> {
        decode_with(response, list)
    }
}
