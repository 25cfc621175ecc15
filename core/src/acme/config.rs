//! How to reach Acme: its base URL, the collector's key and the timings.

use std::time::Duration;

use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::http::HttpRequest;
use crate::recovery::{RecoveryPolicy, RefusalCheck};
use crate::retry::RetryPolicy;
use crate::secret::Secret;
use crate::session::{Credential, Session};
use crate::token_cache::IssuedToken;

/// The shortest wait before asking Acme about a payment whose reply was lost.
pub const SETTLE_FLOOR: Duration = Duration::from_secs(1);

/// Everything an [`AcmeClient`](super::AcmeClient) needs to reach Acme.
#[derive(Debug, Clone)]
pub struct AcmeConfig {
    /// Acme's base URL; the endpoints' paths (`debts`, `payments`) are joined to it.
    pub base_url: BaseUrl,
    /// Sent as `X-Api-Key` with every call.
    pub api_key: Secret,
    /// How long one HTTP call may take (30 s by default).
    pub timeout: Duration,
    /// How reads are retried after a transport failure or a 5xx.
    pub retry: RetryPolicy,
    /// How a payment whose reply was lost is settled; by default a proven absence may be resent
    /// (the receipt is unique at Acme) and a 409 is checked, since it may answer our own first send.
    pub recovery: RecoveryPolicy,
}

impl AcmeConfig {
    /// A configuration for `base_url` (plain `http://` only for this machine unless
    /// `allow_insecure_http`).
    pub fn new(base_url: &str, allow_insecure_http: bool, api_key: Secret) -> Result<Self, Error> {
        Ok(AcmeConfig {
            base_url: BaseUrl::parse(base_url, allow_insecure_http)?,
            api_key,
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            // The receipt is unique at Acme: a proven absence may be resent, and a refusal
            // (409) is checked, since it may be our own first send answering.
            recovery: RecoveryPolicy {
                resend_when_absent: true,
                refusals: RefusalCheck::Confirming,
                ..RecoveryPolicy::default()
            },
        })
    }
}

session_config!(AcmeConfig);

/// Acme's credential: a static key in a header, never issued, never replayed.
pub struct ApiKey;

impl Credential for ApiKey {
    type Config = AcmeConfig;
    const READ_RETRIES_REFUSALS: bool = false;

    fn is_issued(_config: &AcmeConfig) -> bool {
        false
    }

    async fn issue<T: crate::transport::Transport, C: crate::clock::Clock>(
        _session: &Session<Self, T, C>,
    ) -> Result<IssuedToken, Error> {
        Err(Error::Internal("Acme's key is not issued".into()))
    }

    fn attach(
        config: &AcmeConfig,
        http: HttpRequest,
        _token: Option<&Secret>,
    ) -> Result<HttpRequest, Error> {
        Ok(http.header("X-Api-Key", config.api_key.expose()))
    }

    fn refused(_config: &AcmeConfig, error: &Error) -> bool {
        matches!(error, Error::Auth { .. })
    }
}
