//! The error type every client returns, with stable machine-readable codes.
//!
//! The biller's own status and message are kept verbatim; decode failures keep a bounded snippet
//! of the body (never of a body that can hold a credential); no variant carries a secret.

use crate::money::AmountError;
use crate::transport::{Delivery, TransportError};

/// At most this many characters of a raw body are kept in a decode error.
pub const SNIPPET_CHARS: usize = 200;

/// At most this many characters of a decoder's reason are kept in a decode error.
pub const REASON_CHARS: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The caller's input was refused before anything was sent.
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },

    /// An amount was refused before anything was sent.
    #[error("invalid amount: {0}")]
    InvalidAmount(#[from] AmountError),

    /// The client's configuration cannot work (missing credential, bad base URL, ...).
    #[error("configuration: {0}")]
    Config(String),

    /// A plain `http://` URL to a host that is not this machine, without an explicit opt-in.
    #[error(
        "refusing plain http:// to non-loopback host {host}; use https or allow insecure http explicitly"
    )]
    InsecureUrl { host: String },

    /// The transport failed; see [`TransportError::delivery`].
    #[error("{0}")]
    Transport(#[from] TransportError),

    /// The biller refused our credentials (HTTP 401, or the token endpoint's refusal).
    #[error(
        "authentication refused by the biller (HTTP {http_status}){}",
        fmt_biller(biller_code, biller_message)
    )]
    Auth {
        http_status: u16,
        biller_code: Option<String>,
        biller_message: Option<String>,
    },

    /// The biller answered with its own error status; code and message verbatim.
    #[error("the biller answered {biller_code}: {biller_message}")]
    Biller {
        biller_code: String,
        biller_message: String,
        http_status: u16,
    },

    /// An HTTP status the endpoint does not document (5xx, 404, ...).
    #[error("unexpected HTTP status {http_status}: {snippet}")]
    HttpStatus { http_status: u16, snippet: String },

    /// The body could not be decoded into the documented shape.
    #[error("could not decode the biller's reply: {reason} (body starts: {snippet})")]
    Decode {
        reason: String,
        snippet: String,
        http_status: u16,
    },

    /// The operation is not offered by this biller or client.
    #[error("unsupported: {0}")]
    Unsupported(String),

    /// The payment journal could not be read or written.
    #[error("journal storage: {0}")]
    Storage(String),

    /// A fault in recaudo itself or in a binding's machinery (a panic caught at the boundary, a
    /// runtime that did not start, a result that could not be encoded): a bug to report, never
    /// a biller's answer. Whether the request reached the biller is not known.
    #[error("internal error: {0}")]
    Internal(String),
}

fn fmt_biller(code: &Option<String>, message: &Option<String>) -> String {
    match (code, message) {
        (Some(c), Some(m)) => format!(": {c}: {m}"),
        (Some(c), None) => format!(": {c}"),
        (None, Some(m)) => format!(": {m}"),
        (None, None) => String::new(),
    }
}

impl Error {
    /// A stable code for programs: these strings are part of the public contract.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid_input",
            Error::InvalidAmount(_) => "invalid_amount",
            Error::Config(_) => "config",
            Error::InsecureUrl { .. } => "insecure_url",
            Error::Transport(t) => match t.kind {
                crate::transport::TransportErrorKind::Timeout => "timeout",
                crate::transport::TransportErrorKind::Connect => "connect",
                _ => "network",
            },
            Error::Auth { .. } => "auth",
            Error::Biller { .. } => "biller",
            Error::HttpStatus { .. } => "http_status",
            Error::Decode { .. } => "decode",
            Error::Unsupported(_) => "unsupported",
            Error::Storage(_) => "storage",
            Error::Internal(_) => "internal",
        }
    }

    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Auth { http_status, .. }
            | Error::Biller { http_status, .. }
            | Error::HttpStatus { http_status, .. }
            | Error::Decode { http_status, .. } => Some(*http_status),
            _ => None,
        }
    }

    pub fn biller_code(&self) -> Option<&str> {
        match self {
            Error::Biller { biller_code, .. } => Some(biller_code),
            Error::Auth { biller_code, .. } => biller_code.as_deref(),
            _ => None,
        }
    }

    pub fn biller_message(&self) -> Option<&str> {
        match self {
            Error::Biller { biller_message, .. } => Some(biller_message),
            Error::Auth { biller_message, .. } => biller_message.as_deref(),
            _ => None,
        }
    }

    /// Whether the request this error came from may have been acted on by the biller: false only
    /// when we know it was not (refused before sending, or answered with a definite status).
    pub fn may_have_reached_biller(&self) -> bool {
        match self {
            Error::Transport(t) => t.delivery == Delivery::MaybeDelivered,
            // A garbled body or a server error after sending: the biller may have committed.
            Error::Decode { .. } | Error::Internal(_) => true,
            Error::HttpStatus { http_status, .. } => *http_status >= 500,
            _ => false,
        }
    }

    /// Worth trying again for a read: network trouble, server errors, garbled replies, and a
    /// 401 that outlived its one refresh (tokens revoked while the replay was in flight; the next
    /// attempt refreshes again). Bad credentials are refused at the token endpoint, which is not
    /// a 401 from an API call, so they are not retried.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Transport(_) | Error::Decode { .. } => true,
            Error::Auth {
                http_status: 401,
                biller_code: None,
                ..
            } => true,
            Error::HttpStatus { http_status, .. } => {
                *http_status >= 500 || *http_status == 429 || *http_status == 408
            }
            _ => false,
        }
    }

    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }

    /// A decode error with a bounded snippet of the body.
    /// A decode error with a bounded snippet of the body. The reason is bounded too: serde_json
    /// quotes an offending string value in full, and a biller can send a long one.
    pub fn decode(reason: impl Into<String>, body: &[u8], http_status: u16) -> Self {
        let reason = reason.into();
        let reason = if reason.chars().count() > REASON_CHARS {
            let mut r: String = reason.chars().take(REASON_CHARS).collect();
            r.push('…');
            r
        } else {
            reason
        };
        Error::Decode {
            reason,
            snippet: snippet(body),
            http_status,
        }
    }
}

/// The first [`SNIPPET_CHARS`] characters of a body, lossy UTF-8, for error messages.
pub fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_CHARS * 4)]);
    let mut out: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

/// A deserializer's reason without the value it quotes, for errors about input from other
/// languages (JSON from C, objects from JS): serde quotes the offending value (`invalid type:
/// integer `987654321`, expected a string`, and serde-wasm-bindgen's `JsValue(...)`), and it may
/// be a password given as a number by mistake.
pub fn without_values(reason: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_reasons_do_not_quote_values() {
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

    #[test]
    fn snippets_are_bounded() {
        let body = "x".repeat(10_000);
        let e = Error::decode("bad", body.as_bytes(), 200);
        assert!(e.to_string().len() < 400);
        let long = Error::decode(
            format!("invalid value: string \"{}\"", "y".repeat(100_000)),
            b"{}",
            200,
        );
        assert!(long.to_string().chars().count() < 700);
        assert_eq!(e.code(), "decode");
        assert!(e.may_have_reached_biller());
    }
}
