//! The Zoom client over any [`Transport`] and [`Clock`].
//!
//! Its [`Session`] adds what the endpoint modules leave out on purpose: the `token` body field
//! (from `LoginGenUEWs`, cached, refreshed early, one login in flight, refreshed and replayed
//! once when Zoom refuses it; or a token supplied directly, used as is), the per-request
//! timeout, and retries with backoff for reads. Payments go through [`ZoomClient::send`] once,
//! or through the safe flow in [`super::safe_payment`]. This module says only how Zoom's token
//! is obtained, attached and refused, and keeps what the login said about the user.

use std::sync::Mutex;

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::HttpRequest;
use crate::secret::Secret;
use crate::session::{Credential, Session};
use crate::token_cache::IssuedToken;
use crate::transport::Transport;

use super::body::with_token;
use super::config::{Credentials, ZoomConfig};
use super::info_pago::{InfoPagoRequest, PagoInfo};
use super::kinds::{DocRef, UserType};
use super::login::{LoginRequest, LoginResponse};
use super::monto_doc::{MontoDoc, MontoDocRequest};
use super::nro_control::{NroControl, NroControlRequest};
use super::xml::{XmlPago, XmlRequest};

/// The user fields `createPagoWs` needs, as resolved from the configuration and the login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    /// The user's code, sent as `codusuario`.
    pub codusuario: String,
    /// The user's type, sent as `tipousuario`.
    pub tipousuario: UserType,
}

/// What the login said about the user (kept beside the cached token).
#[derive(Debug, Clone, Default)]
struct LoginUser {
    codusuario: Option<String>,
    tipousuario: Option<UserType>,
}

session_config!(ZoomConfig, token_refresh_margin);

/// Zoom's credential: the `token` body field, from `LoginGenUEWs` ([`Credentials::Login`]) or
/// supplied directly ([`Credentials::Token`], which cannot be refreshed: used as is). Refused
/// as [`super::envelope::is_token_rejection`] says, which the envelope reports as
/// [`Error::Auth`].
#[derive(Default)]
struct ZoomToken {
    login_user: Mutex<LoginUser>,
}

impl Credential for ZoomToken {
    type Config = ZoomConfig;

    fn is_issued(config: &ZoomConfig) -> bool {
        matches!(config.credentials, Credentials::Login { .. })
    }

    /// Logs in, and keeps what the login said about the user. Only for
    /// [`Credentials::Login`]; a directly supplied token is used as is.
    async fn issue<T: Transport, C: Clock>(
        session: &Session<Self, T, C>,
    ) -> Result<IssuedToken, Error> {
        let config = session.config();
        let (login, password) = match &config.credentials {
            Credentials::Token(_) => {
                return Err(Error::Config(
                    "a directly supplied Zoom token is not refreshed".into(),
                ));
            }
            Credentials::Login { login, password } => (login, password),
        };
        let request = LoginRequest {
            login: login.clone(),
            password: password.clone(),
        };
        // Logging in changes nothing at Zoom: retried like a read.
        let reply: LoginResponse = session.read_unauthenticated(&request).await?;
        *session
            .credential()
            .login_user
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = LoginUser {
            codusuario: reply.user_id(),
            tipousuario: reply.user_type(),
        };
        Ok(reply.issued_token(config.token_lifetime))
    }

    fn attach(
        config: &ZoomConfig,
        http: HttpRequest,
        token: Option<&Secret>,
    ) -> Result<HttpRequest, Error> {
        let token = match (token, &config.credentials) {
            (Some(issued), _) => issued,
            (None, Credentials::Token(supplied)) => supplied,
            (None, Credentials::Login { .. }) => {
                return Err(Error::Config("no Zoom token to send".into()));
            }
        };
        with_token(http, token)
    }

    /// A refused token means the service did not run, so the replay is safe even for a
    /// payment.
    fn refused(_: &ZoomConfig, error: &Error) -> bool {
        matches!(error, Error::Auth { .. })
    }
}

/// A connected Zoom client: the token (from `LoginGenUEWs`, cached and refreshed, or supplied by
/// Zoom), timeouts and read retries.
pub struct ZoomClient<T, C> {
    session: Session<ZoomToken, T, C>,
}

