//! Every endpoint against the simulator over real HTTP: lookups, payment, invoice printing,
//! the collections report (as a list and as the document's string), reversal, and the
//! configurable encodings and header.

use recaudo_core::Outcome;
use recaudo_core::cooplan::{
    BodyEncoding, DebtRef, JsonScalar, PaymentRequest, ReporteCobranzas, ReversalRequest,
};
use recaudo_tests::start_sim;

use crate::support::*;

#[tokio::test]
async fn lookups_list_the_customer_and_pending_debts() {
    let sim = start_sim().await;
    let client = client(&sim);
    let customers = client.find_customer(CONTRATO).await.unwrap();
    assert_eq!(customers.len(), 1);
    assert_eq!(customers[0].name(), "Socio De Prueba Uno");
    assert_eq!(customers[0].factura, Some(FACTURA));
    assert_eq!(customers[0].estado, Some(1));

    let debts = client.debts(CONTRATO).await.unwrap();
    assert_eq!(debts.len(), 2);
    assert_eq!(debts[0].monto_total.to_string(), "136.76");
    assert_eq!(debts[1].monto_total.to_string(), "136.78");
    assert_eq!(
        DebtRef::from_deuda(CONTRATO, &debts[0]).to_string(),
        "5000001:202110:1001:90001"
    );
    assert!(client.debts("1003").await.unwrap().is_empty());

    for err in [
        client.find_customer("999999").await.unwrap_err(),
        client.debts("999999").await.unwrap_err(),
    ] {
        assert_eq!(err.code(), "biller");
        assert_eq!(err.biller_code(), Some("1"));
        assert_eq!(err.biller_message(), Some("No existe el contrato 999999"));
    }
}

#[tokio::test]
async fn pay_print_report_and_reverse() {
    let sim = start_sim().await;
    let client = client(&sim);
    let debts = client.debts(CONTRATO).await.unwrap();
    let request = PaymentRequest::for_debt(CONTRATO, &debts[0], Some("R-FLOW-1".into())).unwrap();
    let paid = client.pay(request).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    assert!(!paid.recovered);
    assert_eq!(paid.sends, 1);
    assert_eq!(
        paid.message.as_deref(),
        Some("Transaccion realizada con exito")
    );
    assert_eq!(paid.amount.to_string(), "136.76");
    assert_eq!(paid.receipt.as_deref(), Some("R-FLOW-1"));
    let id = paid.id_cobranza.clone().expect("IdCobranza");
    assert_eq!(id, "4200001");
    let fecha = paid.fecha_pago_empresa.expect("FechaPagoEmpresa");
    assert!(
        (fecha - paid.sent_at).num_seconds().abs() < 120,
        "{fecha} vs {}",
        paid.sent_at
    );
    assert!(!is_pending(&sim));
    let debts = client.debts(CONTRATO).await.unwrap();
    assert_eq!(debts.len(), 1);
    assert_eq!(debts[0].factura, FACTURA_2);

    // imprimirfactura after the payment.
    let printed = client.print_invoice(FACTURA, &id).await.unwrap();
    assert_eq!(printed.values, "Transacción realizada con exito");
    let state = sim.cooplan_state();
    assert_eq!(state.collections[0].prints, 1);
    assert_eq!(state.collections[0].monto.to_string(), "136.76");

    // The day's report lists it.
    let report = client.collections_report(fecha.date()).await.unwrap();
    let rows = report.cobranzas().expect("the simulator lists collections");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id_cobranza.as_deref(), Some(id.as_str()));
    assert_eq!(rows[0].monto, Some(dec(MONTO)));
    assert!(!rows[0].is_reversed());
    let other_day = client
        .collections_report(fecha.date().succ_opt().unwrap())
        .await
        .unwrap();
    assert_eq!(other_day, ReporteCobranzas::Cobranzas(vec![]));

    let reversal = client
        .reverse(ReversalRequest {
            id_factura: FACTURA,
            id_cobranza: id.clone(),
            contrato: Some(CONTRATO.into()),
            periodo: Some(PERIODO.into()),
            paid_on: Some(fecha.date()),
        })
        .await
        .unwrap();
    assert_eq!(reversal.outcome, Outcome::Confirmed, "{reversal:?}");
    assert_eq!(
        reversal.message.as_deref(),
        Some(" Transacción realizada con éxito ")
    );
    assert!(is_pending(&sim));
    assert_eq!(client.debts(CONTRATO).await.unwrap().len(), 2);
    let report = client.collections_report(fecha.date()).await.unwrap();
    assert!(report.cobranzas().unwrap()[0].is_reversed());

    // A reversed collection cannot be printed, nor reversed again.
    let err = client.print_invoice(FACTURA, &id).await.unwrap_err();
    assert_eq!(err.biller_code(), Some("1"));
    let again = client
        .reverse(ReversalRequest {
            id_factura: FACTURA,
            id_cobranza: id,
            contrato: None,
            periodo: None,
            paid_on: None,
        })
        .await
        .unwrap();
    assert_eq!(again.outcome, Outcome::Rejected);
    let rejection = again.rejection.unwrap();
    assert!(rejection.by_biller);
    assert!(
        rejection.message.contains("ya fue revertida"),
        "{rejection:?}"
    );
}

