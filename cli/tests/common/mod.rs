//! What every CLI contract test needs: a simulator running on its own runtime while the test
//! runs the `recaudo` binary, and readers for the `--json` contract (one document on stdout;
//! `{"code", "message"}` on stderr on failure).

#![allow(dead_code)]

use std::process::Output;

use recaudo_sim::{SimConfig, Simulator};
use serde_json::Value;

pub struct Fixture {
    pub sim: Simulator,
    _runtime: tokio::runtime::Runtime,
}

/// A simulator with its seed data, on a free port.
pub fn fixture() -> Fixture {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let sim = runtime
        .block_on(Simulator::start(SimConfig::default()))
        .expect("simulator starts");
    Fixture {
        sim,
        _runtime: runtime,
    }
}

/// A simulator with one Unicomer customer owing 1,000.00 on `invoice`, and a scratch directory
/// of the test's own (journals, exports), removed at the end.
pub struct Scratch {
    pub sim: Simulator,
    pub dir: std::path::PathBuf,
    _runtime: tokio::runtime::Runtime,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

/// A [`Scratch`] for the test `name` of the suite `suite`.
pub fn scratch(suite: &str, name: &str, customer: &str, invoice: i64) -> Scratch {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let sim = runtime
        .block_on(Simulator::start(SimConfig::default()))
        .expect("simulator starts");
    sim.add_unicomer_customer(
        customer,
        vec![(invoice, rust_decimal::Decimal::new(100_000, 2))],
    );
    let dir = std::env::temp_dir().join(format!("recaudo-{suite}-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).expect("scratch directory");
    Scratch {
        sim,
        dir,
        _runtime: runtime,
    }
}

/// Stdout as the one JSON document the contract promises.
pub fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// A failure's `code` and `message` from stderr (the exit status must be non-zero).
pub fn stderr_error(out: &Output) -> (String, String) {
    assert!(!out.status.success(), "expected a failure");
    let v: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "stderr is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        v["code"].as_str().expect("code").to_owned(),
        v["message"].as_str().expect("message").to_owned(),
    )
}

/// A decimal string with exactly two decimals (`"25.00"`).
pub fn is_two_decimals(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.len() == 2
            && frac.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Runs each `(arguments, code)` of a table of refused inputs through `run`: each must fail with
/// `code` as a JSON error on stderr and print nothing on stdout.
pub fn assert_each_refused(cases: &[(Vec<&str>, &str)], run: impl Fn(&[&str]) -> Output) {
    for (args, code) in cases {
        let out = run(args);
        let (got, message) = stderr_error(&out);
        assert_eq!(&got, code, "{args:?}: {message}");
        assert!(!message.is_empty());
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
