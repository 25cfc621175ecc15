//! Plain HTTP values: what endpoint code produces and consumes instead of doing I/O.
//!
//! A typed request becomes an [`HttpRequest`]; a [`crate::transport::Transport`] turns it into an
//! [`HttpResponse`]; the endpoint decodes that. Both values are inert data, so every endpoint is
//! testable with recorded bytes.

use std::fmt;
use std::time::Duration;

use crate::error::Error;

/// The two methods the billers' documents use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A read: statements, statuses, listings.
    Get,
    /// Everything that sends a body, payments included.
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Header names whose values are credentials and are never printed.
const SENSITIVE_HEADERS: [&str; 5] = [
    "authorization",
    // Cooplan's spelling of it.
    "autorizacion",
    "x-api-key",
    "x-access-token",
    "cookie",
];

/// `Content-Type` of JSON bodies.
pub const JSON: &str = "application/json; charset=utf-8";
/// `Content-Type` of form bodies.
pub const FORM: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// One request as the core builds it, for the caller's [`crate::transport::Transport`] to send:
/// plain values, so that any HTTP client (reqwest, fetch, OkHttp) can carry it.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET` or `POST`.
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// Header names and values in the order they were added. Credentials travel here, so the
    /// `Debug` of a request masks the sensitive ones and shows only the body's length.
    pub headers: Vec<(String, String)>,
    /// The encoded body (JSON or a form), empty for a `GET`.
    pub body: Vec<u8>,
    /// How long the transport may wait for the whole exchange. A transport that cannot enforce
    /// it must say so in its docs; the native and fetch transports do.
    pub timeout: Option<Duration>,
}

impl HttpRequest {
    /// A request with no headers, no body and no timeout.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        HttpRequest {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
            timeout: None,
        }
    }

    /// Adds a header (kept in order; a second one of the same name is sent too).
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Sets the body and its `content-type`.
    pub fn body(mut self, content_type: &str, body: Vec<u8>) -> Self {
        self.body = body;
        self.header("Content-Type", content_type)
    }

    /// A JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(self, value: &T) -> Result<Self, Error> {
        let body = serde_json::to_vec(value)
            .map_err(|e| Error::Config(format!("cannot encode body: {e}")))?;
        Ok(self.body(JSON, body))
    }

    /// A form body from name/value pairs, in order.
    pub fn form<K: AsRef<str>, V: AsRef<str>>(self, pairs: &[(K, V)]) -> Result<Self, Error> {
        let body = pairs.iter().fold(Body::new(), |body, (k, v)| {
            body.text(k.as_ref(), v.as_ref())
        });
        self.encoded(&body, BodyEncoding::Form)
    }

    /// `body` in `encoding`, with its `Content-Type`.
    pub fn encoded(self, body: &Body, encoding: BodyEncoding) -> Result<Self, Error> {
        Ok(match encoding {
            BodyEncoding::Form => self.body(FORM, body.form().into_bytes()),
            BodyEncoding::Json => self.body(JSON, body.json()?),
        })
    }

    /// Sets how long the whole exchange may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The first header of this name, ignoring case (HTTP header names are case-insensitive).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// Requests carry passwords (token bodies) and bearer tokens, so `Debug` shows the method, URL,
/// header names (sensitive values masked) and only the body's length.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let sensitive = SENSITIVE_HEADERS.contains(&n.to_ascii_lowercase().as_str());
                (n.as_str(), if sensitive { "***" } else { v.as_str() })
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// How a request body is written. Billers' documents often declare one encoding and show the
/// other, or say nothing, so each biller's configuration picks it per body (and names its own
/// default and why); this is the one type they all use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// A JSON object (`application/json`).
    Json,
    /// A form (`application/x-www-form-urlencoded`).
    Form,
}

/// One value of a [`Body`]. A form writes every value as text; JSON keeps the type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    /// Text, written as a JSON string or a form value.
    Text(String),
    /// A number's exact text (`145.70`, `4303567`), written into JSON as a number from that
    /// text, never through a float. Text that is not a JSON number fails the encoding.
    Number(String),
}