#[tokio::test]
async fn refusals_are_rejected_with_the_billers_reason_and_never_resent() {
    let sim = start_sim().await;
    let client = client(&sim);
    assert_eq!(
        client.pay(payment("R-1")).await.unwrap().outcome,
        Outcome::Confirmed
    );
    // Paying it again: the invoice is no longer pending (the natural duplicate guard). The
    // refusal is checked, and the collection found a moment earlier may be ours (stored before
    // an error) or someone else's: Cooplan cannot tell, so a person looks, refusal attached.
    let again = client.pay(payment("R-2")).await.unwrap();
    assert_eq!(again.outcome, Outcome::NeedsReview, "{again:?}");
    assert_eq!(again.sends, 1);
    assert_eq!(paid_once(&sim), 1, "never resent");
    let rejection = again.rejection.unwrap();
    assert_eq!(rejection.code, "1");
    assert!(
        rejection.message.contains("no está pendiente"),
        "{}",
        rejection.message
    );
    // Not the whole debt, or another customer's id.
    let mut partial = payment("R-3");
    partial.id_factura = FACTURA_2;
    partial.periodo = PERIODO_2.into();
    partial.amount = dec("100.00");
    partial.balance = None;
    let r = client.pay(partial.clone()).await.unwrap();
    assert_eq!(r.outcome, Outcome::Rejected);
    assert!(r.rejection.unwrap().message.contains("no coincide"));
    partial.amount = dec("136.78");
    partial.id_asociado = "90002".into();
    let r = client.pay(partial).await.unwrap();
    assert_eq!(r.outcome, Outcome::Rejected);
    assert!(r.rejection.unwrap().message.contains("IdAsociado"));
    assert_eq!(paid_once(&sim), 1);
    assert_eq!(sim.cooplan_state().collections.len(), 1);
    assert_eq!(requests(&sim, "realizarpago"), 4);
}

#[tokio::test]
async fn the_report_as_the_document_shows_it_is_text() {
    let sim = start_sim().await;
    sim.set_cooplan_report_as_text(true);
    let client = client(&sim);
    let report = client.collections_report(client.today()).await.unwrap();
    assert_eq!(
        report,
        ReporteCobranzas::Texto("Transacción realizada con éxito".into())
    );
}

