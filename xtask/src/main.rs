//! `cargo xtask <task>`: the project's own build and test driver.
//!
//! - `test`: installs what the suites need (idempotently), then runs formatting and lint checks,
//!   the float guard, every test suite and a quick pass of the benchmarks, and closes with one
//!   `N passed, N failed` line.
//! - `bench`: the decode benchmarks at full length.
//! - `fuzz --seconds N`: every cargo-fuzz target in `fuzz/` for N seconds (see `fuzz.rs`).
//! - `perf`: one table of performance figures (decode ratios, requests per payment, token
//!   requests across an expiry, unified vs raw throughput, soak peak memory; see `perf.rs`).
//! - `soak`: the fault soak (10,000 payments by default) against the simulator; fails on any
//!   duplicate, lost payment or reconciliation mismatch, or more payments left for review than
//!   its injections explain. `--reading KEY=VALUE` (repeatable) plays a reading of a documented
//!   ambiguity, `--adversarial` the most adversarial reading of every biller.
//! - `test` also checks the Rust channel as a user meets it: packaging, the examples against
//!   the simulator, the MSRV build and a user's dependency tree (see `package.rs`).
//! - `test` also prints the reading matrix (`target/reading-matrix.txt`, written by the tests
//!   crate's `matrix` test) after the test suites.
//!
//! Only std, so that it builds in seconds on a fresh machine.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

mod ffi;
mod ffi_c;
mod ffi_kotlin;
mod fifth_biller;
mod fuzz;
mod mobile;
mod npm_package;
mod package;
mod perf;
mod postgres;
mod sim;
mod size_report;
mod tools;
mod wasm;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(&root),
        Some("bench") => run(
            &root,
            "cargo",
            &["bench", "-p", "recaudo-core", "--bench", "decode"],
            &[],
        ),
        Some("perf") => perf::perf(&root, &args[1..]),
        Some("soak") => {
            let mut cargo = vec![
                "run",
                "--release",
                "--quiet",
                "-p",
                "recaudo-tests",
                "--bin",
                "soak",
                "--",
            ];
            cargo.extend(args[1..].iter().map(String::as_str));
            run(&root, "cargo", &cargo, &[])
        }
        Some(cmd @ ("bundle" | "wasm-test" | "serve")) => wasm::command(&root, cmd, &args[1..]),
        Some(cmd @ ("bindings" | "ffi-test" | "ffi-perf")) => ffi::command(&root, cmd, &args[1..]),
        Some("postgres-test") => postgres::command(&root),
        Some("package-test") => {
            let mut tally = Tally::default();
            package::suite(&root, &mut tally).and_then(|()| tally.finish("packages"))
        }
        Some("fifth-biller") => {
            let mut tally = Tally::default();
            fifth_biller::suite(&root, &mut tally).and_then(|()| tally.finish("fifth biller"))
        }
        Some("fuzz") => fuzz::seconds_arg(&args).and_then(|n| match fuzz::fuzz(&root, n)? {
            Some(0) | None => Ok(()),
            Some(n) => Err(format!("{n} fuzz finding(s); see the artifacts above")),
        }),
        _ => {
            eprintln!(
                "usage: cargo xtask test | bench | perf | fuzz --seconds N | soak [--payments N] [--fault-percent P] [--concurrency C] [--seed S] [--reading KEY=VALUE ...] [--adversarial]\n       \
                 | bundle | wasm-test | serve [--port N] | bindings | ffi-test | ffi-perf | postgres-test | package-test | fifth-biller"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn test(root: &Path) -> Result<(), String> {
    let mut tally = Tally::default();

    step("tools");
    let has_fmt = ensure_component("rustfmt", &["fmt", "--version"]);
    let has_clippy = ensure_component("clippy", &["clippy", "--version"]);

    if has_fmt {
        step("cargo fmt --check");
        run(root, "cargo", &["fmt", "--all", "--", "--check"], &[])?;
    }
    if has_clippy {
        step("cargo clippy");
        run(
            root,
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        )?;
    }

    step("no floats on money paths");
    no_floats(root)?;
    tally.passed += 1;

    step("the default core is sans-IO: no tokio, builds for wasm32");
    core_is_portable(root)?;
    tally.passed += 1;

    step("cargo test (workspace)");
    let started = std::time::SystemTime::now();
    let tests = run_tests(root, &["test", "--workspace"], &mut tally);
    print_reading_matrix(root, started);
    tests?;

    postgres::suite(root, &mut tally)?;

    package::suite(root, &mut tally)?;

    step("decode benchmark (quick pass; figures, not a timed test)");
    run(
        root,
        "cargo",
        &["bench", "-p", "recaudo-core", "--bench", "decode"],
        &[("RECAUDO_BENCH_QUICK", "1")],
    )?;

    step("fuzz (short run: 5 s per target)");
    match fuzz::fuzz(root, 5)? {
        Some(0) => tally.passed += 1,
        Some(_) => tally.failed += 1,
        None => {}
    }

    wasm::suite(root, &mut tally)?;

    ffi::suite(root, &mut tally)?;

    fifth_biller::suite(root, &mut tally)?;

    tally.finish("summary")
}

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    /// Counts one check: a pass, or a failure printed as `FAILED: ...`.
    fn record(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => self.passed += 1,
            Err(e) => {
                println!("FAILED: {e}");
                self.failed += 1;
            }
        }
    }

    /// Prints `<label>: N passed, M failed`; an error if anything failed.
    fn finish(&self, label: &str) -> Result<(), String> {
        println!("\n{label}: {} passed, {} failed", self.passed, self.failed);
        if self.failed > 0 {
            return Err(format!("{label}: some tests failed"));
        }
        Ok(())
    }
}

