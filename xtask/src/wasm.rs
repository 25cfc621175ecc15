//! The browser channel's tasks (`recaudo-wasm`):
//!
//! - `cargo xtask bundle`: the release npm package in `wasm/pkg/` (full, four billers) and one
//!   bundle per biller in `<target>/wasm-bundles/`, with a table of raw and gzip sizes and,
//!   beside them, the floor probe (`wasm/floor`) built the same way;
//! - `cargo xtask wasm-test`: tools, bundle, TypeScript check, the wasm-bindgen-test suite in
//!   headless Chromium and the demo page end to end with the payment journal (the journal
//!   contract from JS, a reload mid-recovery, two tabs on one receipt, Zoom's card payment
//!   through the pay button and the simulated bank page; also part of `cargo xtask test`);
//! - `cargo xtask serve [--port N]`: the demo checkout page and the simulator on one origin.
//!
//! Tools are installed idempotently: the wasm32 target (rustup), `wasm-bindgen-cli` at exactly
//! the version in Cargo.lock (cargo install, without `--locked`: resolution fails with it on
//! this registry mirror), Debian's `chromium` and `chromium-driver` (apt), and from npm into
//! `wasm/.tools/`: `binaryen` (its `wasm-opt`; Debian's binaryen 108 corrupts wasm-bindgen
//! output), `typescript` and `playwright-core` (which drives the system Chromium: it never
//! downloads a browser).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::ffi_c::status;
use super::sim::{Sim, recaudo_bin, target_dir};
use super::size_report::{self, Budget};
use super::tools::{apt_install, output, run_counted};
use super::{Tally, run, step};
use super::{mobile, npm_package};

const TARGET: &str = "wasm32-unknown-unknown";
const NPM_TOOLS: [&str; 4] = [
    "binaryen@132.0.0",
    "terser@5.51.4",
    "typescript@5.9.3",
    "playwright-core@1.65.1",
];
/// How many page loads the cold-start figure is the median of.
const COLD_START_RUNS: &str = "5";

/// `cargo xtask bundle | wasm-test | serve [--port N]`.
pub fn command(root: &Path, name: &str, args: &[String]) -> Result<(), String> {
    match name {
        "bundle" => bundle_cmd(root),
        "wasm-test" => wasm_test_cmd(root),
        _ => serve_cmd(root, args),
    }
}

/// `cargo xtask bundle`.
pub fn bundle_cmd(root: &Path) -> Result<(), String> {
    tools(root)?;
    bundle(root).map(|_| ())
}

/// `cargo xtask wasm-test`: the whole browser suite, reported on its own.
pub fn wasm_test_cmd(root: &Path) -> Result<(), String> {
    let mut tally = Tally::default();
    suite(root, &mut tally)?;
    tally.finish("browser channel")
}

/// `cargo xtask serve [--port N]`: the demo page at `http://127.0.0.1:N/` until Ctrl-C.
pub fn serve_cmd(root: &Path, args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => "8080".to_owned(),
        [flag, port] if flag == "--port" => port.clone(),
        _ => return Err("usage: cargo xtask serve [--port N]".into()),
    };
    if !root.join("wasm/pkg/recaudo_wasm_bg.wasm").exists() {
        bundle_cmd(root)?;
    }
    run(root, "cargo", &["build", "-p", "recaudo-cli"], &[])?;
    let www = root.join("wasm/www");
    let pkg = root.join("wasm/pkg");
    println!("demo checkout page: http://127.0.0.1:{port}/");
    run(
        root,
        &recaudo_bin(root).to_string_lossy(),
        &[
            "sim",
            "--port",
            &port,
            "--no-keep-alive",
            "--www",
            &www.to_string_lossy(),
            "--pkg",
            &pkg.to_string_lossy(),
        ],
        &[],
    )
}

