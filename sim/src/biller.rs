//! What a simulated biller is ([`SimBiller`]), and the plumbing every biller shares
//! ([`Mounted`]).
//!
//! The server owns everything that is the same for every biller (HTTP, CORS, routing by
//! path prefix, faults, the clock). [`Mounted`] owns what every biller's state needs the same
//! way: the lock, the request counters, reset to seed, the snapshot as JSON, the generic
//! `tokens/expire` control, and the readings. A biller only says what is its own: its prefix and
//! endpoints, its seed, how a path maps to an endpoint and a request to a reply, its controls,
//! its snapshot, its fake credentials and a debt tests can pay. Handlers are synchronous: the
//! state lives behind a mutex that is never held across an await, and all waiting (the `delay`
//! and `late_commit` faults) happens in the server.
//!
//! Adding a biller means a folder that implements [`SimBiller`] and one line in
//! [`crate::registry`].

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDateTime;
use hyper::{HeaderMap, Method, StatusCode};
use serde::Serialize;
use serde_json::{Value, json};

use crate::SimConfig;
use crate::control::control_ok;
use crate::fields::Fields;
use crate::readings::{LiveReadings, Readings};
use crate::registry::{BillerInfo, PayableDebt, SimCredentials};

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

    /// The body's fields, read as a form when `Content-Type` says so and as JSON otherwise:
    /// how Cooplan reads every body, Unicomer the ones it declares as forms but shows as JSON,
    /// and Unicobros its status call. The error is the parser's message, for the biller's own
    /// malformed-input reply.
    pub fn form_or_json(&self) -> Result<Fields, String> {
        if self.is_form() {
            Fields::from_form(&self.body)
        } else {
            Fields::from_json(&self.body)
        }
    }
}

/// A response a handler wants sent (faults may still drop, delay or garble it).
pub(crate) struct SimResponse {
    pub status: StatusCode,
    pub body: Vec<u8>,
    /// The body's media type when it is not JSON (Zoom's bank page is HTML).
    pub content_type: Option<&'static str>,
    /// A redirect's target (`Location`), for the bank page's way back.
    pub location: Option<String>,
}

impl SimResponse {
    /// A JSON response. Serialising our own types cannot fail; if it somehow did, the
    /// client gets a 500 rather than the simulator panicking.
    pub fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> SimResponse {
        match crate::exact::write(value) {
            Ok(body) => SimResponse {
                status,
                body,
                content_type: None,
                location: None,
            },
            Err(e) => SimResponse {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                body: format!("{{\"Message\":\"simulator serialisation bug: {e}\"}}").into_bytes(),
                content_type: None,
                location: None,
            },
        }
    }

    /// An HTML page (Zoom's simulated bank page, which a browser opens).
    pub fn html(status: StatusCode, page: String) -> SimResponse {
        SimResponse {
            status,
            body: page.into_bytes(),
            content_type: Some("text/html; charset=utf-8"),
            location: None,
        }
    }

    /// A `303 See Other` to `location` (the bank page sending the customer back).
    pub fn see_other(location: String) -> SimResponse {
        SimResponse {
            status: StatusCode::SEE_OTHER,
            body: Vec::new(),
            content_type: Some("text/plain; charset=utf-8"),
            location: Some(location),
        }
    }

    /// A 200 JSON response.
    pub fn ok<T: Serialize + ?Sized>(value: &T) -> SimResponse {
        SimResponse::json(StatusCode::OK, value)
    }
}

/// What every handler needs besides the state: the biller's settings, the request, the
/// simulated time it arrived at and the readings played for it (one consistent set per
/// request). Each biller names it `Ctx` for its own settings and adds its own helpers
/// (authorisation, body parsing) in an `impl Call<'_, ItsConfig>`.
pub(crate) struct Call<'a, C> {
    pub config: &'a C,
    pub req: &'a SimRequest,
    /// Simulated Ecuador wall time (the simulator's clock); billers elsewhere convert it.
    pub now: NaiveDateTime,
    pub readings: Readings,
}

/// A request to a biller's own controls, `/_sim/{ID}/{path}`.
#[derive(Clone, Copy)]
pub(crate) struct ControlCall<'a> {
    pub method: &'a Method,
    /// The path below `/_sim/{ID}/`, split at `/`, case kept (some controls take references).
    pub path: &'a [&'a str],
    pub body: &'a [u8],
    /// Simulated Ecuador wall time.
    pub now: NaiveDateTime,
}

