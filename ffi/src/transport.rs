//! The app-supplied transport: [`HttpTransport`], a foreign trait an Android app implements with
//! OkHttp (an iOS app with URLSession) to route recaudo's calls through its own client (proxies,
//! certificate pinning, its own TLS roots), and its adapter to the core's `Transport`.
//!
//! The one thing a foreign transport must get right is [`HttpTransportError::Failed`]'s
//! `may_have_reached_server`: `false` only when the request certainly never left (connection
//! refused, DNS failure); a timeout or a reset after writing is `true`. Safe payment depends on
//! it. An exception the implementation did not declare counts as "may have reached" (the safe
//! side), and so does a transport that outlives the request's timeout by more than a second.
//!
//! Requests carry credentials (token bodies, bearer and API-key headers): implementations must
//! not log them.

use std::sync::Arc;
use std::time::Duration;

use recaudo_core::http::{HttpRequest, HttpResponse};
#[cfg(feature = "native-transport")]
use recaudo_core::native::NativeTransport;
use recaudo_core::transport::{Delivery, Transport, TransportError, TransportErrorKind};

/// One HTTP header.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

/// One request for the app's HTTP client.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct TransportRequest {
    /// `GET` or `POST`.
    pub method: String,
    /// Absolute URL.
    pub url: String,
    pub headers: Vec<HttpHeader>,
    pub body: Vec<u8>,
    /// How long the whole exchange may take, in milliseconds; the client must enforce it.
    /// Signed, as JVM and mobile clients take it (`Long`, `Int64`).
    pub timeout_ms: Option<i64>,
}

/// The reply, whatever its status (a 4xx or 5xx is a reply, not a failure).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct TransportResponse {
    pub status: u16,
    pub headers: Vec<HttpHeader>,
    pub body: Vec<u8>,
}

/// What kind of failure a transport met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum TransportFailureKind {
    /// Could not connect (refused, DNS, TLS handshake).
    Connect,
    /// The request's timeout elapsed.
    Timeout,
    /// The connection failed during the exchange.
    Io,
    Other,
}

/// A request that got no reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum HttpTransportError {
    #[error("{kind:?} (may have reached the server: {may_have_reached_server}): {detail}")]
    Failed {
        kind: TransportFailureKind,
        /// `false` only when the request certainly never left this device.
        may_have_reached_server: bool,
        /// Never a credential.
        detail: String,
    },
}

/// An exception the foreign implementation did not declare: nobody knows whether the request
/// left, so it counts as possibly delivered.
impl From<uniffi::UnexpectedUniFFICallbackError> for HttpTransportError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        HttpTransportError::Failed {
            kind: TransportFailureKind::Other,
            may_have_reached_server: true,
            detail: format!("the app's transport failed unexpectedly: {}", e.reason),
        }
    }
}

/// An HTTP client supplied by the app.
#[uniffi::export(with_foreign)]
#[async_trait::async_trait]
pub trait HttpTransport: Send + Sync {
    /// Performs one exchange. Throws [`HttpTransportError::Failed`] when there is no reply.
    async fn send(
        &self,
        request: TransportRequest,
    ) -> Result<TransportResponse, HttpTransportError>;
}

/// Added to a request's timeout before recaudo stops waiting for a foreign transport that does
/// not enforce it.
const FOREIGN_GRACE: Duration = Duration::from_secs(1);

/// The transport every binding collector uses: the native one, or the app's.
pub(crate) enum FfiTransport {
    #[cfg(feature = "native-transport")]
    Native(NativeTransport),
    Foreign(Arc<dyn HttpTransport>),
}

impl FfiTransport {
    pub(crate) fn new(
        foreign: Option<Arc<dyn HttpTransport>>,
    ) -> Result<Self, recaudo_core::Error> {
        match foreign {
            Some(t) => Ok(FfiTransport::Foreign(t)),
            None => Self::native(),
        }
    }

    #[cfg(feature = "native-transport")]
    fn native() -> Result<Self, recaudo_core::Error> {
        Ok(FfiTransport::Native(NativeTransport::new()?))
    }

    /// The mobile build has no HTTP client of its own.
    #[cfg(not(feature = "native-transport"))]
    fn native() -> Result<Self, recaudo_core::Error> {
        Err(recaudo_core::Error::Config(
            "this build of recaudo has no native HTTP transport: pass the app's HttpTransport"
                .into(),
        ))
    }
}

impl Transport for FfiTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        match self {
            #[cfg(feature = "native-transport")]
            FfiTransport::Native(t) => t.send(request).await,
            FfiTransport::Foreign(t) => send_foreign(t.as_ref(), request).await,
        }
    }
}

async fn send_foreign(
    transport: &dyn HttpTransport,
    request: HttpRequest,
) -> Result<HttpResponse, TransportError> {
    let limit = request.timeout.map(|t| t + FOREIGN_GRACE);
    let request = TransportRequest {
        method: request.method.as_str().to_owned(),
        url: request.url,
        headers: request
            .headers
            .into_iter()
            .map(|(name, value)| HttpHeader { name, value })
            .collect(),
        body: request.body,
        timeout_ms: request
            .timeout
            .map(|t| i64::try_from(t.as_millis()).unwrap_or(i64::MAX)),
    };
    let exchange = transport.send(request);
    let reply = match limit {
        Some(limit) => match tokio::time::timeout(limit, exchange).await {
            Ok(reply) => reply,
            Err(_) => {
                return Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    Delivery::MaybeDelivered,
                    "the app's transport did not answer within the request's timeout",
                ));
            }
        },
        None => exchange.await,
    };
    match reply {
        Ok(r) => Ok(HttpResponse {
            status: r.status,
            headers: r.headers.into_iter().map(|h| (h.name, h.value)).collect(),
            body: r.body,
        }),
        Err(HttpTransportError::Failed {
            kind,
            may_have_reached_server,
            detail,
        }) => {
            let kind = match kind {
                TransportFailureKind::Connect => TransportErrorKind::Connect,
                TransportFailureKind::Timeout => TransportErrorKind::Timeout,
                TransportFailureKind::Io => TransportErrorKind::Io,
                TransportFailureKind::Other => TransportErrorKind::Other,
            };
            let delivery = if may_have_reached_server {
                Delivery::MaybeDelivered
            } else {
                Delivery::NotSent
            };
            Err(TransportError::new(kind, delivery, detail))
        }
    }
}
