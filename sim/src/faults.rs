//! Fault kinds and the queues of armed faults.
//!
//! Safe payment is only as good as its handling of the ugly cases: a reply lost after the
//! biller committed, a reply lost before, a 500, a garbled body, a slow biller, a write that
//! lands after the client gave up, a write answered with an error. Tests arm faults for one
//! biller endpoint; the next matching requests consume them in FIFO order.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// What goes wrong with a request (see [`Fault`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// Close the connection without any response; the biller's state is unchanged.
    DropBeforeCommit,
    /// Process the request fully (state changed), then close the connection without a
    /// response: the case safe payment exists for.
    DropAfterCommit,
    /// Reply HTTP 500 `{"Message":"An error has occurred."}` without processing.
    Error500,
    /// Process fully, then reply with only the first half of the body (with a matching
    /// Content-Length, so the client reads a complete but garbled body). The status is the
    /// one the endpoint answered: 200 for every business reply, success or refusal.
    TruncatedJson,
    /// Process fully, then wait `ms` milliseconds before replying.
    Delay {
        /// How long to wait, in milliseconds.
        ms: u64,
    },
    /// Hold the request `ms` milliseconds, then process it (state changed) and answer if
    /// anyone still listens. Processing runs in a detached task, so it happens even when the
    /// client has timed out and closed the connection: a write that lands after the client's
    /// timeout plus its settle delay, which a check made in between does not see.
    LateCommit {
        /// How long the request waits before it is processed, in milliseconds.
        ms: u64,
    },
    /// Process fully (state changed), then answer the biller's own generic error body with
    /// HTTP `status` instead of the real reply: a client that trusts the error pays twice.
    CommitThenError {
        /// The HTTP status of the error reply (JSON `status`, default 200).
        status: u16,
    },
}

impl FaultKind {
    /// The wire name (`drop_before_commit`, `drop_after_commit`, `error_500`,
    /// `truncated_json`, `delay`, `late_commit`, `commit_then_error`).
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::DropBeforeCommit => "drop_before_commit",
            FaultKind::DropAfterCommit => "drop_after_commit",
            FaultKind::Error500 => "error_500",
            FaultKind::TruncatedJson => "truncated_json",
            FaultKind::Delay { .. } => "delay",
            FaultKind::LateCommit { .. } => "late_commit",
            FaultKind::CommitThenError { .. } => "commit_then_error",
        }
    }
}

/// A fault armed for one biller endpoint.
///
/// JSON form: `{"biller":"unicomer","endpoint":"registrarpago","kind":"drop_after_commit","times":1}`;
/// `delay` and `late_commit` add `"delay_ms": 3000` (required); `commit_then_error` may add
/// `"status": 500` (the HTTP status, default 200). `times` defaults to 1 (0 is taken as 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FaultWire", into = "FaultWire")]
pub struct Fault {
    /// Biller name, which is also its path prefix (`"unicomer"`).
    pub biller: String,
    /// Endpoint name within the biller (`token`, `estadocuenta`, `registrarpago`,
    /// `reversapago`, `consultarpago`, `conciliacion` for Unicomer).
    pub endpoint: String,
    /// What happens.
    pub kind: FaultKind,
    /// How many consecutive matching requests it affects.
    pub times: u32,
}

impl Fault {
    /// A fault for one Unicomer request.
    pub fn unicomer(endpoint: &str, kind: FaultKind) -> Fault {
        Fault {
            biller: "unicomer".to_owned(),
            endpoint: endpoint.to_owned(),
            kind,
            times: 1,
        }
    }

    /// Same fault, affecting `times` consecutive requests.
    pub fn times(mut self, times: u32) -> Fault {
        self.times = times;
        self
    }
}

/// The flat JSON shape of a [`Fault`]. Plain fields only: `untagged`/`flatten` would buffer
/// numbers and break under serde_json's `arbitrary_precision`, which an application may turn on.
#[derive(Serialize, Deserialize)]
struct FaultWire {
    biller: String,
    endpoint: String,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    delay_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(default = "one")]
    times: u32,
}

