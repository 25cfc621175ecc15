//! The token service (section 2.1 of the document, announced in its index but missing from its
//! body). Everything here is a guess, and configurable through
//! [`super::TokenService`] and [`super::Paths::token`]:
//!
//! - `POST api/token` with the three credentials as `CodSeguridad`, `Login`, `Pwd`, in the
//!   configured body encoding (JSON by default), like every other endpoint;
//! - the reply is the usual envelope; the token is the first non-empty string found at
//!   `/values/accessToken`, `/values/token` or `/values` (JSON pointers into the reply);
//! - an error envelope (or HTTP 401/403) is a refusal of the credentials: [`Error::Auth`].
//!
//! The reply holds the token, so nothing here ever keeps a snippet of its body, and
//! [`TokenReply`]'s `Debug` shows nothing of it.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::secret::Secret;
use crate::token_cache::IssuedToken;
use crate::validate;

use super::body::{Scalar, post};
use super::config::CooplanConfig;
use super::envelope::{Snippet, check};

/// The token request: the configured credentials.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    /// `CodSeguridad`.
    pub cod_seguridad: Secret,
    /// `Login`.
    pub login: String,
    /// `Pwd`.
    pub pwd: Secret,
}

/// A successful token reply. The token is read with [`TokenReply::token`] at the configured
/// locations, because where it sits is itself a guess.
#[derive(Clone)]
pub struct TokenReply {
    /// The reply's JSON text, checked to be JSON when it was read.
    reply: String,
    http_status: u16,
    /// The envelope's `message`, verbatim.
    pub message: String,
}

impl fmt::Debug for TokenReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenReply")
            .field("reply", &"<withheld>")
            .field("message", &self.message)
            .finish()
    }
}

impl TokenReply {
    /// The first non-empty string at one of `pointers` (JSON pointers into the whole reply).
    pub fn token(&self, pointers: &[String]) -> Result<Secret, Error> {
        pointers
            .iter()
            .filter_map(|p| string_at(&self.reply, p))
            .find_map(|t| Some(t.trim()).filter(|t| !t.is_empty()).map(Secret::new))
            .ok_or_else(|| Error::Decode {
                reason: format!(
                    "token reply without a token at {}",
                    if pointers.is_empty() {
                        "any configured location (none configured)".to_owned()
                    } else {
                        pointers.join(", ")
                    }
                ),
                snippet: "<token reply withheld>".into(),
                http_status: self.http_status,
            })
    }

    /// The token with the configured lifetime (the reply states none that is documented).
    pub fn issued_token(
        &self,
        pointers: &[String],
        lifetime: Duration,
    ) -> Result<IssuedToken, Error> {
        Ok(IssuedToken {
            value: self.token(pointers)?,
            lifetime,
        })
    }
}

/// The string at a JSON pointer into JSON text, read as `serde_json::Value::pointer` reads one
/// (RFC 6901: `~1` is `/`, `~0` is `~`, a list index without sign or leading zero), `None`
/// where nothing is or it is not a string. Each step reads only the object or list it passes
/// through, as raw text: no `serde_json::Value` (its reader and maps would be in the browser
/// bundle for this alone).
fn string_at(text: &str, pointer: &str) -> Option<String> {
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return None;
    }
    let mut here = text;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next: &RawValue = match here.trim_start().as_bytes().first()? {
            b'{' => crate::wire::from_text::<BTreeMap<String, &RawValue>>(here)
                .ok()?
                .remove(&token)?,
            b'[' => {
                if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
                    return None;
                }
                let index: usize = token.parse().ok()?;
                crate::wire::from_text::<Vec<&RawValue>>(here)
                    .ok()?
                    .into_iter()
                    .nth(index)?
            }
            _ => return None,
        };
        here = next.get();
    }
    crate::wire::from_text::<String>(here).ok()
}

impl Endpoint for TokenRequest {
    type Config = CooplanConfig;
    type Response = TokenReply;
    const NAME: &'static str = "token";
    const AUTHENTICATED: bool = false;

