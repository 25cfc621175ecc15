//! Which reading of its ambiguous document a biller follows, learned with read-only calls.
//!
//! Each biller's document is ambiguous in places (a date format, a header's spelling, a
//! lookup key, a reply's shape), and a real biller follows one reading. Each biller's probe (its
//! `discover` module, behind [`crate::Collector::probe`]) asks a biller's sandbox only what cannot change
//! anything there — a token or login, the statement of a customer the caller names, a status
//! query, the day's report — and return a [`Discovery`]: for each switch, the reading the
//! biller follows (or none: undetermined), the evidence (what was asked, what came back,
//! bounded, never a credential nor a customer's data) and how to pin it in recaudo's
//! configuration.
//!
//! They never pay or reverse anything. Switches that only a write would show (duplicate
//! guards, paying a settled invoice) are reported undetermined, with what recaudo does under
//! each reading.
//!
//! A probe takes the biller's configuration, a [`Transport`](crate::transport::Transport) and
//! a [`Clock`](crate::clock::Clock) (by reference, since a probe may build several clients that
//! differ in one setting) and fails only when the biller cannot be reached or refuses the
//! credentials. This module holds what every probe shares.

// The helpers below serve every biller's probe; a build with only some billers leaves some unused.
#![allow(dead_code)]

use serde::{Deserialize, Serialize};

use crate::collection::BillerId;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};

/// What a probe learned about one biller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Discovery {
    /// The biller probed.
    pub biller: BillerId,
    /// One per switch of that biller, in a fixed order.
    pub findings: Vec<Finding>,
    /// Calls that tell no switch but show what the probe reached (bounded, no secrets).
    pub notes: Vec<String>,
}

impl ProbeInput {
    /// A probe's subject (a customer, contract, document or reference, as the biller's probe
    /// takes it) and day.
    pub fn new(customer: Option<String>, date: Option<chrono::NaiveDate>) -> Self {
        ProbeInput { customer, date }
    }
}

impl Discovery {
    /// The finding for a switch key (`unicomer.conciliacion_date`).
    pub fn finding(&self, key: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.key == key)
    }
}

/// One switch: which reading the biller follows, and why we think so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// The switch, as the simulator names it (`cooplan.auth_header`).
    pub key: String,
    /// The reading (`secuencial`, `day_first`, ...); `None` when undetermined.
    pub reading: Option<String>,
    /// What was asked and what came back, one line each.
    pub evidence: Vec<String>,
    /// How to pin the reading in recaudo's configuration, or why nothing needs pinning.
    pub pin: Option<String>,
}

impl Finding {
    pub(crate) fn new(key: &str) -> Self {
        Finding {
            key: key.to_owned(),
            reading: None,
            evidence: Vec::new(),
            pin: None,
        }
    }

    pub(crate) fn saw(&mut self, line: impl Into<String>) {
        self.evidence.push(bounded(&line.into()));
    }

    pub(crate) fn settle(&mut self, reading: &str, pin: impl Into<String>) {
        self.reading = Some(reading.to_owned());
        self.pin = Some(pin.into());
    }

    /// A switch only a write would show.
    pub(crate) fn unlearnable(key: &str, under_each: &str, pin: &str) -> Self {
        let mut f = Finding::new(key);
        f.saw("cannot be learned without a payment");
        // Our own sentence, never a biller's text: kept whole.
        f.evidence.push(under_each.to_owned());
        f.pin = Some(pin.to_owned());
        f
    }
}

/// What the caller knows about the biller's data: each probe reads the fields it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProbeInput {
    /// A known customer: Unicomer `cliente`, Cooplan `Contrato`, Zoom document
    /// (`guide:1000000001`), Unicobros payment `reference`.
    pub customer: Option<String>,
    /// The day of the report or reconciliation (default: today in the biller's time zone).
    pub date: Option<chrono::NaiveDate>,
}

/// The phrase for a switch recaudo copes with under every reading.
pub(crate) const SAFE_UNDER_BOTH: &str = "recaudo is safe under both; nothing to pin";

/// At most this many characters of one evidence line.
const EVIDENCE_CHARS: usize = 240;

