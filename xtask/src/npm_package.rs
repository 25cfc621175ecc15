//! The npm package `recaudo` as published, and the tests that install it the way a user does.
//!
//! Layout of `wasm/pkg/` (what `npm pack` ships):
//! - the full bundle (every default biller) at the root: `index.js` for browsers and bundlers,
//!   `node.js` for Node (it reads the `.wasm` bytes from the package itself: `fetch` cannot load
//!   a `file:` URL), `index.d.ts`;
//! - one directory per default biller (`unicomer/`, …), each its own small `.wasm` with the same
//!   three entry files and its own declarations, exported as `recaudo/<biller>`;
//! - conditional exports tie them together (`types`, `node`, `default`), and every relative
//!   import in a `.d.ts` names its `.js` file, so TypeScript's `node16`/`nodenext` resolution
//!   reads them as well as `bundler` does.
//!
//! The tests (`wasm/tests/npm-package.mjs`) install the tarball from `npm pack` into a scratch
//! project under `<target>/npm-package/` and prove: Node 20 imports and uses it, a Vite
//! production build and a webpack 5 build of a tiny page run in headless Chromium against the
//! simulator, and `tsc` accepts a consumer under `bundler`, `node16` and `nodenext`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::Tally;
use super::sim::{Sim, target_dir};
use super::tools::run_counted;

/// The bundlers the package is tested under, installed next to the other npm tools.
pub const BUNDLER_TOOLS: [&str; 2] = ["vite@8.4.0", "webpack@5.112.2"];

/// The files every entry directory (the root and each biller's) gets beside wasm-bindgen's
/// output.
const SHARED: [&str; 3] = ["errors.d.ts", "journal.js", "journal.d.ts"];

/// Lays out `pkg` (holding the full bundle) as the npm package, copying each biller's bundle
/// from `singles` into `pkg/<biller>/`.
pub fn assemble(root: &Path, pkg: &Path, singles: &[(String, PathBuf)]) -> Result<(), String> {
    entry_files(root, pkg, "")?;
    for (biller, dir) in singles {
        let sub = pkg.join(biller);
        if sub.exists() {
            std::fs::remove_dir_all(&sub).map_err(|e| format!("{}: {e}", sub.display()))?;
        }
        copy_dir(dir, &sub)?;
        entry_files(root, &sub, biller)?;
    }
    std::fs::copy(root.join("wasm/README.md"), pkg.join("README.md"))
        .map_err(|e| format!("README.md: {e}"))?;
    let billers: Vec<&str> = singles.iter().map(|(b, _)| b.as_str()).collect();
    std::fs::write(pkg.join("package.json"), package_json(root, &billers)?)
        .map_err(|e| format!("package.json: {e}"))
}

/// `index.js`, `node.js`, `index.d.ts` and the shared files in one bundle's directory. The
/// entry modules also export `RecaudoError` (defined in a wasm-bindgen snippet, so `instanceof`
/// works against the very class this bundle throws) and `IndexedDbJournal` (plain JS, which the
/// `.wasm` never imports).
fn entry_files(root: &Path, dir: &Path, biller: &str) -> Result<(), String> {
    let mut snippets = Vec::new();
    super::wasm::collect_js(&dir.join("snippets"), &mut snippets);
    let errors = snippets
        .iter()
        .find(|p| p.ends_with("js/errors.js"))
        .ok_or("wasm-bindgen did not copy js/errors.js")?;
    let errors = errors
        .strip_prefix(dir)
        .map_err(|e| e.to_string())?
        .to_string_lossy()
        .replace('\\', "/");
    let what = if biller.is_empty() {
        "every biller".to_owned()
    } else {
        format!("{biller} only")
    };
    let write = |name: &str, text: String| {
        std::fs::write(dir.join(name), text).map_err(|e| format!("{name}: {e}"))
    };
    let reexports = format!(
        "export * from \"./recaudo_wasm.js\";\n\
         export {{ RecaudoError }} from \"./{errors}\";\n\
         export {{ IndexedDbJournal }} from \"./journal.js\";\n"
    );
    write(
        "index.js",
        format!(
            "// recaudo ({what}) for browsers and bundlers: `await init()` fetches the .wasm.\n\
             {reexports}export {{ default }} from \"./recaudo_wasm.js\";\n"
        ),
    )?;
    write(
        "node.js",
        format!(
            "// recaudo ({what}) for Node: the .wasm bytes are read from the package (fetch cannot\n\
             // load a file: URL) and instantiated on import; `init()` then resolves at once.\n\
             import {{ readFileSync }} from \"node:fs\";\n\
             import {{ initSync }} from \"./recaudo_wasm.js\";\n\
             initSync({{ module: readFileSync(new URL(\"./recaudo_wasm_bg.wasm\", import.meta.url)) }});\n\
             {reexports}export {{ default }} from \"./recaudo_wasm.js\";\n"
        ),
    )?;
    write(
        "index.d.ts",
        "export * from \"./recaudo_wasm.js\";\n\
         export { default } from \"./recaudo_wasm.js\";\n\
         export { RecaudoError, type RecaudoErrorCode } from \"./errors.js\";\n\
         export { IndexedDbJournal } from \"./journal.js\";\n"
            .to_owned(),
    )?;
    for name in SHARED {
        std::fs::copy(root.join("wasm/js").join(name), dir.join(name))
            .map_err(|e| format!("{name}: {e}"))?;
    }
    let dts = dir.join("recaudo_wasm.d.ts");
    let text = std::fs::read_to_string(&dts).map_err(|e| format!("{}: {e}", dts.display()))?;
    std::fs::write(&dts, camel_case_fields(&text)).map_err(|e| format!("{}: {e}", dts.display()))
}

