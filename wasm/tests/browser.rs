//! The browser channel in a real headless Chromium (wasm-bindgen-test), against the simulator
//! over HTTP: every biller's lookup, pay (with a lost reply recovered), status, reverse, typed
//! errors, timeouts, the merchant-backend set-up with no credential on the page, and no secret
//! on the console.
//!
//! Everything goes through the JS surface (`Collector` and its promises) and back through
//! serde, exactly as a page sees it. `cargo xtask wasm-test` starts `recaudo sim` and passes its
//! URL at compile time in `RECAUDO_SIM_URL` (a wasm test cannot read the environment at run
//! time). Each test makes its own customers and debts through the simulator's control API, so
//! the tests do not depend on one another.
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Reflect};
use recaudo_core::Outcome;
use recaudo_core::collection::{PaymentResult, ReversalResult, Settlement, StateKind, Statement};
use recaudo_wasm::JsCollector;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SESSION: &str = "sesion-de-prueba";

fn sim() -> &'static str {
    match option_env!("RECAUDO_SIM_URL") {
        Some(url) => url,
        None => panic!("build with RECAUDO_SIM_URL=http://127.0.0.1:PORT/ (cargo xtask wasm-test)"),
    }
}

/// A unique suffix, so receipts and ids never repeat across tests or runs on one simulator.
fn unique() -> String {
    let n = js_sys::Date::now() as u64;
    let r = (js_sys::Math::random() * 1_000_000.0) as u64;
    format!("{}{:06}", n % 10_000_000, r)
}

/// A plain JS object, as a page would write it.
fn js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).expect("valid JSON")
}

/// The simulator that keeps connections alive (see `browser_resend_on_a_reused_connection`).
fn keep_alive_sim() -> &'static str {
    match option_env!("RECAUDO_SIM_KEEP_ALIVE_URL") {
        Some(url) => url,
        None => panic!("build with RECAUDO_SIM_KEEP_ALIVE_URL (cargo xtask wasm-test)"),
    }
}

/// The simulator's control API, over fetch.
async fn control(method: &str, path: &str, body: Option<Value>) -> Value {
    control_at(sim(), method, path, body).await
}

async fn control_at(base: &str, method: &str, path: &str, body: Option<Value>) -> Value {
    use gloo_net::http::{Method, RequestBuilder};
    let method = if method == "GET" {
        Method::GET
    } else if method == "DELETE" {
        Method::DELETE
    } else {
        Method::POST
    };
    let builder = RequestBuilder::new(&format!("{base}_sim/{path}")).method(method);
    let request = match body {
        Some(b) => builder
            .header("content-type", "application/json")
            .body(b.to_string())
            .unwrap(),
        None => builder.build().unwrap(),
    };
    let response = request.send().await.expect("simulator reachable");
    let text = response.text().await.unwrap();
    assert!(response.ok(), "control {path}: {text}");
    serde_json::from_str(&text).unwrap()
}

async fn state(biller: &str) -> Value {
    control("GET", "state", None).await[biller].clone()
}

async fn arm(biller: &str, endpoint: &str, kind: &str, extra: Value) {
    let mut fault = json!({"biller": biller, "endpoint": endpoint, "kind": kind, "times": 1});
    if let (Value::Object(f), Value::Object(e)) = (&mut fault, extra) {
        f.extend(e);
    }
    control("POST", "faults", Some(fault)).await;
}

/// Test timings: a short timeout, quick retries, no settle delay (the simulator commits before
/// it drops a reply).
fn connection(path: &str) -> Value {
    json!({"baseUrl": format!("{}{path}", sim()), "timeoutMs": 2000, "retryDelayMs": 10,
           "settleDelayMs": 10})
}

fn unicomer_with(connection: Value, password: &str) -> Result<JsCollector, JsValue> {
    let options = json!({"biller": "unicomer", "connection": connection,
                         "username": "cajero@recaudo.test",
                         "password": password, "commerce": "EMPTEST"});
    JsCollector::connect(js(&options).unchecked_into(), None)
}

fn unicomer() -> JsCollector {
    unicomer_with(connection("unicomer/"), "fake-password-123").unwrap()
}

fn zoom() -> JsCollector {
    let options = json!({"biller": "zoom", "connection": connection("zoom/"),
                         "login": "recaudador@recaudo.test", "password": "clave-de-prueba-123"});
    JsCollector::connect(js(&options).unchecked_into(), None).unwrap()
}

fn cooplan() -> JsCollector {
    let options = json!({"biller": "cooplan", "connection": connection("cooplan/"),
                         "codSeguridad": "codseg-de-prueba",
                         "login": "recaudador-de-prueba", "pwd": "pwd-de-prueba"});
    JsCollector::connect(js(&options).unchecked_into(), None).unwrap()
}

fn unicobros() -> JsCollector {
    let options = json!({"biller": "unicobros", "connection": connection("unicobros/"),
                         "apiKey": "api-key-de-prueba",
                         "accessToken": "access-token-de-prueba"});
    JsCollector::connect(js(&options).unchecked_into(), None).unwrap()
}

/// A promise's value in a core type, or the value it was rejected with.
async fn resolve<T: DeserializeOwned>(promise: js_sys::Promise) -> Result<T, JsValue> {
    let value = JsFuture::from(promise).await?;
    Ok(decode(value))
}

