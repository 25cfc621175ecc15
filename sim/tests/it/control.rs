//! The control API, CORS, reset and shutdown.

use reqwest::Method;
use serde_json::json;

use crate::common::{COMMERCE, env, text, token};

#[tokio::test]
async fn cors_preflight_and_headers() {
    let e = env().await;
    for path in [
        "unicomer/api/recaudadores/registrarpago",
        "_sim/state",
        "anything",
    ] {
        let resp = e
            .http
            .request(Method::OPTIONS, format!("{}{path}", e.sim.base_url()))
            .header("origin", "http://localhost:8080")
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 204);
        let h = resp.headers();
        assert_eq!(h["access-control-allow-origin"], "*");
        let allow = h["access-control-allow-headers"].to_str().unwrap();
        for name in [
            "authorization",
            "content-type",
            "x-api-key",
            "x-access-token",
        ] {
            assert!(allow.contains(name), "{allow}");
        }
        assert_eq!(
            h["access-control-allow-methods"],
            "GET, POST, DELETE, OPTIONS"
        );
    }
    assert_eq!(e.sim.unicomer_state().requests["registrarpago"], 0);
    // Ordinary replies (including errors) carry them too.
    let resp = e.http.post(e.url("estadocuenta")).send().await.unwrap();
    assert_eq!(resp.status(), 401);
    assert_eq!(resp.headers()["access-control-allow-origin"], "*");
    let resp = e
        .http
        .get(format!("{}nada", e.sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
    assert_eq!(resp.headers()["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn control_api_over_http() {
    let e = env().await;
    let idtrx = e.pay_ok(700_001, "25.00", "CTL-1").await;

    let (status, state) = e.control(Method::GET, "state", None).await;
    assert_eq!(status, 200);
    let u = &state["unicomer"];
    assert_eq!(u["tokens_issued"], json!(1));
    assert_eq!(u["requests"]["token"], json!(1));
    assert_eq!(u["requests"]["registrarpago"], json!(1));
    assert_eq!(u["requests"]["conciliacion"], json!(0));
    assert_eq!(u["payments"][0]["val_pagado"], "25.00");
    assert_eq!(u["payments"][0]["estado"], json!(0));
    assert_eq!(u["customers"].as_array().unwrap().len(), 4);
    assert_eq!(u["clock"].as_str().unwrap().len(), 19);

    let before = e.sim.unicomer_state().clock;
    let (status, v) = e
        .control(
            Method::POST,
            "clock/advance",
            Some(json!({"seconds": 3600})),
        )
        .await;
    assert_eq!(status, 200);
    assert!(v["clock"].as_str().unwrap() > before.as_str());
    assert_eq!(e.sim.unicomer_state().payments[0].estado, 1);

    let (status, _) = e
        .control(
            Method::POST,
            &format!("unicomer/payments/{idtrx}/state"),
            Some(json!({"estado": 2})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(e.sim.unicomer_state().payments[0].estado, 2);
    // A zombie payment does not count against the debt.
    assert_eq!(
        text(&e.invoice("0900000001", 700_001).await["deuda_tot_conpro"]),
        "569.55"
    );
    let (status, _) = e
        .control(
            Method::POST,
            "unicomer/payments/4242/state",
            Some(json!({"estado": 2})),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = e
        .control(
            Method::POST,
            &format!("unicomer/payments/{idtrx}/state"),
            Some(json!({"estado": 3})),
        )
        .await;
    assert_eq!(status, 400);

    let (status, _) = e
        .control(
            Method::POST,
            "unicomer/customers",
            Some(json!({"cliente": "0900000050", "invoices": [{"id": 990_001, "balance": "150000.00"}, {"id": 990_002, "balance": 12.5}]})),
        )
        .await;
    assert_eq!(status, 200);
    let f = e.invoice("0900000050", 990_002).await;
    assert_eq!(text(&f["deuda_tot_conpro"]), "12.50");
    let (status, _) = e
        .control(
            Method::POST,
            "unicomer/customers",
            Some(json!({"cliente": "x", "invoices": [{"id": 1, "balance": "1.001"}]})),
        )
        .await;
    assert_eq!(status, 400);

    let (status, v) = e
        .control(Method::POST, "unicomer/tokens/expire", None)
        .await;
    assert_eq!((status, v["expired"].clone()), (200, json!(1)));
    let (status, _) = e
        .post(
            "estadocuenta",
            &json!({"cliente": "0900000001", "idcommerce": COMMERCE}),
        )
        .await;
    assert_eq!(status, 401);

    let (status, _) = e.control(Method::GET, "nothing/here", None).await;
    assert_eq!(status, 404);

    let (status, _) = e.control(Method::POST, "reset", None).await;
    assert_eq!(status, 200);
    let s = e.sim.unicomer_state();
    assert!(s.payments.is_empty());
    assert_eq!(s.tokens_issued, 0);
    assert!(s.requests.values().all(|n| *n == 0));
    assert!(s.customers.iter().all(|c| c.cliente != "0900000050"));
    assert!(s.clock.as_str() < v_clock_plus_hour(&before).as_str());
}

/// The clock an hour after `before` (string comparison works on `yyyy-mm-dd hh:mm:ss`).
fn v_clock_plus_hour(before: &str) -> String {
    let t = chrono::NaiveDateTime::parse_from_str(before, "%Y-%m-%d %H:%M:%S").unwrap();
    (t + chrono::TimeDelta::minutes(59))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

#[tokio::test]
async fn reset_restores_seed_state() {
    let mut e = env().await;
    e.pay_ok(700_003, "100.00", "RS-1").await;
    e.sim.arm_fault(recaudo_sim::Fault::unicomer(
        "estadocuenta",
        recaudo_sim::FaultKind::Error500,
    ));
    e.sim
        .add_unicomer_customer("0900000099", vec![(1, rust_decimal::Decimal::ONE)]);
    e.sim.reset();
    let s = e.sim.unicomer_state();
    assert!(s.payments.is_empty());
    assert_eq!(s.customers.len(), 4);
    assert_eq!(s.tokens_issued, 0);
    let inv = &s
        .customers
        .iter()
        .find(|c| c.cliente == "0900000002")
        .unwrap()
        .invoices[0];
    assert_eq!(inv.balance.to_string(), "607.20");
    // Old tokens are gone; the armed fault too; idtrx restarts.
    let (status, _) = e
        .post(
            "estadocuenta",
            &json!({"cliente": "0900000002", "idcommerce": COMMERCE}),
        )
        .await;
    assert_eq!(status, 401);
    e.token = token(&e.http, &e.sim).await;
    assert_eq!(e.statement("0900000002").await["status"], json!(0));
    assert_eq!(e.pay_ok(700_003, "1.00", "RS-1").await, 1001);
}

#[tokio::test]
async fn shutdown_stops_accepting() {
    let e = env().await;
    assert_eq!(e.statement("0900000001").await["status"], json!(0));
    let url = e.sim.base_url();
    e.sim.shutdown();
    // Give the accept loop a moment to close the listener.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let fresh = crate::common::client();
    let result = fresh.get(format!("{url}_sim/state")).send().await;
    assert!(result.is_err(), "{result:?}");
}
