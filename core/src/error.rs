//! The error type every client returns, with stable machine-readable codes.
//!
//! The biller's own status and message are kept verbatim; decode failures keep a bounded snippet
//! of the body (never of a body that can hold a credential); no variant carries a secret.

use std::fmt;
use std::str::FromStr;

use crate::money::AmountError;
use crate::transport::{Delivery, TransportError};

/// At most this many characters of a raw body are kept in a decode error.
pub const SNIPPET_CHARS: usize = 200;

/// At most this many characters of a decoder's reason are kept in a decode error.
pub const REASON_CHARS: usize = 300;

/// Declares [`ErrorCode`] from one list: the variants, [`ErrorCode::ALL`] and
/// [`ErrorCode::as_str`] cannot drift apart, since all three come from the same lines.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)*) => {
        /// The stable machine-readable code of an [`Error`] ([`Error::error_code`]), one variant
        /// per code. This is the one list of codes: the C result codes, the Kotlin and Swift
        /// enum (uniffi), the TypeScript union and the CLI's table are generated from it or
        /// checked against it by tests, so a code added here cannot go missing in a channel.
        ///
        /// The strings ([`ErrorCode::as_str`], `Display`, serde) are part of the public
        /// contract and never change. `#[non_exhaustive]` because new codes may be added: code
        /// in other crates that matches on it needs a wildcard arm, and should treat an unknown
        /// code as `internal`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        // Kotlin's `toString()` and Swift's `description` give the stable string, so an
        // exception's text reads `code=timeout`, as it did when the code was a string.
        #[cfg_attr(feature = "uniffi", uniffi::export(Display))]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The stable string (`invalid_input`, `timeout`, ...), the same as serde's.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    /// The caller's input was refused before anything was sent.
    InvalidInput => "invalid_input",
    /// An amount was refused before anything was sent.
    InvalidAmount => "invalid_amount",
    /// A configuration that cannot work.
    Config => "config",
    /// Plain `http://` to a host that is not this machine, without an explicit opt-in.
    InsecureUrl => "insecure_url",
    /// No reply in time; the biller may have acted on the request.
    Timeout => "timeout",
    /// Could not connect; nothing was sent.
    Connect => "connect",
    /// The connection failed during the exchange (or the transport could not say how).
    Network => "network",
    /// The biller refused the credentials.
    Auth => "auth",
    /// The biller answered with its own error.
    Biller => "biller",
    /// An HTTP status the endpoint does not document.
    HttpStatus => "http_status",
    /// The reply could not be decoded.
    Decode => "decode",
    /// The operation is not offered by this biller or client.
    Unsupported => "unsupported",
    /// The payment journal could not be read or written.
    Storage => "storage",
    /// A fault in recaudo itself or in a binding's machinery.
    Internal => "internal",
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not one of [`ErrorCode::ALL`]'s. It does not quote the string, which came
/// from outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a recaudo error code")]
pub struct UnknownErrorCode;

impl FromStr for ErrorCode {
    type Err = UnknownErrorCode;

    /// The code whose [`ErrorCode::as_str`] is `s`, exactly (no case folding: the strings are
    /// the contract).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ErrorCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or(UnknownErrorCode)
    }
}

