//! Revertir pago (the second "2.6"): `POST api/revertirpago {IdFactura, IdCobranza}`.
//!
//! Success is `error == 0` with `values` the number `1`. A reply with `error == 0` and any other
//! `values` is not taken as proof either way: it is a decode error, which the safe reversal
//! resolves by asking the biller (the debt pending again means the reversal applied).
//!
//! `IdCobranza` is sent as this endpoint's example shows it, a JSON number
//! (`IdCobranza = 23456422`), whenever it is digits without a leading zero (a number could not
//! carry the zero); any other id, which no example shows, is sent as text rather than refused.
//! [`super::CooplanConfig::id_cobranza_json`] set to a number also refuses an id that is not
//! digits, as for `imprimirfactura`. Never retry this request blindly: use the client's
//! `reverse`.

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

use super::body::{Scalar, post};
use super::config::{CooplanConfig, JsonScalar};
use super::envelope::{AnyText, Envelope, decode_with};
use super::inputs::{check_id_cobranza, check_id_factura};

/// `api/revertirpago {IdFactura, IdCobranza}` (the second 2.6): reverses one collection. Send
/// it through [`super::safe_payment`], which resolves a lost reply, never directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevertirPagoRequest {
    /// The invoice paid (`IdFactura`).
    pub id_factura: i64,
    /// The collection to reverse (`IdCobranza`); sent as a number as the example shows (as text
    /// when it has a leading zero, which a number cannot carry).
    pub id_cobranza: String,
}

impl Endpoint for RevertirPagoRequest {
    type Config = CooplanConfig;
    /// `values` as text: always `"1"` once decoded.
    type Response = Envelope<String>;
    const NAME: &'static str = "revertirpago";

    fn to_http(&self, config: &CooplanConfig) -> Result<HttpRequest, Error> {
        check_id_factura(self.id_factura)?;
        check_id_cobranza(
            &self.id_cobranza,
            config.id_cobranza_json == JsonScalar::Number,
        )?;
        post(
            config,
            &config.paths.revertir_pago,
            &[
                ("IdFactura", Scalar::Number(self.id_factura.to_string())),
                ("IdCobranza", id_cobranza(self.id_cobranza.trim())),
            ],
        )
    }

    /// `values` must be `1` (a number or its text) or `true`.
    fn decode(response: &HttpResponse) -> Result<Self::Response, Error> {
        decode_with(response, |v: Option<AnyText>| match v {
            Some(AnyText(t)) if matches!(t.trim(), "1" | "true") => Ok("1".to_owned()),
            other => Err(format!(
                "error 0 with values `{}` instead of 1: not a proof the reversal applied",
                other.map_or_else(|| "null".to_owned(), |t| t.0)
            )),
        })
    }
}

/// `IdCobranza` as the example writes it: a number when it is digits that a number keeps.
fn id_cobranza(id: &str) -> Scalar {
    let digits = !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    if digits && (id == "0" || !id.starts_with('0')) {
        Scalar::Number(id.to_owned())
    } else {
        Scalar::Text(id.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idcobranza_is_a_number_when_a_number_can_carry_it() {
        assert_eq!(id_cobranza("23456422"), Scalar::Number("23456422".into()));
        assert_eq!(id_cobranza("0"), Scalar::Number("0".into()));
        assert_eq!(id_cobranza("0042"), Scalar::Text("0042".into()));
        assert_eq!(id_cobranza("C-1"), Scalar::Text("C-1".into()));
    }
}
