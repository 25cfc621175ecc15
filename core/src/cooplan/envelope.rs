//! Cooplan's reply envelope `{error, status, message, messageMostrar, messageSistema, values}`.
//!
//! Success is `error == 0` (a number or the string `"0"`); `status` is `1` on every documented
//! success and is kept, not judged. `values` changes type by endpoint: a list of customers, a
//! list of debts, an object `{IdCobranza, FechaPagoEmpresa}`, a plain string, the number `1`.
//! So the envelope is read with each endpoint's own type for `values`; the loosely typed ones
//! ([`AnyText`], `ListOr`) start from the value's raw JSON text, so numbers keep their digits.
//!
//! A business error keeps `error` as the code and `message` verbatim (or `messageSistema`, or
//! `messageMostrar`, when `message` is blank) in [`Error::Biller`].

use std::collections::BTreeMap;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::error::Error;
use crate::http::HttpResponse;
use crate::wire::Many;

/// A Cooplan reply: the documented envelope around the endpoint's `values`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope<T> {
    /// `"0"` on success; any other value is a business error (kept as text).
    pub error: String,
    /// `"1"` on every documented success.
    pub status: Option<String>,
    /// The biller's message (`"Transaccion realizada con exito"`), verbatim.
    pub message: String,
    /// `messageMostrar` (`0` in every example), kept as text.
    pub message_mostrar: Option<String>,
    /// `messageSistema`, verbatim.
    pub message_sistema: Option<String>,
    /// The endpoint's payload, whose type changes by endpoint.
    pub values: T,
}

#[derive(Deserialize)]
#[serde(bound = "T: Deserialize<'de>")]
struct RawEnvelope<T> {
    #[serde(with = "crate::wire::text")]
    error: String,
    #[serde(default, with = "crate::wire::text_opt")]
    status: Option<String>,
    #[serde(default, with = "crate::wire::text_opt")]
    message: Option<String>,
    #[serde(rename = "messageMostrar", default, with = "crate::wire::text_opt")]
    message_mostrar: Option<String>,
    #[serde(rename = "messageSistema", default, with = "crate::wire::text_opt")]
    message_sistema: Option<String>,
    /// `null` and a missing `values` are `None`.
    #[serde(default = "none")]
    values: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

impl<T> RawEnvelope<T> {
    fn is_success(&self) -> bool {
        self.error.trim() == "0"
    }

    /// The message a person should read: `message`, else `messageSistema`, else
    /// `messageMostrar`; verbatim.
    fn best_message(&self) -> String {
        [&self.message, &self.message_sistema, &self.message_mostrar]
            .into_iter()
            .flatten()
            .find(|m| !m.trim().is_empty())
            .cloned()
            .unwrap_or_default()
    }

    fn biller_error(&self, http_status: u16) -> Error {
        Error::Biller {
            biller_code: self.error.clone(),
            biller_message: self.best_message(),
            http_status,
        }
    }

    fn into_envelope<U>(self, values: U) -> Envelope<U> {
        Envelope {
            error: self.error,
            status: self.status,
            message: self.message.unwrap_or_default(),
            message_mostrar: self.message_mostrar,
            message_sistema: self.message_sistema,
            values,
        }
    }
}

/// Whether decode errors may quote the body. Token replies hold the token: never.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Snippet {
    Keep,
    Withhold,
}

fn decode_error(reason: String, response: &HttpResponse, snippet: Snippet) -> Error {
    match snippet {
        Snippet::Keep => Error::decode(reason, &response.body, response.status),
        Snippet::Withhold => Error::Decode {
            reason,
            snippet: "<token reply withheld>".into(),
            http_status: response.status,
        },
    }
}

fn reason(e: &serde_json::Error, snippet: Snippet) -> String {
    match snippet {
        Snippet::Keep => e.to_string(),
        // serde_json's message can quote the input; keep only where it failed.
        Snippet::Withhold => format!(
            "{:?} error at line {} column {}",
            e.classify(),
            e.line(),
            e.column()
        ),
    }
}

