//! Unicomer's documented replies and requests, through the public endpoint API.
//!
//! The fixtures in `tests/fixtures/unicomer/` are the response examples of the biller's document
//! (v4.2) with every personal or credential value replaced by a fake one; see their README.

use chrono::{NaiveDate, NaiveDateTime};
use recaudo_core::Error;
use recaudo_core::http::{HttpRequest, HttpResponse, Method};
use recaudo_core::secret::Secret;
use recaudo_core::unicomer::*;
use rust_decimal::Decimal;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/unicomer/",
            $name
        ))
        .as_slice()
    };
}

const FAKE_TOKEN: &str = "fake-access-token-for-tests";
const JSON_CT: &str = "application/json; charset=utf-8";
const FORM_CT: &str = "application/x-www-form-urlencoded; charset=utf-8";

fn ok(body: &[u8]) -> HttpResponse {
    HttpResponse::new(200, body)
}

fn config() -> UnicomerConfig {
    UnicomerConfig::with_base_url(
        "http://127.0.0.1:9/",
        false,
        Credentials {
            username: "cajero@recaudo.test".into(),
            password: Secret::new("fake-password"),
        },
        "EMPTEST",
    )
    .expect("loopback http is allowed")
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

/// An amount's text as decoded: proves the JSON number's digits survived (no float rounding).
fn text(value: Option<Decimal>) -> String {
    value.expect("amount present").to_string()
}

fn datetime(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn fch_proceso() -> NaiveDateTime {
    datetime("2020-03-26 01:17:58")
}

fn body_text(request: &HttpRequest) -> &str {
    std::str::from_utf8(&request.body).expect("utf-8 body")
}

/// Asserts an enveloped error became `Error::Biller` with the code and message verbatim.
fn assert_biller(result: Result<impl std::fmt::Debug, Error>, code: &str) {
    let err = result.expect_err("an error envelope must not decode as success");
    assert_eq!(err.code(), "biller", "{err:?}");
    assert_eq!(err.biller_code(), Some(code));
    assert_eq!(err.biller_message(), Some("detalle de error"));
    assert_eq!(err.http_status(), Some(200));
    assert_eq!(
        err,
        Error::Biller {
            biller_code: code.into(),
            biller_message: "detalle de error".into(),
            http_status: 200,
        }
    );
}

/// Asserts a decode error whose snippet is bounded (about 200 characters) and starts like the body.
fn assert_decode_error(result: Result<impl std::fmt::Debug, Error>, body: &[u8]) {
    let err = result.expect_err("a malformed body must not decode");
    assert_eq!(err.code(), "decode", "{err:?}");
    let Error::Decode { snippet, .. } = &err else {
        unreachable!()
    };
    assert!(
        snippet.chars().count() <= 201,
        "snippet of {} chars",
        snippet.chars().count()
    );
    assert!(!snippet.is_empty());
    let head: String = String::from_utf8_lossy(body).chars().take(20).collect();
    assert!(snippet.starts_with(&head), "{snippet:?}");
    assert!(err.to_string().chars().count() < 600);
}

// ---------------------------------------------------------------------------------------------
// Token (SG-01)
// ---------------------------------------------------------------------------------------------

#[test]
fn token_reply_decodes_and_never_shows_the_token() {
    let token = <TokenRequest as Endpoint>::decode(&ok(fixture!("token_reply.json"))).unwrap();
    assert_eq!(token.access_token.expose(), FAKE_TOKEN);
    assert_eq!(token.token_type, "bearer");
    assert_eq!(token.expires_in, 1_209_599);
    // The document pads userName with a leading space: kept verbatim.
    assert_eq!(token.user_name.as_deref(), Some(" cajero@recaudo.test"));
    assert_eq!(
        token.issued.as_deref(),
        Some("Tue, 01 Oct 2019 17:26:46 GMT")
    );
    assert_eq!(
        token.expires.as_deref(),
        Some("Tue, 15 Oct 2019 17:26:46 GMT")
    );
    assert_eq!(
        token.issued_token().lifetime,
        std::time::Duration::from_secs(1_209_599)
    );
    for shown in [format!("{token:?}"), format!("{token:#?}")] {
        assert!(!shown.contains(FAKE_TOKEN), "{shown}");
        assert!(!shown.contains("fake-access"), "{shown}");
    }
}

#[test]
fn token_decode_errors_never_show_the_token() {
    let full = std::str::from_utf8(fixture!("token_reply.json")).unwrap();
    let cut_after_token = &full[..full.find(FAKE_TOKEN).unwrap() + FAKE_TOKEN.len() + 2];
    let bodies = [
        // Truncated right after the token.
        cut_after_token.to_owned(),
        // Unquoted keys, as the document prints the reply.
        full.replace("\"access_token\"", "access_token"),
        // A token without a usable lifetime.
        full.replace("1209599", "0"),
        full.replace("1209599", "\"soon\""),
    ];
    for body in bodies {
        let err = <TokenRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap_err();
        assert_eq!(err.code(), "decode", "{err:?}");
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(!shown.contains(FAKE_TOKEN), "{shown}");
        }
    }
    // A refused grant (HTTP 400, OAuth's shape) is an auth error with OAuth's code and message.
    let refusal = br#"{"error":"invalid_grant","error_description":"usuario o clave incorrectos"}"#;
    let err =
        <TokenRequest as Endpoint>::decode(&HttpResponse::new(400, &refusal[..])).unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(err.biller_code(), Some("invalid_grant"));
    assert_eq!(err.biller_message(), Some("usuario o clave incorrectos"));
    let err = <TokenRequest as Endpoint>::decode(&HttpResponse::new(401, full)).unwrap_err();
    assert_eq!(err.code(), "auth");
    assert!(!format!("{err:?}{err}").contains(FAKE_TOKEN));
}

/// The token endpoint's decode promises never to keep a snippet of its body; an undocumented
/// status (a proxy's 5xx, a redirect) whose body echoes the reply must not leak it either.
#[test]
fn token_http_status_errors_never_show_the_body() {
    for status in [302u16, 404, 500, 503] {
        let response = HttpResponse::new(status, fixture!("token_reply.json"));
        let err = <TokenRequest as Endpoint>::decode(&response).unwrap_err();
        assert_eq!(err.code(), "http_status");
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(!shown.contains(FAKE_TOKEN), "HTTP {status}: {shown}");
        }
    }
}

#[test]
fn token_request_is_a_form_password_grant() {
    let config = config();
    let request = TokenRequest {
        username: config.credentials.username.clone(),
        password: config.credentials.password.clone(),
    };
    let http = request.to_http(&config).unwrap();
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.url, "http://127.0.0.1:9/token");
    assert_eq!(http.header_value("content-type"), Some(FORM_CT));
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&http.body).unwrap();
    assert_eq!(
        pairs,
        [
            ("username".to_owned(), "cajero@recaudo.test".to_owned()),
            ("password".to_owned(), "fake-password".to_owned()),
            ("grant_type".to_owned(), "password".to_owned()),
        ]
    );
    assert!(body_text(&http).contains("grant_type=password"));
    // Neither the request value nor the HTTP request prints the password.
    for shown in [format!("{request:?}"), format!("{http:?}")] {
        assert!(!shown.contains("fake-password"), "{shown}");
    }
    let empty = TokenRequest {
        username: "cajero@recaudo.test".into(),
        password: Secret::new(""),
    };
    assert_eq!(empty.to_http(&config).unwrap_err().code(), "config");
}