/// The declarations with every snake_case field name in camelCase, as the JS surface has them
/// (`wasm/src/convert.rs` renames the values; tsify declares the core's Rust names). Comments,
/// string literals (enum values such as `"needs_review"` stay) and wasm-bindgen's raw
/// `InitOutput` exports are left alone.
pub fn camel_case_fields(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut raw_exports = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("export interface InitOutput") {
            raw_exports = true;
        }
        let comment = ["*", "/*", "//"]
            .iter()
            .any(|c| line.trim_start().starts_with(c));
        if raw_exports || comment {
            out.push_str(line);
        } else {
            out.push_str(&camel_case_line(line));
        }
        if raw_exports && line.starts_with('}') {
            raw_exports = false;
        }
    }
    out
}

fn camel_case_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(line.len());
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if c == '"' || c == '\'' || c == '`' {
            quote = Some(c);
            out.push(c);
            i += 1;
            continue;
        }
        if !ident(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && ident(chars[i]) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let mut next = i;
        if chars.get(next) == Some(&'?') {
            next += 1;
        }
        let is_field = chars.get(next) == Some(&':');
        if is_field && word.contains('_') && !word.starts_with('_') {
            let mut upper = false;
            for w in word.chars() {
                if w == '_' {
                    upper = true;
                } else if upper {
                    out.extend(w.to_uppercase());
                    upper = false;
                } else {
                    out.push(w);
                }
            }
        } else {
            out.push_str(&word);
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// One `exports` entry: types first (TypeScript takes the first match), then Node's entry, then
/// everything else (browsers, Vite, webpack).
fn export_entry(prefix: &str) -> String {
    format!(
        "{{ \"types\": \"./{prefix}index.d.ts\", \"node\": \"./{prefix}node.js\", \"default\": \"./{prefix}index.js\" }}"
    )
}

fn package_json(root: &Path, billers: &[&str]) -> Result<String, String> {
    let version = std::fs::read_to_string(root.join("Cargo.toml"))
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("version = \"")
                    .map(|v| v.trim_end_matches('"').to_owned())
            })
        })
        .unwrap_or_else(|| "0.1.0".to_owned());
    // "Unicomer, Unicobros, Zoom and Cooplan": the package's billers, capitalised.
    let names: Vec<String> = billers
        .iter()
        .map(|b| b[..1].to_uppercase() + &b[1..])
        .collect();
    let list = match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => return Err("the package has no biller".into()),
    };
    let mut exports = vec![format!("    \".\": {}", export_entry(""))];
    for b in billers {
        exports.push(format!("    \"./{b}\": {}", export_entry(&format!("{b}/"))));
    }
    exports.push("    \"./package.json\": \"./package.json\"".to_owned());
    let mut files = vec![
        "index.js",
        "node.js",
        "index.d.ts",
        "recaudo_wasm.js",
        "recaudo_wasm.js.map",
        "recaudo_wasm.d.ts",
        "recaudo_wasm_bg.wasm",
        "recaudo_wasm_bg.wasm.d.ts",
        "snippets/",
        "README.md",
    ];
    files.extend(SHARED);
    let mut files: Vec<String> = files.iter().map(|f| format!("    \"{f}\"")).collect();
    files.extend(billers.iter().map(|b| format!("    \"{b}/\"")));
    Ok(format!(
        r#"{{
  "name": "recaudo",
  "version": "{version}",
  "description": "Collect payments for {list} from the browser or Node: a typed, safe-payment client in WebAssembly.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "module": "index.js",
  "main": "index.js",
  "types": "index.d.ts",
  "exports": {{
{}
  }},
  "files": [
{}
  ],
  "engines": {{ "node": ">=20" }},
  "sideEffects": ["./node.js", "./*/node.js"]
}}
"#,
        exports.join(",\n"),
        files.join(",\n")
    ))
}

