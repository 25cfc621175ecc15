//! Zoom's documented replies and the requests recaudo builds, through the public endpoint API.
//!
//! The fixtures in `tests/fixtures/zoom/` are the response examples of Zoom's document with
//! every personal, credential or account value replaced by a fake one; see their README.
#![cfg(feature = "zoom")]

use chrono::{NaiveDate, NaiveDateTime};
use recaudo_core::Error;
use recaudo_core::http::{HttpRequest, HttpResponse, Method};
use recaudo_core::secret::Secret;
use recaudo_core::zoom::*;
use rust_decimal::Decimal;
use serde_json::Value;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/zoom/",
            $name
        ))
        .as_slice()
    };
}

const FORM_CT: &str = "application/x-www-form-urlencoded; charset=utf-8";
const JSON_CT: &str = "application/json; charset=utf-8";

fn ok(body: &[u8]) -> HttpResponse {
    HttpResponse::new(200, body)
}

fn config() -> ZoomConfig {
    ZoomConfig::new(
        "http://127.0.0.1:9/zoom",
        false,
        Credentials::Login {
            login: "recaudador@example.test".into(),
            password: Secret::new("clave-de-prueba"),
        },
    )
    .expect("loopback http is allowed")
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

/// An amount's text as decoded: proves the digits survived exactly (no float in between).
fn text(value: Option<Decimal>) -> String {
    value.expect("amount present").to_string()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn datetime(t: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn body_text(request: &HttpRequest) -> &str {
    std::str::from_utf8(&request.body).expect("utf-8 body")
}

fn form_pairs(request: &HttpRequest) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(&request.body).unwrap()
}

fn assert_decode_error(result: Result<impl std::fmt::Debug, Error>, body: &[u8]) {
    let err = result.expect_err("a malformed body must not decode");
    assert_eq!(err.code(), "decode", "{err:?}");
    let Error::Decode { snippet, .. } = &err else {
        unreachable!()
    };
    assert!(snippet.chars().count() <= 201);
    let head: String = String::from_utf8_lossy(body).chars().take(20).collect();
    assert!(snippet.starts_with(&head), "{snippet:?}");
    assert!(err.to_string().chars().count() < 900);
}

// ---------------------------------------------------------------------------------------------
// Pay button: getNroControlWS, getXmlWS
// ---------------------------------------------------------------------------------------------

#[test]
fn nro_control_example_decodes() {
    let c = <NroControlRequest as Endpoint>::decode(&ok(fixture!("nrocontrol_ok.json"))).unwrap();
    assert_eq!(c.control, "6000000001");
    assert_eq!(c.factura.as_deref(), Some("10000000000001"));
    assert_eq!(text(c.monto), "1024.00");
}

#[test]
fn xml_example_is_a_declined_payment_not_an_error() {
    let x = <XmlRequest as Endpoint>::decode(&ok(fixture!("xml_declined.json"))).unwrap();
    assert!(!x.success);
    assert!(!x.approved());
    assert_eq!(x.control.as_deref(), Some("6000000002"));
    assert_eq!(x.cod_afiliacion.as_deref(), Some("100000001"));
    assert_eq!(x.factura.as_deref(), Some("10000000000002"));
    assert_eq!(x.monto_raw.as_deref(), Some("102425"));
    // Implied cents by default (a guess), as written on request.
    assert_eq!(text(x.monto), "1024.25");
    let as_written = x.clone().with_amount_codec(ButtonAmountCodec::AsWritten);
    assert_eq!(text(as_written.monto), "102425");
    assert_eq!(x.estado.as_deref(), Some("R"));
    assert_eq!(x.codigo.as_deref(), Some("51"));
    assert_eq!(x.descripcion.as_deref(), Some("FONDO INSUFICIENTE"));
    assert_eq!(x.vtid.as_deref(), Some("00000001"));
    assert_eq!(x.seqnum.as_deref(), Some("3"));
    assert_eq!(x.authid, None, "a blank optional text is absent");
    assert_eq!(x.authname.as_deref(), Some("P-EComPrueba"));
    assert_eq!(x.tarjeta.as_deref(), Some("400000******0000"));
    assert_eq!(x.referencia.as_deref(), Some("000004"));
    assert_eq!(x.terminal.as_deref(), Some("00000001"));
    assert_eq!(x.lote.as_deref(), Some("1"));
    assert_eq!(x.rifbanco, None, "a blank optional text is absent");
    assert_eq!(x.afiliacion.as_deref(), Some("100000001"));
    let voucher = x.voucher.as_deref().unwrap();
    assert!(
        voucher.contains("\nFONDOS INSUFICIENTES  (51)\n"),
        "{voucher:?}"
    );

    // The fields createPagoWs takes from it; an empty authid is no approval number.
    let details = ButtonDetails::from_result(&x);
    assert_eq!(details.nro_control.as_deref(), Some("6000000002"));
    assert_eq!(details.codafiliacion.as_deref(), Some("100000001"));
    assert_eq!(details.nro_tarjeta.as_deref(), Some("400000******0000"));
    assert_eq!(details.nro_terminal.as_deref(), Some("00000001"));
    assert_eq!(details.nro_lote.as_deref(), Some("1"));
    assert_eq!(details.factura_bp.as_deref(), Some("10000000000002"));
    assert_eq!(details.nro_aprobacion, None);
}

#[test]
fn pay_button_failures() {
    // A text Mensaje with sucess false is the call failing.
    let body = br#"{"sucess": false, "Mensaje": "Numero de control no existe"}"#;
    let e = <XmlRequest as Endpoint>::decode(&ok(body)).unwrap_err();
    assert_eq!(e.biller_code(), Some("sucess=false"));
    assert_eq!(e.biller_message(), Some("Numero de control no existe"));
    // getNroControlWS without success issues nothing.
    let body = br#"{"sucess": "0", "Mensaje": {"control": "", "factura": "", "monto": "0"}}"#;
    let e = <NroControlRequest as Endpoint>::decode(&ok(body)).unwrap_err();
    assert_eq!(e.code(), "biller");
    // Zoom's usual envelope (a refused token) is understood here too.
    let body = br#"{"codrespuesta":"CODE_003","mensaje":"ERROR EN LA LLAMADA AL SERVICIO","entidadRespuesta":{"tipoError":"TokenExpiredException","info":"El token ha expirado"}}"#;
    let e = <XmlRequest as Endpoint>::decode(&ok(body)).unwrap_err();
    assert_eq!(e.code(), "auth");
    let e = <XmlRequest as Endpoint>::decode(&ok(fixture!("error_code_003.json"))).unwrap_err();
    assert_eq!(e.biller_code(), Some("CODE_003"));
    let truncated = &fixture!("nrocontrol_ok.json")[..60];
    assert_decode_error(
        <NroControlRequest as Endpoint>::decode(&ok(truncated)),
        truncated,
    );
}

#[test]
fn pay_button_requests_use_the_configured_fields() {
    let mut config = config();
    let http = NroControlRequest { monto: dec("1024") }
        .to_http(&config)
        .unwrap();
    assert_eq!(http.url, "http://127.0.0.1:9/zoom/getNroControlWS");
    assert_eq!(body_text(&http), "monto=1024.00");
    config.button.amount_field = "montoPago".into();
    config.button.control_field = "nro_control".into();
    config.button.extra_fields = vec![("canal".into(), "web".into())];
    let http = NroControlRequest { monto: dec("10.5") }
        .to_http(&config)
        .unwrap();
    assert_eq!(body_text(&http), "montoPago=10.50&canal=web");
    let http = XmlRequest {
        control: " 6000000002 ".into(),
    }
    .to_http(&config)
    .unwrap();
    assert_eq!(http.url, "http://127.0.0.1:9/zoom/getXmlWS");
    assert_eq!(body_text(&http), "nro_control=6000000002&canal=web");
    for bad in ["0", "-1", "1.001"] {
        let e = NroControlRequest { monto: dec(bad) }
            .to_http(&config)
            .unwrap_err();
        assert_eq!(e.code(), "invalid_amount", "{bad}");
    }
    for bad in ["", "60 00", "6000&x=1"] {
        let e = XmlRequest {
            control: bad.into(),
        }
        .to_http(&config)
        .unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{bad:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// getMontoDocWs
// ---------------------------------------------------------------------------------------------

#[test]
fn monto_doc_example_keeps_every_amount_exactly() {
    let docs = <MontoDocRequest as Endpoint>::decode(&ok(fixture!("montodoc_ok.json"))).unwrap();
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d.tipo_doc, "1");
    assert_eq!(d.doc_type(), Some(DocType::Guide));
    assert_eq!(d.nro_doc, "1000120587");
    assert_eq!(d.doc_ref().unwrap().to_string(), "guide:1000120587");
    assert_eq!(d.montodoc.to_string(), "5143");
    assert_eq!(text(d.totalpagado), "0");
    assert_eq!(d.montopagar.to_string(), "5143");
    assert_eq!(d.fecha, Some(date(2016, 12, 28)));
    assert_eq!(text(d.base_imp), "4390.00");
    assert_eq!(text(d.totaliva), "526.8");
    assert_eq!(text(d.vs_ret_iva), "395.10");
    assert_eq!(text(d.vs_ret_islr_2), "87.80");
    assert_eq!(text(d.vs_ret_islr_3), "131.70");
    assert_eq!(text(d.vs_ret_islr_5), "219.50");
    assert_eq!(text(d.vs_ret_im), "87.80");
    assert_eq!(text(d.vs_ret_tf), "43.90");
    assert_eq!(text(d.vs_ret_rs), "131.70");
    // Exact arithmetic on decoded amounts.
    assert_eq!(
        (d.base_imp.unwrap() + d.totaliva.unwrap()).to_string(),
        "4916.80"
    );
}

#[test]
fn monto_doc_variants_and_no_data() {
    let full = std::str::from_utf8(fixture!("montodoc_ok.json")).unwrap();
    // Numbers instead of strings, and a single object instead of a list.
    let numbers = full
        .replace("\"5143\"", "5143")
        .replace("\"526.8\"", "526.8");
    let docs = <MontoDocRequest as Endpoint>::decode(&ok(numbers.as_bytes())).unwrap();
    assert_eq!(docs[0].montodoc.to_string(), "5143");
    assert_eq!(text(docs[0].totaliva), "526.8");
    let single = full.replacen('[', "", 1).replacen(']', "", 1);
    let docs = <MontoDocRequest as Endpoint>::decode(&ok(single.as_bytes())).unwrap();
    assert_eq!(docs.len(), 1);
    // No data: an empty result, not an error.
    let docs = <MontoDocRequest as Endpoint>::decode(&ok(fixture!("error_code_000.json"))).unwrap();
    assert!(docs.is_empty());
    let broken = full.replace("\"5143\"", "\"5.143,00\"");
    assert_decode_error(
        <MontoDocRequest as Endpoint>::decode(&ok(broken.as_bytes())),
        broken.as_bytes(),
    );
}

#[test]
fn monto_doc_request() {
    let config = config();
    let http = MontoDocRequest {
        doc: "invoice:01E046-0001234567".parse().unwrap(),
    }
    .to_http(&config)
    .unwrap();
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.url, "http://127.0.0.1:9/zoom/getMontoDocWs");
    assert_eq!(http.header_value("content-type"), Some(FORM_CT));
    assert_eq!(body_text(&http), "tipoDoc=2&nroDoc=01E046-0001234567");
}

// ---------------------------------------------------------------------------------------------
// createPagoWs
// ---------------------------------------------------------------------------------------------

#[test]
fn create_pago_example_decodes() {
    let r = <CreatePagoRequest as Endpoint>::decode(&ok(fixture!("createpago_ok.json"))).unwrap();
    assert_eq!(r.idpago, 913);
    assert_eq!(r.fechapago, Some(date(2017, 6, 5)));
    // The codes it echoes as strings read as the numbers getInfoPagoWs writes: one record type.
    assert_eq!(r.idempresa, Some(1));
    assert_eq!(r.idtipotransbanc, Some(24));
    assert_eq!(r.idestatuspago, Some(1));
    assert_eq!(r.montototal.to_string(), "1500");
    assert_eq!(r.conciliado, Some(false));
    assert_eq!(r.idconciliado, Some(0));
    assert_eq!(r.idcuentabanco, Some(0));
    assert_eq!(r.codbancoori, Some(0));
    assert_eq!(r.numcuentaori, None);
    assert_eq!(r.referencia, "001234567");
    assert_eq!(r.rifcipagador.as_deref(), Some("V-00000001"));
    assert_eq!(r.nombrepagador.as_deref(), Some("CLIENTE G. DE PRUEBA"));
    assert_eq!(r.emailpagador.as_deref(), Some("cliente@example.test"));
    assert_eq!(r.codusuario.as_deref(), Some("6001"));
    assert_eq!(r.tipousuario.as_deref(), Some("UCI"));
    assert_eq!(r.fechahoracarga, Some(datetime("2017-06-07 14:09:43")));
    assert_eq!(r.nro_control, None);
    assert_eq!(r.monto_ret_total, None);
    assert_eq!(r.listpagodoc.len(), 1);
    let d = &r.listpagodoc[0];
    assert_eq!((d.idpago, d.id), (Some(913), Some(515)));
    assert_eq!(d.codguia.as_deref(), Some("1000119746"));
    assert_eq!(d.document(), Some((DocType::Guide, "1000119746")));
    assert_eq!(text(d.monto), "1500");
}

#[test]
fn create_pago_refusals_are_biller_errors() {
    let e =
        <CreatePagoRequest as Endpoint>::decode(&ok(fixture!("error_code_000.json"))).unwrap_err();
    assert_eq!(e.code(), "biller");
    assert_eq!(e.biller_code(), Some("CODE_000"));
    assert_eq!(
        e.biller_message(),
        Some("INFORMACION NO EXISTE EN BASE DE DATOS")
    );
    assert!(!e.may_have_reached_biller());
    let truncated = &fixture!("createpago_ok.json")[..300];
    let e = <CreatePagoRequest as Endpoint>::decode(&ok(truncated)).unwrap_err();
    assert_eq!(e.code(), "decode");
    assert!(
        e.may_have_reached_biller(),
        "a garbled reply may hide a payment"
    );
}

fn create_request() -> CreatePagoRequest {
    CreatePagoRequest {
        idempresa: 1,
        codusuario: "6001".into(),
        idtipotransbanc: TransactionKind::Transfer,
        idcuentabanco: 213,
        codbancoori: Some(16),
        referencia: "001234567".into(),
        rifcipagador: "v-00000001".into(),
        nombrepagador: "CLIENTE G. DE PRUEBA".into(),
        emailpagador: "cliente@example.test".into(),
        tipousuario: UserType::Uci,
        fechapago: date(2017, 6, 5),
        monto_total: dec("7024.82"),
        tipo_doc: vec![DocType::Guide, DocType::Invoice],
        nro_doc: vec!["1100521421".into(), "01E046-0001234567".into()],
        monto: vec![dec("1524.82"), dec("5500")],
        sort_doc: vec![date(2017, 1, 2), date(2017, 3, 20)],
        button: ButtonDetails::default(),
    }
}

#[test]
fn create_pago_form_uses_php_arrays_and_two_decimals() {
    let http = create_request().to_http(&config()).unwrap();
    assert_eq!(http.url, "http://127.0.0.1:9/zoom/createPagoWs");
    assert_eq!(http.header_value("content-type"), Some(FORM_CT));
    assert_eq!(
        body_text(&http),
        "idempresa=1&codusuario=6001&idtipotransbanc=24&idcuentabanco=213&codbancoori=16&\
         referencia=001234567&rifcipagador=V-00000001&nombrepagador=CLIENTE+G.+DE+PRUEBA&\
         emailpagador=cliente%40example.test&tipousuario=UCI&fechapago=2017-06-05&\
         montoTotal=7024.82&tipoDoc[]=1&tipoDoc[]=2&nroDoc[]=1100521421&\
         nroDoc[]=01E046-0001234567&monto[]=1524.82&monto[]=5500.00&sortDoc[]=20170102&\
         sortDoc[]=20170320"
    );
    // No token: the client adds it.
    assert!(!body_text(&http).contains("token"));
}

#[test]
fn create_pago_json_and_pay_button_fields() {
    let mut config = config();
    config.encoding = BodyEncoding::Json;
    let mut request = create_request();
    request.idtipotransbanc = TransactionKind::PayButton;
    request.codbancoori = None;
    request.tipo_doc.clear();
    request.nro_doc.clear();
    request.monto.clear();
    request.sort_doc.clear();
    request.button = ButtonDetails {
        nro_control: Some("6000000001".into()),
        factura_bp: Some("10000000000001".into()),
        codafiliacion: Some("100000001".into()),
        nro_tarjeta: Some("400000******0000".into()),
        nro_terminal: Some("00000001".into()),
        nro_lote: Some("1".into()),
        nro_aprobacion: Some("123456".into()),
    };
    let http = request.to_http(&config).unwrap();
    assert_eq!(http.header_value("content-type"), Some(JSON_CT));
    let v: Value = serde_json::from_slice(&http.body).unwrap();
    assert_eq!(v["idempresa"], 1);
    assert_eq!(v["idtipotransbanc"], 25);
    assert_eq!(v["montoTotal"], "7024.82");
    assert_eq!(v["rifcipagador"], "V-00000001");
    assert_eq!(v["nro_tarjeta"], "400000******0000");
    assert_eq!(v["nro_aprobacion"], "123456");
    for absent in [
        "codbancoori",
        "tipoDoc",
        "nroDoc",
        "monto",
        "sortDoc",
        "token",
    ] {
        assert!(v.get(absent).is_none(), "{absent}");
    }
    config.encoding = BodyEncoding::Json;
    let v: Value =
        serde_json::from_slice(&create_request().to_http(&config).unwrap().body).unwrap();
    assert_eq!(v["tipoDoc"], serde_json::json!([1, 2]));
    assert_eq!(v["monto"], serde_json::json!(["1524.82", "5500.00"]));
    assert_eq!(v["sortDoc"], serde_json::json!(["20170102", "20170320"]));
}

/// A change made to a valid request to make it invalid.
type Change = Box<dyn Fn(&mut CreatePagoRequest)>;

#[test]
fn create_pago_input_is_checked_before_building() {
    let config = config();
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "one array short",
            Box::new(|r| {
                r.sort_doc.pop();
            }),
            "invalid_input",
        ),
        (
            "only some arrays",
            Box::new(|r| {
                r.monto.clear();
                r.sort_doc.clear();
            }),
            "invalid_input",
        ),
        (
            "only tipoDoc",
            Box::new(|r| {
                r.nro_doc.clear();
                r.monto.clear();
                r.sort_doc.clear();
            }),
            "invalid_input",
        ),
        (
            "bad RIF",
            Box::new(|r| r.rifcipagador = "12345678".into()),
            "invalid_input",
        ),
        (
            "RIF without check digit",
            Box::new(|r| r.rifcipagador = "J-01234567".into()),
            "invalid_input",
        ),
        (
            "special characters",
            Box::new(|r| r.nombrepagador = "PEREZ & HIJOS".into()),
            "invalid_input",
        ),
        (
            "bad email",
            Box::new(|r| r.emailpagador = "cliente.example.test".into()),
            "invalid_input",
        ),
        (
            "blank reference",
            Box::new(|r| r.referencia = "  ".into()),
            "invalid_input",
        ),
        (
            "reference injection",
            Box::new(|r| r.referencia = "1&montoTotal=1".into()),
            "invalid_input",
        ),
        (
            "bad document number",
            Box::new(|r| r.nro_doc[0] = "11 00".into()),
            "invalid_input",
        ),
        (
            "zero account",
            Box::new(|r| r.idcuentabanco = 0),
            "invalid_input",
        ),
        (
            "button fields on a transfer",
            Box::new(|r| r.button.nro_control = Some("1".into())),
            "invalid_input",
        ),
        (
            "zero total",
            Box::new(|r| r.monto_total = Decimal::ZERO),
            "invalid_amount",
        ),
        (
            "three decimals",
            Box::new(|r| r.monto_total = dec("1.005")),
            "invalid_amount",
        ),
        (
            "negative document amount",
            Box::new(|r| r.monto[1] = dec("-1")),
            "invalid_amount",
        ),
    ];
    for (name, change, code) in cases {
        let mut request = create_request();
        change(&mut request);
        let err = request.to_http(&config).unwrap_err();
        assert_eq!(err.code(), code, "{name}: {err}");
    }
    // All four arrays empty is "none": allowed.
    let mut none = create_request();
    none.tipo_doc.clear();
    none.nro_doc.clear();
    none.monto.clear();
    none.sort_doc.clear();
    assert!(none.to_http(&config).is_ok());
}

// ---------------------------------------------------------------------------------------------
// getInfoPagoWs
// ---------------------------------------------------------------------------------------------

#[test]
fn info_pago_example_decodes_with_every_nested_list() {
    let records = <InfoPagoRequest as Endpoint>::decode(&ok(fixture!("infopago_ok.json"))).unwrap();
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.idpago, 801);
    assert_eq!(r.fechapago, Some(date(2017, 5, 15)));
    assert_eq!(r.idempresa, Some(1));
    assert_eq!(r.idtipotransbanc, Some(24));
    assert_eq!(r.kind(), Some(TransactionKind::Transfer));
    assert_eq!(r.idestatuspago, Some(1));
    assert_eq!(r.montototal.to_string(), "500");
    assert_eq!(r.conciliado, Some(false));
    assert_eq!(r.idconciliado, Some(0));
    assert_eq!(r.idcuentabanco, Some(213));
    assert_eq!(r.codbancoori, Some(16));
    assert_eq!(r.numcuentaori, None);
    assert_eq!(r.referencia, "435345353");
    assert_eq!(r.rifcipagador.as_deref(), Some("V-00000002"));
    assert_eq!(r.nombrepagador.as_deref(), Some("CLIENTE DE PRUEBA"));
    assert_eq!(r.emailpagador.as_deref(), Some("cliente2@example.test"));
    assert_eq!(r.codusuario.as_deref(), Some("6002"));
    assert_eq!(r.fechahoracarga, Some(datetime("2017-05-15 16:12:05")));
    assert_eq!(r.tipousuario.as_deref(), Some("GE"));
    assert_eq!(text(r.monto_ret_iva), "123");
    for zero in [
        r.monto_ret_islr,
        r.monto_ret_tf,
        r.monto_ret_im,
        r.monto_ret_rs,
        r.monto_ret_nc_iva,
        r.monto_ret_nc_islr,
    ] {
        assert_eq!(text(zero), "0");
    }
    assert_eq!(r.nro_control, None);
    assert_eq!(r.factura, None);
    assert_eq!(r.monto_ret_total, None);
    assert_eq!(r.codoficinaret, Some(46));
    assert_eq!(text(r.suma_montosret), "123");
    let u = r.listusuario.as_ref().unwrap();
    assert_eq!(u.codusuario.as_deref(), Some("6002"));
    assert_eq!(u.codcliente.as_deref(), Some("100000001"));
    assert_eq!(u.nombre.as_deref(), Some("CLIENTE DE PRUEBA"));
    assert_eq!(u.codoficina, Some(46));
    assert_eq!(r.todos_envios_entregados, Some(true));
    let s = r.listestatuspago.as_ref().unwrap();
    assert_eq!(
        (
            s.idestatuspago,
            s.nombre.as_deref(),
            s.siglas.as_deref(),
            s.orden
        ),
        (Some(1), Some("PENDIENTE"), Some("PE"), Some(1))
    );
    assert_eq!(r.status_name(), Some("PENDIENTE"));
    let e = r.listempresa.as_ref().unwrap();
    assert_eq!((e.codempresa, e.nombre.as_deref()), (Some(1), Some("ZOOM")));

    assert_eq!(r.listpagodoc.len(), 1);
    let d = &r.listpagodoc[0];
    assert_eq!((d.id, d.idpago), (Some(398), Some(801)));
    assert_eq!(d.codguia.as_deref(), Some("1000118390"));
    assert_eq!(d.codfactura, None);
    assert_eq!(text(d.monto), "500");
    assert_eq!(d.notadebitocredito_id, None);
    assert_eq!(d.document(), Some((DocType::Guide, "1000118390")));
    let g = d.listguia.as_ref().unwrap();
    assert_eq!(g.codguia.as_deref(), Some("1000118390"));
    assert_eq!(g.codcliente.as_deref(), Some("1"));
    assert_eq!(g.fecha, Some(date(2016, 12, 22)));
    assert_eq!(text(g.totalpag), "769.17");
    assert_eq!(
        (g.codservicio, g.codtipopag, g.codoficinaori),
        (Some(1), Some(2), Some(46))
    );
    let sv = g.listservicio.as_ref().unwrap();
    assert_eq!(sv.nombre.as_deref(), Some("COD NACIONAL"));
    assert_eq!(sv.siglas.as_deref(), Some("BCD"));
    assert_eq!(
        g.listtipopago.as_ref().unwrap().nombre.as_deref(),
        Some("CREDITO")
    );
    let st = g.listestatus.as_ref().unwrap();
    assert_eq!(
        (
            st.codestatus,
            st.nombre.as_deref(),
            st.siglas.as_deref(),
            st.codtipo
        ),
        (Some(7), Some("ENTREGADO AL DESTINO"), Some("E"), Some(8))
    );
    assert_eq!(d.listfactura, None);
    assert_eq!(d.listnota, None);

    let c = r.listcuentabanco.as_ref().unwrap();
    assert_eq!((c.codcuentabanco, c.codbanco), (Some(213), Some(13)));
    assert_eq!(c.codcuenta.as_deref(), Some("01020000000000000001"));
    assert_eq!(
        c.listbanco.as_ref().unwrap().nombre.as_deref(),
        Some("BANCO DESTINO DE PRUEBA")
    );
    let o = r.listbancoorigen.as_ref().unwrap();
    assert_eq!(
        (o.codbanco, o.nombre.as_deref()),
        (Some(16), Some("BANCO ORIGEN DE PRUEBA"))
    );
    assert_eq!(r.listtrackingpago.len(), 1);
    let t = &r.listtrackingpago[0];
    assert_eq!(
        (t.idtrackingpago, t.idpago, t.idestatuspago),
        (Some(2480), Some(801), Some(1))
    );
    assert_eq!(t.fechahora, Some(datetime("2017-05-15 16:12:05")));
    assert_eq!(t.observacion.as_deref(), Some("NUEVO REGISTRO"));
    assert_eq!(t.tipousuario.as_deref(), Some("GE"));
    assert_eq!(
        t.listusuario.as_ref().unwrap().nombre.as_deref(),
        Some("CLIENTE DE PRUEBA")
    );
    let tt = r.listtipotransbancaria.as_ref().unwrap();
    assert_eq!(tt.id_tipotransbancaria, Some(24));
    assert_eq!(tt.nombre.as_deref(), Some("TRANSFERENCIA BANCARIA"));
    assert_eq!(tt.siglas.as_deref(), Some("TRANBAN"));
    assert_eq!(r.listpagoarchivo.as_ref().map(|j| j.get()), Some("[]"));
    assert_eq!(r.listconciliacion, None);
    assert_eq!(r.listpagobanco, None);
    assert_eq!(r.listusuariocasint, None);
    let ge = r.listusuarioge.as_ref().unwrap();
    assert_eq!(ge.codoficina, Some(46));
    let web = ge.listclienteweb.as_ref().unwrap();
    assert_eq!(web.master, Some(true));
    assert_eq!(web.codcliente.as_deref(), Some("100000001"));
    assert_eq!(r.listpagotarjetadetalle, None);
}