/// Everything the browser channel checks, counted into `tally` (called by `cargo xtask test`).
pub fn suite(root: &Path, tally: &mut Tally) -> Result<(), String> {
    step("browser channel: tools");
    tools(root)?;

    step("browser channel: bundle (release, per-biller sizes)");
    let all = bundle(root)?;
    tally.passed += 1;

    step("browser channel: size ceilings (no bundle heavier than measured; targets 80/55 KB gzip)");
    let over = over_budget(root, &all)?;
    if over.is_empty() {
        println!("every bundle is within its ceiling (the 80/55 KB targets are not met yet)");
        tally.passed += 1;
    } else {
        println!("FAILED: over the ceiling:\n{}", over.join("\n"));
        tally.failed += 1;
    }

    step("browser channel: TypeScript check of the .d.ts and the usage example");
    match typescript(root) {
        Ok(()) => tally.passed += 1,
        Err(e) => {
            println!("FAILED: {e}");
            tally.failed += 1;
        }
    }

    run(root, "cargo", &["build", "-p", "recaudo-cli"], &[])?;

    step(
        "browser channel: the packed npm package installed as a user does (Node 20, Vite, webpack 5, tsc bundler/node16/nodenext)",
    );
    npm_package::tests(root, &default_billers(root)?, tally)?;

    step("browser channel: wasm-bindgen-test in headless Chromium against the simulator");
    {
        // `--no-keep-alive`: a fresh connection for every request. Chromium resends a POST by
        // itself when a reused connection closes before any reply byte, which would hide the
        // lost reply most tests are about; one test uses the keep-alive simulator on purpose.
        let sim = Sim::start(root, &["--no-keep-alive"])?;
        // A second simulator that keeps connections alive, as real servers do: where Chromium
        // resends a payment by itself after a reused connection closes without a reply.
        let keep_alive = Sim::start(root, &[])?;
        let webdriver = root.join("wasm/webdriver.json");
        let result = browser_tests(root, &sim.url, &keep_alive.url, &webdriver, tally);
        drop((sim, keep_alive));
        result?;
    }

    step(
        "browser channel: the demo checkout page end to end, the journal contract, a reload mid-recovery, two tabs, Zoom's pay button (playwright-core)",
    );
    let www = root.join("wasm/www");
    let pkg = root.join("wasm/pkg");
    let sim = Sim::start(
        root,
        &[
            "--www",
            &www.to_string_lossy(),
            "--pkg",
            &pkg.to_string_lossy(),
            "--no-keep-alive",
        ],
    )?;
    let shots = target_dir(root).join("e2e");
    std::fs::create_dir_all(&shots).map_err(|e| format!("{}: {e}", shots.display()))?;
    let screenshot = shots.join("checkout.png");
    let status = Command::new("node")
        .arg(root.join("wasm/tests/e2e.mjs"))
        .env("RECAUDO_SIM_URL", &sim.url)
        .env("RECAUDO_TOOLS", root.join("wasm/.tools"))
        .env("RECAUDO_SCREENSHOT", &screenshot)
        .env("RECAUDO_COLD_START_RUNS", COLD_START_RUNS)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run node: {e}"))?;
    drop(sim);
    if status.success() {
        println!("screenshot: {}", screenshot.display());
        tally.passed += 1;
    } else {
        println!("FAILED: the demo page end to end ({status})");
        tally.failed += 1;
    }
    Ok(())
}

