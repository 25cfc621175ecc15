//! Reading C arguments and writing C outputs: every pointer NULL-checked, every string checked
//! for UTF-8, every JSON input parsed into the core's types with a typed error, amounts read
//! with the core's strict amount parser.

use std::ffi::{CStr, CString, c_char};

use recaudo_core::Error;
use serde::de::DeserializeOwned;

use super::handle;
use super::last_error::Failure;

/// A required C string argument.
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string valid for the call.
pub(crate) unsafe fn text<'a>(ptr: *const c_char, name: &'static str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::Null(name));
    }
    // SAFETY: non-NULL and NUL-terminated per the caller's contract.
    unsafe { CStr::from_ptr(ptr) }
        .to_str()
        .map_err(|_| Failure::Utf8(name))
}

/// Checks an output pointer and sets it to NULL, so that a failed call leaves NULL behind.
///
/// # Safety
/// `out` is NULL or valid for a write of one pointer.
pub(crate) unsafe fn out<T>(out: *mut *mut T, name: &'static str) -> Result<(), Failure> {
    if out.is_null() {
        return Err(Failure::Null(name));
    }
    // SAFETY: non-NULL and writable per the caller's contract.
    unsafe { *out = std::ptr::null_mut() };
    Ok(())
}

/// Parses JSON input into a core type. Amount fields named in `amounts` must be JSON strings
/// holding plain decimals (`"12.30"`), read by the core's parser, so that `"abc"`, `"1e3"` or a
/// JSON number get `RECAUDO_INVALID_AMOUNT` with the reason. Parse errors that would quote the
/// input (which may hold a credential) are reduced to their position.
pub(crate) fn json<T: DeserializeOwned>(
    text: &str,
    name: &'static str,
    amounts: &[&str],
) -> Result<T, Error> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Error::invalid(name, describe(&e)))?;
    for field in amounts {
        match value.get(field) {
            None | Some(serde_json::Value::Null) => {}
            Some(serde_json::Value::String(s)) => {
                recaudo_core::money::parse_amount(s)?;
            }
            Some(other) => {
                return Err(recaudo_core::money::AmountError::NotANumber(format!(
                    "{field} must be a decimal string such as \"12.30\", not {}",
                    kind(other)
                ))
                .into());
            }
        }
    }
    serde_json::from_value(value).map_err(|e| Error::invalid(name, describe(&e)))
}

fn kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Number(_) => "a JSON number",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
        _ => "that",
    }
}

/// A JSON error for the caller, never quoting its input: a reason that names a value (the rule
/// the browser's errors follow too, `recaudo_core::error::without_values`) or quotes text is
/// reduced to its position.
fn describe(e: &serde_json::Error) -> String {
    let message = e.to_string();
    if !message.contains('"') && recaudo_core::error::without_values(&message) == message {
        message
    } else if e.line() == 0 {
        "a value has the wrong type or format".to_owned()
    } else {
        format!(
            "a value has the wrong type or format (line {}, column {})",
            e.line(),
            e.column()
        )
    }
}

/// Writes `value` as an owned JSON string to `out` (freed by `recaudo_string_free`).
///
/// # Safety
/// `out` was checked by [`out`].
pub(crate) unsafe fn write_json<T: serde::Serialize>(
    value: &T,
    out: *mut *mut c_char,
) -> Result<(), Failure> {
    let text = serde_json::to_string(value)
        .map_err(|e| crate::runtime::internal(&format!("cannot encode the result: {e}")))?;
    let owned = CString::new(text)
        .map_err(|_| crate::runtime::internal("the result holds a NUL byte"))?
        .into_raw();
    handle::register_string(owned);
    // SAFETY: checked non-NULL and writable by `out`.
    unsafe { *out = owned };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_quote_no_value() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Login {
            password: String,
        }
        for text in [
            r#"{"password": 987654321}"#,
            r#"{"password": ["s3cr3t-planted"]}"#,
        ] {
            let err = json::<Login>(text, "options_json", &[]).unwrap_err();
            let shown = err.to_string();
            assert!(
                !shown.contains("987654321") && !shown.contains("s3cr3t"),
                "{shown}"
            );
            assert_eq!(err.code(), "invalid_input");
        }
    }
}
