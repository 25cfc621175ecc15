//! Zoom's authorisation: the `token` field, issued by `LoginGenUEWs` or the control API.

use std::collections::BTreeMap;

use super::config::ZoomSimConfig;
use super::fields::ZoomFields;
use super::reply::{call_error, invalid_parameters};
use super::rules;
use super::state::State;
use crate::biller::{Call, SimResponse};
use crate::tokens::TokenCheck;

impl Call<'_, ZoomSimConfig> {
    /// The `token` field: missing is `CODE_002`; unknown or expired is `CODE_003` with the
    /// JWT library's exception (the simulator's choice; the document is silent).
    pub(super) fn authorize(&self, st: &State, fields: &ZoomFields) -> Result<(), SimResponse> {
        let Some(token) = fields.text("token") else {
            return Err(invalid_parameters(BTreeMap::from([(
                "token".to_owned(),
                vec![rules::required("token")],
            )])));
        };
        match st.tokens.check(token, self.now) {
            TokenCheck::Valid => Ok(()),
            TokenCheck::Expired => Err(call_error("TokenExpiredException", "El token ha expirado")),
            TokenCheck::Unknown => Err(call_error("TokenInvalidException", "El token es inválido")),
        }
    }
}
