//! `cargo xtask perf`: the performance report (figures, not a timed test). Runs the decode
//! benchmark, then the `perf` binary of the tests crate in release (which also runs the `soak`
//! binary for peak memory), and prints one table.

use std::path::Path;
use std::process::{Command, Stdio};

pub fn perf(root: &Path, args: &[String]) -> Result<(), String> {
    println!("==> decode benchmark");
    let bench = Command::new("cargo")
        .args(["bench", "-p", "recaudo-core", "--bench", "decode"])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    let text = String::from_utf8_lossy(&bench.stdout);
    print!("{text}");
    if !bench.status.success() {
        return Err(format!("the decode benchmark failed ({})", bench.status));
    }
    let file = std::env::temp_dir().join(format!("recaudo-perf-decode-{}.txt", std::process::id()));
    std::fs::write(&file, text.as_bytes()).map_err(|e| format!("{}: {e}", file.display()))?;

    println!("\n==> release build of the perf and soak binaries");
    let status = Command::new("cargo")
        .args([
            "build",
            "--release",
            "-p",
            "recaudo-tests",
            "--bin",
            "perf",
            "--bin",
            "soak",
        ])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo build: {e}"))?;
    if !status.success() {
        return Err(format!("the release build failed ({status})"));
    }

    println!("\n==> perf");
    let mut perf_args = vec![
        "run".to_owned(),
        "--quiet".into(),
        "--release".into(),
        "-p".into(),
        "recaudo-tests".into(),
        "--bin".into(),
        "perf".into(),
        "--".into(),
        "--decode".into(),
        file.display().to_string(),
    ];
    perf_args.extend(args.iter().cloned());
    let status = Command::new("cargo")
        .args(&perf_args)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run the perf binary: {e}"));
    let _ = std::fs::remove_file(&file);
    let status = status?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the perf binary failed ({status})"))
    }
}