/// Installs what the browser channel needs, skipping whatever is already there.
fn tools(root: &Path) -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"])
        .is_some_and(|o| o.lines().any(|l| l == TARGET));
    if !installed {
        run(root, "rustup", &["target", "add", TARGET], &[])?;
    }

    let version = wasm_bindgen_version(root)?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    let runner = output("wasm-bindgen-test-runner", &["--version"]).unwrap_or_default();
    if !have.contains(&version) || !runner.contains(&version) {
        println!("installing wasm-bindgen-cli {version} (a few minutes, once)");
        run(
            root,
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", &version],
            &[],
        )?;
    } else {
        println!("wasm-bindgen-cli {version}: present");
    }

    let browser = Path::new("/usr/bin/chromium").exists();
    let driver = output("chromedriver", &["--version"]).is_some();
    if !browser || !driver {
        apt_install(&["chromium", "chromium-driver"])?;
    } else {
        println!("chromium and chromedriver: present");
    }

    let tools = root.join("wasm/.tools");
    let bin = tools.join("node_modules/.bin");
    let wanted = ["wasm-opt", "tsc"].iter().all(|b| bin.join(b).exists())
        && tools
            .join("node_modules/playwright-core/package.json")
            .exists()
        && NPM_TOOLS
            .iter()
            .chain(&npm_package::BUNDLER_TOOLS)
            .all(|spec| {
                let (name, version) = spec.rsplit_once('@').unwrap_or((spec, ""));
                std::fs::read_to_string(tools.join("node_modules").join(name).join("package.json"))
                    .is_ok_and(|p| p.contains(&format!("\"version\": \"{version}\"")))
            });
    if !wanted {
        std::fs::create_dir_all(&tools).map_err(|e| format!("{}: {e}", tools.display()))?;
        let mut args = vec!["install", "--no-audit", "--no-fund", "--save-exact"];
        args.extend(NPM_TOOLS);
        args.extend(npm_package::BUNDLER_TOOLS);
        let status = Command::new("npm")
            .args(&args)
            .current_dir(&tools)
            .status()
            .map_err(|e| format!("cannot run npm: {e}"))?;
        if !status.success() {
            return Err(format!("`npm {}` failed ({status})", args.join(" ")));
        }
    } else {
        println!("npm tools in wasm/.tools: present");
    }
    size_report::install_twiggy(root)
}

/// The exact wasm-bindgen version in Cargo.lock: the CLI must match the library.
fn wasm_bindgen_version(root: &Path) -> Result<String, String> {
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

/// One built bundle's sizes, in bytes.
struct Sizes {
    name: String,
    wasm_raw: u64,
    wasm_gzip: u64,
    js_raw: u64,
    js_gzip: u64,
}

impl Sizes {
    /// What a page downloads: the `.wasm` and its glue, gzip.
    fn total_gzip(&self) -> u64 {
        self.wasm_gzip + self.js_gzip
    }
}

/// The billers of core's one list (`for_each_biller!` in `core/src/lib.rs`), in its order: each is a
/// core feature of its own name, so each gets a single-biller bundle with no edit here.
fn billers(root: &Path) -> Result<Vec<String>, String> {
    let lib = root.join("core/src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    let list = text
        .split_once("$callback! {")
        .and_then(|(_, rest)| rest.split_once("\n        }"))
        .map(|(list, _)| list)
        .ok_or_else(|| format!("no `for_each_biller!` list in {}", lib.display()))?;
    // Each line: `"feature" module::Biller(Options, Client),`.
    let billers: Vec<String> = list
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"')?.split_once('"'))
        .map(|(name, _)| name.to_owned())
        .collect();
    if billers.is_empty() {
        return Err(format!(
            "the `for_each_biller!` list in {} is empty",
            lib.display()
        ));
    }
    Ok(billers)
}

/// The billers in core's default features: the full bundle's, and the package's subpaths
/// (`recaudo/<biller>`). A biller outside them (the `acme` fixture) gets a bundle measured but
/// never shipped.
fn default_billers(root: &Path) -> Result<Vec<String>, String> {
    let manifest = root.join("core/Cargo.toml");
    let text =
        std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let list = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("default = ["))
        .and_then(|rest| rest.split_once(']'))
        .map(|(list, _)| list)
        .ok_or_else(|| format!("no `default = [...]` in {}", manifest.display()))?;
    Ok(list
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_owned())
        .filter(|s| !s.is_empty())
        .collect())
}