/// Checks the HTTP status and the envelope's `error`, ignoring `values`: `Ok` only for a
/// success envelope.
///
/// HTTP 401 is [`Error::Auth`] (with the envelope's code and message when there is one).
/// Another non-2xx status is [`Error::Biller`] when its body is an error envelope (the biller
/// answered definitely) and [`Error::HttpStatus`] otherwise (5xx always: the biller may have
/// acted).
pub(crate) fn check(response: &HttpResponse, snippet: Snippet) -> Result<Envelope<()>, Error> {
    let parsed = crate::wire::from_body::<RawEnvelope<IgnoredAny>>(&response.body);
    if response.status == 401 {
        let env = parsed.ok();
        return Err(Error::Auth {
            http_status: 401,
            biller_code: env.as_ref().map(|e| e.error.clone()),
            biller_message: env.map(|e| e.best_message()),
        });
    }
    if !response.is_success() {
        return Err(match parsed {
            Ok(env) if !env.is_success() && response.status < 500 => {
                env.biller_error(response.status)
            }
            _ => Error::HttpStatus {
                http_status: response.status,
                snippet: match snippet {
                    Snippet::Keep => crate::error::snippet(&response.body),
                    Snippet::Withhold => "<token reply withheld>".into(),
                },
            },
        });
    }
    let env = parsed.map_err(|e| {
        decode_error(
            format!("envelope: {}", reason(&e, snippet)),
            response,
            snippet,
        )
    })?;
    if !env.is_success() {
        return Err(env.biller_error(response.status));
    }
    Ok(env.into_envelope(()))
}

/// Reads a success envelope with `values` typed as `T` straight from the body (never through
/// `serde_json::Value`, which would hand amounts to a float visitor), then shapes it with
/// `typed`, whose error is the reason of a decode error that keeps a bounded snippet.
pub(crate) fn decode_with<T: DeserializeOwned, U>(
    response: &HttpResponse,
    typed: impl FnOnce(Option<T>) -> Result<U, String>,
) -> Result<Envelope<U>, Error> {
    check(response, Snippet::Keep)?;
    let env = crate::wire::from_body::<RawEnvelope<T>>(&response.body)
        .map_err(|e| decode_error(format!("values: {e}"), response, Snippet::Keep))?;
    let mut env = env;
    let values = env.values.take();
    let values =
        typed(values).map_err(|r| decode_error(format!("values: {r}"), response, Snippet::Keep))?;
    Ok(env.into_envelope(values))
}

/// `values` as a list, read with [`crate::wire::Many`]: a list, a single object (a list of
/// one), or `null`, `""` or missing (an empty list).
pub(crate) fn list<T>(values: Option<Many<T>>) -> Result<Vec<T>, String> {
    Ok(values.map(|m| m.0).unwrap_or_default())
}

/// `values` required.
pub(crate) fn required<T>(values: Option<T>) -> Result<T, String> {
    values.ok_or_else(|| "missing or null".to_owned())
}

/// Any JSON value as text: a string as it is, a number as its exact digits, `true`/`false`,
/// and a list or an object as its JSON (compact, keys sorted, numbers as written). For `values`
/// whose type the document does not pin down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnyText(pub String);

impl<'de> Deserialize<'de> for AnyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        as_text(&raw).map(AnyText).map_err(de::Error::custom)
    }
}

/// A list of `T`, or anything else kept as text (see [`AnyText`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ListOr<T> {
    List(Vec<T>),
    Text(String),
}

/// Read from the value's raw JSON text (serde_json's `raw_value`), so that a number keeps its
/// digits without `arbitrary_precision`; a list is then read as `Vec<T>`.
impl<'de, T: DeserializeOwned> Deserialize<'de> for ListOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        if raw.get().starts_with('[') {
            crate::wire::from_text(raw.get())
                .map(ListOr::List)
                .map_err(de::Error::custom)
        } else {
            as_text(&raw).map(ListOr::Text).map_err(de::Error::custom)
        }
    }
}

/// A raw value as text: a string unescaped, anything else as compact JSON (see [`Json`]).
fn as_text(raw: &RawValue) -> Result<String, serde_json::Error> {
    let text = raw.get();
    if text.starts_with('"') {
        return crate::wire::from_text(text);
    }
    let json: Json = crate::wire::from_text(text)?;
    serde_json::to_string(&json)
}

/// A JSON value for re-printing: objects (keys sorted) and lists rebuilt, every scalar kept as
/// its raw text, so that a number's digits are never re-printed from a float.
enum Json {
    Object(BTreeMap<String, Json>),
    List(Vec<Json>),
    Scalar(Box<RawValue>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        let nested = match raw.get().as_bytes().first() {
            Some(b'{') => crate::wire::from_text(raw.get()).map(Json::Object),
            Some(b'[') => crate::wire::from_text(raw.get()).map(Json::List),
            _ => return Ok(Json::Scalar(raw)),
        };
        nested.map_err(de::Error::custom)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Object(map) => map.serialize(s),
            Json::List(items) => items.serialize(s),
            Json::Scalar(raw) => raw.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse::new(status, body.as_bytes())
    }