/// `npm pack`, the tarball installed into a scratch project, and `wasm/tests/npm-package.mjs`
/// over it (Node, Vite, webpack, tsc), its `test result:` line counted into `tally`.
pub fn tests(root: &Path, billers: &[String], tally: &mut Tally) -> Result<(), String> {
    let base = target_dir(root).join("npm-package");
    let app = base.join("app");
    if base.exists() {
        std::fs::remove_dir_all(&base).map_err(|e| format!("{}: {e}", base.display()))?;
    }
    std::fs::create_dir_all(&app).map_err(|e| format!("{}: {e}", app.display()))?;
    let pack = Command::new("npm")
        .args(["pack", "--json", "--pack-destination"])
        .arg(&base)
        .current_dir(root.join("wasm/pkg"))
        .output()
        .map_err(|e| format!("cannot run npm pack: {e}"))?;
    if !pack.status.success() {
        return Err(format!(
            "npm pack failed: {}",
            String::from_utf8_lossy(&pack.stderr)
        ));
    }
    let tarball = std::fs::read_dir(&base)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "tgz"))
        .ok_or("npm pack wrote no tarball")?;
    println!(
        "npm pack: {} ({} KB)",
        tarball.display(),
        std::fs::metadata(&tarball)
            .map(|m| m.len() / 1024)
            .unwrap_or(0)
    );
    std::fs::write(
        app.join("package.json"),
        "{ \"name\": \"recaudo-scratch\", \"private\": true, \"type\": \"module\" }\n",
    )
    .map_err(|e| format!("package.json: {e}"))?;
    // No dependency of its own: nothing but the tarball is installed.
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--no-save"])
        .arg(&tarball)
        .current_dir(&app)
        .status()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !status.success() {
        return Err(format!("npm install of the tarball failed ({status})"));
    }
    let www = app.join("www");
    std::fs::create_dir_all(&www).map_err(|e| format!("{}: {e}", www.display()))?;
    let sim = Sim::start(root, &["--www", &www.to_string_lossy(), "--no-keep-alive"])?;
    let mut node = Command::new("node");
    node.arg(root.join("wasm/tests/npm-package.mjs"))
        .env("RECAUDO_APP", &app)
        .env("RECAUDO_TOOLS", root.join("wasm/.tools"))
        .env("RECAUDO_SIM_URL", &sim.url)
        .env("RECAUDO_SOURCES", root.join("wasm/tests/npm"))
        .env("RECAUDO_BILLERS", billers.join(","))
        .current_dir(root);
    let result = run_counted(node, "the npm package tests", tally);
    drop(sim);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_follow_the_js_casing() {
        let dts = "export interface Debt {\n    debt_id: string;\n    due_date?: string | null;\n    /** the debt_id: kept */\n}\nexport type O = { outcome: \"needs_review\"; payment_id: string };\nexport interface InitOutput {\n  readonly collector_free: (a: number) => void;\n}\n";
        assert_eq!(
            camel_case_fields(dts),
            "export interface Debt {\n    debtId: string;\n    dueDate?: string | null;\n    /** the debt_id: kept */\n}\nexport type O = { outcome: \"needs_review\"; paymentId: string };\nexport interface InitOutput {\n  readonly collector_free: (a: number) => void;\n}\n"
        );
    }

    #[test]
    fn every_default_biller_is_a_subpath() {
        let json = package_json(&crate::workspace_root(), &["unicomer", "zoom"]).unwrap();
        assert!(json.contains(
            "\"./zoom\": { \"types\": \"./zoom/index.d.ts\", \"node\": \"./zoom/node.js\""
        ));
        assert!(json.contains("Unicomer and Zoom"));
    }
}