/// Builds the full bundle into `wasm/pkg/` and each single-biller bundle, lays the npm package
/// out around them, and prints sizes and the top contributors of the full and one single-biller
/// bundle.
fn bundle(root: &Path) -> Result<Vec<Sizes>, String> {
    let mut all = Vec::new();
    let singles = target_dir(root).join("wasm-bundles");
    let analysis = target_dir(root).join("wasm-analysis");
    std::fs::create_dir_all(&analysis).map_err(|e| format!("{}: {e}", analysis.display()))?;
    let billers = billers(root)?;
    let shipped = default_billers(root)?;
    for variant in std::iter::once("full").chain(billers.iter().map(String::as_str)) {
        let out = if variant == "full" {
            root.join("wasm/pkg")
        } else {
            singles.join(variant)
        };
        let build = Build::bindings(variant);
        build_variant(
            root,
            &build,
            &out,
            &analysis.join(format!("{variant}.wasm")),
        )?;
        all.push(sizes(&build, &out)?);
    }
    // The floor under every bundle (`wasm/floor`), built the same way; measured, never shipped.
    let mut floors = Vec::new();
    for build in [Build::floor(false), Build::floor(true)] {
        let out = singles.join(&build.name);
        build_variant(
            root,
            &build,
            &out,
            &analysis.join(format!("{}.wasm", build.name)),
        )?;
        // It must work as measured: a build the linker had emptied would understate the floor.
        let check = root.join("wasm/floor/check.mjs");
        run(
            root,
            "node",
            &[&*check.to_string_lossy(), &*out.to_string_lossy()],
            &[],
        )?;
        floors.push(sizes(&build, &out)?);
    }
    let packaged: Vec<(String, PathBuf)> = shipped
        .iter()
        .map(|b| (b.clone(), singles.join(b)))
        .collect();
    npm_package::assemble(root, &root.join("wasm/pkg"), &packaged)?;

    // One decimal, in integers.
    let kb = |b: u64| format!("{}.{}", b / 1024, (b % 1024) * 10 / 1024);
    for variant in ["full", billers[0].as_str()] {
        size_report::contributors(&analysis.join(format!("{variant}.wasm")), variant)?;
    }
    println!(
        "\n{:<10} {:>10} {:>10} {:>10} {:>10} {:>12} {:>10} {:>10}",
        "bundle", "wasm KB", "wasm gz", "glue KB", "glue gz", "total gz KB", "ceiling", "target"
    );
    // The floors have no ceiling or target: they are what the targets are measured against.
    let limits = all
        .iter()
        .map(|s| {
            let budget = Budget::of(&s.name);
            (s, budget.ceiling.to_string(), budget.target.to_string())
        })
        .chain(floors.iter().map(|s| (s, "-".into(), "-".into())));
    for (s, ceiling, target) in limits {
        println!(
            "{:<10} {:>10} {:>10} {:>10} {:>10} {:>12} {:>10} {:>10}",
            s.name,
            kb(s.wasm_raw),
            kb(s.wasm_gzip),
            kb(s.js_raw),
            kb(s.js_gzip),
            kb(s.total_gzip()),
            ceiling,
            target
        );
    }
    println!(
        "floor: a bare lookup client with the bundle's dependencies and build (`wasm/floor`: one \
         GET, debts decoded, no payment, no journal, no biller); floor-lean: the same with the \
         leanest glue (JSON text across the boundary, fetch through web-sys)"
    );
    let journal = root.join("wasm/pkg/journal.js");
    let journal_raw = std::fs::metadata(&journal).map(|m| m.len()).unwrap_or(0);
    println!(
        "journal.js (IndexedDbJournal, plain JS, not in the .wasm): {} KB raw, {} KB gzip",
        kb(journal_raw),
        kb(gzip_len(&journal)?)
    );
    Ok(all)
}

