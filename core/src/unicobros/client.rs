//! The Unicobros client over any [`Transport`] and [`Clock`].
//!
//! It adds what the endpoint modules leave out on purpose: the static `x-api-key` and
//! `x-access-token` headers (and `x-lang` when configured), the per-request timeout, and
//! retries with backoff for reads, which is every Unicobros call.
//!
//! There is no token to refresh: a refused credential ([`Error::Auth`], from HTTP 401/403 or a
//! `result: false` whose code is one of [`UnicobrosConfig::auth_error_codes`]) is returned at
//! once, never replayed: replaying the same static keys would only be refused again.

use crate::clock::Clock;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::HttpRequest;
use crate::retry::retry_read;
use crate::transport::Transport;
use crate::validate;

use super::config::UnicobrosConfig;
use super::coupons::{Coupon, CouponsRequest};
use super::operations::{
    ListOperationsRequest, OperationFilters, OperationsPage, SearchOperationsRequest,
};
use super::pages::{ListMethod, OperationPages};
use super::transactions_status::{TransactionStatus, TransactionStatusRequest};

pub struct UnicobrosClient<T, C> {
    pub(super) config: UnicobrosConfig,
    transport: T,
    pub(super) clock: C,
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
            config,
            transport,
            clock,
        })
    }

    pub fn config(&self) -> &UnicobrosConfig {
        &self.config
    }

    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// One exchange with an endpoint, credentials added. No retry: see [`Self::read`].
    pub async fn send<E: Endpoint<Config = UnicobrosConfig>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        let mut http = self.authenticate(request.to_http(&self.config)?);
        http.timeout = Some(self.config.timeout);
        let response = self.transport.send(http).await?;
        E::decode(&response).map_err(|e| self.auth_refusal(e))
    }

    /// A read: [`Self::send`] with retries and backoff on transient failures, except an auth
    /// refusal, whatever [`Error::is_transient`] says of it: these keys are static, so the same
    /// request would only be refused again (a bearer-token biller retries a 401 because its
    /// next attempt carries a fresh token; ours would not).
    pub async fn read<E: Endpoint<Config = UnicobrosConfig>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        retry_read(&self.config.retry, &self.clock, || async {
            match self.send(request).await {
                Err(refused @ Error::Auth { .. }) => Ok(Err(refused)),
                other => other.map(Ok),
            }
        })
        .await
        .and_then(|answer| answer)
    }

    fn authenticate(&self, http: HttpRequest) -> HttpRequest {
        let c = &self.config.credentials;
        let http = http
            .header("x-api-key", c.api_key.expose())
            .header("x-access-token", c.access_token.expose());
        match &self.config.lang {
            Some(lang) => http.header("x-lang", lang.trim()),
            None => http,
        }
    }

    /// A `result: false` whose code says the credentials were refused is an auth error.
    fn auth_refusal(&self, error: Error) -> Error {
        match error {
            Error::Biller {
                biller_code,
                biller_message,
                http_status,
            } if self.config.is_auth_code(&biller_code) => Error::Auth {
                http_status,
                biller_code: Some(biller_code),
                biller_message: Some(biller_message),
            },
            other => other,
        }
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
