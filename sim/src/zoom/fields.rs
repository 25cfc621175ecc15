//! Reading a Zoom request's fields the way PHP (Laravel) does: from a form (with PHP's array
//! syntax, `tipoDoc[]=1&tipoDoc[]=2` or `tipoDoc[0]=1`), a JSON object, or the query string of
//! a GET. Field names are case-sensitive, as in PHP (`montoTotal` is not `montototal`).
//!
//! Values keep their text (JSON numbers through `crate::exact::parse`), so amounts
//! go from text to `Decimal` without a double in between.

use std::collections::BTreeMap;

use hyper::Method;
use serde_json::Value;

use crate::biller::SimRequest;

/// A field as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Raw {
    One(String),
    List(Vec<String>),
    /// An object, or an array holding something other than scalars.
    Other,
}

/// The fields of one request.
#[derive(Debug, Default)]
pub(crate) struct ZoomFields(BTreeMap<String, Raw>);

impl ZoomFields {
    /// The request's fields: the query string, then the body (which wins), like Laravel's
    /// `$request->input()`. `Err` when the body cannot be read at all.
    pub fn read(req: &SimRequest) -> Result<ZoomFields, String> {
        let mut fields = ZoomFields::from_pairs(
            serde_urlencoded::from_str::<Vec<(String, String)>>(&req.query)
                .map_err(|e| format!("Consulta inválida: {e}"))?,
        );
        if req.method == Method::GET || req.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(fields);
        }
        let body = if req.is_form() {
            ZoomFields::from_pairs(
                serde_urlencoded::from_bytes::<Vec<(String, String)>>(&req.body)
                    .map_err(|e| format!("Formulario inválido: {e}"))?,
            )
        } else {
            ZoomFields::from_json(&req.body)?
        };
        fields.0.extend(body.0);
        Ok(fields)
    }

    fn from_pairs(pairs: Vec<(String, String)>) -> ZoomFields {
        let mut out: BTreeMap<String, Raw> = BTreeMap::new();
        let mut indexed: BTreeMap<String, BTreeMap<u64, String>> = BTreeMap::new();
        for (key, value) in pairs {
            if let Some(name) = key.strip_suffix("[]") {
                match out.entry(name.to_owned()).or_insert(Raw::List(Vec::new())) {
                    Raw::List(list) => list.push(value),
                    other => *other = Raw::Other,
                }
            } else if let Some((name, index)) = key
                .strip_suffix(']')
                .and_then(|k| k.split_once('['))
                .and_then(|(n, i)| Some((n, i.parse::<u64>().ok()?)))
            {
                indexed
                    .entry(name.to_owned())
                    .or_default()
                    .insert(index, value);
            } else {
                out.insert(key, Raw::One(value));
            }
        }
        for (name, values) in indexed {
            out.insert(name, Raw::List(values.into_values().collect()));
        }
        ZoomFields(out)
    }

    fn from_json(body: &[u8]) -> Result<ZoomFields, String> {
        let value = crate::exact::parse(body).map_err(|e| format!("JSON inválido: {e}"))?;
        let Value::Object(map) = value else {
            return Err("Se esperaba un objeto JSON".to_owned());
        };
        let scalar = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(if *b { "1" } else { "0" }.to_owned()),
            _ => None,
        };
        let mut out = BTreeMap::new();
        for (k, v) in map {
            let raw = match &v {
                Value::Null => continue,
                Value::Array(items) => items
                    .iter()
                    .map(scalar)
                    .collect::<Option<Vec<_>>>()
                    .map_or(Raw::Other, Raw::List),
                Value::Object(_) => Raw::Other,
                other => Raw::One(scalar(other).unwrap_or_default()),
            };
            out.insert(k, raw);
        }
        Ok(ZoomFields(out))
    }

    pub fn get(&self, name: &str) -> Option<&Raw> {
        self.0.get(name)
    }

    /// A present, non-blank scalar.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.0.get(name) {
            Some(Raw::One(s)) if !s.trim().is_empty() => Some(s.trim()),
            _ => None,
        }
    }

    /// Whether the field was sent with something in it (Laravel's "present and filled").
    pub fn filled(&self, name: &str) -> bool {
        match self.0.get(name) {
            None => false,
            Some(Raw::One(s)) => !s.trim().is_empty(),
            Some(Raw::List(l)) => !l.is_empty(),
            Some(Raw::Other) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_arrays_in_forms() {
        let f = ZoomFields::from_pairs(
            serde_urlencoded::from_str(
                "token=t&tipoDoc[]=1&tipoDoc%5B%5D=2&nroDoc[1]=b&nroDoc[0]=a&montoTotal=5.00",
            )
            .unwrap(),
        );
        assert_eq!(
            f.get("tipoDoc"),
            Some(&Raw::List(vec!["1".into(), "2".into()]))
        );
        assert_eq!(
            f.get("nroDoc"),
            Some(&Raw::List(vec!["a".into(), "b".into()]))
        );
        assert_eq!(f.text("montoTotal"), Some("5.00"));
        assert_eq!(f.text("montototal"), None, "names are case-sensitive");
    }

    #[test]
    fn json_keeps_number_text() {
        let f = ZoomFields::from_json(
            br#"{"monto": [1524.82, "5500.00"], "idempresa": 1, "x": {"a": 1}, "n": null}"#,
        )
        .unwrap();
        assert_eq!(
            f.get("monto"),
            Some(&Raw::List(vec!["1524.82".into(), "5500.00".into()]))
        );
        assert_eq!(f.text("idempresa"), Some("1"));
        assert_eq!(f.get("x"), Some(&Raw::Other));
        assert!(!f.filled("n"));
        assert!(ZoomFields::from_json(b"[1]").is_err());
        assert!(ZoomFields::from_json(b"{").is_err());
    }
}
