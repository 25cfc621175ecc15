//! Core errors as JS `RecaudoError`s (defined in `js/errors.js`, declared in `js/errors.d.ts`).
//!
//! Everything a program needs is copied from the core error's accessors: the stable `code`, the
//! biller's code and message verbatim, the HTTP status and whether the request may have reached
//! the biller. The message is the core error's `Display`, which never holds a secret.

use recaudo_core::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = RecaudoError)]
    pub type JsRecaudoError;

    #[wasm_bindgen(constructor, js_class = "RecaudoError")]
    fn new(
        message: &str,
        code: &str,
        biller_code: Option<String>,
        biller_message: Option<String>,
        http_status: Option<u16>,
        may_have_reached_biller: bool,
    ) -> JsRecaudoError;
}

/// The JS error for a core error.
pub fn to_js(error: &Error) -> JsValue {
    JsRecaudoError::new(
        &error.to_string(),
        error.code(),
        error.biller_code().map(str::to_owned),
        error.biller_message().map(str::to_owned),
        error.http_status(),
        error.may_have_reached_biller(),
    )
    .into()
}

/// Input from JS that does not have the declared shape: a typed `invalid_input` error naming
/// the argument, never a panic.
pub fn invalid(field: &'static str, reason: impl std::fmt::Display) -> JsValue {
    to_js(&Error::invalid(field, reason.to_string()))
}

/// `js/errors.d.ts` is written by hand (the `RecaudoError` class lives in a JS snippet, which
/// tsify does not reach), so its `RecaudoErrorCode` union is checked against the core's one list
/// of codes, both ways: a code added in only one of the two places fails here. Native only: it
/// reads the file from the source tree.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::collections::BTreeSet;

    use recaudo_core::ErrorCode;

    #[test]
    fn the_typescript_union_lists_exactly_the_core_codes() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/js/errors.d.ts");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let union = text
            .split("export type RecaudoErrorCode =")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .unwrap_or_else(|| panic!("{path} declares no `export type RecaudoErrorCode = ...;`"));
        let in_ts: BTreeSet<&str> = union
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.strip_prefix('"')
                    .and_then(|s| s.strip_suffix('"'))
                    .unwrap_or_else(|| panic!("not a string literal in RecaudoErrorCode: {s}"))
            })
            .collect();
        let in_core: BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        let missing: Vec<_> = in_core.difference(&in_ts).collect();
        let extra: Vec<_> = in_ts.difference(&in_core).collect();
        assert!(
            missing.is_empty(),
            "core codes missing from RecaudoErrorCode in {path}: {missing:?}"
        );
        assert!(
            extra.is_empty(),
            "RecaudoErrorCode in {path} has codes the core does not: {extra:?}"
        );
    }
}
