//! Unicobros' replies: `{"result": true, "data": ...}`, refusals `{"result": false, "code",
//! "error"}`, in the language the request asks for (`x-lang`).

use hyper::StatusCode;
use serde_json::{Value, json};

use super::config::UnicobrosSimConfig;
use crate::biller::{Call, SimResponse};

impl Call<'_, UnicobrosSimConfig> {
    /// Whether the request asks for English (`x-lang: en...`).
    fn english(&self) -> bool {
        self.req
            .headers
            .get("x-lang")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.trim().to_ascii_lowercase().starts_with("en"))
    }

    /// The message in the request's language (`x-lang`; Spanish unless it asks for English).
    pub(super) fn say(&self, es: &str, en: &str) -> String {
        if self.english() { en } else { es }.to_owned()
    }
}

/// `{"result": true, "data": ...}`
pub(super) fn ok(data: Value) -> SimResponse {
    SimResponse::ok(&json!({"result": true, "data": data}))
}

/// `{"result": false, "code": ..., "error": ...}` with an HTTP status.
pub(super) fn refusal(status: StatusCode, code: &str, error: &str) -> SimResponse {
    SimResponse::json(
        status,
        &json!({"result": false, "code": code, "error": error}),
    )
}
