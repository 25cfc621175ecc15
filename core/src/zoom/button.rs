//! What the two pay-button (Megasoft) services share: their envelope `{sucess, Mensaje}` (sic:
//! `sucess` is spelled so on the wire) and how their amounts are read.
//!
//! `Mensaje` is an object with the result; when the call itself fails it is presumably a text
//! (not documented; a guess), which becomes [`Error::Biller`] with code `sucess=false`. A reply
//! in Zoom's usual envelope instead (a refused token, an unknown service) is decoded as such.

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::error::Error;
use crate::http::HttpResponse;

use super::envelope::{Expect, decode};

/// The code given to a pay-button reply with `sucess: false` and a text `Mensaje`.
pub const SUCESS_FALSE: &str = "sucess=false";

/// How a pay-button amount's text is read. getXmlWS's example writes `"monto": "102425"` for
/// what getNroControlWS wrote `"1024.00"`: digits without a point look like implied cents.
/// A guess, so it is a choice; the raw text is always kept as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ButtonAmountCodec {
    /// Digits only are cents (`"102425"` is 1024.25); text with a point is read as written.
    #[default]
    ImpliedCents,
    /// Always as written (`"102425"` is 102425).
    AsWritten,
}

impl ButtonAmountCodec {
    /// The amount in `text`, or `None` when it is empty or not a plain decimal.
    pub fn read(self, text: &str) -> Option<Decimal> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        let digits_only = t.bytes().all(|b| b.is_ascii_digit());
        match self {
            ButtonAmountCodec::ImpliedCents if digits_only => {
                let cents: i64 = t.parse().ok()?;
                Some(Decimal::new(cents, 2))
            }
            _ => crate::money::parse_amount(t).ok(),
        }
    }
}

#[derive(Deserialize)]
struct Head {
    #[serde(with = "crate::wire::flag")]
    sucess: bool,
    #[serde(rename = "Mensaje", default)]
    _mensaje: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct Body<T> {
    #[serde(rename = "Mensaje")]
    mensaje: T,
}

/// Decodes a pay-button reply into `sucess` and its `Mensaje` object.
pub(crate) fn decode_button<T: DeserializeOwned>(
    response: &HttpResponse,
) -> Result<(bool, T), Error> {
    let body = &response.body;
    let status = response.status;
    let head = match crate::wire::from_body::<Head>(body) {
        Ok(h) if response.is_success() => h,
        // Not the pay-button envelope: a refused token or an unknown service come in Zoom's
        // usual one (or the status says what went wrong).
        _ => {
            decode::<IgnoredAny>(response, Expect::Insert, false)?;
            return Err(Error::decode(
                "expected the pay-button envelope {sucess, Mensaje}",
                body,
                status,
            ));
        }
    };
    match crate::wire::from_body::<Body<T>>(body) {
        Ok(b) => Ok((head.sucess, b.mensaje)),
        Err(e) => match crate::wire::from_body::<Body<String>>(body) {
            Ok(b) if !head.sucess => Err(Error::Biller {
                biller_code: SUCESS_FALSE.into(),
                biller_message: b.mensaje,
                http_status: status,
            }),
            _ => Err(Error::decode(e.to_string(), body, status)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implied_cents_is_a_choice() {
        let c = ButtonAmountCodec::ImpliedCents;
        assert_eq!(c.read("102425").unwrap().to_string(), "1024.25");
        assert_eq!(c.read("1024.00").unwrap().to_string(), "1024.00");
        assert_eq!(c.read("7").unwrap().to_string(), "0.07");
        assert_eq!(
            ButtonAmountCodec::AsWritten
                .read("102425")
                .unwrap()
                .to_string(),
            "102425"
        );
        for bad in ["", "  ", "1,5", "abc", "99999999999999999999999"] {
            assert_eq!(c.read(bad), None, "{bad}");
        }
    }
}