#[test]
fn info_pago_verbatim_example_is_not_json() {
    let body = fixture!("infopago_ok_verbatim_shape.txt");
    assert_decode_error(<InfoPagoRequest as Endpoint>::decode(&ok(body)), body);
}

#[test]
fn info_pago_documented_errors() {
    let none = <InfoPagoRequest as Endpoint>::decode(&ok(fixture!("error_code_000.json"))).unwrap();
    assert!(none.is_empty(), "CODE_000 is an empty result");

    let e =
        <InfoPagoRequest as Endpoint>::decode(&ok(fixture!("error_code_002.json"))).unwrap_err();
    assert_eq!(e.code(), "biller");
    assert_eq!(e.biller_code(), Some("CODE_002"));
    let message = e.biller_message().unwrap();
    assert!(
        message.starts_with("LOS PARAMETROS INGRESADOS NO SON CORRECTOS: "),
        "{message}"
    );
    assert!(
        message.contains("idpago.0"),
        "the fields are listed: {message}"
    );
    let fields = FieldErrors::from_error(&e).unwrap();
    assert_eq!(fields.len(), 1);
    assert_eq!(
        fields.get("idpago.0").unwrap(),
        ["El campo idpago.0 debe ser un entero."]
    );
    assert!(!fields.names_token());

    let e =
        <InfoPagoRequest as Endpoint>::decode(&ok(fixture!("error_code_003.json"))).unwrap_err();
    assert_eq!(e.code(), "biller");
    assert_eq!(e.biller_code(), Some("CODE_003"));
    let call = CallError::from_error(&e).unwrap();
    assert_eq!(call.tipo_error, "NotFoundHttpException");
    assert_eq!(call.info, "No existe ruta o servicio web ingresado");
    assert!(FieldErrors::from_error(&e).is_none());
    assert!(
        e.biller_message()
            .unwrap()
            .starts_with("ERROR EN LA LLAMADA AL SERVICIO: ")
    );
}

