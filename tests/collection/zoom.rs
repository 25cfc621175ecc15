//! Zoom through the unified API: document lookup, a journaled payment with the payer and the
//! destination account, status by referencia, settlements by payment date; no reversal.

use std::collections::BTreeMap;

use recaudo_core::Outcome;
use recaudo_core::collection::{
    BillerId, CollectionService, Finding, MemoryJournal, Payer, PaymentRequest, StateKind, Step,
};
use recaudo_sim::FaultKind;
use recaudo_tests::billers::collector;
use recaudo_tests::{dec, start_sim};

fn request(receipt: &str, amount: &str) -> PaymentRequest {
    {
        let mut r = PaymentRequest::new(
            "guide:1000999999",
            dec(amount),
            receipt,
            "CAJERO",
            "AGENCIA",
        );
        r.payer = Some(Payer::new(
            "V-00000001",
            "CLIENTE DE PRUEBA",
            "cliente@example.test",
        ));
        r.extra = BTreeMap::from([("bank_account".to_owned(), "213".to_owned())]);
        r
    }
}

#[tokio::test]
async fn every_step_through_the_unified_api() {
    let sim = start_sim().await;
    let service = CollectionService::new(collector(&sim, BillerId::Zoom), MemoryJournal::new());
    let c = service.collector();
    assert!(!c.capabilities().supports(Step::Reverse));

    let statement = c.lookup("1000000001").await.unwrap();
    assert_eq!(statement.debts.len(), 1);
    assert_eq!(statement.debts[0].debt_id, "guide:1000000001");
    assert_eq!(
        statement.debts[0].amount_due.currency,
        recaudo_core::Currency::Ves
    );

    let paid = service.pay(&request("ZOOM-U-1", "150.00")).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    assert!(paid.reference.payment_id.is_some());

    let status = c.status(&paid.reference).await.unwrap();
    assert_eq!(status.state.kind, StateKind::Registered);
    assert_eq!(status.payment_id, paid.reference.payment_id);

    let report = service
        .reconcile(paid.reference.paid_at.date())
        .await
        .unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(report.count(Finding::Matched), 1);

    assert_eq!(
        c.reverse(&paid.reference).await.unwrap_err().code(),
        "unsupported"
    );
}

#[tokio::test]
async fn a_lost_reply_is_recovered_by_referencia() {
    let sim = start_sim().await;
    let service = CollectionService::new(collector(&sim, BillerId::Zoom), MemoryJournal::new());
    sim.arm_fault(recaudo_sim::Fault {
        biller: "zoom".into(),
        endpoint: "createPagoWs".into(),
        kind: FaultKind::DropAfterCommit,
        times: 1,
    });
    let paid = service.pay(&request("ZOOM-U-LOST", "10.00")).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    assert!(paid.recovered);
    let records = sim
        .zoom_state()
        .payments
        .iter()
        .filter(|p| p.referencia == "ZOOM-U-LOST")
        .count();
    assert_eq!(records, 1);
}

#[tokio::test]
async fn missing_payer_or_account_is_refused_before_sending() {
    let sim = start_sim().await;
    let c = collector(&sim, BillerId::Zoom);
    let mut no_payer = request("ZOOM-X", "1.00");
    no_payer.payer = None;
    assert_eq!(c.pay(&no_payer).await.unwrap_err().code(), "invalid_input");
    let mut no_account = request("ZOOM-X", "1.00");
    no_account.extra.clear();
    assert_eq!(
        c.pay(&no_account).await.unwrap_err().code(),
        "invalid_input"
    );
    assert!(
        sim.zoom_state()
            .payments
            .iter()
            .all(|p| p.referencia != "ZOOM-X")
    );
}