/// Every way a call can fail, each with a stable [`ErrorCode`] (`code()`) that the bindings
/// and the CLI expose. What it says about delivery decides whether a payment may be sent again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The caller's input was refused before anything was sent.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The input's name (`"customer"`, `"receipt"`).
        field: &'static str,
        /// Why it was refused.
        reason: String,
    },

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
    InsecureUrl {
        /// The host that would have been reached without TLS.
        host: String,
    },

    /// The transport failed; see [`TransportError::delivery`].
    #[error("{0}")]
    Transport(#[from] TransportError),

    /// The biller refused our credentials (HTTP 401, or the token endpoint's refusal).
    #[error(
        "authentication refused by the biller (HTTP {http_status}){}",
        fmt_biller(biller_code, biller_message)
    )]
    Auth {
        /// The HTTP status of the refusal.
        http_status: u16,
        /// The biller's own code, when it sent one.
        biller_code: Option<String>,
        /// The biller's own message, verbatim, when it sent one.
        biller_message: Option<String>,
    },

    /// The biller answered with its own error status; code and message verbatim.
    #[error("the biller answered {biller_code}: {biller_message}")]
    Biller {
        /// The biller's code, verbatim.
        biller_code: String,
        /// The biller's message, verbatim (what a cashier reads).
        biller_message: String,
        /// The HTTP status it came with (billers answer errors with 200 too).
        http_status: u16,
    },

    /// An HTTP status the endpoint does not document (5xx, 404, ...).
    #[error("unexpected HTTP status {http_status}: {snippet}")]
    HttpStatus {
        /// The status.
        http_status: u16,
        /// The start of the body, bounded and with secrets withheld.
        snippet: String,
    },

    /// The body could not be decoded into the documented shape.
    #[error("could not decode the biller's reply: {reason} (body starts: {snippet})")]
    Decode {
        /// What did not match the documented shape.
        reason: String,
        /// The start of the body, bounded and with secrets withheld, for whoever investigates.
        snippet: String,
        /// The HTTP status of the undecodable reply.
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
    /// The stable code for programs (see [`ErrorCode`]).
    pub fn error_code(&self) -> ErrorCode {
        match self {
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::InvalidAmount(_) => ErrorCode::InvalidAmount,
            Error::Config(_) => ErrorCode::Config,
            Error::InsecureUrl { .. } => ErrorCode::InsecureUrl,
            Error::Transport(t) => match t.kind {
                crate::transport::TransportErrorKind::Timeout => ErrorCode::Timeout,
                crate::transport::TransportErrorKind::Connect => ErrorCode::Connect,
                _ => ErrorCode::Network,
            },
            Error::Auth { .. } => ErrorCode::Auth,
            Error::Biller { .. } => ErrorCode::Biller,
            Error::HttpStatus { .. } => ErrorCode::HttpStatus,
            Error::Decode { .. } => ErrorCode::Decode,
            Error::Unsupported(_) => ErrorCode::Unsupported,
            Error::Storage(_) => ErrorCode::Storage,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The stable code as its string: these strings are part of the public contract (the CLI's
    /// `--json`, the C last-error JSON and the JS `RecaudoError.code` carry them).
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The HTTP status behind the error, when a response arrived.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Auth { http_status, .. }
            | Error::Biller { http_status, .. }
            | Error::HttpStatus { http_status, .. }
            | Error::Decode { http_status, .. } => Some(*http_status),
            _ => None,
        }
    }

    /// The biller's own error code, when the biller sent one.
    pub fn biller_code(&self) -> Option<&str> {
        match self {
            Error::Biller { biller_code, .. } => Some(biller_code),
            Error::Auth { biller_code, .. } => biller_code.as_deref(),
            _ => None,
        }
    }

    /// The biller's own message, verbatim, when the biller sent one.
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

    /// An [`Error::InvalidInput`] for `field`.
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

    /// serde, `Display` and `FromStr` all use `as_str`'s string, for every code, and no two
    /// codes share one.
    #[test]
    fn error_code_strings_agree_everywhere() {
        let mut seen = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "two codes are {s}");
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(s.to_owned())
            );
            assert_eq!(
                serde_json::from_value::<ErrorCode>(serde_json::json!(s)).unwrap(),
                code
            );
            assert_eq!(code.to_string(), s);
            assert_eq!(s.parse::<ErrorCode>(), Ok(code));
        }
        assert_eq!("INTERNAL".parse::<ErrorCode>(), Err(UnknownErrorCode));
        assert_eq!("".parse::<ErrorCode>(), Err(UnknownErrorCode));
        assert!(serde_json::from_value::<ErrorCode>(serde_json::json!("usage")).is_err());
    }

    /// The strings existing callers (the CLI's `--json`, every binding) have always seen.
    #[test]
    fn error_codes_keep_their_strings() {
        let strings: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            strings,
            [
                "invalid_input",
                "invalid_amount",
                "config",
                "insecure_url",
                "timeout",
                "connect",
                "network",
                "auth",
                "biller",
                "http_status",
                "decode",
                "unsupported",
                "storage",
                "internal",
            ]
        );
        use crate::transport::{TransportError as T, TransportErrorKind as K};
        let t = |kind| Error::Transport(T::new(kind, Delivery::NotSent, "x"));
        assert_eq!(t(K::Timeout).code(), "timeout");
        assert_eq!(t(K::Connect).code(), "connect");
        assert_eq!(t(K::Io).code(), "network");
        assert_eq!(t(K::Other).code(), "network");
        assert_eq!(
            Error::Internal("x".into()).error_code(),
            ErrorCode::Internal
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
