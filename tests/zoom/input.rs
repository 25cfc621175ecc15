//! Bad input is refused with a typed error before anything is sent: a recording transport
//! proves no request left, the login included.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use recaudo_core::http::{HttpRequest, HttpResponse};
use recaudo_core::transport::{Delivery, FnTransport, TransportError, TransportErrorKind};
use recaudo_core::zoom::{
    ButtonDetails, CreatePagoRequest, Credentials, DocType, InfoPagoRequest, PaymentRequest,
    TransactionKind, UserType, ZoomConfig,
};
use recaudo_core::{Secret, zoom};

use crate::support::*;

/// A change made to a valid request to make it invalid.
type Change = Box<dyn Fn(&mut CreatePagoRequest)>;

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let calls = Arc::new(AtomicU32::new(0));
    let counter = calls.clone();
    let transport = FnTransport(move |_request: HttpRequest| {
        counter.fetch_add(1, Ordering::SeqCst);
        async {
            Err::<HttpResponse, _>(TransportError::new(
                TransportErrorKind::Other,
                Delivery::NotSent,
                "unused",
            ))
        }
    });
    let sim = start_sim().await;
    let client = client_with(config(&sim), transport, manual_clock());
    let with = |f: &dyn Fn(&mut PaymentRequest)| {
        let mut p = payment("REF-1", "10.00");
        f(&mut p);
        p
    };
    let cases: Vec<(&str, PaymentRequest, &str)> = vec![
        ("zero amount", payment("REF-1", "0"), "invalid_amount"),
        (
            "negative amount",
            payment("REF-1", "-5.00"),
            "invalid_amount",
        ),
        (
            "three decimals",
            payment("REF-1", "1.005"),
            "invalid_amount",
        ),
        (
            "above the balance",
            with(&|p| p.balance = Some(dec("9.99"))),
            "invalid_amount",
        ),
        (
            "cédula without dash",
            with(&|p| p.payer.id = "V12345678".into()),
            "invalid_input",
        ),
        (
            "RIF without check digit",
            with(&|p| p.payer.id = "J-01234567".into()),
            "invalid_input",
        ),
        (
            "unknown letter",
            with(&|p| p.payer.id = "X-12345678".into()),
            "invalid_input",
        ),
        (
            "special characters",
            with(&|p| p.payer.name = "PEREZ & HIJOS".into()),
            "invalid_input",
        ),
        (
            "bad email",
            with(&|p| p.payer.email = "cliente@".into()),
            "invalid_input",
        ),
        (
            "blank reference",
            with(&|p| p.reference = "  ".into()),
            "invalid_input",
        ),
        (
            "reference injection",
            with(&|p| p.reference = "1&montoTotal=9".into()),
            "invalid_input",
        ),
        (
            "zero account",
            with(&|p| p.bank_account = 0),
            "invalid_input",
        ),
        (
            "button fields on a transfer",
            with(&|p| {
                p.button = ButtonDetails {
                    nro_control: Some("6000000001".into()),
                    ..Default::default()
                }
            }),
            "invalid_input",
        ),
        (
            "document amount with three decimals",
            with(&|p| p.documents[0].amount = dec("1.001")),
            "invalid_amount",
        ),
    ];
    for (name, request, code) in cases {
        let err = client.pay(request).await.unwrap_err();
        assert_eq!(err.code(), code, "{name}: {err}");
    }

    // The document arrays at the endpoint level: all or none, equal lengths.
    let create = || CreatePagoRequest {
        idempresa: 1,
        codusuario: "6001".into(),
        idtipotransbanc: TransactionKind::Transfer,
        idcuentabanco: ACCOUNT,
        codbancoori: None,
        referencia: "ARR-1".into(),
        rifcipagador: "V-00000001".into(),
        nombrepagador: "CLIENTE DE PRUEBA".into(),
        emailpagador: "cliente@example.test".into(),
        tipousuario: UserType::Ge,
        fechapago: date(2026, 11, 23),
        monto_total: dec("10"),
        tipo_doc: vec![DocType::Guide, DocType::Invoice],
        nro_doc: vec![BIG_GUIDE.into(), "01E046-0000000001".into()],
        monto: vec![dec("5"), dec("5")],
        sort_doc: vec![date(2024, 2, 1), date(2024, 3, 20)],
        button: ButtonDetails::default(),
    };
    let arrays: Vec<(&str, Change)> = vec![
        (
            "sortDoc short",
            Box::new(|r| {
                r.sort_doc.pop();
            }),
        ),
        ("monto long", Box::new(|r| r.monto.push(dec("1")))),
        (
            "only tipoDoc and nroDoc",
            Box::new(|r| {
                r.monto.clear();
                r.sort_doc.clear();
            }),
        ),
        (
            "only sortDoc",
            Box::new(|r| {
                r.tipo_doc.clear();
                r.nro_doc.clear();
                r.monto.clear();
            }),
        ),
    ];
    for (name, change) in arrays {
        let mut request = create();
        change(&mut request);
        let err = client.send(&request).await.unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{name}: {err}");
        assert!(err.to_string().contains("all or none"), "{name}: {err}");
    }

    let bad_filters = [
        InfoPagoRequest {
            idpago: vec![-1],
            ..Default::default()
        },
        InfoPagoRequest::by_reference("A B"),
        InfoPagoRequest {
            fechapago_desde: Some(date(2026, 2, 1)),
            fechapago_hasta: Some(date(2026, 1, 1)),
            ..Default::default()
        },
    ];
    for filter in bad_filters {
        assert_eq!(
            client.payments(&filter).await.unwrap_err().code(),
            "invalid_input"
        );
    }
    assert_eq!(
        client.control_number(dec("0")).await.unwrap_err().code(),
        "invalid_amount"
    );
    assert_eq!(
        client.button_result(" ").await.unwrap_err().code(),
        "invalid_input"
    );
    assert!("guide:10 00".parse::<zoom::DocRef>().is_err());
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "no request may leave for bad input"
    );
}

#[test]
fn a_missing_base_url_or_credential_is_a_config_error() {
    let login = || Credentials::Login {
        login: "recaudador@recaudo.test".into(),
        password: Secret::new("x"),
    };
    assert_eq!(
        ZoomConfig::new("", false, login()).unwrap_err().code(),
        "config"
    );
    let config = ZoomConfig::new(
        "http://127.0.0.1:9/zoom/",
        false,
        Credentials::Login {
            login: " ".into(),
            password: Secret::new("x"),
        },
    )
    .unwrap();
    let transport = recaudo_core::native::NativeTransport::new().unwrap();
    let err = zoom::ZoomClient::new(config, transport, manual_clock())
        .err()
        .unwrap();
    assert_eq!(err.code(), "config");
    let config = ZoomConfig::new(
        "http://127.0.0.1:9/zoom/",
        false,
        Credentials::Token(Secret::new("")),
    )
    .unwrap();
    let transport = recaudo_core::native::NativeTransport::new().unwrap();
    assert!(zoom::ZoomClient::new(config, transport, manual_clock()).is_err());
}
