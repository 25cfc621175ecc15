//! Reading Unicomer's requests: its two body encodings and the key of a payment.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use super::config::UnicomerSimConfig;
use super::reply::malformed;
use super::state::Payment;
use crate::biller::{Call, SimResponse};
use crate::fields::Fields;

impl Call<'_, UnicomerSimConfig> {
    /// The sync window, in seconds of simulated time.
    pub(super) fn window(&self) -> i64 {
        self.config.sync_window_secs
    }

    /// Fields of an endpoint the document declares as JSON.
    pub(super) fn json_fields(&self) -> Result<Fields, SimResponse> {
        if self.req.is_form() {
            return Err(malformed(
                "Este servicio recibe application/json, llegó application/x-www-form-urlencoded",
            ));
        }
        Fields::from_json(&self.req.body).map_err(|e| malformed(&e))
    }

    /// Fields of an endpoint that declares form encoding but shows JSON: decided by
    /// Content-Type (form when it says so, JSON otherwise).
    pub(super) fn form_or_json_fields(&self) -> Result<Fields, SimResponse> {
        self.req.form_or_json().map_err(|e| malformed(&e))
    }
}

/// Parses `fch_proceso`: `yyyy-mm-dd hh:mm:ss`, optionally with a fraction (`.000`).
pub(crate) fn parse_fch(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S%.f").ok()
}

/// Reads the four fields that key a payment in `reversapago` and `consultarpago`.
pub(crate) struct PaymentKey {
    pub secuencial: i64,
    pub idcommerce: String,
    pub fch_proceso: NaiveDateTime,
    pub val_pagado: Decimal,
}

impl PaymentKey {
    pub(super) fn read(f: &Fields) -> Result<PaymentKey, SimResponse> {
        let secuencial = f.int("secuencial").map_err(|e| malformed(&e))?;
        let idcommerce = f.string("idcommerce").map_err(|e| malformed(&e))?;
        let fch_text = f.string("fch_proceso").map_err(|e| malformed(&e))?;
        let fch_proceso = parse_fch(&fch_text).ok_or_else(|| {
            malformed(&format!(
                "fch_proceso debe tener el formato yyyy-mm-dd hh:mm:ss, llegó `{fch_text}`"
            ))
        })?;
        let val_pagado = f.decimal("val_pagado").map_err(|e| malformed(&e))?;
        Ok(PaymentKey {
            secuencial,
            idcommerce,
            fch_proceso,
            val_pagado,
        })
    }

    /// Same commerce, same instant (`.000` or not) and same amount (`5.0` = `5.00`).
    pub(super) fn matches(&self, p: &Payment) -> bool {
        p.idcommerce == self.idcommerce
            && p.fch_proceso == self.fch_proceso
            && p.val_pagado == self.val_pagado
    }
}