#[test]
fn info_pago_every_filter() {
    let config = config();
    let request = InfoPagoRequest {
        idpago: vec![801, 802],
        idestatuspago: vec![1],
        idempresa: vec![1],
        idtipotransbanc: vec![TransactionKind::Transfer, TransactionKind::PayButton],
        idcuentabanco: vec![213],
        referencia: vec!["435345353".into()],
        codusuario: vec!["6002".into()],
        fechapago_desde: Some(date(2017, 5, 1)),
        fechapago_hasta: Some(date(2017, 5, 31)),
        fechacarga: Some(date(2017, 5, 15)),
        monto_total: Some(dec("500")),
        codoficina: Some(46),
        codcliente: Some(100000001),
        guia: Some(1000118390),
        factura: Some("01E046-0001234567".into()),
        fechasync: Some(datetime("2017-05-15 16:12:00")),
        todos_envios_entregados: Some(true),
    };
    let http = request.to_http(&config).unwrap();
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.url, "http://127.0.0.1:9/zoom/getInfoPagoWs");
    assert_eq!(
        body_text(&http),
        "idpago[]=801&idpago[]=802&idestatuspago[]=1&idempresa[]=1&idtipotransbanc[]=24&\
         idtipotransbanc[]=25&idcuentabanco[]=213&referencia[]=435345353&codusuario[]=6002&\
         fechapagoDesde=2017-05-01&fechapagoHasta=2017-05-31&fechacarga=2017-05-15&\
         montoTotal=500.00&codoficina=46&codcliente=100000001&guia=1000118390&\
         factura=01E046-0001234567&fechasync=2017-05-15+16%3A12&todosEnviosEntregados=1"
    );
    let pairs = form_pairs(&http);
    assert_eq!(pairs.iter().filter(|(k, _)| k == "idpago[]").count(), 2);
    let empty = InfoPagoRequest::default().to_http(&config).unwrap();
    assert!(empty.body.is_empty());

    let bad: Vec<(&str, InfoPagoRequest)> = vec![
        (
            "zero idpago",
            InfoPagoRequest {
                idpago: vec![0],
                ..Default::default()
            },
        ),
        (
            "reversed range",
            InfoPagoRequest {
                fechapago_desde: Some(date(2017, 6, 1)),
                fechapago_hasta: Some(date(2017, 5, 1)),
                ..Default::default()
            },
        ),
        (
            "reference injection",
            InfoPagoRequest::by_reference("1&idpago[]=2"),
        ),
        (
            "negative guide",
            InfoPagoRequest {
                guia: Some(-5),
                ..Default::default()
            },
        ),
    ];
    for (name, request) in bad {
        assert_eq!(
            request.to_http(&config).unwrap_err().code(),
            "invalid_input",
            "{name}"
        );
    }
    let e = InfoPagoRequest {
        monto_total: Some(dec("1.001")),
        ..Default::default()
    }
    .to_http(&config)
    .unwrap_err();
    assert_eq!(e.code(), "invalid_amount");
}

