//! The Rust channel as a user meets it, in `cargo xtask test`:
//!
//! - every published crate packages (`cargo package` of all of them at once: cargo resolves the
//!   ones that depend on `recaudo-core` against the others' packages through a local overlay of
//!   crates.io, so each is verified by building it from its `.crate` before any is published);
//! - each `.crate` holds no secret-looking file, no private key and no huge file;
//! - an app that depends on `recaudo-core` gets no serde_json feature that changes how the rest
//!   of the app reads JSON, and no pinned IDNA back end (`cargo tree` of a scratch app);
//! - `recaudo-core`'s own tests pass as well when an app turns serde_json's
//!   `arbitrary_precision` on itself (features unify: the codecs must hold either way);
//! - `recaudo-core` builds with the toolchain of its declared `rust-version`;
//! - every example in `core/examples/` runs against the simulator and prints what it should.
//!
//! Each check counts once in the tally; a failed one is reported and the others still run.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::sim::{Sim, target_dir};
use crate::{Tally, run, run_tests, step};

/// The crates users depend on (the sim because the CLI does), in dependency order.
const PUBLISHED: [&str; 6] = [
    "recaudo-core",
    "recaudo-sim",
    "recaudo-journal-postgres",
    "recaudo-cli",
    "recaudo-ffi",
    "recaudo-wasm",
];

/// serde_json features that change how every crate of an app reads or writes JSON: a library
/// must never turn them on for its users (`raw_value` only adds a type, and is allowed).
const INTRUSIVE_FEATURES: [&str; 4] = [
    "arbitrary_precision",
    "float_roundtrip",
    "preserve_order",
    "unbounded_depth",
];

/// The largest file a `.crate` may hold; fixtures and sources are far below it.
const MAX_FILE_BYTES: u64 = 512 * 1024;

pub fn suite(root: &Path, tally: &mut Tally) -> Result<(), String> {
    step("packages: `cargo package` of every published crate (verified builds)");
    tally.record(packages(root));
    step("packages: no secrets, keys or huge files in any .crate");
    tally.record(contents(root));
    step("a user's dependency tree: what recaudo-core turns on in serde_json and idna");
    tally.record(dependency_tree(root));
    step("recaudo-core's tests in an app that turns serde_json's arbitrary_precision on itself");
    let ap_target = target_dir(root).join("arbitrary-precision");
    let ap_args = [
        "test",
        "-p",
        "recaudo-core",
        "--features",
        "serde_json/arbitrary_precision",
        "--target-dir",
        &ap_target.to_string_lossy(),
    ];
    if let Err(e) = run_tests(root, &ap_args, tally) {
        println!("FAILED: {e}");
    }
    step("MSRV: recaudo-core with its declared rust-version");
    tally.record(msrv(root));
    step("examples: core/examples against the simulator");
    examples(root, tally)
}

fn packages(root: &Path) -> Result<(), String> {
    // The verified builds get their own target dir: built from the packaged sources, their
    // recaudo-core has the same crate hash as the workspace's, and in one `deps` folder rustc
    // could later link the workspace's tests against the packaged copy (a second
    // `cargo xtask test` failed so, with "multiple different versions of crate recaudo_core").
    let verify = verify_dir(root);
    let verify = verify.to_string_lossy();
    let mut args = vec!["package", "--allow-dirty", "--target-dir", &verify];
    for name in PUBLISHED {
        args.extend(["-p", name]);
    }
    forget_extracted()?;
    // Cargo takes a registry crate of the same version as unchanged: the verified builds of a
    // previous run would be reused as they are.
    let fingerprints = verify_dir(root).join("debug").join(".fingerprint");
    if let Ok(entries) = std::fs::read_dir(&fingerprints) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with("recaudo-") {
                std::fs::remove_dir_all(entry.path())
                    .map_err(|e| format!("{}: {e}", entry.path().display()))?;
            }
        }
    }
    run(root, "cargo", &args, &[])
}