/// A result as the page sees it, decoded into the core type: its fields must be camelCase (the
/// JS surface's one casing), which are then renamed back to the core's names.
fn decode<T: DeserializeOwned>(value: JsValue) -> T {
    assert_camel_case(&value, "result");
    serde_wasm_bindgen::from_value(recaudo_wasm::convert::snake_keys(value))
        .expect("the declared shape")
}

/// No `_` in any field name of `value`, except inside the biller's own maps (`details`,
/// `extra`), whose keys are data.
fn assert_camel_case(value: &JsValue, path: &str) {
    if let Some(list) = value.dyn_ref::<js_sys::Array>() {
        for (i, item) in list.iter().enumerate() {
            assert_camel_case(&item, &format!("{path}[{i}]"));
        }
    } else if value.is_object() {
        let object: &js_sys::Object = value.unchecked_ref();
        for key in js_sys::Object::keys(object).iter() {
            let key = key.as_string().unwrap();
            assert!(
                !key.contains('_'),
                "a snake_case field on the JS surface: {path}.{key}"
            );
            if key != "details" && key != "extra" {
                let inner = Reflect::get(value, &JsValue::from_str(&key)).unwrap();
                assert_camel_case(&inner, &format!("{path}.{key}"));
            }
        }
    }
}

/// A rejection's `code`, after checking it is a `RecaudoError`.
fn code(error: &JsValue) -> String {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "an Error: {error:?}"
    );
    let name = Reflect::get(error, &"name".into()).unwrap().as_string();
    assert_eq!(name.as_deref(), Some("RecaudoError"));
    Reflect::get(error, &"code".into())
        .unwrap()
        .as_string()
        .expect("a code")
}

fn field(error: &JsValue, name: &str) -> JsValue {
    Reflect::get(error, &name.into()).unwrap()
}

fn request(debt_id: &str, amount: &str, receipt: &str) -> Value {
    json!({"debt_id": debt_id, "amount": amount, "receipt": receipt, "cashier": "CAJA1",
           "location": "WEB"})
}

fn zoom_request(nro: &str, amount: &str, receipt: &str) -> Value {
    let mut r = request(&format!("guide:{nro}"), amount, receipt);
    r["payer"] = json!({"id": "V-00000001", "name": "CLIENTE DE PRUEBA",
                        "email": "cliente@example.test"});
    r["extra"] = json!({"bank_account": "213"});
    r
}

async fn new_unicomer_customer(balance: &str) -> (String, i64) {
    let cliente = format!("09{}", &unique()[..8]);
    let invoice: i64 = unique()[..9].parse().unwrap();
    control(
        "POST",
        "unicomer/customers",
        Some(json!({"cliente": cliente, "invoices": [{"id": invoice, "balance": balance}]})),
    )
    .await;
    (cliente, invoice)
}

async fn new_cooplan_contract(monto: &str) -> String {
    let u = unique();
    let contrato = format!("7{}", &u[..6]);
    let factura: i64 = format!("8{}", &u[..7]).parse().unwrap();
    control(
        "POST",
        "cooplan/contracts",
        Some(json!({"contrato": contrato, "id_asociado": 95001,
                    "debts": [{"factura": factura, "periodo": "202401", "monto": monto}]})),
    )
    .await;
    contrato
}

async fn new_zoom_guide(amount: &str) -> String {
    let nro = format!("3{}", &unique()[..9]);
    control(
        "POST",
        "zoom/documents",
        Some(json!({"tipoDoc": 1, "nroDoc": nro, "montodoc": amount})),
    )
    .await;
    nro
}

fn count(list: &Value, key: &str, value: &Value) -> usize {
    list.as_array()
        .map(|a| a.iter().filter(|p| &p[key] == value).count())
        .unwrap_or(0)
}

#[wasm_bindgen_test]
async fn unicomer_every_step() {
    let c = unicomer();
    assert_eq!(
        c.biller().unchecked_into::<JsValue>().as_string().unwrap(),
        "unicomer"
    );
    assert_eq!(
        c.currency()
            .unchecked_into::<JsValue>()
            .as_string()
            .unwrap(),
        "USD"
    );
    let (cliente, invoice) = new_unicomer_customer("250.00").await;
    let statement: Statement = resolve(c.lookup(cliente.clone())).await.unwrap();
    assert_eq!(statement.debts.len(), 1);
    let debt = &statement.debts[0];
    assert_eq!(debt.debt_id, invoice.to_string());
    assert_eq!(debt.balance.amount_text(), "250.00");

    let receipt = format!("W-{}", unique());
    let req = request(&debt.debt_id, "40.10", &receipt);
    let paid: PaymentResult = resolve(c.pay(js(&req).unchecked_into())).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    assert_eq!(paid.reference.amount.to_string(), "40.10");
    assert!(!paid.recovered);

    let reference = js(&serde_json::to_value(&paid.reference).unwrap());
    let status: Value = resolve(c.status(reference.clone().unchecked_into()))
        .await
        .unwrap();
    assert_eq!(status["state"]["kind"], "registered", "{status}");

    let reversed: ReversalResult = resolve(c.reverse(reference.unchecked_into()))
        .await
        .unwrap();
    assert_eq!(reversed.outcome, Outcome::Confirmed, "{reversed:?}");

    let day = paid.reference.paid_at.date().format("%Y-%m-%d").to_string();
    let settlements: Vec<Settlement> = resolve(c.settlements(day)).await.unwrap();
    assert!(
        settlements
            .iter()
            .any(|s| s.receipt.as_deref() == Some(receipt.as_str())
                || s.payment_id == paid.reference.payment_id.clone().unwrap_or_default())
    );

    let caps: Value = decode(c.capabilities().unwrap().into());
    assert_eq!(caps["steps"].as_array().map(Vec::len), Some(5), "{caps}");
    assert_eq!(caps["recovery"], "exact_key");
}

