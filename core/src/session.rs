//! One session with a biller: the plumbing every biller's client shares.
//!
//! Each biller's client is a [`Session`] plus that biller's own calls (a statement, a payment's
//! status, a reconciliation...). The session owns what every client owned the same way, the
//! biller's configuration (base URL, paths, timeout, retry and recovery policies), the
//! transport, the clock and the token cache, and implements once what every client did the
//! same way:
//!
//! - [`Session::send`]: one exchange, the credential added. A credential the biller issues
//!   (a token endpoint, a login) is cached, refreshed early with one fetch in flight, and after
//!   a reply meaning "credential refused" refreshed once and the request replayed once
//!   ([`TokenCache::with_replay`]). That replay is safe even for a payment only because a
//!   refused credential means the biller did not process the request: each biller's
//!   [`Credential::refused`] must mean exactly that. No other retry: a write's failures are
//!   resolved by asking the biller (each biller's safe-payment module), never by resending.
//! - [`Session::read`]: `send` with retries and backoff on transient failures
//!   ([`retry_read`]). Only for requests that change nothing at the biller.
//! - [`Session::exchange`]: the timeout, the transport, the decoding.
//!
//! What differs between billers is only the credential, described by a [`Credential`]: how it
//! is obtained, how it rides on a request (a bearer header, two headers, a body field, static
//! keys) and which errors mean the biller refused it. Everything is static dispatch, with no
//! `Send` bound anywhere: browser futures are not `Send`, and a transport whose futures are
//! keeps the session's futures `Send` as before.

use std::any::Any;
use std::future::Future;
use std::time::Duration;

use crate::clock::Clock;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::retry::{RetryPolicy, retry_read};
use crate::secret::Secret;
use crate::token_cache::{Bearer, IssuedToken, TokenCache};
use crate::transport::Transport;

/// What a session needs from a biller's configuration. The fields stay where each biller's
/// configuration has always had them (callers set `config.timeout`, `config.retry`); this
/// trait only reads them.
pub trait SessionConfig {
    /// Per-request timeout given to the transport.
    fn timeout(&self) -> Duration;
    /// Backoff for reads.
    fn retry(&self) -> &RetryPolicy;
    /// How long before its expiry an issued token is replaced (capped at half its lifetime by
    /// the cache). Unused by credentials that are not issued, hence the default.
    fn token_refresh_margin(&self) -> Duration {
        Duration::ZERO
    }
}

/// Implements [`SessionConfig`] for a biller configuration that has the usual fields:
/// `timeout`, `retry` and, for a biller that issues tokens, `token_refresh_margin`
/// (`session_config!(ZoomConfig, token_refresh_margin)`).
macro_rules! session_config {
    ($config:ty) => {
        impl $crate::session::SessionConfig for $config {
            fn timeout(&self) -> std::time::Duration {
                self.timeout
            }
            fn retry(&self) -> &$crate::retry::RetryPolicy {
                &self.retry
            }
        }
    };
    ($config:ty, token_refresh_margin) => {
        impl $crate::session::SessionConfig for $config {
            fn timeout(&self) -> std::time::Duration {
                self.timeout
            }
            fn retry(&self) -> &$crate::retry::RetryPolicy {
                &self.retry
            }
            fn token_refresh_margin(&self) -> std::time::Duration {
                self.token_refresh_margin
            }
        }
    };
}

/// A biller's credential: how it is obtained, attached and refused. Implemented by a small
/// type per biller, which the session also keeps as state (Zoom's login reply, for one).
pub trait Credential: Sized {
    /// The biller's configuration, which its endpoints build requests from.
    type Config: SessionConfig;

    /// Whether [`Session::read`] retries a refused credential ([`Error::Auth`]) when
    /// [`Error::is_transient`] says so (a bare 401). Yes by default: for an issued credential
    /// the next attempt carries a fresh token. A biller with static keys says no: the same
    /// keys would only be refused again.
    const READ_RETRIES_REFUSALS: bool = true;

