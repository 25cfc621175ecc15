//! The native transport and clock (feature `native`): reqwest with rustls, and tokio's timer.
//!
//! Kept out of the default build so that the core compiles to wasm32 without tokio; the CLI, the
//! tests and the FFI crate turn it on. Feature `native-runtime` alone keeps the clock and the
//! file journal without the HTTP client (a mobile app's own HTTP stack does the sending).

mod journal;

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::clock::Clock;
#[cfg(feature = "native")]
use crate::error::Error;
#[cfg(feature = "native")]
use crate::http::{HttpRequest, HttpResponse, Method};
#[cfg(feature = "native")]
use crate::transport::{Delivery, Transport, TransportError, TransportErrorKind};

pub use journal::FileJournal;

/// An HTTP transport over reqwest (rustls, webpki roots). Redirects are not followed: a biller
/// endpoint that redirects a payment is a configuration problem to surface, not to paper over.
#[cfg(feature = "native")]
#[derive(Debug, Clone)]
pub struct NativeTransport {
    client: reqwest::Client,
}

#[cfg(feature = "native")]
impl NativeTransport {
    /// A transport over a new reqwest client with rustls (no system OpenSSL), redirects off.
    pub fn new() -> Result<Self, Error> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("recaudo/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(NativeTransport { client })
    }

    /// Uses a caller-built client (proxies, extra roots, pinning).
    pub fn with_client(client: reqwest::Client) -> Self {
        NativeTransport { client }
    }
}

#[cfg(feature = "native")]
impl Transport for NativeTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        };
        let mut builder = self.client.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(timeout) = request.timeout {
            builder = builder.timeout(timeout);
        }
        let response = builder.body(request.body).send().await.map_err(classify)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect();
        let body = response.bytes().await.map_err(classify)?.to_vec();
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// Only a failure to connect (or to build the request) proves the biller never saw it.
#[cfg(feature = "native")]
fn classify(error: reqwest::Error) -> TransportError {
    let (kind, delivery) = if error.is_builder() {
        (TransportErrorKind::Other, Delivery::NotSent)
    } else if error.is_connect() {
        (TransportErrorKind::Connect, Delivery::NotSent)
    } else if error.is_timeout() {
        (TransportErrorKind::Timeout, Delivery::MaybeDelivered)
    } else {
        (TransportErrorKind::Io, Delivery::MaybeDelivered)
    };
    let error = error.without_url();
    let mut message = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    TransportError::new(kind, delivery, message)
}

/// The system clock, sleeping on tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep(&self, duration: Duration) -> impl std::future::Future<Output = ()> {
        tokio::time::sleep(duration)
    }
}
