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

use std::fmt;
use std::time::Duration;

use serde::de::IgnoredAny;

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
            .filter_map(|p| crate::wire::string_at(&self.reply, p))
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
