//! How to reach Unicobros and the choices the document leaves open.

use std::time::Duration;

use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::recovery::RecoveryPolicy;
use crate::retry::RetryPolicy;
use crate::secret::Secret;

/// The only base URL the document gives.
pub const DEFAULT_BASE_URL: &str = "https://api.unicobros.com.ar/";

/// The merchant's static credentials, sent on every call as `x-api-key` and `x-access-token`.
/// They are not issued by a token endpoint, so there is nothing to refresh: a refusal is
/// surfaced as [`Error::Auth`] and never replayed.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// `x-api-key`: the application's API key.
    pub api_key: Secret,
    /// `x-access-token`: the entity's (merchant's) access token.
    pub access_token: Secret,
}

/// Where the coupons endpoint takes the reference. The document's table lists `reference` as a
/// query parameter; its only example puts it in the path (`coupons/mi_referencia_0101`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferencePlacement {
    /// `2.0/transactions/coupons/{reference}` (the example; default).
    Path,
    /// `2.0/transactions/coupons?reference={reference}` (the parameter table).
    Query,
}

/// How the GET listing writes its date filters, documented only as "a date as a string or a
/// timestamp".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryDateFormat {
    /// `yyyy-mm-dd` (default): the day itself, the same granularity as the POST form.
    Date,
    /// Milliseconds since the Unix epoch: the start of the `from` day and the last
    /// millisecond of the `to` day, in UTC.
    TimestampMillis,
}

/// Endpoint paths under the base URL (the document's, overridable for a proxy or a merchant
/// backend that mounts them elsewhere).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The transaction-status path (`2.0/transactions/status`).
    pub transactions_status: String,
    /// The coupons path without the reference (see [`ReferencePlacement`]).
    pub coupons: String,
    /// The operations listing's path (`p/operations`), shared by its GET and POST forms.
    pub operations: String,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            transactions_status: "2.0/transactions/status".into(),
            coupons: "2.0/transactions/coupons".into(),
            operations: "p/operations".into(),
        }
    }
}

/// `result: false` codes that mean the credentials were refused even though the HTTP status
/// was not 401/403. The document lists no error codes at all: these are guesses at Mobbex's
/// spelling, compared case-insensitively; replace them in [`UnicobrosConfig::auth_error_codes`].
pub const DEFAULT_AUTH_ERROR_CODES: &[&str] = &[
    "UNAUTHORIZED",
    "NOT_AUTHORIZED",
    "FORBIDDEN",
    "INVALID_CREDENTIALS",
    "INVALID_API_KEY",
    "INVALID_ACCESS_TOKEN",
    "INVALID_TOKEN",
    "AUTH_ERROR",
];

/// Everything a [`super::UnicobrosClient`] needs to reach the gateway.
#[derive(Debug, Clone)]
pub struct UnicobrosConfig {
    /// The gateway's base URL ([`DEFAULT_BASE_URL`] unless a proxy or test server stands in).
    pub base_url: BaseUrl,
    /// The static `x-api-key` and `x-access-token` headers.
    pub credentials: Credentials,
    /// Optional `x-lang` header (Mobbex's language for messages, e.g. `es`, `en`).
    pub lang: Option<String>,
    /// Where each endpoint lives under the base URL.
    pub paths: Paths,
    /// Whether the coupons endpoint takes the reference in its path (default) or query.
    pub reference_placement: ReferencePlacement,
    /// How the GET listing writes its date filters (`yyyy-mm-dd` by default).
    pub query_date_format: QueryDateFormat,
    /// See [`DEFAULT_AUTH_ERROR_CODES`].
    pub auth_error_codes: Vec<String>,
    /// Per-request timeout given to the transport.
    pub timeout: Duration,
    /// Retries for reads (every Unicobros endpoint is a read).
    pub retry: RetryPolicy,
    /// Only `settle_delay` applies: how long [`super::UnicobrosClient::resolve_lost_checkout`]
    /// waits before asking, so that a checkout still being processed when its result was lost
    /// has time to land. There is no write to resend, so `max_sends` is unused.
    pub recovery: RecoveryPolicy,
}

impl UnicobrosConfig {
    /// A configuration for the documented base URL.
    pub fn new(credentials: Credentials) -> Self {
        let base = BaseUrl::parse(DEFAULT_BASE_URL, false).expect("the documented URL is valid");
        Self::with_base(base, credentials)
    }

    /// A configuration for any base URL (a simulator, a proxy, a merchant backend). Plain
    /// `http://` is refused unless the host is this machine or `allow_insecure_http` is set.
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
        UnicobrosConfig {
            base_url,
            credentials,
            lang: None,
            paths: Paths::default(),
            reference_placement: ReferencePlacement::Path,
            query_date_format: QueryDateFormat::Date,
            auth_error_codes: DEFAULT_AUTH_ERROR_CODES
                .iter()
                .map(|c| (*c).to_owned())
                .collect(),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            recovery: RecoveryPolicy::default(),
        }
    }

    /// Whether a `result: false` code means the credentials were refused.
    pub(crate) fn is_auth_code(&self, code: &str) -> bool {
        let code = code.trim();
        self.auth_error_codes
            .iter()
            .any(|c| c.trim().eq_ignore_ascii_case(code))
    }
}
