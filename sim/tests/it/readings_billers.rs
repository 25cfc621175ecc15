//! Each Zoom, Unicobros and Cooplan reading played alone, over HTTP: every value does its own
//! thing and not the other's.

use recaudo_sim::unicobros::UnicobrosOperation;
use recaudo_sim::{CooplanSimConfig, Simulator, UnicobrosSimConfig, ZoomSimConfig};
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::common::{client, post_json, send, sim_with};

// ---- Zoom ----

/// LoginGenUEWs under this spelling of its path; the reply's envelope.
async fn zoom_login(sim: &Simulator, path: &str) -> Value {
    let c = ZoomSimConfig::default();
    let body = json!({"login": c.login, "claveenc": c.password});
    let (status, v) = post_json(&client(), &format!("{}{path}", sim.zoom_url()), &body).await;
    assert_eq!(status, 200);
    v
}

pub(crate) async fn zoom_token(sim: &Simulator) -> String {
    let v = zoom_login(sim, "LoginGenUEWs").await;
    v["entidadRespuesta"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token: {v}"))
        .to_owned()
}

/// A transfer payment without documents.
pub(crate) async fn create_pago(sim: &Simulator, token: &str, referencia: &str) -> Value {
    let body = json!({
        "token": token,
        "idempresa": 1,
        "codusuario": ZoomSimConfig::default().codusuario,
        "idtipotransbanc": 24,
        "idcuentabanco": 213,
        "referencia": referencia,
        "rifcipagador": "V-12345678",
        "nombrepagador": "PAGADOR DE PRUEBA",
        "emailpagador": "pagador@recaudo.test",
        "tipousuario": "GE",
        "fechapago": "2024-07-15",
        "montoTotal": "100.00",
    });
    let (status, v) = post_json(&client(), &format!("{}createPagoWs", sim.zoom_url()), &body).await;
    assert_eq!(status, 200);
    v
}

#[tokio::test]
async fn zoom_duplicate_referencia_accepted() {
    let sim = sim_with(&[("zoom.duplicate_referencia", "accepted")]).await;
    let token = zoom_token(&sim).await;
    for _ in 0..2 {
        let v = create_pago(&sim, &token, "REF-DUP-1").await;
        assert_eq!(v["codrespuesta"], "COD_001", "{v}");
    }
    assert_eq!(sim.zoom_state().payments.len(), 2);
}

#[tokio::test]
async fn zoom_duplicate_referencia_refused() {
    let sim = sim_with(&[("zoom.duplicate_referencia", "refused")]).await;
    let token = zoom_token(&sim).await;
    assert_eq!(
        create_pago(&sim, &token, "REF-DUP-1").await["codrespuesta"],
        "COD_001"
    );
    let v = create_pago(&sim, &token, "REF-DUP-1").await;
    assert_eq!(v["codrespuesta"], "CODE_002", "{v}");
    assert_eq!(
        v["entidadRespuesta"],
        json!({"referencia": ["El campo referencia ya ha sido registrado."]})
    );
    assert_eq!(
        create_pago(&sim, &token, "REF-DUP-2").await["codrespuesta"],
        "COD_001"
    );
    let refs: Vec<String> = sim
        .zoom_state()
        .payments
        .into_iter()
        .map(|p| p.referencia)
        .collect();
    assert_eq!(refs, ["REF-DUP-1", "REF-DUP-2"]);
}

fn logged_in(v: &Value) -> bool {
    v["codrespuesta"] == "COD_000" && v["entidadRespuesta"]["token"].is_string()
}

fn not_found(v: &Value) -> bool {
    v["codrespuesta"] == "CODE_003" && v["entidadRespuesta"]["tipoError"] == "NotFoundHttpException"
}

#[tokio::test]
async fn zoom_login_path_any_case() {
    let sim = sim_with(&[("zoom.login_path", "any_case")]).await;
    for path in ["LoginGenUEWs", "loginGenUEWs", "logingenuews"] {
        let v = zoom_login(&sim, path).await;
        assert!(logged_in(&v), "{path}: {v}");
    }
}

#[tokio::test]
async fn zoom_login_path_upper_camel_only() {
    let sim = sim_with(&[("zoom.login_path", "LoginGenUEWs")]).await;
    assert!(logged_in(&zoom_login(&sim, "LoginGenUEWs").await));
    for path in ["loginGenUEWs", "logingenuews"] {
        let v = zoom_login(&sim, path).await;
        assert!(not_found(&v), "{path}: {v}");
    }
    let state = sim.zoom_state();
    assert_eq!(
        (state.tokens_issued, state.requests["unknown_service"]),
        (1, 2)
    );
}

#[tokio::test]
async fn zoom_login_path_lower_camel_only() {
    let sim = sim_with(&[("zoom.login_path", "loginGenUEWs")]).await;
    assert!(logged_in(&zoom_login(&sim, "loginGenUEWs").await));
    for path in ["LoginGenUEWs", "LOGINGENUEWS"] {
        let v = zoom_login(&sim, path).await;
        assert!(not_found(&v), "{path}: {v}");
    }
    assert_eq!(sim.zoom_state().tokens_issued, 1);
}

// ---- Unicobros ----

const SIBLINGS: &str = "REF-HERMANOS-0001";

/// The statuses of the coupons under a reference, as `GET 2.0/transactions/coupons/{ref}`
/// shows them.
async fn coupon_statuses(sim: &Simulator, reference: &str) -> Vec<String> {
    let c = UnicobrosSimConfig::default();
    let (status, v) = send(
        &client(),
        Method::GET,
        &format!(
            "{}2.0/transactions/coupons/{reference}",
            sim.unicobros_url()
        ),
        &[
            ("x-api-key", &c.api_key),
            ("x-access-token", &c.access_token),
        ],
        None,
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let mut statuses: Vec<String> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap().to_owned())
        .collect();
    statuses.sort();
    statuses
}

async fn pay_pending_over_http(sim: &Simulator, reference: &str) -> (u16, Value) {
    send(
        &client(),
        Method::POST,
        &format!(
            "{}_sim/unicobros/references/{reference}/pay_pending",
            sim.base_url()
        ),
        &[],
        None,
    )
    .await
}

#[tokio::test]
async fn unicobros_reference_guard_refused() {
    let sim = sim_with(&[("unicobros.reference_guard", "refused")]).await;
    assert_eq!(coupon_statuses(&sim, SIBLINGS).await, ["2", "200"]);
    let (status, v) = pay_pending_over_http(&sim, SIBLINGS).await;
    assert_eq!(status, 409, "{v}");
    assert!(v["error"].as_str().unwrap().contains("duplicate reference"));
    assert!(sim.pay_unicobros_pending(SIBLINGS).is_err());
    assert_eq!(coupon_statuses(&sim, SIBLINGS).await, ["2", "200"]);
    // The same guard for a paid coupon added under a paid reference.
    let op = UnicobrosOperation::new("REF-PAGADA-0001", Decimal::ONE, "ARS", "200");
    assert!(sim.add_unicobros_operation(op).is_err());
    // A reference with nothing paid may be paid later.
    assert!(sim.pay_unicobros_pending("REF-PENDIENTE-0001").is_ok());
}

#[tokio::test]
async fn unicobros_reference_guard_none() {
    let sim = sim_with(&[("unicobros.reference_guard", "none")]).await;
    let (status, v) = pay_pending_over_http(&sim, SIBLINGS).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "200");
    assert_eq!(coupon_statuses(&sim, SIBLINGS).await, ["200", "200"]);
    assert_eq!(sim.unicobros_state().paid_with_reference(SIBLINGS), 2);
    // Nothing left waiting.
    let (status, _) = pay_pending_over_http(&sim, SIBLINGS).await;
    assert_eq!(status, 404);
    let op = UnicobrosOperation::new("REF-PAGADA-0001", Decimal::ONE, "ARS", "200");
    assert!(sim.add_unicobros_operation(op).is_ok());
    assert_eq!(
        sim.unicobros_state().paid_with_reference("REF-PAGADA-0001"),
        2
    );
}

