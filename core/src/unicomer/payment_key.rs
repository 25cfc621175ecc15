//! The four values that name a payment at Unicomer: `secuencial`, `idcommerce`, `fch_proceso`
//! and `val_pagado`. `reversapago` and `consultarpago` both take exactly this body.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::Error;
use crate::http::{HttpRequest, Method};
use crate::money::{Currency, format_amount, validate_amount};
use crate::validate;

use super::config::{BodyEncoding, UnicomerConfig};
use super::dates::format_fch_proceso;

/// What identifies a registered payment to `consultarpago` and `reversapago`: the invoice (or
/// `idtrx`), the collector, and the `fch_proceso` and amount it was registered with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentKey {
    /// For `consultarpago`, the statement invoice `id` the payment was registered against (what a
    /// collector whose reply was lost still has); for `reversapago`, the payment's `idtrx`.
    pub secuencial: i64,
    /// The collector's id at Unicomer (`idcommerce`).
    pub idcommerce: String,
    /// Exactly the `fch_proceso` sent to `registrarpago`.
    #[serde(with = "super::dates::datetime")]
    pub fch_proceso: NaiveDateTime,
    /// Exactly the amount sent to `registrarpago` (`val_pagado`, USD).
    #[serde(with = "crate::money::wire::number")]
    pub val_pagado: Decimal,
}

impl PaymentKey {
    pub(crate) fn validate(&self) -> Result<(), Error> {
        validate::positive_id("secuencial", self.secuencial)?;
        validate::text("idcommerce", &self.idcommerce, 64)?;
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
        match encoding {
            BodyEncoding::Json => request.json(&key),
            BodyEncoding::Form => request.form(&[
                ("secuencial", key.secuencial.to_string()),
                ("idcommerce", key.idcommerce.clone()),
                ("fch_proceso", format_fch_proceso(&key.fch_proceso)),
                ("val_pagado", format_amount(key.val_pagado, Currency::Usd)),
            ]),
        }
    }
}
