//! Each fault kind, through the Rust API and the control API.

use std::time::{Duration, Instant};

use recaudo_sim::{Fault, FaultKind};
use reqwest::Method;
use serde_json::json;

use crate::common::{Env, env, parse};

/// Sends a registrarpago and returns the raw outcome (no assertion on success).
async fn raw_pay(e: &Env, recibo: &str) -> Result<(u16, String), reqwest::Error> {
    let resp = e
        .http
        .post(e.url("registrarpago"))
        .bearer_auth(&e.token)
        .header("content-type", "application/json")
        .body(crate::common::body_text(&Env::payment_body(
            700_002, "10.00", recibo,
        )))
        .send()
        .await?;
    let status = resp.status().as_u16();
    Ok((status, resp.text().await?))
}

/// The request was sent and the connection closed without a single byte of response
/// (hyper's "connection closed before message completed"), not a refused connection.
fn assert_dropped(err: &reqwest::Error) {
    assert!(
        err.is_request() && !err.is_connect() && !err.is_timeout(),
        "{err:?}"
    );
    assert!(format!("{err:?}").contains("IncompleteMessage"), "{err:?}");
}

#[tokio::test]
async fn drop_before_commit_is_a_connection_error_and_no_payment() {
    let e = env().await;
    e.sim.arm_fault(Fault::unicomer(
        "registrarpago",
        FaultKind::DropBeforeCommit,
    ));
    let err = raw_pay(&e, "DBC-1")
        .await
        .expect_err("no response expected");
    assert_dropped(&err);
    let state = e.sim.unicomer_state();
    assert!(state.payments.is_empty());
    assert_eq!(state.requests["registrarpago"], 1);
    // Consumed: the next one goes through.
    assert_eq!(e.pay_ok(700_002, "10.00", "DBC-1").await, 1001);
}

#[tokio::test]
async fn drop_after_commit_is_a_connection_error_with_exactly_one_payment() {
    let e = env().await;
    e.sim
        .arm_fault(Fault::unicomer("registrarpago", FaultKind::DropAfterCommit));
    let err = raw_pay(&e, "DAC-1")
        .await
        .expect_err("no response expected");
    assert_dropped(&err);
    let state = e.sim.unicomer_state();
    assert_eq!(state.payments.len(), 1);
    assert_eq!(state.payments[0].num_recibo, "DAC-1");
    // The safe-payment path: ask, find it registered, and a blind resend is a duplicate.
    let (_, v) = e
        .post(
            "consultarpago",
            &json!({"secuencial": 700_002, "idcommerce": "EMPTEST", "fch_proceso": crate::common::FCH, "val_pagado": crate::common::num("10.00")}),
        )
        .await;
    assert_eq!(v["data"]["cod_status"], json!(0));
    assert_eq!(e.pay(700_002, "10.00", "DAC-1").await["status"], "451");
    assert_eq!(e.sim.unicomer_state().payments.len(), 1);
}

#[tokio::test]
async fn truncated_json_error_500_and_delay() {
    let e = env().await;
    e.sim
        .arm_fault(Fault::unicomer("registrarpago", FaultKind::TruncatedJson));
    let (status, body) = raw_pay(&e, "TR-1").await.unwrap();
    assert_eq!(status, 200);
    assert!(!body.is_empty());
    assert!(
        serde_json::from_str::<serde_json::Value>(&body).is_err(),
        "{body}"
    );
    assert_eq!(
        e.sim.unicomer_state().payments.len(),
        1,
        "processed before truncating"
    );

    e.sim
        .arm_fault(Fault::unicomer("registrarpago", FaultKind::Error500));
    let (status, body) = raw_pay(&e, "E500-1").await.unwrap();
    assert_eq!(status, 500);
    assert_eq!(parse(&body), json!({"Message": "An error has occurred."}));
    assert_eq!(e.sim.unicomer_state().payments.len(), 1, "not processed");

    e.sim.arm_fault(Fault::unicomer(
        "estadocuenta",
        FaultKind::Delay { ms: 300 },
    ));
    let started = Instant::now();
    let v = e.statement("0900000001").await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(v["status"], json!(0));
    let started = Instant::now();
    e.statement("0900000001").await;
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "delay consumed"
    );
}

