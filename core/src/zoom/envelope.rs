//! Zoom's reply envelope `{codrespuesta, mensaje, entidadRespuesta}` and its error details.
//!
//! Codes (the document's table): `COD_000` query done, `COD_001` inserted, `CODE_000` no data,
//! `CODE_002` invalid parameters (`entidadRespuesta` maps each field to its messages,
//! `{"idpago.0": ["El campo idpago.0 debe ser un entero."]}`), `CODE_003` error calling the
//! service (`{tipoError, info}`). Every `COD_` code is a success and every `CODE_` code an
//! error; a code the document does not list is kept verbatim as the biller's.
//!
//! For queries, `CODE_000` is an empty result, not an error. For `createPagoWs` it is a
//! refusal like any other.
//!
//! Errors keep the code and `mensaje` verbatim in [`Error::Biller`]; the details follow the
//! message as compact JSON (`LOS PARAMETROS INGRESADOS NO SON CORRECTOS: {"idpago.0":[...]}`),
//! from which [`FieldErrors::from_error`] and [`CallError::from_error`] give them back typed.
//!
//! How Zoom reports an expired token is not documented. One predicate,
//! [`is_token_rejection`], decides it (a guess): HTTP 401, a `CODE_002` whose field map names
//! `token`, or a `CODE_003` whose `tipoError` names a token or JWT exception (the services are
//! Laravel with JWT tokens; tymon/jwt-auth raises `TokenExpiredException`). Such a reply becomes
//! [`Error::Auth`], which the client answers by refreshing the token and replaying once.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::Error;
use crate::http::HttpResponse;

/// The envelope's status codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ZoomCode {
    /// `COD_000`: query done.
    QueryOk,
    /// `COD_001`: record inserted.
    Inserted,
    /// `CODE_000`: no such information.
    NoData,
    /// `CODE_002`: invalid parameters, with per-field messages.
    InvalidParameters,
    /// `CODE_003`: error calling the service (unknown route, exception).
    CallError,
    /// Any other code, verbatim.
    Other(String),
}

impl ZoomCode {
    /// Reads a `codrespuesta`; an unlisted code is kept as [`ZoomCode::Other`].
    pub fn parse(code: &str) -> Self {
        match code.trim() {
            "COD_000" => ZoomCode::QueryOk,
            "COD_001" => ZoomCode::Inserted,
            "CODE_000" => ZoomCode::NoData,
            "CODE_002" => ZoomCode::InvalidParameters,
            "CODE_003" => ZoomCode::CallError,
            other => ZoomCode::Other(other.to_owned()),
        }
    }

    /// The code as Zoom writes it.
    pub fn as_str(&self) -> &str {
        match self {
            ZoomCode::QueryOk => "COD_000",
            ZoomCode::Inserted => "COD_001",
            ZoomCode::NoData => "CODE_000",
            ZoomCode::InvalidParameters => "CODE_002",
            ZoomCode::CallError => "CODE_003",
            ZoomCode::Other(c) => c,
        }
    }

    /// `COD_…` codes are successes; `CODE_…` and anything else are not.
    pub fn is_success(&self) -> bool {
        match self {
            ZoomCode::QueryOk | ZoomCode::Inserted => true,
            ZoomCode::Other(c) => c.starts_with("COD_"),
            _ => false,
        }
    }
}

/// `CODE_002`'s per-field messages, field name (`idpago.0`, `rifcipagador`) to messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(BTreeMap<String, Vec<String>>);

impl FieldErrors {
    /// The field map of a `CODE_002` error (as [`Error::Biller`] or, when it names the token,
    /// [`Error::Auth`]); `None` for any other error.
    pub fn from_error(error: &Error) -> Option<FieldErrors> {
        let message = code_002_or_003(error, "CODE_002")?;
        json_suffix(message)
    }

    /// The messages about one field, if any.
    pub fn get(&self, field: &str) -> Option<&[String]> {
        self.0.get(field).map(Vec::as_slice)
    }

