//! The Unicomer client over any [`Transport`] and [`Clock`].
//!
//! Its [`Session`] adds what the endpoint modules leave out on purpose: the bearer token
//! (cached, refreshed early, one refresh in flight, refreshed and replayed once after a 401),
//! the per-request timeout, and retries with backoff for reads. Writes go through
//! [`UnicomerClient::send`] once, or through the safe flows in [`super::safe_payment`]. This
//! module says only how Unicomer's token is obtained, attached and refused.


use chrono::{NaiveDate, NaiveDateTime, Timelike};

use crate::clock::Clock;
use crate::error::Error;
use crate::http::HttpRequest;
use crate::secret::Secret;
use crate::session::{Credential, Session};
use crate::token_cache::IssuedToken;
use crate::transport::Transport;

use super::conciliacion::{ConciliacionRequest, EstadoFiltro, RegistroConciliacion};
use super::config::{ConciliacionDateFormat, UnicomerConfig};
use super::consultar_pago::{ConsultarPagoRequest, ConsultarPagoResponse};
use super::estado_cuenta::{EstadoCuenta, EstadoCuentaRequest};
use super::payment_key::PaymentKey;
use super::token::TokenRequest;
use crate::endpoint::Endpoint;
use crate::validate;

session_config!(UnicomerConfig, token_refresh_margin);

/// Unicomer's credential: a bearer token from the password grant (SG-01), refused by HTTP 401.
struct PasswordGrant;

impl Credential for PasswordGrant {
    type Config = UnicomerConfig;

    fn is_issued(_: &UnicomerConfig) -> bool {
        true
    }

    async fn issue<T: Transport, C: Clock>(
        session: &Session<Self, T, C>,
    ) -> Result<IssuedToken, Error> {
        let credentials = &session.config().credentials;
        let request = TokenRequest {
            username: credentials.username.clone(),
            password: credentials.password.clone(),
        };
        // The token call is idempotent: retried like a read.
        Ok(session.read_unauthenticated(&request).await?.issued_token())
    }

    fn attach(
        _: &UnicomerConfig,
        http: HttpRequest,
        token: Option<&Secret>,
    ) -> Result<HttpRequest, Error> {
        let token = token.ok_or_else(|| Error::Config("no Unicomer token to send".into()))?;
        Ok(http.header("Authorization", format!("Bearer {}", token.expose())))
    }

    /// A 401 means the request was not processed, so the replay is safe even for a payment.
    fn refused(_: &UnicomerConfig, error: &Error) -> bool {
        matches!(
            error,
            Error::Auth {
                http_status: 401,
                ..
            }
        )
    }
}

/// A connected Unicomer client: the token (fetched, cached and refreshed before it expires),
/// timeouts and read retries.
pub struct UnicomerClient<T, C> {
    session: Session<PasswordGrant, T, C>,
}

impl<T: Transport, C: Clock> UnicomerClient<T, C> {
    /// Checks that the configuration can work (credentials and commerce present) before any
    /// request is made.
    pub fn new(config: UnicomerConfig, transport: T, clock: C) -> Result<Self, Error> {
        if config.credentials.username.trim().is_empty() {
            return Err(Error::Config("the Unicomer username is empty".into()));
        }
        if config.credentials.password.is_empty() {
            return Err(Error::Config("the Unicomer password is empty".into()));
        }
        validate::text("idcommerce", &config.commerce, 64)
            .map_err(|e| Error::Config(e.to_string()))?;
        Ok(UnicomerClient {
            session: Session::new(config, PasswordGrant, transport, clock),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &UnicomerConfig {
        self.session.config()
    }

    /// The clock the client reads for `fch_proceso` (Ecuador time) and recovery waits.
    pub fn clock(&self) -> &C {
        self.session.clock()
    }

    /// The transport, for the probe (see [`super::discover`]), which builds clients of its own.
    pub(super) fn transport(&self) -> &T {
        self.session.transport()
    }

    /// One exchange with an endpoint: bearer added, replayed once with a fresh token after a 401
    /// (a 401 means the request was not processed, so the replay is safe even for a payment).
    /// No other retry: callers of a write must resolve failures themselves (see `pay`).
    pub async fn send<E: Endpoint<Config = UnicomerConfig>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        self.session.send(request).await
    }

    /// A read: [`Self::send`] with retries and backoff on transient failures.
    pub async fn read<E: Endpoint<Config = UnicomerConfig>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        self.session.read(request).await
    }

    /// The customer's account statement.
    pub async fn statement(&self, cliente: &str) -> Result<EstadoCuenta, Error> {
        self.read(&EstadoCuentaRequest {
            cliente: cliente.trim().to_owned(),
            idcommerce: self.config().commerce.clone(),
        })
        .await
    }

    /// A payment's state, by its key (see [`PaymentKey`]). `idcommerce` is taken from the
    /// configuration.
    pub async fn payment_status(
        &self,
        secuencial: i64,
        fch_proceso: NaiveDateTime,
        val_pagado: rust_decimal::Decimal,
    ) -> Result<ConsultarPagoResponse, Error> {
        self.read(&ConsultarPagoRequest {
            key: self.key(secuencial, fch_proceso, val_pagado),
        })
        .await
    }

    /// The payments Unicomer recorded for a date. A refusal of the date in the configured
    /// format is asked once more in the other (`conciliacion_date_fallback`).
    pub async fn reconciliation(
        &self,
        fecha: NaiveDate,
        estado: EstadoFiltro,
    ) -> Result<Vec<RegistroConciliacion>, Error> {
        let request = ConciliacionRequest {
            fecha,
            idcommerce: self.config().commerce.clone(),
            estado,
        };
        match self.read(&request).await {
            Err(Error::Biller { .. }) if self.config().conciliacion_date_fallback => {
                let mut other = self.config().clone();
                other.conciliacion_date_format = match other.conciliacion_date_format {
                    ConciliacionDateFormat::YearFirst => ConciliacionDateFormat::DayFirst,
                    ConciliacionDateFormat::DayFirst => ConciliacionDateFormat::YearFirst,
                };
                let http = request.to_http(&other)?;
                self.session.read_http::<ConciliacionRequest>(http).await
            }
            other => other,
        }
    }

    /// Now, as Unicomer's local wall-clock time, to the second: the default `fch_proceso`.
    pub fn now_local(&self) -> NaiveDateTime {
        let local = self
            .clock()
            .now()
            .with_timezone(&self.config().utc_offset)
            .naive_local();
        local.with_nanosecond(0).unwrap_or(local)
    }

    pub(super) fn key(
        &self,
        secuencial: i64,
        fch_proceso: NaiveDateTime,
        val_pagado: rust_decimal::Decimal,
    ) -> PaymentKey {
        PaymentKey {
            secuencial,
            idcommerce: self.config().commerce.clone(),
            fch_proceso,
            val_pagado,
        }
    }
}