#[tokio::test]
async fn faults_count_uses_and_arm_over_http() {
    let e = env().await;
    e.sim
        .arm_fault(Fault::unicomer("token", FaultKind::Error500).times(2));
    let url = format!("{}token", e.sim.unicomer_url());
    let form = [
        ("username", crate::common::USER),
        ("password", crate::common::PASSWORD),
        ("grant_type", "password"),
    ];
    for expected in [500, 500, 200] {
        let resp = e.http.post(&url).form(&form).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), expected);
    }

    let (status, v) = e
        .control(
            Method::POST,
            "faults",
            Some(json!({"biller": "unicomer", "endpoint": "conciliacion", "kind": "delay", "delay_ms": 1, "times": 3})),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (_, state) = e.control(Method::GET, "state", None).await;
    assert_eq!(state["faults"][0]["kind"], "delay");
    assert_eq!(state["faults"][0]["times"], json!(3));
    let (status, _) = e.control(Method::DELETE, "faults", None).await;
    assert_eq!(status, 200);
    let (_, state) = e.control(Method::GET, "state", None).await;
    assert_eq!(state["faults"], json!([]));

    let (status, v) = e
        .control(
            Method::POST,
            "faults",
            Some(json!({"biller": "unicomer", "endpoint": "registrarpago", "kind": "drop_after_commit"})),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_dropped(&raw_pay(&e, "HTTP-1").await.expect_err("dropped"));
    assert_eq!(e.sim.unicomer_state().payments.len(), 1);

    for bad in [
        json!({"biller": "unicomer", "endpoint": "registrar", "kind": "error_500"}),
        json!({"biller": "nadie", "endpoint": "token", "kind": "error_500"}),
        json!({"biller": "unicomer", "endpoint": "token", "kind": "explode"}),
        json!({"biller": "unicomer", "endpoint": "token", "kind": "delay"}),
    ] {
        let (status, v) = e.control(Method::POST, "faults", Some(bad.clone())).await;
        assert_eq!(status, 400, "{bad}");
        assert!(v["error"].is_string());
    }
    assert!(
        e.sim
            .try_arm_fault(Fault::unicomer("nope", FaultKind::Error500))
            .is_err()
    );
}

/// A registrarpago that the biller commits late: the client times out, nothing is there when
/// it looks right after, and the payment appears once the delay has passed.
#[tokio::test]
async fn late_commit_lands_after_the_client_gave_up() {
    let e = env().await;
    e.sim.arm_fault(Fault::unicomer(
        "registrarpago",
        FaultKind::LateCommit { ms: 800 },
    ));
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = impatient
        .post(e.url("registrarpago"))
        .bearer_auth(&e.token)
        .header("content-type", "application/json")
        .body(crate::common::body_text(&Env::payment_body(
            700_002, "10.00", "LATE-1",
        )))
        .send()
        .await
        .expect_err("the client gives up first");
    assert!(err.is_timeout(), "{err:?}");
    drop(impatient);
    // Checked right after the timeout: not there, over HTTP and in the state.
    let (_, v) = e
        .post(
            "consultarpago",
            &json!({"secuencial": 700_002, "idcommerce": "EMPTEST", "fch_proceso": crate::common::FCH, "val_pagado": crate::common::num("10.00")}),
        )
        .await;
    assert_eq!(v["data"]["cod_status"], json!(-1), "{v}");
    assert!(e.sim.unicomer_state().payments.is_empty());
    // Committed once the delay has passed, although nobody listens any more.
    let deadline = started + Duration::from_secs(5);
    while e.sim.unicomer_state().payments.is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(started.elapsed() >= Duration::from_millis(800));
    let payments = e.sim.unicomer_state().payments;
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].num_recibo, "LATE-1");
}