// ---------------------------------------------------------------------------------------------
// Estado de cuenta (CU-03)
// ---------------------------------------------------------------------------------------------

#[test]
fn estadocuenta_success_keeps_every_value_exactly() {
    let estado =
        <EstadoCuentaRequest as Endpoint>::decode(&ok(fixture!("estadocuenta_ok.json"))).unwrap();

    let c = &estado.datos_cliente;
    assert_eq!(c.tipo_campana, Some(1));
    assert_eq!(c.cl_cedruc.as_deref(), Some("0900000001"));
    assert_eq!(c.cl_nombres.as_deref(), Some("CLIENTE"));
    assert_eq!(c.cl_apellidos.as_deref(), Some("DE PRUEBA"));
    assert_eq!(c.full_name(), "CLIENTE DE PRUEBA");
    assert_eq!(c.cl_direcc1.as_deref(), Some("CALLE DE PRUEBA 123"));
    // Padding is the biller's and is kept verbatim.
    assert_eq!(c.cl_direcc2.as_deref(), Some(" CALLE DE PRUEBA 123 "));
    assert_eq!(c.tipo_doc.as_deref(), Some("CEDULA "));
    assert_eq!(c.ciudadcliente.as_deref(), Some("CIUDAD DE PRUEBA"));
    assert_eq!(c.sexo.as_deref(), Some("Masculino"));
    assert_eq!(c.cl_email.as_deref(), Some("cliente@example.test"));

    assert_eq!(estado.facturas.len(), 2);
    let f = &estado.facturas[0];
    assert_eq!(f.id, 228_085);
    assert_eq!(f.factura, Some(4107));
    assert_eq!(text(f.operacion), "57266.0");
    assert_eq!(f.cliente.as_deref(), Some("0900000001"));
    assert_eq!(f.credito_fch, Some(datetime("2021-03-08 00:00:00")));
    assert_eq!(text(f.credito_valor), "831.60");
    assert_eq!(text(f.item_cant), "1.00");
    assert_eq!(
        f.item_desc.as_deref(),
        Some("REFRIGERADORA RI 395 QZ C/DN CROMA INDURAMA")
    );
    assert_eq!(f.factura_full.as_deref(), Some("008-043-00004107"));
    assert_eq!(
        f.description(),
        "REFRIGERADORA RI 395 QZ C/DN CROMA INDURAMA (008-043-00004107)"
    );
    assert_eq!(text(f.credito_cuota), "69.30");
    assert_eq!(f.credito_plazo, Some(12));
    assert_eq!(f.prox_fecvto, Some(date(2021, 8, 9)));
    assert_eq!(f.dias_mora, Some(175));
    assert_eq!(f.cuotas_pagadas, Some(4));
    assert_eq!(f.cuotas_pendientes, Some(8));
    assert_eq!(f.cuotas_vencidas, Some(6));
    assert_eq!(text(f.monto_vencido), "350.35");
    assert_eq!(text(f.recargo_gasto), "72.00");
    assert_eq!(text(f.interes_mora), "15.59");
    assert_eq!(f.valor_pagar.to_string(), "352.70");
    assert_eq!(text(f.deuda_tot_sinpro), "491.30");
    assert_eq!(f.deuda_tot_conpro.to_string(), "491.30");
    assert_eq!(f.tiene_inicial.as_deref(), Some("N"));
    assert_eq!(f.tiene_mora.as_deref(), Some("S"));
    assert!(f.in_arrears());
    assert_eq!(text(f.porc_comision), "0.00");
    assert_eq!(f.cadena.as_deref(), Some("ARTEFACTA"));

    let g = &estado.facturas[1];
    assert_eq!(g.id, 228_086);
    assert_eq!(g.factura, Some(4109));
    assert_eq!(text(g.operacion), "57268.0");
    assert_eq!(text(g.credito_valor), "1439.10");
    assert_eq!(g.item_desc.as_deref(), Some("TV LED L43P615 UHD TCL"));
    assert_eq!(text(g.credito_cuota), "79.95");
    assert_eq!(g.credito_plazo, Some(18));
    assert_eq!(g.prox_fecvto, Some(date(2021, 8, 9)));
    assert_eq!(g.cuotas_pendientes, Some(14));
    assert_eq!(text(g.monto_vencido), "479.70");
    assert_eq!(text(g.interes_mora), "19.46");
    assert_eq!(g.valor_pagar.to_string(), "479.70");
    assert_eq!(g.deuda_tot_conpro.to_string(), "1119.30");

    // Exact decimal arithmetic on decoded amounts.
    let due: Decimal = estado.facturas.iter().map(|f| f.valor_pagar).sum();
    assert_eq!(due, dec("832.40"));
    assert_eq!(due.to_string(), "832.40");

    assert_eq!(estado.telefonos.len(), 1);
    assert_eq!(estado.telefonos[0].telefono, "0990000000");
}

#[test]
fn estadocuenta_accepts_documented_variants() {
    let full = std::str::from_utf8(fixture!("estadocuenta_ok.json")).unwrap();
    // `"status": "0"` (string) is success too; amounts sent as strings keep their text; a
    // numeric phone is kept as its text; a due date sent as a date-time is read as a date.
    let variant = full
        .replacen("\"status\": 0", "\"status\": \"0\"", 1)
        .replacen(
            "\"credito_valor\": 831.60",
            "\"credito_valor\": \"831.60\"",
            1,
        )
        .replacen("\"telefono\": \"0990000000\"", "\"telefono\": 990000000", 1)
        .replacen(
            "\"prox_fecvto\": \"2021-08-09\"",
            "\"prox_fecvto\": \"2021-08-09 00:00:00.000\"",
            1,
        );
    let estado = <EstadoCuentaRequest as Endpoint>::decode(&ok(variant.as_bytes())).unwrap();
    assert_eq!(text(estado.facturas[0].credito_valor), "831.60");
    assert_eq!(estado.facturas[0].prox_fecvto, Some(date(2021, 8, 9)));
    assert_eq!(estado.telefonos[0].telefono, "990000000");
}

#[test]
fn estadocuenta_error_451_is_a_biller_error() {
    assert_biller(
        <EstadoCuentaRequest as Endpoint>::decode(&ok(fixture!("estadocuenta_error_451.json"))),
        "451",
    );
}

