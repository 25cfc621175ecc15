//! Reporte cobranzas (service 6): `POST api/reportecobranzas {Fecha}` (`yyyy-mm-dd`).
//!
//! The document's only example answers `values: "Transacción realizada con éxito"`, a plain
//! string that lists nothing. A report that lists the day's collections is what reconciliation
//! and recovery need, so `values` is read as either:
//!
//! - a list → [`ReporteCobranzas::Cobranzas`], each row read leniently (field names as
//!   `realizarpago` uses them: `IdCobranza`, `IdFactura`, `Periodo`, `Contrato`, `IdAsociado`,
//!   `Monto`, `FechaPagoEmpresa`, and `Estado`, where `0` marks a reversed collection — the
//!   simulator's choice, since the document shows no row);
//! - anything else → [`ReporteCobranzas::Texto`], kept verbatim; it proves nothing about any
//!   payment.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

use super::body::{Scalar, post};
use super::config::CooplanConfig;
use super::envelope::{Envelope, ListOr, decode_with};

/// `api/reportecobranzas {Fecha}` (2.6): the collections of one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReporteCobranzasRequest {
    /// The Bolivian calendar day, sent as `yyyy-mm-dd`.
    pub fecha: NaiveDate,
}

/// What the report answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReporteCobranzas {
    /// The day's collections.
    Cobranzas(Vec<Cobranza>),
    /// Not a list (the document's example: a confirmation string): proves nothing.
    Texto(String),
}

impl ReporteCobranzas {
    /// The collections, when the report listed them.
    pub fn cobranzas(&self) -> Option<&[Cobranza]> {
        match self {
            ReporteCobranzas::Cobranzas(list) => Some(list),
            ReporteCobranzas::Texto(_) => None,
        }
    }
}

/// One collection in the report. Every field is optional: the document shows no row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Cobranza {
    /// The collection's id (`IdCobranza`), as `realizarpago` returned it.
    #[serde(
        rename = "IdCobranza",
        alias = "idCobranza",
        with = "crate::wire::text_opt"
    )]
    pub id_cobranza: Option<String>,
    /// The invoice paid (`IdFactura`).
    #[serde(
        rename = "IdFactura",
        alias = "idFactura",
        alias = "factura",
        alias = "Factura",
        with = "crate::wire::int_opt"
    )]
    pub id_factura: Option<i64>,
    /// The billing period paid (`Periodo`, `yyyymm`).
    #[serde(rename = "Periodo", alias = "periodo", with = "crate::wire::text_opt")]
    pub periodo: Option<String>,
    /// The contract paid (`Contrato`).
    #[serde(
        rename = "Contrato",
        alias = "contrato",
        with = "crate::wire::text_opt"
    )]
    pub contrato: Option<String>,
    /// "Id Cliente Empresa" (`IdAsociado`).
    #[serde(
        rename = "IdAsociado",
        alias = "idAsociado",
        with = "crate::wire::text_opt"
    )]
    pub id_asociado: Option<String>,
    /// The amount collected, in BOB (`Monto`).
    #[serde(
        rename = "Monto",
        alias = "monto",
        alias = "montoTotal",
        with = "crate::money::wire::number_opt"
    )]
    pub monto: Option<Decimal>,
    /// When Cooplan recorded it (`FechaPagoEmpresa`, Bolivian wall-clock time).
    #[serde(
        rename = "FechaPagoEmpresa",
        alias = "fechaPagoEmpresa",
        with = "crate::wire::datetime_opt"
    )]
    pub fecha_pago_empresa: Option<NaiveDateTime>,
    /// `0` marks a reversed collection (the simulator's convention); absent or any other value
    /// is a collection in effect.
    #[serde(rename = "Estado", alias = "estado", with = "crate::wire::int_opt")]
    pub estado: Option<i64>,
}

impl Cobranza {
    /// Whether the row marks a reversed collection (`Estado` `0`).
    pub fn is_reversed(&self) -> bool {
        self.estado == Some(0)
    }

    /// Whether this row is a payment of `id_factura` for `periodo`, for `monto` and under
    /// `contrato`. A field the row leaves out does not disqualify it, except the invoice.
    pub fn matches(
        &self,
        id_factura: i64,
        periodo: &str,
        contrato: &str,
        monto: Option<Decimal>,
    ) -> bool {
        self.id_factura == Some(id_factura)
            && self
                .periodo
                .as_deref()
                .is_none_or(|p| p.trim() == periodo.trim())
            && self
                .contrato
                .as_deref()
                .is_none_or(|c| c.trim() == contrato.trim())
            && match (self.monto, monto) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }

    /// Whether this row is the collection `id_cobranza`.
    pub fn is_collection(&self, id_cobranza: &str) -> bool {
        self.id_cobranza.as_deref().map(str::trim) == Some(id_cobranza.trim())
    }
}

impl Endpoint for ReporteCobranzasRequest {
    type Config = CooplanConfig;
    type Response = Envelope<ReporteCobranzas>;
    const NAME: &'static str = "reportecobranzas";

    fn to_http(&self, config: &CooplanConfig) -> Result<HttpRequest, Error> {
        post(
            config,
            &config.paths.reporte_cobranzas,
            &[(
                "Fecha",
                Scalar::Text(crate::calendar::date_iso(self.fecha)),
            )],
        )
    }

    fn decode(response: &HttpResponse) -> Result<Self::Response, Error> {
        decode_with(response, |v: Option<ListOr<Cobranza>>| {
            Ok(match v {
                Some(ListOr::List(rows)) => ReporteCobranzas::Cobranzas(rows),
                Some(ListOr::Text(text)) => ReporteCobranzas::Texto(text),
                None => ReporteCobranzas::Texto("null".to_owned()),
            })
        })
    }
}