/// The shipped bundles (the full one and each default biller's; not the `acme` fixture's) over
/// their ceiling (`cargo xtask test` fails on any; see [`Budget`]), each with its contributor table printed so
/// the failure says where the bytes went.
fn over_budget(root: &Path, all: &[Sizes]) -> Result<Vec<String>, String> {
    let analysis = target_dir(root).join("wasm-analysis");
    let shipped = default_billers(root)?;
    let mut over = Vec::new();
    for s in all
        .iter()
        .filter(|s| s.name == "full" || shipped.contains(&s.name))
    {
        let budget = Budget::of(&s.name);
        if s.total_gzip() > budget.ceiling_bytes() {
            let _ = size_report::contributors(&analysis.join(format!("{}.wasm", s.name)), &s.name);
            over.push(format!(
                "{}: {} bytes gzip (.wasm + glue), ceiling {} KB (target {} KB)",
                s.name,
                s.total_gzip(),
                budget.ceiling,
                budget.target
            ));
        }
    }
    Ok(over)
}

/// What one bundle is built from: the bindings (`recaudo-wasm`) with every biller or one, or
/// the floor probe (`wasm/floor`).
struct Build {
    /// The name it is reported under.
    name: String,
    package: &'static str,
    /// The library's file stem, after which wasm-bindgen names its output.
    lib: &'static str,
    /// Cargo's feature flags for it.
    features: Vec<String>,
}

impl Build {
    /// The bindings: `full` (every default biller) or one biller's feature alone.
    fn bindings(variant: &str) -> Build {
        let features = if variant == "full" {
            Vec::new()
        } else {
            vec![
                "--no-default-features".to_owned(),
                "--features".to_owned(),
                format!("recaudo-core/{variant}"),
            ]
        };
        Build {
            name: variant.to_owned(),
            package: "recaudo-wasm",
            lib: "recaudo_wasm",
            features,
        }
    }

    /// The floor probe, with the bundle's glue or (`lean`) the leanest.
    fn floor(lean: bool) -> Build {
        Build {
            name: if lean { "floor-lean" } else { "floor" }.to_owned(),
            package: "recaudo-bundle-floor",
            lib: "recaudo_bundle_floor",
            features: if lean {
                vec!["--features".to_owned(), "lean".to_owned()]
            } else {
                Vec::new()
            },
        }
    }
}

/// `cargo rustc` (cdylib only, so that LTO applies), wasm-bindgen, wasm-opt. A copy optimised
/// the same way but keeping function names goes to `named`, for the contributor table.
///
/// The bundle is built like the mobile library: on the pinned nightly ([`mobile::TOOLCHAIN`]),
/// with std rebuilt from source for size (`optimize_for_size`) and panics that abort at once
/// (`-C panic=immediate-abort`), in a target directory of its own. On wasm32 a panic already
/// aborted (the module traps) and its message went nowhere (std's stderr is a no-op there, and
/// no hook is installed), so immediate abort loses nothing a page could see; it drops the panic
/// machinery and its message formatting: 17.9 KB gzip off a single-biller bundle, 2026-12-07.
fn build_variant(root: &Path, build: &Build, out: &Path, named: &Path) -> Result<(), String> {
    let dir = target_dir(root).join("wasm-size");
    let mut cargo = mobile::nightly_cargo(root, &dir)?;
    cargo
        .args(["--release", "--target", TARGET, "-p", build.package])
        .args(["--lib", "--crate-type", "cdylib"])
        .args(["-Z", "build-std=std,panic_abort"])
        .args(["-Z", "build-std-features=optimize_for_size"])
        .args(&build.features);
    // Size settings for this artefact only; the workspace release profile (the CLI's) is left
    // alone. Flags from the caller's environment would override these.
    cargo
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z")
        .env("CARGO_PROFILE_RELEASE_LTO", "true")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env(
            "CARGO_ENCODED_RUSTFLAGS",
            "-Zunstable-options\x1f-Cpanic=immediate-abort",
        )
        .env_remove("RUSTFLAGS");
    status(&mut cargo, &format!("the {} bundle's build", build.name))?;
    let built = dir.join(TARGET).join(format!("release/{}.wasm", build.lib));
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    run(
        root,
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--remove-producers-section",
            "--out-dir",
            &out.to_string_lossy(),
            &built.to_string_lossy(),
        ],
        &[],
    )?;
    minify_glue(root, build, out)?;
    let wasm = out.join(format!("{}_bg.wasm", build.lib));
    let wasm = wasm.to_string_lossy();
    let wasm_opt = root.join("wasm/.tools/node_modules/.bin/wasm-opt");
    let wasm_opt = wasm_opt.to_string_lossy();
    // The features rustc's wasm32 target enables by default.
    let features = [
        "--enable-bulk-memory",
        "--enable-sign-ext",
        "--enable-mutable-globals",
        "--enable-nontrapping-float-to-int",
        "--enable-reference-types",
        "--enable-multivalue",
    ];
    // Flattening and re-running the relooper before two `-Oz` rounds: 4.6 KB gzip off the full
    // bundle (1.6 KB off a single biller) compared with one `-Oz`, for ~15 s more per bundle.
    let passes = ["--flatten", "--rereloop", "-Oz", "-Oz"];
    let named = named.to_string_lossy();
    let mut args = passes.to_vec();
    args.push("--debuginfo");
    args.extend(features);
    args.extend([&*wasm, "-o", &*named]);
    run(root, &wasm_opt, &args, &[])?;
    let mut args = passes.to_vec();
    args.extend(features);
    args.extend(["--strip-debug", "--strip-producers", &*wasm, "-o", &*wasm]);
    run(root, &wasm_opt, &args, &[])
}

