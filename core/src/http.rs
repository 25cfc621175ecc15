//! Plain HTTP values: what endpoint code produces and consumes instead of doing I/O.
//!
//! A typed request becomes an [`HttpRequest`]; a [`crate::transport::Transport`] turns it into an
//! [`HttpResponse`]; the endpoint decodes that. Both values are inert data, so every endpoint is
//! testable with recorded bytes.

use std::fmt;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
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

#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// How long the transport may wait for the whole exchange. A transport that cannot enforce
    /// it must say so in its docs; the native and fetch transports do.
    pub timeout: Option<Duration>,
}

impl HttpRequest {
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        HttpRequest {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
            timeout: None,
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    pub fn body(mut self, content_type: &str, body: Vec<u8>) -> Self {
        self.body = body;
        self.header("Content-Type", content_type)
    }

    /// A JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(
        self,
        value: &T,
    ) -> Result<Self, crate::error::Error> {
        let body = serde_json::to_vec(value)
            .map_err(|e| crate::error::Error::Config(format!("cannot encode body: {e}")))?;
        Ok(self.body(JSON, body))
    }

    /// A form body from name/value pairs, in order.
    pub fn form<K: AsRef<str>, V: AsRef<str>>(
        self,
        pairs: &[(K, V)],
    ) -> Result<Self, crate::error::Error> {
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .collect();
        let body = serde_urlencoded::to_string(pairs)
            .map_err(|e| crate::error::Error::Config(format!("cannot encode form: {e}")))?;
        Ok(self.body(FORM, body.into_bytes()))
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

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

#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

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
}
