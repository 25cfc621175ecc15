//! The result code every C entry point returns.

use std::ffi::{c_char, c_int};
use std::panic::catch_unwind;

use recaudo_core::{Error, ErrorCode};

/// What a C call did. `RECAUDO_OK` is 0; the codes from 100 up are the core's stable error codes
/// (see `recaudo_last_error_json` for the biller's code and message and the HTTP status).
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum recaudo_result {
    RECAUDO_OK = 0,
    /// A required pointer argument was NULL.
    RECAUDO_NULL_ARGUMENT = 1,
    /// A string argument was not valid UTF-8.
    RECAUDO_INVALID_UTF8 = 2,
    /// A handle was freed, of another kind, or never came from recaudo.
    RECAUDO_INVALID_HANDLE = 3,
    /// A panic was caught at the boundary (a bug in recaudo; nothing crossed into C).
    RECAUDO_PANIC = 4,
    /// The library's own machinery failed (its runtime could not start).
    RECAUDO_INTERNAL = 5,
    /// `invalid_input`: input refused before anything was sent (also JSON that does not parse).
    RECAUDO_INVALID_INPUT = 100,
    /// `invalid_amount`: an amount that is not a plain positive decimal with at most the
    /// currency's decimals, or above the balance.
    RECAUDO_INVALID_AMOUNT = 101,
    /// `config`: a configuration that cannot work.
    RECAUDO_CONFIG = 102,
    /// `insecure_url`: plain http:// to a host that is not this machine.
    RECAUDO_INSECURE_URL = 103,
    /// `timeout`: no reply in time; the biller may have acted on the request.
    RECAUDO_TIMEOUT = 104,
    /// `connect`: could not connect; nothing was sent.
    RECAUDO_CONNECT = 105,
    /// `network`: the connection failed during the exchange; the biller may have acted on it.
    RECAUDO_NETWORK = 106,
    /// `auth`: the biller refused the credentials.
    RECAUDO_AUTH = 107,
    /// `biller`: the biller answered with its own error.
    RECAUDO_BILLER = 108,
    /// `http_status`: an HTTP status the endpoint does not document.
    RECAUDO_HTTP_STATUS = 109,
    /// `decode`: the reply could not be read.
    RECAUDO_DECODE = 110,
    /// `unsupported`: the biller does not offer this step.
    RECAUDO_UNSUPPORTED = 111,
    /// `storage`: the payment journal could not be read or written.
    RECAUDO_STORAGE = 112,
}

impl recaudo_result {
    /// The result for a core error.
    pub(crate) fn of(e: &Error) -> Self {
        Self::of_code(e.error_code())
    }

    /// The result for a core error code. `ErrorCode` is `#[non_exhaustive]`, so a wildcard arm
    /// is required here; the tests below fail when any code but `internal` reaches it, so a code
    /// added to core cannot silently become `RECAUDO_INTERNAL` in C.
    pub(crate) fn of_code(code: ErrorCode) -> Self {
        use recaudo_result::*;
        match code {
            ErrorCode::InvalidInput => RECAUDO_INVALID_INPUT,
            ErrorCode::InvalidAmount => RECAUDO_INVALID_AMOUNT,
            ErrorCode::Config => RECAUDO_CONFIG,
            ErrorCode::InsecureUrl => RECAUDO_INSECURE_URL,
            ErrorCode::Timeout => RECAUDO_TIMEOUT,
            ErrorCode::Connect => RECAUDO_CONNECT,
            ErrorCode::Network => RECAUDO_NETWORK,
            ErrorCode::Auth => RECAUDO_AUTH,
            ErrorCode::Biller => RECAUDO_BILLER,
            ErrorCode::HttpStatus => RECAUDO_HTTP_STATUS,
            ErrorCode::Decode => RECAUDO_DECODE,
            ErrorCode::Unsupported => RECAUDO_UNSUPPORTED,
            ErrorCode::Storage => RECAUDO_STORAGE,
            ErrorCode::Internal => RECAUDO_INTERNAL,
            _ => RECAUDO_INTERNAL,
        }
    }
}

