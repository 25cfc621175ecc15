//! Mobbex's reply envelope `{result, data}` and its refusal `{result: false, code, error}`.
//!
//! - HTTP 401 or 403 is [`Error::Auth`] (the credentials were refused: nothing was processed),
//!   with the envelope's `code` and `error` when the body has them.
//! - Any other 5xx is [`Error::HttpStatus`] (transient: reads retry it), whatever the body.
//! - `result: false` under any other status is the biller's refusal, [`Error::Biller`], with its
//!   `code` (or `result_false` when it sends none) and its `error` (or `message`) verbatim.
//! - `result: true` must carry the documented `data`; anything else is [`Error::Decode`] with a
//!   bounded snippet (no Unicobros reply carries a credential).
//! - A non-2xx status without a Mobbex envelope (a proxy's 404 page) is [`Error::HttpStatus`].

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, Visitor};

use crate::error::Error;
use crate::http::HttpResponse;
use crate::wire::RawJson;

/// The code a refusal gets when the biller sends `result: false` without one.
pub const NO_CODE: &str = "result_false";

#[derive(Deserialize)]
struct Envelope<T> {
    #[serde(deserialize_with = "flag")]
    result: bool,
    #[serde(default, with = "crate::wire::text_opt")]
    code: Option<String>,
    #[serde(default)]
    error: Option<RawJson>,
    #[serde(default)]
    message: Option<RawJson>,
    #[serde(default = "none")]
    data: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

/// Decodes `data` of a `result: true` reply.
pub(crate) fn decode_envelope<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, Error> {
    let status = response.status;
    let body = &response.body;
    if status == 401 || status == 403 {
        let env = crate::wire::from_body::<Envelope<IgnoredAny>>(body).ok();
        return Err(Error::Auth {
            http_status: status,
            biller_code: env.as_ref().and_then(|e| e.code.clone()),
            biller_message: env.and_then(|e| e.message_text()),
        });
    }
    if status >= 500 {
        return Err(Error::HttpStatus {
            http_status: status,
            snippet: crate::error::snippet(body),
        });
    }
    match crate::wire::from_body::<Envelope<T>>(body) {
        Ok(env) if !env.result => Err(refusal(env, status)),
        Ok(_) if !response.is_success() => Err(Error::HttpStatus {
            http_status: status,
            snippet: crate::error::snippet(body),
        }),
        Ok(env) => env
            .data
            .ok_or_else(|| Error::decode("`result: true` without `data`", body, status)),
        // The data did not have the documented shape; a refusal usually has no data at all, so
        // look at `result` alone before calling it a decode failure.
        Err(e) => match crate::wire::from_body::<Envelope<IgnoredAny>>(body) {
            Ok(env) if !env.result => Err(refusal(env, status)),
            _ if !response.is_success() => Err(Error::HttpStatus {
                http_status: status,
                snippet: crate::error::snippet(body),
            }),
            _ => Err(Error::decode(e.to_string(), body, status)),
        },
    }
}

fn refusal<T>(env: Envelope<T>, http_status: u16) -> Error {
    let biller_message = env.message_text().unwrap_or_default();
    Error::Biller {
        biller_code: env.code.unwrap_or_else(|| NO_CODE.to_owned()),
        biller_message,
        http_status,
    }
}

impl<T> Envelope<T> {
    /// `error`, else `message` (`null` is absent): a string verbatim, anything else as the JSON
    /// text the biller sent, its numbers' digits untouched. Kept as raw text rather than a
    /// `serde_json::Value`, whose reader and printer would be in every bundle for this alone.
    fn message_text(&self) -> Option<String> {
        let raw = self.error.as_ref().or(self.message.as_ref())?;
        Some(crate::wire::from_text::<String>(raw.get()).unwrap_or_else(|_| raw.get().to_owned()))
    }
}

/// `result` as a JSON boolean, or the strings `"true"`/`"false"` some proxies produce.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    struct Flag;
    impl Visitor<'_> for Flag {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("true or false")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
            match v.trim() {
                "true" => Ok(true),
                "false" => Ok(false),
                other => Err(E::custom(format!(
                    "`result` must be true or false, got `{other}`"
                ))),
            }
        }
    }
    d.deserialize_any(Flag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct Data {
        n: i64,
    }

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse::new(status, body.as_bytes())
    }

    #[test]
    fn success_and_refusals() {
        let d: Data = decode_envelope(&resp(200, r#"{"result":true,"data":{"n":3}}"#)).unwrap();
        assert_eq!(d.n, 3);
        let d: Data = decode_envelope(&resp(200, r#"{"result":"true","data":{"n":4}}"#)).unwrap();
        assert_eq!(d.n, 4);
        let e = decode_envelope::<Data>(&resp(
            200,
            r#"{"result":false,"code":"NOT_FOUND","error":"No existe"}"#,
        ))
        .unwrap_err();
        assert_eq!(
            (e.code(), e.biller_code(), e.biller_message()),
            ("biller", Some("NOT_FOUND"), Some("No existe"))
        );
        let e =
            decode_envelope::<Data>(&resp(400, r#"{"result":false,"message":"mal"}"#)).unwrap_err();
        assert_eq!(e.biller_code(), Some(NO_CODE));
        assert_eq!(e.http_status(), Some(400));
        assert!(!e.is_transient());
    }

    #[test]
    fn refusal_messages_are_the_billers_text() {
        let message = |body: &str| {
            decode_envelope::<Data>(&resp(400, body))
                .unwrap_err()
                .biller_message()
                .map(str::to_owned)
        };
        // A string unescaped; `null` is absent, so `message` is used.
        assert_eq!(
            message(r#"{"result":false,"error":"No existe \"7\"","message":"m"}"#).as_deref(),
            Some(r#"No existe "7""#)
        );
        assert_eq!(
            message(r#"{"result":false,"error":null,"message":"mal"}"#).as_deref(),
            Some("mal")
        );
        // Anything else as the JSON the biller sent, its digits as written.
        assert_eq!(
            message(r#"{"result":false,"error":{"page":["must be >= 1"],"max":1.50}}"#)
                .as_deref(),
            Some(r#"{"page":["must be >= 1"],"max":1.50}"#)
        );
        assert_eq!(message(r#"{"result":false}"#).as_deref(), Some(""));
    }

    #[test]
    fn http_failures() {
        let e = decode_envelope::<Data>(&resp(
            401,
            r#"{"result":false,"code":"UNAUTHORIZED","error":"Credenciales"}"#,
        ))
        .unwrap_err();
        assert_eq!((e.code(), e.biller_code()), ("auth", Some("UNAUTHORIZED")));
        let e = decode_envelope::<Data>(&resp(403, "<html>")).unwrap_err();
        assert_eq!((e.code(), e.http_status()), ("auth", Some(403)));
        let e = decode_envelope::<Data>(&resp(500, r#"{"result":false}"#)).unwrap_err();
        assert!(e.is_transient());
        let e = decode_envelope::<Data>(&resp(404, "<html>not here</html>")).unwrap_err();
        assert_eq!(e.code(), "http_status");
        let e = decode_envelope::<Data>(&resp(200, r#"{"result":true}"#)).unwrap_err();
        assert_eq!(e.code(), "decode");
        let e = decode_envelope::<Data>(&resp(200, r#"{"result":true,"data":{"n":"#)).unwrap_err();
        assert_eq!(e.code(), "decode");
        let e = decode_envelope::<Data>(&resp(200, r#"{"data":{"n":1}}"#)).unwrap_err();
        assert_eq!(e.code(), "decode");
    }
}