/// Cargo unpacks the overlay's `.crate`s into `$CARGO_HOME/registry/src/<hash>/` (and keeps them
/// in `registry/cache/<hash>/`), the hash derived from the overlay's path, and reuses what it
/// finds there: a second run from the same checkout path verified the dependents against the
/// first run's recaudo-core. Removes those copies of the published crates first.
fn forget_extracted() -> Result<(), String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let Some(registry) = home.map(|h| h.join("registry")) else {
        return Ok(());
    };
    let ours = |name: &str| {
        PUBLISHED.iter().any(|p| {
            name.strip_prefix(p)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
    };
    for kind in ["src", "cache"] {
        let Ok(hashes) = std::fs::read_dir(registry.join(kind)) else {
            continue;
        };
        for hash in hashes.flatten() {
            let Ok(entries) = std::fs::read_dir(hash.path()) else {
                continue;
            };
            for entry in entries.flatten() {
                if !ours(&entry.file_name().to_string_lossy()) {
                    continue;
                }
                let path = entry.path();
                let removed = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
                removed.map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
    }
    Ok(())
}

/// The target dir of `cargo package`'s verified builds (see [`packages`]).
fn verify_dir(root: &Path) -> PathBuf {
    target_dir(root).join("package-verify")
}

/// The `.crate` of a published crate, as `cargo package` left it.
fn crate_file(root: &Path, name: &str) -> PathBuf {
    let version = workspace_value(root, "version").unwrap_or_else(|| "0.1.0".to_owned());
    verify_dir(root)
        .join("package")
        .join(format!("{name}-{version}.crate"))
}

fn contents(root: &Path) -> Result<(), String> {
    let mut problems = Vec::new();
    for name in PUBLISHED {
        let file = crate_file(root, name);
        let listing = output(root, "tar", &["-tvzf", &file.to_string_lossy()])?;
        let mut files = 0;
        for line in listing.lines() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (Some(size), Some(path)) = (fields.get(2), fields.last()) else {
                continue;
            };
            files += 1;
            let size: u64 = size.parse().unwrap_or(0);
            if size > MAX_FILE_BYTES {
                problems.push(format!("{name}: {path} is {size} bytes"));
            }
            if let Some(why) = secret_looking(path) {
                problems.push(format!("{name}: {path} ({why})"));
            }
        }
        let text = output(root, "tar", &["-xzOf", &file.to_string_lossy()])?;
        if text.contains("PRIVATE KEY-----") {
            problems.push(format!("{name}: a file holds a private key"));
        }
        println!("{name}: {files} files, none secret-looking or above {MAX_FILE_BYTES} bytes");
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("packaged files:\n{}", problems.join("\n")))
    }
}

/// Why a packaged path looks like it holds a secret or local state, if it does.
fn secret_looking(path: &str) -> Option<&'static str> {
    let file = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let extension = file.rsplit_once('.').map_or("", |(_, e)| e);
    if file.starts_with(".env") || matches!(file.as_str(), ".npmrc" | ".netrc" | ".pgpass") {
        return Some("an environment or credentials file");
    }
    if file.starts_with("id_rsa") || file.starts_with("id_ed25519") {
        return Some("an SSH key");
    }
    if matches!(
        extension,
        "pem" | "key" | "p12" | "pfx" | "jks" | "keystore"
    ) {
        return Some("a key or certificate store");
    }
    if matches!(extension, "jsonl" | "db" | "sqlite" | "log") {
        return Some("a journal, database or log");
    }
    if path.contains("target/") || path.contains("node_modules/") {
        return Some("build output");
    }
    None
}

fn dependency_tree(root: &Path) -> Result<(), String> {
    let app = target_dir(root).join("scratch-user-app");
    std::fs::create_dir_all(app.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"scratch-user-app\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nrecaudo-core = {{ path = {:?}, features = [\"native\"] }}\n\n[workspace]\n",
        root.join("core").to_string_lossy()
    );
    std::fs::write(app.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(app.join("src/main.rs"), "fn main() {}\n").map_err(|e| e.to_string())?;
    // The workspace's lock as a start, so the app resolves to the versions already built.
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let app_manifest = app.join("Cargo.toml");
    let manifest_path = app_manifest.to_string_lossy();

    let tree = output(
        root,
        "cargo",
        &[
            "tree",
            "--manifest-path",
            &manifest_path,
            "-e",
            "features",
            "-i",
            "serde_json",
        ],
    )?;
    let features = serde_json_features(&tree);
    println!("serde_json features in the app: {}", features.join(", "));
    if let Some(bad) = features.iter().find(|f| INTRUSIVE_FEATURES.contains(f)) {
        return Err(format!(
            "recaudo-core turns on serde_json's `{bad}` for the whole app"
        ));
    }

    let idna = output(
        root,
        "cargo",
        &[
            "tree",
            "--manifest-path",
            &manifest_path,
            "-e",
            "normal",
            "-i",
            "idna_adapter",
            "--depth",
            "1",
            "--prefix",
            "none",
        ],
    )?;
    let dependents: Vec<&str> = idna.lines().skip(1).collect();
    println!(
        "idna_adapter's dependents in the app: {}",
        dependents.join(", ")
    );
    if dependents.iter().any(|l| l.starts_with("recaudo-core ")) {
        return Err("recaudo-core depends on idna_adapter directly (a pin for the app)".into());
    }
    Ok(())
}

/// The serde_json features named in `cargo tree -e features -i serde_json` output, sorted.
fn serde_json_features(tree: &str) -> Vec<&str> {
    let mut features: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split("serde_json feature \"").nth(1)?.split('"').next())
        .collect();
    features.sort_unstable();
    features.dedup();
    features
}

fn msrv(root: &Path) -> Result<(), String> {
    let version =
        workspace_value(root, "rust-version").ok_or("no rust-version in the workspace manifest")?;
    let installed = output(root, "rustup", &["toolchain", "list"])?;
    if !installed
        .lines()
        .any(|l| l.starts_with(&format!("{version}-")))
    {
        run(
            root,
            "rustup",
            &["toolchain", "install", &version, "--profile", "minimal"],
            &[],
        )?;
    }
    let msrv_target = target_dir(root).join("msrv");
    run(
        root,
        "cargo",
        &[
            &format!("+{version}"),
            "check",
            "-p",
            "recaudo-core",
            "--features",
            "native",
            "--locked",
            "--target-dir",
            &msrv_target.to_string_lossy(),
        ],
        &[],
    )?;
    println!("recaudo-core (with `native`) builds with Rust {version}");
    Ok(())
}

