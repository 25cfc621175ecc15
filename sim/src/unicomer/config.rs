//! The simulated Unicomer's settings (its part of [`crate::SimConfig`]).

/// Settings of the simulated Unicomer.
#[derive(Clone, Debug)]
pub struct UnicomerSimConfig {
    /// OAuth user name the token endpoint accepts.
    pub username: String,
    /// OAuth password the token endpoint accepts.
    pub password: String,
    /// The collector's `idcommerce`; requests for any other commerce are refused.
    pub commerce: String,
    /// Token lifetime (`expires_in`), in seconds of simulated time.
    pub token_ttl_secs: i64,
    /// A registered payment reads as synchronised (no longer reversible) after this many
    /// seconds of simulated time.
    pub sync_window_secs: i64,
}

impl Default for UnicomerSimConfig {
    fn default() -> Self {
        UnicomerSimConfig {
            username: "cajero@recaudo.test".to_owned(),
            password: "fake-password-123".to_owned(),
            commerce: "EMPTEST".to_owned(),
            // The document's `expires_in`: 14 days minus one second.
            token_ttl_secs: 1_209_599,
            // "espera 3 minutos antes de sincronizar la transacción original".
            sync_window_secs: 180,
        }
    }
}

/// Display name of the collector in `conciliacion` records (`comercio`).
pub(crate) const COMMERCE_NAME: &str = "RECAUDADOR DE PRUEBA";
