//! Every fault mode on every Unicomer endpoint: reads recover by retrying, payments and
//! reversals by asking the biller, and the biller ends with exactly one payment (or exactly one
//! reversal) every time.

use recaudo_core::Outcome;
use recaudo_core::unicomer::{EstadoFiltro, PaymentState, ReversalRequest};
use recaudo_sim::{FaultKind, Simulator};
use recaudo_tests::*;

fn every_fault() -> Vec<FaultKind> {
    vec![
        FaultKind::DropBeforeCommit,
        FaultKind::DropAfterCommit,
        FaultKind::Error500,
        FaultKind::TruncatedJson,
        // Longer than the tests' 400 ms timeout: the client gives up while the biller commits.
        FaultKind::Delay { ms: 700 },
    ]
}

/// Whether the fault leaves the biller's state unchanged (the request was not processed).
fn before_commit(kind: &FaultKind) -> bool {
    matches!(kind, FaultKind::DropBeforeCommit | FaultKind::Error500)
}

async fn fresh_sim() -> Simulator {
    let sim = start_sim().await;
    add_big_customer(&sim);
    sim
}

#[tokio::test]
async fn reads_survive_every_fault() {
    for kind in every_fault() {
        for endpoint in ["token", "estadocuenta", "consultarpago", "conciliacion"] {
            let sim = fresh_sim().await;
            let client = client(&sim);
            let paid = if endpoint == "consultarpago" || endpoint == "conciliacion" {
                Some(client.pay(payment("R-READ", "2.00")).await.unwrap())
            } else {
                None
            };
            sim.arm_fault(fault(endpoint, kind.clone()));
            let before = requests(&sim, endpoint);
            let what = format!("{endpoint} under {kind:?}");
            match endpoint {
                "token" | "estadocuenta" => {
                    let s = client.statement(BIG_CUSTOMER).await.expect(&what);
                    assert_eq!(s.facturas.len(), 1, "{what}");
                }
                "consultarpago" => {
                    let p = paid.unwrap();
                    let found = client
                        .payment_status(BIG_INVOICE, p.paid_at, p.amount)
                        .await
                        .expect(&what);
                    assert_eq!(found.cod_status, PaymentState::Registered, "{what}");
                }
                _ => {
                    let day = paid.unwrap().paid_at.date();
                    let records = client
                        .reconciliation(day, EstadoFiltro::All)
                        .await
                        .expect(&what);
                    assert_eq!(records.len(), 1, "{what}");
                }
            }
            assert_eq!(
                requests(&sim, endpoint) - before,
                2,
                "{what}: one faulted try and one retry"
            );
        }
    }
}

#[tokio::test]
async fn a_payment_survives_every_fault_exactly_once() {
    for kind in every_fault() {
        let sim = fresh_sim().await;
        let client = client(&sim);
        client.statement(BIG_CUSTOMER).await.unwrap();
        sim.arm_fault(fault("registrarpago", kind.clone()));
        let report = client.pay(payment("R-FAULT", "12.34")).await.unwrap();
        let what = format!("registrarpago under {kind:?}: {report:?}");
        assert_eq!(report.outcome, Outcome::Confirmed, "{what}");
        assert!(report.recovered, "{what}");
        assert_eq!(payments_with_receipt(&sim, "R-FAULT"), 1, "{what}");
        assert!(report.idtrx.is_some(), "{what}");
        assert_eq!(report.state, Some(PaymentState::Registered), "{what}");
        if before_commit(&kind) {
            // The biller proved it absent, so it was sent once more.
            assert_eq!(report.sends, 2, "{what}");
        } else {
            assert_eq!(report.sends, 1, "{what}: committed, so never resent");
        }
        let balance = client.statement(BIG_CUSTOMER).await.unwrap().facturas[0].deuda_tot_conpro;
        assert_eq!(balance.to_string(), "999987.66", "{what}");
    }
}

