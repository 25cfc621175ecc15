//! The readings' control API, and each Unicomer reading played alone: every value is checked
//! to do its own thing and not the other's.

use recaudo_sim::{READINGS, SimConfig, Simulator};
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{COMMERCE, Env, FCH, client, env_with, num, send};

#[tokio::test]
async fn control_api_reads_sets_refuses_and_resets() {
    let mut config = SimConfig::default();
    config
        .readings
        .set("cooplan.pay_settled", "accepted")
        .unwrap();
    let sim = Simulator::start(config).await.unwrap();
    let http = client();
    let url = format!("{}_sim/readings", sim.base_url());

    let (status, v) = send(&http, Method::GET, &url, &[], None).await;
    assert_eq!(status, 200);
    assert_eq!(v["readings"]["unicomer.consultarpago_key"], "secuencial");
    assert_eq!(v["readings"]["cooplan.pay_settled"], "accepted");
    assert_eq!(
        v["readings"].as_object().unwrap().len(),
        READINGS.len(),
        "{v}"
    );
    let specs = v["specs"].as_array().unwrap();
    assert_eq!(specs.len(), READINGS.len());
    assert_eq!(specs[0]["key"], READINGS[0].key);
    assert_eq!(specs[0]["default"], READINGS[0].default);
    assert!(specs.iter().all(|s| s["document"].is_string()
        && s["meaning"].as_array().unwrap().len() == s["values"].as_array().unwrap().len()));

    // One as {key, value}; several as an object.
    let one = json!({"key": "unicomer.consultarpago_key", "value": "idtrx"});
    let (status, v) = send(&http, Method::POST, &url, &[], Some(&one)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["readings"]["unicomer.consultarpago_key"], "idtrx");
    let several = json!({"zoom.login_path": "loginGenUEWs", "cooplan.auth_header": "autorizacion"});
    let (status, v) = send(&http, Method::POST, &url, &[], Some(&several)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["readings"]["zoom.login_path"], "loginGenUEWs");
    assert_eq!(sim.readings().get("cooplan.auth_header"), "autorizacion");
    assert_eq!(sim.readings().get("unicomer.consultarpago_key"), "idtrx");

    // Anything invalid is a 400 that changes nothing, valid entries beside it included.
    let before = sim.readings();
    for bad in [
        json!({"zoom.login_path": "any_case", "zoom.nope": "x"}),
        json!({"key": "zoom.login_path", "value": "LOGINGENUEWS"}),
        json!({"key": "zoom.login_path", "value": 1}),
        json!({"zoom.login_path": true}),
        json!({}),
        json!([["zoom.login_path", "any_case"]]),
    ] {
        let (status, v) = send(&http, Method::POST, &url, &[], Some(&bad)).await;
        assert_eq!(status, 400, "{bad}");
        assert!(v["error"].is_string(), "{v}");
        assert_eq!(sim.readings(), before, "{bad}");
    }
    let (_, v) = send(
        &http,
        Method::POST,
        &url,
        &[],
        Some(&json!({"unicomer.nope": "x"})),
    )
    .await;
    let error = v["error"].as_str().unwrap();
    assert!(
        error.contains("unicomer.consultarpago_key (secuencial|idtrx)"),
        "{error}"
    );
    let err = sim
        .set_reading("unicomer.conciliacion_date", "dd-mm-yyyy")
        .unwrap_err();
    assert!(err.to_string().contains("year_first, day_first"), "{err}");

    // The state shows them; a reset puts back those given at start, not the defaults.
    let (_, state) = send(
        &http,
        Method::GET,
        &format!("{}_sim/state", sim.base_url()),
        &[],
        None,
    )
    .await;
    assert_eq!(state["readings"]["zoom.login_path"], "loginGenUEWs");
    let (status, _) = send(
        &http,
        Method::POST,
        &format!("{}_sim/reset", sim.base_url()),
        &[],
        None,
    )
    .await;
    assert_eq!(status, 200);
    let r = sim.readings();
    assert_eq!(r.get("unicomer.consultarpago_key"), "secuencial");
    assert_eq!(r.get("zoom.login_path"), "any_case");
    assert_eq!(r.get("cooplan.pay_settled"), "accepted");
    sim.set_reading("cooplan.pay_settled", "refused").unwrap();
    sim.reset();
    assert_eq!(sim.readings().get("cooplan.pay_settled"), "accepted");
}

