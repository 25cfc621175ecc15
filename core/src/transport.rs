//! The one seam between recaudo and the network.
//!
//! Callers supply the HTTP client (oauth2-rs style): anything that can turn an [`HttpRequest`]
//! into an [`HttpResponse`]. The trait has no `Send` bound so that browser (fetch) futures
//! implement it as well as native ones; a concrete transport whose futures are `Send` keeps the
//! clients' futures `Send`.
//!
//! The error's [`Delivery`] is what safe payment hangs on: a request refused before it was sent
//! can simply be sent again; one that may have reached the biller must be checked first.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use crate::http::{HttpRequest, HttpResponse};

/// The HTTP client recaudo sends through, supplied by the app: reqwest natively
/// (`native::NativeTransport`), fetch in the browser, OkHttp or URLSession through the mobile
/// bindings, or a test double. recaudo never opens a connection itself, so proxies, pinning and
/// interceptors stay the app's.
pub trait Transport {
    /// Performs one HTTP exchange. Non-2xx statuses are responses, not errors.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;
}

impl<T: Transport + ?Sized> Transport for &T {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

/// A transport made from a plain async function, for apps and tests that bring their own client.
pub struct FnTransport<F>(pub F);

impl<F, Fut> Transport for FnTransport<F>
where
    F: Fn(HttpRequest) -> Fut,
    Fut: Future<Output = Result<HttpResponse, TransportError>>,
{
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        (self.0)(request)
    }
}

/// Whether a failed request may have been seen by the biller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Certainly not sent (connection refused, DNS failure, invalid request): safe to send again.
    NotSent,
    /// Sent, or possibly sent (timeout, reset or closed connection after writing): the biller may
    /// have acted on it.
    MaybeDelivered,
}

/// What went wrong, for messages and retry decisions; [`Delivery`] alone decides whether a
/// payment must be checked before it is sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportErrorKind {
    /// Could not connect.
    Connect,
    /// The per-request timeout elapsed.
    Timeout,
    /// The connection failed or closed during the exchange.
    Io,
    /// Anything else the transport could not classify.
    Other,
}

/// A request that got no HTTP response. A response with any status is not an error here: the
/// biller answered, and its answer is read by the endpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TransportError {
    /// What failed.
    pub kind: TransportErrorKind,
    /// Whether the biller may have seen the request: a transport that cannot tell must say
    /// [`Delivery::MaybeDelivered`], so that a payment is looked up, never sent twice.
    pub delivery: Delivery,
    /// The transport's own description. Transports must not put credentials here.
    pub message: String,
}

impl TransportError {
    /// An error with the transport's own description (which must hold no credentials).
    pub fn new(kind: TransportErrorKind, delivery: Delivery, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            delivery,
            message: message.into(),
        }
    }

    /// Whether the request may have reached the biller: if so, a payment is checked before it
    /// is sent again.
    pub fn may_have_reached_biller(&self) -> bool {
        self.delivery == Delivery::MaybeDelivered
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Io => "connection failed",
            TransportErrorKind::Other => "transport error",
        };
        let delivery = match self.delivery {
            Delivery::NotSent => "not sent",
            Delivery::MaybeDelivered => "may have reached the biller",
        };
        write!(f, "{kind} ({delivery}): {}", self.message)
    }
}