#[tokio::test]
async fn a_payment_whose_resend_is_lost_too_is_still_made_once() {
    let sim = fresh_sim().await;
    let client = client(&sim);
    // First send lost before the biller saw it, the resend lost after it committed.
    sim.arm_fault(fault("registrarpago", FaultKind::DropBeforeCommit));
    sim.arm_fault(fault("registrarpago", FaultKind::DropAfterCommit));
    let report = client.pay(payment("R-TWICE", "1.00")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
    assert_eq!(report.sends, 2);
    assert_eq!(payments_with_receipt(&sim, "R-TWICE"), 1);
}

/// What a browser does when a reused connection closes before the reply: it sends the same
/// payment again by itself, and the caller only sees the copy's answer, "duplicate receipt".
/// Checked with `consultarpago`, that refusal turns out to be our own payment: confirmed, once.
#[tokio::test]
async fn a_duplicate_refusal_of_our_own_committed_payment_is_confirmed() {
    let sim = fresh_sim().await;
    let client = client(&sim);
    let first = client.pay(payment("R-COPY", "2.00")).await.unwrap();
    assert_eq!(first.outcome, Outcome::Confirmed);
    // The copy: same receipt, same key; the biller's duplicate guard refuses it.
    let copy = client.pay(payment("R-COPY", "2.00")).await.unwrap();
    assert_eq!(copy.outcome, Outcome::Confirmed, "{copy:?}");
    assert!(copy.recovered && copy.rejection.is_none(), "{copy:?}");
    assert_eq!(copy.idtrx, first.idtrx);
    assert_eq!(payments_with_receipt(&sim, "R-COPY"), 1);
    // The same receipt for a different payment is still refused: nothing under that key.
    let other = client.pay(payment("R-COPY", "3.00")).await.unwrap();
    assert_eq!(other.outcome, Outcome::Rejected, "{other:?}");
    assert_eq!(other.rejection.unwrap().code, "451");
    assert_eq!(payments_with_receipt(&sim, "R-COPY"), 1);
}

#[tokio::test]
async fn a_payment_that_stays_unresolved_needs_review_with_evidence() {
    let sim = fresh_sim().await;
    let client = client(&sim);
    // The payment's reply is lost and the biller cannot answer about it either, by either source.
    sim.arm_fault(fault("registrarpago", FaultKind::DropAfterCommit));
    for endpoint in ["consultarpago", "conciliacion"] {
        let mut unreachable = fault(endpoint, FaultKind::Error500);
        unreachable.times = 20;
        sim.arm_fault(unreachable);
    }
    let report = client.pay(payment("R-UNKNOWN", "1.00")).await.unwrap();
    assert_eq!(report.outcome, Outcome::NeedsReview, "{report:?}");
    assert_eq!(report.sends, 1, "never resent without proof");
    assert!(report.evidence.len() >= 2);
    assert_eq!(payments_with_receipt(&sim, "R-UNKNOWN"), 1);
}

#[tokio::test]
async fn a_reversal_survives_every_fault_exactly_once() {
    for kind in every_fault() {
        let sim = fresh_sim().await;
        let client = client(&sim);
        let paid = client.pay(payment("R-REV", "4.00")).await.unwrap();
        sim.arm_fault(fault("reversapago", kind.clone()));
        let report = client
            .reverse(ReversalRequest {
                idtrx: paid.idtrx.unwrap(),
                amount: paid.amount,
                paid_at: paid.paid_at,
                secuencial: Some(BIG_INVOICE),
            })
            .await
            .unwrap();
        let what = format!("reversapago under {kind:?}: {report:?}");
        assert_eq!(report.outcome, Outcome::Confirmed, "{what}");
        assert!(report.recovered, "{what}");
        assert_eq!(report.state, Some(PaymentState::Reversed), "{what}");
        let state = sim.unicomer_state();
        let payment = state
            .payments
            .iter()
            .find(|p| p.num_recibo == "R-REV")
            .unwrap();
        assert_eq!(payment.estado, 4, "{what}");
        let expected = if before_commit(&kind) { 2 } else { 1 };
        assert_eq!(requests(&sim, "reversapago"), expected, "{what}");
        let balance = client.statement(BIG_CUSTOMER).await.unwrap().facturas[0].deuda_tot_conpro;
        assert_eq!(balance.to_string(), "1000000.00", "{what}");
    }
}

#[tokio::test]
async fn a_reversal_checked_by_idtrx_when_the_invoice_is_unknown() {
    let sim = fresh_sim().await;
    let client = client(&sim);
    let paid = client.pay(payment("R-REV-ID", "4.00")).await.unwrap();
    sim.arm_fault(fault("reversapago", FaultKind::DropAfterCommit));
    let report = client
        .reverse(ReversalRequest {
            idtrx: paid.idtrx.unwrap(),
            amount: paid.amount,
            paid_at: paid.paid_at,
            secuencial: None,
        })
        .await
        .unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
}
