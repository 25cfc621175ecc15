//! Cooplan through the unified API: every step, resume, settlements from the report.

use recaudo_core::Outcome;
use recaudo_core::collection::{
    BillerId, CollectionService, EntryStatus, Finding, JournalStore, MemoryJournal, PaymentRequest,
    StateKind,
};
use recaudo_tests::billers::collector;
use recaudo_tests::{dec, start_sim};

fn request(debt_id: &str, amount: &str, receipt: &str) -> PaymentRequest {
    PaymentRequest::new(debt_id, dec(amount), receipt, "CAJERO", "AGENCIA")
}

#[tokio::test]
async fn every_step_through_the_unified_api() {
    let sim = start_sim().await;
    let c = collector(&sim, BillerId::Cooplan);
    let statement = c.lookup("1001").await.unwrap();
    assert_eq!(statement.customer.id, "1001");
    assert_eq!(statement.debts.len(), 2);
    let debt = &statement.debts[0];
    assert_eq!(debt.amount_due.currency, recaudo_core::Currency::Bob);
    assert!(debt.debt_id.contains(':'));

    let service = CollectionService::new(c, MemoryJournal::new());
    let paid = service
        .pay(&request(
            &debt.debt_id,
            &debt.amount_due.amount_text(),
            "COOP-U-1",
        ))
        .await
        .unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed, "{paid:?}");
    let payment_id = paid.reference.payment_id.clone().expect("IdCobranza");

    let status = service.collector().status(&paid.reference).await.unwrap();
    assert_eq!(status.state.kind, StateKind::Registered);
    assert_eq!(status.payment_id.as_deref(), Some(payment_id.as_str()));

    let day = paid.reference.paid_at.date();
    let report = service.reconcile(day).await.unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(report.count(Finding::Matched), 1);

    let reversed = service.reverse(&paid.reference).await.unwrap();
    assert_eq!(reversed.outcome, Outcome::Confirmed, "{reversed:?}");
    let report = service.reconcile(day).await.unwrap();
    assert!(report.is_clean(), "{report:?}");
    // The debt is pending again once reversed.
    let again = service.collector().lookup("1001").await.unwrap();
    assert_eq!(again.debts.len(), 2);
}

#[tokio::test]
async fn resume_pays_an_intent_the_crash_left_unsent() {
    let sim = start_sim().await;
    let c = collector(&sim, BillerId::Cooplan);
    let debt = c.lookup("1002").await.unwrap().debts.remove(0);
    let journal = MemoryJournal::new();
    let now = c.now();
    let mut req = request(&debt.debt_id, &debt.amount_due.amount_text(), "COOP-CRASH");
    req.paid_at = Some(c.now_local());
    journal
        .save(&recaudo_core::collection::JournalEntry {
            biller: BillerId::Cooplan,
            request: req,
            status: EntryStatus::InFlight,
            sends: 1,
            result: None,
            reversal: None,
            error: None,
            recorded_at: now,
            updated_at: now,
        })
        .unwrap();
    let service = CollectionService::new(c, &journal);
    let resumed = service.resume().await.unwrap();
    let result = resumed[0].result.as_ref().unwrap();
    assert_eq!(result.outcome, Outcome::Confirmed, "{result:?}");
    assert_eq!(
        sim.cooplan_state()
            .collections_in_effect(debt_factura(&debt.debt_id), "202111"),
        1
    );
    assert!(service.resume().await.unwrap().is_empty());
}

fn debt_factura(debt_id: &str) -> i64 {
    debt_id.split(':').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_partial_debt_id_is_refused_before_sending() {
    let sim = start_sim().await;
    let c = collector(&sim, BillerId::Cooplan);
    let err = c
        .pay(&request("5000001:202110", "136.76", "COOP-X"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(
        sim.cooplan_state()
            .collections_in_effect(5_000_001, "202110"),
        0
    );
}
