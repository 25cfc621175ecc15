//! Values across the JS boundary, with serde-wasm-bindgen.
//!
//! Results go out as plain JSON-shaped objects (`json_compatible`): objects rather than `Map`s,
//! `null` for a missing value, amounts and dates as the strings core serializes them to. The
//! shapes are declared once, by the tsify derives on the core types.
//!
//! One casing on the JS surface: the core's types keep snake_case fields (the CLI's `--json`
//! and the journal's entries are that contract), so results are renamed to camelCase on the way
//! out and requests back on the way in (`js/casing.js`); the package's `.d.ts` is renamed the
//! same way when the package is laid out (`xtask/src/npm_package.rs`).

use recaudo_core::Error;
use recaudo_core::error::without_values;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/casing.js")]
extern "C" {
    #[wasm_bindgen(js_name = camelKeys)]
    fn camel_keys(value: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = snakeKeys)]
    fn snake_keys_js(value: JsValue) -> JsValue;
}

/// A core value as a JS object, its fields in camelCase.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    to_js_as_named(value).map(camel_keys)
}

/// A core value as a JS object, its fields as named in Rust: for the journal's entries, whose
/// JSON text is the same contract in every channel.
pub fn to_js_as_named<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| crate::error::to_js(&Error::Internal(format!("cannot convert a result: {e}"))))
}

/// A JS object with camelCase fields renamed to the core's snake_case ones (what
/// [`from_js_camel`] does before decoding; public for tests that decode a result back).
pub fn snake_keys(value: JsValue) -> JsValue {
    snake_keys_js(value)
}

/// The string `key` of a JS object: the tag (`biller`, `service`) that says which core type
/// reads the rest, read before it so that no serde format buffers the whole object to find it.
pub fn tag(field: &'static str, object: &JsValue, key: &str) -> Result<String, JsValue> {
    let value = js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    match value.as_string() {
        Some(tag) => Ok(tag),
        None if value.is_undefined() => Err(crate::error::invalid(
            field,
            format!("missing field `{key}`"),
        )),
        None => Err(crate::error::invalid(
            field,
            format!("invalid type: a value, expected a {key} name"),
        )),
    }
}

/// An argument from JS into a core type through `read`, its fields as named in Rust (the
/// options, camelCase in Rust already, read as the biller their tag names); a wrong shape is a
/// typed `invalid_input` error.
pub fn read_js<T>(
    field: &'static str,
    value: JsValue,
    read: impl FnOnce(serde_wasm_bindgen::Deserializer) -> Result<T, serde_wasm_bindgen::Error>,
) -> Result<T, JsValue> {
    read_as(field, value, read, |message| message)
}

/// A request from JS (camelCase fields) into a core type; the error names fields as JS does.
pub fn from_js_camel<T: DeserializeOwned>(
    field: &'static str,
    value: JsValue,
) -> Result<T, JsValue> {
    read_js_camel(field, value, |d| T::deserialize(d))
}

/// [`from_js_camel`] through a reader of its own: for a value whose type is chosen at run time
/// (a services request, read as the collector's biller's own).
pub fn read_js_camel<T>(
    field: &'static str,
    value: JsValue,
    read: impl FnOnce(serde_wasm_bindgen::Deserializer) -> Result<T, serde_wasm_bindgen::Error>,
) -> Result<T, JsValue> {
    read_as(field, snake_keys_js(value), read, |message| {
        // A message about a variant quotes tag values (`payment_records`), which are data and
        // keep their snake_case; every other quotes field names.
        if message.contains("variant") {
            message
        } else {
            camel_quoted(&message)
        }
    })
}

/// `read` over `value`; its error, without the values it quotes and with its field names as
/// `name` gives them, is a typed `invalid_input` error.
fn read_as<T>(
    field: &'static str,
    value: JsValue,
    read: impl FnOnce(serde_wasm_bindgen::Deserializer) -> Result<T, serde_wasm_bindgen::Error>,
    name: impl FnOnce(String) -> String,
) -> Result<T, JsValue> {
    read(serde_wasm_bindgen::Deserializer::from(value))
        .map_err(|e| crate::error::invalid(field, name(without_values(&reason_of(&e)))))
}

/// What a serde-wasm-bindgen error says. It is a JS `Error`, whose text starts with `Error: `,
/// which would read "invalid options: Error: missing field `password`".
pub fn reason_of(error: &serde_wasm_bindgen::Error) -> String {
    let text = error.to_string();
    match text.strip_prefix("Error: ") {
        Some(reason) => reason.to_owned(),
        None => text,
    }
}

/// serde's messages quote field names in backticks: `` `debt_id` `` becomes `` `debtId` ``.
fn camel_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    let mut upper = false;
    for c in message.chars() {
        if c == '`' {
            quoted = !quoted;
            upper = false;
            out.push(c);
        } else if quoted && c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Amounts arrive as decimal strings, never as JS numbers (doubles, which would put a float on
/// the money path): `key` of `value` must be a string that core's amount parser accepts (or,
/// when `optional`, be absent or null).
pub fn check_amount(
    field: &'static str,
    value: &JsValue,
    key: &str,
    optional: bool,
) -> Result<(), JsValue> {
    if !value.is_object() {
        return Err(crate::error::invalid(field, "expected an object"));
    }
    let amount = js_sys::Reflect::get(value, &JsValue::from_str(key))
        .map_err(|_| crate::error::invalid(field, "expected an object"))?;
    if optional && (amount.is_undefined() || amount.is_null()) {
        return Ok(());
    }
    let Some(text) = amount.as_string() else {
        return Err(crate::error::invalid(
            field,
            format!("{key} must be a decimal string such as \"25.00\", not a number"),
        ));
    };
    recaudo_core::money::parse_amount(&text)
        .map(|_| ())
        .map_err(|e| crate::error::to_js(&Error::from(e)))
}

/// Native only, as the other unit tests of this crate.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::camel_quoted;

    #[test]
    fn names_fields_as_js_does() {
        assert_eq!(
            camel_quoted("missing field `debt_id` at `paid_at`; a_b"),
            "missing field `debtId` at `paidAt`; a_b"
        );
    }
}