#[wasm_bindgen_test]
async fn unicomer_lost_reply_is_recovered_and_paid_once() {
    let c = unicomer();
    let (cliente, _) = new_unicomer_customer("300.00").await;
    let statement: Statement = resolve(c.lookup(cliente)).await.unwrap();
    let receipt = format!("W-LOST-{}", unique());
    arm("unicomer", "registrarpago", "drop_after_commit", json!({})).await;
    let req = request(&statement.debts[0].debt_id, "12.34", &receipt);
    let paid: PaymentResult = resolve(c.pay(js(&req).unchecked_into())).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    assert!(paid.recovered, "{paid:?}");
    assert_eq!(paid.sends, 1);
    let payments = &state("unicomer").await["payments"];
    assert_eq!(
        count(payments, "num_recibo", &json!(receipt)),
        1,
        "{payments}"
    );
}

/// Against a server that keeps connections alive, a payment whose connection closes after the
/// biller committed is resent *by Chromium itself* when the connection was a reused one; the
/// page only sees the copy's answer, Unicomer's "duplicate receipt" refusal. recaudo checks that
/// refusal with `consultarpago`, finds its own receipt and confirms the payment: one payment,
/// never a false rejection (which would invite the cashier to pay again).
#[wasm_bindgen_test]
async fn browser_resend_on_a_reused_connection_is_confirmed_once() {
    let base = keep_alive_sim();
    let options = json!({"biller": "unicomer",
                         "connection": {"baseUrl": format!("{base}unicomer/"), "timeoutMs": 2000,
                         "retryDelayMs": 10, "settleDelayMs": 10},
                         "username": "cajero@recaudo.test", "password": "fake-password-123",
                         "commerce": "EMPTEST"});
    let c = JsCollector::connect(js(&options).unchecked_into(), None).unwrap();
    let cliente = format!("09{}", &unique()[..8]);
    let invoice: i64 = unique()[..9].parse().unwrap();
    control_at(
        base,
        "POST",
        "unicomer/customers",
        Some(json!({"cliente": cliente, "invoices": [{"id": invoice, "balance": "80.00"}]})),
    )
    .await;
    // The lookup leaves an idle keep-alive connection for the payment to reuse.
    let statement: Statement = resolve(c.lookup(cliente)).await.unwrap();
    let receipt = format!("W-KA-{}", unique());
    control_at(
        base,
        "POST",
        "faults",
        Some(json!({"biller": "unicomer", "endpoint": "registrarpago",
                    "kind": "drop_after_commit", "times": 1})),
    )
    .await;
    let req = request(&statement.debts[0].debt_id, "5.55", &receipt);
    let paid: PaymentResult = resolve(c.pay(js(&req).unchecked_into())).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    assert!(paid.recovered && paid.rejection.is_none(), "{paid:?}");
    let unicomer = &control_at(base, "GET", "state", None).await["unicomer"];
    assert_eq!(
        count(&unicomer["payments"], "num_recibo", &json!(receipt)),
        1,
        "{unicomer}"
    );
    // Whether Chromium resent it (2 requests) or the loss surfaced directly (1), the payment
    // was made once and confirmed.
    console_log!(
        "registrarpago requests seen by the keep-alive simulator: {}",
        unicomer["requests"]["registrarpago"]
    );
}

/// A payment whose reply outlasts the timeout may have reached the biller: the fetch transport
/// says so (`MaybeDelivered`) and recovery asks the biller instead of sending it again.
#[wasm_bindgen_test]
async fn unicomer_payment_timeout_is_recovered_not_resent() {
    let mut conn = connection("unicomer/");
    conn["timeoutMs"] = json!(300);
    let c = unicomer_with(conn, "fake-password-123").unwrap();
    let (cliente, _) = new_unicomer_customer("90.00").await;
    let statement: Statement = resolve(c.lookup(cliente)).await.unwrap();
    let receipt = format!("W-SLOW-{}", unique());
    arm(
        "unicomer",
        "registrarpago",
        "delay",
        json!({"delay_ms": 1500}),
    )
    .await;
    let req = request(&statement.debts[0].debt_id, "9.99", &receipt);
    let paid: PaymentResult = resolve(c.pay(js(&req).unchecked_into())).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    assert!(paid.recovered, "{paid:?}");
    assert_eq!(paid.sends, 1, "never resent: {paid:?}");
    let payments = &state("unicomer").await["payments"];
    assert_eq!(
        count(payments, "num_recibo", &json!(receipt)),
        1,
        "{payments}"
    );
}

