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
    let value = self::value(text, name)?;
    for field in amounts {
        if let Some(v) = value.get(field) {
            amount(field, v)?;
        }
    }
    typed(value, name)
}

/// Parses JSON text, with an error that quotes none of it.
pub(crate) fn value(text: &str, name: &'static str) -> Result<serde_json::Value, Error> {
    serde_json::from_str(text).map_err(|e| Error::invalid(name, describe(&e)))
}

/// Reads a parsed JSON value as a core type, with an error that quotes none of it.
pub(crate) fn typed<T: DeserializeOwned>(
    value: serde_json::Value,
    name: &'static str,
) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|e| Error::invalid(name, describe(&e)))
}

/// Checks every field named in `amounts` at any depth of `value` as [`json`] does at the top:
/// for requests whose amounts sit in nested objects (Zoom's `button_start` holds a whole
/// `payment`), without naming any biller's shapes here.
pub(crate) fn amounts_anywhere(value: &serde_json::Value, amounts: &[&str]) -> Result<(), Error> {
    match value {
        serde_json::Value::Object(map) => map.iter().try_for_each(|(key, v)| {
            if amounts.contains(&key.as_str()) && !v.is_object() {
                amount(key, v)
            } else {
                amounts_anywhere(v, amounts)
            }
        }),
        serde_json::Value::Array(items) => {
            items.iter().try_for_each(|v| amounts_anywhere(v, amounts))
        }
        _ => Ok(()),
    }
}

/// One amount field: absent (`null`) or a decimal string the core's parser accepts.
fn amount(field: &str, value: &serde_json::Value) -> Result<(), Error> {
    match value {
        serde_json::Value::Null => Ok(()),
        serde_json::Value::String(s) => recaudo_core::money::parse_amount(s)
            .map(|_| ())
            .map_err(Into::into),
        other => Err(recaudo_core::money::AmountError::NotANumber(format!(
            "{field} must be a decimal string such as \"12.30\", not {}",
            kind(other)
        ))
        .into()),
    }
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
pub(crate) fn describe(e: &serde_json::Error) -> String {
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
