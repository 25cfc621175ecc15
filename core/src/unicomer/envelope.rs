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
    #[serde(with = "crate::wire::text_opt", default)]
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
    // ASP.NET servers sometimes open the body with a UTF-8 byte-order mark.
    let body = response
        .body
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(&response.body);
    match crate::wire::from_body::<Envelope<T>>(body) {
        Ok(env) => {
            if !is_success(&env.status) {
                return Err(biller_error(env.status, env.msg, response.status));
            }
            Ok(env.data)
        }
        // The data did not have the documented shape; an error envelope often has none at all,
        // so look at the status alone before calling it a decode failure. The document's own
        // error examples carry a trailing comma (`"msg": "...",}`), so that is forgiven here.
        Err(e) => {
            let env = crate::wire::from_body::<Envelope<IgnoredAny>>(body)
                .or_else(|_| crate::wire::from_body(&without_trailing_commas(body)));
            match env {
                Ok(env) if !is_success(&env.status) => {
                    Err(biller_error(env.status, env.msg, response.status))
                }
                _ => Err(Error::decode(e.to_string(), body, response.status)),
            }
        }
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
    crate::wire::from_body::<AspNet>(body)
        .ok()
        .map(|m| m.message)
}

/// `0`, `"0"` (and `0.0`, should a serializer write it so) are success.
fn is_success(status: &str) -> bool {
    let status = status.trim();
    // Through core's exact amount reader, not `Decimal::from_str`, which would link
    // rust_decimal's lossy scientific reader into every bundle for this one check.
    status == "0" || crate::money::wire::decimal_from_text(status).is_ok_and(|d| d.is_zero())
}

/// The body with every comma that directly precedes `}` or `]` (outside strings) removed.
fn without_trailing_commas(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let (mut in_string, mut escaped) = (false, false);
    for (i, &b) in body.iter().enumerate() {
        if in_string {
            escaped = !escaped && b == b'\\';
            in_string = escaped || b != b'"';
        } else if b == b'"' {
            in_string = true;
        } else if b == b',' {
            let next = body[i + 1..].iter().find(|c| !c.is_ascii_whitespace());
            if matches!(next, Some(b'}') | Some(b']')) {
                continue;
            }
        }
        out.push(b);
    }
    out
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
        // The document's own error examples have a trailing comma: still the biller's refusal,
        // a comma inside a string is kept, and a success with broken data stays a decode error.
        let e = decode_envelope::<Data>(&resp(200, "{\"status\":\"451\",\"msg\":\"a, b\",\n}"))
            .unwrap_err();
        assert_eq!(
            (e.biller_code(), e.biller_message()),
            (Some("451"), Some("a, b"))
        );
        let e =
            decode_envelope::<Data>(&resp(200, r#"{"status":0,"msg":"OK","data":{"idtrx":,}}"#))
                .unwrap_err();
        assert_eq!(e.code(), "decode");
        // A number for `msg`, a BOM, and `0.0` as success.
        let e = decode_envelope::<Data>(&resp(200, r#"{"status":"451","msg":451}"#)).unwrap_err();
        assert_eq!(e.biller_message(), Some("451"));
        let ok: Data = decode_envelope(&resp(
            200,
            "\u{feff}{\"status\":0.0,\"data\":{\"idtrx\":5}}",
        ))
        .unwrap();
        assert_eq!(ok.idtrx, 5);
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
