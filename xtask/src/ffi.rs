//! The mobile and C channels (`ffi/`, `bindings/`):
//!
//! - `cargo xtask bindings`: regenerates the checked-in Kotlin and Swift sources (uniffi, library
//!   mode over the debug cdylib), the Swift FFI headers and modulemap, and the C header
//!   (cbindgen 0.29.4).
//!   Kotlin comes in two flavours, JVM (`bindings/kotlin/`) and Android (`bindings/android/`,
//!   `ffi/uniffi-android.toml` merged over each crate's `uniffi.toml`).
//! - `cargo xtask ffi-test`: the suites run from the foreign side against the simulator
//!   (`recaudo sim`): Kotlin through Maven ([`super::ffi_kotlin`]), C under valgrind and the C
//!   package ([`super::ffi_c`]), the Swift FFI headers compiled from C, and the check that the
//!   checked-in bindings match a fresh generation. Also part of `cargo xtask test`.
//! - `cargo xtask ffi-perf`: figures, not timed tests: both libraries' stripped sizes (desktop
//!   with the native transport, mobile without it and size-first, target ≤ 2 MiB) and the median
//!   Kotlin → Rust lookup against the simulator next to the same lookup from Rust.
//!
//! Tools are installed when missing, idempotently: cbindgen (crates.io), Maven and a JDK
//! (Debian; the Kotlin compiler, JNA and kotlinx-coroutines then come from Maven Central),
//! valgrind, gcc and cmake (Debian).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::sim::{Sim, target_dir};
use super::tools::{apt_install, output};
use super::{Tally, ffi_c, ffi_kotlin, mobile, run, step};

const CBINDGEN_VERSION: &str = "0.29.4";

/// `cargo xtask bindings | ffi-test | ffi-perf`.
pub fn command(root: &Path, name: &str, args: &[String]) -> Result<(), String> {
    match name {
        "bindings" => {
            ensure_cbindgen()?;
            build_debug(root)?;
            generate(root, &root.join("bindings"))?;
            println!("bindings regenerated under bindings/");
            Ok(())
        }
        "ffi-test" => {
            let mut tally = Tally::default();
            suite(root, &mut tally)?;
            tally.finish("ffi summary")
        }
        "ffi-perf" => perf(root, args),
        _ => Err(format!("unknown ffi command {name}")),
    }
}

/// Every ffi suite, counted into `tally` (called by `cargo xtask test`).
pub fn suite(root: &Path, tally: &mut Tally) -> Result<(), String> {
    step("ffi: tools (cbindgen, Maven, a JDK, valgrind, gcc, cmake)");
    ensure_cbindgen()?;
    ffi_kotlin::ensure_tools()?;
    ensure_debian()?;

    step("ffi: debug build of recaudo-ffi and the recaudo CLI (simulator)");
    build_debug(root)?;

    step("ffi: checked-in bindings match a fresh generation");
    tally.record(check_bindings(root));

    step("ffi: the Swift FFI headers compile as C");
    tally.record(swift_headers_compile(root));

    let sim = Sim::start(root, &[])?;
    step("ffi: Kotlin through Maven (Surefire, mvn install, the consumer project)");
    let kotlin_result = ffi_kotlin::debug_native(root)
        .and_then(|native| ffi_kotlin::suite(root, &native, &sim.url, tally));
    step("ffi: C under valgrind against the simulator, the example, pkg-config and CMake");
    let c_result = ffi_c::suite(root, &sim.url, tally);
    drop(sim);
    kotlin_result?;
    c_result
}

fn build_debug(root: &Path) -> Result<(), String> {
    run(
        root,
        "cargo",
        &[
            "build",
            "-p",
            "recaudo-ffi",
            "--lib",
            "--bin",
            "uniffi-bindgen",
            "--features",
            "recaudo-ffi/bindgen",
            "-p",
            "recaudo-cli",
            "--bin",
            "recaudo",
        ],
        &[],
    )
}

// ---------------------------------------------------------------- tools

