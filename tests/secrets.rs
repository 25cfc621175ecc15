//! Planted secrets never show: every biller's configuration, credentials, token/login requests,
//! the requests the clients actually send, their errors (bad credentials, garbled replies) and
//! their payment reports are rendered with `Debug` and `Display`, and none contains a planted
//! value. Each test first proves the secret really was used (it is in the raw bytes sent), so a
//! secret that was silently dropped cannot make the test pass. The CLI's output is covered in
//! `cli/tests/secrets.rs`.

use std::cell::RefCell;
use std::rc::Rc;

use recaudo_core::http::{HttpRequest, HttpResponse};
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::transport::FnTransport;
use recaudo_core::{Error, Secret, cooplan, unicobros, unicomer, zoom};
use recaudo_sim::{SimConfig, Simulator};
use recaudo_tests::billers;

/// Every planted value contains this marker.
const MARK: &str = "PLANTED-SECRET";
const PASSWORD: &str = "PLANTED-SECRET-1234-password";
const WRONG: &str = "PLANTED-SECRET-9999-wrong";
const API_KEY: &str = "PLANTED-SECRET-5678-apikey";
const ACCESS_TOKEN: &str = "PLANTED-SECRET-4321-access";
const COD_SEGURIDAD: &str = "PLANTED-SECRET-2468-codseg";
const ZOOM_TOKEN: &str = "PLANTED-SECRET-1357-token";

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(MARK),
        "{what} shows a planted secret:\n{text}"
    );
}

fn assert_shown_clean<T: std::fmt::Debug>(what: &str, value: &T) {
    assert_clean(what, &format!("{value:?}"));
    assert_clean(what, &format!("{value:#?}"));
}

fn assert_error_clean(what: &str, error: &Error) {
    assert_shown_clean(what, error);
    assert_clean(what, &error.to_string());
    assert_clean(what, error.code());
    if let Some(m) = error.biller_message() {
        assert_clean(what, m);
    }
}

/// The raw bytes of a request (URL, headers, body), to prove a secret was really sent.
fn raw(request: &HttpRequest) -> String {
    let mut s = request.url.clone();
    for (n, v) in &request.headers {
        s.push_str(&format!("\n{n}: {v}"));
    }
    s.push('\n');
    s.push_str(&String::from_utf8_lossy(&request.body));
    s
}

/// A transport that records every request and answers each with the given reply.
fn recording(
    status: u16,
    body: &'static str,
) -> (
    impl recaudo_core::transport::Transport,
    Rc<RefCell<Vec<HttpRequest>>>,
) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = seen.clone();
    let transport = FnTransport(move |request: HttpRequest| {
        log.borrow_mut().push(request);
        async move { Ok(HttpResponse::new(status, body.as_bytes().to_vec())) }
    });
    (transport, seen)
}

/// The requests were sent with the secret in them, and none of them shows it.
fn assert_requests_clean(what: &str, seen: &[HttpRequest], planted: &str) {
    assert!(!seen.is_empty(), "{what}: nothing was sent");
    assert!(
        seen.iter().any(|r| raw(r).contains(planted)),
        "{what}: the planted secret was never sent (the test would prove nothing)"
    );
    for r in seen {
        assert_shown_clean(what, r);
    }
}

fn planted_sim_config() -> SimConfig {
    let mut c = SimConfig::default();
    c.unicomer.password = PASSWORD.into();
    c.unicobros.api_key = API_KEY.into();
    c.unicobros.access_token = ACCESS_TOKEN.into();
    c.zoom.password = PASSWORD.into();
    c.cooplan.cod_seguridad = COD_SEGURIDAD.into();
    c.cooplan.pwd = PASSWORD.into();
    c
}

async fn planted_sim() -> Simulator {
    Simulator::start(planted_sim_config())
        .await
        .expect("simulator starts")
}

fn unicomer_config(sim: &Simulator, password: &str) -> unicomer::UnicomerConfig {
    let mut c = recaudo_tests::unicomer_config(sim);
    c.credentials.password = Secret::new(password);
    c
}

fn unicobros_config(sim: &Simulator, api_key: &str) -> unicobros::UnicobrosConfig {
    let mut c = billers::unicobros_config(sim);
    c.credentials.api_key = Secret::new(api_key);
    c.credentials.access_token = Secret::new(ACCESS_TOKEN);
    c
}

fn zoom_config(sim: &Simulator, credentials: zoom::Credentials) -> zoom::ZoomConfig {
    let mut c = billers::zoom_config(sim);
    c.credentials = credentials;
    c
}

fn zoom_login(password: &str) -> zoom::Credentials {
    zoom::Credentials::Login {
        login: SimConfig::default().zoom.login,
        password: Secret::new(password),
    }
}