/// One simulated biller, mounted under `/{ID}/` with its controls under `/_sim/{ID}/`.
///
/// Implemented once per biller, in its folder, by a type that only names it (the state lives
/// in [`Mounted`]); listed once in [`crate::registry`]. Everything here is an associated
/// function so that the plumbing can hold any biller the same way and a test or the registry
/// can ask for its credentials and payable debt without starting anything.
pub(crate) trait SimBiller: Sized + 'static {
    /// The first path segment, and the biller's name in faults, readings, `/_sim/state` and
    /// `/_sim/{ID}/...`. Lower case: the server lower-cases the prefix it routes by.
    const ID: &'static str;

    /// Every endpoint name faults may target, in a stable order; the request counters list
    /// each of them (at 0 after a reset).
    const ENDPOINTS: &'static [&'static str];

    /// The biller's settings: its part of [`SimConfig`].
    type Config: Send + Sync + 'static;

    /// Everything the biller remembers between requests.
    type State: Send + 'static;

    /// The state as tests read it (`GET /_sim/state` → `{ID}`, and the typed accessor on
    /// [`crate::Simulator`]).
    type Snapshot: Serialize;

    /// Takes its settings out of the simulator's.
    fn config(sim: &SimConfig) -> Self::Config;

    /// The state at start and after every reset: seed data, no payments, no tokens.
    fn seed() -> Self::State;

    /// Maps a path below the prefix (percent-decoded, case kept, without leading or trailing
    /// `/`) to an endpoint name; `None` is a 404. Billers whose routes ignore case (all of
    /// them, today) compare it lower-cased; case is kept for readings that route one exact
    /// spelling only.
    fn route(path: &str, readings: &LiveReadings) -> Option<&'static str>;

    /// Serves one request routed to `endpoint`, the state locked. Must not panic on any input.
    fn serve(
        endpoint: &'static str,
        cx: &Call<'_, Self::Config>,
        st: &mut Self::State,
    ) -> SimResponse;

    /// The biller's own generic error body, which the `commit_then_error` fault answers in
    /// place of the real reply.
    fn error_body() -> Value;

    /// Serves the biller's own controls; `None` when the path is not one of them (a 404).
    /// `POST tokens/expire` is served by [`Mounted`] through [`SimBiller::expire_tokens`]
    /// before this is asked.
    fn control(biller: &Mounted<Self>, call: &ControlCall<'_>) -> Option<SimResponse> {
        let _ = (biller, call);
        None
    }

    /// Invalidates every credential the biller issued, so the next call gets its
    /// authentication failure, and says what `POST /_sim/{ID}/tokens/expire` answers. `None`
    /// (the default) for a biller with nothing to expire: that control is then a 404 and
    /// [`crate::Simulator::expire_tokens`] passes it by.
    fn expire_tokens(st: &mut Self::State) -> Option<Value> {
        let _ = st;
        None
    }

    /// The state as tests read it, at simulated time `now`.
    fn snapshot(biller: &Mounted<Self>, now: NaiveDateTime) -> Self::Snapshot;

    /// The fake credentials the biller accepts under these settings, and where they go: what
    /// tests configure their clients with and what the merchant backend fills in.
    fn credentials(config: &Self::Config) -> SimCredentials;

    /// What a recaudo client connects with besides the base URL, by the JSON (camelCase) names
    /// of the biller's options in `recaudo_core` (see [`crate::BillerInfo::options`]).
    fn client_options(config: &Self::Config) -> Vec<(&'static str, String)>;

    /// A debt of the seed that a test can look up and pay, or `None` for a biller whose
    /// documented API takes no payment.
    fn payable_debt() -> Option<PayableDebt>;
}

/// A biller as the simulator runs it: its settings, its state behind a lock, its request
/// counters and the readings every biller shares. This is the plumbing the four billers used
/// to write out each: locking (a poisoned lock is recovered, so one panicking request cannot
/// fail every later test), counting, resetting, snapshotting as JSON, expiring tokens.
pub(crate) struct Mounted<B: SimBiller> {
    config: B::Config,
    state: Mutex<B::State>,
    /// Requests that reached each endpoint, faulted or not. Apart from the state so that
    /// counting never waits for a handler; a reset or a snapshot takes the state first.
    requests: Mutex<BTreeMap<&'static str, u64>>,
    readings: Arc<LiveReadings>,
}

impl<B: SimBiller> Mounted<B> {
    pub(crate) fn new(sim: &SimConfig, readings: Arc<LiveReadings>) -> Self {
        Mounted {
            config: B::config(sim),
            state: Mutex::new(B::seed()),
            requests: Mutex::new(zeroed::<B>()),
            readings,
        }
    }

    /// The biller's settings.
    pub(crate) fn config(&self) -> &B::Config {
        &self.config
    }