    /// Whether the biller issues the credential (a token endpoint, a login), so that it is
    /// cached, refreshed and, once refused, refreshed and the request replayed. `false` for a
    /// fixed credential (static keys, a token supplied directly): it is attached as is and its
    /// refusal returned at once, since replaying it could only be refused again.
    fn is_issued(config: &Self::Config) -> bool;

    /// Fetches a fresh credential from the biller. Called by the token cache, one fetch in
    /// flight, only when [`Credential::is_issued`]. It must reach the biller through
    /// [`Session::read_unauthenticated`] (or [`Session::exchange`]): going through
    /// [`Session::send`] would ask for a token to fetch a token.
    fn issue<T: Transport, C: Clock>(
        session: &Session<Self, T, C>,
    ) -> impl Future<Output = Result<IssuedToken, Error>>;

    /// Adds the credential to a request built by an endpoint. `token` is the issued token, or
    /// `None` for a credential that is not issued, which the configuration holds.
    fn attach(
        config: &Self::Config,
        http: HttpRequest,
        token: Option<&Secret>,
    ) -> Result<HttpRequest, Error>;

    /// Whether an error means the biller refused the credential and did not process the
    /// request: only then is an issued credential refreshed and the request replayed.
    fn refused(config: &Self::Config, error: &Error) -> bool;

    /// Every decoded reply's error passes through here, the token endpoint's included: a
    /// biller that reports a refused credential with a business code (under HTTP 200) turns
    /// it into [`Error::Auth`] so that [`Credential::refused`] and callers see one kind.
    fn classify(_config: &Self::Config, error: Error) -> Error {
        error
    }
}

/// An endpoint's decoded reply with its type erased (see [`Session::send_erased`]).
type Decoded = Box<dyn Any + Send>;

/// An endpoint's decoding with its type erased: a function pointer, so that a session's futures
/// stay `Send` over a transport whose futures are.
type Decode = fn(&HttpResponse) -> Result<Decoded, Error>;

fn decode_erased<E: Endpoint>(response: &HttpResponse) -> Result<Decoded, Error> {
    E::decode(response).map(|value| Box::new(value) as Decoded)
}

fn unerase<E: Endpoint>(decoded: Decoded) -> Result<E::Response, Error> {
    decoded
        .downcast::<E::Response>()
        .map(|value| *value)
        .map_err(|_| Error::Internal("a reply decoded into another type".into()))
}

/// A biller's configuration, transport, clock and token cache, with the one implementation of
/// sending, reading and authenticating (see the module docs).
pub struct Session<A: Credential, T, C> {
    config: A::Config,
    credential: A,
    transport: T,
    clock: C,
    tokens: TokenCache,
}

impl<A: Credential, T: Transport, C: Clock> Session<A, T, C> {
    /// A session with nothing cached. Checking the configuration is the biller client's job,
    /// before it builds its session.
    pub fn new(config: A::Config, credential: A, transport: T, clock: C) -> Self {
        Session {
            tokens: TokenCache::new(config.token_refresh_margin()),
            config,
            credential,
            transport,
            clock,
        }
    }

    /// The biller configuration the session was built with.
    pub fn config(&self) -> &A::Config {
        &self.config
    }

    /// The clock the session reads.
    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// The transport, for a probe that builds clients of its own over it.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The credential's own state.
    pub fn credential(&self) -> &A {
        &self.credential
    }

