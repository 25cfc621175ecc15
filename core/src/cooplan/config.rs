//! How to reach Cooplan and the choices its document leaves open (each one a field here, so a
//! deployment that learns the real answer changes configuration, not code).

use std::time::Duration;

use chrono::FixedOffset;

use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::recovery::{RecoveryPolicy, RefusalCheck};
use crate::retry::RetryPolicy;
use crate::secret::Secret;

/// The shortest wait before asking Cooplan about a write whose reply was lost, whatever the
/// configuration says (a guess at its latency; recovery also asks twice before any resend).
pub const SETTLE_FLOOR: Duration = Duration::from_secs(1);

/// The URIs the document lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// `https://servicioscooplan.pagofacil.com.bo/`
    Sandbox,
    /// `http://servicioscooplan.pagofacil.com.bo/`: plain HTTP, as the document prints it. The
    /// token, the credentials and every payment would travel in clear, so it is refused unless
    /// the caller allows insecure HTTP explicitly ([`CooplanConfig::live`]).
    Live,
}

impl Environment {
    /// The environment's base URL, as the document prints it.
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Sandbox => "https://servicioscooplan.pagofacil.com.bo/",
            Environment::Live => "http://servicioscooplan.pagofacil.com.bo/",
        }
    }
}

/// The three keys Cooplan gives the merchant ("credenciales provistos por Cooplan al
/// Comercio"). The document calls all three "la llave de integración del comercio", so all
/// three are kept as secrets except `login`, which is an account name.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// `CodSeguridad`, sent to the token service.
    pub cod_seguridad: Secret,
    /// `Login`, sent to the token service; an account name, not a secret.
    pub login: String,
    /// `Pwd`, sent to the token service.
    pub pwd: Secret,
}

/// The shared body encoding, re-exported where Cooplan's configuration has always named it.
pub use crate::http::BodyEncoding;

/// How a JSON body writes a value the document shows in two types. In a form body every value
/// is text anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonScalar {
    /// `145.70`, `23456422`
    Number,
    /// `"145.70"`, `"23456422"`
    Text,
}

/// Endpoint paths under the base URL. The token path is a guess (the section is missing from
/// the document); the others are the document's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The token service (`api/token`, a guess: the section is missing from the document).
    pub token: String,
    /// `api/buscarcliente` (2.2).
    pub buscar_cliente: String,
    /// `api/consultardeuda` (2.3).
    pub consultar_deuda: String,
    /// `api/realizarpago` (2.4).
    pub realizar_pago: String,
    /// `api/imprimirfactura` (2.5).
    pub imprimir_factura: String,
    /// `api/reportecobranzas` (2.6).
    pub reporte_cobranzas: String,
    /// `api/revertirpago` (the second 2.6).
    pub revertir_pago: String,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            token: "api/token".into(),
            buscar_cliente: "api/buscarcliente".into(),
            consultar_deuda: "api/consultardeuda".into(),
            realizar_pago: "api/realizarpago".into(),
            imprimir_factura: "api/imprimirfactura".into(),
            reporte_cobranzas: "api/reportecobranzas".into(),
            revertir_pago: "api/revertirpago".into(),
        }
    }
}

/// The token service, which the document announces (section 2.1) but does not include: the
/// body's field names and where the reply holds the token are guesses, all configurable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenService {
    /// Body field carrying `CodSeguridad`.
    pub cod_seguridad_field: String,
    /// Body field carrying `Login`.
    pub login_field: String,
    /// Body field carrying `Pwd`.
    pub pwd_field: String,
    /// JSON pointers tried in order on the reply; the first that holds a non-empty string is
    /// the token. Default: `/values/accessToken` (what PagoFácil's MasterQR API, which shares
    /// this envelope, answers its login with), then `/values/token`, then `/values` itself
    /// (the envelope's `values` as a plain string, as `imprimirfactura` uses it).
    pub token_pointers: Vec<String>,
}

impl Default for TokenService {
    fn default() -> Self {
        TokenService {
            cod_seguridad_field: "CodSeguridad".into(),
            login_field: "Login".into(),
            pwd_field: "Pwd".into(),
            token_pointers: vec![
                "/values/accessToken".into(),
                "/values/token".into(),
                "/values".into(),
            ],
        }
    }
}

