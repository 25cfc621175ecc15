//! Unicobros' authorisation: both static keys, `x-api-key` and `x-access-token`, on every call.

use hyper::StatusCode;
use serde_json::json;

use super::config::UnicobrosSimConfig;
use super::state::State;
use crate::biller::{Call, SimResponse};

impl Call<'_, UnicobrosSimConfig> {
    /// Both static credentials must match, and the access token must not be revoked.
    pub(super) fn authorize(&self, st: &State) -> Result<(), SimResponse> {
        let header = |name: &str| {
            self.req
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
        };
        let key_ok = header("x-api-key") == self.config.api_key;
        let token_ok = header("x-access-token") == self.config.access_token && !st.token_revoked;
        if key_ok && token_ok {
            return Ok(());
        }
        let error = if key_ok {
            self.say(
                "Token de acceso inválido o vencido",
                "Invalid or expired access token",
            )
        } else {
            self.say("API key inválida", "Invalid API key")
        };
        Err(SimResponse::json(
            StatusCode::UNAUTHORIZED,
            &json!({"result": false, "error": error}),
        ))
    }
}
