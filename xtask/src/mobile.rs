//! The mobile library (Android, iOS): recaudo-ffi without the native transport or the C API,
//! profile `mobile` (opt-level `z`, fat LTO, one codegen unit), identical code folding, and,
//! for the library apps ship, **std rebuilt with the same settings**.
//!
//! Why std is rebuilt: the prebuilt std that rustup ships is optimised for speed and carries its
//! backtrace printer (gimli, addr2line, a demangler, an inflater: about 170 KB of the library),
//! which the default panic hook links in whether or not a backtrace is ever printed. Cargo's
//! `-Z build-std` compiles std from source with the library's own profile and without the
//! `backtrace` feature; `panic_unwind` stays, so a panic still unwinds to uniffi's and the
//! runtime's `catch_unwind` and reaches the app as a typed `internal` error instead of aborting
//! the collector's app. `-Z` flags need a nightly toolchain: [`TOOLCHAIN`] is pinned to a date so
//! that the shipped library does not change with whatever nightly a machine has, and is
//! installed with its `rust-src` component when missing (idempotent). The Android and iOS
//! scripts (`bindings/android/build-aar.sh`, `bindings/swift/build-xcframework.sh`) use the same
//! toolchain and flags.
//!
//! `cargo xtask ffi-perf` builds both variants and prints both sizes: the std-rebuilt one is the
//! mobile library (target ≤ 2 MiB); the stable-toolchain one shows what a build without nightly
//! would weigh.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::ffi::stripped;
use super::ffi_c::status;
use super::sim::target_dir;
use super::step;

/// The nightly that rebuilds std for the size-first artefacts, the mobile library and the browser
/// bundles (`wasm.rs`), and only for them: everything else builds on stable. From
/// `ffi/mobile-toolchain`, which the Android and iOS scripts read too. Pinned: a later one is
/// taken on purpose, by changing that file.
pub const TOOLCHAIN: &str = include_str!("../../ffi/mobile-toolchain").trim_ascii();

/// Cargo's flags that rebuild std for size: no backtrace printer, unwinding kept,
/// `optimize_for_size` (std's own smaller code paths). The Android and iOS scripts pass the same.
pub const BUILD_STD: [&str; 4] = [
    "-Z",
    "build-std=std,panic_unwind",
    "-Z",
    "build-std-features=panic-unwind,optimize_for_size",
];

/// The target std is rebuilt for here (`-Z build-std` needs an explicit one).
const HOST: &str = "x86_64-unknown-linux-gnu";

/// Builds the mobile library on the stable toolchain with the prebuilt std; its stripped size.
pub fn build_stable(root: &Path) -> Result<u64, String> {
    step("the mobile library on stable Rust: profile `mobile`, the prebuilt std");
    let mut cargo = Command::new("cargo");
    cargo.arg("rustc");
    link_args(cargo.args(common_args()));
    status(cargo.current_dir(root), "the stable mobile build")?;
    stripped(
        &target_dir(root).join("mobile/librecaudo_ffi.so"),
        &target_dir(root).join("librecaudo_ffi.mobile-stable.stripped.so"),
        "--strip-all",
    )
}

/// Builds the mobile library as it ships: std rebuilt for size on [`TOOLCHAIN`] (installed when
/// missing). Its own target directory keeps nightly's artefacts away from stable's.
pub fn build_std_rebuilt(root: &Path) -> Result<u64, String> {
    step(&format!(
        "the mobile library: profile `mobile`, std rebuilt for size ({TOOLCHAIN}, -Z build-std)"
    ));
    let dir = target_dir(root).join("mobile-std");
    let mut cargo = nightly_cargo(root, &dir)?;
    cargo.args(BUILD_STD).args(["--target", HOST]);
    link_args(cargo.args(common_args()));
    status(&mut cargo, "the std-rebuilt mobile build")?;
    stripped(
        &dir.join(HOST).join("mobile/librecaudo_ffi.so"),
        &target_dir(root).join("librecaudo_ffi.mobile.stripped.so"),
        "--strip-all",
    )
}

/// `cargo +TOOLCHAIN rustc` in `root`, building into `target_dir` (its own, which keeps
/// nightly's artefacts away from stable's), with [`TOOLCHAIN`] installed when missing: the start
/// of every build that rebuilds std (this library's and the browser bundles').
pub(crate) fn nightly_cargo(root: &Path, target_dir: &Path) -> Result<Command, String> {
    ensure_toolchain()?;
    let mut cargo = Command::new("cargo");
    cargo
        .arg(format!("+{TOOLCHAIN}"))
        .arg("rustc")
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir)
        // A toolchain chosen by the caller's environment would override `+TOOLCHAIN`.
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("RUSTC")
        .env_remove("RUSTDOC");
    Ok(cargo)
}

/// The directory holding the std-rebuilt library (for `jna.library.path`).
pub fn std_rebuilt_dir(root: &Path) -> PathBuf {
    target_dir(root)
        .join("mobile-std")
        .join(HOST)
        .join("mobile")
}

fn common_args() -> [&'static str; 8] {
    [
        "--profile",
        "mobile",
        "-p",
        "recaudo-ffi",
        "--lib",
        "--no-default-features",
        "--crate-type",
        "cdylib",
    ]
}

/// Identical code folding, as the Android targets get from `.cargo/config.toml` (lld there, gold
/// here: the system linker has no ICF).
fn link_args(cargo: &mut Command) -> &mut Command {
    cargo.args([
        "--",
        "-C",
        "link-arg=-fuse-ld=gold",
        "-C",
        "link-arg=-Wl,--icf=all",
    ])
}

/// Installs [`TOOLCHAIN`] with `rust-src` (which `-Z build-std` compiles) when either is missing.
fn ensure_toolchain() -> Result<(), String> {
    let sysroot_has_src = || {
        Command::new("rustc")
            .arg(format!("+{TOOLCHAIN}"))
            .args(["--print", "sysroot"])
            .env_remove("RUSTUP_TOOLCHAIN")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .is_some_and(|sysroot| {
                Path::new(&sysroot)
                    .join("lib/rustlib/src/rust/library/std/Cargo.toml")
                    .is_file()
            })
    };
    if sysroot_has_src() {
        return Ok(());
    }
    println!(
        "installing {TOOLCHAIN} with rust-src (the mobile library and the browser bundles rebuild std with it)"
    );
    let mut install = Command::new("rustup");
    install.args([
        "toolchain",
        "install",
        TOOLCHAIN,
        "--profile",
        "minimal",
        "--component",
        "rust-src",
    ]);
    status(&mut install, "rustup toolchain install")?;
    if sysroot_has_src() {
        Ok(())
    } else {
        Err(format!("{TOOLCHAIN} has no rust-src after installing it"))
    }
}
