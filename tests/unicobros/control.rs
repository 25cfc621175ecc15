//! The simulator's Unicobros control API over HTTP, as tests in other processes use it.

use recaudo_core::http::{HttpRequest, HttpResponse, Method};
use recaudo_core::native::NativeTransport;
use recaudo_core::transport::Transport;
use serde_json::{Value, json};

use crate::common::*;

async fn call(url: String, method: Method, body: Option<Value>) -> (u16, Value) {
    let mut request = HttpRequest::new(method, url);
    if let Some(b) = body {
        request = request.json(&b).unwrap();
    }
    let HttpResponse { status, body, .. } =
        NativeTransport::new().unwrap().send(request).await.unwrap();
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn operations_statuses_tokens_and_state_over_http() {
    let sim = start_sim().await;
    let control = |path: &str| format!("{}_sim/unicobros/{path}", sim.base_url());
    let (status, added) = call(
        control("operations"),
        Method::Post,
        Some(json!({
            "reference": "CTRL-1",
            "total": "1500.5",
            "currency": "ARS",
            "status": 2,
            "created": "2024-12-20T10:00:00Z",
            "childs": [{"reference": "CTRL-1-A", "total": 1500.50, "currency": "ARS", "status": "1"}]
        })),
    )
    .await;
    assert_eq!(status, 200, "{added}");
    let id = added["id"].as_str().unwrap().to_owned();

    let coupons = client(&sim).coupons("CTRL-1").await.unwrap();
    assert_eq!(coupons[0].id, id);
    assert_eq!(coupons[0].total.to_string(), "1500.5");
    assert_eq!(coupons[0].status.code(), "2");
    assert_eq!(coupons[0].childs.len(), 1);

    let (status, _) = call(
        control(&format!("operations/{id}/status")),
        Method::Post,
        Some(json!({"status": "200"})),
    )
    .await;
    assert_eq!(status, 200);
    // The guard: a second paid operation under the reference is refused, unless forced.
    let second = json!({"reference": "CTRL-1", "total": 1, "currency": "ARS", "status": "200"});
    let (status, refused) = call(control("operations"), Method::Post, Some(second.clone())).await;
    assert_eq!(status, 409);
    assert!(refused["error"].as_str().unwrap().contains("duplicate"));
    let mut forced = second;
    forced["force"] = json!(true);
    assert_eq!(
        call(control("operations"), Method::Post, Some(forced))
            .await
            .0,
        200
    );

    for bad in [
        json!({"reference": "X", "total": "1,5", "currency": "ARS", "status": "200"}),
        json!({"reference": "X", "total": "1", "currency": "USD", "status": "200"}),
        json!({"reference": "", "total": "1", "currency": "ARS", "status": "200"}),
        json!({"reference": "X", "total": "1", "currency": "ARS", "status": "paid"}),
        json!({"total": "1"}),
    ] {
        assert_eq!(
            call(control("operations"), Method::Post, Some(bad.clone()))
                .await
                .0,
            400,
            "{bad}"
        );
    }
    assert_eq!(
        call(
            control("operations/nope/status"),
            Method::Post,
            Some(json!({"status": "1"}))
        )
        .await
        .0,
        404
    );

    assert_eq!(
        call(control("tokens/expire"), Method::Post, None).await.0,
        200
    );
    assert_eq!(
        client(&sim).coupons("CTRL-1").await.unwrap_err().code(),
        "auth"
    );
    let (_, state) = call(format!("{}_sim/state", sim.base_url()), Method::Get, None).await;
    let ucb = &state["unicobros"];
    assert_eq!(ucb["token_revoked"], true);
    assert!(ucb["requests"]["coupons"].as_u64().unwrap() >= 2);
    let ctrl: Vec<&Value> = ucb["operations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["reference"] == "CTRL-1")
        .collect();
    assert_eq!(ctrl.len(), 2);
    assert_eq!(ctrl[0]["total"], "1500.5");
    assert_eq!(ctrl[0]["created"], "2024-12-20T10:00:00.000Z");
    assert_eq!(
        call(control("tokens/restore"), Method::Post, None).await.0,
        200
    );
    assert_eq!(client(&sim).coupons("CTRL-1").await.unwrap().len(), 2);

    // A reset brings back the seed and forgets the additions.
    sim.expire_tokens();
    sim.reset();
    assert!(client(&sim).coupons("CTRL-1").await.unwrap().is_empty());
    assert_eq!(sim.unicobros_state().requests_to("coupons"), 1);
}

#[tokio::test]
async fn the_biller_refuses_malformed_requests_with_its_envelope() {
    let sim = start_sim().await;
    let creds = credentials();
    let send = |method: Method, path: &str, body: Option<&str>| {
        let mut r = HttpRequest::new(method, format!("{}{path}", sim.unicobros_url()))
            .header("x-api-key", creds.api_key.expose())
            .header("x-access-token", creds.access_token.expose());
        if let Some(b) = body {
            r = r.body("application/json", b.as_bytes().to_vec());
        }
        async move {
            let resp = NativeTransport::new().unwrap().send(r).await.unwrap();
            let v: Value = serde_json::from_slice(&resp.body).unwrap();
            (resp.status, v)
        }
    };
    let cases = [
        (Method::Get, "p/operations", None, 400, "INVALID_PARAMS"),
        (
            Method::Get,
            "p/operations?page=0&limit=51",
            None,
            400,
            "INVALID_PARAMS",
        ),
        (
            Method::Get,
            "p/operations?page=-1",
            None,
            400,
            "INVALID_PARAMS",
        ),
        (
            Method::Get,
            "p/operations?page=0&currency=USD",
            None,
            400,
            "INVALID_PARAMS",
        ),
        (
            Method::Get,
            "p/operations?page=0&created_from=ayer",
            None,
            400,
            "INVALID_PARAMS",
        ),
        (
            Method::Get,
            "p/operations?page=0&test=maybe",
            None,
            400,
            "INVALID_PARAMS",
        ),
        (
            Method::Post,
            "p/operations?page=0",
            Some("{\"created\": {\"from\": {\"day\": 31, \"month\": 2, \"year\": 2024}}}"),
            400,
            "INVALID_PARAMS",
        ),
        (
            Method::Post,
            "p/operations?page=0",
            Some("{\"context\": \"a\"}"),
            400,
            "INVALID_PARAMS",
        ),
        (
            Method::Post,
            "p/operations?page=0",
            Some("[1]"),
            400,
            "INVALID_PARAMS",
        ),
        (
            Method::Post,
            "2.0/transactions/status",
            Some("{}"),
            400,
            "INVALID_PARAMS",
        ),
        (
            Method::Post,
            "2.0/transactions/status",
            Some("{\"id\":"),
            400,
            "INVALID_PARAMS",
        ),
        (
            Method::Get,
            "2.0/transactions/status",
            None,
            405,
            "METHOD_NOT_ALLOWED",
        ),
        (
            Method::Post,
            "2.0/transactions/coupons/X",
            Some("{}"),
            405,
            "METHOD_NOT_ALLOWED",
        ),
        (
            Method::Get,
            "2.0/transactions/coupons",
            None,
            400,
            "INVALID_PARAMS",
        ),
    ];
    for (method, path, body, status, code) in cases {
        let (got, v) = send(method, path, body).await;
        assert_eq!(
            (got, v["result"].clone(), v["code"].as_str()),
            (status, json!(false), Some(code)),
            "{path}: {v}"
        );
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{path}");
    }
    // The documented epoch-millisecond and ISO forms of the GET dates are accepted.
    let (status, v) = send(
        Method::Get,
        "p/operations?page=0&created_from=2024-12-02T00:00:00Z&created_to=1733183999999",
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v["data"]["docs"].as_array().unwrap().len(), 2);
}
