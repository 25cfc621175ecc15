//! The last error on this thread, for `recaudo_last_error` and `recaudo_last_error_json`.
//!
//! Set by every failing entry point, cleared by every entry point at its start. Messages come
//! from the core's `Display` (which never prints a credential) or from this crate's own checks;
//! JSON parse errors are reduced to their position when they would quote the input.

use std::cell::RefCell;
use std::ffi::{CString, c_char};

use recaudo_core::Error;

use super::result::recaudo_result;

thread_local! {
    static LAST: RefCell<Option<(CString, CString)>> = const { RefCell::new(None) };
}

/// Why a C call failed.
pub(crate) enum Failure {
    Null(&'static str),
    Utf8(&'static str),
    Handle(&'static str),
    Core(Error),
    Panic(&'static str),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

impl Failure {
    pub(crate) fn result(&self) -> recaudo_result {
        match self {
            Failure::Null(_) => recaudo_result::RECAUDO_NULL_ARGUMENT,
            Failure::Utf8(_) => recaudo_result::RECAUDO_INVALID_UTF8,
            Failure::Handle(_) => recaudo_result::RECAUDO_INVALID_HANDLE,
            Failure::Core(e) => recaudo_result::of(e),
            Failure::Panic(_) => recaudo_result::RECAUDO_PANIC,
        }
    }

    fn detail(&self) -> serde_json::Value {
        let simple = |code: &str, message: String| {
            serde_json::json!({
                "code": code,
                "message": message,
                "biller_code": null,
                "biller_message": null,
                "http_status": null,
                "may_have_reached_biller": false,
            })
        };
        match self {
            Failure::Null(arg) => simple("null_argument", format!("`{arg}` is NULL")),
            Failure::Utf8(arg) => simple("invalid_utf8", format!("`{arg}` is not valid UTF-8")),
            Failure::Handle(arg) => simple(
                "invalid_handle",
                format!(
                    "`{arg}` is not a live recaudo handle of the expected kind (freed, or foreign)"
                ),
            ),
            Failure::Panic(function) => simple(
                "panic",
                format!("internal error: a panic was caught in {function} (please report it)"),
            ),
            Failure::Core(e) => error_json(e),
        }
    }
}

/// A core error as JSON (the last error's form, also used in `resume`'s results).
pub(crate) fn error_json(e: &Error) -> serde_json::Value {
    serde_json::json!({
        "code": e.code(),
        "message": e.to_string(),
        "biller_code": e.biller_code(),
        "biller_message": e.biller_message(),
        "http_status": e.http_status(),
        "may_have_reached_biller": e.may_have_reached_biller(),
    })
}

/// Plain text for C: interior NULs (only possible in a biller's message) become spaces.
fn c_string(text: String) -> CString {
    CString::new(text.replace('\0', " ")).unwrap_or_default()
}

pub(crate) fn clear() {
    LAST.with(|l| *l.borrow_mut() = None);
}

pub(crate) fn set(failure: &Failure) {
    let detail = failure.detail();
    let message = detail["message"].as_str().unwrap_or_default().to_owned();
    let json = c_string(detail.to_string());
    LAST.with(|l| *l.borrow_mut() = Some((c_string(message), json)));
}

/// The last error's message (`""` if the last call succeeded).
pub(crate) fn message() -> *const c_char {
    LAST.with(|l| match &*l.borrow() {
        Some((message, _)) => message.as_ptr(),
        None => c"".as_ptr(),
    })
}

/// The last error as JSON (`""` if the last call succeeded).
pub(crate) fn json() -> *const c_char {
    LAST.with(|l| match &*l.borrow() {
        Some((_, json)) => json.as_ptr(),
        None => c"".as_ptr(),
    })
}
