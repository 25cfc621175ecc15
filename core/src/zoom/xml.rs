//! `getXmlWS`: the result of a pay-button payment, by Megasoft's control number.
//!
//! Its input parameters are not documented. Sent (a guess, configurable in
//! [`super::ButtonConfig`]): the token, the control number in `control`, and any configured
//! extra fields. The reply is `{"sucess": ..., "Mensaje": {...}}`: `sucess: false` with a
//! `Mensaje` object is an answer (the payment was declined: `estado` `R`, `codigo` `51`, `FONDO
//! INSUFICIENTE`), not a failed call, so it decodes to an [`XmlPago`] with `success == false`.
//!
//! `monto` is kept as written (`monto_raw`) and read with the configured
//! [`super::ButtonAmountCodec`] (default implied cents: `"102425"` is 1024.25, a guess).
//! The card number arrives masked (`400000******0000`) and is kept so.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

use super::body::Body;
use super::button::{ButtonAmountCodec, decode_button};
use super::config::ZoomConfig;
use super::kinds::check_doc_number;

/// `getXmlWS`: a pay-button payment's result at Megasoft, by control number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlRequest {
    /// Megasoft's control number, from `getNroControlWS`.
    pub control: String,
}

/// A pay-button payment's result at Megasoft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlPago {
    /// The envelope's `sucess`.
    pub success: bool,
    /// The control number (`control`).
    pub control: Option<String>,
    /// The merchant's affiliation code (`cod_afiliacion`): `codafiliacion` for `createPagoWs`.
    pub cod_afiliacion: Option<String>,
    /// The invoice number (`factura`): `factura_bp` for `createPagoWs`.
    pub factura: Option<String>,
    /// `monto` as written.
    pub monto_raw: Option<String>,
    /// `monto` read with the configured codec.
    pub monto: Option<Decimal>,
    /// `A` approved, `R` rejected (Megasoft's codes).
    pub estado: Option<String>,
    /// The processor's response code (`00` approved, `51` insufficient funds, ...).
    pub codigo: Option<String>,
    /// The response code's text (`descripcion`).
    pub descripcion: Option<String>,
    /// The virtual terminal id (`vtid`).
    pub vtid: Option<String>,
    /// The transaction's sequence number (`seqnum`).
    pub seqnum: Option<String>,
    /// The authorisation number (`nro_aprobacion` for createPagoWs).
    pub authid: Option<String>,
    /// The authorising entity's name (`authname`).
    pub authname: Option<String>,
    /// The card number, masked.
    pub tarjeta: Option<String>,
    /// The processor's reference (`referencia`).
    pub referencia: Option<String>,
    /// The terminal number (`terminal`): `nro_terminal` for `createPagoWs`.
    pub terminal: Option<String>,
    /// The batch number (`lote`): `nro_lote` for `createPagoWs`.
    pub lote: Option<String>,
    /// The bank's RIF (`rifbanco`).
    pub rifbanco: Option<String>,
    /// The affiliation (`afiliacion`).
    pub afiliacion: Option<String>,
    /// The printed receipt (`voucher`), as text with line breaks.
    pub voucher: Option<String>,
}

impl XmlPago {
    /// Approved: `sucess` and `estado == "A"`.
    pub fn approved(&self) -> bool {
        self.success && self.estado.as_deref().map(str::trim) == Some("A")
    }

    /// Re-reads `monto` from its text with `codec`.
    pub fn with_amount_codec(mut self, codec: ButtonAmountCodec) -> Self {
        self.monto = self.monto_raw.as_deref().and_then(|t| codec.read(t));
        self
    }
}

#[derive(Deserialize)]
struct Mensaje {
    #[serde(with = "crate::wire::text_opt", default)]
    control: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    cod_afiliacion: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    factura: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    monto: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    estado: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    codigo: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    descripcion: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    vtid: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    seqnum: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    authid: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    authname: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    tarjeta: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    referencia: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    terminal: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    lote: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    rifbanco: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    afiliacion: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    voucher: Option<String>,
}

impl Endpoint for XmlRequest {
    type Config = ZoomConfig;
    type Response = XmlPago;
    const NAME: &'static str = "getXmlWS";

    fn to_http(&self, config: &ZoomConfig) -> Result<HttpRequest, Error> {
        check_control(&self.control)?;
        let mut body = Body::new().text(&config.button.control_field, self.control.trim());
        for (name, value) in &config.button.extra_fields {
            body = body.text(name, value.as_str());
        }
        body.post(config.base_url.join(&config.paths.xml)?, config.encoding)
    }

    /// Reads `monto` with the default codec; the client re-reads it with the configured one.
    fn decode(response: &HttpResponse) -> Result<XmlPago, Error> {
        let (success, m) = decode_button::<Mensaje>(response)?;
        Ok(XmlPago {
            success,
            control: m.control,
            cod_afiliacion: m.cod_afiliacion,
            factura: m.factura,
            monto: m
                .monto
                .as_deref()
                .and_then(|t| ButtonAmountCodec::default().read(t)),
            monto_raw: m.monto,
            estado: m.estado,
            codigo: m.codigo,
            descripcion: m.descripcion,
            vtid: m.vtid,
            seqnum: m.seqnum,
            authid: m.authid,
            authname: m.authname,
            tarjeta: m.tarjeta,
            referencia: m.referencia,
            terminal: m.terminal,
            lote: m.lote,
            rifbanco: m.rifbanco,
            afiliacion: m.afiliacion,
            voucher: m.voucher,
        })
    }
}

/// Control numbers are digits (`6083149888`); letters and `-` are tolerated, up to 30.
pub(crate) fn check_control(control: &str) -> Result<(), Error> {
    check_doc_number("control", control.trim())
}
