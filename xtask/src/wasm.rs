//! The browser channel's tasks (`recaudo-wasm`):
//!
//! - `cargo xtask bundle`: the release npm package in `wasm/pkg/` (full, four billers) and one
//!   bundle per biller in `<target>/wasm-bundles/`, with a table of raw and gzip sizes;
//! - `cargo xtask wasm-test`: tools, bundle, TypeScript check, the wasm-bindgen-test suite in
//!   headless Chromium and the demo page end to end with the payment journal (the journal
//!   contract from JS, a reload mid-recovery, two tabs on one receipt; also part of
//!   `cargo xtask test`);
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

use super::sim::{Sim, recaudo_bin, target_dir};
use super::tools::{apt_install, output, run_counted};
use super::{Tally, run, step};

const TARGET: &str = "wasm32-unknown-unknown";
const NPM_TOOLS: [&str; 3] = [
    "binaryen@132.0.0",
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
    bundle(root)?;
    tally.passed += 1;

    step("browser channel: TypeScript check of the .d.ts and the usage example");
    match typescript(root) {
        Ok(()) => tally.passed += 1,
        Err(e) => {
            println!("FAILED: {e}");
            tally.failed += 1;
        }
    }

    run(root, "cargo", &["build", "-p", "recaudo-cli"], &[])?;

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
        "browser channel: the demo checkout page end to end, the journal contract, a reload mid-recovery, two tabs (playwright-core)",
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
        && NPM_TOOLS.iter().all(|spec| {
            let (name, version) = spec.rsplit_once('@').unwrap_or((spec, ""));
            std::fs::read_to_string(tools.join("node_modules").join(name).join("package.json"))
                .is_ok_and(|p| p.contains(&format!("\"version\": \"{version}\"")))
        });
    if !wanted {
        std::fs::create_dir_all(&tools).map_err(|e| format!("{}: {e}", tools.display()))?;
        let mut args = vec!["install", "--no-audit", "--no-fund", "--save-exact"];
        args.extend(NPM_TOOLS);
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
    Ok(())
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

/// The billers of core's one list (`billers!` in `core/src/lib.rs`), in its order: each is a
/// core feature of its own name, so each gets a single-biller bundle with no edit here.
fn billers(root: &Path) -> Result<Vec<String>, String> {
    let lib = root.join("core/src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    let list = text
        .split_once("\nbillers! {")
        .and_then(|(_, rest)| rest.split_once("\n}"))
        .map(|(list, _)| list)
        .ok_or_else(|| format!("no `billers! {{ ... }}` list in {}", lib.display()))?;
    // Each line: `"feature" module::Biller(Options, Client),`.
    let billers: Vec<String> = list
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"')?.split_once('"'))
        .map(|(name, _)| name.to_owned())
        .collect();
    if billers.is_empty() {
        return Err(format!("the `billers!` list in {} is empty", lib.display()));
    }
    Ok(billers)
}

/// Builds the full package into `wasm/pkg/` and each single-biller bundle, and prints sizes.
fn bundle(root: &Path) -> Result<Vec<Sizes>, String> {
    let mut all = Vec::new();
    let singles = target_dir(root).join("wasm-bundles");
    let billers = billers(root)?;
    for variant in std::iter::once("full").chain(billers.iter().map(String::as_str)) {
        let out = if variant == "full" {
            root.join("wasm/pkg")
        } else {
            singles.join(variant)
        };
        build_variant(root, variant, &out)?;
        all.push(sizes(variant, &out)?);
    }
    package(root, &root.join("wasm/pkg"))?;

    // One decimal, in integers.
    let kb = |b: u64| format!("{}.{}", b / 1024, (b % 1024) * 10 / 1024);
    println!(
        "\n{:<10} {:>10} {:>10} {:>10} {:>10} {:>12}",
        "bundle", "wasm KB", "wasm gz", "glue KB", "glue gz", "total gz KB"
    );
    for s in &all {
        println!(
            "{:<10} {:>10} {:>10} {:>10} {:>10} {:>12}",
            s.name,
            kb(s.wasm_raw),
            kb(s.wasm_gzip),
            kb(s.js_raw),
            kb(s.js_gzip),
            kb(s.wasm_gzip + s.js_gzip)
        );
    }
    let journal = root.join("wasm/pkg/journal.js");
    let journal_raw = std::fs::metadata(&journal).map(|m| m.len()).unwrap_or(0);
    println!(
        "journal.js (IndexedDbJournal, plain JS, not in the .wasm): {} KB raw, {} KB gzip",
        kb(journal_raw),
        kb(gzip_len(&journal)?)
    );
    println!(
        "budget (a report, not a test): full <= 80 KB gzip, single biller <= 55 KB gzip (.wasm + glue)"
    );
    Ok(all)
}

/// `cargo rustc` (cdylib only, so that LTO applies), wasm-bindgen, wasm-opt.
fn build_variant(root: &Path, variant: &str, out: &Path) -> Result<(), String> {
    let mut args = vec![
        "rustc",
        "--release",
        "--target",
        TARGET,
        "-p",
        "recaudo-wasm",
        "--lib",
        "--crate-type",
        "cdylib",
    ];
    let feature = format!("recaudo-core/{variant}");
    if variant != "full" {
        args.extend(["--no-default-features", "--features", &feature]);
    }
    // Size settings for this artefact only; the workspace release profile (the CLI's) is left
    // alone.
    run(
        root,
        "cargo",
        &args,
        &[
            ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z"),
            ("CARGO_PROFILE_RELEASE_LTO", "true"),
            ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1"),
            ("CARGO_PROFILE_RELEASE_PANIC", "abort"),
            ("CARGO_PROFILE_RELEASE_DEBUG", "false"),
        ],
    )?;
    let built = target_dir(root)
        .join(TARGET)
        .join("release/recaudo_wasm.wasm");
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    run(
        root,
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--remove-name-section",
            "--remove-producers-section",
            "--out-dir",
            &out.to_string_lossy(),
            &built.to_string_lossy(),
        ],
        &[],
    )?;
    let wasm = out.join("recaudo_wasm_bg.wasm");
    let wasm = wasm.to_string_lossy();
    let wasm_opt = root.join("wasm/.tools/node_modules/.bin/wasm-opt");
    run(
        root,
        &wasm_opt.to_string_lossy(),
        &[
            "-Oz",
            // The features rustc's wasm32 target enables by default.
            "--enable-bulk-memory",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-nontrapping-float-to-int",
            "--enable-reference-types",
            "--enable-multivalue",
            &wasm,
            "-o",
            &wasm,
        ],
        &[],
    )
}

/// Raw and gzip sizes of a bundle's `.wasm` and of its JS (the glue and its snippets).
fn sizes(name: &str, dir: &Path) -> Result<Sizes, String> {
    let wasm = dir.join("recaudo_wasm_bg.wasm");
    let mut js = vec![dir.join("recaudo_wasm.js")];
    collect_js(&dir.join("snippets"), &mut js);
    let raw = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let mut s = Sizes {
        name: name.to_owned(),
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

fn collect_js(dir: &Path, out: &mut Vec<PathBuf>) {
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

/// The npm package around wasm-bindgen's output: an entry module that also exports
/// `RecaudoError` (defined in a wasm-bindgen snippet, so `instanceof` works against the very
/// class the module throws) and `IndexedDbJournal` (plain JS in `journal.js`, which the `.wasm`
/// never imports), their declarations, `package.json` and the README.
fn package(root: &Path, pkg: &Path) -> Result<(), String> {
    let mut snippets = Vec::new();
    collect_js(&pkg.join("snippets"), &mut snippets);
    let errors = snippets
        .iter()
        .find(|p| p.ends_with("js/errors.js"))
        .ok_or("wasm-bindgen did not copy js/errors.js")?;
    let relative = errors
        .strip_prefix(pkg)
        .map_err(|e| e.to_string())?
        .to_string_lossy()
        .replace('\\', "/");
    let write = |name: &str, text: String| {
        std::fs::write(pkg.join(name), text).map_err(|e| format!("{name}: {e}"))
    };
    write(
        "index.js",
        format!(
            "// recaudo for the browser: the wasm module's exports, RecaudoError and IndexedDbJournal.\n\
             export * from \"./recaudo_wasm.js\";\n\
             export {{ default }} from \"./recaudo_wasm.js\";\n\
             export {{ RecaudoError }} from \"./{relative}\";\n\
             export {{ IndexedDbJournal }} from \"./journal.js\";\n"
        ),
    )?;
    write(
        "index.d.ts",
        "export * from \"./recaudo_wasm\";\n\
         export { default } from \"./recaudo_wasm\";\n\
         export { RecaudoError, type RecaudoErrorCode } from \"./errors\";\n\
         export { IndexedDbJournal } from \"./journal\";\n"
            .to_owned(),
    )?;
    for name in ["errors.d.ts", "journal.js", "journal.d.ts"] {
        std::fs::copy(root.join("wasm/js").join(name), pkg.join(name))
            .map_err(|e| format!("{name}: {e}"))?;
    }
    std::fs::copy(root.join("wasm/README.md"), pkg.join("README.md"))
        .map_err(|e| format!("README.md: {e}"))?;
    let version = std::fs::read_to_string(root.join("Cargo.toml"))
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("version = \"")
                    .map(|v| v.trim_end_matches('"').to_owned())
            })
        })
        .unwrap_or_else(|| "0.1.0".to_owned());
    // "Unicomer, Unicobros, Zoom and Cooplan": core's list, capitalised.
    let names: Vec<String> = billers(root)?
        .iter()
        .map(|b| b[..1].to_uppercase() + &b[1..])
        .collect();
    let billers = match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => return Err("core's list of billers is empty".into()),
    };
    // wasm-bindgen's own package.json (if any) is replaced by the package's.
    write(
        "package.json",
        format!(
            r#"{{
  "name": "recaudo",
  "version": "{version}",
  "description": "Collect payments for {billers} from the browser: a typed, safe-payment client in WebAssembly.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "module": "index.js",
  "main": "index.js",
  "types": "index.d.ts",
  "exports": {{
    ".": {{ "types": "./index.d.ts", "default": "./index.js" }}
  }},
  "files": [
    "index.js",
    "index.d.ts",
    "errors.d.ts",
    "journal.js",
    "journal.d.ts",
    "recaudo_wasm.js",
    "recaudo_wasm.d.ts",
    "recaudo_wasm_bg.wasm",
    "recaudo_wasm_bg.wasm.d.ts",
    "snippets/",
    "README.md"
  ],
  "sideEffects": false
}}
"#
        ),
    )
}

/// `tsc --noEmit --strict` over the package's declarations and `wasm/ts/example.ts`, and no
/// `any` in the public declarations.
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
    println!("tsc --noEmit --strict: wasm/ts/example.ts type-checks against wasm/pkg");
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
    let mut cargo = Command::new("cargo");
    cargo
        .args(["test", "-p", "recaudo-wasm", "--target", TARGET])
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
