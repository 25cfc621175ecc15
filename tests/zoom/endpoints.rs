//! Every Zoom service against the simulator over real HTTP.

use recaudo_core::Outcome;
use recaudo_core::http::{HttpRequest, HttpResponse};
use recaudo_core::native::NativeTransport;
use recaudo_core::transport::Transport;
use recaudo_core::zoom::{
    BodyEncoding, ButtonDetails, CallError, CreatePagoRequest, DocRef, DocType, DocumentPayment,
    Endpoint, FieldErrors, InfoPagoRequest, LoginRequest, TransactionKind, UserType,
};
use recaudo_sim::zoom::ZoomDocument;
use recaudo_sim::{SimConfig, Simulator};

use crate::support::*;

fn guide(nro: &str) -> DocRef {
    DocRef::new(DocType::Guide, nro).unwrap()
}

#[tokio::test]
async fn document_amounts_for_every_kind_and_state() {
    let sim = start_sim().await;
    let client = client(&sim);
    let docs = client.document_amounts(&guide("1000000001")).await.unwrap();
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(
        (d.tipo_doc.as_str(), d.nro_doc.as_str()),
        ("1", "1000000001")
    );
    assert_eq!(d.montodoc.to_string(), "5143");
    assert_eq!(d.totalpagado.unwrap().to_string(), "0");
    assert_eq!(d.montopagar.to_string(), "5143");
    assert_eq!(d.fecha, Some(date(2024, 1, 10)));
    assert_eq!(d.base_imp.unwrap() + d.totaliva.unwrap(), d.montodoc);
    assert!(d.vs_ret_iva.is_some() && d.vs_ret_rs.is_some());

    // Partially paid: what is left.
    let d = &client.document_amounts(&guide("1000000002")).await.unwrap()[0];
    assert_eq!(d.totalpagado.unwrap().to_string(), "200");
    assert_eq!(d.montopagar.to_string(), "1000");

    let invoice = DocRef::new(DocType::Invoice, "01E046-0000000001").unwrap();
    let d = &client.document_amounts(&invoice).await.unwrap()[0];
    assert_eq!(
        (d.doc_type(), d.montopagar.to_string()),
        (Some(DocType::Invoice), "5500".into())
    );
    let note = DocRef::new(DocType::CreditNote, "4000000001").unwrap();
    assert_eq!(client.document_amounts(&note).await.unwrap().len(), 1);

    // Final (fully paid), cancelled and unknown documents: no data, which is an empty result.
    for nro in ["1000000003", "1000000004", "1999999999"] {
        assert!(
            client
                .document_amounts(&guide(nro))
                .await
                .unwrap()
                .is_empty(),
            "{nro}"
        );
    }
    assert_eq!(
        requests(&sim, "LoginGenUEWs"),
        1,
        "one login serves every call"
    );
    assert_eq!(requests(&sim, "getMontoDocWs"), 7);
}

