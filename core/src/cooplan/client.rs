//! The Cooplan client over any [`Transport`] and [`Clock`].
//!
//! Its [`Session`] adds what the endpoint modules leave out on purpose: the bearer token
//! (cached, refreshed early, one refresh in flight), the per-request timeout, retries with
//! backoff for reads, and one refresh-and-replay when Cooplan refuses the token. Writes go
//! through [`CooplanClient::send`] once, or through the safe flows in [`super::safe_payment`].
//! This module says only how Cooplan's token is obtained, attached and refused.


use chrono::{NaiveDate, NaiveDateTime, Timelike};

use crate::clock::Clock;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::HttpRequest;
use crate::secret::Secret;
use crate::session::{Credential, Session};
use crate::token_cache::IssuedToken;
use crate::transport::Transport;

use super::buscar_cliente::{BuscarClienteRequest, Cliente};
use super::config::CooplanConfig;
use super::consultar_deuda::{ConsultarDeudaRequest, Deuda};
use super::envelope::Envelope;
use super::imprimir_factura::ImprimirFacturaRequest;
use super::reporte_cobranzas::{ReporteCobranzas, ReporteCobranzasRequest};
use super::token::TokenRequest;

session_config!(CooplanConfig, token_refresh_margin);

/// Cooplan's credential: a token from `api/token` (`CodSeguridad`, `Login`, `Pwd`), sent as
/// `Bearer <token>` under every configured header, refused by HTTP 401 or an envelope `error`
/// listed in `auth_error_codes`.
struct CooplanToken;

impl Credential for CooplanToken {
    type Config = CooplanConfig;

    fn is_issued(_: &CooplanConfig) -> bool {
        true
    }

    async fn issue<T: Transport, C: Clock>(
        session: &Session<Self, T, C>,
    ) -> Result<IssuedToken, Error> {
        let config = session.config();
        let c = &config.credentials;
        let request = TokenRequest {
            cod_seguridad: c.cod_seguridad.clone(),
            login: c.login.trim().to_owned(),
            pwd: c.pwd.clone(),
        };
        // Asking for a token changes nothing that matters: retried like a read.
        let reply = session.read_unauthenticated(&request).await?;
        reply.issued_token(&config.token_service.token_pointers, config.token_lifetime)
    }

    fn attach(
        config: &CooplanConfig,
        http: HttpRequest,
        token: Option<&Secret>,
    ) -> Result<HttpRequest, Error> {
        let token = token.ok_or_else(|| Error::Config("no Cooplan token to send".into()))?;
        let value = format!("Bearer {}", token.expose());
        Ok(config
            .auth_headers
            .iter()
            .fold(http, |http, name| http.header(name, value.clone())))
    }

    /// The replay is safe even for a payment only because a refused token means the request
    /// was not processed; that is what `auth_error_codes` must mean.
    fn refused(_: &CooplanConfig, error: &Error) -> bool {
        matches!(error, Error::Auth { .. })
    }

    /// The one predicate for "the token was refused": HTTP 401 (already [`Error::Auth`]) or a
    /// business error whose code is one of `auth_error_codes`.
    fn classify(config: &CooplanConfig, error: Error) -> Error {
        match error {
            Error::Biller {
                biller_code,
                biller_message,
                http_status,
            } if config
                .auth_error_codes
                .iter()
                .any(|c| c.trim() == biller_code.trim()) =>
            {
                Error::Auth {
                    http_status,
                    biller_code: Some(biller_code),
                    biller_message: Some(biller_message),
                }
            }
            other => other,
        }
    }
}

/// A connected Cooplan client: the token (fetched, cached and refreshed), timeouts, read
/// retries and one replay after a refused token.
pub struct CooplanClient<T, C> {
    session: Session<CooplanToken, T, C>,
}