#[tokio::test]
async fn late_commit_answers_a_patient_client_and_arms_over_http() {
    let e = env().await;
    let (status, v) = e
        .control(
            Method::POST,
            "faults",
            Some(json!({"biller": "unicomer", "endpoint": "registrarpago", "kind": "late_commit", "delay_ms": 300})),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["armed"]["delay_ms"], json!(300));
    let started = Instant::now();
    assert_eq!(e.pay_ok(700_002, "10.00", "LATE-2").await, 1001);
    assert!(started.elapsed() >= Duration::from_millis(300));
    for bad in [
        json!({"biller": "unicomer", "endpoint": "token", "kind": "late_commit"}),
        json!({"biller": "unicomer", "endpoint": "token", "kind": "commit_then_error", "status": 42}),
    ] {
        let (status, _) = e.control(Method::POST, "faults", Some(bad.clone())).await;
        assert_eq!(status, 400, "{bad}");
    }
}

fn fault(biller: &str, endpoint: &str, kind: FaultKind) -> Fault {
    Fault {
        biller: biller.to_owned(),
        endpoint: endpoint.to_owned(),
        kind,
        times: 1,
    }
}

/// Each biller's own error body arrives (with the asked status) and the state changed.
#[tokio::test]
async fn commit_then_error_answers_the_billers_error_after_committing() {
    let e = env().await;
    e.sim.arm_fault(Fault::unicomer(
        "registrarpago",
        FaultKind::CommitThenError { status: 200 },
    ));
    let (status, body) = raw_pay(&e, "CTE-1").await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        parse(&body),
        json!({"status": "133", "msg": "error interno"})
    );
    assert_eq!(e.sim.unicomer_state().payments.len(), 1);

    let token = crate::readings_billers::zoom_token(&e.sim).await;
    e.sim.arm_fault(fault(
        "zoom",
        "createPagoWs",
        FaultKind::CommitThenError { status: 200 },
    ));
    let v = crate::readings_billers::create_pago(&e.sim, &token, "CTE-Z").await;
    assert_eq!(
        v,
        json!({"codrespuesta": "CODE_003", "mensaje": "ERROR EN LA LLAMADA AL SERVICIO", "entidadRespuesta": {"tipoError": "QueryException", "info": "error"}})
    );
    assert_eq!(e.sim.zoom_state().payments.len(), 1);

    let token = crate::readings_billers::cooplan_token(&e.sim).await;
    let (status, v) = e
        .control(
            Method::POST,
            "faults",
            Some(json!({"biller": "cooplan", "endpoint": "realizarpago", "kind": "commit_then_error", "status": 500})),
        )
        .await;
    assert_eq!(
        (status, v["armed"]["status"].clone()),
        (200, json!(500)),
        "{v}"
    );
    let resp = e
        .http
        .post(format!("{}api/realizarpago", e.sim.cooplan_url()))
        .header("autorizacion", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(crate::common::body_text(
            &crate::readings_billers::first_debt(),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 500);
    assert_eq!(
        parse(&resp.text().await.unwrap()),
        json!({"error": 1, "status": 0, "message": "Error interno", "messageMostrar": 0, "messageSistema": "error", "values": ""})
    );
    assert_eq!(e.sim.cooplan_state().collections.len(), 1);

    e.sim.arm_fault(fault(
        "unicobros",
        "coupons",
        FaultKind::CommitThenError { status: 503 },
    ));
    let c = recaudo_sim::UnicobrosSimConfig::default();
    let (status, v) = crate::common::send(
        &e.http,
        Method::GET,
        &format!(
            "{}2.0/transactions/coupons/REF-PAGADA-0001",
            e.sim.unicobros_url()
        ),
        &[
            ("x-api-key", &c.api_key),
            ("x-access-token", &c.access_token),
        ],
        None,
    )
    .await;
    assert_eq!(
        (status, v),
        (503, json!({"result": false, "error": "internal error"}))
    );
    assert_eq!(e.sim.unicobros_state().requests_to("coupons"), 1);
}
