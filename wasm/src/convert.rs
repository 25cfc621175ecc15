//! Values across the JS boundary, with serde-wasm-bindgen.
//!
//! Results go out as plain JSON-shaped objects (`json_compatible`): objects rather than `Map`s,
//! `null` for a missing value, amounts and dates as the strings core serializes them to. The
//! shapes are declared once, by the tsify derives on the core types.

use recaudo_core::Error;
use recaudo_core::error::without_values;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// A core value as a JS object.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| crate::error::to_js(&Error::Internal(format!("cannot convert a result: {e}"))))
}

/// An argument from JS into a core type; a wrong shape is a typed `invalid_input` error.
pub fn from_js<T: DeserializeOwned>(field: &'static str, value: JsValue) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| crate::error::invalid(field, without_values(&e.to_string())))
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
