//! Cooplan's authorisation: `Bearer <token>` from `api/token`, in the header(s) the reading
//! `cooplan.auth_header` reads.

use hyper::StatusCode;

use super::config::CooplanSimConfig;
use super::reply::Envelope;
use super::state::State;
use crate::biller::{Call, SimResponse};
use crate::tokens::bearer;

impl Call<'_, CooplanSimConfig> {
    /// `Bearer <token>` with a token issued and not expired, in the header(s) the reading
    /// `cooplan.auth_header` reads: `Authorization`, `autorizacion` or either.
    pub(super) fn authorize(&self, st: &State) -> Result<(), SimResponse> {
        let headers: &[&str] = match self.readings.get("cooplan.auth_header") {
            "autorizacion" => &["autorizacion"],
            "authorization" => &["authorization"],
            _ => &["authorization", "autorizacion"],
        };
        let token = headers
            .iter()
            .filter_map(|name| self.req.headers.get(*name))
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| bearer(v).map(|t| t.trim_matches('"')));
        if st.tokens.accepts(token, self.now) {
            return Ok(());
        }
        let status = StatusCode::from_u16(self.config.expired_token_http_status)
            .unwrap_or(StatusCode::UNAUTHORIZED);
        Err(SimResponse::json(
            status,
            &Envelope::error(401, "Token inválido o expirado", "Unauthorized"),
        ))
    }
}
