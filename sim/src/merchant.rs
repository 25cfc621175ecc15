//! A tiny merchant backend, under `/merchant/{biller}/...`, for the browser set-up where the
//! page holds no biller credential.
//!
//! A real checkout page must not carry a merchant's biller credentials. Instead it points its
//! client at the merchant's own backend, sends its own session with every request, and the
//! backend forwards the call to the biller with the credentials filled in. This module is a
//! working example of such a backend (and what the browser tests use to prove a page with no
//! credentials can pay):
//!
//! - every request must carry `x-merchant-session` equal to [`MerchantConfig::session`]
//!   (default `sesion-de-prueba`), else HTTP 401 and nothing is forwarded;
//! - the session header is removed, and the biller's credentials are put in: Unicomer's
//!   `token` form (`username`, `password`), Zoom's `LoginGenUEWs` (`login`, `claveenc`),
//!   Cooplan's `api/token` (`CodSeguridad`, `Login`, `Pwd`), Unicobros' `x-api-key` and
//!   `x-access-token` headers on every call, whatever the page sent in their place (each
//!   biller declares its own, `SimBiller::credentials`, and the backend takes them from the
//!   registry);
//! - then the request goes to the simulated biller exactly like a direct one (faults
//!   included), and its reply goes back unchanged. The token the biller issues is the
//!   session's; the passwords never reach the page.

use std::collections::BTreeMap;

use hyper::header::{HeaderName, HeaderValue};
use hyper::{HeaderMap, StatusCode};
use serde_json::value::RawValue;

use crate::SimConfig;
use crate::biller::{SimRequest, SimResponse};
use crate::registry::{CredentialsAt, SimCredentials, billers_of};

/// The header a page sends its session in.
pub const SESSION_HEADER: &str = "x-merchant-session";

/// The backend's settings: the one session it accepts and the credentials it holds.
#[derive(Clone, Debug)]
pub struct MerchantConfig {
    /// The session value pages must send in `x-merchant-session`.
    pub session: String,
}

impl Default for MerchantConfig {
    fn default() -> Self {
        MerchantConfig {
            session: "sesion-de-prueba".to_owned(),
        }
    }
}

/// The backend as the server uses it: the session plus the billers' credentials.
pub(crate) struct MerchantBackend {
    session: String,
    /// Each biller's credentials, from the registry: `(biller, credentials)`.
    credentials: Vec<(&'static str, SimCredentials)>,
}

impl MerchantBackend {
    pub(crate) fn new(config: &SimConfig) -> Self {
        MerchantBackend {
            session: config.merchant.session.clone(),
            credentials: billers_of(config)
                .into_iter()
                .map(|b| (b.id, b.credentials))
                .collect(),
        }
    }

    /// Whether the request carries the backend's session.
    pub(crate) fn admits(&self, headers: &HeaderMap) -> bool {
        headers
            .get(SESSION_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == self.session)
    }

    /// Puts the biller's credentials into a request bound for `biller`'s `endpoint`: headers
    /// on every call, body fields on the login that takes them.
    pub(crate) fn fill(&self, biller: &str, endpoint: &str, req: &mut SimRequest) {
        req.headers.remove(SESSION_HEADER);
        for (_, credentials) in self.credentials.iter().filter(|(b, _)| *b == biller) {
            match credentials.at {
                CredentialsAt::EveryCall => {
                    for (name, value) in &credentials.values {
                        let name = HeaderName::from_bytes(name.as_bytes());
                        if let (Ok(n), Ok(v)) = (name, HeaderValue::from_str(value)) {
                            req.headers.insert(n, v);
                        }
                    }
                }
                CredentialsAt::Login(login) if login == endpoint => {
                    req.body = with_fields(req, &credentials.values).into();
                }
                CredentialsAt::Login(_) => {}
            }
        }
    }
}

/// The reply to a request without the session.
pub(crate) fn unauthorized() -> SimResponse {
    SimResponse::json(
        StatusCode::UNAUTHORIZED,
        &serde_json::json!({"Message": "merchant session required (x-merchant-session)"}),
    )
}

/// The body with `fields` set (replacing any of the same name, case-insensitively), in the
/// body's own encoding: a form stays a form, anything else is taken as a JSON object.
fn with_fields(req: &SimRequest, fields: &[(&'static str, String)]) -> Vec<u8> {
    let named = |k: &str| fields.iter().any(|(f, _)| f.eq_ignore_ascii_case(k));
    if req.is_form() {
        let mut pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&req.body).unwrap_or_default();
        pairs.retain(|(k, _)| !named(k));
        pairs.extend(fields.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
        serde_urlencoded::to_string(pairs)
            .unwrap_or_default()
            .into_bytes()
    } else {
        // Every other value kept as its raw text: an amount is not re-read as a double.
        let mut object: BTreeMap<String, Box<RawValue>> =
            serde_json::from_slice(&req.body).unwrap_or_default();
        object.retain(|k, _| !named(k));
        for (k, v) in fields {
            if let Ok(v) = serde_json::value::to_raw_value(v) {
                object.insert((*k).to_owned(), v);
            }
        }
        serde_json::to_vec(&object).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(content_type: &str, body: &str) -> SimRequest {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_str(content_type).unwrap());
        headers.insert(SESSION_HEADER, HeaderValue::from_static("sesion-de-prueba"));
        SimRequest {
            method: hyper::Method::POST,
            path: String::new(),
            query: String::new(),
            headers,
            body: body.as_bytes().to_vec().into(),
        }
    }

    #[test]
    fn fills_in_credentials_in_the_bodys_own_encoding() {
        let config = SimConfig::default();
        let backend = MerchantBackend::new(&config);
        assert!(backend.admits(&request("application/json", "{}").headers));
        assert!(!backend.admits(&HeaderMap::new()));

        let mut form = request(
            "application/x-www-form-urlencoded",
            "username=via-backend&password=via-backend&grant_type=password",
        );
        backend.fill("unicomer", "token", &mut form);
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&form.body).unwrap();
        assert!(pairs.contains(&("grant_type".into(), "password".into())));
        assert!(pairs.contains(&("username".into(), config.unicomer.username.clone())));
        assert!(pairs.contains(&("password".into(), config.unicomer.password.clone())));
        assert!(!form.headers.contains_key(SESSION_HEADER));

        let mut json = request("application/json", r#"{"codseguridad":"x","Login":"y"}"#);
        backend.fill("cooplan", "token", &mut json);
        let v: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
        assert_eq!(v["CodSeguridad"], config.cooplan.cod_seguridad.as_str());
        assert_eq!(v["Pwd"], config.cooplan.pwd.as_str());
        assert!(v.get("codseguridad").is_none());

        let mut call = request("application/json", "{}");
        backend.fill("unicobros", "coupons", &mut call);
        assert_eq!(
            call.headers.get("x-api-key").unwrap(),
            config.unicobros.api_key.as_str()
        );
        // Other endpoints' bodies are forwarded untouched.
        let mut other = request("application/json", r#"{"cliente":"1"}"#);
        backend.fill("unicomer", "estadocuenta", &mut other);
        assert_eq!(&other.body[..], br#"{"cliente":"1"}"#);
    }
}
