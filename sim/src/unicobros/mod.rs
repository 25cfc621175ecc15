//! The simulated Unicobros (Mobbex white label), Argentina: wired into the server; its endpoints are not built yet.

use chrono::NaiveDateTime;
use hyper::{Method, StatusCode};
use serde_json::json;

use crate::biller::{BillerSim, SimRequest, SimResponse};

/// How the simulated Unicobros is set up.
#[derive(Clone, Debug, Default)]
pub struct UnicobrosSimConfig {}

pub(crate) struct Unicobros {
    _config: UnicobrosSimConfig,
}

impl Unicobros {
    pub(crate) fn new(config: UnicobrosSimConfig) -> Self {
        Unicobros { _config: config }
    }
}

impl BillerSim for Unicobros {
    fn name(&self) -> &'static str {
        "unicobros"
    }
    fn endpoints(&self) -> &'static [&'static str] {
        &[]
    }
    fn route(&self, _path: &str) -> Option<&'static str> {
        None
    }
    fn record_request(&self, _endpoint: &'static str) {}
    fn handle(&self, _endpoint: &'static str, _req: &SimRequest, _now: NaiveDateTime) -> SimResponse {
        SimResponse::json(StatusCode::NOT_FOUND, &json!({"error": "not simulated"}))
    }
    fn control(&self, _method: &Method, _path: &str, _body: &[u8], _now: NaiveDateTime) -> Option<SimResponse> {
        None
    }
    fn snapshot_json(&self, _now: NaiveDateTime) -> serde_json::Value {
        json!({})
    }
    fn reset(&self) {}
}
