//! The simulated Zoom's settings (its part of [`crate::SimConfig`]).

/// How the simulated Zoom is set up. Every value is invented.
#[derive(Clone, Debug)]
pub struct ZoomSimConfig {
    /// `login` LoginGenUEWs accepts.
    pub login: String,
    /// `claveenc` LoginGenUEWs accepts.
    pub password: String,
    /// The user's id (`codusuario`, also given as `user_id`).
    pub codusuario: i64,
    /// The user's type (`usuario_externo`, `tipousuario`): `GE` or `UCI`.
    pub usuario_externo: String,
    /// The user's name.
    pub nombre: String,
    /// The user's client code (`codcliente` filter).
    pub codcliente: i64,
    /// The user's office (`codoficina` filter).
    pub codoficina: i64,
    /// Token lifetime, in seconds of simulated time.
    pub token_ttl_secs: i64,
}

impl Default for ZoomSimConfig {
    fn default() -> Self {
        ZoomSimConfig {
            login: "recaudador@recaudo.test".to_owned(),
            password: "clave-de-prueba-123".to_owned(),
            codusuario: 6001,
            usuario_externo: "GE".to_owned(),
            nombre: "RECAUDADOR DE PRUEBA".to_owned(),
            codcliente: 100_000_001,
            codoficina: 46,
            token_ttl_secs: 3600,
        }
    }
}