fn one() -> u32 {
    1
}

/// Why a fault description was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultError(pub String);

impl fmt::Display for FaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultError {}

impl TryFrom<FaultWire> for Fault {
    type Error = FaultError;

    fn try_from(w: FaultWire) -> Result<Fault, FaultError> {
        let delay_ms = |kind: &str| {
            w.delay_ms.ok_or_else(|| {
                FaultError(format!("a `{kind}` fault needs `delay_ms` (milliseconds)"))
            })
        };
        let kind = match w.kind.as_str() {
            "drop_before_commit" => FaultKind::DropBeforeCommit,
            "drop_after_commit" => FaultKind::DropAfterCommit,
            "error_500" => FaultKind::Error500,
            "truncated_json" => FaultKind::TruncatedJson,
            "delay" => FaultKind::Delay {
                ms: delay_ms("delay")?,
            },
            "late_commit" => FaultKind::LateCommit {
                ms: delay_ms("late_commit")?,
            },
            "commit_then_error" => {
                let status = w.status.unwrap_or(200);
                if !(100..=599).contains(&status) {
                    return Err(FaultError(format!(
                        "a `commit_then_error` fault's `status` must be an HTTP status \
                         (100-599), got {status}"
                    )));
                }
                FaultKind::CommitThenError { status }
            }
            other => {
                return Err(FaultError(format!(
                    "unknown fault kind `{other}`; expected drop_before_commit, \
                     drop_after_commit, error_500, truncated_json, delay, late_commit or \
                     commit_then_error"
                )));
            }
        };
        Ok(Fault {
            biller: w.biller,
            endpoint: w.endpoint,
            kind,
            times: w.times,
        })
    }
}

impl From<Fault> for FaultWire {
    fn from(f: Fault) -> FaultWire {
        let (delay_ms, status) = match f.kind {
            FaultKind::Delay { ms } | FaultKind::LateCommit { ms } => (Some(ms), None),
            FaultKind::CommitThenError { status } => (None, Some(status)),
            _ => (None, None),
        };
        FaultWire {
            biller: f.biller,
            endpoint: f.endpoint,
            kind: f.kind.name().to_owned(),
            delay_ms,
            status,
            times: f.times,
        }
    }
}

/// Armed faults per (biller, endpoint), each queue in arming order.
#[derive(Default)]
pub(crate) struct FaultQueues {
    queues: Mutex<HashMap<(String, String), VecDeque<Fault>>>,
}

impl FaultQueues {
    /// Appends a fault (already validated) to its queue.
    pub(crate) fn arm(&self, mut fault: Fault) {
        fault.times = fault.times.max(1);
        let key = (fault.biller.clone(), fault.endpoint.clone());
        self.lock().entry(key).or_default().push_back(fault);
    }

    /// Consumes one use of the oldest fault armed for this endpoint, if any.
    pub(crate) fn take(&self, biller: &str, endpoint: &str) -> Option<FaultKind> {
        let mut queues = self.lock();
        let key = (biller.to_owned(), endpoint.to_owned());
        let queue = queues.get_mut(&key)?;
        let front = queue.front_mut()?;
        let kind = front.kind.clone();
        front.times -= 1;
        if front.times == 0 {
            queue.pop_front();
        }
        if queue.is_empty() {
            queues.remove(&key);
        }
        Some(kind)
    }

