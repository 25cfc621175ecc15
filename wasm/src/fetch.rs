//! The fetch transport: core's [`Transport`] over the browser's `fetch`, through gloo-net.
//!
//! Kept to one function over plain values ([`HttpRequest`] in, [`HttpResponse`] out) so that
//! gloo-net could be swapped for `web-sys` fetch without touching anything else.
//!
//! - **Timeouts**: every request gets an `AbortController`; a `setTimeout` timer races the whole
//!   exchange (headers and body) and aborts it when [`HttpRequest::timeout`] (or
//!   [`DEFAULT_TIMEOUT`]) elapses, so no promise waits forever.
//! - **Delivery**: once a request has been handed to `fetch`, any failure is
//!   [`Delivery::MaybeDelivered`]. `fetch` reports a refused connection, a reset and a CORS
//!   failure alike (`TypeError: Failed to fetch`), so it cannot prove a request never left;
//!   being conservative only costs a status check, while the opposite could pay twice. Only
//!   failures before `fetch` (an invalid header, the page's header callback failing) are
//!   [`Delivery::NotSent`].
//! - **Bodies** are read as bytes and decoded by core in Rust, never by `JSON.parse` (which
//!   would turn amounts into doubles).
//! - **Page headers**: an optional callback supplies headers for every request (the page's
//!   session with its merchant backend); it may return an object or a promise of one. They are
//!   set after recaudo's own, so a same-named one (e.g. `Authorization`) replaces recaudo's:
//!   use a header of your own for the session.
//!
//! Nothing here logs: requests carry credentials and tokens.

use std::time::Duration;

use futures::future::{Either, select};
use gloo_net::http::{Headers, Method as FetchMethod, RequestBuilder};
use js_sys::{Function, Object, Promise, Uint8Array};
use recaudo_core::http::{HttpRequest, HttpResponse, Method};
use recaudo_core::transport::{Delivery, Transport, TransportError, TransportErrorKind};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The timeout of a request that did not set one: no call may hang the page.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// `fetch` as a [`Transport`], with optional headers from the page.
#[derive(Clone, Default)]
pub struct FetchTransport {
    headers: Option<Function>,
}

impl FetchTransport {
    /// `headers`: called before every request; returns `Record<string, string>` or a promise
    /// of one, whose entries are added to the request.
    pub fn new(headers: Option<Function>) -> Self {
        FetchTransport { headers }
    }

    async fn page_headers(&self) -> Result<Vec<(String, String)>, TransportError> {
        let Some(callback) = &self.headers else {
            return Ok(Vec::new());
        };
        let not_sent = |what: &str| {
            TransportError::new(
                TransportErrorKind::Other,
                Delivery::NotSent,
                format!("the page's headers callback {what}"),
            )
        };
        let mut value = callback
            .call0(&JsValue::UNDEFINED)
            .map_err(|_| not_sent("threw"))?;
        if let Some(promise) = value.dyn_ref::<Promise>() {
            value = JsFuture::from(promise.clone())
                .await
                .map_err(|_| not_sent("rejected"))?;
        }
        if value.is_undefined() || value.is_null() {
            return Ok(Vec::new());
        }
        let object = value
            .dyn_into::<Object>()
            .map_err(|_| not_sent("did not return an object"))?;
        let mut out = Vec::new();
        for entry in Object::entries(&object).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string())
            else {
                return Err(not_sent("returned a header value that is not a string"));
            };
            out.push((name, value));
        }
        Ok(out)
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let extra = self.page_headers().await?;
        fetch(request, extra).await
    }
}

fn not_sent(message: impl Into<String>) -> TransportError {
    TransportError::new(TransportErrorKind::Other, Delivery::NotSent, message)
}

/// One exchange with `fetch`.
async fn fetch(
    request: HttpRequest,
    extra: Vec<(String, String)>,
) -> Result<HttpResponse, TransportError> {
    let headers = web_sys::Headers::new().map_err(|_| not_sent("cannot create headers"))?;
    for (name, value) in request.headers.iter().chain(extra.iter()) {
        // The value may be a credential: the error names the header only.
        headers
            .set(name, value)
            .map_err(|_| not_sent(format!("invalid value for header `{name}`")))?;
    }
    let controller =
        web_sys::AbortController::new().map_err(|_| not_sent("cannot create AbortController"))?;
    let method = match request.method {
        Method::Get => FetchMethod::GET,
        Method::Post => FetchMethod::POST,
    };
    let builder = RequestBuilder::new(&request.url)
        .method(method)
        .headers(Headers::from_raw(headers))
        .abort_signal(Some(&controller.signal()));
    let built = if request.body.is_empty() {
        builder.build()
    } else {
        builder.body(Uint8Array::from(request.body.as_slice()))
    }
    .map_err(|e| not_sent(format!("invalid request: {}", describe(&e))))?;

    let exchange = async move {
        let response = built.send().await.map_err(|e| {
            TransportError::new(
                TransportErrorKind::Io,
                Delivery::MaybeDelivered,
                format!("fetch failed: {}", describe(&e)),
            )
        })?;
        let status = response.status();
        let headers = response.headers().entries().collect();
        let body = response.binary().await.map_err(|e| {
            TransportError::new(
                TransportErrorKind::Io,
                Delivery::MaybeDelivered,
                format!("reading the reply failed: {}", describe(&e)),
            )
        })?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    };
    let timeout = request.timeout.unwrap_or(DEFAULT_TIMEOUT);
    let timer = gloo_timers::future::TimeoutFuture::new(crate::clock::millis(timeout));
    match select(Box::pin(exchange), timer).await {
        Either::Left((result, _)) => result,
        Either::Right(((), _)) => {
            controller.abort();
            Err(TransportError::new(
                TransportErrorKind::Timeout,
                Delivery::MaybeDelivered,
                format!("no reply within {} ms", timeout.as_millis()),
            ))
        }
    }
}

/// A gloo-net error in a few words. fetch errors name no URL parameters or headers.
fn describe(error: &gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(e) => format!("{}: {}", e.name, e.message),
        other => other.to_string(),
    }
}