impl recaudo_result {
    /// Every result, for [`recaudo_result::from_int`].
    const ALL: [recaudo_result; 19] = {
        use recaudo_result::*;
        [
            RECAUDO_OK,
            RECAUDO_NULL_ARGUMENT,
            RECAUDO_INVALID_UTF8,
            RECAUDO_INVALID_HANDLE,
            RECAUDO_PANIC,
            RECAUDO_INTERNAL,
            RECAUDO_INVALID_INPUT,
            RECAUDO_INVALID_AMOUNT,
            RECAUDO_CONFIG,
            RECAUDO_INSECURE_URL,
            RECAUDO_TIMEOUT,
            RECAUDO_CONNECT,
            RECAUDO_NETWORK,
            RECAUDO_AUTH,
            RECAUDO_BILLER,
            RECAUDO_HTTP_STATUS,
            RECAUDO_DECODE,
            RECAUDO_UNSUPPORTED,
            RECAUDO_STORAGE,
        ]
    };

    /// The result with this number (C passes an `int`: not every `int` is a result).
    fn from_int(value: c_int) -> Option<Self> {
        Self::ALL.into_iter().find(|r| *r as c_int == value)
    }

    /// What the result means in general (the last error says what happened in particular).
    fn description(self) -> &'static str {
        use recaudo_result::*;
        match self {
            RECAUDO_OK => "success",
            RECAUDO_NULL_ARGUMENT => "a required pointer argument was NULL",
            RECAUDO_INVALID_UTF8 => "a string argument was not valid UTF-8",
            RECAUDO_INVALID_HANDLE => "a handle was freed, of another kind, or not from recaudo",
            RECAUDO_PANIC => "internal error: a panic was caught (please report it)",
            RECAUDO_INTERNAL => "internal error in recaudo's machinery",
            RECAUDO_INVALID_INPUT => "invalid input: refused before anything was sent",
            RECAUDO_INVALID_AMOUNT => "invalid amount",
            RECAUDO_CONFIG => "a configuration that cannot work",
            RECAUDO_INSECURE_URL => "plain http:// to a host that is not this machine",
            RECAUDO_TIMEOUT => "no reply in time: the biller may have acted on the request",
            RECAUDO_CONNECT => "could not connect: nothing was sent",
            RECAUDO_NETWORK => "the connection failed: the biller may have acted on the request",
            RECAUDO_AUTH => "the biller refused the credentials",
            RECAUDO_BILLER => "the biller refused the operation",
            RECAUDO_HTTP_STATUS => "an HTTP status the endpoint does not document",
            RECAUDO_DECODE => "the biller's reply could not be read",
            RECAUDO_UNSUPPORTED => "the biller does not offer this step",
            RECAUDO_STORAGE => "the payment journal could not be read or written",
        }
    }
}

