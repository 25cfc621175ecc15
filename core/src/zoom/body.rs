//! Request bodies in either encoding Zoom reads, and the token field the client adds.
//!
//! Endpoint modules describe a body as named fields (scalars or arrays); [`Body::request`]
//! writes it as a form (arrays in PHP's syntax, `tipoDoc[]=1&tipoDoc[]=2`, brackets literal)
//! or as a JSON object (integers as numbers, text and amounts as strings, arrays as arrays).
//! Absent optional fields and empty arrays are left out, which is how PHP sees `NULL`.
//!
//! The token is a body field, not a header. Endpoints build their request without it (they
//! have no credentials); the client adds it with [`with_token`], first in a form and as
//! `"token"` in a JSON object.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::http::{self, HttpRequest, Method};
use crate::secret::Secret;

use super::config::BodyEncoding;

/// The name of the token field every authenticated service takes.
pub const TOKEN_FIELD: &str = "token";

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scalar {
    Text(String),
    Int(i64),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(t) => t.clone(),
            Scalar::Int(i) => i.to_string(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Scalar::Text(t) => Value::String(t.clone()),
            Scalar::Int(i) => Value::from(*i),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Field {
    One(Scalar),
    Many(Vec<Scalar>),
}

/// A body as ordered named fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Body {
    fields: Vec<(String, Field)>,
}

impl Body {
    pub fn new() -> Self {
        Body::default()
    }

    pub fn text(mut self, name: &str, value: impl Into<String>) -> Self {
        self.fields
            .push((name.to_owned(), Field::One(Scalar::Text(value.into()))));
        self
    }

    pub fn int(mut self, name: &str, value: i64) -> Self {
        self.fields
            .push((name.to_owned(), Field::One(Scalar::Int(value))));
        self
    }

    pub fn opt_text(self, name: &str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.text(name, v),
            None => self,
        }
    }

    pub fn opt_int(self, name: &str, value: Option<i64>) -> Self {
        match value {
            Some(v) => self.int(name, v),
            None => self,
        }
    }

    pub fn texts<S: Into<String>>(self, name: &str, values: impl IntoIterator<Item = S>) -> Self {
        self.many(name, values.into_iter().map(|v| Scalar::Text(v.into())))
    }

    pub fn ints(self, name: &str, values: impl IntoIterator<Item = i64>) -> Self {
        self.many(name, values.into_iter().map(Scalar::Int))
    }

    fn many(mut self, name: &str, values: impl Iterator<Item = Scalar>) -> Self {
        let values: Vec<Scalar> = values.collect();
        if !values.is_empty() {
            self.fields.push((name.to_owned(), Field::Many(values)));
        }
        self
    }

    /// A `POST` of this body to `url` in `encoding`.
    pub fn request(&self, url: String, encoding: BodyEncoding) -> Result<HttpRequest, Error> {
        let request = HttpRequest::new(Method::Post, url);
        Ok(match encoding {
            BodyEncoding::Form => request.body(http::FORM, self.form().into_bytes()),
            BodyEncoding::Json => request.body(http::JSON, self.json()?),
        })
    }

    fn form(&self) -> String {
        let mut out = String::new();
        for (name, field) in &self.fields {
            let key = encode(name);
            let (key, values) = match field {
                Field::One(v) => (key, vec![v.text()]),
                Field::Many(vs) => (format!("{key}[]"), vs.iter().map(Scalar::text).collect()),
            };
            for value in values {
                if !out.is_empty() {
                    out.push('&');
                }
                out.push_str(&key);
                out.push('=');
                out.push_str(&encode(&value));
            }
        }
        out
    }

    fn json(&self) -> Result<Vec<u8>, Error> {
        let mut map = Map::new();
        for (name, field) in &self.fields {
            let value = match field {
                Field::One(v) => v.json(),
                Field::Many(vs) => Value::Array(vs.iter().map(Scalar::json).collect()),
            };
            map.insert(name.clone(), value);
        }
        serde_json::to_vec(&Value::Object(map))
            .map_err(|e| Error::Config(format!("cannot encode body: {e}")))
    }
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Adds the token field to a body built by [`Body::request`], in the body's own encoding.
pub(crate) fn with_token(mut request: HttpRequest, token: &Secret) -> Result<HttpRequest, Error> {
    let content_type = request.header_value("content-type").unwrap_or_default();
    if content_type.starts_with("application/json") {
        let mut map: Map<String, Value> = serde_json::from_slice(&request.body)
            .map_err(|e| Error::Config(format!("cannot add the token to the body: {e}")))?;
        map.insert(TOKEN_FIELD.into(), Value::String(token.expose().to_owned()));
        request.body = serde_json::to_vec(&Value::Object(map))
            .map_err(|e| Error::Config(format!("cannot encode body: {e}")))?;
    } else {
        let mut body = format!("{TOKEN_FIELD}={}", encode(token.expose())).into_bytes();
        if !request.body.is_empty() {
            body.push(b'&');
            body.extend_from_slice(&request.body);
        }
        request.body = body;
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Body {
        Body::new()
            .int("idempresa", 1)
            .text("nombrepagador", "JOSÉ & HIJOS")
            .opt_int("codbancoori", None)
            .texts("nroDoc", ["1100521421", "01E046-0001234567"])
            .ints("tipoDoc", [1, 2])
            .texts("monto", Vec::<String>::new())
    }

    #[test]
    fn forms_use_php_arrays_and_json_uses_arrays() {
        let form = sample()
            .request("http://x/".into(), BodyEncoding::Form)
            .unwrap();
        assert_eq!(
            std::str::from_utf8(&form.body).unwrap(),
            "idempresa=1&nombrepagador=JOS%C3%89+%26+HIJOS&nroDoc[]=1100521421&\
             nroDoc[]=01E046-0001234567&tipoDoc[]=1&tipoDoc[]=2"
        );
        let json = sample()
            .request("http://x/".into(), BodyEncoding::Json)
            .unwrap();
        let v: Value = serde_json::from_slice(&json.body).unwrap();
        assert_eq!(v["idempresa"], 1);
        assert_eq!(v["tipoDoc"], serde_json::json!([1, 2]));
        assert_eq!(v["nroDoc"][1], "01E046-0001234567");
        assert!(v.get("monto").is_none() && v.get("codbancoori").is_none());
    }

    #[test]
    fn the_token_goes_into_the_body() {
        let token = Secret::new("tok en/+");
        for encoding in [BodyEncoding::Form, BodyEncoding::Json] {
            let req = sample().request("http://x/".into(), encoding).unwrap();
            let req = with_token(req, &token).unwrap();
            let text = String::from_utf8(req.body.clone()).unwrap();
            assert!(!format!("{req:?}").contains("tok en"));
            match encoding {
                BodyEncoding::Form => assert!(text.starts_with("token=tok+en%2F%2B&idempresa=1")),
                BodyEncoding::Json => {
                    let v: Value = serde_json::from_str(&text).unwrap();
                    assert_eq!(v["token"], "tok en/+");
                }
            }
        }
        let empty = Body::new()
            .request("http://x/".into(), BodyEncoding::Form)
            .unwrap();
        assert_eq!(
            with_token(empty, &token).unwrap().body,
            b"token=tok+en%2F%2B"
        );
    }
}
