//! `getNroControlWS`: Megasoft's control number for a pay-button payment, and the invoice
//! number Zoom generates for it.
//!
//! Its input parameters are not documented. Sent (a guess, configurable in
//! [`super::ButtonConfig`]): the token, the amount to charge in `monto` (two decimals, `.`),
//! and any configured extra fields. The reply is `{"sucess": true, "Mensaje": {control,
//! factura, monto}}`, its `monto` written with a point (`"1024.00"`) and read as written.
//!
//! It mints a number but moves no money (the customer pays at Megasoft against it), so the
//! client retries it like a read: a lost reply leaves at most an unused control number.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{Currency, format_amount, validate_amount};

use super::body::Body;
use super::button::{SUCESS_FALSE, decode_button};
use super::config::ZoomConfig;

/// `getNroControlWS`: asks Megasoft for a control number before a pay-button payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NroControlRequest {
    /// The amount the customer will pay through the button, in VES.
    pub monto: Decimal,
}

/// `Mensaje` of `getNroControlWS`' reply.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct NroControl {
    /// Blank, `null` or missing is `""`: decoding then fails on a success (no number was issued)
    /// and keeps a refusal (`sucess: false`) the biller's.
    #[serde(with = "crate::wire::text_or_empty", default)]
    pub control: String,
    /// The invoice number Megasoft assigned (`factura`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub factura: Option<String>,
    /// The amount, as Megasoft echoes it (`monto`).
    #[serde(with = "crate::money::wire::number_opt", default)]
    pub monto: Option<Decimal>,
}

impl Endpoint for NroControlRequest {
    type Config = ZoomConfig;
    type Response = NroControl;
    const NAME: &'static str = "getNroControlWS";

    fn to_http(&self, config: &ZoomConfig) -> Result<HttpRequest, Error> {
        let monto = validate_amount(self.monto, Currency::Ves, None)?;
        let mut body = Body::new().text(
            &config.button.amount_field,
            format_amount(monto, Currency::Ves),
        );
        for (name, value) in &config.button.extra_fields {
            body = body.text(name, value.as_str());
        }
        body.post(
            config.base_url.join(&config.paths.nro_control)?,
            config.encoding,
        )
    }

    fn decode(response: &HttpResponse) -> Result<NroControl, Error> {
        let (sucess, control) = decode_button::<NroControl>(response)?;
        if !sucess {
            return Err(Error::Biller {
                biller_code: SUCESS_FALSE.into(),
                biller_message: format!("no control number issued ({})", control.control),
                http_status: response.status,
            });
        }
        if control.control.trim().is_empty() {
            return Err(Error::decode(
                "control number missing",
                &response.body,
                response.status,
            ));
        }
        Ok(control)
    }
}
