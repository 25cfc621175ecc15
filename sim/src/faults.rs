//! Fault kinds and the queues of armed faults.
//!
//! Safe payment is only as good as its handling of the ugly cases: a reply lost after the
//! biller committed, a reply lost before, a 500, a garbled body, a slow biller. Tests arm
//! faults for one biller endpoint; the next matching requests consume them in FIFO order.

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
}

impl FaultKind {
    /// The wire name (`drop_before_commit`, `drop_after_commit`, `error_500`,
    /// `truncated_json`, `delay`).
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::DropBeforeCommit => "drop_before_commit",
            FaultKind::DropAfterCommit => "drop_after_commit",
            FaultKind::Error500 => "error_500",
            FaultKind::TruncatedJson => "truncated_json",
            FaultKind::Delay { .. } => "delay",
        }
    }
}

/// A fault armed for one biller endpoint.
///
/// JSON form: `{"biller":"unicomer","endpoint":"registrarpago","kind":"drop_after_commit","times":1}`;
/// a delay adds `"delay_ms": 3000`. `times` defaults to 1 (0 is taken as 1).
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
/// numbers and break under serde_json's `arbitrary_precision`.
#[derive(Serialize, Deserialize)]
struct FaultWire {
    biller: String,
    endpoint: String,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    delay_ms: Option<u64>,
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
        let kind = match w.kind.as_str() {
            "drop_before_commit" => FaultKind::DropBeforeCommit,
            "drop_after_commit" => FaultKind::DropAfterCommit,
            "error_500" => FaultKind::Error500,
            "truncated_json" => FaultKind::TruncatedJson,
            "delay" => FaultKind::Delay {
                ms: w.delay_ms.ok_or_else(|| {
                    FaultError("a `delay` fault needs `delay_ms` (milliseconds)".to_owned())
                })?,
            },
            other => {
                return Err(FaultError(format!(
                    "unknown fault kind `{other}`; expected drop_before_commit, \
                     drop_after_commit, error_500, truncated_json or delay"
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
        let delay_ms = match f.kind {
            FaultKind::Delay { ms } => Some(ms),
            _ => None,
        };
        FaultWire {
            biller: f.biller,
            endpoint: f.endpoint,
            kind: f.kind.name().to_owned(),
            delay_ms,
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
        assert!(
            serde_json::from_str::<Fault>(r#"{"biller":"u","endpoint":"e","kind":"boom"}"#)
                .is_err()
        );
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
