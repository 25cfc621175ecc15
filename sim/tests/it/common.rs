//! Helpers shared by the simulator tests.

use recaudo_sim::{SimConfig, Simulator};
use serde_json::{Value, json};

pub const COMMERCE: &str = "EMPTEST";
pub const USER: &str = "cajero@recaudo.test";
pub const PASSWORD: &str = "fake-password-123";
/// A date far from today, so reconciliation results depend only on the test's payments.
pub const FCH: &str = "2024-07-15 10:30:00.000";

/// A running simulator, an HTTP client and a valid token.
pub struct Env {
    pub sim: Simulator,
    pub http: reqwest::Client,
    pub token: String,
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client")
}

pub async fn env() -> Env {
    env_with(&[]).await
}

/// [`env`] with a simulator playing these readings.
pub async fn env_with(readings: &[(&str, &str)]) -> Env {
    let sim = sim_with(readings).await;
    let http = client();
    let token = token(&http, &sim).await;
    Env { sim, http, token }
}

pub async fn token(http: &reqwest::Client, sim: &Simulator) -> String {
    let resp = http
        .post(format!("{}token", sim.unicomer_url()))
        .form(&[
            ("username", USER),
            ("password", PASSWORD),
            ("grant_type", "password"),
        ])
        .send()
        .await
        .expect("token request");
    assert_eq!(resp.status(), 200);
    let v = parse(&resp.text().await.expect("body"));
    v["access_token"].as_str().expect("access_token").to_owned()
}

/// A reply as JSON, fractional numbers as strings of their exact text (`recaudo_sim::exact`).
pub fn parse(text: &str) -> Value {
    recaudo_sim::exact::parse(text.as_bytes()).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A request body as text, [`num`]s written as bare numbers with their exact text.
pub fn body_text(body: &Value) -> String {
    String::from_utf8(recaudo_sim::exact::write(body).expect("serialises")).expect("UTF-8")
}

impl Env {
    pub fn url(&self, endpoint: &str) -> String {
        format!("{}api/recaudadores/{endpoint}", self.sim.unicomer_url())
    }

    /// POSTs JSON with the bearer token; returns HTTP status and parsed body.
    pub async fn post(&self, endpoint: &str, body: &Value) -> (u16, Value) {
        let (status, text) = self.post_text(endpoint, body).await;
        (status, parse(&text))
    }

    /// Like [`Env::post`], the body as the simulator wrote it.
    pub async fn post_text(&self, endpoint: &str, body: &Value) -> (u16, String) {
        let resp = self
            .http
            .post(self.url(endpoint))
            .bearer_auth(&self.token)
            .header("content-type", "application/json; charset=utf-8")
            .body(body_text(body))
            .send()
            .await
            .expect("request");
        let status = resp.status().as_u16();
        (status, resp.text().await.expect("body"))
    }

    /// POSTs a form with the bearer token.
    pub async fn post_form(&self, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let resp = self
            .http
            .post(self.url(endpoint))
            .bearer_auth(&self.token)
            .form(form)
            .send()
            .await
            .expect("request");
        let status = resp.status().as_u16();
        (status, parse(&resp.text().await.expect("body")))
    }

    pub async fn statement(&self, cliente: &str) -> Value {
        let (status, v) = self
            .post(
                "estadocuenta",
                &json!({"cliente": cliente, "idcommerce": COMMERCE}),
            )
            .await;
        assert_eq!(status, 200);
        v
    }

    /// The invoice `id` of `cliente`'s statement.
    pub async fn invoice(&self, cliente: &str, id: i64) -> Value {
        let v = self.statement(cliente).await;
        v["data"]["estado_cuenta"]["facturas"]
            .as_array()
            .expect("facturas")
            .iter()
            .find(|f| f["id"].as_i64() == Some(id))
            .cloned()
            .expect("invoice")
    }

    pub fn payment_body(secuencial: i64, amount: &str, recibo: &str) -> Value {
        json!({
            "secuencial": secuencial,
            "idcommerce": COMMERCE,
            "fch_proceso": FCH,
            "val_pagado": num(amount),
            "localidad_recauda": "AGENCIA DE PRUEBA",
            "nombre_cajero": "CAJERO DE PRUEBA",
            "num_recibo": recibo,
        })
    }

    /// Registers a payment and returns the reply.
    pub async fn pay(&self, secuencial: i64, amount: &str, recibo: &str) -> Value {
        let (status, v) = self
            .post(
                "registrarpago",
                &Env::payment_body(secuencial, amount, recibo),
            )
            .await;
        assert_eq!(status, 200);
        v
    }

    /// Registers a payment that must succeed; returns its idtrx.
    pub async fn pay_ok(&self, secuencial: i64, amount: &str, recibo: &str) -> i64 {
        let v = self.pay(secuencial, amount, recibo).await;
        assert_eq!(v["status"], json!(0), "{v}");
        v["data"]["idtrx"].as_i64().expect("idtrx")
    }

    /// GET or POST on the control API.
    pub async fn control(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}_sim/{path}", self.sim.base_url()));
        if let Some(b) = body {
            req = req
                .header("content-type", "application/json")
                .body(body_text(&b));
        }
        let resp = req.send().await.expect("control request");
        let status = resp.status().as_u16();
        (status, parse(&resp.text().await.expect("body")))
    }
}

/// A JSON number with exactly this text, once written by [`body_text`].
pub fn num(text: &str) -> Value {
    recaudo_sim::exact::number(text.to_owned())
}

/// The exact text of a JSON value (numbers keep their decimals).
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A simulator started with these readings (`key`, `value`) on top of the defaults.
pub async fn sim_with(readings: &[(&str, &str)]) -> Simulator {
    let mut config = SimConfig::default();
    config
        .readings
        .set_all(readings.iter().copied())
        .expect("valid readings");
    Simulator::start(config).await.expect("start")
}

/// Sends a request with headers and an optional JSON body; returns HTTP status and the body
/// parsed as JSON.
pub async fn send(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> (u16, Value) {
    let mut req = http.request(method, url);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(body_text(b));
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    (status, parse(&resp.text().await.expect("body")))
}

/// POSTs JSON without headers of its own.
pub async fn post_json(http: &reqwest::Client, url: &str, body: &Value) -> (u16, Value) {
    send(http, reqwest::Method::POST, url, &[], Some(body)).await
}