#[wasm_bindgen_test]
async fn zoom_every_step_and_lost_reply() {
    let c = zoom();
    let nro = new_zoom_guide("900.00").await;
    let statement: Statement = resolve(c.lookup(nro.clone())).await.unwrap();
    assert_eq!(statement.debts[0].debt_id, format!("guide:{nro}"));
    assert_eq!(statement.debts[0].amount_due.currency.code(), "VES");

    let receipt = format!("ZW{}", unique());
    let req = zoom_request(&nro, "100.00", &receipt);
    let paid: PaymentResult = resolve(c.pay(js(&req).unchecked_into())).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    let reference = js(&serde_json::to_value(&paid.reference).unwrap());
    let status: Value = resolve(c.status(reference.clone().unchecked_into()))
        .await
        .unwrap();
    assert_eq!(status["state"]["kind"], "registered", "{status}");
    let err = resolve::<Value>(c.reverse(reference.unchecked_into()))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "unsupported");

    let lost = format!("ZL{}", unique());
    arm("zoom", "createPagoWs", "drop_after_commit", json!({})).await;
    let req = zoom_request(&nro, "50.00", &lost);
    let paid: PaymentResult = resolve(c.pay(js(&req).unchecked_into())).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    assert!(paid.recovered);
    let payments = &state("zoom").await["payments"];
    assert_eq!(count(payments, "referencia", &json!(lost)), 1, "{payments}");
}

#[wasm_bindgen_test]
async fn cooplan_every_step_and_lost_reply() {
    let c = cooplan();
    let contrato = new_cooplan_contract("120.50").await;
    let statement: Statement = resolve(c.lookup(contrato.clone())).await.unwrap();
    let debt = &statement.debts[0];
    assert_eq!(debt.amount_due.amount_text(), "120.50");

    let receipt = format!("CW{}", unique());
    arm("cooplan", "realizarpago", "drop_after_commit", json!({})).await;
    let req = request(&debt.debt_id, "120.50", &receipt);
    let paid: PaymentResult = resolve(c.pay(js(&req).unchecked_into())).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    assert!(paid.recovered, "{paid:?}");
    let factura: i64 = debt.debt_id.split(':').next().unwrap().parse().unwrap();
    let collections = &state("cooplan").await["collections"];
    assert_eq!(
        count(collections, "id_factura", &json!(factura)),
        1,
        "{collections}"
    );

    let reference = js(&serde_json::to_value(&paid.reference).unwrap());
    let status: Value = resolve(c.status(reference.clone().unchecked_into()))
        .await
        .unwrap();
    assert_eq!(status["state"]["kind"], "registered", "{status}");
    let reversed: ReversalResult = resolve(c.reverse(reference.unchecked_into()))
        .await
        .unwrap();
    assert_eq!(reversed.outcome, Outcome::Confirmed, "{reversed:?}");
    let again: Statement = resolve(c.lookup(contrato)).await.unwrap();
    assert_eq!(again.debts.len(), 1, "pending again once reversed");
}

#[wasm_bindgen_test]
async fn unicobros_status_and_unsupported_steps() {
    let c = unicobros();
    let reference = json!({"debtId": "", "paymentId": null, "receipt": "REF-PAGADA-0001",
                           "amount": "15000.00", "paidAt": "2024-12-02T10:00:00"});
    let status: Value = resolve(c.status(js(&reference).unchecked_into()))
        .await
        .unwrap();
    assert_eq!(
        status["state"]["kind"],
        json!(StateKind::Settled),
        "{status}"
    );
    assert!(status["payment_id"].is_string());
    let err = resolve::<Value>(c.lookup("x".into())).await.unwrap_err();
    assert_eq!(code(&err), "unsupported");
    let err = resolve::<Value>(c.reverse(js(&reference).unchecked_into()))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "unsupported");
}

#[wasm_bindgen_test]
async fn bad_input_is_a_typed_error_before_anything_is_sent() {
    let c = unicomer();
    let before = state("unicomer").await["payments"].as_array().map(Vec::len);
    for (amount, expected) in [
        (json!("12,50"), "invalid_amount"),
        (json!("abc"), "invalid_amount"),
        (json!("0"), "invalid_amount"),
        (json!("1.234"), "invalid_amount"),
        (json!(12.5), "invalid_input"),
        (Value::Null, "invalid_input"),
    ] {
        let mut req = request("700001", "1.00", "W-BAD");
        req["amount"] = amount.clone();
        let err = resolve::<Value>(c.pay(js(&req).unchecked_into()))
            .await
            .unwrap_err();
        assert_eq!(code(&err), expected, "amount {amount}");
        assert_eq!(field(&err, "mayHaveReachedBiller"), JsValue::FALSE);
    }
    let err = resolve::<Value>(c.pay(js(&json!({"debtId": "700001"})).unchecked_into()))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "invalid_input", "a missing amount");
    let err = resolve::<Value>(c.pay(JsValue::from_str("nope").unchecked_into()))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "invalid_input");
    let err = resolve::<Value>(c.settlements("23/11/2026".into()))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "invalid_input");
    let after = state("unicomer").await["payments"].as_array().map(Vec::len);
    assert_eq!(before, after, "nothing was paid");

    // A bad option is thrown by the constructor, typed too.
    let err = unicomer_with(json!({"baseUrl": "http://biller.example/"}), "x")
        .err()
        .unwrap();
    assert_eq!(code(&err), "insecure_url");
    let err = JsCollector::connect(
        js(&json!({"biller": "zoom", "login": 1})).unchecked_into(),
        None,
    )
    .err()
    .unwrap();
    assert_eq!(code(&err), "invalid_input");
    // The biller is data: a tag this build does not know, no tag, or no object at all is
    // refused like any other bad option.
    for (options, says) in [
        (
            json!({"biller": "nobody", "connection": connection("unicomer/")}),
            "unknown biller `nobody`",
        ),
        (
            json!({"connection": connection("unicomer/"), "username": "u", "password": "p",
                   "commerce": "C"}),
            "missing field `biller`",
        ),
        (json!("unicomer"), "expected an object"),
        (
            json!({"biller": "unicomer", "connection": connection("unicomer/")}),
            "missing field `username`",
        ),
    ] {
        let err = JsCollector::connect(js(&options).unchecked_into(), None)
            .err()
            .unwrap();
        assert_eq!(code(&err), "invalid_input", "{options}");
        let message = field(&err, "message").as_string().unwrap();
        assert!(message.contains(says), "{options}: {message}");
        assert!(
            !message.contains("Error: "),
            "no JS error prefix: {message}"
        );
    }
}

