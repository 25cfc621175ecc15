//! `cargo xtask fuzz --seconds N`: the cargo-fuzz targets in `fuzz/` (one per biller's
//! decoders, the money codec, the date parsers, the records parser), each run for N seconds
//! from corpora seeded with the documents' examples (`core/tests/fixtures/<biller>/`), then one
//! table: target, executions, findings. Any finding fails the run.
//!
//! Needs the nightly toolchain and cargo-fuzz: both are installed when missing; a machine where
//! that fails skips the run with a warning rather than failing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Mirrors `recaudo_fuzz::PLANTED_SECRET`: token seeds carry it, and no error may show it.
const PLANTED_SECRET: &str = "planted-secret-7f3a9c";

/// Status selector byte 0 is HTTP 200 (see `recaudo_fuzz::STATUSES`); 3 is 400, 4 is 401,
/// 10 is 500.
const OK: u8 = 0;

/// Per decoder target: (fixture file name prefix, endpoint selector byte).
const FIXTURES: &[(&str, &[(&str, u8)])] = &[
    (
        "unicomer",
        &[
            ("token", 0),
            ("estadocuenta", 1),
            ("registrarpago", 2),
            ("reversapago", 3),
            ("consultarpago", 4),
            ("conciliacion", 5),
        ],
    ),
    (
        "unicobros",
        &[
            ("transactions_status", 0),
            ("coupon", 1),
            ("operations_get", 2),
            ("operations_post", 3),
            ("date_range", 4),
        ],
    ),
    (
        "zoom",
        &[
            ("montodoc", 1),
            ("createpago", 2),
            ("infopago", 3),
            ("error_code", 3),
            ("nrocontrol", 4),
            ("xml", 5),
        ],
    ),
    (
        "cooplan",
        &[
            ("buscarcliente", 1),
            ("consultardeuda", 2),
            ("realizarpago", 3),
            ("imprimirfactura", 4),
            ("reportecobranzas", 5),
            ("revertirpago", 6),
        ],
    ),
];

