//! Static files for the browser demo (`recaudo sim --www DIR --pkg DIR`): the checkout page
//! and the wasm package served from the simulator's own origin, so the page's `fetch` calls
//! need no CORS at all.
//!
//! `GET /` and `/{file}` come from the `www` directory, `/pkg/{file}` from the package
//! directory. Only plain file names below those directories are served (no `..`, no hidden
//! files); anything else falls through to the simulator's 404.

use std::path::{Path, PathBuf};

/// Where the demo's files are.
#[derive(Clone, Debug, Default)]
pub struct StaticDirs {
    /// The page (`index.html` and its scripts and styles).
    pub www: Option<PathBuf>,
    /// The wasm package built by `cargo xtask bundle`, served under `/pkg/`.
    pub pkg: Option<PathBuf>,
}

impl StaticDirs {
    /// The file for a request path (percent-decoded, without leading or trailing `/`), with
    /// its content type, or `None`.
    pub(crate) fn lookup(&self, path: &str) -> Option<(Vec<u8>, &'static str)> {
        let (dir, rest) = match path.strip_prefix("pkg/") {
            Some(rest) => (self.pkg.as_ref()?, rest),
            None => (self.www.as_ref()?, path),
        };
        let rest = if rest.is_empty() { "index.html" } else { rest };
        let safe = rest
            .split('/')
            .all(|s| !s.is_empty() && !s.starts_with('.') && !s.contains('\\'));
        if !safe {
            return None;
        }
        let file = dir.join(rest);
        let body = std::fs::read(&file).ok()?;
        Some((body, content_type(&file)))
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        // `WebAssembly.instantiateStreaming` insists on this type.
        Some("wasm") => "application/wasm",
        Some("json") => "application/json; charset=utf-8",
        Some("ts") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_only_plain_paths_below_its_directories() {
        let dir = std::env::temp_dir().join(format!("recaudo-statics-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::write(dir.join("index.html"), "<p>hi</p>").unwrap();
        std::fs::write(dir.join("pkg/a.wasm"), [0u8, 97, 115, 109]).unwrap();
        let dirs = StaticDirs {
            www: Some(dir.clone()),
            pkg: Some(dir.join("pkg")),
        };
        let (body, ty) = dirs.lookup("").unwrap();
        assert_eq!(body, b"<p>hi</p>");
        assert!(ty.starts_with("text/html"));
        assert_eq!(dirs.lookup("pkg/a.wasm").unwrap().1, "application/wasm");
        assert!(dirs.lookup("../etc/passwd").is_none());
        assert!(dirs.lookup("pkg/../index.html").is_none());
        assert!(dirs.lookup(".hidden").is_none());
        assert!(dirs.lookup("missing.js").is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
