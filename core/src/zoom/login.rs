//! `LoginGenUEWs`: the token every other service takes in its `token` field.
//!
//! Not documented in Zoom's document beyond its name. Public integrations post `login` and
//! `claveenc` and read `entidadRespuesta.token` (and `entidadRespuesta.codusuario`); the
//! document refers to its `user_id` and `usuario_externo` for `createPagoWs`' `codusuario` and
//! `tipousuario`. All four are read when present (a guess about the reply's shape). Any
//! refusal (any code but success, including `CODE_000` "no such user") is an `auth` error.
//! No error from this service ever carries a snippet of its body, which holds the token.

use std::time::Duration;

use serde::Deserialize;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::secret::Secret;
use crate::token_cache::IssuedToken;
use crate::validate;

use super::body::Body;
use super::config::ZoomConfig;
use super::envelope::{Expect, decode};
use super::kinds::UserType;

/// The login request: the configured credentials.
#[derive(Debug, Clone)]
pub struct LoginRequest {
    /// The user's login (`login`).
    pub login: String,
    /// The user's password (`claveenc`).
    pub password: Secret,
}

/// `entidadRespuesta` of a successful login.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct LoginResponse {
    /// The token every other service takes (`token`).
    pub token: Secret,
    /// The user's code (`codusuario`), when the reply carries it.
    #[serde(with = "crate::wire::text_opt", default)]
    pub codusuario: Option<String>,
    /// The user's id (`user_id`): what `createPagoWs`' `codusuario` takes.
    #[serde(with = "crate::wire::text_opt", default)]
    pub user_id: Option<String>,
    /// The user's type (`tipousuario`), when the reply carries it.
    #[serde(with = "crate::wire::text_opt", default)]
    pub tipousuario: Option<String>,
    /// The user's kind (`usuario_externo`, `GE` or `UCI`): what `createPagoWs`' `tipousuario`
    /// takes.
    #[serde(with = "crate::wire::text_opt", default)]
    pub usuario_externo: Option<String>,
    /// The user's name (`nombre`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub nombre: Option<String>,
}

impl LoginResponse {
    /// The user id for `codusuario`: `codusuario`, else `user_id`.
    pub fn user_id(&self) -> Option<String> {
        [&self.codusuario, &self.user_id]
            .into_iter()
            .flatten()
            .map(|s| s.trim().to_owned())
            .find(|s| !s.is_empty())
    }

    /// The user type for `tipousuario`: `tipousuario`, else `usuario_externo`, when it is `GE`
    /// or `UCI`.
    pub fn user_type(&self) -> Option<UserType> {
        [&self.tipousuario, &self.usuario_externo]
            .into_iter()
            .flatten()
            .find_map(|s| s.parse().ok())
    }

    /// The token with the configured lifetime (the login does not say how long it lasts).
    pub fn issued_token(&self, lifetime: Duration) -> IssuedToken {
        IssuedToken {
            value: self.token.clone(),
            lifetime,
        }
    }
}

impl Endpoint for LoginRequest {
    type Config = ZoomConfig;
    type Response = LoginResponse;
    const NAME: &'static str = "LoginGenUEWs";
    const AUTHENTICATED: bool = false;

    fn to_http(&self, config: &ZoomConfig) -> Result<HttpRequest, Error> {
        validate::text("login", &self.login, 128)?;
        if self.password.is_empty() {
            return Err(Error::Config(
                "the Zoom password (claveenc) is empty".into(),
            ));
        }
        Body::new()
            .text("login", self.login.trim())
            .text("claveenc", self.password.expose())
            .post(config.base_url.join(&config.paths.login)?, config.encoding)
    }

    fn decode(response: &HttpResponse) -> Result<LoginResponse, Error> {
        let reply = match decode::<LoginResponse>(response, Expect::Insert, true) {
            Ok(reply) => reply,
            Err(Error::Biller {
                biller_code,
                biller_message,
                http_status,
            }) => {
                return Err(Error::Auth {
                    http_status,
                    biller_code: Some(biller_code),
                    biller_message: Some(biller_message),
                });
            }
            Err(e) => return Err(e),
        };
        match reply {
            Some(r) if !r.token.expose().trim().is_empty() => Ok(r),
            _ => Err(Error::Decode {
                reason: "login reply without a token".into(),
                snippet: "<reply withheld: it may hold a token>".into(),
                http_status: response.status,
            }),
        }
    }
}
