//! `cargo xtask fifth-biller`: the proof that a biller is one folder. Core's `acme` feature adds
//! Acme, a made-up biller that lives only in `core/src/acme/` and `sim/src/acme/` (plus one line
//! in each registry list and its feature line); with it on, the registry suite
//! (`tests/registry.rs`) looks it up, pays it and checks it through the Rust collector and
//! through the `recaudo` binary, and the browser and mobile/C bindings compile with it, all
//! without a line of their own.

use std::path::Path;

use crate::{Tally, run, run_tests, step};

const FEATURE: &str = "recaudo-core/acme";

pub fn suite(root: &Path, tally: &mut Tally) -> Result<(), String> {
    step("fifth biller: Acme, a fixture biller, through the registry (CLI and collector)");
    run(
        root,
        "cargo",
        &["build", "-p", "recaudo-cli", "--features", FEATURE],
        &[],
    )?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let cli = target
        .join("debug")
        .join(format!("recaudo{}", std::env::consts::EXE_SUFFIX));
    let cli = cli.to_string_lossy().into_owned();
    run_tests_with(root, tally, &cli)?;
    step("fifth biller: the bindings compile with it");
    run(
        root,
        "cargo",
        &["check", "-p", "recaudo-ffi", "--features", FEATURE],
        &[],
    )?;
    run(
        root,
        "cargo",
        &[
            "check",
            "-p",
            "recaudo-wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--features",
            FEATURE,
        ],
        &[],
    )?;
    tally.passed += 1;
    Ok(())
}

fn run_tests_with(root: &Path, tally: &mut Tally, cli: &str) -> Result<(), String> {
    // SAFETY: xtask runs on one thread; the variable tells the registry suite which binary
    // is the CLI built with the fixture.
    unsafe { std::env::set_var("RECAUDO_CLI", cli) };
    let result = run_tests(
        root,
        &[
            "test",
            "-p",
            "recaudo-tests",
            "--features",
            FEATURE,
            "--test",
            "registry",
        ],
        tally,
    );
    // SAFETY: as above.
    unsafe { std::env::remove_var("RECAUDO_CLI") };
    result
}