/// Seeds the documents do not give (token replies, which must hold the planted secret; the
/// plain-text targets), as (target, name, bytes).
fn extra_seeds() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let s = PLANTED_SECRET;
    let decoder = |selector: u8, status: u8, body: String| {
        let mut v = vec![selector, status];
        v.extend_from_slice(body.as_bytes());
        v
    };
    vec![
        (
            "unicomer",
            "token-planted",
            decoder(
                0,
                OK,
                format!(r#"{{"access_token": "{s}", "token_type": "bearer", "expires_in": 1209599}}"#),
            ),
        ),
        (
            "unicomer",
            "token-refused",
            decoder(
                0,
                3,
                r#"{"error": "invalid_grant", "error_description": "usuario o clave incorrectos"}"#
                    .into(),
            ),
        ),
        (
            "unicomer",
            "token-garbled",
            decoder(0, OK, format!(r#"{{"access_token": "{s}", "expires_in": "#)),
        ),
        (
            "zoom",
            "login-planted",
            decoder(
                0,
                OK,
                format!(
                    r#"{{"codrespuesta": "COD_001", "mensaje": "OK", "entidadRespuesta": {{"token": "{s}", "codusuario": "6001", "tipousuario": "GE"}}}}"#
                ),
            ),
        ),
        (
            "zoom",
            "login-garbled",
            decoder(
                0,
                OK,
                format!(r#"{{"codrespuesta": "COD_001", "entidadRespuesta": {{"token": "{s}""#),
            ),
        ),
        ("zoom", "code", decoder(6, OK, "COD_000".into())),
        ("zoom", "button-amount", decoder(6, OK, "102425".into())),
        (
            "cooplan",
            "token-planted",
            decoder(
                0,
                OK,
                format!(
                    r#"{{"error": 0, "status": 1, "message": "ok", "values": {{"accessToken": "{s}"}}}}"#
                ),
            ),
        ),
        (
            "cooplan",
            "token-refused",
            decoder(
                0,
                4,
                format!(r#"{{"error": 401, "message": "no autorizado", "values": "{s}"}}"#),
            ),
        ),
        ("money", "plain", b"340.78|1000.00".to_vec()),
        ("money", "integer", b"5|5".to_vec()),
        ("money", "exponent", b"1.5E+2".to_vec()),
        ("money", "string", br#""831.60""#.to_vec()),
        (
            "money",
            "rows",
            br#"[{"a": 831.60}, {"a": "0.10"}, {"a": null}, {"a": ""}]"#.to_vec(),
        ),
        ("dates", "fch-proceso", b"2020-03-26 01:17:58.000".to_vec()),
        ("dates", "iso", b"2020-03-26T01:17:58".to_vec()),
        ("dates", "date", b"2026-11-23".to_vec()),
        ("dates", "ddmmyyyy", b"23-11-2026".to_vec()),
        ("dates", "zoom-compact", b"20170605".to_vec()),
        ("dates", "cooplan-fecha", b"26/11/2021 12:11:52".to_vec()),
        ("dates", "cooplan-periodo", b"202110".to_vec()),
        ("dates", "unicobros", b"2020-07-13T17:20:54.463Z".to_vec()),
        (
            "records",
            "csv",
            b"receipt,debt_id,payment_id,amount,currency,paid_at,state\n\
              A-1,10,1001,25.50,USD,2026-11-23 10:00:00,paid\n\
              \"B,2\",11,,7,USD,2026-11-23 11:00:00,reversed\n"
                .to_vec(),
        ),
        (
            "records",
            "json",
            br#"[{"receipt": "A-1", "debt_id": "10", "payment_id": null, "amount": {"amount": "25.50", "currency": "USD"}, "paid_at": "2026-11-23T10:00:00", "state": "paid"}]"#
                .to_vec(),
        ),
    ]
}

/// Writes every seed into `fuzz/corpus/<target>/seed-*` (the fuzzer adds its own files next to
/// them; `fuzz/corpus` is not committed).
pub fn seed(root: &Path) -> Result<usize, String> {
    let fixtures = root.join("core/tests/fixtures");
    let corpus = root.join("fuzz/corpus");
    let mut written = 0;
    let mut write = |target: &str, name: &str, bytes: &[u8]| -> Result<(), String> {
        let dir = corpus.join(target);
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(format!("seed-{name}"));
        fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        written += 1;
        Ok(())
    };
    for (target, map) in FIXTURES {
        let dir = fixtures.join(target);
        let mut names: Vec<String> = fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n != "README.md")
            .collect();
        names.sort();
        for name in names {
            let Some(&(_, selector)) = map.iter().find(|(prefix, _)| name.starts_with(prefix))
            else {
                continue;
            };
            let body = fs::read(dir.join(&name)).map_err(|e| format!("{name}: {e}"))?;
            // The document's example as answered (200), and the same body under a 500.
            for (status, suffix) in [(OK, ""), (10, "-500")] {
                let mut input = vec![selector, status];
                input.extend_from_slice(&body);
                write(target, &format!("{name}{suffix}"), &input)?;
            }
            // The text targets read the fixtures too (dates and amounts inside them).
            if *target == "unicobros" && name.starts_with("date_range") {
                write("dates", &name, &body)?;
            }
        }
    }
    for (target, name, bytes) in extra_seeds() {
        write(target, name, &bytes)?;
    }
    // Inputs that once failed (`fuzz/regressions/<target>/`, committed) are replayed first.
    let regressions = root.join("fuzz/regressions");
    for target in files(&regressions) {
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("");
        for input in files(&target) {
            let file = input.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let bytes = fs::read(&input).map_err(|e| format!("{}: {e}", input.display()))?;
            write(name, &format!("regression-{file}"), &bytes)?;
        }
    }
    Ok(written)
}

/// What the toolchain offers: `Some(why)` when fuzzing must be skipped.
fn ensure_tools(root: &Path) -> Option<String> {
    let works = |args: &[&str]| {
        Command::new("cargo")
            .args(args)
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !works(&["+nightly", "--version"]) {
        println!("installing the nightly toolchain (cargo-fuzz needs it)");
        let _ = Command::new("rustup")
            .args(["toolchain", "install", "nightly", "--profile", "minimal"])
            .status();
        if !works(&["+nightly", "--version"]) {
            return Some("the nightly toolchain is missing and could not be installed".into());
        }
    }
    if !works(&["fuzz", "--version"]) {
        println!("installing cargo-fuzz");
        let _ = Command::new("cargo")
            .args(["install", "cargo-fuzz", "--locked"])
            .status();
        if !works(&["fuzz", "--version"]) {
            return Some("cargo-fuzz is missing and could not be installed".into());
        }
    }
    None
}

struct Row {
    target: String,
    executions: Option<u64>,
    findings: usize,
    note: String,
}

/// Runs every target for `seconds`. `Ok(None)` when the tools are missing (skipped with a
/// warning); `Ok(Some(total findings))` otherwise, after printing the table.
pub fn fuzz(root: &Path, seconds: u64) -> Result<Option<usize>, String> {
    if let Some(why) = ensure_tools(root) {
        println!("warning: {why}; skipping the fuzz run");
        return Ok(None);
    }
    let seeds = seed(root)?;
    println!("seeded {seeds} corpus files from core/tests/fixtures and inline examples");
    let fuzz_dir = root.join("fuzz");
    let list = Command::new("cargo")
        .args(["+nightly", "fuzz", "list"])
        .current_dir(&fuzz_dir)
        .output()
        .map_err(|e| format!("cannot run cargo fuzz list: {e}"))?;
    let targets: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if targets.is_empty() {
        return Err("cargo fuzz list found no targets".into());
    }
    let status = Command::new("cargo")
        .args(["+nightly", "fuzz", "build"])
        .current_dir(&fuzz_dir)
        .status()
        .map_err(|e| format!("cannot run cargo fuzz build: {e}"))?;
    if !status.success() {
        return Err(format!("cargo fuzz build failed ({status})"));
    }
    let mut rows = Vec::new();
    for target in &targets {
        println!("fuzzing {target} for {seconds} s");
        let artifacts = fuzz_dir.join("artifacts").join(target);
        let before = files(&artifacts);
        let corpus = fuzz_dir.join("corpus").join(target);
        let output = Command::new("cargo")
            .args(["+nightly", "fuzz", "run", target])
            .arg(&corpus)
            .args([
                "--",
                &format!("-max_total_time={seconds}"),
                "-print_final_stats=1",
                "-max_len=16384",
            ])
            .current_dir(&fuzz_dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run cargo fuzz run {target}: {e}"))?;
        let log = String::from_utf8_lossy(&output.stderr).into_owned()
            + &String::from_utf8_lossy(&output.stdout);
        let new: Vec<PathBuf> = files(&artifacts)
            .into_iter()
            .filter(|f| !before.contains(f))
            .collect();
        let mut findings = new.len();
        let mut note = new
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(" ");
        if !output.status.success() && findings == 0 {
            findings = 1;
            note = format!("exit {}", output.status);
        }
        if findings > 0 {
            // The fuzzer's own account of the crash (the panic, then the failing input), for the
            // report.
            eprintln!("--- {target} ---");
            let lines: Vec<&str> = log.lines().collect();
            let from = lines
                .iter()
                .position(|l| l.contains("panicked") || l.contains("ERROR: libFuzzer"))
                .unwrap_or(lines.len().saturating_sub(40));
            for line in lines[from..].iter().take(12) {
                eprintln!("{line}");
            }
            for line in lines.iter().rev().take(25).rev() {
                eprintln!("{line}");
            }
        }
        rows.push(Row {
            target: target.clone(),
            executions: executions(&log),
            findings,
            note,
        });
    }
    println!(
        "\n{:<12} {:>14} {:>9}  artifacts",
        "target", "executions", "findings"
    );
    for r in &rows {
        let execs = r.executions.map_or_else(|| "?".into(), |n| n.to_string());
        println!(
            "{:<12} {:>14} {:>9}  {}",
            r.target, execs, r.findings, r.note
        );
    }
    Ok(Some(rows.iter().map(|r| r.findings).sum()))
}

/// libFuzzer's count of executions: `stat::number_of_executed_units: N`, else `Done N runs`.
fn executions(log: &str) -> Option<u64> {
    log.lines()
        .find_map(|l| {
            l.strip_prefix("stat::number_of_executed_units:")
                .and_then(|n| n.trim().parse().ok())
        })
        .or_else(|| {
            log.lines().find_map(|l| {
                l.strip_prefix("Done ")
                    .and_then(|r| r.split_whitespace().next()?.parse().ok())
            })
        })
}

fn files(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default()
}

/// `--seconds N` (default 60).
pub fn seconds_arg(args: &[String]) -> Result<u64, String> {
    match args.iter().position(|a| a == "--seconds") {
        None => Ok(60),
        Some(i) => args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .filter(|&n| n > 0)
            .ok_or_else(|| "--seconds takes a positive number".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libfuzzer_counts() {
        let log =
            "#2 INITED\nDone 123456 runs in 5 second(s)\nstat::number_of_executed_units: 123460\n";
        assert_eq!(executions(log), Some(123460));
        assert_eq!(executions("Done 77 runs in 1 second(s)\n"), Some(77));
        assert_eq!(executions("nothing"), None);
    }

    #[test]
    fn reads_seconds() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(seconds_arg(&args(&["fuzz"])), Ok(60));
        assert_eq!(seconds_arg(&args(&["fuzz", "--seconds", "7"])), Ok(7));
        assert!(seconds_arg(&args(&["fuzz", "--seconds", "x"])).is_err());
        assert!(seconds_arg(&args(&["fuzz", "--seconds", "0"])).is_err());
    }
}