/// Minifies wasm-bindgen's generated glue (`recaudo_wasm.js`), with a source map beside it that
/// carries the readable original: 8.5 → 5.4 KB gzip, which every page downloads (a page that
/// imports the package without a bundler's minifier, too). Names of exported classes stay, so
/// that `Collector.name` and stack traces read as before; the `@ts-self-types` line stays for
/// Deno. The snippets (`js/*.js`, ours) ship as written.
fn minify_glue(root: &Path, build: &Build, out: &Path) -> Result<(), String> {
    let terser = root.join("wasm/.tools/node_modules/.bin/terser");
    let name = format!("{}.js", build.lib);
    let readable_name = format!("{}.readable.js", build.lib);
    let glue = out.join(&name);
    let readable = out.join(&readable_name);
    std::fs::rename(&glue, &readable).map_err(|e| format!("{}: {e}", glue.display()))?;
    let source_map = format!("includeSources,filename='{name}',url='{name}.map'");
    run(
        out,
        &terser.to_string_lossy(),
        &[
            &readable_name,
            "--module",
            "--compress",
            "--mangle",
            "--keep-classnames",
            "--comments",
            "/@ts-self-types/",
            "--source-map",
            &source_map,
            "-o",
            &name,
        ],
        &[],
    )?;
    std::fs::remove_file(&readable).map_err(|e| format!("{}: {e}", readable.display()))
}

/// Raw and gzip sizes of a bundle's `.wasm` and of its JS (the glue and its snippets).
fn sizes(build: &Build, dir: &Path) -> Result<Sizes, String> {
    let wasm = dir.join(format!("{}_bg.wasm", build.lib));
    let mut js = vec![dir.join(format!("{}.js", build.lib))];
    collect_js(&dir.join("snippets"), &mut js);
    let raw = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let mut s = Sizes {
        name: build.name.clone(),
        wasm_raw: raw(&wasm),
        wasm_gzip: gzip_len(&wasm)?,
        js_raw: 0,
        js_gzip: 0,
    };
    for file in &js {
        s.js_raw += raw(file);
        s.js_gzip += gzip_len(file)?;
    }
    Ok(s)
}

pub(crate) fn collect_js(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_js(&path, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            out.push(path);
        }
    }
}

/// `gzip -9` size of a file (what a server sends with `Content-Encoding: gzip`).
fn gzip_len(file: &Path) -> Result<u64, String> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    if !out.status.success() {
        return Err(format!("gzip {} failed", file.display()));
    }
    Ok(out.stdout.len() as u64)
}