#[test]
fn estadocuenta_request_matches_the_document() {
    let request = EstadoCuentaRequest {
        cliente: "0900000001".into(),
        idcommerce: "EMPTEST".into(),
    };
    let http = request.to_http(&config()).unwrap();
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.url, "http://127.0.0.1:9/api/recaudadores/estadocuenta");
    assert_eq!(http.header_value("Content-Type"), Some(JSON_CT));
    assert_eq!(
        body_text(&http),
        r#"{"cliente":"0900000001","idcommerce":"EMPTEST"}"#
    );
}

// ---------------------------------------------------------------------------------------------
// HTTP-level failures and malformed bodies
// ---------------------------------------------------------------------------------------------

#[test]
fn http_401_is_auth_and_500_is_http_status() {
    let denied = br#"{"Message":"Authorization has been denied for this request."}"#;
    let err = <EstadoCuentaRequest as Endpoint>::decode(&HttpResponse::new(401, &denied[..]))
        .unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(err.http_status(), Some(401));
    assert!(err.to_string().contains("denied"), "{err}");

    // Even a body that looks like a success is not one under HTTP 500.
    let err = <RegistrarPagoRequest as Endpoint>::decode(&HttpResponse::new(
        500,
        fixture!("registrarpago_ok.json"),
    ))
    .unwrap_err();
    assert_eq!(err.code(), "http_status");
    assert_eq!(err.http_status(), Some(500));
    assert!(err.may_have_reached_biller());

    let big = "<html>".repeat(5_000);
    let err = <ConciliacionRequest as Endpoint>::decode(&HttpResponse::new(503, big.as_str()))
        .unwrap_err();
    assert_eq!(err.code(), "http_status");
    assert!(err.to_string().chars().count() < 400);
}

#[test]
fn truncated_bodies_are_decode_errors_with_bounded_snippets() {
    let full = fixture!("estadocuenta_ok.json");
    for cut in [1, 10, 250, full.len() / 2, full.len() - 3] {
        let body = &full[..cut];
        assert_decode_error(<EstadoCuentaRequest as Endpoint>::decode(&ok(body)), body);
    }
    let conc = fixture!("conciliacion_ok.json");
    let body = &conc[..conc.len() - 10];
    assert_decode_error(<ConciliacionRequest as Endpoint>::decode(&ok(body)), body);
    // Not JSON at all (an HTML page under 200), and an empty body.
    let html = "<html><body>".to_owned() + &"x".repeat(2_000);
    assert_decode_error(
        <ConsultarPagoRequest as Endpoint>::decode(&ok(html.as_bytes())),
        html.as_bytes(),
    );
    let err = <RegistrarPagoRequest as Endpoint>::decode(&ok(&b""[..])).unwrap_err();
    assert_eq!(err.code(), "decode");
}

#[test]
fn verbatim_trailing_comma_examples_are_the_billers_refusals() {
    let registrar = fixture!("registrarpago_error_451_verbatim_shape.txt");
    let reversa = fixture!("reversapago_error_666_verbatim_shape.txt");
    let conciliacion = fixture!("conciliacion_error_451_verbatim_shape.txt");
    for body in [registrar, reversa, conciliacion] {
        // The document's shape: not JSON, because of the comma after `msg`.
        assert!(serde_json::from_slice::<serde_json::Value>(body).is_err());
        assert!(String::from_utf8_lossy(body).contains("\"detalle de error\",\n}"));
    }
    // Still read as what they mean: the biller's refusal, code and message verbatim (a payment
    // refused this way must be reported rejected, not sent into recovery).
    assert_biller(
        <RegistrarPagoRequest as Endpoint>::decode(&ok(registrar)),
        "451",
    );
    assert_biller(
        <ReversaPagoRequest as Endpoint>::decode(&ok(reversa)),
        "666",
    );
    assert_biller(
        <ConciliacionRequest as Endpoint>::decode(&ok(conciliacion)),
        "451",
    );
}

#[test]
fn success_without_data_is_a_decode_error() {
    let body = br#"{"status": 0, "msg": "OK"}"#;
    let err = <RegistrarPagoRequest as Endpoint>::decode(&ok(&body[..])).unwrap_err();
    assert_eq!(err.code(), "decode");
    let err = <EstadoCuentaRequest as Endpoint>::decode(&ok(
        &br#"{"status": 0, "msg": "OK", "data": null}"#[..],
    ))
    .unwrap_err();
    assert_eq!(err.code(), "decode");
}

// ---------------------------------------------------------------------------------------------
// Registrar pago (GC-02)
// ---------------------------------------------------------------------------------------------

fn registrar_pago() -> RegistrarPagoRequest {
    RegistrarPagoRequest {
        secuencial: 3_565_363,
        idcommerce: "EMPTEST".into(),
        fch_proceso: fch_proceso(),
        val_pagado: dec("340.78"),
        localidad_recauda: "MALL DEL SOL".into(),
        nombre_cajero: "CAJERO DE PRUEBA".into(),
        num_recibo: "ET0199-78".into(),
    }
}

#[test]
fn registrarpago_replies() {
    let reply =
        <RegistrarPagoRequest as Endpoint>::decode(&ok(fixture!("registrarpago_ok.json"))).unwrap();
    assert_eq!(reply.idtrx, 3455);
    assert_biller(
        <RegistrarPagoRequest as Endpoint>::decode(&ok(fixture!("registrarpago_error_451.json"))),
        "451",
    );
}

