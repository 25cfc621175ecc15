//! The four values that name a payment at Unicomer: `secuencial`, `idcommerce`, `fch_proceso`
//! and `val_pagado`. `reversapago` and `consultarpago` both take exactly this body.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::Error;
use crate::http::{HttpRequest, Method};
use crate::money::{Currency, format_amount, validate_amount};

use super::config::{BodyEncoding, UnicomerConfig};
use super::dates::format_fch_proceso;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentKey {
    /// For `consultarpago`, the statement invoice `id` the payment was registered against (what a
    /// collector whose reply was lost still has); for `reversapago`, the payment's `idtrx`.
    pub secuencial: i64,
    pub idcommerce: String,
    /// Exactly the `fch_proceso` sent to `registrarpago`.
    #[serde(with = "super::dates::datetime")]
    pub fch_proceso: NaiveDateTime,
    #[serde(with = "crate::money::wire::number")]
    pub val_pagado: Decimal,
}

impl PaymentKey {
    pub(crate) fn validate(&self) -> Result<(), Error> {
        check_id("secuencial", self.secuencial)?;
        check_text("idcommerce", &self.idcommerce, 64)?;
        validate_amount(self.val_pagado, Currency::Usd, None)?;
        Ok(())
    }

    /// The body in the configured encoding; `.` is always the decimal separator.
    pub(crate) fn to_http(
        &self,
        config: &UnicomerConfig,
        path: &str,
        encoding: BodyEncoding,
    ) -> Result<HttpRequest, Error> {
        self.validate()?;
        let mut key = self.clone();
        key.val_pagado = validate_amount(self.val_pagado, Currency::Usd, None)?;
        let request = HttpRequest::new(Method::Post, config.base_url.join(path)?);
        Ok(match encoding {
            BodyEncoding::Json => request.body(JSON, json_body(&key)?),
            BodyEncoding::Form => {
                let pairs = [
                    ("secuencial", key.secuencial.to_string()),
                    ("idcommerce", key.idcommerce.clone()),
                    ("fch_proceso", format_fch_proceso(&key.fch_proceso)),
                    ("val_pagado", format_amount(key.val_pagado, Currency::Usd)),
                ];
                let body = serde_urlencoded::to_string(pairs)
                    .map_err(|e| Error::Config(format!("cannot encode form: {e}")))?;
                request.body(FORM, body.into_bytes())
            }
        })
    }
}

pub(crate) const JSON: &str = "application/json; charset=utf-8";
pub(crate) const FORM: &str = "application/x-www-form-urlencoded; charset=utf-8";

pub(crate) fn json_body<T: Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| Error::Config(format!("cannot encode body: {e}")))
}

/// Ids are positive integers (`bigint` in the document).
pub(crate) fn check_id(field: &'static str, value: i64) -> Result<(), Error> {
    if value <= 0 {
        return Err(Error::invalid(
            field,
            format!("must be a positive integer, got {value}"),
        ));
    }
    Ok(())
}

/// Free-text fields: not blank, bounded, no control characters.
pub(crate) fn check_text(field: &'static str, value: &str, max_chars: usize) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.chars().count() > max_chars {
        return Err(Error::invalid(
            field,
            format!("longer than {max_chars} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "contains control characters"));
    }
    Ok(())
}