impl Scalar {
    fn text(&self) -> &str {
        match self {
            Scalar::Text(t) | Scalar::Number(t) => t,
        }
    }
}

impl serde::Serialize for Scalar {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Scalar::Text(t) => s.serialize_str(t),
            Scalar::Number(n) => {
                // A JSON value that starts with `-` or a digit is a number; serde_json writes a
                // raw value's text as it is.
                let numeric = n.starts_with(|c: char| c == '-' || c.is_ascii_digit());
                match serde_json::value::RawValue::from_string(n.clone()) {
                    Ok(raw) if numeric => raw.serialize(s),
                    _ => Err(serde::ser::Error::custom(format!(
                        "`{n}` is not a JSON number"
                    ))),
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Field {
    One(Scalar),
    Many(Vec<Scalar>),
}

/// A request body as named fields in order, written in either [`BodyEncoding`]: endpoints
/// describe their inputs once and the configuration picks the encoding.
///
/// - A form writes every value as text, percent-encoded, and an array in PHP's syntax
///   (`tipoDoc[]=1&tipoDoc[]=2`, brackets literal), which is how the PHP services read lists.
/// - JSON writes an object with the fields in the order given (the order of the billers'
///   documents), numbers from their exact text and arrays as arrays.
///
/// An empty array is left out, as are absent optional fields (`opt_*`): that is how PHP sees
/// `NULL`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    fields: Vec<(String, Field)>,
}

impl Body {
    /// An empty body.
    pub fn new() -> Self {
        Body::default()
    }

    /// Adds a field (a later field of the same name is kept too).
    pub fn scalar(mut self, name: &str, value: Scalar) -> Self {
        self.fields.push((name.to_owned(), Field::One(value)));
        self
    }

    /// Adds a text field.
    pub fn text(self, name: &str, value: impl Into<String>) -> Self {
        self.scalar(name, Scalar::Text(value.into()))
    }

    /// Adds an integer field, a JSON number.
    pub fn int(self, name: &str, value: i64) -> Self {
        self.scalar(name, Scalar::Number(value.to_string()))
    }

    /// Adds a text field when there is a value; a `None` leaves the field out.
    pub fn opt_text(self, name: &str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.text(name, v),
            None => self,
        }
    }

    /// Adds an integer field when there is a value; a `None` leaves the field out.
    pub fn opt_int(self, name: &str, value: Option<i64>) -> Self {
        match value {
            Some(v) => self.int(name, v),
            None => self,
        }
    }

    /// Adds a list of text values (a JSON array, or PHP's `name[]=` pairs in a form).
    pub fn texts<S: Into<String>>(self, name: &str, values: impl IntoIterator<Item = S>) -> Self {
        self.many(name, values.into_iter().map(|v| Scalar::Text(v.into())))
    }

    /// Adds a list of integers (a JSON array, or PHP's `name[]=` pairs in a form).
    pub fn ints(self, name: &str, values: impl IntoIterator<Item = i64>) -> Self {
        self.many(
            name,
            values.into_iter().map(|v| Scalar::Number(v.to_string())),
        )
    }

    fn many(mut self, name: &str, values: impl Iterator<Item = Scalar>) -> Self {
        let values: Vec<Scalar> = values.collect();
        if !values.is_empty() {
            self.fields.push((name.to_owned(), Field::Many(values)));
        }
        self
    }

    /// A `POST` of this body to `url` in `encoding`.
    pub fn post(&self, url: String, encoding: BodyEncoding) -> Result<HttpRequest, Error> {
        HttpRequest::new(Method::Post, url).encoded(self, encoding)
    }

    fn form(&self) -> String {
        let mut out = String::new();
        for (name, field) in &self.fields {
            let key = form_encode(name);
            let (key, values) = match field {
                Field::One(v) => (key, std::slice::from_ref(v)),
                Field::Many(vs) => (format!("{key}[]"), vs.as_slice()),
            };
            for value in values {
                if !out.is_empty() {
                    out.push('&');
                }
                out.push_str(&key);
                out.push('=');
                out.push_str(&form_encode(value.text()));
            }
        }
        out
    }

    fn json(&self) -> Result<Vec<u8>, Error> {
        serde_json::to_vec(&JsonObject(&self.fields))
            .map_err(|e| Error::Config(format!("cannot encode body: {e}")))
    }
}

/// The fields in order as a JSON object.
struct JsonObject<'a>(&'a [(String, Field)]);