    /// One exchange with an endpoint, the credential added (see the module docs). No retry:
    /// callers of a write resolve failures themselves.
    pub async fn send<E: Endpoint<Config = A::Config>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        self.send_http::<E>(request.to_http(&self.config)?).await
    }

    /// [`Self::send`] of a request already built (for a request built against another
    /// configuration than the session's, such as a fallback date format).
    pub async fn send_http<E: Endpoint<Config = A::Config>>(
        &self,
        http: HttpRequest,
    ) -> Result<E::Response, Error> {
        unerase::<E>(
            self.send_erased(http, E::AUTHENTICATED, decode_erased::<E>)
                .await?,
        )
    }

    /// A read: [`Self::send`] with retries and backoff on transient failures.
    pub async fn read<E: Endpoint<Config = A::Config>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        self.retrying(|| self.send(request)).await
    }

    /// [`Self::read`] of a request already built.
    pub async fn read_http<E: Endpoint<Config = A::Config>>(
        &self,
        http: HttpRequest,
    ) -> Result<E::Response, Error> {
        self.retrying(|| self.send_http::<E>(http.clone())).await
    }

    /// A read sent without any credential, with retries: the token endpoint's or login's
    /// request, which changes nothing that matters at the biller.
    pub async fn read_unauthenticated<E: Endpoint<Config = A::Config>>(
        &self,
        request: &E,
    ) -> Result<E::Response, Error> {
        let http = request.to_http(&self.config)?;
        retry_read(self.config.retry(), &self.clock, || {
            self.exchange::<E>(http.clone())
        })
        .await
    }

    /// The timeout, the transport and the decoding (errors through
    /// [`Credential::classify`]); no credential, no retry.
    pub async fn exchange<E: Endpoint<Config = A::Config>>(
        &self,
        http: HttpRequest,
    ) -> Result<E::Response, Error> {
        unerase::<E>(self.exchange_erased(http, decode_erased::<E>).await?)
    }

    /// [`Self::send_http`] with the endpoint's type erased: the credential, the token replay
    /// and the exchange are compiled once per biller instead of once per endpoint (each copy
    /// weighs on the browser bundle).
    async fn send_erased(
        &self,
        http: HttpRequest,
        authenticated: bool,
        decode: Decode,
    ) -> Result<Decoded, Error> {
        if !authenticated {
            return self.exchange_erased(http, decode).await;
        }
        if !A::is_issued(&self.config) {
            return self
                .exchange_erased(A::attach(&self.config, http, None)?, decode)
                .await;
        }
        self.tokens
            .with_replay(
                || self.token(),
                |e| A::refused(&self.config, e),
                |bearer| {
                    let http = A::attach(&self.config, http.clone(), Some(&bearer.value));
                    async move { self.exchange_erased(http?, decode).await }
                },
            )
            .await
    }

    /// [`Self::exchange`] with the endpoint's type erased.
    async fn exchange_erased(
        &self,
        mut http: HttpRequest,
        decode: Decode,
    ) -> Result<Decoded, Error> {
        http.timeout = Some(self.config.timeout());
        let response = self.transport.send(http).await?;
        decode(&response).map_err(|e| A::classify(&self.config, e))
    }

    /// The cached token, or a fresh one from [`Credential::issue`] when there is none or it is
    /// due for refresh.
    pub async fn token(&self) -> Result<Bearer, Error> {
        self.tokens.get(&self.clock, || A::issue(self)).await
    }

    /// Runs `op` with the read retries, keeping a refused credential out of them when
    /// [`Credential::READ_RETRIES_REFUSALS`] says so.
    async fn retrying<R, F, Fut>(&self, mut op: F) -> Result<R, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<R, Error>>,
    {
        if A::READ_RETRIES_REFUSALS {
            return retry_read(self.config.retry(), &self.clock, op).await;
        }
        // A refusal is carried out of the retry loop as a success, then unwrapped.
        retry_read(self.config.retry(), &self.clock, || {
            let attempt = op();
            async move {
                match attempt.await {
                    Err(refused @ Error::Auth { .. }) => Ok(Err(refused)),
                    other => other.map(Ok),
                }
            }
        })
        .await
        .and_then(|answer| answer)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::rc::Rc;

    use chrono::DateTime;

    use super::*;
    use crate::clock::ManualClock;
    use crate::http::{HttpResponse, Method};
    use crate::transport::FnTransport;

    struct TestConfig;

    impl SessionConfig for TestConfig {
        fn timeout(&self) -> Duration {
            Duration::from_secs(7)
        }
        fn retry(&self) -> &RetryPolicy {
            static RETRY: RetryPolicy = RetryPolicy {
                max_attempts: 3,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(1),
            };
            &RETRY
        }
    }

    /// A bearer token from `POST token` (`FIXED = false`), or static keys (`FIXED = true`).
    struct TestCredential<const FIXED: bool>;

    impl<const FIXED: bool> Credential for TestCredential<FIXED> {
        type Config = TestConfig;
        const READ_RETRIES_REFUSALS: bool = !FIXED;

        fn is_issued(_: &TestConfig) -> bool {
            !FIXED
        }

        async fn issue<T: Transport, C: Clock>(
            session: &Session<Self, T, C>,
        ) -> Result<IssuedToken, Error> {
            Ok(IssuedToken {
                value: Secret::new(session.read_unauthenticated(&TokenCall).await?),
                lifetime: Duration::from_secs(3600),
            })
        }

        fn attach(
            _: &TestConfig,
            http: HttpRequest,
            token: Option<&Secret>,
        ) -> Result<HttpRequest, Error> {
            let value = token.map_or("static-key", |t| t.expose()).to_owned();
            Ok(http.header("Authorization", value))
        }

        fn refused(_: &TestConfig, error: &Error) -> bool {
            matches!(error, Error::Auth { .. })
        }

        fn classify(_: &TestConfig, error: Error) -> Error {
            match error {
                Error::Biller {
                    biller_code,
                    http_status,
                    ..
                } if biller_code == "TOKEN_REFUSED" => Error::Auth {
                    http_status,
                    biller_code: Some(biller_code),
                    biller_message: None,
                },
                other => other,
            }
        }
    }

    /// Answers with its body's text: 200 is the text, 401 a refusal, `REFUSED` a business
    /// refusal, anything else an HTTP status error.
    fn decode_text(response: &HttpResponse) -> Result<String, Error> {
        let text = String::from_utf8_lossy(&response.body).into_owned();
        match response.status {
            200 if text == "REFUSED" => Err(Error::Biller {
                biller_code: "TOKEN_REFUSED".into(),
                biller_message: text,
                http_status: 200,
            }),
            200 => Ok(text),
            401 => Err(Error::Auth {
                http_status: 401,
                biller_code: None,
                biller_message: None,
            }),
            status => Err(Error::HttpStatus {
                http_status: status,
                snippet: text,
            }),
        }
    }

    struct TokenCall;

    impl Endpoint for TokenCall {
        type Config = TestConfig;
        type Response = String;
        const NAME: &'static str = "token";
        const AUTHENTICATED: bool = false;

        fn to_http(&self, _: &TestConfig) -> Result<HttpRequest, Error> {
            Ok(HttpRequest::new(Method::Post, "http://biller.test/token"))
        }
        fn decode(response: &HttpResponse) -> Result<String, Error> {
            decode_text(response)
        }
    }

    struct Ping;

    impl Endpoint for Ping {
        type Config = TestConfig;
        type Response = String;
        const NAME: &'static str = "ping";

        fn to_http(&self, _: &TestConfig) -> Result<HttpRequest, Error> {
            Ok(HttpRequest::new(Method::Post, "http://biller.test/ping"))
        }
        fn decode(response: &HttpResponse) -> Result<String, Error> {
            decode_text(response)
        }
    }

    /// Scripted replies, and every request as `path credential` (`-` for none).
    #[derive(Clone, Default)]
    struct Script {
        replies: Rc<RefCell<VecDeque<(u16, &'static str)>>>,
        seen: Rc<RefCell<Vec<String>>>,
    }

    impl Script {
        fn reply(&self, replies: &[(u16, &'static str)]) {
            self.replies.borrow_mut().extend(replies.iter().copied());
        }

        /// The requests seen since the last call.
        fn seen(&self) -> Vec<String> {
            std::mem::take(&mut *self.seen.borrow_mut())
        }

        fn session<const FIXED: bool>(
            &self,
        ) -> Session<TestCredential<FIXED>, impl Transport, ManualClock> {
            let script = self.clone();
            let transport = FnTransport(move |request: HttpRequest| {
                assert_eq!(request.timeout, Some(Duration::from_secs(7)));
                let path = request.url.rsplit('/').next().unwrap_or_default();
                let credential = request.header_value("authorization").unwrap_or("-");
                script
                    .seen
                    .borrow_mut()
                    .push(format!("{path} {credential}"));
                let (status, body) = script.replies.borrow_mut().pop_front().expect("a reply");
                std::future::ready(Ok(HttpResponse::new(status, body)))
            });
            let clock = ManualClock::new(DateTime::from_timestamp(1_700_000_000, 0).unwrap());
            Session::new(TestConfig, TestCredential::<FIXED>, transport, clock)
        }
    }

    #[test]
    fn a_refused_token_is_refreshed_and_the_request_replayed_once() {
        let script = Script::default();
        let session = script.session::<false>();
        futures::executor::block_on(async {
            script.reply(&[(200, "t1"), (401, ""), (200, "t2"), (200, "ok")]);
            assert_eq!(session.send(&Ping).await.unwrap(), "ok");
            assert_eq!(script.seen(), ["token -", "ping t1", "token -", "ping t2"]);
            // The fresh token is cached; a refusal of the replay is returned, not replayed again.
            script.reply(&[(401, ""), (200, "t3"), (401, "")]);
            assert_eq!(session.send(&Ping).await.unwrap_err().code(), "auth");
            assert_eq!(script.seen(), ["ping t2", "token -", "ping t3"]);
            // A business code the credential classifies as a refusal is replayed too.
            script.reply(&[(200, "REFUSED"), (200, "t4"), (200, "ok")]);
            assert_eq!(session.send(&Ping).await.unwrap(), "ok");
            assert_eq!(script.seen(), ["ping t3", "token -", "ping t4"]);
        });
    }

    #[test]
    fn send_never_retries_read_retries_transient_failures_and_so_does_the_token_fetch() {
        let script = Script::default();
        let session = script.session::<false>();
        futures::executor::block_on(async {
            script.reply(&[(503, ""), (200, "t1"), (503, "")]);
            assert_eq!(session.send(&Ping).await.unwrap_err().code(), "http_status");
            assert_eq!(script.seen(), ["token -", "token -", "ping t1"]);
            script.reply(&[(503, ""), (503, ""), (200, "ok")]);
            assert_eq!(session.read(&Ping).await.unwrap(), "ok");
            assert_eq!(script.seen(), ["ping t1", "ping t1", "ping t1"]);
            script.reply(&[(503, ""), (503, ""), (503, "")]);
            assert_eq!(session.read(&Ping).await.unwrap_err().code(), "http_status");
            assert_eq!(script.seen().len(), 3, "max_attempts");
        });
    }

    #[test]
    fn a_fixed_credential_is_sent_as_is_never_replayed_nor_retried_when_refused() {
        let script = Script::default();
        let session = script.session::<true>();
        futures::executor::block_on(async {
            script.reply(&[(401, "")]);
            assert_eq!(session.send(&Ping).await.unwrap_err().code(), "auth");
            assert_eq!(script.seen(), ["ping static-key"]);
            script.reply(&[(401, "")]);
            assert_eq!(session.read(&Ping).await.unwrap_err().code(), "auth");
            assert_eq!(
                script.seen(),
                ["ping static-key"],
                "a refusal is not retried"
            );
            script.reply(&[(503, ""), (200, "ok")]);
            assert_eq!(session.read(&Ping).await.unwrap(), "ok");
            assert_eq!(script.seen(), ["ping static-key", "ping static-key"]);
        });
    }
}
