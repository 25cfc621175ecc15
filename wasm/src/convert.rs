//! Values across the JS boundary, with serde-wasm-bindgen.
//!
//! Results go out as plain JSON-shaped objects (`json_compatible`): objects rather than `Map`s,
//! `null` for a missing value, amounts and dates as the strings core serializes them to. The
//! shapes are declared once, by the tsify derives on the core types.

use recaudo_core::Error;
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

/// A deserializer's reason without the offending value: serde quotes it (`invalid type:
/// floating point `987654321`, expected a string`, and serde-wasm-bindgen's `JsValue(...)`),
/// and it may be a password given as a number by mistake.
fn without_values(reason: &str) -> String {
    for marker in ["invalid type: ", "invalid value: ", "JsValue("] {
        if let Some(at) = reason.find(marker) {
            let start = if marker == "JsValue(" {
                at
            } else {
                at + marker.len()
            };
            return match reason[start..].rfind(", expected") {
                Some(end) => format!("{}a value{}", &reason[..start], &reason[start + end..]),
                None => format!("{}a value of another type", &reason[..start]),
            };
        }
    }
    reason.to_owned()
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

#[cfg(test)]
mod tests {
    use super::without_values;

    #[test]
    fn reasons_do_not_quote_values() {
        assert_eq!(
            without_values("invalid type: JsValue(98765), expected a string"),
            "invalid type: a value, expected a string"
        );
        assert_eq!(
            without_values("invalid type: floating point `987654321`, expected a string"),
            "invalid type: a value, expected a string"
        );
        assert_eq!(
            without_values("invalid type: JsValue(Object({\"a\":\"x\"})), expected u64"),
            "invalid type: a value, expected u64"
        );
        assert_eq!(
            without_values("missing field `login`"),
            "missing field `login`"
        );
        assert_eq!(
            without_values("bad JsValue(1"),
            "bad a value of another type"
        );
    }
}
