//! Conciliación de pagos (CU-02): `POST api/recaudadores/conciliacion`
//! `{fecha, idcommerce, estado}`: the payments Unicomer received on a date.
//!
//! `estado` filters: 0 all, 1 synchronised, 2 zombie, 4 reversed. `fecha` is `yyyy-mm-dd` per the
//! text and `dd-mm-yyyy` in the example: see [`super::ConciliacionDateFormat`].

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calendar;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};

use super::config::{ConciliacionDateFormat, UnicomerConfig};
use super::envelope::decode_envelope_opt;
use super::payment_state::PaymentState;
use crate::endpoint::Endpoint;
use crate::validate;

/// Which records to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EstadoFiltro {
    /// `0`: every payment of the day.
    All,
    /// `1`: synchronised payments only.
    Synchronised,
    /// `2`: "zombie" payments only (not registered; must not be sent again).
    Zombie,
    /// `4`: reversed payments only.
    Reversed,
}

impl EstadoFiltro {
    /// The filter's code as sent in `estado`.
    pub fn code(self) -> u8 {
        match self {
            EstadoFiltro::All => 0,
            EstadoFiltro::Synchronised => 1,
            EstadoFiltro::Zombie => 2,
            EstadoFiltro::Reversed => 4,
        }
    }
}

/// `POST api/recaudadores/conciliacion` (CU-02): the collector's payments on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConciliacionRequest {
    /// The day asked about (`fecha`), written as [`super::ConciliacionDateFormat`] says.
    pub fecha: NaiveDate,
    /// The collector's id at Unicomer (`idcommerce`).
    pub idcommerce: String,
    /// Which payments to list (`estado`).
    pub estado: EstadoFiltro,
}

/// One payment as Unicomer recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct RegistroConciliacion {
    /// The collector's name at Unicomer.
    #[serde(with = "crate::wire::text_opt", default)]
    pub comercio: Option<String>,
    /// The invoice the payment was registered against.
    #[serde(with = "crate::wire::int")]
    pub secuencial: i64,
    /// Unicomer's id of the payment (`idtrx`), as `registrarpago` returned it.
    #[serde(with = "crate::wire::int")]
    pub idtrx: i64,
    /// The `fch_proceso` the collector sent (Ecuador time).
    #[serde(with = "crate::wire::datetime")]
    pub fch_proceso: NaiveDateTime,
    /// When Unicomer recorded the payment (`fch_registro`, Ecuador time).
    #[serde(with = "crate::wire::datetime_opt", default)]
    pub fch_registro: Option<NaiveDateTime>,
    /// The amount paid, in USD (`val_pagado`).
    #[serde(with = "crate::money::wire::number")]
    pub val_pagado: Decimal,
    /// The collector's receipt number (`num_recibo`): what ties the row to our payment.
    #[serde(with = "crate::wire::text_opt", default)]
    pub num_recibo: Option<String>,
    /// The payment's state (`estado`).
    pub estado: PaymentState,
    /// Unicomer's words for the state (`estado_desc`, e.g. `Reversado`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub estado_desc: Option<String>,
}

#[derive(Serialize)]
struct Body<'a> {
    fecha: String,
    idcommerce: &'a str,
    estado: u8,
}

impl Endpoint for ConciliacionRequest {
    type Config = UnicomerConfig;
    const NAME: &'static str = "conciliacion";
    type Response = Vec<RegistroConciliacion>;

    fn to_http(&self, config: &UnicomerConfig) -> Result<HttpRequest, Error> {
        validate::text("idcommerce", &self.idcommerce, 64)?;
        let fecha = match config.conciliacion_date_format {
            ConciliacionDateFormat::YearFirst => calendar::date_iso(self.fecha),
            ConciliacionDateFormat::DayFirst => calendar::date_dmy(self.fecha),
        };
        let body = Body {
            fecha,
            idcommerce: &self.idcommerce,
            estado: self.estado.code(),
        };
        HttpRequest::new(
            Method::Post,
            config.base_url.join(&config.paths.conciliacion)?,
        )
        .json(&body)
    }

    /// An empty day may come back as `data: null` or `[]`: both are an empty list.
    fn decode(response: &HttpResponse) -> Result<Vec<RegistroConciliacion>, Error> {
        decode_envelope_opt(response).map(Option::unwrap_or_default)
    }
}
