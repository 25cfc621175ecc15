//! The native HTTP transport (feature `native`): reqwest with rustls.

use std::time::Duration;

use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::transport::{Delivery, Transport, TransportError, TransportErrorKind};

/// An HTTP transport over reqwest (rustls, webpki roots). Redirects are not followed: a biller
/// endpoint that redirects a payment is a configuration problem to surface, not to paper over.
#[derive(Debug, Clone)]
pub struct NativeTransport {
    client: reqwest::Client,
}

impl NativeTransport {
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