impl serde::Serialize for JsonObject<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, field) in self.0 {
            match field {
                Field::One(v) => map.serialize_entry(name, v)?,
                Field::Many(vs) => map.serialize_entry(name, vs)?,
            }
        }
        map.end()
    }
}

/// `application/x-www-form-urlencoded` text of a name or value (a space is `+`).
pub(crate) fn form_encode(text: &str) -> String {
    crate::base_url::form_encode(text)
}

/// One response as the caller's transport received it. Any status is a response: the endpoint
/// decides what a 4xx or 5xx means for its biller.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header names and values as received.
    pub headers: Vec<(String, String)>,
    /// The raw body; endpoints decode it (never through a float for amounts).
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with this status and body and no headers (what tests and bindings build).
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The first header of this name, ignoring case.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Response bodies can hold tokens (the token endpoint's reply), so `Debug` shows the length only.
impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish()
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_masks_credentials_and_bodies() {
        let req = HttpRequest::new(Method::Post, "https://biller.test/token")
            .header("Authorization", "Bearer planted-token")
            .body(
                "application/x-www-form-urlencoded",
                b"password=planted-pw".to_vec(),
            );
        let shown = format!("{req:?}");
        assert!(!shown.contains("planted"), "{shown}");
        assert!(shown.contains("body_len"));
        assert_eq!(
            req.header_value("content-type"),
            Some("application/x-www-form-urlencoded")
        );
    }

    fn sample() -> Body {
        Body::new()
            .int("idempresa", 1)
            .text("nombrepagador", "JOSÉ & HIJOS")
            .opt_int("codbancoori", None)
            .texts("nroDoc", ["1100521421", "01E046-0001234567"])
            .ints("tipoDoc", [1, 2])
            .texts("monto", Vec::<String>::new())
            .scalar("Monto", Scalar::Number("145.70".into()))
    }

    #[test]
    fn forms_use_php_arrays_and_json_keeps_order_types_and_number_text() {
        let form = sample()
            .post("http://x/".into(), BodyEncoding::Form)
            .unwrap();
        assert_eq!(form.header_value("content-type"), Some(FORM));
        assert_eq!(
            std::str::from_utf8(&form.body).unwrap(),
            "idempresa=1&nombrepagador=JOS%C3%89+%26+HIJOS&nroDoc[]=1100521421&\
             nroDoc[]=01E046-0001234567&tipoDoc[]=1&tipoDoc[]=2&Monto=145.70"
        );
        let json = sample()
            .post("http://x/".into(), BodyEncoding::Json)
            .unwrap();
        assert_eq!(json.header_value("content-type"), Some(JSON));
        assert_eq!(
            std::str::from_utf8(&json.body).unwrap(),
            r#"{"idempresa":1,"nombrepagador":"JOSÉ & HIJOS","nroDoc":["1100521421","01E046-0001234567"],"tipoDoc":[1,2],"Monto":145.70}"#
        );
        let err = Body::new()
            .scalar("a", Scalar::Number("1,5".into()))
            .post("x".into(), BodyEncoding::Json)
            .unwrap_err();
        assert_eq!(err.code(), "config");
        // A number's text is only checked where it is written as a number.
        let form = Body::new()
            .scalar("a", Scalar::Number("1,5".into()))
            .post("x".into(), BodyEncoding::Form)
            .unwrap();
        assert_eq!(form.body, b"a=1%2C5");
    }

    #[test]
    fn form_pairs_are_the_same_encoder() {
        let req = HttpRequest::new(Method::Post, "http://x/")
            .form(&[("user name", "a+b@c"), ("grant_type", "password")])
            .unwrap();
        assert_eq!(req.body, b"user+name=a%2Bb%40c&grant_type=password");
    }
}
