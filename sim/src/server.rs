//! The HTTP side: accept loop, routing by path prefix, CORS, and applying faults.
//!
//! hyper 1 is used directly rather than through a framework because dropping a reply must
//! be exact: when the service returns `Err`, hyper closes the connection without writing a
//! single byte of response, which is what a client sees when a biller (or the network
//! between) dies mid-request. A framework would turn the error into a 500.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::Shared;
use crate::biller::{AnyBiller, SimRequest, SimResponse};
use crate::faults::FaultKind;

/// Bodies above this are refused (413); billers' requests are a few hundred bytes.
const MAX_BODY: usize = 1 << 20;

/// Returned by the service to make hyper close the connection without a response.
#[derive(Debug)]
pub(crate) struct DropReply(&'static str);

impl fmt::Display for DropReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "reply dropped: {}", self.0)
    }
}

impl std::error::Error for DropReply {}

/// Accepts connections until `shutdown` turns true; one task per connection.
pub(crate) async fn run(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = stopped(&mut shutdown) => break,
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let mut conn_shutdown = shutdown.clone();
        let keep_alive = shared.keep_alive;
        tokio::spawn(async move {
            let service = service_fn(move |req| serve(Arc::clone(&shared), req));
            let conn = http1::Builder::new()
                .keep_alive(keep_alive)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                // Errors here are dropped replies or clients going away: nothing to report.
                _ = conn.as_mut() => {}
                () = stopped(&mut conn_shutdown) => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
}

/// Resolves once shutdown is requested. Dropping every `Simulator` handle does not stop the
/// server (a demo may keep only the URL); it then runs until its runtime ends.
async fn stopped(rx: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns is not `Send`; drop it here rather than in `select!`.
    if rx.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// One request: CORS preflight, control API, or a biller endpoint with its armed fault.
async fn serve(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, DropReply> {
    if req.method() == Method::OPTIONS {
        return Ok(respond(StatusCode::NO_CONTENT, Vec::new()));
    }
    let (parts, body) = req.into_parts();
    // Read the whole request first, so a dropped reply is always "after the biller got it".
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            return Ok(json_response(SimResponse::json(
                StatusCode::PAYLOAD_TOO_LARGE,
                &serde_json::json!({"Message": "Request body too large."}),
            )));
        }
        Err(_) => return Err(DropReply("client went away")),
    };
    let mut original = decode_path(parts.uri.path());
    let mut path = original.to_lowercase();
    // The example merchant backend: same billers, credentials filled in (see `merchant`).
    let via_merchant = path.starts_with("merchant/");
    if via_merchant {
        if !shared.merchant.admits(&parts.headers) {
            return Ok(json_response(crate::merchant::unauthorized()));
        }
        original = original["merchant/".len()..].to_owned();
        path = path["merchant/".len()..].to_owned();
    }

    // Case kept: biller controls take path parameters (references are case-sensitive).
    let control = original
        .get(.."_sim".len())
        .filter(|p| p.eq_ignore_ascii_case("_sim"))
        .map(|_| &original["_sim".len()..]);
    if let Some(rest) = control {
        if rest.is_empty() || rest.starts_with('/') {
            let rest = rest.trim_start_matches('/');
            let resp = crate::control::handle(&shared, &parts.method, rest, &body);
            return Ok(json_response(resp));
        }
    }

    let (prefix, _) = path.split_once('/').unwrap_or((path.as_str(), ""));
    let original_rest = original.split_once('/').map_or("", |(_, r)| r);
    if parts.method == Method::GET && !via_merchant && shared.biller(prefix).is_none() {
        if let Some((body, content_type)) = shared.statics.lookup(&original) {
            let mut r = respond(StatusCode::OK, body);
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            return Ok(r);
        }
    }
    let Some((biller, endpoint)) = shared
        .biller(prefix)
        .and_then(|b| b.route(original_rest).map(|e| (Arc::clone(b), e)))
    else {
        return Ok(json_response(SimResponse::json(
            StatusCode::NOT_FOUND,
            &serde_json::json!({
                "Message": format!("No HTTP resource was found that matches the request URI '{}'.", parts.uri.path())
            }),
        )));
    };

    biller.record_request(endpoint);
    let fault = shared.faults.take(biller.id(), endpoint);
    // Faults that stand for the network or the server failing act before any processing.
    match fault {
        Some(FaultKind::DropBeforeCommit) => return Err(DropReply("drop_before_commit")),
        Some(FaultKind::Error500) => {
            return Ok(json_response(SimResponse::json(
                StatusCode::INTERNAL_SERVER_ERROR,
                &serde_json::json!({"Message": "An error has occurred."}),
            )));
        }
        _ => {}
    }
    let mut request = SimRequest {
        path: original_rest.to_owned(),
        query: parts.uri.query().unwrap_or("").to_owned(),
        method: parts.method,
        headers: parts.headers,
        body,
    };
    if via_merchant {
        shared.merchant.fill(biller.id(), endpoint, &mut request);
    }
    if let Some(FaultKind::LateCommit { ms }) = fault {
        return late_commit(shared, biller, endpoint, request, ms).await;
    }
    let mut resp = biller.handle(endpoint, &request, shared.clock.now());
    // The others act on the reply of a request that was processed (committed) normally.
    match fault {
        Some(FaultKind::DropAfterCommit) => return Err(DropReply("drop_after_commit")),
        Some(FaultKind::TruncatedJson) => {
            let half = resp.body.len() / 2;
            resp.body.truncate(half);
        }
        Some(FaultKind::Delay { ms }) => tokio::time::sleep(Duration::from_millis(ms)).await,
        Some(FaultKind::CommitThenError { status }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            resp = SimResponse::json(status, &biller.error_body());
        }
        _ => {}
    }
    Ok(json_response(resp))
}

/// Processes the request after `ms` milliseconds in a task of its own, so that it commits
/// even if the client gives up meanwhile (hyper then drops this future, not the task), and
/// answers whoever still waits.
async fn late_commit(
    shared: Arc<Shared>,
    biller: Arc<dyn AnyBiller>,
    endpoint: &'static str,
    request: SimRequest,
    ms: u64,
) -> Result<Response<Full<Bytes>>, DropReply> {
    let (reply, replied) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        let resp = biller.handle(endpoint, &request, shared.clock.now());
        // Nobody listening any more is the case this fault exists for.
        let _ = reply.send(resp);
    });
    match replied.await {
        Ok(resp) => Ok(json_response(resp)),
        Err(_) => Err(DropReply("late_commit task ended without a reply")),
    }
}

