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