    fn to_http(&self, config: &CooplanConfig) -> Result<HttpRequest, Error> {
        if self.cod_seguridad.is_empty() {
            return Err(Error::Config("the Cooplan CodSeguridad is empty".into()));
        }
        if self.pwd.is_empty() {
            return Err(Error::Config("the Cooplan Pwd is empty".into()));
        }
        validate::text("Login", &self.login, 128).map_err(|e| Error::Config(e.to_string()))?;
        let t = &config.token_service;
        post(
            config,
            &config.paths.token,
            &[
                (
                    t.cod_seguridad_field.as_str(),
                    Scalar::Text(self.cod_seguridad.expose().to_owned()),
                ),
                (t.login_field.as_str(), Scalar::Text(self.login.clone())),
                (
                    t.pwd_field.as_str(),
                    Scalar::Text(self.pwd.expose().to_owned()),
                ),
            ],
        )
    }

    /// Never keeps a snippet of the body: a token reply holds the token.
    fn decode(response: &HttpResponse) -> Result<TokenReply, Error> {
        if response.status == 403 {
            return Err(Error::Auth {
                http_status: 403,
                biller_code: None,
                biller_message: None,
            });
        }
        let env = check(response, Snippet::Withhold).map_err(|e| match e {
            // Refused credentials: the token service's business error is an auth failure.
            Error::Biller {
                biller_code,
                biller_message,
                http_status,
            } => Error::Auth {
                http_status,
                biller_code: Some(biller_code),
                biller_message: Some(biller_message),
            },
            other => other,
        })?;
        crate::wire::from_body::<IgnoredAny>(&response.body).map_err(|e| Error::Decode {
            reason: format!("token reply: {:?} error", e.classify()),
            snippet: "<token reply withheld>".into(),
            http_status: response.status,
        })?;
        Ok(TokenReply {
            // UTF-8: `from_body` has just read it as text.
            reply: String::from_utf8_lossy(&response.body).into_owned(),
            http_status: response.status,
            message: env.message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_read_as_serde_json_value_reads_them() {
        let text = r#" {"values": {"accessToken": " t-1 ", "token": 7, "a/b": "slash",
            "m~n": "tilde", "list": ["zero", {"x": "one"}, null], "": "empty key",
            "esc\"aped": "q\u00e9"}, "values2": "plain", "dup": "first", "dup": "last"} "#;
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        for pointer in [
            "", "/values/accessToken", "/values/token", "/values", "/values2", "/values/a~1b",
            "/values/m~0n", "/values/list/0", "/values/list/1/x", "/values/list/2",
            "/values/list/3", "/values/list/01", "/values/list/+1", "/values/list/-1",
            "/values/", "/values/esc\"aped", "/dup", "values", "/missing", "/values2/x",
            "/values/list/1/x/y",
        ] {
            let theirs = value.pointer(pointer).and_then(|v| v.as_str()).map(str::to_owned);
            assert_eq!(string_at(text, pointer), theirs, "{pointer:?}");
        }
        assert_eq!(string_at(r#"["a", "b"]"#, "/1").as_deref(), Some("b"));
        assert_eq!(string_at(r#""whole""#, "").as_deref(), Some("whole"));
    }

    #[test]
    fn the_token_is_the_first_non_empty_string_found() {
        let reply = TokenReply {
            reply: r#"{"values": {"accessToken": "  ", "token": "t-2"}}"#.into(),
            http_status: 200,
            message: String::new(),
        };
        let pointers = ["/values/accessToken", "/values/token", "/values"].map(String::from);
        assert_eq!(reply.token(&pointers).unwrap().expose(), "t-2");
        let e = reply.token(&pointers[..1]).unwrap_err();
        assert!(e.to_string().contains("/values/accessToken"), "{e}");
        assert!(!format!("{reply:?}").contains("t-2"));
    }
}