fn key_json(secuencial: i64, amount: &str) -> Value {
    json!({
        "secuencial": secuencial,
        "idcommerce": COMMERCE,
        "fch_proceso": FCH,
        "val_pagado": num(amount),
    })
}

/// consultarpago's `data` for a lookup key.
async fn consult(e: &Env, secuencial: i64, amount: &str) -> Value {
    let (status, v) = e.post("consultarpago", &key_json(secuencial, amount)).await;
    assert_eq!((status, v["status"].clone()), (200, json!(0)), "{v}");
    v["data"].clone()
}

#[tokio::test]
async fn consultarpago_key_secuencial_finds_by_invoice_only() {
    let e = env_with(&[("unicomer.consultarpago_key", "secuencial")]).await;
    let idtrx = e.pay_ok(700_002, "79.95", "KEY-S").await;
    let found = consult(&e, 700_002, "79.95").await;
    assert_eq!(
        (found["idtrx"].as_i64(), found["cod_status"].as_i64()),
        (Some(idtrx), Some(0))
    );
    let by_idtrx = consult(&e, idtrx, "79.95").await;
    assert_eq!(by_idtrx["cod_status"], json!(-1));
    assert_eq!(by_idtrx["det_status"], "No existe");
}

#[tokio::test]
async fn consultarpago_key_idtrx_finds_by_idtrx_only() {
    let e = env_with(&[("unicomer.consultarpago_key", "idtrx")]).await;
    let idtrx = e.pay_ok(700_002, "79.95", "KEY-I").await;
    let by_invoice = consult(&e, 700_002, "79.95").await;
    assert_eq!(
        by_invoice,
        json!({"idtrx": 0, "cod_status": -1, "det_status": "No existe", "num_recibo": ""})
    );
    let found = consult(&e, idtrx, "79.95").await;
    assert_eq!(
        (found["idtrx"].as_i64(), found["cod_status"].as_i64()),
        (Some(idtrx), Some(0))
    );
    assert_eq!(found["num_recibo"], "KEY-I");
    // Still keyed by date and amount too.
    assert_eq!(consult(&e, idtrx, "79.94").await["cod_status"], json!(-1));
}

#[tokio::test]
async fn consultarpago_num_recibo_filled_or_empty() {
    let e = env_with(&[("unicomer.consultarpago_num_recibo", "filled")]).await;
    e.pay_ok(700_002, "10.00", "REC-F").await;
    assert_eq!(consult(&e, 700_002, "10.00").await["num_recibo"], "REC-F");

    let e = env_with(&[("unicomer.consultarpago_num_recibo", "empty")]).await;
    let idtrx = e.pay_ok(700_002, "10.00", "REC-E").await;
    let found = consult(&e, 700_002, "10.00").await;
    assert_eq!(found["idtrx"].as_i64(), Some(idtrx));
    assert_eq!(found["num_recibo"], "");
}

#[tokio::test]
async fn duplicate_receipt_refused() {
    let e = env_with(&[("unicomer.duplicate_receipt", "refused")]).await;
    e.pay_ok(700_002, "10.00", "DUP-1").await;
    let v = e.pay(700_002, "11.00", "DUP-1").await;
    assert_eq!(v["status"], "451", "{v}");
    assert!(v["msg"].as_str().unwrap().contains("duplicado"), "{v}");
    assert_eq!(e.sim.unicomer_state().payments.len(), 1);
}