#[wasm_bindgen_test]
async fn auth_failure_and_biller_refusal_are_typed() {
    let c = unicomer_with(connection("unicomer/"), "wrong-password").unwrap();
    let err = resolve::<Value>(c.lookup("0900000001".into()))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "auth");
    assert_eq!(field(&err, "httpStatus").as_f64(), Some(400.0));

    let err = resolve::<Value>(unicomer().lookup("0999999999".into()))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "biller");
    assert_eq!(
        field(&err, "billerCode").as_string().as_deref(),
        Some("451")
    );
    assert!(field(&err, "billerMessage").as_string().is_some());
}

#[wasm_bindgen_test]
async fn a_slow_biller_times_out_with_a_typed_error() {
    let mut conn = connection("unicomer/");
    conn["timeoutMs"] = json!(300);
    conn["retryAttempts"] = json!(1);
    let c = unicomer_with(conn, "fake-password-123").unwrap();
    // Get a token first, so the delay hits the lookup itself.
    let (cliente, _) = new_unicomer_customer("10.00").await;
    resolve::<Statement>(c.lookup(cliente.clone()))
        .await
        .unwrap();
    arm(
        "unicomer",
        "estadocuenta",
        "delay",
        json!({"delay_ms": 1500}),
    )
    .await;
    let started = js_sys::Date::now();
    let err = resolve::<Value>(c.lookup(cliente)).await.unwrap_err();
    let waited = js_sys::Date::now() - started;
    assert_eq!(code(&err), "timeout");
    assert_eq!(field(&err, "mayHaveReachedBiller"), JsValue::TRUE);
    assert!(
        waited < 1400.0,
        "aborted at the timeout, not after the reply ({waited} ms)"
    );
}

fn browser(callback: Option<&str>) -> Option<recaudo_wasm::collector::BrowserOptions> {
    let object = js_sys::Object::new();
    if let Some(body) = callback {
        Reflect::set(&object, &"headers".into(), &Function::new_no_args(body)).unwrap();
    }
    Some(object.unchecked_into())
}

#[wasm_bindgen_test]
async fn a_page_without_credentials_pays_through_the_merchant_backend() {
    let with_session = format!("return Promise.resolve({{'x-merchant-session': '{SESSION}'}});");
    // The page holds placeholders only; the backend fills in the real credentials.
    let options = json!({"biller": "unicomer", "connection": connection("merchant/unicomer/"),
                         "username": "via-backend", "password": "via-backend",
                         "commerce": "EMPTEST"});
    let c =
        JsCollector::connect(js(&options).unchecked_into(), browser(Some(&with_session))).unwrap();
    let (cliente, _) = new_unicomer_customer("80.00").await;
    let statement: Statement = resolve(c.lookup(cliente.clone())).await.unwrap();
    let receipt = format!("W-MB-{}", unique());
    let req = request(&statement.debts[0].debt_id, "80.00", &receipt);
    let paid: PaymentResult = resolve(c.pay(js(&req).unchecked_into())).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    let payments = &state("unicomer").await["payments"];
    assert_eq!(count(payments, "num_recibo", &json!(receipt)), 1);

    // Unicobros' static keys are headers: the backend puts them in too.
    let options = json!({"biller": "unicobros", "connection": connection("merchant/unicobros/"),
                         "apiKey": "via-backend", "accessToken": "via-backend"});
    let sync_session = format!("return {{'x-merchant-session': '{SESSION}'}};");
    let u =
        JsCollector::connect(js(&options).unchecked_into(), browser(Some(&sync_session))).unwrap();
    let reference = json!({"debtId": "", "paymentId": null, "receipt": "REF-PAGADA-0001",
                           "amount": "15000.00", "paidAt": "2024-12-02T10:00:00"});
    let status: Value = resolve(u.status(js(&reference).unchecked_into()))
        .await
        .unwrap();
    assert_eq!(status["state"]["kind"], "settled");

    // Without the session the backend forwards nothing.
    let c =
        JsCollector::connect(js(&options_for_unicomer_backend()).unchecked_into(), None).unwrap();
    let err = resolve::<Value>(c.lookup(cliente)).await.unwrap_err();
    assert_eq!(field(&err, "httpStatus").as_f64(), Some(401.0), "{err:?}");

    // A callback that throws stops the request before fetch: certainly not sent.
    let c = JsCollector::connect(
        js(&options_for_unicomer_backend()).unchecked_into(),
        browser(Some("throw new Error('no session');")),
    )
    .unwrap();
    let err = resolve::<Value>(c.lookup("0900000001".into()))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "network");
    assert_eq!(field(&err, "mayHaveReachedBiller"), JsValue::FALSE);
}

fn options_for_unicomer_backend() -> Value {
    json!({"biller": "unicomer", "connection": connection("merchant/unicomer/"),
           "username": "via-backend", "password": "via-backend", "commerce": "EMPTEST"})
}