fn ensure_cbindgen() -> Result<(), String> {
    if output("cbindgen", &["--version"]).is_some_and(|v| v.contains(CBINDGEN_VERSION)) {
        return Ok(());
    }
    let status = Command::new("cargo")
        .args(["install", "cbindgen", "--version", CBINDGEN_VERSION])
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if !status.success() {
        return Err(format!("cargo install cbindgen {CBINDGEN_VERSION} failed"));
    }
    Ok(())
}

/// valgrind, gcc and cmake from Debian, each only if missing.
fn ensure_debian() -> Result<(), String> {
    let mut missing = Vec::new();
    if output("valgrind", &["--version"]).is_none() {
        missing.push("valgrind");
    }
    if output("gcc", &["--version"]).is_none() {
        missing.push("gcc");
    }
    if output("cmake", &["--version"]).is_none() {
        missing.push("cmake");
    }
    if output("pkg-config", &["--version"]).is_none() {
        missing.push("pkg-config");
    }
    if missing.is_empty() {
        return Ok(());
    }
    apt_install(&missing)
}

// ---------------------------------------------------------------- generation

/// Writes every generated binding under `dest` (`bindings/` or a scratch copy).
fn generate(root: &Path, dest: &Path) -> Result<(), String> {
    let debug = target_dir(root).join("debug");
    let library = debug.join("librecaudo_ffi.so");
    let bindgen = debug.join("uniffi-bindgen");
    let library_arg = library.to_string_lossy().into_owned();
    let bindgen_arg = bindgen.to_string_lossy().into_owned();

    // Kotlin, JVM then Android: the same sources but for the Android runtime's cleaner and
    // optimisations, so one config file merged over the crates' own.
    for (flavour, extra) in [
        ("kotlin", None),
        ("android", Some("ffi/uniffi-android.toml")),
    ] {
        let kotlin = dest.join(flavour).join("src/main/kotlin");
        reset_dir(&kotlin)?;
        let kotlin_arg = kotlin.to_string_lossy().into_owned();
        let mut args = vec![
            "generate",
            "--no-format",
            "--library",
            &library_arg,
            "--language",
            "kotlin",
            "--out-dir",
            &kotlin_arg,
        ];
        if let Some(config) = extra {
            args.extend(["--config", config]);
        }
        run(root, &bindgen_arg, &args, &[])?;
    }

    // Swift: both crates' sources in one module (uniffi's external types are same-module), the
    // two FFI headers and one modulemap declaring both FFI modules.
    let scratch = target_dir(root).join("ffi-swift-scratch");
    reset_dir(&scratch)?;
    let scratch_arg = scratch.to_string_lossy().into_owned();
    run(
        root,
        &bindgen_arg,
        &[
            "generate",
            "--no-format",
            "--library",
            &library_arg,
            "--language",
            "swift",
            "--out-dir",
            &scratch_arg,
        ],
        &[],
    )?;
    let sources = dest.join("swift/Sources/Recaudo");
    let headers = dest.join("swift/Headers");
    std::fs::create_dir_all(&sources).map_err(|e| format!("{}: {e}", sources.display()))?;
    reset_dir(&headers)?;
    let mut modulemap = String::new();
    for name in ["Recaudo.swift", "RecaudoCore.swift"] {
        copy(&scratch.join(name), &sources.join(name))?;
    }
    for stem in ["recaudo_coreFFI", "recaudo_ffiFFI"] {
        copy(
            &scratch.join(format!("{stem}.h")),
            &headers.join(format!("{stem}.h")),
        )?;
        let map = read(&scratch.join(format!("{stem}.modulemap")))?;
        modulemap.push_str(map.trim_end());
        modulemap.push('\n');
    }
    write(&headers.join("module.modulemap"), &modulemap)?;

    let header = dest.join("c/recaudo.h");
    std::fs::create_dir_all(dest.join("c")).map_err(|e| e.to_string())?;
    let header_arg = header.to_string_lossy().into_owned();
    run(
        root,
        "cbindgen",
        &[
            "--quiet",
            "--config",
            "ffi/cbindgen.toml",
            "--output",
            &header_arg,
            "ffi",
        ],
        &[],
    )
}