// ---------------------------------------------------------------------------------------------
// LoginGenUEWs (no example in the document)
// ---------------------------------------------------------------------------------------------

const FAKE_TOKEN: &str = "token-jwt-de-prueba.planted";

#[test]
fn login_reply_gives_token_and_user_and_never_shows_the_token() {
    let body = format!(
        r#"{{"codrespuesta":"COD_000","mensaje":"CONSULTA REALIZADA EXITOSAMENTE","entidadRespuesta":{{"token":"{FAKE_TOKEN}","codusuario":6001,"usuario_externo":"GE","nombre":"RECAUDADOR DE PRUEBA"}}}}"#
    );
    let reply = <LoginRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap();
    assert_eq!(reply.token.expose(), FAKE_TOKEN);
    assert_eq!(reply.user_id().as_deref(), Some("6001"));
    assert_eq!(reply.user_type(), Some(UserType::Ge));
    assert!(!format!("{reply:?}").contains("planted"));
    // user_id and tipousuario are read too.
    let body = format!(
        r#"{{"codrespuesta":"COD_000","entidadRespuesta":{{"token":"{FAKE_TOKEN}","user_id":"77","tipousuario":"UCI","usuario_externo":true}}}}"#
    );
    let reply = <LoginRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap();
    assert_eq!(reply.user_id().as_deref(), Some("77"));
    assert_eq!(reply.user_type(), Some(UserType::Uci));
}