#[wasm_bindgen_test]
async fn no_secret_reaches_the_console_or_an_error() {
    // Record everything written to the console while a failing and a succeeding flow run.
    let spy = Function::new_no_args(
        "const seen = []; globalThis.__recaudoSeen = seen;
         for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
           const orig = console[k];
           console[k] = (...args) => { seen.push(args.map(String).join(' ')); orig.apply(console, args); };
         }
         return seen;",
    );
    let seen: js_sys::Array = spy.call0(&JsValue::NULL).unwrap().unchecked_into();
    let planted = "planted-secret-7f3a9";
    let c = unicomer_with(connection("unicomer/"), planted).unwrap();
    let err = resolve::<Value>(c.lookup("0900000001".into()))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "auth");
    let shown = js_sys::JSON::stringify(&err).unwrap().as_string().unwrap();
    let message = field(&err, "message").as_string().unwrap();
    let stack = field(&err, "stack").as_string().unwrap_or_default();
    for text in [&shown, &message, &stack] {
        assert!(!text.contains(planted), "{text}");
    }
    let options = json!({"biller": "cooplan", "connection": connection("cooplan/"),
                         "codSeguridad": planted,
                         "login": "recaudador-de-prueba", "pwd": planted});
    let c = JsCollector::connect(js(&options).unchecked_into(), None).unwrap();
    let err = resolve::<Value>(c.lookup("1001".into())).await.unwrap_err();
    assert!(
        !field(&err, "message")
            .as_string()
            .unwrap()
            .contains(planted)
    );
    // A password given as a number by mistake is refused without quoting it.
    let options = json!({"biller": "unicomer", "connection": connection("unicomer/"),
                         "username": "u",
                         "password": 987654321, "commerce": "EMPTEST"});
    let err = JsCollector::connect(js(&options).unchecked_into(), None)
        .err()
        .unwrap();
    assert_eq!(code(&err), "invalid_input");
    assert!(
        !field(&err, "message")
            .as_string()
            .unwrap()
            .contains("987654321")
    );
    let good = unicomer();
    let _: Statement = resolve(good.lookup("0900000002".into())).await.unwrap();
    let logged: Vec<String> = seen.iter().filter_map(|v| v.as_string()).collect();
    assert!(
        logged
            .iter()
            .all(|line| !line.contains(planted) && !line.contains("fake-password-123")),
        "{logged:?}"
    );
}

// The payment journal. The journal contract itself (round trip, torn write, concurrent claim,
// unsaved outcome) runs from the page over IndexedDbJournal and a page-written journal in
// `tests/journal-contract.mjs` (driven by e2e.mjs); these cover the adapter's edges.

fn with_journal(journal: &JsValue) -> Option<recaudo_wasm::collector::BrowserOptions> {
    let object = js_sys::Object::new();
    Reflect::set(&object, &"journal".into(), journal).unwrap();
    Some(object.unchecked_into())
}

/// A journal written in JS by the page: a `Map` of JSON texts, no claim.
fn map_journal() -> JsValue {
    Function::new_no_args(
        "const m = new Map(); const k = (b, r) => JSON.stringify([b, r]);
         return { save: async (b, r, e) => { m.set(k(b, r), e); },
                  get: async (b, r) => m.get(k(b, r)) ?? null,
                  entries: async () => [...m.values()] };",
    )
    .call0(&JsValue::NULL)
    .unwrap()
}

/// Calls a journal method and awaits its promise.
async fn journal_call(journal: &JsValue, method: &str, args: &[&str]) -> JsValue {
    let f: Function = Reflect::get(journal, &method.into())
        .unwrap()
        .unchecked_into();
    let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
    let promise: js_sys::Promise = f.apply(journal, &args).unwrap().unchecked_into();
    JsFuture::from(promise).await.unwrap()
}

/// `resume()`/`review()`'s `Resumed` objects as (receipt, result, error code).
async fn settled(promise: js_sys::Promise) -> Vec<(String, Option<PaymentResult>, Option<String>)> {
    let list: js_sys::Array = JsFuture::from(promise).await.unwrap().unchecked_into();
    list.iter()
        .map(|item| {
            let receipt = field(&item, "receipt").as_string().unwrap();
            let result = field(&item, "result");
            let result = (!result.is_null()).then(|| decode(result));
            let error = field(&item, "error");
            let error = (!error.is_null()).then(|| code(&error));
            (receipt, result, error)
        })
        .collect()
}

fn zoom_with(
    connection: Value,
    browser: Option<recaudo_wasm::collector::BrowserOptions>,
) -> JsCollector {
    let options = json!({"biller": "zoom", "connection": connection,
                         "login": "recaudador@recaudo.test", "password": "clave-de-prueba-123"});
    JsCollector::connect(js(&options).unchecked_into(), browser).unwrap()
}

#[wasm_bindgen_test]
async fn a_journal_without_the_interface_is_refused() {
    let options = json!({"biller": "zoom", "connection": connection("zoom/"),
                         "login": "recaudador@recaudo.test", "password": "clave-de-prueba-123"});
    for journal in [
        JsValue::from_str("indexeddb"),
        js_sys::Object::new().into(),
        Function::new_no_args("return { save() {}, get() {} };")
            .call0(&JsValue::NULL)
            .unwrap(),
        Function::new_no_args("return { save() {}, get() {}, entries() {}, claim: 1 };")
            .call0(&JsValue::NULL)
            .unwrap(),
    ] {
        let err = JsCollector::connect(js(&options).unchecked_into(), with_journal(&journal))
            .err()
            .unwrap();
        assert_eq!(code(&err), "invalid_input");
        let message = field(&err, "message").as_string().unwrap();
        assert!(message.contains("journal"), "{message}");
    }
}

