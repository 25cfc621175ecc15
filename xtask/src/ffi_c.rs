//! The C channel, tested as a C developer meets it:
//!
//! - the C suite (`bindings/c/tests/recaudo_test.c`) linked with the static library and run
//!   under valgrind;
//! - the C package: `bindings/c/install.sh` into `target/ffi-c-prefix` (header, both libraries,
//!   shared and static pkg-config files, the CMake package config);
//! - the example program (`bindings/c/examples/pay.c`: look up, pay, every result code) built
//!   with `pkg-config recaudo` (shared, run under valgrind) and `pkg-config recaudo-static`, and
//!   by the CMake project `bindings/c/consumer` through `find_package(recaudo)`, each run against
//!   the simulator.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::Tally;
use super::sim::target_dir;
use super::tools::run_counted;

/// The C suite, then the package and its three consumers; every check counted in `tally`.
pub fn suite(root: &Path, sim: &str, tally: &mut Tally) -> Result<(), String> {
    c_tests(root, sim, tally)?;

    let prefix = target_dir(root).join("ffi-c-prefix");
    reset_dir(&prefix)?;
    let debug = target_dir(root).join("debug");
    let installed = status(
        Command::new("sh")
            .arg("bindings/c/install.sh")
            .arg(&prefix)
            .arg(&debug)
            .current_dir(root),
        "bindings/c/install.sh",
    );
    if let Err(e) = installed {
        println!("FAILED: {e}");
        tally.failed += 1;
        return Ok(());
    }
    tally.passed += 1;

    let base = format!("{}/unicomer/", sim.trim_end_matches('/'));
    let mut seq = 0;
    let mut receipt = || {
        seq += 1;
        format!("C-EX-{}-{seq}", std::process::id() % 100_000)
    };
    let lib = prefix.join("lib");
    for (package, under_valgrind) in [("recaudo", true), ("recaudo-static", false)] {
        let binary = target_dir(root).join(format!("ffi-c-example-{package}"));
        let built = pkg_config_build(root, &prefix, package, &binary);
        let result = built
            .and_then(|()| run_example(root, &binary, &lib, &base, &receipt(), under_valgrind));
        record(
            tally,
            &format!("the example via pkg-config {package}"),
            result,
        );
    }

    let build = target_dir(root).join("ffi-c-cmake");
    reset_dir(&build)?;
    let configured = status(
        Command::new("cmake")
            .args(["-S", "bindings/c/consumer", "-B"])
            .arg(&build)
            .arg(format!("-DCMAKE_PREFIX_PATH={}", prefix.display()))
            .current_dir(root),
        "cmake configure (find_package(recaudo))",
    )
    .and_then(|()| {
        status(
            Command::new("cmake")
                .arg("--build")
                .arg(&build)
                .current_dir(root),
            "cmake --build",
        )
    });
    record(tally, "the CMake consumer builds", configured.clone());
    if configured.is_ok() {
        for name in ["pay_shared", "pay_static"] {
            let result = run_example(root, &build.join(name), &lib, &base, &receipt(), false);
            record(tally, &format!("the CMake consumer's {name}"), result);
        }
    }
    Ok(())
}

fn record(tally: &mut Tally, what: &str, result: Result<(), String>) {
    tally.record(
        result
            .map(|()| println!("ok: {what}"))
            .map_err(|e| format!("{what}: {e}")),
    );
}

/// Runs a command; an error naming `what` when it fails.
pub(super) fn status(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// `gcc pay.c $(pkg-config --cflags --libs PACKAGE)` with the prefix's pkg-config files.
fn pkg_config_build(
    root: &Path,
    prefix: &Path,
    package: &str,
    binary: &Path,
) -> Result<(), String> {
    let flags = Command::new("pkg-config")
        .args(["--cflags", "--libs", package])
        .env("PKG_CONFIG_PATH", prefix.join("lib/pkgconfig"))
        .output()
        .map_err(|e| format!("cannot run pkg-config: {e}"))?;
    if !flags.status.success() {
        return Err(format!(
            "pkg-config {package}: {}",
            String::from_utf8_lossy(&flags.stderr).trim()
        ));
    }
    let flags = String::from_utf8_lossy(&flags.stdout).into_owned();
    status(
        Command::new("gcc")
            .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-g", "-o"])
            .arg(binary)
            .arg("bindings/c/examples/pay.c")
            .args(flags.split_whitespace())
            .current_dir(root),
        &format!("gcc with pkg-config {package}"),
    )
}

/// Runs the example: a lookup and a payment that must come back confirmed.
fn run_example(
    root: &Path,
    binary: &Path,
    lib: &Path,
    base: &str,
    receipt: &str,
    under_valgrind: bool,
) -> Result<(), String> {
    let mut command = if under_valgrind {
        let mut c = Command::new("valgrind");
        c.args([
            "--quiet",
            "--leak-check=full",
            "--error-exitcode=3",
            "--suppressions=bindings/c/tests/valgrind.supp",
        ])
        .arg(binary);
        c
    } else {
        Command::new(binary)
    };
    command
        .args([base, "0900000001", receipt])
        .env("LD_LIBRARY_PATH", lib)
        .current_dir(root);
    status(&mut command, &binary.display().to_string())
}

/// The C suite (`recaudo_test.c`) linked with the static library, under valgrind.
fn c_tests(root: &Path, sim: &str, tally: &mut Tally) -> Result<(), String> {
    let target = target_dir(root);
    let binary = target.join("ffi-c-tests");
    let staticlib = target.join("debug/librecaudo_ffi.a");
    let compiled = status(
        Command::new("gcc")
            .args([
                "-std=c11",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-g",
                "-I",
                "bindings/c",
                "bindings/c/tests/recaudo_test.c",
            ])
            .arg(&staticlib)
            // `cargo rustc -- --print native-static-libs` for this target.
            .args([
                "-lgcc_s",
                "-lutil",
                "-lrt",
                "-lpthread",
                "-lm",
                "-ldl",
                "-lc",
                "-o",
            ])
            .arg(&binary)
            .current_dir(root),
        "gcc (the C tests)",
    );
    if let Err(e) = compiled {
        println!("FAILED: {e}");
        tally.failed += 1;
        return Ok(());
    }
    let scratch = target.join("ffi-c-journals");
    reset_dir(&scratch)?;
    let mut valgrind = Command::new("valgrind");
    valgrind
        .args([
            "--quiet",
            "--leak-check=full",
            "--error-exitcode=1",
            "--suppressions=bindings/c/tests/valgrind.supp",
        ])
        .arg(&binary)
        .env("RECAUDO_SIM_URL", sim)
        .env("RECAUDO_TEST_DIR", &scratch)
        .current_dir(root);
    run_counted(valgrind, "the C suite under valgrind", tally)
}

fn reset_dir(dir: &PathBuf) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}
