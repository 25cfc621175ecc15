//! Unicomer through the unified API.

use chrono::{NaiveDate, Utc};
use recaudo_core::Outcome;
use recaudo_core::collection::{
    BillerId, CollectionService, Collector, EntryStatus, Finding, JournalEntry, JournalStore,
    MemoryJournal, PaymentRequest, StateKind, Step,
};
use recaudo_core::native::{FileJournal, NativeTransport, SystemClock};
use recaudo_core::unicomer::{RegistrarPagoRequest, UnicomerClient};
use recaudo_sim::{FaultKind, Simulator};
use recaudo_tests::*;

type Service<J> = CollectionService<NativeTransport, SystemClock, J>;

fn collector(sim: &Simulator) -> Collector<NativeTransport, SystemClock> {
    Collector::Unicomer(client(sim))
}

fn request(receipt: &str, amount: &str) -> PaymentRequest {
    {
        let mut r = PaymentRequest::new(
            BIG_INVOICE.to_string(),
            dec(amount),
            receipt,
            "CAJERO",
            "AGENCIA",
        );
        r.paid_at = Some(at("2026-11-23 11:00:00"));
        r
    }
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A journal entry as a crashed app leaves it: recorded, never resolved.
/// A journal entry a crash left in flight after its first send.
fn in_flight(request: PaymentRequest) -> JournalEntry {
    JournalEntry {
        sends: 1,
        ..never_sent(request)
    }
}

/// A journal entry a crash left in flight before anything was sent.
fn never_sent(request: PaymentRequest) -> JournalEntry {
    JournalEntry {
        biller: BillerId::Unicomer,
        request,
        status: EntryStatus::InFlight,
        sends: 0,
        result: None,
        reversal: None,
        error: None,
        recorded_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

/// What the crashed app had sent before it died: the raw, one-shot registrarpago.
fn raw_request(
    client: &UnicomerClient<NativeTransport, SystemClock>,
    r: &PaymentRequest,
) -> RegistrarPagoRequest {
    RegistrarPagoRequest {
        secuencial: BIG_INVOICE,
        idcommerce: client.config().commerce.clone(),
        fch_proceso: r.paid_at.unwrap(),
        val_pagado: r.amount,
        localidad_recauda: r.location.clone(),
        nombre_cajero: r.cashier.clone(),
        num_recibo: r.receipt.clone(),
    }
}

#[tokio::test]
async fn every_step_through_the_unified_api() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let c = collector(&sim);
    assert_eq!(c.biller(), BillerId::Unicomer);
    let caps = c.capabilities();
    assert!(Step::ALL.iter().all(|s| caps.supports(*s)));
    assert!(caps.reversal_window.is_some());

    let statement = c.lookup(BIG_CUSTOMER).await.unwrap();
    assert_eq!(statement.debts.len(), 1);
    let debt = &statement.debts[0];
    assert_eq!(debt.debt_id, BIG_INVOICE.to_string());
    assert_eq!(debt.balance.amount_text(), "1000000.00");

    let paid = c.pay(&request("U-1", "15.00")).await.unwrap();
    assert_eq!(paid.outcome, Outcome::Confirmed);
    assert!(paid.reference.payment_id.is_some());
    let status = c.status(&paid.reference).await.unwrap();
    assert_eq!(status.state.kind, StateKind::Registered);
    assert_eq!(status.state.code, "0");
    assert_eq!(status.payment_id, paid.reference.payment_id);

    let settled = c.settlements(day()).await.unwrap();
    assert_eq!(settled.len(), 1);
    assert_eq!(settled[0].receipt.as_deref(), Some("U-1"));

    let reversed = c.reverse(&paid.reference).await.unwrap();
    assert_eq!(reversed.outcome, Outcome::Confirmed);
    assert_eq!(
        c.status(&paid.reference).await.unwrap().state.kind,
        StateKind::Reversed
    );

    // A reversal without the biller's payment id is refused before anything is sent.
    let mut no_id = paid.reference.clone();
    no_id.payment_id = None;
    assert_eq!(c.reverse(&no_id).await.unwrap_err().code(), "invalid_input");
    let mut bad = request("U-2", "1.00");
    bad.debt_id = "not-an-invoice".into();
    assert_eq!(c.pay(&bad).await.unwrap_err().code(), "invalid_input");
}

#[tokio::test]
async fn the_same_receipt_is_never_paid_twice() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let service = Service::new(collector(&sim), MemoryJournal::new());
    let first = service.pay(&request("J-1", "3.00")).await.unwrap();
    let again = service.pay(&request("J-1", "3.00")).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(requests(&sim, "registrarpago"), 1);
    let other = service.pay(&request("J-1", "4.00")).await.unwrap_err();
    assert_eq!(other.code(), "invalid_input");
    assert_eq!(payments_with_receipt(&sim, "J-1"), 1);
    let entry = service
        .journal()
        .get(BillerId::Unicomer, "J-1")
        .unwrap()
        .unwrap();
    assert_eq!(entry.status, EntryStatus::Resolved);
}

#[tokio::test]
async fn resume_after_a_crash_before_sending() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let journal = MemoryJournal::new();
    journal
        .save(&never_sent(request("C-BEFORE", "2.00")))
        .unwrap();
    let service = Service::new(collector(&sim), &journal);
    let resumed = service.resume().await.unwrap();
    assert_eq!(resumed.len(), 1);
    let result = resumed[0].result.as_ref().unwrap();
    assert_eq!(result.outcome, Outcome::Confirmed, "{result:?}");
    assert_eq!(result.sends, 1, "never sent, so sent once now");
    assert_eq!(payments_with_receipt(&sim, "C-BEFORE"), 1);
    assert!(
        service.resume().await.unwrap().is_empty(),
        "nothing left in flight"
    );
}