#[test]
fn registrarpago_request_matches_the_document() {
    let http = registrar_pago().to_http(&config()).unwrap();
    assert_eq!(http.method, Method::Post);
    assert_eq!(
        http.url,
        "http://127.0.0.1:9/api/recaudadores/registrarpago"
    );
    assert_eq!(http.header_value("content-type"), Some(JSON_CT));
    // The document's body, field for field, with the amount as a number token.
    assert_eq!(
        body_text(&http),
        concat!(
            r#"{"secuencial":3565363,"idcommerce":"EMPTEST","fch_proceso":"2020-03-26 01:17:58.000","#,
            r#""val_pagado":340.78,"localidad_recauda":"MALL DEL SOL","#,
            r#""nombre_cajero":"CAJERO DE PRUEBA","num_recibo":"ET0199-78"}"#
        )
    );
    let value: serde_json::Value = serde_json::from_slice(&http.body).unwrap();
    assert!(value["val_pagado"].is_number());
    assert_eq!(value["val_pagado"].to_string(), "340.78");
    assert_eq!(value["fch_proceso"], "2020-03-26 01:17:58.000");
    assert_eq!(value["secuencial"].as_i64(), Some(3_565_363));

    // Whole amounts are written with the currency's two decimals.
    let mut whole = registrar_pago();
    whole.val_pagado = dec("5");
    let http = whole.to_http(&config()).unwrap();
    assert!(
        body_text(&http).contains(r#""val_pagado":5.00,"#),
        "{}",
        body_text(&http)
    );
}

#[test]
fn registrarpago_refuses_bad_input_before_building() {
    type Edit = fn(&mut RegistrarPagoRequest);
    let cases: &[(&str, Edit, &str)] = &[
        ("amount 0", |r| r.val_pagado = dec("0"), "invalid_amount"),
        (
            "amount 0.00",
            |r| r.val_pagado = dec("0.00"),
            "invalid_amount",
        ),
        (
            "negative",
            |r| r.val_pagado = dec("-340.78"),
            "invalid_amount",
        ),
        (
            "3 decimals",
            |r| r.val_pagado = dec("340.781"),
            "invalid_amount",
        ),
        (
            "empty receipt",
            |r| r.num_recibo = String::new(),
            "invalid_input",
        ),
        (
            "blank receipt",
            |r| r.num_recibo = "   ".into(),
            "invalid_input",
        ),
        (
            "receipt with space",
            |r| r.num_recibo = "ET0199 78".into(),
            "invalid_input",
        ),
        (
            "receipt padded",
            |r| r.num_recibo = " ET0199-78".into(),
            "invalid_input",
        ),
        (
            "receipt with NUL",
            |r| r.num_recibo = "ET0199\0-78".into(),
            "invalid_input",
        ),
        (
            "receipt with newline",
            |r| r.num_recibo = "ET0199-78\n".into(),
            "invalid_input",
        ),
        (
            "receipt with tab",
            |r| r.num_recibo = "ET0199\t78".into(),
            "invalid_input",
        ),
        (
            "receipt too long",
            |r| r.num_recibo = "E".repeat(41),
            "invalid_input",
        ),
        ("secuencial 0", |r| r.secuencial = 0, "invalid_input"),
        (
            "secuencial negative",
            |r| r.secuencial = -3,
            "invalid_input",
        ),
        (
            "empty commerce",
            |r| r.idcommerce = String::new(),
            "invalid_input",
        ),
        (
            "empty cashier",
            |r| r.nombre_cajero = " ".into(),
            "invalid_input",
        ),
        (
            "cashier with control char",
            |r| r.nombre_cajero = "CAJERO\u{7}".into(),
            "invalid_input",
        ),
        (
            "empty place",
            |r| r.localidad_recauda = String::new(),
            "invalid_input",
        ),
    ];
    let config = config();
    for (name, edit, code) in cases {
        let mut request = registrar_pago();
        edit(&mut request);
        match request.to_http(&config) {
            Ok(http) => panic!("{name}: built a request: {}", body_text(&http)),
            Err(err) => assert_eq!(err.code(), *code, "{name}: {err}"),
        }
    }
    // The unedited request builds.
    assert!(registrar_pago().to_http(&config).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Reversa pago (GC-03) and consultar pago (GC-04)
// ---------------------------------------------------------------------------------------------

fn key(secuencial: i64) -> PaymentKey {
    PaymentKey {
        secuencial,
        idcommerce: "EMPTEST".into(),
        fch_proceso: fch_proceso(),
        val_pagado: dec("3409.78"),
    }
}

#[test]
fn reversapago_replies() {
    // Its success status is the string "0".
    let reply =
        <ReversaPagoRequest as Endpoint>::decode(&ok(fixture!("reversapago_ok.json"))).unwrap();
    assert_eq!(reply.num_recibo.as_deref(), Some("ET0199-78"));
    assert_biller(
        <ReversaPagoRequest as Endpoint>::decode(&ok(fixture!("reversapago_error_666.json"))),
        "666",
    );
    // "-1 = No es posible revertir el pago": a biller refusal, verbatim.
    let err = <ReversaPagoRequest as Endpoint>::decode(&ok(
        &br#"{"status": -1, "msg": "No es posible revertir el pago"}"#[..],
    ))
    .unwrap_err();
    assert_eq!(err.biller_code(), Some("-1"));
    assert_eq!(err.biller_message(), Some("No es posible revertir el pago"));
}

#[test]
fn consultarpago_replies() {
    let reply =
        <ConsultarPagoRequest as Endpoint>::decode(&ok(fixture!("consultarpago_ok.json"))).unwrap();
    assert_eq!(reply.idtrx, Some(6));
    assert_eq!(reply.payment_id(), Some(6));
    assert_eq!(reply.cod_status, PaymentState::Reversed);
    assert_eq!(reply.cod_status.code(), 4);
    assert!(!reply.cod_status.may_resend());
    assert!(!reply.cod_status.is_paid());
    assert_eq!(reply.det_status.as_deref(), Some("Reversado"));
    // `"num_recibo": ""` in the document: a blank optional text is absent (safe payment reads
    // an absent receipt and a blank one alike: "not shown").
    assert_eq!(reply.num_recibo, None);
    assert_biller(
        <ConsultarPagoRequest as Endpoint>::decode(&ok(fixture!("consultarpago_error_133.json"))),
        "133",
    );
}

#[test]
fn consultarpago_states_documented_and_unknown() {
    let full = std::str::from_utf8(fixture!("consultarpago_ok.json")).unwrap();
    let cases = [
        ("-1", PaymentState::Absent),
        ("0", PaymentState::Registered),
        ("1", PaymentState::Synchronised),
        ("2", PaymentState::Zombie),
        ("4", PaymentState::Reversed),
        ("\"4\"", PaymentState::Reversed),
        ("99", PaymentState::SyncProblem),
        ("7", PaymentState::Other(7)),
        ("\"7\"", PaymentState::Other(7)),
        ("3", PaymentState::Other(3)),
    ];
    for (code, state) in cases {
        let body = full.replacen("\"cod_status\": 4", &format!("\"cod_status\": {code}"), 1);
        let reply = <ConsultarPagoRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap();
        assert_eq!(reply.cod_status, state, "{code}");
    }
    let body = full.replacen("\"cod_status\": 4", "\"cod_status\": 7", 1);
    let reply = <ConsultarPagoRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap();
    assert_eq!(reply.cod_status.code(), 7);
    assert!(!reply.cod_status.may_resend() && !reply.cod_status.is_paid());
    // A fractional state is not a state.
    let body = full.replacen("\"cod_status\": 4", "\"cod_status\": 4.5", 1);
    let err = <ConsultarPagoRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap_err();
    assert_eq!(err.code(), "decode");
}

#[test]
fn reversa_and_consulta_requests_in_both_encodings() {
    let reversa = ReversaPagoRequest { key: key(3455) };
    let consulta = ConsultarPagoRequest {
        key: key(3_565_363),
    };
    let form_body = |secuencial: &str| {
        format!(
            "secuencial={secuencial}&idcommerce=EMPTEST&fch_proceso=2020-03-26+01%3A17%3A58.000&val_pagado=3409.78"
        )
    };
    let json_body = |secuencial: &str| {
        format!(
            r#"{{"secuencial":{secuencial},"idcommerce":"EMPTEST","fch_proceso":"2020-03-26 01:17:58.000","val_pagado":3409.78}}"#
        )
    };

    for encoding in [BodyEncoding::Json, BodyEncoding::Form] {
        let mut config = config();
        config.reversal_encoding = encoding;
        config.status_encoding = encoding;
        let r = reversa.to_http(&config).unwrap();
        let c = consulta.to_http(&config).unwrap();
        assert_eq!(r.url, "http://127.0.0.1:9/api/recaudadores/reversapago");
        assert_eq!(c.url, "http://127.0.0.1:9/api/recaudadores/consultarpago");
        assert_eq!((r.method, c.method), (Method::Post, Method::Post));
        let (ct, r_body, c_body) = match encoding {
            BodyEncoding::Json => (JSON_CT, json_body("3455"), json_body("3565363")),
            BodyEncoding::Form => (FORM_CT, form_body("3455"), form_body("3565363")),
        };
        assert_eq!(r.header_value("content-type"), Some(ct));
        assert_eq!(c.header_value("content-type"), Some(ct));
        assert_eq!(body_text(&r), r_body);
        assert_eq!(body_text(&c), c_body);
        if encoding == BodyEncoding::Form {
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&r.body).unwrap();
            assert!(pairs.contains(&("val_pagado".into(), "3409.78".into())));
            assert!(pairs.contains(&("fch_proceso".into(), "2020-03-26 01:17:58.000".into())));
        }
    }

    // The two settings are independent.
    let mut config = config();
    config.reversal_encoding = BodyEncoding::Form;
    assert_eq!(
        reversa
            .to_http(&config)
            .unwrap()
            .header_value("content-type"),
        Some(FORM_CT)
    );
    assert_eq!(
        consulta
            .to_http(&config)
            .unwrap()
            .header_value("content-type"),
        Some(JSON_CT)
    );

    // Form bodies write whole amounts with two decimals too.
    config.status_encoding = BodyEncoding::Form;
    let mut whole = key(1);
    whole.val_pagado = dec("5");
    let c = ConsultarPagoRequest { key: whole }
        .to_http(&config)
        .unwrap();
    assert!(
        body_text(&c).ends_with("&val_pagado=5.00"),
        "{}",
        body_text(&c)
    );
}

#[test]
fn payment_keys_refuse_bad_input() {
    type Edit = fn(&mut PaymentKey);
    let cases: &[(&str, Edit, &str)] = &[
        ("amount 0", |k| k.val_pagado = dec("0"), "invalid_amount"),
        (
            "negative",
            |k| k.val_pagado = dec("-1.00"),
            "invalid_amount",
        ),
        (
            "3 decimals",
            |k| k.val_pagado = dec("3409.785"),
            "invalid_amount",
        ),
        ("secuencial 0", |k| k.secuencial = 0, "invalid_input"),
        (
            "secuencial negative",
            |k| k.secuencial = -1,
            "invalid_input",
        ),
        (
            "empty commerce",
            |k| k.idcommerce = String::new(),
            "invalid_input",
        ),
        (
            "commerce with control char",
            |k| k.idcommerce = "EMP\u{1b}".into(),
            "invalid_input",
        ),
    ];
    for encoding in [BodyEncoding::Json, BodyEncoding::Form] {
        let mut config = config();
        config.reversal_encoding = encoding;
        config.status_encoding = encoding;
        for (name, edit, code) in cases {
            let mut k = key(3455);
            edit(&mut k);
            let r = ReversaPagoRequest { key: k.clone() }.to_http(&config);
            let c = ConsultarPagoRequest { key: k }.to_http(&config);
            for (which, result) in [("reversa", r), ("consulta", c)] {
                match result {
                    Ok(http) => panic!("{which} {name}: built: {}", body_text(&http)),
                    Err(err) => assert_eq!(err.code(), *code, "{which} {name} {encoding:?}: {err}"),
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Conciliación (CU-02)
// ---------------------------------------------------------------------------------------------

#[test]
fn conciliacion_records() {
    let records =
        <ConciliacionRequest as Endpoint>::decode(&ok(fixture!("conciliacion_ok.json"))).unwrap();
    assert_eq!(records.len(), 2);
    let (a, b) = (&records[0], &records[1]);

    assert_eq!(a.comercio.as_deref(), Some("ENTIDAD DE PRUEBA"));
    assert_eq!(a.secuencial, 3);
    assert_eq!(a.idtrx, 7);
    assert_eq!(a.fch_proceso, datetime("2021-02-21 16:41:49"));
    assert_eq!(a.fch_registro, Some(datetime("2021-02-21 16:44:24")));
    assert_eq!(a.val_pagado.to_string(), "5.00");
    assert_eq!(a.num_recibo.as_deref(), Some("ET0199-88"));
    assert_eq!(a.estado, PaymentState::Reversed);
    assert_eq!(a.estado_desc.as_deref(), Some("Reversado"));

    assert_eq!(b.idtrx, 8);
    assert_eq!(b.fch_registro, Some(datetime("2021-02-21 16:47:16")));
    assert_eq!(b.val_pagado.to_string(), "6.00");
    assert_eq!(b.num_recibo.as_deref(), Some("ET0199-77"));
    assert_eq!(b.estado, PaymentState::Synchronised);
    assert_eq!(b.estado.code(), 1);
    assert_eq!(b.estado_desc.as_deref(), Some("Sincronizado"));
    assert_eq!(a.val_pagado + b.val_pagado, dec("11.00"));
}

#[test]
fn conciliacion_dates_with_and_without_milliseconds_and_unknown_states() {
    let full = std::str::from_utf8(fixture!("conciliacion_ok.json")).unwrap();
    let body = full
        .replacen(
            "\"fch_proceso\": \"2021-02-21 16:41:49\"",
            "\"fch_proceso\": \"2021-02-21 16:41:49.000\"",
            1,
        )
        .replacen("\"estado\": 1,", "\"estado\": 7,", 1)
        .replacen(
            "\"fch_registro\": \"2021-02-21 16:47:16\"",
            "\"fch_registro\": null",
            1,
        );
    let records = <ConciliacionRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap();
    // `.000` and no milliseconds name the same instant.
    assert_eq!(records[0].fch_proceso, records[1].fch_proceso);
    assert_eq!(records[0].fch_proceso, datetime("2021-02-21 16:41:49"));
    assert_eq!(records[1].estado, PaymentState::Other(7));
    assert_eq!(records[1].fch_registro, None);

    // An empty day: `data: null` or `[]`.
    for empty in [
        r#"{"status": 0, "msg": "ok", "data": null}"#,
        r#"{"status": 0, "msg": "ok", "data": []}"#,
        r#"{"status": "0", "msg": "ok"}"#,
    ] {
        let records = <ConciliacionRequest as Endpoint>::decode(&ok(empty.as_bytes())).unwrap();
        assert!(records.is_empty(), "{empty}");
    }
    assert_biller(
        <ConciliacionRequest as Endpoint>::decode(&ok(fixture!("conciliacion_error_451.json"))),
        "451",
    );
}

#[test]
fn conciliacion_request_date_formats() {
    let request = ConciliacionRequest {
        fecha: date(2020, 2, 3),
        idcommerce: "EMPTEST".into(),
        estado: EstadoFiltro::Synchronised,
    };
    let mut config = config();
    let http = request.to_http(&config).unwrap();
    assert_eq!(http.url, "http://127.0.0.1:9/api/recaudadores/conciliacion");
    assert_eq!(http.header_value("content-type"), Some(JSON_CT));
    assert_eq!(
        body_text(&http),
        r#"{"fecha":"2020-02-03","idcommerce":"EMPTEST","estado":1}"#
    );
    config.conciliacion_date_format = ConciliacionDateFormat::DayFirst;
    let http = request.to_http(&config).unwrap();
    // The document's own example body.
    assert_eq!(
        body_text(&http),
        r#"{"fecha":"03-02-2020","idcommerce":"EMPTEST","estado":1}"#
    );
    let codes = [
        (EstadoFiltro::All, 0),
        (EstadoFiltro::Synchronised, 1),
        (EstadoFiltro::Zombie, 2),
        (EstadoFiltro::Reversed, 4),
    ];
    for (filtro, code) in codes {
        assert_eq!(filtro.code(), code);
    }
    let blank = ConciliacionRequest {
        idcommerce: " ".into(),
        ..request
    };
    assert_eq!(blank.to_http(&config).unwrap_err().code(), "invalid_input");
}

// ---------------------------------------------------------------------------------------------
// The fixtures themselves
// ---------------------------------------------------------------------------------------------

/// Every JSON fixture parses, and holds only the fake identities chosen for the tests.
#[test]
fn fixtures_are_json_with_fake_identities_only() {
    let all: [(&str, &[u8]); 11] = [
        ("token_reply", fixture!("token_reply.json")),
        ("estadocuenta_ok", fixture!("estadocuenta_ok.json")),
        (
            "estadocuenta_error_451",
            fixture!("estadocuenta_error_451.json"),
        ),
        ("registrarpago_ok", fixture!("registrarpago_ok.json")),
        (
            "registrarpago_error_451",
            fixture!("registrarpago_error_451.json"),
        ),
        ("reversapago_ok", fixture!("reversapago_ok.json")),
        (
            "reversapago_error_666",
            fixture!("reversapago_error_666.json"),
        ),
        ("consultarpago_ok", fixture!("consultarpago_ok.json")),
        (
            "consultarpago_error_133",
            fixture!("consultarpago_error_133.json"),
        ),
        ("conciliacion_ok", fixture!("conciliacion_ok.json")),
        (
            "conciliacion_error_451",
            fixture!("conciliacion_error_451.json"),
        ),
    ];
    for (name, body) in all {
        let value: serde_json::Value =
            serde_json::from_slice(body).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut strings = Vec::new();
        collect_strings(&value, &mut strings);
        for s in strings {
            if s.contains('@') {
                assert!(s.trim().ends_with(".test"), "{name}: e-mail {s:?}");
            }
        }
    }
}

fn collect_strings<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push(k);
            collect_strings(v, out)
        }),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Tolerated oddities: `null`, `""`, a number for text and text for a number, ISO date-times for
// dates. Every reply decodes them as absent; what identifies a payment or carries the amount or
// state a decision depends on still fails when missing or garbage.
// ---------------------------------------------------------------------------------------------

/// An estadocuenta reply around `estado_cuenta`'s members.
fn estado(members: &str) -> String {
    format!(r#"{{"status": 0, "msg": "OK", "data": {{"estado_cuenta": {{{members}}}}}}}"#)
}

/// One invoice: the required members (unless `extra` gives its own), then `extra`.
fn factura(extra: &str) -> String {
    let mut members: Vec<&str> = [
        r#""id": 228085"#,
        r#""valor_pagar": 352.70"#,
        r#""deuda_tot_conpro": 491.30"#,
    ]
    .into_iter()
    .filter(|m| !extra.contains(m.split(':').next().unwrap()))
    .collect();
    if !extra.is_empty() {
        members.push(extra);
    }
    format!("{{{}}}", members.join(", "))
}

fn decode_estado(body: &str) -> Result<EstadoCuenta, Error> {
    <EstadoCuentaRequest as Endpoint>::decode(&ok(body.as_bytes()))
}

#[test]
fn estadocuenta_tolerates_nulls_blanks_swapped_types_and_iso_dates() {
    type Check = fn(&EstadoCuenta);
    let datos = r#""datosCliente": {"cl_nombres": "CLIENTE"}"#;
    let rows: Vec<(&str, String, Check)> = vec![
        (
            "facturas and telefonos null",
            estado(&format!(r#"{datos}, "facturas": null, "telefonos": null"#)),
            |e| assert!(e.facturas.is_empty() && e.telefonos.is_empty()),
        ),
        (
            "facturas and telefonos \"\" or missing",
            estado(&format!(r#"{datos}, "facturas": "", "telefonos": """#)),
            |e| assert!(e.facturas.is_empty() && e.telefonos.is_empty()),
        ),
        (
            "datosCliente null",
            estado(r#""datosCliente": null, "facturas": []"#),
            |e| assert_eq!(e.datos_cliente, DatosCliente::default()),
        ),
        (
            "every datosCliente field null",
            estado(
                r#""datosCliente": {"tipo_campana": null, "cl_cedruc": null, "cl_nombres": null,
                    "cl_apellidos": null, "cl_direcc1": null, "cl_direcc2": null,
                    "ciudadcliente": null, "tipo_doc": null, "sexo": null, "cl_email": null}"#,
            ),
            |e| {
                assert_eq!(e.datos_cliente, DatosCliente::default());
                assert_eq!(e.datos_cliente.full_name(), "");
            },
        ),
        (
            "datosCliente: numbers for text, text for numbers, blanks",
            estado(
                r#""datosCliente": {"tipo_campana": "1", "cl_cedruc": 900000001,
                    "cl_nombres": "CLIENTE", "cl_apellidos": "", "sexo": " ", "tipo_doc": true}"#,
            ),
            |e| {
                let c = &e.datos_cliente;
                assert_eq!(c.tipo_campana, Some(1));
                assert_eq!(c.cl_cedruc.as_deref(), Some("900000001"));
                assert_eq!((c.cl_apellidos.as_deref(), c.sexo.as_deref()), (None, None));
                assert_eq!(c.tipo_doc.as_deref(), Some("true"));
                assert_eq!(c.full_name(), "CLIENTE");
            },
        ),
        (
            "an invoice's optional fields null or \"\"",
            estado(&format!(
                r#"{datos}, "facturas": [{}]"#,
                factura(
                    r#""factura": null, "operacion": "", "cliente": null, "credito_fch": null,
                    "credito_valor": "", "item_cant": null, "item_desc": null, "factura_full": "",
                    "credito_cuota": null, "credito_plazo": "", "prox_fecvto": "",
                    "dias_mora": null, "cuotas_pagadas": "", "monto_vencido": null,
                    "deuda_tot_sinpro": "", "tiene_mora": null, "porc_comision": "",
                    "cadena": null"#
                )
            )),
            |e| {
                let f = &e.facturas[0];
                assert_eq!((f.id, f.factura, f.operacion), (228085, None, None));
                assert_eq!((f.credito_fch, f.prox_fecvto), (None, None));
                assert_eq!(
                    (f.credito_plazo, f.dias_mora, f.cuotas_pagadas),
                    (None, None, None)
                );
                assert_eq!((f.credito_valor, f.deuda_tot_sinpro), (None, None));
                assert_eq!(
                    (f.item_desc.as_deref(), f.factura_full.as_deref()),
                    (None, None)
                );
                assert_eq!(f.description(), "");
                assert!(!f.in_arrears());
                assert_eq!(f.valor_pagar, dec("352.70"));
            },
        ),
        (
            "an invoice's fields as text or numbers the other way round",
            estado(&format!(
                r#"{datos}, "facturas": [{}]"#,
                factura(
                    r#""id": "228085", "factura": "4107", "operacion": "57266.0",
                    "cliente": 900000001, "credito_plazo": 12.0, "dias_mora": "175",
                    "valor_pagar": "352.70", "deuda_tot_conpro": "491.30",
                    "factura_full": 8043, "cadena": 7"#
                )
            )),
            |e| {
                let f = &e.facturas[0];
                assert_eq!((f.id, f.factura), (228085, Some(4107)));
                assert_eq!(text(f.operacion), "57266.0");
                assert_eq!(f.cliente.as_deref(), Some("900000001"));
                assert_eq!((f.credito_plazo, f.dias_mora), (Some(12), Some(175)));
                assert_eq!(f.valor_pagar.to_string(), "352.70");
                assert_eq!(f.deuda_tot_conpro.to_string(), "491.30");
                assert_eq!(f.factura_full.as_deref(), Some("8043"));
            },
        ),
        (
            "ISO date-times where dates are shown",
            estado(&format!(
                r#"{datos}, "facturas": [{}, {}, {}]"#,
                factura(
                    r#""credito_fch": "2021-03-08T00:00:00", "prox_fecvto": "2021-08-09T10:15:00""#
                ),
                factura(
                    r#""credito_fch": "2021-03-08T09:30:00.123-05:00",
                    "prox_fecvto": "2021-08-09T23:00:00Z""#
                ),
                factura(r#""credito_fch": "08/03/2021", "prox_fecvto": "20210809""#),
            )),
            |e| {
                for f in &e.facturas {
                    assert_eq!(f.prox_fecvto, Some(date(2021, 8, 9)));
                    assert_eq!(f.credito_fch.map(|t| t.date()), Some(date(2021, 3, 8)));
                }
                assert_eq!(
                    e.facturas[0].credito_fch,
                    Some(datetime("2021-03-08 00:00:00"))
                );
                assert_eq!(
                    e.facturas[1].credito_fch.unwrap().to_string(),
                    "2021-03-08 09:30:00.123"
                );
            },
        ),
        (
            "a phone as a number, or null",
            estado(&format!(
                r#"{datos}, "telefonos": [{{"telefono": 42000001}}, {{"telefono": null}}, {{}}]"#
            )),
            |e| {
                let phones: Vec<&str> = e.telefonos.iter().map(|t| t.telefono.as_str()).collect();
                assert_eq!(phones, ["42000001", "", ""]);
            },
        ),
    ];
    for (label, body, check) in rows {
        let statement = decode_estado(&body).unwrap_or_else(|e| panic!("{label}: {e:?}"));
        check(&statement);
    }
}

#[test]
fn estadocuenta_still_fails_on_a_missing_or_garbage_essential() {
    let datos = r#""datosCliente": {}"#;
    let invoice = |f: &str| estado(&format!(r#"{datos}, "facturas": [{f}]"#));
    for (label, body) in [
        ("no datosCliente", estado(r#""facturas": []"#)),
        ("datosCliente a string", estado(r#""datosCliente": "x""#)),
        (
            "facturas an object",
            estado(&format!(r#"{datos}, "facturas": {}"#, factura(""))),
        ),
        (
            "no invoice id",
            invoice(r#"{"valor_pagar": 1, "deuda_tot_conpro": 1}"#),
        ),
        ("invoice id null", invoice(&factura(r#""id": null"#))),
        ("invoice id blank", invoice(&factura(r#""id": """#))),
        (
            "invoice id garbage",
            invoice(&factura(r#""id": "228085x""#)),
        ),
        (
            "valor_pagar null",
            invoice(&factura(r#""valor_pagar": null"#)),
        ),
        (
            "valor_pagar blank",
            invoice(&factura(r#""valor_pagar": """#)),
        ),
        (
            "no deuda_tot_conpro",
            invoice(r#"{"id": 1, "valor_pagar": 1}"#),
        ),
        (
            "deuda_tot_conpro garbage",
            invoice(&factura(r#""deuda_tot_conpro": "12,50""#)),
        ),
        (
            "deuda_tot_conpro a boolean",
            invoice(&factura(r#""deuda_tot_conpro": true"#)),
        ),
        // Garbage stays garbage even in an optional field.
        (
            "impossible date",
            invoice(&factura(r#""prox_fecvto": "2021-02-30""#)),
        ),
        (
            "text for a count",
            invoice(&factura(r#""dias_mora": "muchos""#)),
        ),
        (
            "an object for text",
            invoice(&factura(r#""item_desc": {"a": 1}"#)),
        ),
    ] {
        let err = decode_estado(&body).expect_err(label);
        assert_eq!(err.code(), "decode", "{label}: {err:?}");
    }
}

#[test]
fn payment_replies_tolerate_oddities_outside_the_payments_identity() {
    let env = |data: &str| format!(r#"{{"status": "0", "msg": null, "data": {data}}}"#);
    let consulta = |data: &str| {
        <ConsultarPagoRequest as Endpoint>::decode(&ok(env(data).as_bytes()))
            .unwrap_or_else(|e| panic!("{data}: {e:?}"))
    };
    let r =
        consulta(r#"{"idtrx": "6", "cod_status": "4", "det_status": null, "num_recibo": 1990078}"#);
    assert_eq!((r.idtrx, r.cod_status), (Some(6), PaymentState::Reversed));
    assert_eq!(
        (r.det_status, r.num_recibo.as_deref()),
        (None, Some("1990078"))
    );
    for idtrx in ["null", r#""""#, "0"] {
        let r = consulta(&format!(r#"{{"idtrx": {idtrx}, "cod_status": -1}}"#));
        assert_eq!(
            (r.payment_id(), r.cod_status),
            (None, PaymentState::Absent),
            "{idtrx}"
        );
    }
    let r = <RegistrarPagoRequest as Endpoint>::decode(&ok(env(r#"{"idtrx": "3455"}"#).as_bytes()))
        .unwrap();
    assert_eq!(r.idtrx, 3455);
    let r =
        <ReversaPagoRequest as Endpoint>::decode(&ok(env(r#"{"num_recibo": null}"#).as_bytes()))
            .unwrap();
    assert_eq!(r.num_recibo, None);

    let conciliacion = env(
        r#"[{"comercio": null, "secuencial": "3", "idtrx": "7", "fch_proceso": "2021-02-21T16:41:49",
            "fch_registro": "", "val_pagado": "5.00", "num_recibo": 19900, "estado": "4",
            "estado_desc": null},
           {"secuencial": 3, "idtrx": 8, "fch_proceso": "2021-02-21T16:41:49.000-05:00",
            "fch_registro": "2021-02-21T16:47:16Z", "val_pagado": 6, "estado": 1}]"#,
    );
    let rows = <ConciliacionRequest as Endpoint>::decode(&ok(conciliacion.as_bytes())).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].secuencial, rows[0].idtrx), (3, 7));
    assert_eq!(rows[0].fch_proceso, datetime("2021-02-21 16:41:49"));
    assert_eq!(rows[1].fch_proceso, datetime("2021-02-21 16:41:49"));
    assert_eq!(
        (rows[0].fch_registro, rows[0].comercio.as_deref()),
        (None, None)
    );
    assert_eq!(rows[1].fch_registro, Some(datetime("2021-02-21 16:47:16")));
    assert_eq!(rows[0].num_recibo.as_deref(), Some("19900"));
    assert_eq!(rows[0].val_pagado.to_string(), "5.00");
    assert_eq!(
        (rows[0].estado, rows[1].estado),
        (PaymentState::Reversed, PaymentState::Synchronised)
    );

    // The token's display fields may be null; its token and lifetime may not.
    let token = r#"{"access_token": "fake-access-token-for-tests", "token_type": null,
        "expires_in": "1209599", "userName": null, ".issued": "", ".expires": null}"#;
    let t = <TokenRequest as Endpoint>::decode(&ok(token.as_bytes())).unwrap();
    assert_eq!(
        (t.expires_in, t.token_type.as_str(), t.user_name),
        (1_209_599, "", None)
    );
}

#[test]
fn payment_replies_still_fail_on_a_missing_or_garbage_identity() {
    let env = |data: &str| format!(r#"{{"status": 0, "msg": "OK", "data": {data}}}"#);
    let row = |field: &str| {
        let mut members = vec![
            r#""secuencial": 3"#.to_owned(),
            r#""idtrx": 7"#.to_owned(),
            r#""fch_proceso": "2021-02-21 16:41:49""#.to_owned(),
            r#""val_pagado": 5.00"#.to_owned(),
            r#""estado": 4"#.to_owned(),
        ];
        let name = field.split(':').next().unwrap().trim();
        members.retain(|m| !m.starts_with(name));
        if !field.ends_with(": -") {
            members.push(field.to_owned());
        }
        env(&format!("[{{{}}}]", members.join(", ")))
    };
    for (label, body) in [
        ("cod_status missing", env(r#"{"idtrx": 6}"#)),
        (
            "cod_status null",
            env(r#"{"idtrx": 6, "cod_status": null}"#),
        ),
        ("cod_status blank", env(r#"{"idtrx": 6, "cod_status": ""}"#)),
        (
            "cod_status garbage",
            env(r#"{"idtrx": 6, "cod_status": "Reversado"}"#),
        ),
        (
            "cod_status a boolean",
            env(r#"{"idtrx": 6, "cod_status": true}"#),
        ),
    ] {
        let err =
            <ConsultarPagoRequest as Endpoint>::decode(&ok(body.as_bytes())).expect_err(label);
        assert_eq!(err.code(), "decode", "{label}: {err:?}");
    }
    for data in [
        "{}",
        r#"{"idtrx": null}"#,
        r#"{"idtrx": ""}"#,
        r#"{"idtrx": "x3455"}"#,
        r#"{"idtrx": 3455.5}"#,
    ] {
        let err =
            <RegistrarPagoRequest as Endpoint>::decode(&ok(env(data).as_bytes())).expect_err(data);
        assert_eq!(err.code(), "decode", "{data}: {err:?}");
    }
    for field in [
        r#""idtrx": -"#,
        r#""idtrx": null"#,
        r#""secuencial": """#,
        r#""fch_proceso": -"#,
        r#""fch_proceso": null"#,
        r#""fch_proceso": """#,
        r#""fch_proceso": "2021-02-30 16:41:49""#,
        r#""val_pagado": null"#,
        r#""val_pagado": "cinco""#,
        r#""estado": -"#,
        r#""estado": null"#,
    ] {
        let body = row(field);
        let err = <ConciliacionRequest as Endpoint>::decode(&ok(body.as_bytes())).expect_err(field);
        assert_eq!(err.code(), "decode", "{field}: {err:?}");
    }
    // The token's lifetime is what its expiry depends on.
    let token = r#"{"access_token": "fake-access-token-for-tests", "token_type": "bearer", "expires_in": null}"#;
    assert_eq!(
        <TokenRequest as Endpoint>::decode(&ok(token.as_bytes()))
            .unwrap_err()
            .code(),
        "decode"
    );
}

/// The tolerance fixtures (not the document's: every oddity at once, seeding the fuzzer too).
#[test]
fn lenient_fixtures_decode() {
    let e = <EstadoCuentaRequest as Endpoint>::decode(&ok(fixture!("estadocuenta_lenient.json")))
        .unwrap();
    assert_eq!(e.datos_cliente.cl_cedruc.as_deref(), Some("900000001"));
    assert_eq!(e.datos_cliente.full_name(), "CLIENTE");
    assert!(e.telefonos.is_empty());
    let f = &e.facturas[0];
    assert_eq!(
        (f.id, f.factura, f.credito_plazo),
        (228_085, Some(4107), Some(12))
    );
    assert_eq!(
        (f.operacion, f.dias_mora, f.cuotas_pendientes),
        (None, None, Some(8))
    );
    assert_eq!(f.credito_fch, Some(datetime("2021-03-08 00:00:00")));
    assert_eq!(f.prox_fecvto, Some(date(2021, 8, 9)));
    assert_eq!(
        (text(Some(f.valor_pagar)), text(Some(f.deuda_tot_conpro))),
        ("352.70".into(), "491.30".into())
    );
    assert!(f.in_arrears());
    let rows =
        <ConciliacionRequest as Endpoint>::decode(&ok(fixture!("conciliacion_lenient.json")))
            .unwrap();
    assert_eq!((rows[0].idtrx, rows[0].estado), (7, PaymentState::Reversed));
    assert_eq!(rows[0].fch_proceso, datetime("2021-02-21 16:41:49"));
    assert_eq!(
        (rows[0].fch_registro, rows[0].num_recibo.as_deref()),
        (None, None)
    );
}