    /// The readings played now (shared by every biller).
    pub(crate) fn readings(&self) -> &LiveReadings {
        &self.readings
    }

    /// Locks the state. A handler never panics, but if one ever did, the next request should
    /// still be served rather than poisoning every later test.
    pub(crate) fn lock(&self) -> MutexGuard<'_, B::State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn counters(&self) -> MutexGuard<'_, BTreeMap<&'static str, u64>> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Requests that reached each endpoint since start or reset: every endpoint of
    /// [`SimBiller::ENDPOINTS`], even at 0, and any other name a route gave.
    pub(crate) fn requests(&self) -> BTreeMap<String, u64> {
        self.counters()
            .iter()
            .map(|(k, v)| ((*k).to_owned(), *v))
            .collect()
    }

    /// The state as tests read it.
    pub(crate) fn snapshot(&self, now: NaiveDateTime) -> B::Snapshot {
        B::snapshot(self, now)
    }
}

fn zeroed<B: SimBiller>() -> BTreeMap<&'static str, u64> {
    B::ENDPOINTS.iter().map(|e| (*e, 0)).collect()
}

/// A mounted biller with its type put aside, as the server, the control API and the registry
/// hold every one of them. [`Mounted`] is its only implementation.
pub(crate) trait AnyBiller: Send + Sync {
    fn id(&self) -> &'static str;
    fn endpoints(&self) -> &'static [&'static str];
    fn route(&self, path: &str) -> Option<&'static str>;
    /// Counts a request that reached `endpoint`, faulted or not.
    fn record_request(&self, endpoint: &'static str);
    /// Requests that reached each endpoint since start or reset ([`Mounted::requests`]).
    fn request_counts(&self) -> BTreeMap<String, u64>;
    fn error_body(&self) -> Value;
    /// Serves one request at simulated time `now`.
    fn handle(&self, endpoint: &'static str, req: &SimRequest, now: NaiveDateTime) -> SimResponse;
    /// Serves `/_sim/{id}/{path}`; `None` when the path is not one of the biller's.
    fn control(&self, call: &ControlCall<'_>) -> Option<SimResponse>;
    /// The biller's state for `GET /_sim/state`.
    fn snapshot_json(&self, now: NaiveDateTime) -> Value;
    /// Back to seed data: state and counters.
    fn reset(&self);
    /// Invalidates every token it issued (nothing for a biller without any).
    fn expire_tokens(&self);
    /// Its id, endpoints, credentials under its settings and payable debt.
    fn info(&self) -> BillerInfo;
    /// For [`crate::Shared::get`], which hands out the typed [`Mounted`].
    fn as_any(&self) -> &dyn Any;
}

impl<B: SimBiller> AnyBiller for Mounted<B> {
    fn id(&self) -> &'static str {
        B::ID
    }

    fn endpoints(&self) -> &'static [&'static str] {
        B::ENDPOINTS
    }

    fn route(&self, path: &str) -> Option<&'static str> {
        B::route(path, &self.readings)
    }

    fn record_request(&self, endpoint: &'static str) {
        *self.counters().entry(endpoint).or_insert(0) += 1;
    }

    fn request_counts(&self) -> BTreeMap<String, u64> {
        self.requests()
    }

    fn error_body(&self) -> Value {
        B::error_body()
    }

    fn handle(&self, endpoint: &'static str, req: &SimRequest, now: NaiveDateTime) -> SimResponse {
        let mut st = self.lock();
        let cx = Call {
            config: &self.config,
            req,
            now,
            readings: self.readings.snapshot(),
        };
        B::serve(endpoint, &cx, &mut st)
    }

    fn control(&self, call: &ControlCall<'_>) -> Option<SimResponse> {
        if call.method == Method::POST && call.path == ["tokens", "expire"] {
            if let Some(reply) = B::expire_tokens(&mut self.lock()) {
                return Some(control_ok(reply));
            }
        }
        B::control(self, call)
    }

    fn snapshot_json(&self, now: NaiveDateTime) -> Value {
        serde_json::to_value(self.snapshot(now)).unwrap_or(Value::Null)
    }

    fn reset(&self) {
        let mut st = self.lock();
        *st = B::seed();
        *self.counters() = zeroed::<B>();
    }

    fn expire_tokens(&self) {
        let _ = B::expire_tokens(&mut self.lock());
    }

    fn info(&self) -> BillerInfo {
        crate::registry::info::<B>(&self.config)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `{"expired": n}`: what `tokens/expire` answers for billers that count the tokens it ended.
pub(crate) fn expired(n: usize) -> Option<Value> {
    Some(json!({ "expired": n }))
}