#[test]
fn login_failures_never_show_the_body() {
    let full = format!(
        r#"{{"codrespuesta":"COD_000","entidadRespuesta":{{"token":"{FAKE_TOKEN}","codusuario":6001}}}}"#
    );
    let cut = &full[..full.find(FAKE_TOKEN).unwrap() + FAKE_TOKEN.len()];
    for (status, body) in [
        (200, cut.to_owned()),
        (200, full.replace(FAKE_TOKEN, "")),
        (500, full.clone()),
        (302, full.clone()),
        (200, full.replace("\"token\"", "token")),
    ] {
        let err = <LoginRequest as Endpoint>::decode(&HttpResponse::new(status, body.as_bytes()))
            .unwrap_err();
        assert!(matches!(err.code(), "decode" | "http_status"), "{err:?}");
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(!shown.contains("planted"), "HTTP {status}: {shown}");
        }
    }
    // A refusal is an auth error with Zoom's code and message.
    let refused = br#"{"codrespuesta":"CODE_000","mensaje":"INFORMACION NO EXISTE EN BASE DE DATOS","entidadRespuesta":[]}"#;
    let err = <LoginRequest as Endpoint>::decode(&ok(refused)).unwrap_err();
    assert_eq!(err.code(), "auth");
    assert_eq!(err.biller_code(), Some("CODE_000"));
    let err = <LoginRequest as Endpoint>::decode(&ok(fixture!("error_code_002.json"))).unwrap_err();
    assert_eq!(err.code(), "auth");
    assert!(FieldErrors::from_error(&err).is_some());
}