/// Percent-decodes (so `registrar%20pago` matches), lower-cases (ASP.NET routes ignore
/// case) and trims slashes.
#[cfg(test)]
fn normalise_path(raw: &str) -> String {
    decode_path(raw).to_lowercase()
}

/// Percent-decodes and trims slashes, keeping case (path parameters such as references are
/// case-sensitive).
fn decode_path(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).trim_matches('/').to_owned()
}

fn json_response(resp: SimResponse) -> Response<Full<Bytes>> {
    let content_type = resp
        .content_type
        .unwrap_or("application/json; charset=utf-8");
    let location = resp.location.as_deref().map(HeaderValue::from_str);
    let mut r = respond(resp.status, resp.body);
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    match location {
        Some(Ok(value)) => {
            r.headers_mut().insert(header::LOCATION, value);
        }
        // A handler checks its redirect targets; one that still cannot be a header is a 500.
        Some(Err(_)) => *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR,
        None => {}
    }
    r
}

/// A response with the CORS headers every reply carries (browser tests call the simulator
/// from another origin, with `Authorization` and the billers' custom headers).
fn respond(status: StatusCode, body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    // `*` alone does not cover `Authorization`, hence the explicit list.
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(
            "*, authorization, content-type, x-api-key, x-access-token, x-merchant-session",
        ),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, DELETE, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::normalise_path;

    #[test]
    fn paths_are_decoded_and_lower_cased() {
        assert_eq!(
            normalise_path("/unicomer/api/recaudadores/registrar%20pago"),
            "unicomer/api/recaudadores/registrar pago"
        );
        assert_eq!(normalise_path("/Unicomer/Token/"), "unicomer/token");
        assert_eq!(normalise_path("/a%2"), "a%2");
        assert_eq!(normalise_path("/a%zz%"), "a%zz%");
        assert_eq!(normalise_path("/%C3%B1"), "ñ");
        assert_eq!(normalise_path("/"), "");
    }
}