// ---- Cooplan ----

/// A Cooplan simulator's token.
pub(crate) async fn cooplan_token(sim: &Simulator) -> String {
    let c = CooplanSimConfig::default();
    let body = json!({"CodSeguridad": c.cod_seguridad, "Login": c.login, "Pwd": c.pwd});
    let (status, v) = post_json(&client(), &format!("{}api/token", sim.cooplan_url()), &body).await;
    assert_eq!(status, 200);
    v["values"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("no token: {v}"))
        .to_owned()
}

/// POSTs to a Cooplan service with the token in `header`.
async fn cooplan_with(
    sim: &Simulator,
    header: &str,
    token: &str,
    service: &str,
    body: &Value,
) -> (u16, Value) {
    let bearer = format!("Bearer {token}");
    send(
        &client(),
        Method::POST,
        &format!("{}api/{service}", sim.cooplan_url()),
        &[(header, &bearer)],
        Some(body),
    )
    .await
}

/// POSTs to a Cooplan service with the token in `autorizacion` (read under every reading
/// but `authorization`, which these tests do not set).
pub(crate) async fn cooplan(sim: &Simulator, token: &str, service: &str, body: &Value) -> Value {
    let (status, v) = cooplan_with(sim, "autorizacion", token, service, body).await;
    assert_eq!(status, 200, "{v}");
    v
}