    /// Every armed fault with its remaining uses, for the state endpoint.
    pub(crate) fn list(&self) -> Vec<Fault> {
        let queues = self.lock();
        let mut keys: Vec<_> = queues.keys().cloned().collect();
        keys.sort();
        keys.iter()
            .flat_map(|k| queues[k].iter().cloned())
            .collect()
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, String), VecDeque<Fault>>> {
        self.queues.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip() {
        let f: Fault = serde_json::from_str(
            r#"{"biller":"unicomer","endpoint":"registrarpago","kind":"delay","delay_ms":3000}"#,
        )
        .unwrap();
        assert_eq!(f.kind, FaultKind::Delay { ms: 3000 });
        assert_eq!(f.times, 1);
        let back = serde_json::to_value(&f).unwrap();
        assert_eq!(back["kind"], "delay");
        assert_eq!(back["delay_ms"].to_string(), "3000");
        let drop: Fault = serde_json::from_str(
            r#"{"biller":"unicomer","endpoint":"token","kind":"drop_after_commit","times":2}"#,
        )
        .unwrap();
        assert_eq!(drop.kind, FaultKind::DropAfterCommit);
        assert_eq!(drop.times, 2);
        assert!(
            serde_json::from_str::<Fault>(r#"{"biller":"u","endpoint":"e","kind":"delay"}"#)
                .is_err()
        );
        let err = serde_json::from_str::<Fault>(r#"{"biller":"u","endpoint":"e","kind":"boom"}"#)
            .unwrap_err();
        assert!(
            err.to_string().contains("late_commit or commit_then_error"),
            "{err}"
        );
    }

    #[test]
    fn late_commit_and_commit_then_error_round_trip() {
        let late: Fault = serde_json::from_str(
            r#"{"biller":"zoom","endpoint":"createPagoWs","kind":"late_commit","delay_ms":1500}"#,
        )
        .unwrap();
        assert_eq!(late.kind, FaultKind::LateCommit { ms: 1500 });
        let back = serde_json::to_value(&late).unwrap();
        assert_eq!(back["kind"], "late_commit");
        assert_eq!(back["delay_ms"].to_string(), "1500");
        assert!(back.get("status").is_none());
        assert_eq!(serde_json::from_value::<Fault>(back).unwrap(), late);
        assert!(
            serde_json::from_str::<Fault>(r#"{"biller":"u","endpoint":"e","kind":"late_commit"}"#)
                .is_err()
        );

        let plain: Fault = serde_json::from_str(
            r#"{"biller":"cooplan","endpoint":"realizarpago","kind":"commit_then_error"}"#,
        )
        .unwrap();
        assert_eq!(plain.kind, FaultKind::CommitThenError { status: 200 });
        let with_status: Fault = serde_json::from_str(
            r#"{"biller":"cooplan","endpoint":"realizarpago","kind":"commit_then_error","status":502,"times":2}"#,
        )
        .unwrap();
        assert_eq!(with_status.kind, FaultKind::CommitThenError { status: 502 });
        assert_eq!(with_status.times, 2);
        let back = serde_json::to_value(&with_status).unwrap();
        assert_eq!(back["kind"], "commit_then_error");
        assert_eq!(back["status"].to_string(), "502");
        assert!(back.get("delay_ms").is_none());
        assert_eq!(serde_json::from_value::<Fault>(back).unwrap(), with_status);
        for bad in [99, 600] {
            let text = format!(
                r#"{{"biller":"u","endpoint":"e","kind":"commit_then_error","status":{bad}}}"#
            );
            assert!(serde_json::from_str::<Fault>(&text).is_err(), "{bad}");
        }
    }

    #[test]
    fn queues_are_fifo_and_count_uses() {
        let q = FaultQueues::default();
        q.arm(Fault::unicomer("token", FaultKind::Error500).times(2));
        q.arm(Fault::unicomer("token", FaultKind::TruncatedJson));
        assert_eq!(q.take("unicomer", "estadocuenta"), None);
        assert_eq!(q.take("unicomer", "token"), Some(FaultKind::Error500));
        assert_eq!(q.take("unicomer", "token"), Some(FaultKind::Error500));
        assert_eq!(q.take("unicomer", "token"), Some(FaultKind::TruncatedJson));
        assert_eq!(q.take("unicomer", "token"), None);
    }
}