#[tokio::test]
async fn form_bodies_the_documents_header_spelling_and_other_scalar_types_work_too() {
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.encoding = BodyEncoding::Form;
    config.auth_headers = vec!["autorizacion".into()];
    config.amount_json = JsonScalar::Text;
    config.id_cobranza_json = JsonScalar::Number;
    let form = client_with(
        config,
        recaudo_core::native::NativeTransport::new().unwrap(),
        recaudo_core::native::SystemClock,
    );
    assert_eq!(form.debts(CONTRATO).await.unwrap().len(), 2);
    let paid = form.pay(payment("R-FORM")).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");

    let mut config = crate::support::config(&sim);
    config.amount_json = JsonScalar::Text;
    config.id_cobranza_json = JsonScalar::Number;
    let json = client_with(
        config,
        recaudo_core::native::NativeTransport::new().unwrap(),
        recaudo_core::native::SystemClock,
    );
    let id = paid.id_cobranza.unwrap();
    json.print_invoice(FACTURA, &id).await.unwrap();
    let reversed = json
        .reverse(ReversalRequest {
            id_factura: FACTURA,
            id_cobranza: id,
            contrato: Some(CONTRATO.into()),
            periodo: Some(PERIODO.into()),
            paid_on: None,
        })
        .await
        .unwrap();
    assert_eq!(reversed.outcome, Outcome::Confirmed);
    assert!(is_pending(&sim));
}

/// The control API does over HTTP what the `Simulator` methods do, for tests in other processes.
#[tokio::test]
async fn the_control_api_adds_contracts_switches_the_report_and_expires_tokens() {
    use recaudo_core::http::{HttpRequest, Method};
    use recaudo_core::native::NativeTransport;
    use recaudo_core::transport::Transport;

    let sim = start_sim().await;
    let http = NativeTransport::new().unwrap();
    let control = |path: &str, body: &str| {
        HttpRequest::new(
            Method::Post,
            format!("{}_sim/cooplan/{path}", sim.base_url()),
        )
        .body("application/json", body.as_bytes().to_vec())
    };
    let added = http
        .send(control(
            "contracts",
            r#"{"contrato":"2001","id_asociado":92001,"debts":[{"factura":6000001,"periodo":"202401","monto":"120.50"},{"factura":6000002,"periodo":202402,"monto":99.9}]}"#,
        ))
        .await
        .unwrap();
    assert_eq!(added.status, 200);
    let client = client(&sim);
    let debts = client.debts("2001").await.unwrap();
    assert_eq!(debts.len(), 2);
    assert_eq!(debts[0].monto_total.to_string(), "120.50");
    assert_eq!(debts[1].monto_total.to_string(), "99.90");
    assert_eq!(debts[1].id.as_deref(), Some("92001"));
    for bad in [
        r#"{"contrato":"2002","id_asociado":1,"debts":[{"factura":1,"periodo":"2024","monto":"1"}]}"#,
        r#"{"contrato":"2002","id_asociado":1,"debts":[{"factura":1,"periodo":"202401","monto":"1.001"}]}"#,
        r#"{"contrato":"20 02","id_asociado":1,"debts":[]}"#,
        r#"{"contrato":"2002","debts":[]}"#,
        "not json",
    ] {
        let r = http.send(control("contracts", bad)).await.unwrap();
        assert_eq!(r.status, 400, "{bad}");
    }

    let r = http
        .send(control("report", r#"{"as_text":true}"#))
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    assert!(sim.cooplan_state().report_as_text);
    assert!(matches!(
        client.collections_report(client.today()).await.unwrap(),
        ReporteCobranzas::Texto(_)
    ));

    let before = requests(&sim, "token");
    let r = http.send(control("tokens/expire", "")).await.unwrap();
    assert_eq!(r.status, 200);
    client.debts("2001").await.unwrap();
    assert_eq!(requests(&sim, "token"), before + 1);

    // The same state through the generic endpoint, and a reset back to the seed.
    let state = http
        .send(HttpRequest::new(
            Method::Get,
            format!("{}_sim/state", sim.base_url()),
        ))
        .await
        .unwrap();
    let state: serde_json::Value = serde_json::from_slice(&state.body).unwrap();
    assert_eq!(state["cooplan"]["report_as_text"], true);
    assert!(
        state["cooplan"]["contracts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["contrato"] == "2001")
    );
    sim.reset();
    assert!(client.debts("2001").await.is_err());
    assert!(!sim.cooplan_state().report_as_text);

    // The same through the Rust API.
    sim.add_cooplan_contract("3001", 93001, vec![(7_000_001, "202405", dec("10.00"))]);
    assert_eq!(client.debts("3001").await.unwrap()[0].factura, 7_000_001);
}