#[tokio::test]
async fn resume_after_a_crash_after_the_biller_committed() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let journal = MemoryJournal::new();
    let r = request("C-AFTER", "2.50");
    journal.save(&in_flight(r.clone())).unwrap();
    let c = client(&sim);
    c.send(&raw_request(&c, &r))
        .await
        .expect("the raw send reaches the biller");
    let sent = requests(&sim, "registrarpago");
    let service = Service::new(collector(&sim), &journal);
    let resumed = service.resume().await.unwrap();
    let result = resumed[0].result.as_ref().unwrap();
    assert_eq!(result.outcome, Outcome::Confirmed, "{result:?}");
    assert_eq!(result.sends, 1, "the send before the crash, nothing more");
    assert!(result.reference.payment_id.is_some());
    assert_eq!(requests(&sim, "registrarpago"), sent, "nothing resent");
    assert_eq!(payments_with_receipt(&sim, "C-AFTER"), 1);
    let entry = journal.get(BillerId::Unicomer, "C-AFTER").unwrap().unwrap();
    assert_eq!(entry.status, EntryStatus::Resolved);
}

#[tokio::test]
async fn resume_after_a_crash_while_the_reply_was_lost() {
    // The payment is mid-recovery when the app dies: the biller committed, the reply was lost.
    let sim = start_sim().await;
    add_big_customer(&sim);
    let journal = MemoryJournal::new();
    let r = request("C-LOST", "1.25");
    journal.save(&in_flight(r.clone())).unwrap();
    sim.arm_fault(fault("registrarpago", FaultKind::DropAfterCommit));
    let c = client(&sim);
    let lost = c.send(&raw_request(&c, &r)).await;
    assert!(lost.unwrap_err().may_have_reached_biller());
    let service = Service::new(collector(&sim), &journal);
    let result = service.resume().await.unwrap().remove(0).result.unwrap();
    assert_eq!(result.outcome, Outcome::Confirmed);
    assert_eq!(payments_with_receipt(&sim, "C-LOST"), 1);
}

#[tokio::test]
async fn resume_leaves_an_unreachable_biller_for_review_and_review_settles_it() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let journal = MemoryJournal::new();
    journal
        .save(&in_flight(request("C-LATER", "1.00")))
        .unwrap();
    let mut down = fault("consultarpago", FaultKind::Error500);
    down.times = 10;
    sim.arm_fault(down);
    let service = Service::new(collector(&sim), &journal);
    let resumed = service.resume().await.unwrap();
    let open = resumed[0].result.as_ref().unwrap();
    assert_eq!(open.outcome, Outcome::NeedsReview, "{open:?}");
    assert_eq!(payments_with_receipt(&sim, "C-LATER"), 0);
    sim.clear_faults();
    let resumed = service.review().await.unwrap();
    assert_eq!(
        resumed[0].result.as_ref().unwrap().outcome,
        Outcome::Confirmed
    );
    assert_eq!(payments_with_receipt(&sim, "C-LATER"), 1);
}