fn step(name: &str) {
    println!("\n==> {name}");
}

/// Runs a command with inherited output; fails on a non-zero exit.
fn run(root: &Path, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<(), String> {
    let status = Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// Runs `cargo test`, echoing its output and adding up its `test result:` lines.
fn run_tests(root: &Path, args: &[&str], tally: &mut Tally) -> Result<(), String> {
    let mut child = Command::new("cargo")
        .args(args)
        .current_dir(root)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = child.stdout.take().expect("piped");
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| e.to_string())?;
        println!("{line}");
        if let Some(rest) = line.strip_prefix("test result: ") {
            tally.passed += count(rest, " passed");
            tally.failed += count(rest, " failed");
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        tally.failed = tally.failed.max(1);
        println!(
            "\nsummary: {} passed, {} failed",
            tally.passed, tally.failed
        );
        return Err(format!("`cargo {}` failed ({status})", args.join(" ")));
    }
    Ok(())
}

/// Prints the reading matrix the `matrix` test of the tests crate wrote during this run (every
/// biller under every reading of its document, through every fault; see `tests/matrix/`).
fn print_reading_matrix(root: &Path, since: std::time::SystemTime) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let path = target.join("reading-matrix.txt");
    let fresh = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .is_ok_and(|modified| modified >= since);
    step("reading matrix");
    match std::fs::read_to_string(&path) {
        Ok(text) if fresh => println!("{text}"),
        _ => println!("(not written by this run: {})", path.display()),
    }
}

/// The number before `label` in a `test result:` line.
fn count(line: &str, label: &str) -> u64 {
    line.find(label)
        .and_then(|end| line[..end].rsplit([' ', '.']).next()?.parse().ok())
        .unwrap_or(0)
}

/// Makes sure a rustup component works, installing it if needed; a machine without it skips
/// the check with a warning rather than failing the run.
fn ensure_component(component: &str, probe: &[&str]) -> bool {
    let works = || {
        Command::new("cargo")
            .args(probe)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if works() {
        return true;
    }
    let _ = Command::new("rustup")
        .args(["component", "add", component])
        .status();
    if works() {
        return true;
    }
    println!("warning: {component} is not available; skipping its check");
    false
}

/// The default core build pulls in no tokio and compiles to wasm32 (the browser channel needs
/// both). The wasm target is installed on first use; a machine that cannot install it skips
/// the build with a warning.
fn core_is_portable(root: &Path) -> Result<(), String> {
    let tree = Command::new("cargo")
        .args([
            "tree",
            "-p",
            "recaudo-core",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo tree: {e}"))?;
    let tree = String::from_utf8_lossy(&tree.stdout);
    if let Some(line) = tree
        .lines()
        .find(|l| l.starts_with("tokio ") || l.starts_with("reqwest "))
    {
        return Err(format!(
            "the default recaudo-core build depends on `{line}`"
        ));
    }
    println!("no tokio or reqwest in recaudo-core's default dependencies");
    let target = "wasm32-unknown-unknown";
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == target)
        });
    if !installed {
        let added = Command::new("rustup")
            .args(["target", "add", target])
            .status();
        if !added.is_ok_and(|s| s.success()) {
            println!("warning: cannot install the {target} target; skipping the wasm build");
            return Ok(());
        }
    }
    run(
        root,
        "cargo",
        &["build", "-p", "recaudo-core", "--target", target],
        &[],
    )
}

/// No `f32`/`f64` in the crates that carry money: amounts are decimals end to end.
fn no_floats(root: &Path) -> Result<(), String> {
    let mut offenders = Vec::new();
    for dir in [
        "core/src",
        "sim/src",
        "cli/src",
        "wasm/src",
        "wasm/floor/src",
        "ffi/src",
        "journal-postgres/src",
    ] {
        visit(&root.join(dir), &mut |path, text| {
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                if has_float_type(code) && !forwards_floats(path, code) {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        })?;
    }
    if offenders.is_empty() {
        println!("no f32/f64 in core/src, sim/src, cli/src, wasm/src, ffi/src");
        Ok(())
    } else {
        Err(format!(
            "floating point found on a money path:\n{}",
            offenders.join("\n")
        ))
    }
}

/// The one place allowed to name a float type: `core::objects_only`'s forwarding of a float
/// serde_json has parsed to the visitor that asked for it (a `serde_json::Value`); it makes no
/// float, and amounts never reach it. That exact line only: any other float in the file fails.
fn forwards_floats(path: &Path, code: &str) -> bool {
    path.ends_with("core/src/objects_only.rs")
        && code.trim() == "visit! { visit_f32(f32); visit_f64(f64); }"
}

fn has_float_type(code: &str) -> bool {
    let bytes = code.as_bytes();
    ["f32", "f64"].iter().any(|t| {
        code.match_indices(t).any(|(i, _)| {
            let before = i.checked_sub(1).map(|j| bytes[j]);
            let after = bytes.get(i + 3).copied();
            let ident = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
            !ident(before) && !ident(after)
        })
    })
}

fn visit(dir: &Path, f: &mut dyn FnMut(&Path, &str)) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            visit(&path, f)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            f(&path, &text);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_test_result_lines() {
        let line =
            "ok. 11 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.08s";
        assert_eq!(count(line, " passed"), 11);
        assert_eq!(count(line, " failed"), 2);
    }

    #[test]
    fn finds_float_types_only_as_types() {
        assert!(has_float_type("let x: f64 = 1.0;"));
        assert!(has_float_type("fn visit_f64(v: f32)"));
        assert!(!has_float_type("fn visit_f64(v: i64)"));
        assert!(!has_float_type("let buf64 = 1;"));
    }
}