/// `tsc --noEmit --strict` over the package's declarations and the usage examples in `wasm/ts/`
/// (`example.ts`, `precise.ts`, `services.ts`: a biller's services, replies narrowed by their
/// tag), and no `any` in the public declarations.
fn typescript(root: &Path) -> Result<(), String> {
    let pkg = root.join("wasm/pkg");
    let mut offenders = Vec::new();
    for name in [
        "index.d.ts",
        "errors.d.ts",
        "journal.d.ts",
        "recaudo_wasm.d.ts",
    ] {
        let text = std::fs::read_to_string(pkg.join(name)).map_err(|e| format!("{name}: {e}"))?;
        for (n, line) in public_declarations(&text).iter().enumerate() {
            if has_any(line) {
                offenders.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    if !offenders.is_empty() {
        return Err(format!(
            "`any` in the public declarations:\n{}",
            offenders.join("\n")
        ));
    }
    println!("no `any` in the public declarations");
    let tsc = root.join("wasm/.tools/node_modules/.bin/tsc");
    run(
        root,
        &tsc.to_string_lossy(),
        &["-p", &root.join("wasm/ts/tsconfig.json").to_string_lossy()],
        &[],
    )?;
    println!("tsc --noEmit --strict: the examples in wasm/ts/ type-check against wasm/pkg");
    Ok(())
}

/// The declaration lines a user sees: wasm-bindgen's `InitOutput` interface (the raw wasm
/// exports, typed with `any` by wasm-bindgen itself and never meant to be called) is left out.
fn public_declarations(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with("export interface InitOutput") {
            skipping = true;
        }
        if !skipping {
            out.push(line);
        }
        if skipping && line.starts_with('}') {
            skipping = false;
        }
    }
    out
}

fn has_any(line: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    if code.trim_start().starts_with('*') || code.trim_start().starts_with("/*") {
        return false;
    }
    code.match_indices("any").any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + 3..].chars().next();
        let ident =
            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
        !ident(before) && !ident(after)
    })
}

/// Runs the wasm-bindgen-test suite in headless Chromium, counting its `test result:` lines.
fn browser_tests(
    root: &Path,
    sim_url: &str,
    keep_alive_url: &str,
    webdriver: &Path,
    tally: &mut Tally,
) -> Result<(), String> {
    // chromedriver's Chromium leaves its scoped profile directories (~40 MB each) in TMPDIR
    // when the runner stops it; they land under target/ instead of piling up in /tmp.
    let tmp = target_dir(root).join("chromium-tmp");
    std::fs::create_dir_all(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
    let mut cargo = Command::new("cargo");
    cargo
        .args(["test", "-p", "recaudo-wasm", "--target", TARGET])
        .env("TMPDIR", &tmp)
        .env("RECAUDO_SIM_URL", sim_url)
        .env("RECAUDO_SIM_KEEP_ALIVE_URL", keep_alive_url)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", webdriver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .current_dir(root);
    run_counted(cargo, "the browser tests", tally)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_any_only_as_a_type() {
        assert!(has_any("  foo(a: any): void;"));
        assert!(has_any("x: Promise<any>;"));
        assert!(!has_any("  /** Pays any debt */"));
        assert!(!has_any("company: string;"));
        assert!(!has_any("manyThings: number;"));
    }

    #[test]
    fn reads_core_list_of_billers() {
        let billers = billers(&crate::workspace_root()).unwrap();
        assert!(billers.iter().any(|b| b == "zoom"), "{billers:?}");
        assert!(
            billers
                .iter()
                .all(|b| !b.is_empty() && b.chars().all(|c| c.is_ascii_lowercase())),
            "{billers:?}"
        );
    }

    #[test]
    fn skips_the_raw_init_output() {
        let text = "export class A {}\nexport interface InitOutput {\n  readonly f: (a: any) => any;\n}\nexport function g(): void;";
        let public = public_declarations(text);
        assert!(public.iter().all(|l| !has_any(l)));
        assert_eq!(public.len(), 2);
    }
}
