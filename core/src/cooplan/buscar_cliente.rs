//! Buscar cliente (service 2): `POST api/buscarcliente {Contrato}`.
//!
//! `values` is a list of customers ("lista todos los clientes de la empresa" — in practice the
//! ones under the contract). Every field but the name is optional: the document's example
//! leaves most of them empty, and a missing one must not stop a collection. `Factura` is
//! spelled with a capital here and in lower case in `consultardeuda`; both are read. `values`
//! may also be a single object (one customer) or `""`/`null` (none): see [`crate::wire::Many`].

use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

use super::body::{Scalar, post};
use super::config::CooplanConfig;
use super::envelope::{Envelope, decode_with, list};
use super::inputs::check_contrato;

/// `api/buscarcliente {Contrato}` (2.2): the customer behind a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuscarClienteRequest {
    /// The customer's contract ("código Cliente o socio").
    pub contrato: String,
}

/// One customer as `buscarcliente` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Cliente {
    /// The customer's name (`Nombre`).
    #[serde(rename = "Nombre", alias = "nombre", with = "crate::wire::text_opt")]
    pub nombre: Option<String>,
    /// An invoice number (the first pending one, as far as the example shows).
    #[serde(rename = "Factura", alias = "factura", with = "crate::wire::int_opt")]
    pub factura: Option<i64>,
    /// The customer's identity document number (`NumDoc`; empty in the document's example).
    #[serde(rename = "NumDoc", alias = "numDoc", with = "crate::wire::text_opt")]
    pub num_doc: Option<String>,
    /// The kind of identity document (`TipoDocumento`; empty in the example, values undocumented).
    #[serde(
        rename = "TipoDocumento",
        alias = "tipoDocumento",
        with = "crate::wire::text_opt"
    )]
    pub tipo_documento: Option<String>,
    /// The customer's tax id for invoices (`Nit`; empty in the example).
    #[serde(rename = "Nit", alias = "nit", with = "crate::wire::text_opt")]
    pub nit: Option<String>,
    /// The customer's address (`Direccion`; empty in the example).
    #[serde(
        rename = "Direccion",
        alias = "direccion",
        with = "crate::wire::text_opt"
    )]
    pub direccion: Option<String>,
    /// `estado` (`1` in the example); the document does not say what its values mean.
    #[serde(rename = "estado", alias = "Estado", with = "crate::wire::int_opt")]
    pub estado: Option<i64>,
    /// `CodUbicacion`, a location code the document does not describe.
    #[serde(
        rename = "CodUbicacion",
        alias = "codUbicacion",
        with = "crate::wire::int_opt"
    )]
    pub cod_ubicacion: Option<i64>,
}

impl Cliente {
    /// The name, trimmed, or `""`.
    pub fn name(&self) -> &str {
        self.nombre.as_deref().map_or("", str::trim)
    }
}

impl Endpoint for BuscarClienteRequest {
    type Config = CooplanConfig;
    type Response = Envelope<Vec<Cliente>>;
    const NAME: &'static str = "buscarcliente";

    fn to_http(&self, config: &CooplanConfig) -> Result<HttpRequest, Error> {
        check_contrato(&self.contrato)?;
        post(
            config,
            &config.paths.buscar_cliente,
            &[("Contrato", Scalar::Text(self.contrato.trim().to_owned()))],
        )
    }

    fn decode(response: &HttpResponse) -> Result<Self::Response, Error> {
        decode_with(response, list)
    }
}
