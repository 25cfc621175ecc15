//! The C API, in the rustls-ffi style.
//!
//! - Opaque handles with `_new`/`_free`: [`recaudo_collector`] (one biller's unified steps) and
//!   [`recaudo_service`] (a collector with a file journal). `_free` accepts NULL.
//! - Every function returns a [`recaudo_result`]; outputs come last; a failed call leaves its
//!   outputs NULL and sets the thread's last error ([`recaudo_last_error`],
//!   [`recaudo_last_error_json`]).
//! - Every pointer is NULL-checked, every string checked for UTF-8, every handle looked up in a
//!   registry before use (see `handle.rs`: freed and foreign handles are detected).
//! - Inputs and results are JSON (the core types' serde forms: snake_case fields, amounts as
//!   decimal strings, dates `yyyy-mm-dd`, times `yyyy-mm-ddThh:mm:ss`); results are owned
//!   strings freed with [`recaudo_string_free`].
//! - Calls block the calling thread until done (they run on the library's runtime thread; see
//!   [`crate::runtime`]). Do not call them from inside an async runtime.
//! - `catch_unwind` at every entry point: a panic becomes `RECAUDO_PANIC`, never an unwind into C.

// C naming (`recaudo_collector`, `recaudo_result`), as the header shows them.
#![allow(non_camel_case_types)]

mod args;
mod collector;
mod handle;
mod last_error;
mod result;
mod service;
mod version;

use std::ffi::c_char;
use std::panic::{AssertUnwindSafe, catch_unwind};

pub use collector::*;
pub use result::{recaudo_result, recaudo_result_message};
pub use service::*;
pub use version::*;

use last_error::Failure;

/// Runs an entry point's body: clears the last error, catches panics, records failures.
pub(crate) fn entry(
    function: &'static str,
    body: impl FnOnce() -> Result<(), Failure>,
) -> recaudo_result {
    last_error::clear();
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return recaudo_result::RECAUDO_OK,
        Ok(Err(failure)) => failure,
        Err(_) => Failure::Panic(function),
    };
    last_error::set(&failure);
    failure.result()
}

/// Frees a string returned by recaudo. NULL is accepted; a pointer recaudo did not return (or
/// already freed) is ignored and recorded as the last error.
///
/// # Safety
/// `s` is NULL or any pointer; only strings returned by recaudo are freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_string_free(s: *mut c_char) {
    entry("recaudo_string_free", || {
        if s.is_null() {
            return Ok(());
        }
        if !handle::release_string(s) {
            return Err(Failure::Handle("s"));
        }
        // SAFETY: registered by `write_json` from `CString::into_raw`, now released once.
        drop(unsafe { std::ffi::CString::from_raw(s) });
        Ok(())
    });
}

/// The last error's message on this thread, or `""` after a successful call. Owned by recaudo:
/// valid until the next recaudo call on this thread. Never contains a credential.
#[unsafe(no_mangle)]
pub extern "C" fn recaudo_last_error() -> *const c_char {
    catch_unwind(last_error::message).unwrap_or(c"".as_ptr())
}

/// The last error on this thread as JSON: `{"code", "message", "biller_code", "biller_message",
/// "http_status", "may_have_reached_biller"}`, or `""` after a successful call. Owned by recaudo:
/// valid until the next recaudo call on this thread.
#[unsafe(no_mangle)]
pub extern "C" fn recaudo_last_error_json() -> *const c_char {
    catch_unwind(last_error::json).unwrap_or(c"".as_ptr())
}