impl<T: Transport, C: Clock> CooplanClient<T, C> {
    /// Checks that the configuration can work (credentials present, a usable header name, somewhere
    /// to find the token) before any request is made.
    pub fn new(config: CooplanConfig, transport: T, clock: C) -> Result<Self, Error> {
        let c = &config.credentials;
        if c.cod_seguridad.is_empty() {
            return Err(Error::Config("the Cooplan CodSeguridad is empty".into()));
        }
        if c.login.trim().is_empty() {
            return Err(Error::Config("the Cooplan Login is empty".into()));
        }
        if c.pwd.is_empty() {
            return Err(Error::Config("the Cooplan Pwd is empty".into()));
        }
        if config.auth_headers.is_empty() {
            return Err(Error::Config(
                "no header configured to carry the Cooplan token".into(),
            ));
        }
        for header in &config.auth_headers {
            if header.is_empty()
                || !header
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
            {
                return Err(Error::Config(format!(
                    "invalid authorization header name `{header}`"
                )));
            }
        }
        if config.token_service.token_pointers.is_empty() {
            return Err(Error::Config(
                "no location configured for the token in the token reply".into(),
            ));
        }
        if config.token_lifetime.is_zero() {
            return Err(Error::Config("the token lifetime is zero".into()));
        }
        Ok(CooplanClient {
            session: Session::new(config, CooplanToken, transport, clock),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &CooplanConfig {
        self.session.config()
    }

    /// The clock the client reads for dates (Bolivian time) and recovery waits.
    pub fn clock(&self) -> &C {
        self.session.clock()
    }

    /// The transport, for the probe (see [`super::discover`]), which builds clients of its own.
    pub(super) fn transport(&self) -> &T {
        self.session.transport()
    }

    /// One exchange with an endpoint: bearer added and, if Cooplan refuses the token (HTTP 401,
    /// or an envelope `error` listed in `auth_error_codes`), one refresh and one replay. The
    /// replay is safe even for a payment only because a refused token means the request was
    /// not processed; that is what those codes must mean. No other retry: callers of a write
    /// resolve failures themselves (see `pay`).
    pub async fn send<E: Endpoint<Config = CooplanConfig>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        self.session.send(request).await
    }

    /// A read: [`Self::send`] with retries and backoff on transient failures.
    pub async fn read<E: Endpoint<Config = CooplanConfig>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        self.session.read(request).await
    }

    /// `buscarcliente`: the customers under a contract.
    pub async fn find_customer(&self, contrato: &str) -> Result<Vec<Cliente>, Error> {
        let request = BuscarClienteRequest {
            contrato: contrato.trim().to_owned(),
        };
        Ok(self.read(&request).await?.values)
    }

    /// `consultardeuda`: the contract's pending invoices.
    pub async fn debts(&self, contrato: &str) -> Result<Vec<Deuda>, Error> {
        let request = ConsultarDeudaRequest {
            contrato: contrato.trim().to_owned(),
        };
        Ok(self.read(&request).await?.values)
    }

    /// `imprimirfactura` for a payment made (`id_cobranza` from `realizarpago`). Retried like a
    /// read: printing changes nothing at the biller as far as the document says.
    pub async fn print_invoice(
        &self,
        id_factura: i64,
        id_cobranza: &str,
    ) -> Result<Envelope<String>, Error> {
        self.read(&ImprimirFacturaRequest {
            id_factura,
            id_cobranza: id_cobranza.trim().to_owned(),
        })
        .await
    }

    /// `reportecobranzas` for a date (Bolivian calendar day).
    pub async fn collections_report(&self, fecha: NaiveDate) -> Result<ReporteCobranzas, Error> {
        Ok(self.read(&ReporteCobranzasRequest { fecha }).await?.values)
    }

    /// Now in Cooplan's wall-clock time (Bolivia), to the second.
    pub fn now_local(&self) -> NaiveDateTime {
        self.local(self.clock().now())
    }

    /// An instant as Cooplan's local wall-clock time, to the second.
    pub fn local(&self, instant: chrono::DateTime<chrono::Utc>) -> NaiveDateTime {
        let local = instant
            .with_timezone(&self.config().utc_offset)
            .naive_local();
        local.with_nanosecond(0).unwrap_or(local)
    }

    /// Today in Bolivia: the `Fecha` of today's collections report.
    pub fn today(&self) -> NaiveDate {
        self.now_local().date()
    }
}