impl<T: Transport, C: Clock> ZoomClient<T, C> {
    /// Checks that the configuration can work (credentials present, user overrides valid)
    /// before any request is made.
    pub fn new(config: ZoomConfig, transport: T, clock: C) -> Result<Self, Error> {
        match &config.credentials {
            Credentials::Login { login, password } => {
                if login.trim().is_empty() {
                    return Err(Error::Config("the Zoom login is empty".into()));
                }
                if password.is_empty() {
                    return Err(Error::Config(
                        "the Zoom password (claveenc) is empty".into(),
                    ));
                }
            }
            Credentials::Token(token) => {
                if token.expose().trim().is_empty() {
                    return Err(Error::Config("the Zoom token is empty".into()));
                }
            }
        }
        if let Some(user) = &config.user.codusuario {
            crate::validate::code("codusuario", user.trim(), 32, &['-', '_'])
                .map_err(|e| Error::Config(e.to_string()))?;
        }
        Ok(ZoomClient {
            session: Session::new(config, ZoomToken::default(), transport, clock),
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &ZoomConfig {
        self.session.config()
    }

    /// One exchange with a service: the token added to the body, and replayed once with a
    /// fresh token when Zoom refuses it (see [`super::envelope::is_token_rejection`]). A refused
    /// token means the service did not run, so the replay is safe even for a payment. A token
    /// supplied directly cannot be refreshed: used once, as is. No other retry: callers of a
    /// write must resolve failures themselves (see `pay`).
    pub async fn send<E: Endpoint<Config = ZoomConfig>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        self.session.send(request).await
    }

    /// A read: [`Self::send`] with retries and backoff on transient failures.
    pub async fn read<E: Endpoint<Config = ZoomConfig>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        self.session.read(request).await
    }

    /// The `codusuario` and `tipousuario` payments are registered with: the configured
    /// overrides, else what the login returned (logging in if needed).
    pub async fn session_user(&self) -> Result<SessionUser, Error> {
        let overrides = &self.config().user;
        if let (Some(codusuario), Some(tipousuario)) =
            (&overrides.codusuario, overrides.tipousuario)
        {
            return Ok(SessionUser {
                codusuario: codusuario.trim().to_owned(),
                tipousuario,
            });
        }
        if matches!(self.config().credentials, Credentials::Token(_)) {
            return Err(Error::Config(
                "with a token supplied directly there is no login reply to take codusuario and \
                 tipousuario from: configure both (user.codusuario, user.tipousuario)"
                    .into(),
            ));
        }
        self.session.token().await?;
        let found = self
            .session
            .credential()
            .login_user
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let codusuario = overrides
            .codusuario
            .clone()
            .or(found.codusuario)
            .ok_or_else(|| {
                Error::Config(
                    "the login reply has no codusuario/user_id: configure user.codusuario".into(),
                )
            })?;
        let tipousuario = overrides.tipousuario.or(found.tipousuario).ok_or_else(|| {
            Error::Config(
                "the login reply has no tipousuario/usuario_externo (GE or UCI): configure \
                 user.tipousuario"
                    .into(),
            )
        })?;
        Ok(SessionUser {
            codusuario: codusuario.trim().to_owned(),
            tipousuario,
        })
    }

    /// `getMontoDocWs`: a document's amounts; empty when it is unknown, cancelled or final.
    pub async fn document_amounts(&self, doc: &DocRef) -> Result<Vec<MontoDoc>, Error> {
        self.read(&MontoDocRequest { doc: doc.clone() }).await
    }

    /// `getInfoPagoWs`: payment records matching the filters (empty when none).
    pub async fn payments(&self, filter: &InfoPagoRequest) -> Result<Vec<PagoInfo>, Error> {
        self.read(filter).await
    }

    /// `getNroControlWS`: a control number for a pay-button payment of `monto`.
    pub async fn control_number(&self, monto: rust_decimal::Decimal) -> Result<NroControl, Error> {
        self.read(&NroControlRequest { monto }).await
    }

    /// `getXmlWS`: a pay-button payment's result, its `monto` read with the configured codec.
    pub async fn button_result(&self, control: &str) -> Result<XmlPago, Error> {
        let request = XmlRequest {
            control: control.trim().to_owned(),
        };
        Ok(self
            .read(&request)
            .await?
            .with_amount_codec(self.config().button.amount_codec))
    }

    /// The clock the client reads for dates (Zoom's time zone) and recovery waits.
    pub fn clock(&self) -> &C {
        self.session.clock()
    }

    /// The transport, for the probe (see [`super::discover`]), which builds clients of its own.
    pub(super) fn transport(&self) -> &T {
        self.session.transport()
    }

    /// Now in Zoom's time zone, to the second.
    pub fn now_local(&self) -> chrono::NaiveDateTime {
        let now = self
            .clock()
            .now()
            .with_timezone(&self.config().utc_offset)
            .naive_local();
        chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now)
    }

    /// Today in Zoom's time zone: the default `fechapago`.
    pub fn today(&self) -> NaiveDate {
        self.clock()
            .now()
            .with_timezone(&self.config().utc_offset)
            .date_naive()
    }
}
