//! Reading request fields from JSON or form bodies, with error messages a developer can act on.
//!
//! Billers' request bodies are flat objects; some billers declare form encoding and show JSON.
//! Both are read into one map of raw values so a handler asks for "`secuencial` as an integer"
//! whatever the encoding. JSON numbers keep their text (`crate::exact::parse`), so amounts go
//! from text to `Decimal` without a double in between.
//!
//! Field names are matched case-insensitively, as ASP.NET model binding does.

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

/// A field as it arrived.
#[derive(Debug, Clone)]
pub(crate) enum Raw {
    Str(String),
    /// A JSON number's exact text.
    Num(String),
    Null,
    /// Booleans, arrays, objects: never valid for the flat fields billers take.
    Other(&'static str),
}

/// The fields of one request body.
#[derive(Debug, Default)]
pub(crate) struct Fields(HashMap<String, Raw>);

impl Fields {
    /// Parses a JSON object.
    pub fn from_json(body: &[u8]) -> Result<Fields, String> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err("Cuerpo vacío: se esperaba un objeto JSON".to_owned());
        }
        let value = crate::exact::parse(body).map_err(|e| format!("JSON inválido: {e}"))?;
        let Value::Object(map) = value else {
            return Err("Se esperaba un objeto JSON".to_owned());
        };
        let fields = map
            .into_iter()
            .map(|(k, v)| {
                let raw = match v {
                    Value::String(s) => Raw::Str(s),
                    Value::Number(n) => Raw::Num(n.to_string()),
                    Value::Null => Raw::Null,
                    Value::Bool(_) => Raw::Other("booleano"),
                    Value::Array(_) => Raw::Other("arreglo"),
                    Value::Object(_) => Raw::Other("objeto"),
                };
                (k.to_ascii_lowercase(), raw)
            })
            .collect();
        Ok(Fields(fields))
    }

    /// Parses an `application/x-www-form-urlencoded` body (every value is a string).
    pub fn from_form(body: &[u8]) -> Result<Fields, String> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(body).map_err(|e| format!("Formulario inválido: {e}"))?;
        Ok(Fields(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), Raw::Str(v)))
                .collect(),
        ))
    }

    /// Whether the field is present and not null.
    pub fn has(&self, name: &str) -> bool {
        !matches!(self.0.get(name), None | Some(Raw::Null))
    }

    fn get(&self, name: &str) -> Result<&Raw, String> {
        match self.0.get(name) {
            None | Some(Raw::Null) => Err(format!("Campo requerido: {name}")),
            Some(raw) => Ok(raw),
        }
    }

    /// A text field (a JSON number is taken as its text, as ASP.NET binding would).
    pub fn string(&self, name: &str) -> Result<String, String> {
        match self.get(name)? {
            Raw::Str(s) | Raw::Num(s) => Ok(s.clone()),
            Raw::Other(kind) => Err(format!("El campo {name} debe ser texto, llegó {kind}")),
            Raw::Null => Err(format!("Campo requerido: {name}")),
        }
    }

    /// A text field that must not be blank.
    pub fn non_empty(&self, name: &str) -> Result<String, String> {
        let s = self.string(name)?;
        if s.trim().is_empty() {
            Err(format!("El campo {name} no puede estar vacío"))
        } else {
            Ok(s)
        }
    }

    /// An integer (`bigint`) field: a JSON integer or a string of digits.
    pub fn int(&self, name: &str) -> Result<i64, String> {
        let text = match self.get(name)? {
            Raw::Str(s) | Raw::Num(s) => s.trim(),
            Raw::Other(kind) => {
                return Err(format!("El campo {name} debe ser entero, llegó {kind}"));
            }
            Raw::Null => return Err(format!("Campo requerido: {name}")),
        };
        text.parse::<i64>()
            .map_err(|_| format!("El campo {name} debe ser un entero, llegó `{text}`"))
    }

    /// A decimal field: a JSON number or a numeric string, with `.` as the separator.
    pub fn decimal(&self, name: &str) -> Result<Decimal, String> {
        let text = match self.get(name)? {
            Raw::Str(s) | Raw::Num(s) => s.trim(),
            Raw::Other(kind) => {
                return Err(format!("El campo {name} debe ser numérico, llegó {kind}"));
            }
            Raw::Null => return Err(format!("Campo requerido: {name}")),
        };
        parse_decimal(text).ok_or_else(|| {
            format!("El campo {name} debe ser un número con punto decimal, llegó `{text}`")
        })
    }
}

/// Parses a decimal number's text exactly (plain or scientific notation; no commas).
pub(crate) fn parse_decimal(text: &str) -> Option<Decimal> {
    if text.is_empty() || text.contains(',') || text.contains('_') {
        return None;
    }
    Decimal::from_str_exact(text)
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

/// Parses a `Decimal` from its text for seed data and tests; never on request data.
pub(crate) fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_keep_their_text() {
        let f = Fields::from_json(br#"{"Val_Pagado": 340.78, "secuencial": 3565363, "x": true}"#)
            .unwrap();
        assert_eq!(f.decimal("val_pagado").unwrap().to_string(), "340.78");
        assert_eq!(f.int("secuencial").unwrap(), 3565363);
        assert!(f.string("x").is_err());
        assert!(f.int("missing").unwrap_err().contains("missing"));
    }

    #[test]
    fn form_values_are_strings() {
        let f = Fields::from_form(
            b"secuencial=1001&val_pagado=12.50&fch_proceso=2024-01-02+10%3A00%3A00",
        )
        .unwrap();
        assert_eq!(f.int("secuencial").unwrap(), 1001);
        assert_eq!(f.decimal("val_pagado").unwrap().to_string(), "12.50");
        assert_eq!(f.string("fch_proceso").unwrap(), "2024-01-02 10:00:00");
        assert!(f.decimal("secuencial").is_ok());
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(Fields::from_json(b"").is_err());
        assert!(Fields::from_json(b"[1]").is_err());
        assert!(Fields::from_json(b"{\"a\":").is_err());
        let f = Fields::from_json(br#"{"v": "12,50", "n": 1.5}"#).unwrap();
        assert!(f.decimal("v").is_err());
        assert!(f.int("n").is_err());
    }
}
