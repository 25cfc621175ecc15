//! The Unicobros client over any [`Transport`] and [`Clock`].
//!
//! Its [`Session`] adds what the endpoint modules leave out on purpose: the static `x-api-key`
//! and `x-access-token` headers (and `x-lang` when configured), the per-request timeout, and
//! retries with backoff for reads, which is every Unicobros call.
//!
//! There is no token to refresh: a refused credential ([`Error::Auth`], from HTTP 401/403 or a
//! `result: false` whose code is one of [`UnicobrosConfig::auth_error_codes`]) is returned at
//! once, never replayed: replaying the same static keys would only be refused again.


use crate::clock::Clock;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::HttpRequest;
use crate::secret::Secret;
use crate::session::{Credential, Session};
use crate::token_cache::IssuedToken;
use crate::transport::Transport;
use crate::validate;

use super::config::UnicobrosConfig;
use super::coupons::{Coupon, CouponsRequest};
use super::operations::{
    ListOperationsRequest, OperationFilters, OperationsPage, SearchOperationsRequest,
};
use super::pages::{ListMethod, OperationPages};
use super::transactions_status::{TransactionStatus, TransactionStatusRequest};

session_config!(UnicobrosConfig);

/// Unicobros' credential: the merchant's static keys, as headers on every call.
struct StaticKeys;

impl Credential for StaticKeys {
    type Config = UnicobrosConfig;

    /// These keys are static, so the same request would only be refused again (a bearer-token
    /// biller retries a 401 because its next attempt carries a fresh token; ours would not).
    const READ_RETRIES_REFUSALS: bool = false;

    fn is_issued(_: &UnicobrosConfig) -> bool {
        false
    }

    async fn issue<T: Transport, C: Clock>(_: &Session<Self, T, C>) -> Result<IssuedToken, Error> {
        Err(Error::Config(
            "the Unicobros keys are static: there is no token to fetch".into(),
        ))
    }

    fn attach(
        config: &UnicobrosConfig,
        http: HttpRequest,
        _: Option<&Secret>,
    ) -> Result<HttpRequest, Error> {
        let c = &config.credentials;
        let http = http
            .header("x-api-key", c.api_key.expose())
            .header("x-access-token", c.access_token.expose());
        Ok(match &config.lang {
            Some(lang) => http.header("x-lang", lang.trim()),
            None => http,
        })
    }

    /// Never replayed: see [`Self::READ_RETRIES_REFUSALS`].
    fn refused(_: &UnicobrosConfig, _: &Error) -> bool {
        false
    }

    /// A `result: false` whose code says the credentials were refused is an auth error.
    fn classify(config: &UnicobrosConfig, error: Error) -> Error {
        match error {
            Error::Biller {
                biller_code,
                biller_message,
                http_status,
            } if config.is_auth_code(&biller_code) => Error::Auth {
                http_status,
                biller_code: Some(biller_code),
                biller_message: Some(biller_message),
            },
            other => other,
        }
    }
}

/// A connected Unicobros client: the static credentials on every call, timeouts and read
/// retries, and the gateway's refusals read as errors. Every endpoint is a read.
pub struct UnicobrosClient<T, C> {
    session: Session<StaticKeys, T, C>,
}

impl<T: Transport, C: Clock> UnicobrosClient<T, C> {
    /// Checks that the configuration can work (both credentials present, a sane `x-lang`)
    /// before any request is made.
    pub fn new(config: UnicobrosConfig, transport: T, clock: C) -> Result<Self, Error> {
        let header_safe = |v: &str| v.bytes().all(|b| b.is_ascii_graphic());
        for (name, secret) in [
            ("API key (x-api-key)", &config.credentials.api_key),
            (
                "access token (x-access-token)",
                &config.credentials.access_token,
            ),
        ] {
            if secret.expose().trim().is_empty() {
                return Err(Error::Config(format!("the Unicobros {name} is empty")));
            }
            if !header_safe(secret.expose()) {
                return Err(Error::Config(format!(
                    "the Unicobros {name} has characters a header cannot carry"
                )));
            }
        }
        if let Some(lang) = &config.lang {
            validate::code("x-lang", lang, 16, &['-', '_'])
                .map_err(|e| Error::Config(e.to_string()))?;
        }
        Ok(UnicobrosClient {
            session: Session::new(config, StaticKeys, transport, clock),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &UnicobrosConfig {
        self.session.config()
    }

    /// The clock the client reads for recovery waits.
    pub fn clock(&self) -> &C {
        self.session.clock()
    }

    /// The transport, for the probe (see [`super::discover`]), which builds clients of its own.
    pub(super) fn transport(&self) -> &T {
        self.session.transport()
    }

    /// One exchange with an endpoint, credentials added. No retry: see [`Self::read`].
    pub async fn send<E: Endpoint<Config = UnicobrosConfig>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        self.session.send(request).await
    }

    /// A read: [`Self::send`] with retries and backoff on transient failures, except an auth
    /// refusal, whatever [`Error::is_transient`] says of it: these keys are static, so the same
    /// request would only be refused again.
    pub async fn read<E: Endpoint<Config = UnicobrosConfig>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        self.session.read(request).await
    }

    /// `POST 2.0/transactions/status`: a coupon's transactions and status.
    pub async fn transaction_status(&self, coupon_id: &str) -> Result<TransactionStatus, Error> {
        self.read(&TransactionStatusRequest {
            id: coupon_id.trim().to_owned(),
        })
        .await
    }

    /// `GET 2.0/transactions/coupons/{reference}`: every coupon under a reference, with childs.
    /// To decide whether the reference was paid, use [`Self::resolve_reference`].
    pub async fn coupons(&self, reference: &str) -> Result<Vec<Coupon>, Error> {
        self.read(&CouponsRequest {
            reference: reference.to_owned(),
        })
        .await
    }

    /// One page of `GET p/operations`.
    pub async fn list_operations(
        &self,
        request: &ListOperationsRequest,
    ) -> Result<OperationsPage, Error> {
        self.read(request).await
    }

    /// One page of `POST p/operations`.
    pub async fn search_operations(
        &self,
        request: &SearchOperationsRequest,
    ) -> Result<OperationsPage, Error> {
        self.read(request).await
    }

    /// Every page of the listing from `first_page`, `limit` operations at a time (1 to 50,
    /// `None` for the biller's 15). Refused with `invalid_input` before anything is sent when
    /// the limit or a filter is out of range.
    pub fn operation_pages(
        &self,
        method: ListMethod,
        first_page: u32,
        limit: Option<u32>,
        filters: OperationFilters,
    ) -> Result<OperationPages<'_, T, C>, Error> {
        OperationPages::new(self, method, first_page, limit, filters)
    }
}
