//! GeneraToken (SG-01): `POST {base}/token`, form-encoded password grant.
//!
//! The reply is ASP.NET OAuth's: `access_token`, `token_type`, `expires_in` (seconds, about 14
//! days), `userName`, `.issued`, `.expires`. Expiry is taken from `expires_in` on our clock; the
//! `.issued`/`.expires` texts are kept for display only. A refused grant answers HTTP 400 with
//! `{"error": "invalid_grant", "error_description": ...}`.

use std::time::Duration;

use serde::Deserialize;

use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::secret::Secret;
use crate::token_cache::IssuedToken;

use super::config::UnicomerConfig;
use crate::endpoint::Endpoint;
use crate::validate;

/// The token request: the configured credentials.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    /// The API user (`username`).
    pub username: String,
    /// The API user's password (`password`).
    pub password: Secret,
}

/// The token service's reply (OAuth).
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct TokenResponse {
    /// The bearer token (`access_token`), sent as `Authorization: Bearer` on every other call.
    pub access_token: Secret,
    /// `bearer` (`token_type`).
    #[serde(with = "crate::wire::text_or_empty", default)]
    pub token_type: String,
    /// The token's lifetime in seconds (`expires_in`); what the token is refreshed by.
    #[serde(with = "crate::wire::int")]
    pub expires_in: i64,
    /// The API user the token was issued to (`userName`).
    #[serde(rename = "userName", with = "crate::wire::text_opt", default)]
    pub user_name: Option<String>,
    /// When it was issued (`.issued`, an HTTP date), kept as text and not used.
    #[serde(rename = ".issued", with = "crate::wire::text_opt", default)]
    pub issued: Option<String>,
    /// When it expires (`.expires`, an HTTP date), kept as text and not used: `expires_in` is.
    #[serde(rename = ".expires", with = "crate::wire::text_opt", default)]
    pub expires: Option<String>,
}

impl TokenResponse {
    /// The token and its lifetime, for the client's token cache.
    pub fn issued_token(&self) -> IssuedToken {
        IssuedToken {
            value: self.access_token.clone(),
            lifetime: Duration::from_secs(self.expires_in.max(0) as u64),
        }
    }
}

impl Endpoint for TokenRequest {
    type Config = UnicomerConfig;
    const NAME: &'static str = "token";
    const AUTHENTICATED: bool = false;
    type Response = TokenResponse;

    fn to_http(&self, config: &UnicomerConfig) -> Result<HttpRequest, Error> {
        validate::text("username", &self.username, 256)?;
        if self.password.is_empty() {
            return Err(Error::Config("the Unicomer password is empty".into()));
        }
        HttpRequest::new(Method::Post, config.base_url.join(&config.paths.token)?).form(&[
            ("username", self.username.as_str()),
            ("password", self.password.expose()),
            ("grant_type", "password"),
        ])
    }

    /// Never keeps a snippet of the body: a token reply holds the token.
    fn decode(response: &HttpResponse) -> Result<TokenResponse, Error> {
        #[derive(Deserialize)]
        struct Refusal {
            error: String,
            #[serde(default)]
            error_description: Option<String>,
        }
        if response.status == 400 || response.status == 401 {
            let refusal = crate::wire::from_body::<Refusal>(&response.body).ok();
            return Err(Error::Auth {
                http_status: response.status,
                biller_code: refusal.as_ref().map(|r| r.error.clone()),
                biller_message: refusal.and_then(|r| r.error_description),
            });
        }
        if !response.is_success() {
            return Err(Error::HttpStatus {
                http_status: response.status,
                snippet: WITHHELD.into(),
            });
        }
        let token: TokenResponse =
            crate::wire::from_body(&response.body).map_err(|e| Error::Decode {
                reason: format!("token reply: {}", e.classify_text()),
                snippet: WITHHELD.into(),
                http_status: response.status,
            })?;
        if token.access_token.is_empty() || token.expires_in <= 0 {
            return Err(Error::Decode {
                reason: "token reply without a usable token or lifetime".into(),
                snippet: WITHHELD.into(),
                http_status: response.status,
            });
        }
        Ok(token)
    }
}

/// What stands for the body in errors about token replies, which may hold the token or echo
/// the password.
const WITHHELD: &str = "<token reply withheld>";

/// serde_json errors can quote the offending input; keep only the category and position.
trait ClassifyText {
    fn classify_text(&self) -> String;
}

impl ClassifyText for serde_json::Error {
    fn classify_text(&self) -> String {
        format!(
            "{:?} error at line {} column {}",
            self.classify(),
            self.line(),
            self.column()
        )
    }
}