pub(crate) fn bounded(text: &str) -> String {
    if text.chars().count() <= EVIDENCE_CHARS {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(EVIDENCE_CHARS).collect();
    cut.push('…');
    cut
}

/// An error that ends the probe: the biller cannot be reached or refuses us.
pub(crate) fn fatal(error: &Error) -> bool {
    matches!(
        error,
        Error::Auth { .. }
            | Error::Transport(_)
            | Error::Config(_)
            | Error::InsecureUrl { .. }
            | Error::InvalidInput { .. }
            | Error::Internal(_)
    )
}

/// An error as evidence: a decode failure without its body snippet (a statement's body holds a
/// customer's data), anything else as it prints (errors never carry a secret).
pub(crate) fn said(error: &Error) -> String {
    match error {
        Error::Decode { http_status, .. } => {
            format!("a reply recaudo cannot decode (HTTP {http_status})")
        }
        other => other.to_string(),
    }
}

/// The JSON of a reply body (without a UTF-8 byte-order mark), or `Null`.
pub(crate) fn json_of(body: &[u8]) -> serde_json::Value {
    let body = body
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(body);
    crate::wire::from_body(body).unwrap_or(serde_json::Value::Null)
}

/// The JSON type of a value, for evidence.
pub(crate) fn kind(value: Option<&serde_json::Value>) -> &'static str {
    use serde_json::Value;
    match value {
        None => "absent",
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "a boolean",
        Some(Value::Number(_)) => "a number",
        Some(Value::String(s)) if s.is_empty() => "\"\"",
        Some(Value::String(_)) => "a string",
        Some(Value::Array(a)) if a.is_empty() => "[]",
        Some(Value::Array(_)) => "a list",
        Some(Value::Object(_)) => "an object",
    }
}

/// An endpoint built against a copy of the client's configuration changed by `adjust` (a
/// date format, a path): the one setting a probe varies, sent through the client as is.
pub(crate) struct Adjusted<E, F> {
    pub(crate) inner: E,
    pub(crate) adjust: F,
}

impl<E, F> Endpoint for Adjusted<E, F>
where
    E: Endpoint,
    E::Config: Clone,
    F: Fn(&mut E::Config),
{
    type Config = E::Config;
    type Response = E::Response;
    const NAME: &'static str = E::NAME;
    const AUTHENTICATED: bool = E::AUTHENTICATED;

    fn to_http(&self, config: &E::Config) -> Result<HttpRequest, Error> {
        let mut changed = config.clone();
        (self.adjust)(&mut changed);
        self.inner.to_http(&changed)
    }

    fn decode(response: &HttpResponse) -> Result<E::Response, Error> {
        E::decode(response)
    }
}

/// A reply's JSON beside its typed decoding, for switches that are about the reply's shape.
/// Every error stays an error (so the client refreshes, replays and retries as usual) except a
/// successful reply whose shape recaudo cannot decode, which becomes `typed: Err`.
pub(crate) struct Raw<E>(pub(crate) E);

pub(crate) struct RawReply<R> {
    pub(crate) typed: Result<R, Error>,
    pub(crate) json: serde_json::Value,
}

impl<E: Endpoint> Endpoint for Raw<E> {
    type Config = E::Config;
    type Response = RawReply<E::Response>;
    const NAME: &'static str = E::NAME;
    const AUTHENTICATED: bool = E::AUTHENTICATED;

    fn to_http(&self, config: &E::Config) -> Result<HttpRequest, Error> {
        self.0.to_http(config)
    }

    fn decode(response: &HttpResponse) -> Result<RawReply<E::Response>, Error> {
        let typed = match E::decode(response) {
            Err(e @ Error::Decode { .. }) if response.is_success() => Err(e),
            Err(e) => return Err(e),
            Ok(t) => Ok(t),
        };
        Ok(RawReply {
            typed,
            json: json_of(&response.body),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_bounded() {
        let long = "x".repeat(1000);
        assert_eq!(bounded(&long).chars().count(), EVIDENCE_CHARS + 1);
        assert_eq!(bounded("short"), "short");
    }

    #[test]
    fn kinds_and_bom() {
        let v = json_of(b"\xEF\xBB\xBF{\"a\": [], \"b\": \"\", \"c\": 1}");
        assert_eq!(kind(v.get("a")), "[]");
        assert_eq!(kind(v.get("b")), "\"\"");
        assert_eq!(kind(v.get("c")), "a number");
        assert_eq!(kind(v.get("d")), "absent");
    }

    #[test]
    fn a_discovery_serializes() {
        let mut f = Finding::new("unicomer.conciliacion_date");
        f.saw("asked");
        f.settle("day_first", "pin");
        let d = Discovery {
            biller: BillerId::Unicomer,
            findings: vec![f],
            notes: vec![],
        };
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["biller"], "unicomer");
        assert_eq!(json["findings"][0]["reading"], "day_first");
        assert_eq!(
            d.finding("unicomer.conciliacion_date").unwrap().evidence,
            ["asked"]
        );
    }
}