/// Everything a [`super::CooplanClient`] needs; every guess the module docs list has its
/// override here.
#[derive(Debug, Clone)]
pub struct CooplanConfig {
    /// Cooplan's base URL (see [`Environment`]); the endpoints' paths are joined to it.
    pub base_url: BaseUrl,
    /// The merchant's credentials for the token service.
    pub credentials: Credentials,
    /// Where each endpoint lives under the base URL.
    pub paths: Paths,
    /// How the token request is written and where the token is read in its reply.
    pub token_service: TokenService,
    /// Every request body, token included. The document only writes `Entrada: Contrato =
    /// "345"`. Default JSON (a guess: PagoFácil's other APIs take JSON); form is the
    /// alternative.
    pub encoding: BodyEncoding,
    /// `Monto` in a JSON body: a number with two decimals (`145.70`) as the document's example
    /// request shows a number (`Monto = 145.7`), or text as its replies write amounts.
    pub amount_json: JsonScalar,
    /// `IdCobranza` in a JSON body: text, as `realizarpago` returns it and `imprimirfactura`'s
    /// example sends it (`"4224330"`), or a number, as `revertirpago`'s example sends it.
    pub id_cobranza_json: JsonScalar,
    /// The headers carrying `Bearer <token>`. The document spells it `autorizacion` in two
    /// sections and `authorization` in one; a Cooplan that reads only one of them refuses every
    /// call without it, so both `Authorization` and `autorizacion` are sent by default.
    pub auth_headers: Vec<String>,
    /// Envelope `error` codes that mean "token refused" even under HTTP 200 (besides any HTTP
    /// 401). How Cooplan reports an expired token is undocumented: default `["401"]`.
    pub auth_error_codes: Vec<String>,
    /// How long a token is used before it is fetched again. Undocumented: default one hour, a
    /// guess; a token refused earlier is refreshed and the request replayed once anyway.
    pub token_lifetime: Duration,
    /// Replace the token this long before `token_lifetime` ends (capped at half of it).
    pub token_refresh_margin: Duration,
    /// Per-request timeout given to the transport.
    pub timeout: Duration,
    /// Retries for reads (token, buscarcliente, consultardeuda, imprimirfactura,
    /// reportecobranzas).
    pub retry: RetryPolicy,
    /// How a lost or garbled payment or reversal is resolved: how long to wait before asking
    /// (at least [`super::SETTLE_FLOOR`]) and how many sends are allowed.
    pub recovery: RecoveryPolicy,
    /// When recovering a lost `realizarpago`, a debt still listed as pending is enough to send
    /// it again even if the collections report cannot say (the document's report answers a
    /// plain string). Off by default: Cooplan documents no duplicate guard, so without the
    /// report's list a payment still in flight could be paid twice. See the module docs.
    pub recovery_trusts_debts_alone: bool,
    /// How far Cooplan's clock may be behind ours. A report row recorded more than this before
    /// our payment was first sent cannot be our payment (someone else paid the invoice earlier)
    /// and never confirms it.
    pub clock_tolerance: Duration,
    /// Cooplan's wall clock (Bolivia, UTC-4, no daylight saving): the report's `Fecha` and
    /// `FechaPagoEmpresa` are local time there.
    pub utc_offset: FixedOffset,
}

impl CooplanConfig {
    /// The documented sandbox (`https`).
    pub fn sandbox(credentials: Credentials) -> Self {
        let base = BaseUrl::parse(Environment::Sandbox.base_url(), false)
            .expect("the documented sandbox URL is valid https");
        Self::with_base(base, credentials)
    }

    /// The documented live URI, which is plain `http://`: refused with
    /// [`Error::InsecureUrl`] unless `allow_insecure_http` is set.
    pub fn live(credentials: Credentials, allow_insecure_http: bool) -> Result<Self, Error> {
        Self::with_base_url(
            Environment::Live.base_url(),
            allow_insecure_http,
            credentials,
        )
    }

    /// One of the documented environments.
    pub fn new(
        environment: Environment,
        credentials: Credentials,
        allow_insecure_http: bool,
    ) -> Result<Self, Error> {
        Self::with_base_url(environment.base_url(), allow_insecure_http, credentials)
    }

    /// Any base URL (a simulator, a proxy, a merchant backend). Plain `http://` is refused
    /// unless the host is this machine or `allow_insecure_http` is set.
    pub fn with_base_url(
        base_url: &str,
        allow_insecure_http: bool,
        credentials: Credentials,
    ) -> Result<Self, Error> {
        Ok(Self::with_base(
            BaseUrl::parse(base_url, allow_insecure_http)?,
            credentials,
        ))
    }

    fn with_base(base_url: BaseUrl, credentials: Credentials) -> Self {
        CooplanConfig {
            base_url,
            credentials,
            paths: Paths::default(),
            token_service: TokenService::default(),
            encoding: BodyEncoding::Json,
            amount_json: JsonScalar::Number,
            id_cobranza_json: JsonScalar::Text,
            auth_headers: vec!["Authorization".into(), "autorizacion".into()],
            auth_error_codes: vec!["401".into()],
            token_lifetime: Duration::from_secs(3600),
            token_refresh_margin: Duration::from_secs(300),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            // A refusal is checked before it is called a rejection: Cooplan may store a payment
            // and then answer an error. A collection found then may also be someone else's
            // payment of the invoice a moment earlier (within `clock_tolerance`), so it needs a
            // person rather than confirming; only a proven absence rejects.
            recovery: RecoveryPolicy {
                refusals: RefusalCheck::Cautious,
                ..RecoveryPolicy::default()
            },
            recovery_trusts_debts_alone: false,
            clock_tolerance: Duration::from_secs(600),
            utc_offset: FixedOffset::west_opt(4 * 3600).expect("valid offset"),
        }
    }
}
