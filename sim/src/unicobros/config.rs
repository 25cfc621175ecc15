//! The simulated Unicobros' settings (its part of [`crate::SimConfig`]).

/// How the simulated Unicobros is set up.
#[derive(Clone, Debug)]
pub struct UnicobrosSimConfig {
    /// The `x-api-key` it accepts.
    pub api_key: String,
    /// The `x-access-token` it accepts.
    pub access_token: String,
    /// Number reply pages from 1, as the document's example does (`"page": 1` for `page=0`);
    /// false numbers them from 0. Requests count from 0 either way.
    pub one_based_reply_pages: bool,
}

impl Default for UnicobrosSimConfig {
    fn default() -> Self {
        UnicobrosSimConfig {
            api_key: "api-key-de-prueba".to_owned(),
            access_token: "access-token-de-prueba".to_owned(),
            one_based_reply_pages: true,
        }
    }
}
