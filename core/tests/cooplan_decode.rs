//! Cooplan's documented replies and requests, through the public endpoint API.
//!
//! The fixtures in `tests/fixtures/cooplan/` are the response examples of the biller's document
//! (v1.1.1.1) with every personal value replaced by a fake one; see their README. Replies the
//! document does not show (errors, the token) are built inline and marked as assumptions.

use chrono::{NaiveDate, NaiveDateTime};
use recaudo_core::Error;
use recaudo_core::cooplan::*;
use recaudo_core::http::{HttpRequest, HttpResponse, Method};
use recaudo_core::secret::Secret;
use rust_decimal::Decimal;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/cooplan/",
            $name
        ))
        .as_slice()
    };
}

const JSON_CT: &str = "application/json; charset=utf-8";
const FORM_CT: &str = "application/x-www-form-urlencoded; charset=utf-8";
const FAKE_TOKEN: &str = "token-falso-para-pruebas";

fn ok(body: &[u8]) -> HttpResponse {
    HttpResponse::new(200, body)
}

fn credentials() -> Credentials {
    Credentials {
        cod_seguridad: Secret::new("codseg-falso"),
        login: "recaudador@example.test".into(),
        pwd: Secret::new("pwd-falso"),
    }
}

fn config() -> CooplanConfig {
    CooplanConfig::with_base_url("http://127.0.0.1:9/", false, credentials())
        .expect("loopback http is allowed")
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

fn body_text(request: &HttpRequest) -> &str {
    std::str::from_utf8(&request.body).expect("utf-8 body")
}

fn form_pairs(request: &HttpRequest) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(&request.body).unwrap()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// An error envelope as recaudo assumes Cooplan sends one (the document shows none).
fn error_envelope(code: &str, message: &str) -> String {
    format!(
        r#"{{"error": {code}, "status": 0, "message": "{message}", "messageMostrar": 1, "messageSistema": "detalle del sistema", "values": null}}"#
    )
}

fn assert_decode_error(result: Result<impl std::fmt::Debug, Error>, body: &[u8]) {
    let err = result.expect_err("a malformed body must not decode");
    assert_eq!(err.code(), "decode", "{err:?}");
    let Error::Decode { snippet, .. } = &err else {
        unreachable!()
    };
    assert!(snippet.chars().count() <= 201, "{}", snippet.len());
    let head: String = String::from_utf8_lossy(body).chars().take(15).collect();
    assert!(snippet.starts_with(&head), "{snippet:?}");
    assert!(err.to_string().chars().count() < 700);
}

// ---------------------------------------------------------------------------------------------
// 2.2 Buscar cliente
// ---------------------------------------------------------------------------------------------

#[test]
fn buscarcliente_example_decodes_with_its_envelope() {
    let reply =
        <BuscarClienteRequest as Endpoint>::decode(&ok(fixture!("buscarcliente_ok.json"))).unwrap();
    assert_eq!(reply.error, "0");
    assert_eq!(reply.status.as_deref(), Some("1"));
    assert_eq!(reply.message, "");
    assert_eq!(reply.message_mostrar.as_deref(), Some("0"));
    // Blank optional texts are absent.
    assert_eq!(reply.message_sistema, None);
    assert_eq!(reply.values.len(), 1);
    let c = &reply.values[0];
    assert_eq!(c.nombre.as_deref(), Some("Socio De Prueba Uno"));
    assert_eq!(c.name(), "Socio De Prueba Uno");
    assert_eq!(c.factura, Some(5_000_001));
    assert_eq!(c.num_doc, None);
    assert_eq!(c.tipo_documento, None);
    assert_eq!(c.nit, None);
    assert_eq!(c.direccion, None);
    assert_eq!(c.estado, Some(1));
    assert_eq!(c.cod_ubicacion, Some(10_001));
}

#[test]
fn buscarcliente_request_is_the_contract() {
    let request = BuscarClienteRequest {
        contrato: " 1001 ".into(),
    };
    let http = request.to_http(&config()).unwrap();
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.url, "http://127.0.0.1:9/api/buscarcliente");
    assert_eq!(http.header_value("content-type"), Some(JSON_CT));
    assert_eq!(body_text(&http), r#"{"Contrato":"1001"}"#);
    let mut form = config();
    form.encoding = BodyEncoding::Form;
    let http = request.to_http(&form).unwrap();
    assert_eq!(http.header_value("content-type"), Some(FORM_CT));
    assert_eq!(body_text(&http), "Contrato=1001");
    for bad in ["", "  ", "10 01", "1001;x", "1001:2"] {
        let err = BuscarClienteRequest {
            contrato: bad.into(),
        }
        .to_http(&config())
        .unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{bad:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 2.3 Consultar deuda
// ---------------------------------------------------------------------------------------------

#[test]
fn consultardeuda_example_keeps_amounts_exactly() {
    let reply =
        <ConsultarDeudaRequest as Endpoint>::decode(&ok(fixture!("consultardeuda_ok.json")))
            .unwrap();
    let debts = &reply.values;
    assert_eq!(debts.len(), 2);
    let a = &debts[0];
    assert_eq!(a.id.as_deref(), Some("90001"));
    assert_eq!(a.nombre.as_deref(), Some("Socio De Prueba Uno"));
    assert_eq!(a.cod_ubicacion, Some(10_001));
    assert_eq!(a.periodo, "202110");
    assert_eq!(a.factura, 5_000_001);
    assert_eq!(a.monto_total.to_string(), "136.76");
    assert_eq!(a.estado, Some(1));
    let b = &debts[1];
    assert_eq!((b.periodo.as_str(), b.factura), ("202111", 5_000_002));
    assert_eq!(b.monto_total.to_string(), "136.78");
    let total: Decimal = debts.iter().map(|d| d.monto_total).sum();
    assert_eq!(total.to_string(), "273.54");
    assert!(a.is(5_000_001, Some("202110")));
    assert!(!a.is(5_000_001, Some("202111")));
    assert!(a.is(5_000_001, None));

    // One opaque string carries what `realizarpago` needs.
    let r = DebtRef::from_deuda("1001", a);
    assert_eq!(r.to_string(), "5000001:202110:1001:90001");
    assert_eq!("5000001:202110:1001:90001".parse::<DebtRef>().unwrap(), r);
    let p = PaymentRequest::for_debt("1001", a, None).unwrap();
    assert_eq!(
        (
            p.id_factura,
            p.periodo.as_str(),
            p.id_asociado.as_str(),
            p.amount
        ),
        (5_000_001, "202110", "90001", dec("136.76"))
    );
    assert_eq!(p.balance, Some(dec("136.76")));
}

#[test]
fn consultardeuda_reads_amounts_as_numbers_and_null_values_as_empty() {
    let full = std::str::from_utf8(fixture!("consultardeuda_ok.json")).unwrap();
    let variant = full
        .replacen("\"montoTotal\": \"136.76\"", "\"montoTotal\": 136.760", 1)
        .replacen("\"ID\": 90001", "\"ID\": \"90001\"", 1)
        .replacen("\"error\": 0", "\"error\": \"0\"", 1);
    let reply = <ConsultarDeudaRequest as Endpoint>::decode(&ok(variant.as_bytes())).unwrap();
    assert_eq!(reply.values[0].monto_total.to_string(), "136.760");
    assert_eq!(reply.values[0].id.as_deref(), Some("90001"));
    let none = <ConsultarDeudaRequest as Endpoint>::decode(&ok(
        br#"{"error":0,"status":1,"message":"","messageMostrar":0,"messageSistema":"","values":null}"#,
    ))
    .unwrap();
    assert!(none.values.is_empty());
    // A float-looking amount never becomes a double: 0.1 + 0.2 stays 0.3.
    let sum = full
        .replacen("\"136.76\"", "0.1", 1)
        .replacen("\"136.78\"", "\"0.2\"", 1);
    let reply = <ConsultarDeudaRequest as Endpoint>::decode(&ok(sum.as_bytes())).unwrap();
    let total: Decimal = reply.values.iter().map(|d| d.monto_total).sum();
    assert_eq!(total.to_string(), "0.3");
}

// ---------------------------------------------------------------------------------------------
// 2.4 Realizar pago
// ---------------------------------------------------------------------------------------------

fn realizar(monto: &str) -> RealizarPagoRequest {
    RealizarPagoRequest {
        id_factura: 5_000_001,
        periodo: "202110".into(),
        contrato: "1001".into(),
        monto: dec(monto),
        id_asociado: "90001".into(),
    }
}

#[test]
fn realizarpago_example_decodes() {
    let reply =
        <RealizarPagoRequest as Endpoint>::decode(&ok(fixture!("realizarpago_ok.json"))).unwrap();
    assert_eq!(reply.message, "Transaccion realizada con exito");
    assert_eq!(reply.values.id_cobranza, "4200001");
    assert_eq!(
        reply.values.fecha_pago_empresa,
        NaiveDateTime::parse_from_str("2021-11-26 12:11:52", "%Y-%m-%d %H:%M:%S").unwrap()
    );
    // IdCobranza as a number is kept as its digits.
    let full = std::str::from_utf8(fixture!("realizarpago_ok.json")).unwrap();
    let numeric = full.replace("\"4200001\"", "4200001");
    let reply = <RealizarPagoRequest as Endpoint>::decode(&ok(numeric.as_bytes())).unwrap();
    assert_eq!(reply.values.id_cobranza, "4200001");
    // A success without the documented values is not a success.
    let missing = full.replace("\"FechaPagoEmpresa\": \"26/11/2021 12:11:52\"", "\"x\": 1");
    assert_decode_error(
        <RealizarPagoRequest as Endpoint>::decode(&ok(missing.as_bytes())),
        missing.as_bytes(),
    );
}

#[test]
fn realizarpago_request_follows_the_example_with_two_decimals() {
    // The document's example: IdFactura = 4303567, Periodo = "202110", Contrato = "315",
    // Monto = 145.7, IdAsociado = "12394" (ids replaced by fake ones).
    let http = realizar("145.7").to_http(&config()).unwrap();
    assert_eq!(http.url, "http://127.0.0.1:9/api/realizarpago");
    assert_eq!(
        body_text(&http),
        r#"{"IdFactura":5000001,"Periodo":"202110","Contrato":"1001","Monto":145.70,"IdAsociado":"90001"}"#
    );
    let mut text = config();
    text.amount_json = JsonScalar::Text;
    assert!(body_text(&realizar("145.7").to_http(&text).unwrap()).contains(r#""Monto":"145.70""#));
    let mut form = config();
    form.encoding = BodyEncoding::Form;
    assert_eq!(
        form_pairs(&realizar("5").to_http(&form).unwrap()),
        pairs(&[
            ("IdFactura", "5000001"),
            ("Periodo", "202110"),
            ("Contrato", "1001"),
            ("Monto", "5.00"),
            ("IdAsociado", "90001"),
        ])
    );
}

#[test]
fn realizarpago_refuses_bad_input_before_building() {
    let cases: Vec<(RealizarPagoRequest, &str)> = vec![
        (realizar("0"), "invalid_amount"),
        (realizar("-1.00"), "invalid_amount"),
        (realizar("1.005"), "invalid_amount"),
        (
            RealizarPagoRequest {
                id_factura: 0,
                ..realizar("1")
            },
            "invalid_input",
        ),
        (
            RealizarPagoRequest {
                periodo: "2021-10".into(),
                ..realizar("1")
            },
            "invalid_input",
        ),
        (
            RealizarPagoRequest {
                periodo: "202113".into(),
                ..realizar("1")
            },
            "invalid_input",
        ),
        (
            RealizarPagoRequest {
                contrato: "".into(),
                ..realizar("1")
            },
            "invalid_input",
        ),
        (
            RealizarPagoRequest {
                id_asociado: "9 0".into(),
                ..realizar("1")
            },
            "invalid_input",
        ),
    ];
    for (request, code) in cases {
        let err = request.to_http(&config()).unwrap_err();
        assert_eq!(err.code(), code, "{request:?}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// 2.5 Imprimir factura
// ---------------------------------------------------------------------------------------------

#[test]
fn imprimirfactura_example_decodes_values_as_text() {
    let reply =
        <ImprimirFacturaRequest as Endpoint>::decode(&ok(fixture!("imprimirfactura_ok.json")))
            .unwrap();
    assert_eq!(reply.values, "Transacción realizada con exito");
    assert_eq!(reply.message, "");
}

#[test]
fn imprimirfactura_and_revertirpago_requests_send_idcobranza_as_configured() {
    let print = ImprimirFacturaRequest {
        id_factura: 5_000_001,
        id_cobranza: "4200001".into(),
    };
    let http = print.to_http(&config()).unwrap();
    assert_eq!(http.url, "http://127.0.0.1:9/api/imprimirfactura");
    assert_eq!(
        body_text(&http),
        r#"{"IdFactura":5000001,"IdCobranza":"4200001"}"#
    );
    let reverse = RevertirPagoRequest {
        id_factura: 5_000_001,
        id_cobranza: "4200001".into(),
    };
    let mut numeric = config();
    numeric.id_cobranza_json = JsonScalar::Number;
    let http = reverse.to_http(&numeric).unwrap();
    assert_eq!(http.url, "http://127.0.0.1:9/api/revertirpago");
    assert_eq!(
        body_text(&http),
        r#"{"IdFactura":5000001,"IdCobranza":4200001}"#
    );
    // Only digits can be written as a number; text ids must still be codes.
    let odd = RevertirPagoRequest {
        id_factura: 5_000_001,
        id_cobranza: "C-1".into(),
    };
    assert_eq!(odd.to_http(&numeric).unwrap_err().code(), "invalid_input");
    assert!(odd.to_http(&config()).is_ok());
    for bad in ["", "42 00", "42\u{7}00"] {
        let r = ImprimirFacturaRequest {
            id_factura: 5_000_001,
            id_cobranza: bad.into(),
        };
        assert_eq!(r.to_http(&config()).unwrap_err().code(), "invalid_input");
    }
}

// ---------------------------------------------------------------------------------------------
// 2.6 Reporte cobranzas
// ---------------------------------------------------------------------------------------------

#[test]
fn reportecobranzas_example_is_text_that_proves_nothing() {
    let reply =
        <ReporteCobranzasRequest as Endpoint>::decode(&ok(fixture!("reportecobranzas_ok.json")))
            .unwrap();
    assert_eq!(
        reply.values,
        ReporteCobranzas::Texto("Transacción realizada con éxito".into())
    );
    assert!(reply.values.cobranzas().is_none());
}

#[test]
fn reportecobranzas_reads_a_list_of_collections() {
    // Not in the document: the shape the simulator (and recovery) uses.
    let body = br#"{"error":0,"status":1,"message":"","messageMostrar":0,"messageSistema":"","values":[
        {"IdCobranza":"4200001","IdFactura":5000001,"Periodo":"202110","Contrato":"1001","IdAsociado":"90001","Monto":"136.76","FechaPagoEmpresa":"26/11/2021 12:11:52","Estado":1},
        {"IdCobranza":4200002,"IdFactura":"5000002","Periodo":202111,"Monto":136.78,"Estado":0}]}"#;
    let reply = <ReporteCobranzasRequest as Endpoint>::decode(&ok(body)).unwrap();
    let rows = reply.values.cobranzas().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].id_cobranza.as_deref(), Some("4200001"));
    assert_eq!(rows[0].monto.unwrap().to_string(), "136.76");
    assert!(rows[0].matches(5_000_001, "202110", "1001", Some(dec("136.760"))));
    assert!(!rows[0].matches(5_000_001, "202110", "1001", Some(dec("136.75"))));
    assert!(!rows[0].matches(5_000_001, "202111", "1001", None));
    assert!(!rows[0].is_reversed());
    assert_eq!(rows[1].id_cobranza.as_deref(), Some("4200002"));
    assert_eq!(rows[1].periodo.as_deref(), Some("202111"));
    assert!(rows[1].is_reversed());
    assert!(rows[1].is_collection(" 4200002 "));

    let http = ReporteCobranzasRequest {
        fecha: NaiveDate::from_ymd_opt(2021, 11, 5).unwrap(),
    }
    .to_http(&config())
    .unwrap();
    assert_eq!(http.url, "http://127.0.0.1:9/api/reportecobranzas");
    assert_eq!(body_text(&http), r#"{"Fecha":"2021-11-05"}"#);
}

// ---------------------------------------------------------------------------------------------
// 2.6 Revertir pago
// ---------------------------------------------------------------------------------------------

#[test]
fn revertirpago_example_decodes_and_only_one_is_success() {
    let reply =
        <RevertirPagoRequest as Endpoint>::decode(&ok(fixture!("revertirpago_ok.json"))).unwrap();
    assert_eq!(reply.values, "1");
    assert_eq!(reply.message, " Transacción realizada con éxito ");
    let full = std::str::from_utf8(fixture!("revertirpago_ok.json")).unwrap();
    for other in ["0", "null", "\"no\""] {
        let body = full.replace("\"values\": 1", &format!("\"values\": {other}"));
        let err = <RevertirPagoRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap_err();
        assert_eq!(err.code(), "decode", "{other}");
        assert!(err.may_have_reached_biller(), "resolved by asking");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors (assumed shapes: the document shows none)
// ---------------------------------------------------------------------------------------------

#[test]
fn error_envelopes_keep_code_and_message_verbatim() {
    let body = error_envelope("1", "La factura no está pendiente de pago");
    type Decode = fn(&HttpResponse) -> Result<(), Error>;
    let checks: [Decode; 6] = [
        |r| <BuscarClienteRequest as Endpoint>::decode(r).map(drop),
        |r| <ConsultarDeudaRequest as Endpoint>::decode(r).map(drop),
        |r| <RealizarPagoRequest as Endpoint>::decode(r).map(drop),
        |r| <ImprimirFacturaRequest as Endpoint>::decode(r).map(drop),
        |r| <ReporteCobranzasRequest as Endpoint>::decode(r).map(drop),
        |r| <RevertirPagoRequest as Endpoint>::decode(r).map(drop),
    ];
    for decode in checks {
        let err = decode(&ok(body.as_bytes())).unwrap_err();
        assert_eq!(
            err,
            Error::Biller {
                biller_code: "1".into(),
                biller_message: "La factura no está pendiente de pago".into(),
                http_status: 200,
            }
        );
    }
    // A string code, a blank message: the system message is the one kept.
    let body = r#"{"error":"E-17","status":0,"message":" ","messageMostrar":1,"messageSistema":"timeout BD","values":null}"#;
    let err = <RealizarPagoRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap_err();
    assert_eq!(err.biller_code(), Some("E-17"));
    assert_eq!(err.biller_message(), Some("timeout BD"));
}

#[test]
fn http_failures_and_truncated_bodies() {
    let denied = error_envelope("401", "Token inválido o expirado");
    let err = <ConsultarDeudaRequest as Endpoint>::decode(&HttpResponse::new(401, denied.as_str()))
        .unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(err.biller_message(), Some("Token inválido o expirado"));
    // Even a success body under HTTP 500 is not a success.
    let err = <RealizarPagoRequest as Endpoint>::decode(&HttpResponse::new(
        500,
        fixture!("realizarpago_ok.json"),
    ))
    .unwrap_err();
    assert_eq!((err.code(), err.http_status()), ("http_status", Some(500)));
    assert!(err.may_have_reached_biller());
    let full = fixture!("consultardeuda_ok.json");
    for cut in [1, 20, full.len() / 2, full.len() - 2] {
        let body = &full[..cut];
        assert_decode_error(<ConsultarDeudaRequest as Endpoint>::decode(&ok(body)), body);
    }
    let html = "<html>".to_owned() + &"x".repeat(3_000);
    assert_decode_error(
        <RealizarPagoRequest as Endpoint>::decode(&ok(html.as_bytes())),
        html.as_bytes(),
    );
}

// ---------------------------------------------------------------------------------------------
// Token (section 2.1 is missing: every shape here is recaudo's assumption)
// ---------------------------------------------------------------------------------------------

fn token_reply(values: &str) -> String {
    format!(
        r#"{{"error":0,"status":1,"message":"Token generado","messageMostrar":0,"messageSistema":"","values":{values}}}"#
    )
}

#[test]
fn token_request_sends_the_three_credentials_under_configurable_names() {
    let request = TokenRequest {
        cod_seguridad: Secret::new("codseg-falso"),
        login: "recaudador@example.test".into(),
        pwd: Secret::new("pwd-falso"),
    };
    let http = request.to_http(&config()).unwrap();
    assert_eq!(http.url, "http://127.0.0.1:9/api/token");
    assert_eq!(
        body_text(&http),
        r#"{"CodSeguridad":"codseg-falso","Login":"recaudador@example.test","Pwd":"pwd-falso"}"#
    );
    assert!(http.header_value("authorization").is_none());
    for shown in [format!("{request:?}"), format!("{http:?}")] {
        assert!(
            !shown.contains("codseg-falso") && !shown.contains("pwd-falso"),
            "{shown}"
        );
    }
    let mut custom = config();
    custom.paths.token = "api/login".into();
    custom.encoding = BodyEncoding::Form;
    custom.token_service.cod_seguridad_field = "tcCodigo".into();
    custom.token_service.login_field = "tcLogin".into();
    custom.token_service.pwd_field = "tcPassword".into();
    let http = request.to_http(&custom).unwrap();
    assert_eq!(http.url, "http://127.0.0.1:9/api/login");
    assert_eq!(
        form_pairs(&http),
        pairs(&[
            ("tcCodigo", "codseg-falso"),
            ("tcLogin", "recaudador@example.test"),
            ("tcPassword", "pwd-falso"),
        ])
    );
    let empty = TokenRequest {
        pwd: Secret::new(""),
        ..request
    };
    assert_eq!(empty.to_http(&config()).unwrap_err().code(), "config");
}

#[test]
fn the_token_is_found_at_the_configured_locations_and_never_shown() {
    let pointers = TokenService::default().token_pointers;
    for values in [
        format!(r#"{{"accessToken":"{FAKE_TOKEN}"}}"#),
        format!(r#"{{"token":"{FAKE_TOKEN}"}}"#),
        format!(r#""{FAKE_TOKEN}""#),
    ] {
        let body = token_reply(&values);
        let reply = <TokenRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap();
        assert_eq!(
            reply.token(&pointers).unwrap().expose(),
            FAKE_TOKEN,
            "{values}"
        );
        let issued = reply
            .issued_token(&pointers, std::time::Duration::from_secs(60))
            .unwrap();
        assert_eq!(issued.lifetime.as_secs(), 60);
        assert!(!format!("{reply:?}{issued:?}").contains(FAKE_TOKEN));
    }
    // Somewhere else: only found when configured.
    let body = token_reply(&format!(r#"{{"data":{{"jwt":"{FAKE_TOKEN}"}}}}"#));
    let reply = <TokenRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap();
    let err = reply.token(&pointers).unwrap_err();
    assert_eq!(err.code(), "decode");
    assert!(!format!("{err}{err:?}").contains(FAKE_TOKEN));
    assert_eq!(
        reply
            .token(&["/values/data/jwt".to_owned()])
            .unwrap()
            .expose(),
        FAKE_TOKEN
    );
}

#[test]
fn token_refusals_are_auth_errors_and_garbled_replies_never_leak_the_token() {
    let refused = error_envelope("1", "Credenciales inválidas");
    let err = <TokenRequest as Endpoint>::decode(&ok(refused.as_bytes())).unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(err.biller_code(), Some("1"));
    assert_eq!(err.biller_message(), Some("Credenciales inválidas"));
    let full = token_reply(&format!(r#"{{"accessToken":"{FAKE_TOKEN}"}}"#));
    let cut = &full[..full.find(FAKE_TOKEN).unwrap() + FAKE_TOKEN.len()];
    for (status, body) in [(200u16, cut), (500, full.as_str()), (404, full.as_str())] {
        let err = <TokenRequest as Endpoint>::decode(&HttpResponse::new(status, body)).unwrap_err();
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(!shown.contains(FAKE_TOKEN), "HTTP {status}: {shown}");
        }
    }
    let err = <TokenRequest as Endpoint>::decode(&HttpResponse::new(401, "")).unwrap_err();
    assert_eq!(err.code(), "auth");
}

// ---------------------------------------------------------------------------------------------
// Base URLs
// ---------------------------------------------------------------------------------------------

#[test]
fn the_plain_http_live_uri_is_refused_unless_allowed() {
    let err = CooplanConfig::live(credentials(), false).unwrap_err();
    assert_eq!(err.code(), "insecure_url");
    assert!(
        err.to_string()
            .contains("servicioscooplan.pagofacil.com.bo")
    );
    let err = CooplanConfig::new(Environment::Live, credentials(), false).unwrap_err();
    assert_eq!(err.code(), "insecure_url");

    let live = CooplanConfig::live(credentials(), true).unwrap();
    let http = BuscarClienteRequest {
        contrato: "1001".into(),
    }
    .to_http(&live)
    .unwrap();
    assert_eq!(
        http.url,
        "http://servicioscooplan.pagofacil.com.bo/api/buscarcliente"
    );
    let sandbox = CooplanConfig::sandbox(credentials());
    assert_eq!(
        sandbox.base_url.as_str(),
        "https://servicioscooplan.pagofacil.com.bo/"
    );
    assert_eq!(sandbox.auth_headers, ["Authorization", "autorizacion"]);
}

// ---------------------------------------------------------------------------------------------
// IdCobranza in requests: each endpoint's example type
// ---------------------------------------------------------------------------------------------

#[test]
fn idcobranza_requests_follow_each_endpoints_example() {
    let config = config();
    // imprimirfactura's example: `IdCobranza = "4224330"`, text.
    let print = ImprimirFacturaRequest {
        id_factura: 5_000_001,
        id_cobranza: " 4200001 ".into(),
    };
    assert_eq!(
        body_text(&print.to_http(&config).unwrap()),
        r#"{"IdFactura":5000001,"IdCobranza":"4200001"}"#
    );
    // revertirpago's example: `IdCobranza = 23456422`, a number, with the default configuration.
    let reverse = |id: &str| RevertirPagoRequest {
        id_factura: 5_000_001,
        id_cobranza: id.into(),
    };
    assert_eq!(
        body_text(&reverse(" 4200001 ").to_http(&config).unwrap()),
        r#"{"IdFactura":5000001,"IdCobranza":4200001}"#
    );
    // An id a JSON number cannot carry (a leading zero, a letter) goes as text, not refused.
    assert_eq!(
        body_text(&reverse("04200001").to_http(&config).unwrap()),
        r#"{"IdFactura":5000001,"IdCobranza":"04200001"}"#
    );
    assert_eq!(
        body_text(&reverse("C-1").to_http(&config).unwrap()),
        r#"{"IdFactura":5000001,"IdCobranza":"C-1"}"#
    );
    // A form body writes both as text.
    let mut form = config.clone();
    form.encoding = BodyEncoding::Form;
    assert_eq!(
        form_pairs(&reverse("4200001").to_http(&form).unwrap()),
        pairs(&[("IdFactura", "5000001"), ("IdCobranza", "4200001")])
    );
    assert_eq!(
        form_pairs(&print.to_http(&form).unwrap()),
        pairs(&[("IdFactura", "5000001"), ("IdCobranza", "4200001")])
    );
}

// ---------------------------------------------------------------------------------------------
// Tolerated oddities: `null`, `""`, a number for text and text for a number, ISO date-times,
// and `values` as a list, one object or nothing. What a payment or a decision depends on (the
// envelope's `error`, a debt's invoice, period and amount, a collection's id) still fails when
// missing or garbage.
// ---------------------------------------------------------------------------------------------

fn envelope(values: &str) -> String {
    format!(
        r#"{{"error": 0, "status": 1, "message": null, "messageMostrar": "", "messageSistema": null, "values": {values}}}"#
    )
}

const DEUDA: &str =
    r#"{"ID": 90001, "periodo": "202110", "factura": 5000001, "montoTotal": "136.76"}"#;

fn decode_deudas(body: &str) -> Result<Vec<Deuda>, Error> {
    <ConsultarDeudaRequest as Endpoint>::decode(&ok(body.as_bytes())).map(|e| e.values)
}

#[test]
fn consultardeuda_values_are_a_list_one_object_or_nothing() {
    let deudas = |values: &str| {
        decode_deudas(&envelope(values)).unwrap_or_else(|e| panic!("{values}: {e:?}"))
    };
    assert_eq!(deudas(&format!("[{DEUDA}, {DEUDA}]")).len(), 2);
    let one = deudas(DEUDA);
    assert_eq!(one.len(), 1, "a single object is one debt");
    assert_eq!(
        (one[0].factura, one[0].monto_total),
        (5_000_001, dec("136.76"))
    );
    for nothing in [r#""""#, r#"" ""#, "null", "[]"] {
        assert!(deudas(nothing).is_empty(), "{nothing}: nothing pending");
    }
    let missing = r#"{"error": 0, "status": 1, "message": ""}"#;
    assert!(decode_deudas(missing).unwrap().is_empty());
    // A string that says something, or a number, is not "nothing pending".
    for garbage in [r#""sin deuda""#, "5", "true"] {
        let err = decode_deudas(&envelope(garbage)).expect_err(garbage);
        assert_eq!(err.code(), "decode", "{garbage}");
    }
    // buscarcliente's list reads the same way.
    let clientes = |values: &str| {
        <BuscarClienteRequest as Endpoint>::decode(&ok(envelope(values).as_bytes()))
            .unwrap()
            .values
    };
    assert_eq!(
        clientes(r#"{"Nombre": "Socio De Prueba Uno", "Factura": "5000001"}"#).len(),
        1
    );
    assert!(clientes(r#""""#).is_empty());
}

#[test]
fn cooplan_replies_tolerate_nulls_blanks_swapped_types_and_iso_dates() {
    let deuda = decode_deudas(&envelope(
        r#"{"ID": null, "Nombre": "", "CodUbicacion": "", "periodo": 202110,
            "factura": "5000001", "montoTotal": 136.76, "estado": null}"#,
    ))
    .unwrap();
    let d = &deuda[0];
    assert_eq!((d.id.as_deref(), d.nombre.as_deref()), (None, None));
    assert_eq!((d.cod_ubicacion, d.estado), (None, None));
    assert_eq!((d.periodo.as_str(), d.factura), ("202110", 5_000_001));
    assert_eq!(d.monto_total.to_string(), "136.76");
    let env = <ConsultarDeudaRequest as Endpoint>::decode(&ok(envelope("[]").as_bytes())).unwrap();
    assert_eq!(
        (
            env.message.as_str(),
            env.message_mostrar,
            env.message_sistema
        ),
        ("", None, None)
    );

    let cliente = <BuscarClienteRequest as Endpoint>::decode(&ok(envelope(
        r#"[{"Nombre": 12345, "Factura": "", "NumDoc": 4000001, "Nit": null, "estado": "1",
            "CodUbicacion": null}]"#,
    )
    .as_bytes()))
    .unwrap();
    let c = &cliente.values[0];
    assert_eq!(
        (c.name(), c.factura, c.num_doc.as_deref()),
        ("12345", None, Some("4000001"))
    );
    assert_eq!(
        (c.nit.as_deref(), c.estado, c.cod_ubicacion),
        (None, Some(1), None)
    );

    // IdCobranza as a number or text; FechaPagoEmpresa in the document's form or ISO.
    for (values, hms) in [
        (
            r#"{"IdCobranza": 4200001, "FechaPagoEmpresa": "26/11/2021 12:11:52"}"#,
            "12:11:52",
        ),
        (
            r#"{"IdCobranza": "4200001", "FechaPagoEmpresa": "2021-11-26T12:11:52"}"#,
            "12:11:52",
        ),
        (
            r#"{"IdCobranza": 4200001, "FechaPagoEmpresa": "2021-11-26T12:11:52.000-04:00"}"#,
            "12:11:52",
        ),
        (
            r#"{"IdCobranza": "4200001", "FechaPagoEmpresa": "26/11/2021 12:11"}"#,
            "12:11:00",
        ),
    ] {
        let paid = <RealizarPagoRequest as Endpoint>::decode(&ok(envelope(values).as_bytes()))
            .unwrap_or_else(|e| panic!("{values}: {e:?}"));
        assert_eq!(paid.values.id_cobranza, "4200001", "{values}");
        let expected = format!("2021-11-26 {hms}");
        assert_eq!(
            paid.values.fecha_pago_empresa,
            NaiveDateTime::parse_from_str(&expected, "%Y-%m-%d %H:%M:%S").unwrap(),
            "{values}"
        );
    }

    // Report rows: every field optional, numbers and text either way, ISO dates.
    let report = <ReporteCobranzasRequest as Endpoint>::decode(&ok(envelope(
        r#"[{"IdCobranza": 4200001, "IdFactura": "5000001", "Periodo": 202110, "Contrato": 1001,
             "IdAsociado": null, "Monto": "136.76", "FechaPagoEmpresa": "2021-11-26T12:11:52",
             "Estado": "1"},
            {"IdCobranza": "4200002", "IdFactura": 5000002, "Monto": "", "FechaPagoEmpresa": "",
             "Estado": null, "Contrato": ""}]"#,
    )
    .as_bytes()))
    .unwrap();
    let rows = report.values.cobranzas().unwrap();
    assert!(rows[0].matches(5_000_001, "202110", "1001", Some(dec("136.76"))));
    assert!(rows[0].is_collection("4200001") && !rows[0].is_reversed());
    assert_eq!(
        rows[0].fecha_pago_empresa.map(|t| t.to_string()),
        Some("2021-11-26 12:11:52".to_owned())
    );
    assert_eq!(
        (rows[1].monto, rows[1].fecha_pago_empresa, rows[1].estado),
        (None, None, None)
    );
    assert_eq!(
        (rows[1].contrato.as_deref(), rows[1].id_asociado.as_deref()),
        (None, None)
    );
    // A string stays a string that proves nothing, whatever it says.
    for (values, text) in [
        (r#""""#, ""),
        (r#""Sin cobranzas""#, "Sin cobranzas"),
        ("null", "null"),
    ] {
        let report =
            <ReporteCobranzasRequest as Endpoint>::decode(&ok(envelope(values).as_bytes()))
                .unwrap();
        assert_eq!(
            report.values,
            ReporteCobranzas::Texto(text.into()),
            "{values}"
        );
        assert!(report.values.cobranzas().is_none());
    }
    // revertirpago's `1` as a number, as text or as `true`.
    for values in ["1", r#""1""#, "true", "1.0"] {
        let reply = <RevertirPagoRequest as Endpoint>::decode(&ok(envelope(values).as_bytes()));
        match values {
            "1.0" => assert_eq!(reply.unwrap_err().code(), "decode", "not exactly 1"),
            _ => assert_eq!(reply.unwrap().values, "1", "{values}"),
        }
    }
}

#[test]
fn cooplan_replies_still_fail_on_a_missing_or_garbage_essential() {
    let deuda = |field: &str| {
        let name = field.split(':').next().unwrap();
        let mut members: Vec<&str> = vec![
            r#""periodo": "202110""#,
            r#""factura": 5000001"#,
            r#""montoTotal": "136.76""#,
        ];
        members.retain(|m| !m.starts_with(name));
        if !field.ends_with('-') {
            members.push(field);
        }
        envelope(&format!("[{{{}}}]", members.join(", ")))
    };
    for field in [
        r#""factura": -"#,
        r#""factura": null"#,
        r#""factura": """#,
        r#""factura": "F-1""#,
        r#""montoTotal": -"#,
        r#""montoTotal": null"#,
        r#""montoTotal": """#,
        r#""montoTotal": "136,76""#,
        r#""periodo": -"#,
        r#""periodo": null"#,
        r#""periodo": """#,
    ] {
        let err = decode_deudas(&deuda(field)).expect_err(field);
        assert_eq!(err.code(), "decode", "{field}: {err:?}");
    }
    for values in [
        r#"{"FechaPagoEmpresa": "26/11/2021 12:11:52"}"#,
        r#"{"IdCobranza": null, "FechaPagoEmpresa": "26/11/2021 12:11:52"}"#,
        r#"{"IdCobranza": "", "FechaPagoEmpresa": "26/11/2021 12:11:52"}"#,
        r#"{"IdCobranza": true, "FechaPagoEmpresa": "26/11/2021 12:11:52"}"#,
        r#"{"IdCobranza": "4200001", "FechaPagoEmpresa": "31/02/2021 12:11:52"}"#,
        r#"{"IdCobranza": "4200001", "FechaPagoEmpresa": "ayer"}"#,
        r#""4200001""#,
    ] {
        let err = <RealizarPagoRequest as Endpoint>::decode(&ok(envelope(values).as_bytes()))
            .expect_err(values);
        assert_eq!(err.code(), "decode", "{values}: {err:?}");
    }
    // The envelope's `error` decides success: missing, null, blank or garbage is never success.
    for body in [
        r#"{"status": 1, "values": []}"#,
        r#"{"error": null, "status": 1, "values": []}"#,
        r#"{"error": "", "status": 1, "values": []}"#,
        r#"{"error": {"code": 0}, "status": 1, "values": []}"#,
        r#"{"error": [0], "status": 1, "values": []}"#,
        r#"{"error": true, "status": 1, "values": []}"#,
        r#"{"error": 0, "status": {"a": 1}, "values": []}"#,
    ] {
        let err = decode_deudas(body).expect_err(body);
        assert_eq!(err.code(), "decode", "{body}: {err:?}");
    }
}

/// The tolerance fixtures (not the document's: every oddity at once, seeding the fuzzer too).
#[test]
fn lenient_fixtures_decode() {
    let one = <ConsultarDeudaRequest as Endpoint>::decode(&ok(fixture!(
        "consultardeuda_one_object.json"
    )))
    .unwrap();
    assert_eq!(one.values.len(), 1);
    let d = &one.values[0];
    assert_eq!(
        (d.factura, d.periodo.as_str(), d.monto_total),
        (5_000_001, "202110", dec("136.76"))
    );
    assert_eq!(
        (d.id.as_deref(), d.cod_ubicacion, d.estado),
        (None, None, None)
    );
    let none = <ConsultarDeudaRequest as Endpoint>::decode(&ok(fixture!(
        "consultardeuda_nothing_pending.json"
    )))
    .unwrap();
    assert!(none.values.is_empty());
    let paid =
        <RealizarPagoRequest as Endpoint>::decode(&ok(fixture!("realizarpago_lenient.json")))
            .unwrap();
    assert_eq!(paid.values.id_cobranza, "4200001");
    assert_eq!(
        paid.values.fecha_pago_empresa.to_string(),
        "2021-11-26 12:11:52"
    );
    let report = <ReporteCobranzasRequest as Endpoint>::decode(&ok(fixture!(
        "reportecobranzas_lenient_rows.json"
    )))
    .unwrap();
    let rows = report.values.cobranzas().unwrap();
    assert!(rows[0].matches(5_000_001, "202110", "1001", Some(dec("136.76"))));
    assert_eq!(
        (
            rows[1].monto,
            rows[1].fecha_pago_empresa,
            rows[1].contrato.as_deref()
        ),
        (None, None, None)
    );
}
