//! The simulated Cooplan's settings (its part of [`crate::SimConfig`]).

/// How the simulated Cooplan is set up.
#[derive(Clone, Debug)]
pub struct CooplanSimConfig {
    /// `CodSeguridad` the token service accepts.
    pub cod_seguridad: String,
    /// `Login` the token service accepts.
    pub login: String,
    /// `Pwd` the token service accepts.
    pub pwd: String,
    /// Token lifetime, in seconds of simulated time.
    pub token_ttl_secs: i64,
    /// HTTP status of the reply to a missing, unknown or expired token (its body is always the
    /// envelope with `error: 401`). 200 simulates a biller that reports it in the envelope only.
    pub expired_token_http_status: u16,
}

impl Default for CooplanSimConfig {
    fn default() -> Self {
        CooplanSimConfig {
            cod_seguridad: "codseg-de-prueba".to_owned(),
            login: "recaudador-de-prueba".to_owned(),
            pwd: "pwd-de-prueba".to_owned(),
            token_ttl_secs: 3600,
            expired_token_http_status: 401,
        }
    }
}