/// One example: its name, its arguments after the biller's URL, and what its output must say.
struct Example {
    name: &'static str,
    biller: &'static str,
    args: &'static [&'static str],
    expect: &'static [&'static str],
}

/// The simulator's seed decides the figures: `639.60` keeps its zero, read without a float.
const EXAMPLES: [Example; 5] = [
    Example {
        name: "unicomer",
        biller: "unicomer",
        args: &["0900000001"],
        expect: &[
            "customer 0900000001: 2 invoice(s)",
            "invoice 700002: to pay 79.95 of 639.60 USD",
        ],
    },
    Example {
        name: "unicobros",
        biller: "unicobros",
        args: &[],
        expect: &["operations on the first page: 10", "ARS, status 200 (paid)"],
    },
    Example {
        name: "zoom",
        biller: "zoom",
        args: &["1000000001"],
        expect: &["guide 1000000001: amount 5143, to pay 5143 VES"],
    },
    Example {
        name: "cooplan",
        biller: "cooplan",
        args: &["1001"],
        expect: &[
            "contract 1001: 2 debt(s)",
            "invoice 5000001 (202110): 136.76 BOB",
        ],
    },
    Example {
        name: "collect",
        biller: "unicomer",
        args: &[],
        expect: &[
            "debt 700001: balance 569.55 USD",
            "paid 1.00 with receipt XTASK-EJEMPLO-1: confirmed (recovered: false)",
        ],
    },
];

fn examples(root: &Path, tally: &mut Tally) -> Result<(), String> {
    run(root, "cargo", &["build", "-p", "recaudo-cli"], &[])?;
    run(
        root,
        "cargo",
        &[
            "build",
            "-p",
            "recaudo-core",
            "--features",
            "native",
            "--examples",
        ],
        &[],
    )?;
    let sim = Sim::start(root, &[])?;
    let journal = target_dir(root).join("example-journal.jsonl");
    let _ = std::fs::remove_file(&journal);
    for example in &EXAMPLES {
        let binary = target_dir(root).join("debug/examples").join(format!(
            "{}{}",
            example.name,
            std::env::consts::EXE_SUFFIX
        ));
        let mut command = Command::new(&binary);
        command
            .arg(format!("{}{}/", sim.url, example.biller))
            .args(example.args)
            .env("RECAUDO_JOURNAL", &journal)
            .env("RECAUDO_RECEIPT", "XTASK-EJEMPLO-1")
            .current_dir(root);
        let result = command
            .output()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))
            .and_then(|out| {
                let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
                print!("{stdout}");
                if !out.status.success() {
                    return Err(format!(
                        "example {} failed ({}): {}",
                        example.name,
                        out.status,
                        String::from_utf8_lossy(&out.stderr)
                    ));
                }
                match example.expect.iter().find(|e| !stdout.contains(*e)) {
                    Some(missing) => Err(format!(
                        "example {} did not print `{missing}`",
                        example.name
                    )),
                    None => Ok(()),
                }
            });
        tally.record(result);
    }
    // The unified flow wrote its payment to the journal before sending it.
    let journaled =
        std::fs::read_to_string(&journal).is_ok_and(|text| text.contains("XTASK-EJEMPLO-1"));
    tally.record(if journaled {
        Ok(())
    } else {
        Err(format!(
            "{} holds no entry for the payment",
            journal.display()
        ))
    });
    Ok(())
}

/// `key = "value"` from the root manifest's `[workspace.package]`.
fn workspace_value(root: &Path, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
    let section = text.split("[workspace.package]").nth(1)?;
    section
        .lines()
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
        })
}

/// A command's stdout; an error with its stderr when it fails.
fn output(root: &Path, program: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_serde_json_features_from_cargo_tree() {
        let tree = "serde_json v1.0.154\n\
            ├── recaudo-core v0.1.0\n\
            serde_json feature \"arbitrary_precision\"\n\
            └── recaudo-core v0.1.0\n\
            serde_json feature \"default\"\n\
            serde_json feature \"raw_value\"\n\
            serde_json feature \"default\"\n";
        let features = serde_json_features(tree);
        assert_eq!(features, ["arbitrary_precision", "default", "raw_value"]);
        assert!(features.iter().any(|f| INTRUSIVE_FEATURES.contains(f)));
    }

    #[test]
    fn secret_looking_paths() {
        for path in [
            ".env",
            "config/.env.local",
            "certs/server.pem",
            "id_rsa",
            "journal.jsonl",
        ] {
            assert!(secret_looking(path).is_some(), "{path}");
        }
        for path in [
            "src/secret.rs",
            "tests/secrets.rs",
            "README.md",
            "migrations/0001_journal.sql",
        ] {
            assert!(secret_looking(path).is_none(), "{path}");
        }
    }
}