fn debts_of(contrato: &str) -> Value {
    json!({"Contrato": contrato})
}

pub(crate) fn first_debt() -> Value {
    json!({"IdFactura": 5_000_001, "Periodo": "202110", "Contrato": "1001", "Monto": "136.76", "IdAsociado": "90001"})
}

#[tokio::test]
async fn cooplan_auth_header_any() {
    let sim = sim_with(&[("cooplan.auth_header", "any")]).await;
    let token = cooplan_token(&sim).await;
    for header in ["Authorization", "autorizacion"] {
        let (status, v) =
            cooplan_with(&sim, header, &token, "consultardeuda", &debts_of("1001")).await;
        assert_eq!(
            (status, v["error"].clone()),
            (200, json!(0)),
            "{header}: {v}"
        );
    }
}

#[tokio::test]
async fn cooplan_auth_header_autorizacion_only() {
    let sim = sim_with(&[("cooplan.auth_header", "autorizacion")]).await;
    let token = cooplan_token(&sim).await;
    let (status, v) = cooplan_with(
        &sim,
        "autorizacion",
        &token,
        "consultardeuda",
        &debts_of("1001"),
    )
    .await;
    assert_eq!((status, v["error"].clone()), (200, json!(0)), "{v}");
    let (status, v) = cooplan_with(
        &sim,
        "Authorization",
        &token,
        "consultardeuda",
        &debts_of("1001"),
    )
    .await;
    assert_eq!((status, v["error"].clone()), (401, json!(401)), "{v}");
}

#[tokio::test]
async fn cooplan_auth_header_authorization_only() {
    let sim = sim_with(&[("cooplan.auth_header", "authorization")]).await;
    let token = cooplan_token(&sim).await;
    let (status, v) = cooplan_with(
        &sim,
        "Authorization",
        &token,
        "consultardeuda",
        &debts_of("1001"),
    )
    .await;
    assert_eq!((status, v["error"].clone()), (200, json!(0)), "{v}");
    let (status, v) = cooplan_with(
        &sim,
        "autorizacion",
        &token,
        "consultardeuda",
        &debts_of("1001"),
    )
    .await;
    assert_eq!((status, v["error"].clone()), (401, json!(401)), "{v}");
}

/// Pays the first seeded debt; the reply's `values`.
async fn pay_first_debt(sim: &Simulator, token: &str) -> Value {
    let v = cooplan(sim, token, "realizarpago", &first_debt()).await;
    assert_eq!(v["error"], json!(0), "{v}");
    v["values"].clone()
}

/// Today in Bolivia, as reportecobranzas takes it.
fn bolivia_today(sim: &Simulator) -> String {
    sim.cooplan_state().clock[..10].to_owned()
}