#[tokio::test]
async fn a_file_journal_survives_the_process() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let dir = std::env::temp_dir().join(format!(
        "recaudo-journal-{}-{}",
        std::process::id(),
        sim.port()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("journal.jsonl");
    {
        let journal = FileJournal::open(&path).unwrap();
        let service = Service::new(collector(&sim), journal);
        service.pay(&request("F-1", "1.00")).await.unwrap();
        service
            .journal()
            .save(&in_flight(request("F-2", "2.00")))
            .unwrap();
    }
    // A write torn by the crash.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"{\"biller\":\"unicomer\",\"requ"))
        .unwrap();
    let journal = FileJournal::open(&path).unwrap();
    assert_eq!(journal.entries().unwrap().len(), 2);
    let service = Service::new(collector(&sim), journal);
    let resumed = service.resume().await.unwrap();
    assert_eq!(resumed.len(), 1);
    assert_eq!(resumed[0].receipt, "F-2");
    assert_eq!(
        resumed[0].result.as_ref().unwrap().outcome,
        Outcome::Confirmed
    );
    let reopened = FileJournal::open(&path).unwrap();
    assert!(
        reopened
            .entries()
            .unwrap()
            .iter()
            .all(|e| e.status == EntryStatus::Resolved)
    );
    assert_eq!(payments_with_receipt(&sim, "F-1"), 1);
    assert_eq!(payments_with_receipt(&sim, "F-2"), 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_file_journal_refuses_to_open_over_a_corrupt_line() {
    let dir = std::env::temp_dir().join(format!("recaudo-corrupt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("journal.jsonl");
    {
        let journal = FileJournal::open(&path).unwrap();
        journal.save(&in_flight(request("C-1", "1.00"))).unwrap();
    }
    // A damaged line that is not the last: a payment's record may be lost in it.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{{\"biller\": 12\n{text}")).unwrap();
    let err = FileJournal::open(&path).unwrap_err();
    assert_eq!(err.code(), "storage");
    assert!(err.to_string().contains("line 1"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn reconciliation_finds_every_mismatch() {
    let sim = start_sim().await;
    add_big_customer(&sim);
    let journal = MemoryJournal::new();
    let service = Service::new(collector(&sim), &journal);
    // Matched, and matched after a reversal recorded on both sides.
    service.pay(&request("R-OK", "10.00")).await.unwrap();
    let rev = service.pay(&request("R-REV", "11.00")).await.unwrap();
    service.reverse(&rev.reference).await.unwrap();
    // State mismatch: reversed at the biller behind the journal's back.
    let behind = service.pay(&request("R-STATE", "12.00")).await.unwrap();
    collector(&sim).reverse(&behind.reference).await.unwrap();
    // Missing locally: paid at the biller without the journal.
    collector(&sim)
        .pay(&request("R-NOJOURNAL", "13.00"))
        .await
        .unwrap();
    // Missing at the biller, and an amount mismatch: journal records that disagree with it.
    let mut ghost = service.pay(&request("R-GHOST", "14.00")).await.unwrap();
    let mut entry = journal.get(BillerId::Unicomer, "R-GHOST").unwrap().unwrap();
    ghost.reference.receipt = "R-NEVER".into();
    ghost.reference.payment_id = Some("999999".into());
    entry.request.receipt = "R-NEVER".into();
    entry.result = Some(ghost);
    journal.save(&entry).unwrap();
    // Amount mismatch: the journal says 99.00 for a payment the biller holds at 15.00.
    service.pay(&request("R-AMOUNT", "15.00")).await.unwrap();
    let mut wrong = journal
        .get(BillerId::Unicomer, "R-AMOUNT")
        .unwrap()
        .unwrap();
    if let Some(result) = wrong.result.as_mut() {
        result.reference.amount = dec("99.00");
    }
    journal.save(&wrong).unwrap();

    let report = service.reconcile(day()).await.unwrap();
    let by_receipt = |receipt: &str| {
        report
            .rows
            .iter()
            .find(|row| {
                row.local.as_ref().map(|l| l.receipt.as_str()) == Some(receipt)
                    || row.biller.as_ref().and_then(|b| b.receipt.as_deref()) == Some(receipt)
            })
            .map(|row| row.finding)
    };
    assert_eq!(by_receipt("R-OK"), Some(Finding::Matched));
    assert_eq!(by_receipt("R-REV"), Some(Finding::Matched));
    assert_eq!(by_receipt("R-STATE"), Some(Finding::StateMismatch));
    assert_eq!(by_receipt("R-NOJOURNAL"), Some(Finding::MissingLocally));
    assert_eq!(by_receipt("R-NEVER"), Some(Finding::MissingAtBiller));
    assert_eq!(by_receipt("R-AMOUNT"), Some(Finding::AmountMismatch));
    assert!(!report.is_clean());
    let totals = &report.totals[&recaudo_core::Currency::Usd];
    assert!(totals.biller_count >= 3);
}