/// The generated files, relative to `bindings/`.
fn generated_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for sub in [
        "kotlin/src/main/kotlin",
        "android/src/main/kotlin",
        "swift/Headers",
    ] {
        collect(&dir.join(sub), dir, &mut files)?;
    }
    for file in [
        "swift/Sources/Recaudo/Recaudo.swift",
        "swift/Sources/Recaudo/RecaudoCore.swift",
        "c/recaudo.h",
    ] {
        if dir.join(file).exists() {
            files.push(PathBuf::from(file));
        }
    }
    files.sort();
    Ok(files)
}

fn collect(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect(&path, base, out)?;
        } else if let Ok(relative) = path.strip_prefix(base) {
            out.push(relative.to_path_buf());
        }
    }
    Ok(())
}

/// Generates into a scratch directory and compares with the checked-in copies.
fn check_bindings(root: &Path) -> Result<(), String> {
    let fresh = target_dir(root).join("ffi-bindings-check");
    reset_dir(&fresh)?;
    generate(root, &fresh)?;
    let checked_in = root.join("bindings");
    let want = generated_files(&fresh)?;
    let have = generated_files(&checked_in)?;
    let mut problems = Vec::new();
    for file in &want {
        match (read(&fresh.join(file)), read(&checked_in.join(file))) {
            (Ok(a), Ok(b)) if a == b => {}
            (Ok(_), Ok(_)) => problems.push(format!("differs: bindings/{}", file.display())),
            _ => problems.push(format!("missing: bindings/{}", file.display())),
        }
    }
    for file in have.iter().filter(|f| !want.contains(f)) {
        problems.push(format!(
            "not generated any more: bindings/{}",
            file.display()
        ));
    }
    if problems.is_empty() {
        println!("{} generated files match", want.len());
        Ok(())
    } else {
        Err(format!(
            "the checked-in bindings are stale (run `cargo xtask bindings`):\n  {}",
            problems.join("\n  ")
        ))
    }
}

fn reset_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Copies a built library to `copy_to` and strips the copy (`how`: `--strip-all` as an app ships
/// a shared library, `--strip-debug` for a static one); its size in bytes.
pub(super) fn stripped(built: &Path, copy_to: &Path, how: &str) -> Result<u64, String> {
    copy(built, copy_to)?;
    ffi_c::status(Command::new("strip").arg(how).arg(copy_to), "strip")?;
    let bytes = std::fs::metadata(copy_to)
        .map_err(|e| format!("{}: {e}", copy_to.display()))?
        .len();
    println!("{}: {bytes} bytes", copy_to.display());
    Ok(bytes)
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("{} -> {}: {e}", from.display(), to.display()))
}

// ---------------------------------------------------------------- suites

/// The Swift FFI headers (no Swift toolchain here) compiled as C with warnings as errors.
fn swift_headers_compile(root: &Path) -> Result<(), String> {
    let dir = target_dir(root).join("ffi-swift-headers");
    reset_dir(&dir)?;
    let main = dir.join("swift_headers.c");
    write(
        &main,
        "#include \"recaudo_coreFFI.h\"\n#include \"recaudo_ffiFFI.h\"\nint main(void) { return 0; }\n",
    )?;
    let status = Command::new("gcc")
        .args([
            "-std=c11",
            "-fsyntax-only",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-D_Nullable=",
            "-D_Nonnull=",
            "-I",
            "bindings/swift/Headers",
        ])
        .arg(&main)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run gcc: {e}"))?;
    if status.success() {
        println!("bindings/swift/Headers/*.h compile");
        Ok(())
    } else {
        Err("the Swift FFI headers do not compile as C".into())
    }
}

// ---------------------------------------------------------------- figures