/// Without a journal, payments are journaled in memory: the receipt is still the payment's
/// identity in the page, so two calls at once send once and a repeat returns the outcome.
#[wasm_bindgen_test]
async fn without_a_journal_a_receipt_is_paid_once_in_the_page() {
    let c = zoom();
    let nro = new_zoom_guide("300.00").await;
    let receipt = format!("ZM{}", unique());
    let req = js(&zoom_request(&nro, "20.00", &receipt));
    arm("zoom", "createPagoWs", "delay", json!({"delay_ms": 500})).await;
    let before = state("zoom").await["requests"]["createPagoWs"]
        .as_u64()
        .unwrap();
    let (a, b) = futures::join!(
        resolve::<PaymentResult>(c.pay(req.clone().unchecked_into())),
        resolve::<PaymentResult>(c.pay(req.clone().unchecked_into())),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.outcome, Outcome::Confirmed, "{a:?}");
    assert_eq!(a, b);
    let zoom = state("zoom").await;
    assert_eq!(
        zoom["requests"]["createPagoWs"].as_u64().unwrap() - before,
        1
    );
    assert_eq!(count(&zoom["payments"], "referencia", &json!(receipt)), 1);
    let other = js(&zoom_request(&nro, "21.00", &receipt));
    let err = resolve::<Value>(c.pay(other.unchecked_into()))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "invalid_input");
}

/// A payment an earlier page left in flight (its intent and first send written, then the page
/// gone) is settled by `resume()` over the page's own journal: asked, not sent again.
#[wasm_bindgen_test]
async fn resume_settles_what_an_earlier_page_left_in_flight() {
    use recaudo_core::collection::{BillerId, EntryStatus, JournalEntry, PaymentRequest};
    let nro = new_zoom_guide("250.00").await;
    let receipt = format!("ZR{}", unique());
    // The earlier page: the payment reached Zoom; its outcome never reached the journal.
    let paid: PaymentResult =
        resolve(zoom().pay(js(&zoom_request(&nro, "30.00", &receipt)).unchecked_into()))
            .await
            .unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed);
    let mut request: PaymentRequest =
        serde_json::from_value(zoom_request(&nro, "30.00", &receipt)).unwrap();
    request.paid_at = Some(paid.reference.paid_at);
    let at = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64 - 5000).unwrap();
    let entry = JournalEntry {
        biller: BillerId::Zoom,
        request,
        status: EntryStatus::InFlight,
        sends: 1,
        result: None,
        reversal: None,
        error: None,
        recorded_at: at,
        updated_at: at,
    };
    let journal = map_journal();
    let text = serde_json::to_string(&entry).unwrap();
    journal_call(&journal, "save", &["zoom", &receipt, &text]).await;

    let c = zoom_with(connection("zoom/"), with_journal(&journal));
    let before = state("zoom").await["requests"]["createPagoWs"]
        .as_u64()
        .unwrap();
    let done = settled(c.resume()).await;
    assert_eq!(done.len(), 1, "{done:?}");
    let (got, result, error) = &done[0];
    assert_eq!((got, error), (&receipt, &None));
    let result = result.as_ref().unwrap();
    assert_eq!(result.outcome, Outcome::Confirmed, "{result:?}");
    assert!(result.recovered && result.sends == 1, "{result:?}");
    assert_eq!(result.reference.payment_id, paid.reference.payment_id);
    let stored = journal_call(&journal, "get", &["zoom", &receipt]).await;
    assert!(
        stored
            .as_string()
            .unwrap()
            .contains("\"status\":\"resolved\"")
    );
    let zoom = state("zoom").await;
    assert_eq!(
        zoom["requests"]["createPagoWs"].as_u64().unwrap(),
        before,
        "not sent again"
    );
    assert_eq!(count(&zoom["payments"], "referencia", &json!(receipt)), 1);
    assert!(settled(c.resume()).await.is_empty(), "settled once");
}