    /// The fields with messages, in order.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Each field with its messages, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Whether there are no messages.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many fields have messages.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether a message is about the `token` field.
    pub fn names_token(&self) -> bool {
        self.0.keys().any(|k| k.eq_ignore_ascii_case("token"))
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(k, v)| format!("{k}: {}", v.join(" ")))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

/// Laravel's shape: each field maps to a list of messages. A single string is taken as a
/// one-message list; an empty list or `null` (no details) as no fields.
impl<'de> Deserialize<'de> for FieldErrors {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldErrors;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of field names to messages")
            }
            fn visit_unit<E: de::Error>(self) -> Result<FieldErrors, E> {
                Ok(FieldErrors::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<FieldErrors, E> {
                Ok(FieldErrors::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldErrors, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(FieldErrors::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldErrors, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let messages: Messages = map.next_value()?;
                    out.insert(key, messages.0);
                }
                Ok(FieldErrors(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// One field's messages: a list of strings, or a single string.
struct Messages(Vec<String>);

impl<'de> Deserialize<'de> for Messages {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Messages;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a message or a list of messages")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Messages, E> {
                Ok(Messages(vec![v.to_owned()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Messages, A::Error> {
                let mut out = Vec::new();
                while let Some(m) = seq.next_element::<String>()? {
                    out.push(m);
                }
                Ok(Messages(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// `CODE_003`'s details: the exception's class and its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CallError {
    /// The exception's class (`tipoError`).
    #[serde(
        rename = "tipoError",
        deserialize_with = "crate::wire::text_or_empty::deserialize",
        default
    )]
    pub tipo_error: String,
    /// The exception's text (`info`).
    #[serde(deserialize_with = "crate::wire::text_or_empty::deserialize", default)]
    pub info: String,
}

impl CallError {
    /// The details of a `CODE_003` error; `None` for any other error.
    pub fn from_error(error: &Error) -> Option<CallError> {
        let message = code_002_or_003(error, "CODE_003")?;
        json_suffix(message)
    }

    /// A JWT exception (`TokenExpiredException`, `TokenInvalidException`, `JWTException`, ...).
    pub fn is_token_error(&self) -> bool {
        let t = self.tipo_error.to_ascii_lowercase();
        t.contains("token") || t.contains("jwt")
    }
}

/// The one place that decides whether a reply means "the token was refused" (see the module
/// docs): HTTP 401, `CODE_002` naming `token`, or `CODE_003` with a token/JWT exception. A
/// refused token means the service did not run, so refreshing and replaying is safe.
pub fn is_token_rejection(
    http_status: u16,
    code: &ZoomCode,
    fields: Option<&FieldErrors>,
    call: Option<&CallError>,
) -> bool {
    http_status == 401
        || (*code == ZoomCode::InvalidParameters && fields.is_some_and(FieldErrors::names_token))
        || (*code == ZoomCode::CallError && call.is_some_and(CallError::is_token_error))
}

fn code_002_or_003<'a>(error: &'a Error, code: &str) -> Option<&'a str> {
    match error {
        Error::Biller {
            biller_code,
            biller_message,
            ..
        } if biller_code == code => Some(biller_message),
        Error::Auth {
            biller_code: Some(c),
            biller_message: Some(m),
            ..
        } if c == code => Some(m),
        _ => None,
    }
}

/// The JSON object that ends `message` (after `": "`), parsed. The biller's own message comes
/// first and could contain `": {"`, so every candidate is tried from the left.
fn json_suffix<T: DeserializeOwned>(message: &str) -> Option<T> {
    message
        .match_indices(": {")
        .find_map(|(i, _)| crate::wire::from_text(&message[i + 2..]).ok())
}

/// What a decoded reply is expected to be: a query (where `CODE_000` means an empty result)
/// or an insertion (where it is an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Query,
    Insert,
}

#[derive(Deserialize)]
struct Header {
    #[serde(with = "crate::wire::text")]
    codrespuesta: String,
    #[serde(with = "crate::wire::text_opt", default)]
    mensaje: Option<String>,
}

#[derive(Deserialize)]
struct Entity<T> {
    #[serde(rename = "entidadRespuesta")]
    entidad: T,
}

#[derive(Deserialize)]
struct MaybeEntity<T> {
    #[serde(rename = "entidadRespuesta", default = "none")]
    entidad: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

/// Decodes an enveloped reply: `Some(entidadRespuesta)` on success, `None` for `CODE_000` when
/// `expect` is a query, the biller's error otherwise. `withhold` keeps the body out of every
/// error (replies that carry a token).
pub(crate) fn decode<T: DeserializeOwned>(
    response: &HttpResponse,
    expect: Expect,
    withhold: bool,
) -> Result<Option<T>, Error> {
    let body = &response.body;
    let status = response.status;
    let snippet = |body: &[u8]| {
        if withhold {
            "<reply withheld: it may hold a token>".to_owned()
        } else {
            crate::error::snippet(body)
        }
    };
    if status == 401 {
        return Err(Error::Auth {
            http_status: 401,
            biller_code: None,
            biller_message: None,
        });
    }
    let header = match crate::wire::from_body::<Header>(body) {
        Ok(h) => h,
        Err(_) if !response.is_success() => {
            return Err(Error::HttpStatus {
                http_status: status,
                snippet: snippet(body),
            });
        }
        Err(e) => {
            return Err(Error::Decode {
                reason: format!("not a Zoom envelope: {}", reason(&e, withhold)),
                snippet: snippet(body),
                http_status: status,
            });
        }
    };
    let code = ZoomCode::parse(&header.codrespuesta);
    if code.is_success() {
        if !response.is_success() {
            return Err(Error::HttpStatus {
                http_status: status,
                snippet: snippet(body),
            });
        }
        return match crate::wire::from_body::<Entity<T>>(body) {
            Ok(e) => Ok(Some(e.entidad)),
            Err(e) => Err(Error::Decode {
                reason: format!(
                    "{} reply: {}",
                    shown_code(&code, withhold),
                    reason(&e, withhold)
                ),
                snippet: snippet(body),
                http_status: status,
            }),
        };
    }
    if code == ZoomCode::NoData && expect == Expect::Query {
        return Ok(None);
    }
    Err(refusal(
        code,
        header.mensaje.unwrap_or_default(),
        body,
        status,
    ))
}

/// A success code as a decode error's reason shows it: an unlisted `COD_…` code is the body's
/// own text, so it is bounded, and left out of replies that carry a token (found by fuzzing: a
/// login reply's code could carry the token into the error).
fn shown_code(code: &ZoomCode, withhold: bool) -> String {
    match code {
        ZoomCode::Other(_) if withhold => "an unlisted COD_ code".to_owned(),
        other => crate::error::snippet(other.as_str().as_bytes()),
    }
}

/// serde_json's message can quote the input; for replies with a token keep only its category.
fn reason(error: &serde_json::Error, withhold: bool) -> String {
    if withhold {
        format!(
            "{:?} error at line {} column {}",
            error.classify(),
            error.line(),
            error.column()
        )
    } else {
        error.to_string()
    }
}

/// The biller's error: the code and `mensaje` verbatim, followed by the details as JSON.
fn refusal(code: ZoomCode, mensaje: String, body: &[u8], http_status: u16) -> Error {
    let mut message = mensaje;
    let mut fields = None;
    let mut call = None;
    match code {
        ZoomCode::InvalidParameters => {
            let found = crate::wire::from_body::<MaybeEntity<FieldErrors>>(body)
                .ok()
                .and_then(|e| e.entidad)
                .unwrap_or_default();
            if !found.is_empty() {
                append_json(&mut message, &found);
            }
            fields = Some(found);
        }
        ZoomCode::CallError => {
            if let Some(found) = crate::wire::from_body::<MaybeEntity<CallError>>(body)
                .ok()
                .and_then(|e| e.entidad)
            {
                append_json(&mut message, &found);
                call = Some(found);
            }
        }
        _ => {}
    }
    if is_token_rejection(http_status, &code, fields.as_ref(), call.as_ref()) {
        return Error::Auth {
            http_status,
            biller_code: Some(code.as_str().to_owned()),
            biller_message: Some(message),
        };
    }
    Error::Biller {
        biller_code: code.as_str().to_owned(),
        biller_message: message,
        http_status,
    }
}

fn append_json<T: Serialize>(message: &mut String, details: &T) {
    if let Ok(json) = serde_json::to_string(details) {
        message.push_str(": ");
        message.push_str(&json);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse::new(status, body.as_bytes())
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        #[serde(with = "crate::wire::int")]
        n: i64,
    }

    /// Fuzz regression (`fuzz/regressions/zoom/login-code-quotes-token`): a withheld reply's
    /// unlisted success code never reaches the error, and a kept one is bounded.
    #[test]
    fn decode_errors_do_not_quote_an_unlisted_code_from_a_withheld_reply() {
        let body = r#"{"codrespuesta": "COD_002planted-secret-7f3a9c", "entidadRespuesta": {"token": "planted-secret-7f3a9c""#;
        let e = decode::<Row>(&resp(200, body), Expect::Insert, true).unwrap_err();
        assert_eq!(e.code(), "decode");
        assert!(!e.to_string().contains("planted-secret"), "{e}");
        let long = format!(
            r#"{{"codrespuesta": "COD_{}", "entidadRespuesta": 1}}"#,
            "9".repeat(5000)
        );
        let e = decode::<Row>(&resp(200, &long), Expect::Query, false).unwrap_err();
        assert!(e.to_string().len() < 1000, "{}", e.to_string().len());
    }

    #[test]
    fn successes_empty_results_and_errors() {
        let ok: Option<Vec<Row>> = decode(
            &resp(
                200,
                r#"{"codrespuesta":"COD_000","mensaje":"OK","entidadRespuesta":[{"n":"4"}]}"#,
            ),
            Expect::Query,
            false,
        )
        .unwrap();
        assert_eq!(ok.unwrap(), vec![Row { n: 4 }]);
        let empty = r#"{"codrespuesta":"CODE_000","mensaje":"NO EXISTE","entidadRespuesta":[]}"#;
        assert_eq!(
            decode::<Vec<Row>>(&resp(200, empty), Expect::Query, false).unwrap(),
            None
        );
        let e = decode::<Vec<Row>>(&resp(200, empty), Expect::Insert, false).unwrap_err();
        assert_eq!((e.code(), e.biller_code()), ("biller", Some("CODE_000")));
        assert_eq!(e.biller_message(), Some("NO EXISTE"));
    }

    #[test]
    fn field_errors_survive_the_error_type() {
        let body = r#"{"codrespuesta":"CODE_002","mensaje":"LOS PARAMETROS: {raro}","entidadRespuesta":{"idpago.0":["El campo idpago.0 debe ser un entero."],"x":"uno"}}"#;
        let e = decode::<Vec<Row>>(&resp(200, body), Expect::Query, false).unwrap_err();
        assert_eq!(e.code(), "biller");
        assert!(
            e.biller_message()
                .unwrap()
                .starts_with("LOS PARAMETROS: {raro}: {")
        );
        let fields = FieldErrors::from_error(&e).unwrap();
        assert_eq!(
            fields.get("idpago.0").unwrap(),
            ["El campo idpago.0 debe ser un entero."]
        );
        assert_eq!(fields.get("x").unwrap(), ["uno"]);
        assert!(CallError::from_error(&e).is_none());
    }

    #[test]
    fn token_rejections_are_auth_errors() {
        let body = r#"{"codrespuesta":"CODE_003","mensaje":"ERROR","entidadRespuesta":{"tipoError":"TokenExpiredException","info":"expirado"}}"#;
        let e = decode::<Vec<Row>>(&resp(200, body), Expect::Query, false).unwrap_err();
        assert_eq!((e.code(), e.biller_code()), ("auth", Some("CODE_003")));
        assert_eq!(
            CallError::from_error(&e).unwrap().tipo_error,
            "TokenExpiredException"
        );
        let body = r#"{"codrespuesta":"CODE_002","mensaje":"X","entidadRespuesta":{"token":["El campo token es obligatorio."]}}"#;
        let e = decode::<Vec<Row>>(&resp(200, body), Expect::Query, false).unwrap_err();
        assert_eq!(e.code(), "auth");
        assert!(FieldErrors::from_error(&e).unwrap().names_token());
        let body = r#"{"codrespuesta":"CODE_003","mensaje":"ERROR","entidadRespuesta":{"tipoError":"NotFoundHttpException","info":"No existe"}}"#;
        let e = decode::<Vec<Row>>(&resp(200, body), Expect::Query, false).unwrap_err();
        assert_eq!(e.code(), "biller");
        let e = decode::<Vec<Row>>(&resp(401, "{}"), Expect::Query, false).unwrap_err();
        assert_eq!(e.code(), "auth");
    }

    #[test]
    fn garbage_and_http_failures() {
        let e = decode::<Vec<Row>>(
            &resp(200, r#"{"codrespuesta":"COD_0"#),
            Expect::Query,
            false,
        )
        .unwrap_err();
        assert_eq!(e.code(), "decode");
        assert!(e.may_have_reached_biller());
        let e = decode::<Vec<Row>>(&resp(500, "oops"), Expect::Query, false).unwrap_err();
        assert_eq!(e.http_status(), Some(500));
        let e = decode::<Vec<Row>>(
            &resp(
                200,
                r#"{"codrespuesta":"COD_000","entidadRespuesta":{"n":"secret-ish"}}"#,
            ),
            Expect::Query,
            true,
        )
        .unwrap_err();
        assert!(!format!("{e}{e:?}").contains("secret-ish"));
    }
}
