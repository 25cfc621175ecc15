//! What the server needs from each simulated biller.
//!
//! The server owns everything that is the same for every biller (HTTP, CORS, routing by
//! path prefix, request counting, faults, the clock); a biller only maps a path to an
//! endpoint name and turns a request into a response. Handlers are synchronous: the state
//! lives behind a mutex that is never held across an await, and all waiting (the `delay` and
//! `late_commit` faults) happens in the server. Adding a biller means implementing this trait and
//! listing it in `Simulator::start`.

use chrono::NaiveDateTime;
use hyper::{HeaderMap, Method, StatusCode};
use serde::Serialize;

/// A request as a biller handler sees it, body already read.
pub(crate) struct SimRequest {
    pub method: Method,
    /// The path below the biller's prefix, percent-decoded, slashes trimmed, case kept
    /// (`transactions/coupons/Ref_01` for `/unicobros/2.0/transactions/coupons/Ref_01`
    /// after `route` matched `2.0/...`). Routing uses the lower-cased form.
    pub path: String,
    /// The raw query string (without `?`), empty when there is none.
    pub query: String,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl SimRequest {
    /// The media type of the body, lower-cased, without parameters (`application/json`).
    pub fn media_type(&self) -> Option<String> {
        let v = self
            .headers
            .get(hyper::header::CONTENT_TYPE)?
            .to_str()
            .ok()?;
        Some(
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase(),
        )
    }

    /// True when the body is declared as `application/x-www-form-urlencoded`.
    pub fn is_form(&self) -> bool {
        self.media_type().as_deref() == Some("application/x-www-form-urlencoded")
    }
}

/// A response a handler wants sent (faults may still drop, delay or garble it).
pub(crate) struct SimResponse {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

impl SimResponse {
    /// A JSON response. Serialising our own types cannot fail; if it somehow did, the
    /// client gets a 500 rather than the simulator panicking.
    pub fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> SimResponse {
        match serde_json::to_vec(value) {
            Ok(body) => SimResponse { status, body },
            Err(e) => SimResponse {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                body: format!("{{\"Message\":\"simulator serialisation bug: {e}\"}}").into_bytes(),
            },
        }
    }

    /// A 200 JSON response.
    pub fn ok<T: Serialize + ?Sized>(value: &T) -> SimResponse {
        SimResponse::json(StatusCode::OK, value)
    }
}

/// One simulated biller, mounted under `/{name}/`.
pub(crate) trait BillerSim: Send + Sync {
    /// Name used in faults and state, and the first path segment.
    fn name(&self) -> &'static str;

    /// Every endpoint name faults may target, in a stable order.
    fn endpoints(&self) -> &'static [&'static str];

    /// Maps a path below the prefix (percent-decoded, case kept, without leading or trailing
    /// `/`) to an endpoint name; `None` is a 404. Billers whose routes ignore case (all of
    /// them, today) compare it lower-cased; case is kept for readings that route one exact
    /// spelling only.
    fn route(&self, path: &str) -> Option<&'static str>;

    /// Counts a request that reached `endpoint`, faulted or not.
    fn record_request(&self, endpoint: &'static str);

    /// The biller's own generic error body, which the `commit_then_error` fault answers in
    /// place of the real reply.
    fn error_body(&self) -> serde_json::Value;

    /// Serves one request at simulated time `now`. Must not panic on any input.
    fn handle(&self, endpoint: &'static str, req: &SimRequest, now: NaiveDateTime) -> SimResponse;

    /// Serves `/_sim/{name}/{path}`; `None` when the path is not one of the biller's.
    fn control(
        &self,
        method: &Method,
        path: &str,
        body: &[u8],
        now: NaiveDateTime,
    ) -> Option<SimResponse>;

    /// The biller's state for `GET /_sim/state`.
    fn snapshot_json(&self, now: NaiveDateTime) -> serde_json::Value;

    /// Back to seed data: customers, payments, tokens, counters.
    fn reset(&self);

    /// Invalidates every credential the biller issued (tokens), so the next call gets the
    /// biller's authentication failure. Billers without issued tokens ignore it.
    fn expire_tokens(&self) {}
}
