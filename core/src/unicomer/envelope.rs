//! Unicomer's reply envelope `{status, msg, data}`.
//!
//! `status` is the number `0` or the string `"0"` on success and any other value (usually a
//! string: `"451"`, `"666"`, `"133"`, `"-1"`) on error. The error's code and `msg` are kept
//! verbatim in [`Error::Biller`].

use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::error::Error;
use crate::http::HttpResponse;

#[derive(Deserialize)]
struct Envelope<T> {
    #[serde(with = "crate::wire::text")]
    status: String,
    #[serde(default)]
    msg: Option<String>,
    #[serde(default = "none")]
    data: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

/// Decodes an enveloped reply into its `data`, which must be present.
pub(crate) fn decode_envelope<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, Error> {
    decode_envelope_opt(response)?
        .ok_or_else(|| Error::decode("success without `data`", &response.body, response.status))
}

/// Decodes an enveloped reply whose `data` may be `null` or absent on success.
pub(crate) fn decode_envelope_opt<T: DeserializeOwned>(
    response: &HttpResponse,
) -> Result<Option<T>, Error> {
    check_http_status(response)?;
    let body = &response.body;
    match serde_json::from_slice::<Envelope<T>>(body) {
        Ok(env) => {
            if !is_success(&env.status) {
                return Err(biller_error(env.status, env.msg, response.status));
            }
            Ok(env.data)
        }
        // The data did not have the documented shape; an error envelope often has none at all,
        // so look at the status alone before calling it a decode failure.
        Err(e) => match serde_json::from_slice::<Envelope<IgnoredAny>>(body) {
            Ok(env) if !is_success(&env.status) => {
                Err(biller_error(env.status, env.msg, response.status))
            }
            _ => Err(Error::decode(e.to_string(), body, response.status)),
        },
    }
}

/// 401 is an authentication failure (the client refreshes and replays once); other non-2xx
/// statuses are not part of the documented contract.
pub(crate) fn check_http_status(response: &HttpResponse) -> Result<(), Error> {
    if response.status == 401 {
        return Err(Error::Auth {
            http_status: 401,
            biller_code: None,
            biller_message: aspnet_message(&response.body),
        });
    }
    if !response.is_success() {
        return Err(Error::HttpStatus {
            http_status: response.status,
            snippet: crate::error::snippet(&response.body),
        });
    }
    Ok(())
}

/// ASP.NET's `{"Message": "..."}` error body, when there is one.
fn aspnet_message(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct AspNet {
        #[serde(rename = "Message")]
        message: String,
    }
    serde_json::from_slice::<AspNet>(body)
        .ok()
        .map(|m| m.message)
}

fn is_success(status: &str) -> bool {
    status.trim() == "0"
}

fn biller_error(status: String, msg: Option<String>, http_status: u16) -> Error {
    Error::Biller {
        biller_code: status,
        biller_message: msg.unwrap_or_default(),
        http_status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct Data {
        idtrx: i64,
    }

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse::new(status, body.as_bytes())
    }

    #[test]
    fn success_with_number_or_string_status() {
        let a: Data =
            decode_envelope(&resp(200, r#"{"status":0,"msg":"OK","data":{"idtrx":3}}"#)).unwrap();
        let b: Data = decode_envelope(&resp(
            200,
            r#"{"status":"0","msg":"OK","data":{"idtrx":4}}"#,
        ))
        .unwrap();
        assert_eq!((a.idtrx, b.idtrx), (3, 4));
    }

    #[test]
    fn biller_errors_keep_code_and_message() {
        // The document's own error example has a trailing comma; it is not JSON, so it is a
        // decode error with the body kept. The corrected form is a biller error.
        let e = decode_envelope::<Data>(&resp(
            200,
            r#"{"status":"451","msg":"detalle de error","data":null}"#,
        ))
        .unwrap_err();
        assert_eq!(e.biller_code(), Some("451"));
        assert_eq!(e.biller_message(), Some("detalle de error"));
        let e = decode_envelope::<Data>(&resp(
            200,
            r#"{"status":"133","msg":"x","data":{"weird":1}}"#,
        ))
        .unwrap_err();
        assert_eq!(e.code(), "biller");
        let e =
            decode_envelope::<Data>(&resp(200, r#"{"status":"451","msg":"detalle de error",}"#))
                .unwrap_err();
        assert_eq!(e.code(), "decode");
    }

    #[test]
    fn http_failures() {
        let e = decode_envelope::<Data>(&resp(
            401,
            r#"{"Message":"Authorization has been denied for this request."}"#,
        ))
        .unwrap_err();
        assert_eq!(e.code(), "auth");
        assert!(e.to_string().contains("denied"));
        let e = decode_envelope::<Data>(&resp(500, "oops")).unwrap_err();
        assert_eq!(e.http_status(), Some(500));
        assert!(e.may_have_reached_biller());
        let e = decode_envelope::<Data>(&resp(200, r#"{"status":0,"msg":"OK","da"#)).unwrap_err();
        assert_eq!(e.code(), "decode");
    }
}