#[test]
fn login_request_is_a_form_with_login_and_claveenc() {
    let config = config();
    let request = LoginRequest {
        login: "recaudador@example.test".into(),
        password: Secret::new("clave-de-prueba"),
    };
    let http = request.to_http(&config).unwrap();
    assert_eq!(http.url, "http://127.0.0.1:9/zoom/loginGenUEWs");
    assert_eq!(
        form_pairs(&http),
        [
            ("login".to_owned(), "recaudador@example.test".to_owned()),
            ("claveenc".to_owned(), "clave-de-prueba".to_owned()),
        ]
    );
    for shown in [format!("{request:?}"), format!("{http:?}")] {
        assert!(!shown.contains("clave-de-prueba"), "{shown}");
    }
    let empty = LoginRequest {
        login: "x".into(),
        password: Secret::new(""),
    };
    assert_eq!(empty.to_http(&config).unwrap_err().code(), "config");
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

#[test]
fn the_base_url_is_required_and_checked() {
    let creds = || Credentials::Token(Secret::new("t"));
    for missing in ["", "   "] {
        let e = ZoomConfig::new(missing, false, creds()).unwrap_err();
        assert_eq!(e.code(), "config", "{missing:?}");
    }
    assert_eq!(
        ZoomConfig::new("http://zoom.example.invalid/", false, creds())
            .unwrap_err()
            .code(),
        "insecure_url"
    );
    assert!(ZoomConfig::new("http://zoom.example.invalid/", true, creds()).is_ok());
    let mut config = ZoomConfig::new("https://zoom.example.invalid/ws", false, creds()).unwrap();
    config.paths.login = "LoginGenUEWs".into();
    config.paths.create_pago = "pagos/createPagoWs".into();
    let http = create_request().to_http(&config).unwrap();
    assert_eq!(
        http.url,
        "https://zoom.example.invalid/ws/pagos/createPagoWs"
    );
}

// ---------------------------------------------------------------------------------------------
// Tolerated oddities: `null`, `""`, PHP's `[]` for an empty object, a number for text and text
// for a number, ISO date-times for dates. What identifies a payment record (`idpago`,
// `referencia`) or carries the amount a decision depends on (`montototal`, `montopagar`) still
// fails when missing or garbage.
// ---------------------------------------------------------------------------------------------

fn query_reply(entity: &str) -> String {
    format!(r#"{{"codrespuesta": "COD_000", "mensaje": null, "entidadRespuesta": {entity}}}"#)
}

/// One getInfoPagoWs record: the essential members (unless `extra` names them anywhere), then
/// `extra`.
fn record(extra: &str) -> String {
    let mut members: Vec<&str> = [
        r#""idpago": 801"#,
        r#""montototal": "500""#,
        r#""referencia": "435345353""#,
    ]
    .into_iter()
    .filter(|m| !extra.contains(m.split(':').next().unwrap()))
    .collect();
    if !extra.is_empty() {
        members.push(extra);
    }
    format!("{{{}}}", members.join(", "))
}

fn decode_records(records: &[String]) -> Result<Vec<PagoInfo>, Error> {
    let body = query_reply(&format!("[{}]", records.join(", ")));
    <InfoPagoRequest as Endpoint>::decode(&ok(body.as_bytes()))
}

#[test]
fn info_pago_records_tolerate_nulls_blanks_swapped_types_and_iso_dates() {
    type Check = fn(&PagoInfo);
    let rows: Vec<(&str, String, Check)> = vec![
        (
            "every optional field null",
            record(
                r#""fechapago": null, "idempresa": null, "idtipotransbanc": null,
                "idestatuspago": null, "conciliado": null, "codusuario": null,
                "fechahoracarga": null, "monto_ret_iva": null, "listusuario": null,
                "todosEnviosEntregados": null, "listestatuspago": null, "listempresa": null,
                "listpagodoc": null, "listcuentabanco": null, "listtrackingpago": null,
                "listtipotransbancaria": null, "listusuarioge": null"#,
            ),
            |r| {
                assert_eq!(
                    (r.fechapago, r.idempresa, r.idestatuspago),
                    (None, None, None)
                );
                assert_eq!(
                    (r.conciliado, r.fechahoracarga, r.monto_ret_iva),
                    (None, None, None)
                );
                assert!(r.listusuario.is_none() && r.listestatuspago.is_none());
                assert!(r.listpagodoc.is_empty() && r.listtrackingpago.is_empty());
                assert_eq!((r.kind(), r.status_name()), (None, None));
            },
        ),
        (
            "blank strings and PHP's empty arrays",
            record(
                r#""fechapago": "", "idempresa": "", "idtipotransbanc": "", "conciliado": "",
                "codusuario": "", "fechahoracarga": "0000-00-00 00:00:00", "monto_ret_iva": "",
                "todosEnviosEntregados": "", "listusuario": [], "listestatuspago": "",
                "listempresa": [], "listpagodoc": "", "listtrackingpago": "",
                "listcuentabanco": [], "listusuarioge": """#,
            ),
            |r| {
                assert_eq!(
                    (r.fechapago, r.idempresa, r.idtipotransbanc),
                    (None, None, None)
                );
                assert_eq!((r.conciliado, r.codusuario.as_deref()), (None, None));
                assert_eq!((r.fechahoracarga, r.todos_envios_entregados), (None, None));
                assert!(r.listusuario.is_none() && r.listempresa.is_none());
                assert!(r.listcuentabanco.is_none() && r.listusuarioge.is_none());
                assert!(r.listpagodoc.is_empty() && r.listtrackingpago.is_empty());
            },
        ),
        (
            "numbers for text and text for numbers",
            record(
                r#""idpago": "801", "montototal": 500.00, "referencia": 435345353,
                "idempresa": "1", "idtipotransbanc": "24", "idestatuspago": "1",
                "conciliado": "0", "codusuario": 6002, "rifcipagador": "V-00000002",
                "todosEnviosEntregados": 1,
                "listestatuspago": {"idestatuspago": "1", "nombre": "PENDIENTE", "orden": "1"}"#,
            ),
            |r| {
                assert_eq!(r.idpago, 801);
                assert_eq!(r.montototal.to_string(), "500.00");
                assert_eq!(r.referencia, "435345353");
                assert_eq!((r.idempresa, r.idestatuspago), (Some(1), Some(1)));
                assert_eq!(r.kind(), Some(TransactionKind::Transfer));
                assert_eq!(
                    (r.conciliado, r.todos_envios_entregados),
                    (Some(false), Some(true))
                );
                assert_eq!(r.codusuario.as_deref(), Some("6002"));
                assert_eq!(r.status_name(), Some("PENDIENTE"));
            },
        ),
        (
            "ISO date-times and other date forms",
            record(
                r#""fechapago": "2017-05-15T00:00:00", "fechahoracarga": "2017-05-15T16:12:05.000000Z",
                "listpagodoc": [{"id": "398", "codguia": 1000118390, "monto": "500",
                    "listguia": {"fecha": "2016-12-22T08:00:00-04:00", "totalpag": ""}},
                    {"codguia": null, "codfactura": "", "monto": null, "listguia": []}],
                "listtrackingpago": [{"fechahora": "15/05/2017 16:12:05", "idtrackingpago": "1"}]"#,
            ),
            |r| {
                assert_eq!(r.fechapago, Some(date(2017, 5, 15)));
                assert_eq!(r.fechahoracarga, Some(datetime("2017-05-15 16:12:05")));
                let doc = &r.listpagodoc[0];
                assert_eq!(doc.document(), Some((DocType::Guide, "1000118390")));
                let guia = doc.listguia.as_ref().unwrap();
                assert_eq!(
                    (guia.fecha, guia.totalpag),
                    (Some(date(2016, 12, 22)), None)
                );
                let empty = &r.listpagodoc[1];
                assert_eq!((empty.document(), empty.monto), (None, None));
                assert!(empty.listguia.is_none());
                let step = &r.listtrackingpago[0];
                assert_eq!(step.fechahora, Some(datetime("2017-05-15 16:12:05")));
            },
        ),
    ];
    for (label, record, check) in rows {
        let records = decode_records(&[record]).unwrap_or_else(|e| panic!("{label}: {e:?}"));
        check(&records[0]);
    }
}

#[test]
fn info_pago_records_still_fail_on_a_missing_or_garbage_identity_or_amount() {
    for (label, member) in [
        ("no idpago", r#""idpago": -"#),
        ("idpago null", r#""idpago": null"#),
        ("idpago blank", r#""idpago": """#),
        ("idpago garbage", r#""idpago": "801a""#),
        ("no montototal", r#""montototal": -"#),
        ("montototal null", r#""montototal": null"#),
        ("montototal blank", r#""montototal": """#),
        ("montototal garbage", r#""montototal": "500,00""#),
        ("montototal a boolean", r#""montototal": true"#),
        ("no referencia", r#""referencia": -"#),
        ("referencia null", r#""referencia": null"#),
        ("referencia blank", r#""referencia": " ""#),
        ("referencia a boolean", r#""referencia": false"#),
        ("referencia an object", r#""referencia": {"a": 1}"#),
        ("an impossible date", r#""fechapago": "2017-13-15""#),
        ("text for a nested object", r#""listusuario": "6002""#),
        ("a number for a list", r#""listpagodoc": 5"#),
    ] {
        let name = member.split(':').next().unwrap();
        let mut members: Vec<&str> = vec![
            r#""idpago": 801"#,
            r#""montototal": "500""#,
            r#""referencia": "435345353""#,
        ];
        members.retain(|m| !m.starts_with(name));
        if !member.ends_with('-') {
            members.push(member);
        }
        let body = query_reply(&format!("[{{{}}}]", members.join(", ")));
        let err = <InfoPagoRequest as Endpoint>::decode(&ok(body.as_bytes())).expect_err(label);
        assert_eq!(err.code(), "decode", "{label}: {err:?}");
    }
    // An empty list proves a payment absent (and allows a resend), so only `CODE_000` or `[]`
    // say so: a success whose records are `null` or `""` is not read as "no records".
    for entity in ["null", r#""""#, r#""sin datos""#] {
        let err = <InfoPagoRequest as Endpoint>::decode(&ok(query_reply(entity).as_bytes()))
            .expect_err(entity);
        assert_eq!(err.code(), "decode", "{entity}");
    }
}

#[test]
fn create_pago_and_monto_doc_tolerate_oddities_outside_their_essentials() {
    let insert = |entity: &str| {
        format!(r#"{{"codrespuesta": "COD_001", "mensaje": "OK", "entidadRespuesta": {entity}}}"#)
    };
    let body = insert(
        r#"{"idpago": "913", "fechapago": "2017-06-05T00:00:00", "idempresa": 1,
            "idestatuspago": "", "montototal": 1500, "conciliado": "", "referencia": 1234567,
            "fechahoracarga": "2017-06-07T14:09:43Z", "codusuario": null, "listpagodoc": null}"#,
    );
    let r = <CreatePagoRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap();
    assert_eq!((r.idpago, r.fechapago), (913, Some(date(2017, 6, 5))));
    assert_eq!((r.idempresa, r.idestatuspago), (Some(1), None));
    assert_eq!(
        (r.montototal.to_string(), r.conciliado),
        ("1500".to_owned(), None)
    );
    assert_eq!(r.referencia, "1234567");
    assert_eq!(r.fechahoracarga, Some(datetime("2017-06-07 14:09:43")));
    assert!(r.codusuario.is_none() && r.listpagodoc.is_empty());
    for idpago in ["null", r#""""#, r#""x""#, "true"] {
        let body = insert(&format!(r#"{{"idpago": {idpago}, "referencia": "1"}}"#));
        let err = <CreatePagoRequest as Endpoint>::decode(&ok(body.as_bytes())).expect_err(idpago);
        assert_eq!(err.code(), "decode", "{idpago}");
    }
    // The same record as getInfoPagoWs': its reference and amount are as required here.
    for partial in [
        r#"{"idpago": 913, "referencia": "1"}"#,
        r#"{"idpago": 913, "montototal": "1500", "referencia": ""}"#,
    ] {
        let err = <CreatePagoRequest as Endpoint>::decode(&ok(insert(partial).as_bytes()))
            .expect_err(partial);
        assert_eq!(err.code(), "decode", "{partial}");
    }

    let doc = |extra: &str| {
        let mut members: Vec<&str> = [
            r#""tipoDoc": "1""#,
            r#""nroDoc": "1000120587""#,
            r#""montodoc": "5143""#,
            r#""montopagar": "5143""#,
        ]
        .into_iter()
        .filter(|m| !extra.contains(m.split(':').next().unwrap()))
        .collect();
        if !extra.is_empty() {
            members.push(extra);
        }
        query_reply(&format!("{{{}}}", members.join(", ")))
    };
    let body = doc(
        r#""tipoDoc": 1, "nroDoc": 1000120587, "totalpagado": null, "fecha": 20161228,
        "base_imp": "", "totaliva": null, "vs_ret_iva": """#,
    );
    let docs = <MontoDocRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap();
    let m = &docs[0];
    assert_eq!(m.doc_ref().unwrap().to_string(), "guide:1000120587");
    assert_eq!(
        (m.totalpagado, m.base_imp, m.vs_ret_iva),
        (None, None, None)
    );
    assert_eq!(m.fecha, Some(date(2016, 12, 28)));
    for fecha in [r#""2016-12-28T00:00:00""#, r#""28/12/2016""#] {
        let body = doc(&format!(r#""fecha": {fecha}"#));
        let docs = <MontoDocRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap();
        assert_eq!(docs[0].fecha, Some(date(2016, 12, 28)), "{fecha}");
    }
    // Nothing owed can only stop a payment: `null` or `""` is an empty list, like `CODE_000`.
    for entity in ["null", r#""""#, "[]"] {
        let docs = <MontoDocRequest as Endpoint>::decode(&ok(query_reply(entity).as_bytes()))
            .unwrap_or_else(|e| panic!("{entity}: {e:?}"));
        assert!(docs.is_empty(), "{entity}");
    }
    for (label, body) in [
        ("montopagar null", doc(r#""montopagar": null"#)),
        ("montopagar blank", doc(r#""montopagar": """#)),
        ("montodoc garbage", doc(r#""montodoc": "5.143,00""#)),
        ("nroDoc null", doc(r#""nroDoc": null"#)),
        ("tipoDoc a boolean", doc(r#""tipoDoc": true"#)),
        ("text for the list", query_reply(r#""sin datos""#)),
        ("a number for the list", query_reply("5")),
    ] {
        let err = <MontoDocRequest as Endpoint>::decode(&ok(body.as_bytes())).expect_err(label);
        assert_eq!(err.code(), "decode", "{label}: {err:?}");
    }

    // The pay button: a control number as a number, blank optional fields.
    let body =
        r#"{"sucess": "1", "Mensaje": {"control": 6000000002, "factura": null, "monto": ""}}"#;
    let n = <NroControlRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap();
    assert_eq!(
        (n.control.as_str(), n.factura, n.monto),
        ("6000000002", None, None)
    );
    let body = r#"{"sucess": true, "Mensaje": {"control": null, "monto": "10.00"}}"#;
    let err = <NroControlRequest as Endpoint>::decode(&ok(body.as_bytes())).unwrap_err();
    assert_eq!(err.code(), "decode");
}

/// The tolerance fixtures (not the document's: every oddity at once, seeding the fuzzer too).
#[test]
fn lenient_fixtures_decode() {
    let records =
        <InfoPagoRequest as Endpoint>::decode(&ok(fixture!("infopago_lenient.json"))).unwrap();
    let r = &records[0];
    assert_eq!(
        (r.idpago, r.montototal, r.referencia.as_str()),
        (801, dec("500"), "435345353")
    );
    assert_eq!(
        (r.fechapago, r.fechahoracarga),
        (Some(date(2017, 5, 15)), None)
    );
    assert_eq!(
        (r.idestatuspago, r.conciliado, r.todos_envios_entregados),
        (None, Some(false), Some(true))
    );
    assert!(r.listusuario.is_none() && r.listempresa.is_none() && r.listtrackingpago.is_empty());
    let guia = r.listpagodoc[0].listguia.as_ref().unwrap();
    assert_eq!(
        (guia.fecha, guia.totalpag),
        (Some(date(2016, 12, 22)), None)
    );
    assert!(guia.listservicio.is_none() && guia.listestatus.is_none());
    let docs =
        <MontoDocRequest as Endpoint>::decode(&ok(fixture!("montodoc_lenient_one_object.json")))
            .unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].doc_ref().unwrap().to_string(), "guide:1000120587");
    assert_eq!(
        (docs[0].montopagar, docs[0].fecha),
        (dec("5143"), Some(date(2016, 12, 28)))
    );
}