#[tokio::test]
async fn cooplan_reporte_values_list() {
    let sim = sim_with(&[("cooplan.reporte_values", "list")]).await;
    let token = cooplan_token(&sim).await;
    pay_first_debt(&sim, &token).await;
    let v = cooplan(
        &sim,
        &token,
        "reportecobranzas",
        &json!({"Fecha": bolivia_today(&sim)}),
    )
    .await;
    let rows = v["values"].as_array().unwrap_or_else(|| panic!("{v}"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["IdFactura"], json!(5_000_001));
}

#[tokio::test]
async fn cooplan_reporte_values_string() {
    let sim = sim_with(&[("cooplan.reporte_values", "string")]).await;
    let token = cooplan_token(&sim).await;
    pay_first_debt(&sim, &token).await;
    let v = cooplan(
        &sim,
        &token,
        "reportecobranzas",
        &json!({"Fecha": bolivia_today(&sim)}),
    )
    .await;
    assert_eq!(v["values"], "Transacción realizada con éxito", "{v}");
    assert!(sim.cooplan_state().report_as_text);
}

#[tokio::test]
async fn cooplan_deuda_values_list() {
    let sim = sim_with(&[("cooplan.deuda_values", "list")]).await;
    let token = cooplan_token(&sim).await;
    let values = |v: Value| v["values"].clone();
    assert_eq!(
        values(cooplan(&sim, &token, "consultardeuda", &debts_of("1003")).await),
        json!([])
    );
    let one = values(cooplan(&sim, &token, "consultardeuda", &debts_of("1002")).await);
    assert_eq!(one.as_array().map(Vec::len), Some(1), "{one}");
    let two = values(cooplan(&sim, &token, "consultardeuda", &debts_of("1001")).await);
    assert_eq!(two.as_array().map(Vec::len), Some(2), "{two}");
}

#[tokio::test]
async fn cooplan_deuda_values_compact() {
    let sim = sim_with(&[("cooplan.deuda_values", "compact")]).await;
    let token = cooplan_token(&sim).await;
    let values = |v: Value| v["values"].clone();
    assert_eq!(
        values(cooplan(&sim, &token, "consultardeuda", &debts_of("1003")).await),
        json!("")
    );
    let one = values(cooplan(&sim, &token, "consultardeuda", &debts_of("1002")).await);
    assert!(one.is_object(), "{one}");
    assert_eq!(one["factura"], json!(5_000_003));
    assert_eq!(one["montoTotal"], "98.40");
    let two = values(cooplan(&sim, &token, "consultardeuda", &debts_of("1001")).await);
    assert_eq!(two.as_array().map(Vec::len), Some(2), "{two}");
}

/// Checks the form of `IdCobranza` in realizarpago's reply and the report's rows, and that
/// imprimirfactura and revertirpago take it as text and as a number.
async fn check_id_cobranza(reading: &str, is_expected_form: fn(&Value) -> bool) {
    let sim = sim_with(&[("cooplan.id_cobranza", reading)]).await;
    let token = cooplan_token(&sim).await;
    let paid = pay_first_debt(&sim, &token).await;
    let id = &paid["IdCobranza"];
    assert!(is_expected_form(id), "{reading}: {paid}");
    let id_text = crate::common::text(id);
    assert_eq!(id_text, "4200001");
    let report = cooplan(
        &sim,
        &token,
        "reportecobranzas",
        &json!({"Fecha": bolivia_today(&sim)}),
    )
    .await;
    assert!(
        is_expected_form(&report["values"][0]["IdCobranza"]),
        "{report}"
    );

    let as_number: i64 = id_text.parse().unwrap();
    for id in [json!(id_text), json!(as_number)] {
        let v = cooplan(
            &sim,
            &token,
            "imprimirfactura",
            &json!({"IdFactura": 5_000_001, "IdCobranza": id}),
        )
        .await;
        assert_eq!(v["error"], json!(0), "{v}");
    }
    assert_eq!(sim.cooplan_state().collections[0].prints, 2);
    let v = cooplan(
        &sim,
        &token,
        "revertirpago",
        &json!({"IdFactura": 5_000_001, "IdCobranza": as_number}),
    )
    .await;
    assert_eq!(v["error"], json!(0), "{v}");
    // Paid again and reversed by its text form.
    let again = pay_first_debt(&sim, &token).await;
    let v = cooplan(
        &sim,
        &token,
        "revertirpago",
        &json!({"IdFactura": 5_000_001, "IdCobranza": crate::common::text(&again["IdCobranza"])}),
    )
    .await;
    assert_eq!(v["error"], json!(0), "{v}");
}

#[tokio::test]
async fn cooplan_id_cobranza_text() {
    check_id_cobranza("text", Value::is_string).await;
}

#[tokio::test]
async fn cooplan_id_cobranza_number() {
    check_id_cobranza("number", Value::is_number).await;
}

#[tokio::test]
async fn cooplan_pay_settled_refused() {
    let sim = sim_with(&[("cooplan.pay_settled", "refused")]).await;
    let token = cooplan_token(&sim).await;
    pay_first_debt(&sim, &token).await;
    let v = cooplan(&sim, &token, "realizarpago", &first_debt()).await;
    assert_eq!(
        (v["error"].clone(), v["status"].clone()),
        (json!(1), json!(0)),
        "{v}"
    );
    assert!(
        v["message"].as_str().unwrap().contains("no está pendiente"),
        "{v}"
    );
    assert_eq!(sim.cooplan_state().collections.len(), 1);
}

#[tokio::test]
async fn cooplan_pay_settled_accepted() {
    let sim = sim_with(&[("cooplan.pay_settled", "accepted")]).await;
    let token = cooplan_token(&sim).await;
    let first = pay_first_debt(&sim, &token).await;
    let second = pay_first_debt(&sim, &token).await;
    assert_ne!(first["IdCobranza"], second["IdCobranza"]);
    let state = sim.cooplan_state();
    assert_eq!(state.collections.len(), 2);
    assert_eq!(state.collections_in_effect(5_000_001, "202110"), 2);
}