fn perf(root: &Path, args: &[String]) -> Result<(), String> {
    let calls = args.first().map_or("300", String::as_str).to_owned();
    ffi_kotlin::ensure_tools()?;
    build_debug(root)?;

    step("release builds: the cdylib and the staticlib (LTO), the Rust lookup bench");
    for crate_type in ["cdylib", "staticlib"] {
        run(
            root,
            "cargo",
            &[
                "rustc",
                "--release",
                "-p",
                "recaudo-ffi",
                "--lib",
                "--crate-type",
                crate_type,
            ],
            &[],
        )?;
    }
    run(
        root,
        "cargo",
        &[
            "build",
            "--release",
            "-p",
            "recaudo-ffi",
            "--bin",
            "lookup-bench",
        ],
        &[],
    )?;
    let release = target_dir(root).join("release");
    let so = release.join("librecaudo_ffi.so");
    let desktop = stripped(
        &so,
        &target_dir(root).join("librecaudo_ffi.stripped.so"),
        "--strip-all",
    )?;
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let staticlib = stripped(
        &release.join("librecaudo_ffi.a"),
        &target_dir(root).join("librecaudo_ffi.stripped.a"),
        "--strip-debug",
    )?;

    let mobile_stable = mobile::build_stable(root)?;
    let mobile_lib = mobile::build_std_rebuilt(root)?;

    let sim = Sim::start(root, &[])?;
    step("Rust lookup (core + native transport), median");
    let rust = capture(
        Command::new(release.join("lookup-bench"))
            .arg(&calls)
            .env("RECAUDO_SIM_URL", &sim.url),
        "rust_lookup_median_us",
    )?;
    step("Kotlin → Rust lookup (bindings + release cdylib), median");
    let classpath = ffi_kotlin::test_classpath(root, &release)?;
    let kt = capture(
        Command::new("java")
            .args(["-cp", &classpath, "io.github.recaudo.tests.LookupBenchKt"])
            .arg(&calls)
            .env("RECAUDO_SIM_URL", &sim.url)
            .current_dir(root),
        "kotlin_lookup_median_us",
    )?;
    step(
        "Kotlin → Rust lookup through the app's transport (java.net.http) and the mobile library, median",
    );
    let kt_mobile = capture(
        Command::new("java")
            .arg(format!(
                "-Djna.library.path={}",
                mobile::std_rebuilt_dir(root).display()
            ))
            .args(["-cp", &classpath, "io.github.recaudo.tests.LookupBenchKt"])
            .arg(&calls)
            .env("RECAUDO_SIM_URL", &sim.url)
            .env("RECAUDO_APP_TRANSPORT", "1")
            .current_dir(root),
        "kotlin_lookup_median_us",
    )?;
    drop(sim);

    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!("\nffi figures");
    println!("| figure | value |\n| --- | --- |");
    println!(
        "| desktop/C cdylib (native transport, release, LTO), stripped | {} bytes ({:.2} MiB) |",
        desktop,
        mib(desktop)
    );
    println!(
        "| mobile cdylib (app transport; profile `mobile`, ICF; std rebuilt for size on {}), stripped | {} bytes ({:.2} MiB; target ≤ 2 MiB: {}) |",
        mobile::TOOLCHAIN,
        mobile_lib,
        mib(mobile_lib),
        if mobile_lib <= 2 * 1024 * 1024 {
            "met"
        } else {
            "NOT met"
        }
    );
    println!(
        "| the same on stable Rust (prebuilt std, with its backtrace printer), stripped | {} bytes ({:.2} MiB) |",
        mobile_stable,
        mib(mobile_stable)
    );
    println!(
        "| release cdylib (LTO), unstripped | {} bytes ({:.2} MiB) |",
        size(&so),
        mib(size(&so))
    );
    println!(
        "| release staticlib, debug info stripped | {} bytes ({:.2} MiB) |",
        staticlib,
        mib(staticlib)
    );
    println!("| lookup from Rust, median of {calls} | {rust} µs |");
    println!("| lookup from Kotlin, median of {calls} | {kt} µs |");
    println!(
        "| lookup from Kotlin through the app's transport, mobile library, median of {calls} | {kt_mobile} µs |"
    );
    println!(
        "| Kotlin / Rust | {:.2} (Kotlin adds {} µs) |",
        kt as f64 / rust.max(1) as f64,
        kt.saturating_sub(rust)
    );
    Ok(())
}

/// Runs a bench and reads the number after `key` from its output.
fn capture(command: &mut Command, key: &str) -> Result<u64, String> {
    let out = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run the {key} bench: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    if !out.status.success() {
        return Err(format!("the {key} bench failed ({})", out.status));
    }
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.trim().parse().ok())
        .ok_or_else(|| format!("no {key} in the bench's output"))
}
