//! Unicomer's authorisation: the OAuth bearer token `token` issued (see `token.rs`).

use hyper::StatusCode;

use super::config::UnicomerSimConfig;
use super::state::State;
use crate::biller::{Call, SimResponse};
use crate::tokens::bearer;

impl Call<'_, UnicomerSimConfig> {
    /// `Authorization: Bearer <token>` with a token issued, not expired on the simulated
    /// clock and not invalidated; otherwise ASP.NET's 401.
    pub(super) fn authorize(&self, st: &State) -> Result<(), SimResponse> {
        let token = self
            .req
            .headers
            .get(hyper::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer);
        if st.tokens.accepts(token, self.now) {
            Ok(())
        } else {
            Err(SimResponse::json(
                StatusCode::UNAUTHORIZED,
                &serde_json::json!({"Message": "Authorization has been denied for this request."}),
            ))
        }
    }
}
