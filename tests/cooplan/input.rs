//! Input refused before anything is sent (a recording transport proves nothing left), bad
//! configuration, and the document's plain-HTTP live URI.

use std::sync::{Arc, Mutex};

use recaudo_core::Secret;
use recaudo_core::cooplan::{CooplanClient, CooplanConfig, PaymentRequest, ReversalRequest};
use recaudo_core::http::{HttpRequest, HttpResponse};
use recaudo_core::transport::{
    Delivery, FnTransport, Transport, TransportError, TransportErrorKind,
};
use recaudo_tests::manual_clock;

use crate::support::*;

/// A transport that records the URL of every request it is given and sends nothing.
fn recording() -> (impl Transport, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let transport = FnTransport(move |request: HttpRequest| {
        log.lock().unwrap().push(request.url.clone());
        async {
            Err::<HttpResponse, _>(TransportError::new(
                TransportErrorKind::Connect,
                Delivery::NotSent,
                "recording transport: nothing is sent",
            ))
        }
    });
    (transport, seen)
}

fn local_config() -> CooplanConfig {
    CooplanConfig::with_base_url("http://127.0.0.1:9/cooplan/", false, credentials()).unwrap()
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let (transport, seen) = recording();
    let client = client_with(local_config(), transport, manual_clock());
    let with = |f: fn(&mut PaymentRequest)| {
        let mut p = payment("R-1");
        f(&mut p);
        p
    };
    let cases: Vec<(&str, PaymentRequest, &str)> = vec![
        ("zero", with(|p| p.amount = dec("0")), "invalid_amount"),
        (
            "negative",
            with(|p| p.amount = dec("-5.00")),
            "invalid_amount",
        ),
        (
            "three decimals",
            with(|p| p.amount = dec("1.005")),
            "invalid_amount",
        ),
        (
            "above the debt",
            with(|p| p.amount = dec("136.77")),
            "invalid_amount",
        ),
        ("no invoice", with(|p| p.id_factura = 0), "invalid_input"),
        (
            "period with dash",
            with(|p| p.periodo = "2021-10".into()),
            "invalid_input",
        ),
        (
            "month 13",
            with(|p| p.periodo = "202113".into()),
            "invalid_input",
        ),
        (
            "empty contract",
            with(|p| p.contrato = " ".into()),
            "invalid_input",
        ),
        (
            "contract with spaces",
            with(|p| p.contrato = "10 01".into()),
            "invalid_input",
        ),
        (
            "empty customer id",
            with(|p| p.id_asociado = "".into()),
            "invalid_input",
        ),
        (
            "receipt with spaces",
            with(|p| p.receipt = Some("R 1".into())),
            "invalid_input",
        ),
        (
            "receipt with control",
            with(|p| p.receipt = Some("R\u{7}1".into())),
            "invalid_input",
        ),
    ];
    for (name, request, code) in cases {
        let err = client.pay(request).await.unwrap_err();
        assert_eq!(err.code(), code, "{name}: {err}");
    }
    let reversal = ReversalRequest {
        id_factura: FACTURA,
        id_cobranza: "4200001".into(),
        contrato: None,
        periodo: None,
        paid_on: None,
    };
    let bad_reversals = [
        ReversalRequest {
            id_factura: -1,
            ..reversal.clone()
        },
        ReversalRequest {
            id_cobranza: " ".into(),
            ..reversal.clone()
        },
        ReversalRequest {
            id_cobranza: "42;00".into(),
            ..reversal.clone()
        },
        ReversalRequest {
            contrato: Some("a b".into()),
            ..reversal.clone()
        },
        ReversalRequest {
            periodo: Some("2021".into()),
            ..reversal.clone()
        },
    ];
    for r in bad_reversals {
        assert_eq!(
            client.reverse(r.clone()).await.unwrap_err().code(),
            "invalid_input",
            "{r:?}"
        );
    }
    for contrato in ["", "   ", "10 01", "1001; DROP", "1001:9"] {
        assert_eq!(
            client.find_customer(contrato).await.unwrap_err().code(),
            "invalid_input"
        );
        assert_eq!(
            client.debts(contrato).await.unwrap_err().code(),
            "invalid_input"
        );
    }
    assert_eq!(
        client.print_invoice(0, "4200001").await.unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(
        client.print_invoice(FACTURA, "").await.unwrap_err().code(),
        "invalid_input"
    );
    assert!(
        seen.lock().unwrap().is_empty(),
        "no request may leave for bad input"
    );
}

#[tokio::test]
async fn a_configuration_that_cannot_work_is_refused_up_front() {
    let (transport, seen) = recording();
    let transport = Arc::new(transport);
    type Breaks = fn(&mut CooplanConfig);
    let cases: Vec<(&str, Breaks)> = vec![
        ("empty CodSeguridad", |c| {
            c.credentials.cod_seguridad = Secret::new("")
        }),
        ("empty Login", |c| c.credentials.login = " ".into()),
        ("empty Pwd", |c| c.credentials.pwd = Secret::new("")),
        ("bad header", |c| {
            c.auth_headers = vec!["Auth orization".into()]
        }),
        ("no header", |c| c.auth_headers.clear()),
        ("no token location", |c| {
            c.token_service.token_pointers.clear()
        }),
        ("zero lifetime", |c| {
            c.token_lifetime = std::time::Duration::ZERO
        }),
    ];
    for (name, breaks) in cases {
        let mut config = local_config();
        breaks(&mut config);
        let err = CooplanClient::new(config, transport.clone(), manual_clock())
            .err()
            .unwrap_or_else(|| panic!("{name} accepted"));
        assert_eq!(err.code(), "config", "{name}");
        assert!(!format!("{err}").contains("pwd-de-prueba"));
    }
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_plain_http_live_uri_is_refused_by_default_and_used_only_when_allowed() {
    let err = CooplanConfig::live(credentials(), false).unwrap_err();
    assert_eq!(err.code(), "insecure_url");
    assert!(
        err.to_string()
            .contains("servicioscooplan.pagofacil.com.bo")
    );

    // Allowed explicitly: requests go to the live URI (the recording transport sends nothing).
    let (transport, seen) = recording();
    let client = client_with(
        CooplanConfig::live(credentials(), true).unwrap(),
        transport,
        manual_clock(),
    );
    let err = client.debts(CONTRATO).await.unwrap_err();
    assert_eq!(err.code(), "connect");
    let urls = seen.lock().unwrap().clone();
    assert!(!urls.is_empty());
    assert!(
        urls.iter()
            .all(|u| u == "http://servicioscooplan.pagofacil.com.bo/api/token"),
        "{urls:?}"
    );
}
