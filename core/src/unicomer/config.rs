//! How to reach Unicomer and the choices the document leaves open.

use std::time::Duration;

use chrono::FixedOffset;

use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::recovery::{RecoveryPolicy, RefusalCheck};
use crate::retry::RetryPolicy;
use crate::secret::Secret;

/// The environments the document lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// The development environment (test data).
    Dev,
    /// Production.
    Prd,
}

impl Environment {
    /// The environment's base URL, as the document lists it.
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Dev => "https://ecdeveloper.Unicomer.com:9443/",
            Environment::Prd => "https://ecapi.Unicomer.com:2052/",
        }
    }
}

/// The collector's account: `username` (an e-mail) and password for the password grant.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The API user (an e-mail), sent as `username`.
    pub username: String,
    /// The API user's password, sent as `password`.
    pub password: Secret,
}

/// How `reversapago` and `consultarpago` bodies are encoded: the document declares
/// `application/x-www-form-urlencoded` but shows JSON bodies. The shared type, re-exported where
/// Unicomer's configuration has always named it.
pub use crate::http::BodyEncoding;

/// Endpoint paths under the base URL. The document writes `registrar pago` with a space; the
/// default is `registrarpago`, the spelling of every other path (a guess).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The token service (`token`, a form-encoded password grant).
    pub token: String,
    /// Account statement, CU-03 (`api/recaudadores/estadocuenta`).
    pub estado_cuenta: String,
    /// Register payment, GC-02 (`api/recaudadores/registrarpago`; the document writes a space).
    pub registrar_pago: String,
    /// Reverse payment, GC-03 (`api/recaudadores/reversapago`).
    pub reversa_pago: String,
    /// Payment status, GC-04 (`api/recaudadores/consultarpago`).
    pub consultar_pago: String,
    /// Reconciliation, CU-02 (`api/recaudadores/conciliacion`).
    pub conciliacion: String,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            token: "token".into(),
            estado_cuenta: "api/recaudadores/estadocuenta".into(),
            registrar_pago: "api/recaudadores/registrarpago".into(),
            reversa_pago: "api/recaudadores/reversapago".into(),
            consultar_pago: "api/recaudadores/consultarpago".into(),
            conciliacion: "api/recaudadores/conciliacion".into(),
        }
    }
}

/// The date format `conciliacion` is sent with: its text says `yyyy-mm-dd`, its example shows
/// `dd-mm-yyyy`. Default: the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConciliacionDateFormat {
    /// `yyyy-mm-dd`, as the text says (default).
    YearFirst,
    /// `dd-mm-yyyy`, as the example shows.
    DayFirst,
}

/// Which key `consultarpago` is asked by: its example sends the invoice `secuencial`, its prose
/// the payment's `idtrx`. A Unicomer that reads the other one answers -1 ("absent") for a
/// payment it holds, so by default both are asked where both are known, and an absence is
/// never believed from `consultarpago` alone (see [`super::safe_payment`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKey {
    /// The invoice `secuencial` only (the example).
    ByInvoice,
    /// The payment's `idtrx` only (the prose); after a lost reply only `conciliacion` can tell.
    ByIdtrx,
    /// Both where both are known (default).
    Both,
}

/// The shortest wait before asking Unicomer about a write whose reply was lost, whatever the
/// configuration says: a request still being processed needs time to land (a guess at the
/// biller's latency; recovery also asks twice before any resend).
pub const SETTLE_FLOOR: Duration = Duration::from_secs(1);

/// Everything a [`super::UnicomerClient`] needs; every guess the module docs list has its
/// override here.
#[derive(Debug, Clone)]
pub struct UnicomerConfig {
    /// Unicomer's base URL (see [`Environment`]); the endpoints' paths are joined to it.
    pub base_url: BaseUrl,
    /// The API user's credentials for the token.
    pub credentials: Credentials,
    /// `idcommerce`, assigned by Unicomer to the collector.
    pub commerce: String,
    /// Where each endpoint lives under the base URL.
    pub paths: Paths,
    /// How `reversapago`'s body is encoded (JSON by default, as the examples; the document declares
    /// form encoding).
    pub reversal_encoding: BodyEncoding,
    /// How `consultarpago`'s body is encoded (JSON by default, as the examples; the document declares
    /// form encoding).
    pub status_encoding: BodyEncoding,
    /// The date format `conciliacion` is sent with first.
    pub conciliacion_date_format: ConciliacionDateFormat,
    /// When Unicomer refuses `conciliacion`'s date in the configured format, ask once more in
    /// the other one (the document shows both).
    pub conciliacion_date_fallback: bool,
    /// Which key `consultarpago` is asked by.
    pub status_key: StatusKey,
    /// Per-request timeout given to the transport.
    pub timeout: Duration,
    /// Retries for reads (token, statement, payment status, reconciliation).
    pub retry: RetryPolicy,
    /// How a lost payment or reversal reply is resolved: how long to wait before asking (at least
    /// [`SETTLE_FLOOR`]), how long apart the two answers of absence must be, how many sends are
    /// allowed.
    pub recovery: RecoveryPolicy,
    /// Replace the token this long before it expires (capped at half its lifetime).
    pub token_refresh_margin: Duration,
    /// Unicomer's wall clock (Ecuador, UTC-5): `fch_proceso` is local time there.
    pub utc_offset: FixedOffset,
}

impl UnicomerConfig {
    /// A configuration for one of the documented environments.
    pub fn new(
        environment: Environment,
        credentials: Credentials,
        commerce: impl Into<String>,
    ) -> Self {
        let base =
            BaseUrl::parse(environment.base_url(), false).expect("documented URLs are valid");
        Self::with_base(base, credentials, commerce)
    }

    /// A configuration for any base URL (a simulator, a proxy, a merchant backend). Plain
    /// `http://` is refused unless the host is this machine or `allow_insecure_http` is set.
    pub fn with_base_url(
        base_url: &str,
        allow_insecure_http: bool,
        credentials: Credentials,
        commerce: impl Into<String>,
    ) -> Result<Self, Error> {
        Ok(Self::with_base(
            BaseUrl::parse(base_url, allow_insecure_http)?,
            credentials,
            commerce,
        ))
    }

    fn with_base(base_url: BaseUrl, credentials: Credentials, commerce: impl Into<String>) -> Self {
        UnicomerConfig {
            base_url,
            credentials,
            commerce: commerce.into(),
            paths: Paths::default(),
            reversal_encoding: BodyEncoding::Json,
            status_encoding: BodyEncoding::Json,
            conciliacion_date_format: ConciliacionDateFormat::YearFirst,
            conciliacion_date_fallback: true,
            status_key: StatusKey::Both,
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            // `consultarpago` names a payment by our own receipt number, so a refusal of a
            // payment can be checked: it may be `num_recibo`'s duplicate guard answering a copy
            // of our first send that an HTTP stack resent by itself (browsers do).
            recovery: RecoveryPolicy {
                refusals: RefusalCheck::Confirming,
                ..RecoveryPolicy::default()
            },
            token_refresh_margin: Duration::from_secs(300),
            utc_offset: FixedOffset::west_opt(5 * 3600).expect("valid offset"),
        }
    }
}