/// Zoom documents no duplicate guard: a payment whose reply was lost and that Zoom does not
/// show yet needs review, never a resend. It lands late; `review()` asks again and confirms it.
#[wasm_bindgen_test]
async fn review_confirms_a_payment_that_landed_late() {
    let mut conn = connection("zoom/");
    conn["timeoutMs"] = json!(300);
    let c = zoom_with(conn, None);
    let nro = new_zoom_guide("200.00").await;
    let _: Statement = resolve(c.lookup(nro.clone())).await.unwrap();
    let receipt = format!("ZV{}", unique());
    arm(
        "zoom",
        "createPagoWs",
        "late_commit",
        json!({"delay_ms": 4000}),
    )
    .await;
    let paid: PaymentResult =
        resolve(c.pay(js(&zoom_request(&nro, "15.00", &receipt)).unchecked_into()))
            .await
            .unwrap();
    assert_eq!(paid.outcome, Outcome::NeedsReview, "{paid:?}");
    assert_eq!(paid.sends, 1);
    // Wait for the late landing.
    for _ in 0..100 {
        if count(
            &state("zoom").await["payments"],
            "referencia",
            &json!(receipt),
        ) == 1
        {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(100).await;
    }
    let done = settled(c.review()).await;
    assert_eq!(done.len(), 1, "{done:?}");
    let result = done[0].1.as_ref().expect("settled");
    assert_eq!(result.outcome, Outcome::Confirmed, "{result:?}");
    assert_eq!(result.sends, 1, "never resent");
    assert!(
        settled(c.review()).await.is_empty(),
        "nothing left for review"
    );
    let zoom = state("zoom").await;
    assert_eq!(count(&zoom["payments"], "referencia", &json!(receipt)), 1);
}

/// `collector.<biller>()`: the biller's services object, through the JS surface (`call`).
fn services(collector: &JsValue, biller: &str) -> JsValue {
    let accessor: Function = Reflect::get(collector, &biller.into())
        .unwrap()
        .unchecked_into();
    accessor.call0(collector).unwrap()
}

/// `services.call(request)`, as a page calls it.
async fn call_service(services: &JsValue, request: JsValue) -> Result<Value, JsValue> {
    let call: Function = Reflect::get(services, &"call".into())
        .unwrap()
        .unchecked_into();
    let promise: js_sys::Promise = call.call1(services, &request).unwrap().unchecked_into();
    let value = JsFuture::from(promise).await?;
    assert_camel_case(&value, "reply");
    Ok(serde_wasm_bindgen::from_value(value).unwrap())
}

#[wasm_bindgen_test]
async fn each_biller_has_its_services_object_and_no_other() {
    let collectors: [(&str, JsValue); 4] = [
        ("unicomer", unicomer().into()),
        ("zoom", zoom().into()),
        ("cooplan", cooplan().into()),
        ("unicobros", unicobros().into()),
    ];
    for (biller, collector) in &collectors {
        for (other, _) in &collectors {
            let object = services(collector, other);
            if biller == other {
                assert!(object.is_object(), "{biller}.{other}() is an object");
                let name = Reflect::get(
                    &Reflect::get(&object, &"constructor".into()).unwrap(),
                    &"name".into(),
                )
                .unwrap();
                assert_eq!(name.as_string().as_deref(), Some("BillerServices"));
            } else {
                assert!(object.is_null(), "{biller}.{other}() is null");
            }
        }
    }
}

#[wasm_bindgen_test]
async fn a_bad_service_request_is_a_typed_error_before_anything_is_sent() {
    let zoom_services = services(&zoom().into(), "zoom");
    let before = state("zoom").await["requests"].clone();
    let nro = new_zoom_guide("100.00").await;
    let mut payment = zoom_request(&nro, "10.00", &format!("ZB{}", unique()));
    payment["amount"] = json!(10.5);
    for (request, says) in [
        (JsValue::from(42), "expected an object"),
        (
            js(&json!({"service": "no_such_service"})),
            "no_such_service",
        ),
        (js(&json!({"service": "payment_records"})), "`query`"),
        (js(&json!({"query": {}})), "missing field `service`"),
        (
            js(&json!({"service": 7, "query": {}})),
            "expected a service name",
        ),
        (
            js(&json!({"service": "button_start", "payment": payment,
                       "returnUrl": "https://shop.example/back"})),
            "not a number",
        ),
    ] {
        let err = call_service(&zoom_services, request).await.unwrap_err();
        assert_eq!(code(&err), "invalid_input", "{err:?}");
        let message = field(&err, "message").as_string().unwrap();
        assert!(message.contains(says), "{message}");
    }
    assert_eq!(state("zoom").await["requests"], before, "nothing was sent");
}

#[wasm_bindgen_test]
async fn zoom_payment_records_through_the_services_object() {
    let c = zoom();
    let nro = new_zoom_guide("300.00").await;
    let receipt = format!("ZR{}", unique());
    let req = zoom_request(&nro, "30.00", &receipt);
    let paid: PaymentResult = resolve(c.pay(js(&req).unchecked_into())).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    let zoom_services = services(&c.into(), "zoom");
    let reply = call_service(
        &zoom_services,
        js(&json!({"service": "payment_records", "query": {"reference": receipt}})),
    )
    .await
    .unwrap();
    assert_eq!(reply["service"], "payment_records", "{reply}");
    assert!(reply.get("biller").is_none(), "{reply}");
    let records = reply["records"].as_array().expect("records");
    assert_eq!(records.len(), 1, "{reply}");
    assert_eq!(records[0]["reference"], json!(receipt));
    assert_eq!(records[0]["amount"]["amount"], "30.00", "{reply}");
    assert!(records[0]["paymentId"].is_string(), "{reply}");
}

#[wasm_bindgen_test]
async fn unicomer_reconciliation_through_the_services_object() {
    let c = unicomer();
    let (cliente, _) = new_unicomer_customer("120.00").await;
    let statement: Statement = resolve(c.lookup(cliente)).await.unwrap();
    let receipt = format!("WR-{}", unique());
    let req = request(&statement.debts[0].debt_id, "12.34", &receipt);
    let paid: PaymentResult = resolve(c.pay(js(&req).unchecked_into())).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    let day = paid.reference.paid_at.date().format("%Y-%m-%d").to_string();
    let unicomer_services = services(&c.into(), "unicomer");
    let reply = call_service(
        &unicomer_services,
        js(&json!({"service": "reconciliation", "date": day})),
    )
    .await
    .unwrap();
    assert_eq!(reply["service"], "reconciliation", "{reply}");
    let ours: Vec<&Value> = reply["records"]
        .as_array()
        .expect("records")
        .iter()
        .filter(|r| r["receipt"] == json!(receipt))
        .collect();
    assert_eq!(ours.len(), 1, "{reply}");
    assert_eq!(ours[0]["amount"]["amount"], "12.34", "{reply}");
}