/// Writes what `result` means (a fixed text per code, rustls-ffi's `rustls_error` style) into
/// `buf` as a NUL-terminated string, cut to fit `len` bytes, and the length written (without the
/// NUL) to `*written`. Unlike `recaudo_last_error()`, it needs no earlier call on the thread and
/// owns nothing. An unknown number gets `"unknown recaudo result"`. Returns
/// `RECAUDO_NULL_ARGUMENT` if `buf` or `written` is NULL (with `len` 0, `buf` may be NULL and
/// `*written` is 0). Does not touch the last error.
///
/// # Safety
/// `buf` points to `len` writable bytes; `written` to a writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn recaudo_result_message(
    result: c_int,
    buf: *mut c_char,
    len: usize,
    written: *mut usize,
) -> recaudo_result {
    catch_unwind(|| {
        if written.is_null() || (buf.is_null() && len > 0) {
            return recaudo_result::RECAUDO_NULL_ARGUMENT;
        }
        let text = recaudo_result::from_int(result)
            .map_or("unknown recaudo result", recaudo_result::description);
        let n = text.len().min(len.saturating_sub(1));
        if len > 0 {
            // SAFETY: the caller gives `len` writable bytes at `buf`; `n + 1 <= len`.
            unsafe {
                std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), n);
                *buf.add(n) = 0;
            }
        }
        // SAFETY: `written` is non-NULL and writable, per the contract.
        unsafe { *written = n };
        recaudo_result::RECAUDO_OK
    })
    .unwrap_or(recaudo_result::RECAUDO_PANIC)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// The results that are the C layer's own, not a core code's: no `ErrorCode` maps to them.
    const BOUNDARY: &[&str] = &[
        "RECAUDO_OK",
        "RECAUDO_NULL_ARGUMENT",
        "RECAUDO_INVALID_UTF8",
        "RECAUDO_INVALID_HANDLE",
        "RECAUDO_PANIC",
    ];

    /// Every core code has a result of its own: none but `internal` falls into the wildcard.
    #[test]
    fn every_core_code_has_its_own_result() {
        let mut seen = BTreeMap::new();
        for &code in ErrorCode::ALL {
            let result = recaudo_result::of_code(code);
            if code != ErrorCode::Internal {
                assert_ne!(
                    result,
                    recaudo_result::RECAUDO_INTERNAL,
                    "the core code `{code}` has no C result: add one to `recaudo_result` and \
                     map it in `of_code`, then regenerate the header (`cargo xtask bindings`)"
                );
            }
            if let Some(other) = seen.insert(result as i32, code) {
                panic!("`{other}` and `{code}` share {result:?}");
            }
        }
        assert_eq!(
            recaudo_result::of_code(ErrorCode::Internal),
            recaudo_result::RECAUDO_INTERNAL
        );
    }

    /// The checked-in header (`bindings/c/recaudo.h`) has every code's result with the same
    /// number, and every result in it that is not the C layer's own is some core code's.
    #[test]
    fn the_header_lists_exactly_the_results_of_the_core_codes() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../bindings/c/recaudo.h");
        let header = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let body = header
            .split("typedef enum recaudo_result {")
            .nth(1)
            .and_then(|rest| rest.split("} recaudo_result;").next())
            .expect("the header declares `typedef enum recaudo_result { ... } recaudo_result;`");
        let in_header: BTreeMap<&str, i32> = body
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("RECAUDO_"))
            .map(|l| {
                let (name, value) = l
                    .trim_end_matches(',')
                    .split_once(" = ")
                    .unwrap_or_else(|| panic!("not `NAME = value,`: {l}"));
                let value = value
                    .parse()
                    .unwrap_or_else(|_| panic!("not a number: {l}"));
                (name, value)
            })
            .collect();
        assert!(in_header.len() > BOUNDARY.len(), "no results parsed");

        let reached: BTreeMap<String, i32> = ErrorCode::ALL
            .iter()
            .map(|&c| {
                let r = recaudo_result::of_code(c);
                (format!("{r:?}"), r as i32)
            })
            .collect();
        for (name, value) in &reached {
            assert_eq!(
                in_header.get(name.as_str()),
                Some(value),
                "{name} = {value} is not in {path} (missing, or another number): regenerate it (`cargo xtask bindings`)"
            );
        }
        for (name, value) in &in_header {
            assert!(
                BOUNDARY.contains(name) || reached.contains_key(*name),
                "{name} = {value} in the header is reached by no core code"
            );
        }
    }

    #[test]
    fn result_messages_fit_the_buffer_and_know_every_code() {
        for result in recaudo_result::ALL {
            assert!(!result.description().is_empty());
            assert_eq!(recaudo_result::from_int(result as c_int), Some(result));
        }
        assert_eq!(recaudo_result::from_int(7), None);
        let mut buf = [0x7f as c_char; 8];
        let mut written = usize::MAX;
        let r = unsafe { recaudo_result_message(105, buf.as_mut_ptr(), buf.len(), &mut written) };
        assert_eq!(r, recaudo_result::RECAUDO_OK);
        assert_eq!(written, 7);
        let text: Vec<u8> = buf.iter().map(|&c| c as u8).collect();
        assert_eq!(&text, b"could n\0");
        let r = unsafe { recaudo_result_message(105, std::ptr::null_mut(), 0, &mut written) };
        assert_eq!((r, written), (recaudo_result::RECAUDO_OK, 0));
        let r = unsafe { recaudo_result_message(0, buf.as_mut_ptr(), 8, std::ptr::null_mut()) };
        assert_eq!(r, recaudo_result::RECAUDO_NULL_ARGUMENT);
    }
}