fn cooplan_config(sim: &Simulator, pwd: &str) -> cooplan::CooplanConfig {
    let mut c = billers::cooplan_config(sim);
    c.credentials.cod_seguridad = Secret::new(COD_SEGURIDAD);
    c.credentials.pwd = Secret::new(pwd);
    c
}

#[tokio::test]
async fn unicomer_never_shows_its_password() {
    let sim = planted_sim().await;
    sim.add_unicomer_customer("0933333333", vec![(990_001, recaudo_tests::dec("100.00"))]);
    let config = unicomer_config(&sim, PASSWORD);
    assert_shown_clean("config", &config);
    assert_shown_clean("credentials", &config.credentials);
    let token = unicomer::TokenRequest {
        username: config.credentials.username.clone(),
        password: config.credentials.password.clone(),
    };
    assert_shown_clean("token request", &token);

    // What the client sends, with a garbled reply and with a refusal.
    for (status, body) in [
        (200, "{not json"),
        (401, r#"{"error":"invalid_grant"}"#),
        // A truncated token reply carrying an issued token.
        (
            200,
            r#"{"access_token":"PLANTED-SECRET-7777-issued","token_type":"bearer","#,
        ),
    ] {
        let (transport, seen) = recording(status, body);
        let client = recaudo_tests::client_with(config.clone(), transport, SystemClock);
        let err = client.statement("0933333333").await.unwrap_err();
        assert_error_clean("error", &err);
        assert_requests_clean("sent requests", &seen.borrow(), PASSWORD);
    }

    // Against the simulator: a normal run, then a wrong password.
    let client = recaudo_tests::client_with(config, NativeTransport::new().unwrap(), SystemClock);
    let statement = client.statement("0933333333").await.unwrap();
    assert_shown_clean("statement", &statement);
    let mut payment = recaudo_tests::payment("SEC-1", "10.00");
    payment.secuencial = 990_001;
    let report = client.pay(payment).await.unwrap();
    assert_eq!(report.outcome, recaudo_core::Outcome::Confirmed);
    assert_shown_clean("report", &report);
    assert_clean("report JSON", &serde_json::to_string(&report).unwrap());

    let wrong = recaudo_tests::client_with(
        unicomer_config(&sim, WRONG),
        NativeTransport::new().unwrap(),
        SystemClock,
    );
    let err = wrong.statement("0933333333").await.unwrap_err();
    assert_eq!(err.code(), "auth", "{err}");
    assert_error_clean("auth error", &err);
}

#[tokio::test]
async fn unicobros_never_shows_its_keys() {
    let sim = planted_sim().await;
    let config = unicobros_config(&sim, API_KEY);
    assert_shown_clean("config", &config);
    assert_shown_clean("credentials", &config.credentials);

    for (status, body) in [
        (200, "{not json"),
        (401, r#"{"result":false,"code":"UNAUTHORIZED"}"#),
    ] {
        let (transport, seen) = recording(status, body);
        let client = unicobros::UnicobrosClient::new(config.clone(), transport, SystemClock)
            .expect("valid configuration");
        let err = client.coupons("REF-PAGADA-0001").await.unwrap_err();
        assert_error_clean("error", &err);
        assert_requests_clean("sent requests", &seen.borrow(), API_KEY);
        assert_requests_clean("sent requests", &seen.borrow(), ACCESS_TOKEN);
    }

    let client =
        unicobros::UnicobrosClient::new(config, NativeTransport::new().unwrap(), SystemClock)
            .unwrap();
    let coupons = client.coupons("REF-PAGADA-0001").await.unwrap();
    assert_shown_clean("coupons", &coupons);
    let wrong = unicobros::UnicobrosClient::new(
        unicobros_config(&sim, WRONG),
        NativeTransport::new().unwrap(),
        SystemClock,
    )
    .unwrap();
    let err = wrong.coupons("REF-PAGADA-0001").await.unwrap_err();
    assert_eq!(err.code(), "auth", "{err}");
    assert_error_clean("auth error", &err);
}

#[tokio::test]
async fn zoom_never_shows_its_password_or_token() {
    let sim = planted_sim().await;
    let config = zoom_config(&sim, zoom_login(PASSWORD));
    assert_shown_clean("config", &config);
    assert_shown_clean(
        "token credentials",
        &zoom::Credentials::Token(Secret::new(ZOOM_TOKEN)),
    );
    let login = zoom::LoginRequest {
        login: "recaudador".into(),
        password: Secret::new(PASSWORD),
    };
    assert_shown_clean("login request", &login);
    let guide = zoom::DocRef::new(zoom::DocType::Guide, "1000000001").unwrap();

    for (status, body) in [
        (200, "{not json"),
        (401, "Unauthorized"),
        (
            200,
            r#"{"codrespuesta":"COD_000","entidadRespuesta":{"token":"PLANTED-SECRET-7777-issued""#,
        ),
    ] {
        let (transport, seen) = recording(status, body);
        let client = zoom::ZoomClient::new(config.clone(), transport, SystemClock).unwrap();
        let err = client.document_amounts(&guide).await.unwrap_err();
        assert_error_clean("error", &err);
        assert_requests_clean("sent requests", &seen.borrow(), PASSWORD);

        // A supplied token goes in every request's body. (No login here: the reply carrying an
        // issued token only makes sense as a login reply.)
        if body.contains(MARK) {
            continue;
        }
        let (transport, seen) = recording(status, body);
        let token = zoom_config(&sim, zoom::Credentials::Token(Secret::new(ZOOM_TOKEN)));
        let client = zoom::ZoomClient::new(token, transport, SystemClock).unwrap();
        let err = client.document_amounts(&guide).await.unwrap_err();
        assert_error_clean("error", &err);
        assert_requests_clean("sent requests", &seen.borrow(), ZOOM_TOKEN);
    }

    let client = zoom::ZoomClient::new(config, NativeTransport::new().unwrap(), SystemClock)
        .expect("valid configuration");
    let amounts = client.document_amounts(&guide).await.unwrap();
    assert_shown_clean("amounts", &amounts);

    for credentials in [
        zoom_login(WRONG),
        zoom::Credentials::Token(Secret::new(ZOOM_TOKEN)),
    ] {
        let wrong = zoom::ZoomClient::new(
            zoom_config(&sim, credentials),
            NativeTransport::new().unwrap(),
            SystemClock,
        )
        .unwrap();
        let err = wrong.document_amounts(&guide).await.unwrap_err();
        assert_eq!(err.code(), "auth", "{err}");
        assert_error_clean("auth error", &err);
    }
}

#[tokio::test]
async fn cooplan_never_shows_its_credentials() {
    let sim = planted_sim().await;
    let config = cooplan_config(&sim, PASSWORD);
    assert_shown_clean("config", &config);
    assert_shown_clean("credentials", &config.credentials);
    let token = cooplan::TokenRequest {
        cod_seguridad: Secret::new(COD_SEGURIDAD),
        login: "recaudador".into(),
        pwd: Secret::new(PASSWORD),
    };
    assert_shown_clean("token request", &token);

    for (status, body) in [
        (200, "{not json"),
        (401, r#"{"error":401,"message":"no"}"#),
        (
            200,
            r#"{"error":0,"values":{"accessToken":"PLANTED-SECRET-7777-issued""#,
        ),
    ] {
        let (transport, seen) = recording(status, body);
        let client = cooplan::CooplanClient::new(config.clone(), transport, SystemClock).unwrap();
        let err = client.debts("1001").await.unwrap_err();
        assert_error_clean("error", &err);
        assert_requests_clean("sent requests", &seen.borrow(), PASSWORD);
        assert_requests_clean("sent requests", &seen.borrow(), COD_SEGURIDAD);
    }

    let client = cooplan::CooplanClient::new(config, NativeTransport::new().unwrap(), SystemClock)
        .expect("valid configuration");
    let debts = client.debts("1001").await.unwrap();
    assert_shown_clean("debts", &debts);
    let report = client
        .pay(cooplan::PaymentRequest {
            id_factura: 5_000_001,
            periodo: "202110".into(),
            contrato: "1001".into(),
            id_asociado: "90001".into(),
            amount: recaudo_tests::dec("136.76"),
            balance: None,
            receipt: Some("SEC-1".into()),
        })
        .await
        .unwrap();
    assert_eq!(
        report.outcome,
        recaudo_core::Outcome::Confirmed,
        "{report:?}"
    );
    assert_shown_clean("report", &report);

    let wrong = cooplan::CooplanClient::new(
        cooplan_config(&sim, WRONG),
        NativeTransport::new().unwrap(),
        SystemClock,
    )
    .unwrap();
    let err = wrong.debts("1001").await.unwrap_err();
    assert_eq!(err.code(), "auth", "{err}");
    assert_error_clean("auth error", &err);
}

#[test]
fn the_check_itself_catches_a_leak() {
    // `assert_clean` must fail on a planted value, or every test above proves nothing.
    let leaked = std::panic::catch_unwind(|| assert_clean("probe", PASSWORD));
    assert!(leaked.is_err());
    assert_eq!(format!("{:?}", Secret::new(PASSWORD)), "Secret(***)");
}