#[tokio::test]
async fn a_transfer_is_paid_and_found_by_every_filter() {
    let sim = start_sim().await;
    let client = client(&sim);
    let before = owed(&sim, BIG_GUIDE);
    let report = client.pay(payment("TRF-0001", "1500")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
    assert_eq!(report.idpago, Some(5001));
    assert_eq!(report.amount.to_string(), "1500.00");
    assert_eq!((report.sends, report.recovered), (1, false));
    let status = report.status.clone().unwrap();
    assert_eq!(
        (status.code, status.name.as_deref()),
        (1, Some("PENDIENTE"))
    );
    assert_eq!(report.documents, vec![guide(BIG_GUIDE)]);
    assert_eq!(before - owed(&sim, BIG_GUIDE), dec("1500"));
    // Another payment that must not match the filters below.
    let mut other = payment("TRF-0002", "10.00");
    other.bank_account = 214;
    other.paid_on = Some(date(2026, 10, 1));
    other.documents[0].doc = DocRef::new(DocType::Invoice, "01E046-0000000001").unwrap();
    assert_eq!(client.pay(other).await.unwrap().outcome, Outcome::Confirmed);

    let found = client
        .payments(&InfoPagoRequest::by_reference("TRF-0001"))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let r = &found[0];
    assert_eq!(r.idpago, 5001);
    assert_eq!(r.montototal.to_string(), "1500");
    assert_eq!(r.fechapago, Some(date(2026, 11, 23)));
    assert_eq!(r.kind(), Some(TransactionKind::Transfer));
    assert_eq!((r.idcuentabanco, r.codbancoori), (Some(213), Some(16)));
    assert_eq!(r.rifcipagador.as_deref(), Some("V-00000001"));
    assert_eq!(r.codusuario.as_deref(), Some("6001"));
    assert_eq!(r.status_name(), Some("PENDIENTE"));
    assert_eq!(r.listpagodoc.len(), 1);
    let d = &r.listpagodoc[0];
    assert_eq!(d.document(), Some((DocType::Guide, BIG_GUIDE)));
    assert_eq!(d.monto.unwrap().to_string(), "1500");
    assert_eq!(
        d.listguia.as_ref().unwrap().totalpag.unwrap().to_string(),
        "1000000.00"
    );
    assert!(r.listtrackingpago[0].observacion.as_deref() == Some("NUEVO REGISTRO"));
    assert!(r.listusuarioge.is_some() && r.listcuentabanco.is_some());

    let loaded = r.fechahoracarga.unwrap();
    let ours = |f: InfoPagoRequest| {
        let client = &client;
        async move {
            let ids: Vec<i64> = client
                .payments(&f)
                .await
                .unwrap()
                .iter()
                .map(|r| r.idpago)
                .collect();
            ids
        }
    };
    let all = InfoPagoRequest::default;
    let cases: Vec<(&str, InfoPagoRequest, Vec<i64>)> = vec![
        ("everything", all(), vec![5001, 5002]),
        (
            "idpago",
            InfoPagoRequest {
                idpago: vec![5001, 9],
                ..all()
            },
            vec![5001],
        ),
        (
            "idestatuspago",
            InfoPagoRequest {
                idestatuspago: vec![1],
                ..all()
            },
            vec![5001, 5002],
        ),
        (
            "idempresa",
            InfoPagoRequest {
                idempresa: vec![1],
                ..all()
            },
            vec![5001, 5002],
        ),
        (
            "idtipotransbanc",
            InfoPagoRequest {
                idtipotransbanc: vec![TransactionKind::PayButton],
                ..all()
            },
            vec![],
        ),
        (
            "idcuentabanco",
            InfoPagoRequest {
                idcuentabanco: vec![214],
                ..all()
            },
            vec![5002],
        ),
        (
            "referencia",
            InfoPagoRequest {
                referencia: vec!["TRF-0002".into(), "TRF-0001".into()],
                ..all()
            },
            vec![5001, 5002],
        ),
        (
            "codusuario",
            InfoPagoRequest {
                codusuario: vec!["6001".into()],
                ..all()
            },
            vec![5001, 5002],
        ),
        (
            "other user",
            InfoPagoRequest {
                codusuario: vec!["7".into()],
                ..all()
            },
            vec![],
        ),
        (
            "date range",
            InfoPagoRequest {
                fechapago_desde: Some(date(2026, 11, 1)),
                fechapago_hasta: Some(date(2026, 11, 30)),
                ..all()
            },
            vec![5001],
        ),
        (
            "fechacarga",
            InfoPagoRequest {
                fechacarga: Some(loaded.date()),
                ..all()
            },
            vec![5001, 5002],
        ),
        (
            "montoTotal",
            InfoPagoRequest {
                monto_total: Some(dec("10")),
                ..all()
            },
            vec![5002],
        ),
        (
            "codoficina",
            InfoPagoRequest {
                codoficina: Some(46),
                ..all()
            },
            vec![5001, 5002],
        ),
        (
            "codcliente",
            InfoPagoRequest {
                codcliente: Some(1),
                ..all()
            },
            vec![],
        ),
        (
            "guia",
            InfoPagoRequest {
                guia: Some(1000999999),
                ..all()
            },
            vec![5001],
        ),
        (
            "factura",
            InfoPagoRequest {
                factura: Some("01E046-0000000001".into()),
                ..all()
            },
            vec![5002],
        ),
        (
            "fechasync",
            InfoPagoRequest {
                fechasync: Some(loaded + chrono::TimeDelta::days(1)),
                ..all()
            },
            vec![],
        ),
        // The big guide is not delivered; the invoice payment has no guide at all.
        (
            "not delivered",
            InfoPagoRequest {
                todos_envios_entregados: Some(false),
                ..all()
            },
            vec![5001],
        ),
        (
            "delivered",
            InfoPagoRequest {
                todos_envios_entregados: Some(true),
                ..all()
            },
            vec![5002],
        ),
    ];
    for (name, filter, expected) in cases {
        assert_eq!(ours(filter).await, expected, "{name}");
    }
}

#[tokio::test]
async fn json_bodies_work_as_well_as_forms() {
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.encoding = BodyEncoding::Json;
    let client = client_with(
        config,
        NativeTransport::new().unwrap(),
        recaudo_core::native::SystemClock,
    );
    assert_eq!(
        client
            .document_amounts(&guide("1000000001"))
            .await
            .unwrap()
            .len(),
        1
    );
    let report = client.pay(payment("JSON-1", "12.34")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
    let found = client
        .payments(&InfoPagoRequest::by_reference("JSON-1"))
        .await
        .unwrap();
    assert_eq!(found[0].montototal.to_string(), "12.34");
}

#[tokio::test]
async fn the_pay_button_flow() {
    let sim = start_sim().await;
    let client = client(&sim);
    let control = client.control_number(dec("1024.25")).await.unwrap();
    assert_eq!(control.control, "6000000001");
    assert_eq!(control.monto.unwrap().to_string(), "1024.25");
    assert!(control.factura.is_some());

    let pending = client.button_result(&control.control).await.unwrap();
    assert!(!pending.success && !pending.approved());
    assert_eq!(pending.estado.as_deref(), Some("P"));

    assert!(sim.settle_zoom_button(&control.control, true));
    let result = client.button_result(&control.control).await.unwrap();
    assert!(result.approved(), "{result:?}");
    // Implied cents: "102425" is 1024.25.
    assert_eq!(result.monto_raw.as_deref(), Some("102425"));
    assert_eq!(result.monto.unwrap().to_string(), "1024.25");

    let mut request = payment("V-00000001", "1024.25");
    request.kind = recaudo_core::zoom::TransactionKind::PayButton;
    request.origin_bank = None;
    request.button = ButtonDetails::from_result(&result);
    let report = client.pay(request).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
    let state = sim.zoom_state();
    assert_eq!(state.payments[0].nro_control.as_deref(), Some("6000000001"));
    assert_eq!(state.payments[0].idtipotransbanc, 25);

    // A declined transaction: its result says so, and paying with it is refused.
    let declined = client.control_number(dec("50")).await.unwrap();
    assert!(sim.settle_zoom_button(&declined.control, false));
    let result = client.button_result(&declined.control).await.unwrap();
    assert!(!result.success);
    assert_eq!(
        (
            result.estado.as_deref(),
            result.codigo.as_deref(),
            result.descripcion.as_deref()
        ),
        (Some("R"), Some("51"), Some("FONDO INSUFICIENTE"))
    );
    let mut request = payment("V-00000001", "50");
    request.kind = recaudo_core::zoom::TransactionKind::PayButton;
    request.button = ButtonDetails::from_result(&result);
    let report = client.pay(request).await.unwrap();
    assert_eq!(report.outcome, Outcome::Rejected);
    assert_eq!(report.rejection.unwrap().code, "CODE_002");

    // An unknown control number is the service's own failure, verbatim.
    let err = client.button_result("6999999999").await.unwrap_err();
    assert_eq!(err.biller_code(), Some("sucess=false"));
    assert!(err.biller_message().unwrap().contains("6999999999"));
    // With the other codec the same text reads as written.
    let mut config = config(&sim);
    config.button.amount_codec = recaudo_core::zoom::ButtonAmountCodec::AsWritten;
    let literal = client_with(
        config,
        NativeTransport::new().unwrap(),
        recaudo_core::native::SystemClock,
    );
    let r = literal.button_result("6000000001").await.unwrap();
    assert_eq!(r.monto.unwrap().to_string(), "102425");
}

/// Sends a request built by an endpoint, with its body rewritten by `edit`, as if validation
/// had been bypassed; the token comes from a real login.
async fn send_bypassing_validation(
    sim: &Simulator,
    http: HttpRequest,
    edit: impl Fn(String) -> String,
) -> HttpResponse {
    let transport = NativeTransport::new().unwrap();
    let user = SimConfig::default().zoom;
    let login = LoginRequest {
        login: user.login,
        password: recaudo_core::Secret::new(user.password),
    };
    let reply = transport
        .send(login.to_http(&config(sim)).unwrap())
        .await
        .unwrap();
    let token = LoginRequest::decode(&reply).unwrap().token;
    let mut http = http;
    let body = String::from_utf8(http.body.clone()).unwrap();
    http.body = format!("token={}&{}", token.expose(), edit(body)).into_bytes();
    transport.send(http).await.unwrap()
}

#[tokio::test]
async fn code_002_is_surfaced_per_field() {
    let sim = start_sim().await;
    let config = config(&sim);
    // A non-integer idpago filter: the document's own example, from the simulator.
    let http = InfoPagoRequest {
        idpago: vec![1],
        ..Default::default()
    }
    .to_http(&config)
    .unwrap();
    let reply =
        send_bypassing_validation(&sim, http, |b| b.replace("idpago[]=1", "idpago[]=abc")).await;
    let err = InfoPagoRequest::decode(&reply).unwrap_err();
    assert_eq!(
        (err.code(), err.biller_code()),
        ("biller", Some("CODE_002"))
    );
    let fields = FieldErrors::from_error(&err).unwrap();
    assert_eq!(
        fields.get("idpago.0").unwrap(),
        ["El campo idpago.0 debe ser un entero."]
    );

    // A bad RIF and a bad e-mail in a payment: every field reported, nothing stored.
    let create = CreatePagoRequest {
        idempresa: 1,
        codusuario: "6001".into(),
        idtipotransbanc: TransactionKind::Transfer,
        idcuentabanco: ACCOUNT,
        codbancoori: None,
        referencia: "BYPASS-1".into(),
        rifcipagador: "V-00000001".into(),
        nombrepagador: "CLIENTE DE PRUEBA".into(),
        emailpagador: "cliente@example.test".into(),
        tipousuario: UserType::Ge,
        fechapago: date(2026, 11, 23),
        monto_total: dec("5"),
        tipo_doc: vec![],
        nro_doc: vec![],
        monto: vec![],
        sort_doc: vec![],
        button: ButtonDetails::default(),
    }
    .with_documents(&[DocumentPayment {
        doc: guide(BIG_GUIDE),
        amount: dec("5"),
        sort_date: date(2024, 2, 1),
    }]);
    let http = create.to_http(&config).unwrap();
    let reply = send_bypassing_validation(&sim, http, |b| {
        b.replace("rifcipagador=V-00000001", "rifcipagador=12345678")
            .replace(
                "emailpagador=cliente%40example.test",
                "emailpagador=cliente",
            )
            .replace("sortDoc[]=20240201", "sortDoc[]=2024-02-01")
    })
    .await;
    let err = CreatePagoRequest::decode(&reply).unwrap_err();
    assert_eq!(err.biller_code(), Some("CODE_002"));
    let fields = FieldErrors::from_error(&err).unwrap();
    assert_eq!(
        fields.fields().collect::<Vec<_>>(),
        ["emailpagador", "rifcipagador", "sortDoc.0"]
    );
    assert_eq!(
        fields.get("rifcipagador").unwrap(),
        ["El formato del campo rifcipagador es inválido."]
    );
    // The arrays all-or-none rule, from Zoom's side.
    let http = create.to_http(&config).unwrap();
    let reply = send_bypassing_validation(&sim, http, |b| {
        b.split('&')
            .filter(|p| !p.starts_with("sortDoc"))
            .collect::<Vec<_>>()
            .join("&")
    })
    .await;
    let fields = FieldErrors::from_error(&CreatePagoRequest::decode(&reply).unwrap_err()).unwrap();
    assert_eq!(
        fields.get("sortDoc").unwrap(),
        ["El campo sortDoc es obligatorio cuando tipoDoc está presente."]
    );
    assert!(records_with_reference(&sim, "BYPASS-1") == 0);

    // Through the client: a refusal keeps its code and fields in the report's rejection.
    let mut request = payment("OVER-1", "5");
    request.documents[0].doc = guide("1000000002");
    request.documents[0].amount = dec("1000.01");
    request.amount = dec("1000.01");
    let report = client(&sim).pay(request).await.unwrap();
    assert_eq!(report.outcome, Outcome::Rejected);
    let rejection = report.rejection.unwrap();
    assert_eq!(rejection.code, "CODE_002");
    assert!(rejection.by_biller);
    assert!(
        rejection.message.contains("monto.0"),
        "{}",
        rejection.message
    );
    assert_eq!(report.sends, 1);
}

#[tokio::test]
async fn an_unknown_service_is_code_003() {
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.paths.info_pago = "getInfoPagosWs".into();
    let client = client_with(
        config,
        NativeTransport::new().unwrap(),
        recaudo_core::native::SystemClock,
    );
    let err = client
        .payments(&InfoPagoRequest::default())
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), err.biller_code()),
        ("biller", Some("CODE_003"))
    );
    let call = CallError::from_error(&err).unwrap();
    assert_eq!(call.tipo_error, "NotFoundHttpException");
    assert_eq!(call.info, "No existe ruta o servicio web ingresado");
    assert_eq!(
        requests(&sim, "unknown_service"),
        1,
        "a biller answer is not retried"
    );
}

#[tokio::test]
async fn documents_added_at_the_simulator_are_served() {
    let sim = start_sim().await;
    let mut doc = ZoomDocument::new(1, "1234500001", dec("99.99"), date(2025, 5, 5));
    doc.totalpagado = dec("9.99");
    sim.add_zoom_document(doc);
    let d = &client(&sim)
        .document_amounts(&guide("1234500001"))
        .await
        .unwrap()[0];
    assert_eq!(
        (d.montodoc.to_string(), d.montopagar.to_string()),
        ("99.99".into(), "90".into())
    );
}
