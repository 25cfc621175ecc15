//! The token field the client adds to Zoom's bodies.
//!
//! Endpoint modules describe a body as named fields with the shared [`Body`] (forms with PHP's
//! arrays, `tipoDoc[]=1&tipoDoc[]=2`, or JSON objects: see [`crate::http::Body`]). The token is
//! a body field, not a header. Endpoints build their request without it (they have no
//! credentials); the client adds it with `with_token`, first in a form and as `"token"` in a
//! JSON object.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

use crate::error::Error;
pub(crate) use crate::http::Body;
use crate::http::{HttpRequest, form_encode};
use crate::secret::Secret;

/// The name of the token field every authenticated service takes.
pub const TOKEN_FIELD: &str = "token";

/// Adds the token field to a body built by [`Body::post`], in the body's own encoding.
pub(crate) fn with_token(mut request: HttpRequest, token: &Secret) -> Result<HttpRequest, Error> {
    let content_type = request.header_value("content-type").unwrap_or_default();
    if content_type.starts_with("application/json") {
        // Every value kept as its raw text (amounts are written from their decimal text and
        // must not be re-read as floats); keys sorted, as before.
        let mut map: BTreeMap<String, Box<RawValue>> = crate::wire::from_body(&request.body)
            .map_err(|e| Error::Config(format!("cannot add the token to the body: {e}")))?;
        let token = serde_json::value::to_raw_value(token.expose())
            .map_err(|e| Error::Config(format!("cannot encode body: {e}")))?;
        map.insert(TOKEN_FIELD.into(), token);
        request.body = serde_json::to_vec(&map)
            .map_err(|e| Error::Config(format!("cannot encode body: {e}")))?;
    } else {
        let mut body = format!("{TOKEN_FIELD}={}", form_encode(token.expose())).into_bytes();
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
    use crate::http::BodyEncoding;

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
    fn the_token_goes_into_the_body() {
        let token = Secret::new("tok en/+");
        for encoding in [BodyEncoding::Form, BodyEncoding::Json] {
            let req = sample().post("http://x/".into(), encoding).unwrap();
            let req = with_token(req, &token).unwrap();
            let text = String::from_utf8(req.body.clone()).unwrap();
            assert!(!format!("{req:?}").contains("tok en"));
            match encoding {
                BodyEncoding::Form => assert!(text.starts_with("token=tok+en%2F%2B&idempresa=1")),
                BodyEncoding::Json => {
                    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                    assert_eq!(v["token"], "tok en/+");
                }
            }
        }
        let empty = Body::new()
            .post("http://x/".into(), BodyEncoding::Form)
            .unwrap();
        assert_eq!(
            with_token(empty, &token).unwrap().body,
            b"token=tok+en%2F%2B"
        );
    }
}