    fn text_of(body: &str) -> String {
        decode_with::<AnyText, _>(&resp(200, body), required)
            .unwrap()
            .values
            .0
    }

    #[test]
    fn success_is_error_zero_as_number_or_string() {
        for body in [
            r#"{"error":0,"status":1,"message":"","messageMostrar":0,"messageSistema":"","values":[]}"#,
            r#"{"error":"0","status":"1","message":"ok","values":null}"#,
            r#"{"error":0}"#,
        ] {
            let env = check(&resp(200, body), Snippet::Keep).unwrap();
            assert_eq!(env.error, "0", "{body}");
        }
        let env = decode_with::<AnyText, _>(
            &resp(
                200,
                r#"{"error":0,"status":1,"message":"m","messageMostrar":0,"values":1}"#,
            ),
            required,
        )
        .unwrap();
        assert_eq!(env.status.as_deref(), Some("1"));
        assert_eq!(env.message_mostrar.as_deref(), Some("0"));
        assert_eq!(env.values.0, "1");
    }

    #[test]
    fn any_text_keeps_exact_digits_and_json() {
        assert_eq!(text_of(r#"{"error":0,"values":"a"}"#), "a");
        assert_eq!(text_of(r#"{"error":0,"values":0.10}"#), "0.10");
        assert_eq!(text_of(r#"{"error":0,"values":0.1}"#), "0.1");
        assert_eq!(text_of(r#"{"error":0,"values":true}"#), "true");
        assert_eq!(
            text_of(r#"{"error":0,"values":{"url":"x","n":1.50}}"#),
            r#"{"n":1.50,"url":"x"}"#
        );
        assert_eq!(text_of(r#"{"error":0,"values":[1,"b"]}"#), r#"[1,"b"]"#);
        let none = decode_with::<AnyText, _>(&resp(200, r#"{"error":0,"values":null}"#), required);
        assert_eq!(none.unwrap_err().code(), "decode");
    }

    #[test]
    fn errors_keep_code_and_message_verbatim() {
        let e = check(
            &resp(
                200,
                r#"{"error":1,"status":0,"message":" No existe ","messageMostrar":1,"messageSistema":"x","values":null}"#,
            ),
            Snippet::Keep,
        )
        .unwrap_err();
        assert_eq!(e.biller_code(), Some("1"));
        assert_eq!(e.biller_message(), Some(" No existe "));
        let e = check(
            &resp(
                200,
                r#"{"error":"E7","message":"","messageSistema":"sistema"}"#,
            ),
            Snippet::Keep,
        )
        .unwrap_err();
        assert_eq!(
            (e.biller_code(), e.biller_message()),
            (Some("E7"), Some("sistema"))
        );
        // An error envelope whose values do not have the success shape is still the error.
        let e = decode_with::<Many<u8>, _>(
            &resp(200, r#"{"error":3,"message":"m","values":{"odd":true}}"#),
            list,
        )
        .unwrap_err();
        assert_eq!(e.biller_code(), Some("3"));
        // A 4xx carrying an error envelope is the biller's definite answer.
        let e = check(&resp(400, r#"{"error":2,"message":"bad"}"#), Snippet::Keep).unwrap_err();
        assert_eq!((e.code(), e.http_status()), ("biller", Some(400)));
    }

    #[test]
    fn http_failures_and_garbage() {
        let e = check(
            &resp(401, r#"{"error":401,"message":"Token expirado"}"#),
            Snippet::Keep,
        )
        .unwrap_err();
        assert_eq!(e.code(), "auth");
        assert_eq!(e.biller_message(), Some("Token expirado"));
        let e = check(&resp(500, r#"{"error":1,"message":"x"}"#), Snippet::Keep).unwrap_err();
        assert_eq!(e.code(), "http_status");
        assert!(e.may_have_reached_biller());
        let e = check(&resp(200, r#"{"error":0,"val"#), Snippet::Keep).unwrap_err();
        assert_eq!(e.code(), "decode");
        let e = check(&resp(200, r#"{"status":1}"#), Snippet::Keep).unwrap_err();
        assert_eq!(e.code(), "decode");
        let e = check(
            &resp(200, r#"{"error":0,"values":"secret-ish"#),
            Snippet::Withhold,
        )
        .unwrap_err();
        assert!(!format!("{e}{e:?}").contains("secret-ish"));
    }
}