#[tokio::test]
async fn duplicate_receipt_accepted() {
    let e = env_with(&[("unicomer.duplicate_receipt", "accepted")]).await;
    let first = e.pay_ok(700_002, "10.00", "DUP-1").await;
    let second = e.pay_ok(700_002, "10.00", "DUP-1").await;
    assert_ne!(first, second);
    let payments = e.sim.unicomer_state().payments;
    assert_eq!(payments.len(), 2);
    assert!(payments.iter().all(|p| p.num_recibo == "DUP-1"));
    // Both count against the debt (639.60 - 20.00).
    assert_eq!(
        crate::common::text(&e.invoice("0900000001", 700_002).await["deuda_tot_conpro"]),
        "619.60"
    );
}

#[tokio::test]
async fn estadocuenta_empty_array() {
    let e = env_with(&[("unicomer.estadocuenta_empty", "array")]).await;
    let v = e.statement("0900000004").await;
    assert_eq!(v["status"], json!(0), "{v}");
    let ec = &v["data"]["estado_cuenta"];
    assert_eq!(
        (ec["facturas"].clone(), ec["telefonos"].clone()),
        (json!([]), json!([]))
    );
    assert_eq!(ec["datosCliente"]["cl_cedruc"], "0900000004");
}

#[tokio::test]
async fn estadocuenta_empty_null() {
    let e = env_with(&[("unicomer.estadocuenta_empty", "null")]).await;
    let ec = e.statement("0900000004").await["data"]["estado_cuenta"].clone();
    assert!(ec.get("facturas").is_some_and(Value::is_null), "{ec}");
    assert!(ec.get("telefonos").is_some_and(Value::is_null), "{ec}");
    // Lists that are not empty stay lists.
    let full = e.statement("0900000001").await["data"]["estado_cuenta"].clone();
    assert_eq!(full["facturas"].as_array().unwrap().len(), 2);
    assert_eq!(full["telefonos"].as_array().unwrap().len(), 1);
}

/// conciliacion for `fecha` (all states).
async fn reconcile(e: &Env, fecha: &str) -> Value {
    let (status, v) = e
        .post(
            "conciliacion",
            &json!({"fecha": fecha, "idcommerce": COMMERCE, "estado": 0}),
        )
        .await;
    assert_eq!(status, 200);
    v
}

fn assert_invalid_date(v: &Value) {
    assert_eq!(v["status"], "451", "{v}");
    assert!(
        v["msg"].as_str().unwrap().contains("Fecha no válida"),
        "{v}"
    );
    assert!(
        v.get("data").is_none(),
        "an error, never an empty list: {v}"
    );
}

#[tokio::test]
async fn conciliacion_date_year_first() {
    let e = env_with(&[("unicomer.conciliacion_date", "year_first")]).await;
    let idtrx = e.pay_ok(700_002, "10.00", "CD-Y").await;
    let v = reconcile(&e, "2024-07-15").await;
    assert_eq!(v["data"][0]["idtrx"].as_i64(), Some(idtrx), "{v}");
    assert_invalid_date(&reconcile(&e, "15-07-2024").await);
}

#[tokio::test]
async fn conciliacion_date_day_first() {
    let e = env_with(&[("unicomer.conciliacion_date", "day_first")]).await;
    let idtrx = e.pay_ok(700_002, "10.00", "CD-D").await;
    let v = reconcile(&e, "15-07-2024").await;
    assert_eq!(v["data"][0]["idtrx"].as_i64(), Some(idtrx), "{v}");
    assert_invalid_date(&reconcile(&e, "2024-07-15").await);
}

#[tokio::test]
async fn a_reading_changed_at_run_time_applies_to_the_next_request() {
    let e = env_with(&[]).await;
    e.pay_ok(700_002, "10.00", "RT-1").await;
    assert_eq!(consult(&e, 700_002, "10.00").await["cod_status"], json!(0));
    e.sim
        .set_reading("unicomer.consultarpago_key", "idtrx")
        .unwrap();
    assert_eq!(consult(&e, 700_002, "10.00").await["cod_status"], json!(-1));
}
