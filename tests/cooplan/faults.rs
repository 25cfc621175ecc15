//! Every fault mode on every Cooplan endpoint: reads recover by retrying; payments and
//! reversals by asking the biller (pending debts and the day's collections report), and the
//! biller ends with exactly one collection (or one reversal) every time — or, when Cooplan's
//! reads cannot prove it either way, the outcome is "needs review" and nothing is sent again.

use chrono::NaiveDate;
use recaudo_core::Outcome;
use recaudo_core::cooplan::ReversalRequest;
use recaudo_sim::{FaultKind, Simulator};
use recaudo_tests::start_sim;

use crate::support::*;

fn reversal(id_cobranza: &str, day: NaiveDate, contract_known: bool) -> ReversalRequest {
    ReversalRequest {
        id_factura: FACTURA,
        id_cobranza: id_cobranza.into(),
        contrato: contract_known.then(|| CONTRATO.into()),
        periodo: contract_known.then(|| PERIODO.into()),
        paid_on: Some(day),
    }
}

#[tokio::test]
async fn reads_survive_every_fault() {
    for kind in every_fault() {
        let sim = start_sim().await;
        let client = client(&sim);
        let paid = client.pay(payment("R-READ")).await.unwrap();
        let id = paid.id_cobranza.clone().unwrap();
        let day = paid.fecha_pago_empresa.unwrap().date();
        for endpoint in [
            "token",
            "buscarcliente",
            "consultardeuda",
            "imprimirfactura",
            "reportecobranzas",
        ] {
            if endpoint == "token" {
                sim.expire_tokens();
            }
            sim.arm_fault(fault(endpoint, kind.clone()));
            let before = requests(&sim, endpoint);
            let what = format!("{endpoint} under {kind:?}");
            match endpoint {
                "token" | "buscarcliente" => {
                    let c = client.find_customer(CONTRATO).await.expect(&what);
                    assert_eq!(c.len(), 1, "{what}");
                }
                "consultardeuda" => {
                    let d = client.debts(CONTRATO).await.expect(&what);
                    assert_eq!(d.len(), 1, "{what}");
                }
                "imprimirfactura" => {
                    client.print_invoice(FACTURA, &id).await.expect(&what);
                }
                _ => {
                    let r = client.collections_report(day).await.expect(&what);
                    assert_eq!(r.cobranzas().unwrap().len(), 1, "{what}");
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
        let sim = start_sim().await;
        let client = client(&sim);
        client.debts(CONTRATO).await.unwrap();
        sim.arm_fault(fault("realizarpago", kind.clone()));
        let report = client.pay(payment("R-FAULT")).await.unwrap();
        let what = format!("realizarpago under {kind:?}: {report:?}");
        assert_eq!(report.outcome, Outcome::Confirmed, "{what}");
        assert!(report.recovered, "{what}");
        assert_eq!(paid_once(&sim), 1, "{what}");
        assert_eq!(sim.cooplan_state().collections.len(), 1, "{what}");
        let expected_id = sim.cooplan_state().collections[0].id_cobranza.clone();
        assert_eq!(
            report.id_cobranza.as_deref(),
            Some(expected_id.as_str()),
            "{what}"
        );
        assert!(report.fecha_pago_empresa.is_some(), "{what}");
        if before_commit(&kind) {
            assert_eq!(report.sends, 2, "{what}: proven absent, so sent once more");
        } else {
            assert_eq!(report.sends, 1, "{what}: committed, so never resent");
            assert!(
                report.evidence.iter().any(|e| e.step == "reportecobranzas"),
                "{what}"
            );
        }
        assert_eq!(
            requests(&sim, "realizarpago"),
            report.sends as u64,
            "{what}"
        );
        assert!(!is_pending(&sim), "{what}");
    }
}

#[tokio::test]
async fn a_payment_whose_resend_is_lost_too_is_still_made_once() {
    let sim = start_sim().await;
    let client = client(&sim);
    sim.arm_fault(fault("realizarpago", FaultKind::DropBeforeCommit));
    sim.arm_fault(fault("realizarpago", FaultKind::DropAfterCommit));
    let report = client.pay(payment("R-TWICE")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
    assert_eq!(report.sends, 2);
    assert_eq!(paid_once(&sim), 1);
    assert_eq!(report.id_cobranza.as_deref(), Some("4200001"));
}

#[tokio::test]
async fn a_payment_that_cannot_be_resolved_needs_review_and_is_not_resent() {
    let sim = start_sim().await;
    let client = client(&sim);
    client.debts(CONTRATO).await.unwrap();
    sim.arm_fault(fault("realizarpago", FaultKind::DropAfterCommit));
    sim.arm_fault(fault("consultardeuda", FaultKind::Error500).times(10));
    sim.arm_fault(fault("reportecobranzas", FaultKind::Error500).times(10));
    let report = client.pay(payment("R-UNKNOWN")).await.unwrap();
    assert_eq!(report.outcome, Outcome::NeedsReview, "{report:?}");
    assert_eq!(report.sends, 1, "never resent without proof");
    assert!(report.evidence.iter().any(|e| e.step == "consultardeuda"));
    assert!(report.evidence.iter().any(|e| e.step == "reportecobranzas"));
    assert_eq!(
        paid_once(&sim),
        1,
        "not lost: the biller holds it, a person reviews it"
    );
}

/// With the document's report (a plain string) Cooplan's reads cannot prove a payment ours, nor
/// prove it absent: needs review either way, and nothing is sent twice.
#[tokio::test]
async fn with_the_documents_text_report_a_lost_payment_needs_review() {
    for kind in [FaultKind::DropAfterCommit, FaultKind::DropBeforeCommit] {
        let sim = start_sim().await;
        sim.set_cooplan_report_as_text(true);
        let client = client(&sim);
        sim.arm_fault(fault("realizarpago", kind.clone()));
        let report = client.pay(payment("R-TEXT")).await.unwrap();
        let what = format!("{kind:?}: {report:?}");
        assert_eq!(report.outcome, Outcome::NeedsReview, "{what}");
        assert_eq!(report.sends, 1, "{what}");
        assert_eq!(requests(&sim, "realizarpago"), 1, "{what}");
        let expected = if before_commit(&kind) { 0 } else { 1 };
        assert_eq!(paid_once(&sim), expected, "{what}");
        assert!(
            report
                .evidence
                .iter()
                .any(|e| e.step == "reportecobranzas" && e.detail.contains("proves nothing")),
            "{what}"
        );
    }
}

/// The caller may accept the pending debts alone as proof of absence.
#[tokio::test]
async fn trusting_the_debts_alone_resends_a_payment_lost_before_commit() {
    let sim = start_sim().await;
    sim.set_cooplan_report_as_text(true);
    let mut config = config(&sim);
    config.recovery_trusts_debts_alone = true;
    let client = client_with(
        config,
        recaudo_core::native::NativeTransport::new().unwrap(),
        recaudo_core::native::SystemClock,
    );
    sim.arm_fault(fault("realizarpago", FaultKind::DropBeforeCommit));
    let report = client.pay(payment("R-TRUST")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
    assert_eq!(report.sends, 2);
    assert_eq!(paid_once(&sim), 1);
    // Committed but lost: the debt is gone and the text report names nobody: review.
    let mut second = payment("R-TRUST-2");
    second.id_factura = FACTURA_2;
    second.periodo = PERIODO_2.into();
    second.amount = dec("136.78");
    second.balance = None;
    sim.arm_fault(fault("realizarpago", FaultKind::DropAfterCommit));
    let report = client.pay(second).await.unwrap();
    assert_eq!(report.outcome, Outcome::NeedsReview, "{report:?}");
    assert_eq!(report.sends, 1);
    assert_eq!(
        sim.cooplan_state()
            .collections_in_effect(FACTURA_2, PERIODO_2),
        1
    );
}

/// Someone else paid the invoice earlier; our request is lost before Cooplan sees it. The
/// earlier collection is not taken for ours.
#[tokio::test]
async fn an_earlier_collection_by_someone_else_is_not_ours() {
    let sim = start_sim().await;
    let client = client(&sim);
    sim.advance_clock(-3 * 3600);
    assert_eq!(
        client.pay(payment("R-OTHER")).await.unwrap().outcome,
        Outcome::Confirmed
    );
    sim.advance_clock(3 * 3600);
    sim.arm_fault(fault("realizarpago", FaultKind::DropBeforeCommit));
    let report = client.pay(payment("R-MINE")).await.unwrap();
    assert_eq!(report.outcome, Outcome::NeedsReview, "{report:?}");
    assert_eq!(report.sends, 1);
    assert!(report.id_cobranza.is_none());
    assert_eq!(paid_once(&sim), 1);
}

async fn paid(sim: &Simulator) -> (String, NaiveDate) {
    let report = client(sim).pay(payment("R-REV")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed);
    (
        report.id_cobranza.unwrap(),
        report.fecha_pago_empresa.unwrap().date(),
    )
}

#[tokio::test]
async fn a_reversal_survives_every_fault_exactly_once() {
    for contract_known in [true, false] {
        for kind in every_fault() {
            let sim = start_sim().await;
            let (id, day) = paid(&sim).await;
            sim.arm_fault(fault("revertirpago", kind.clone()));
            let report = client(&sim)
                .reverse(reversal(&id, day, contract_known))
                .await
                .unwrap();
            let what = format!(
                "revertirpago under {kind:?} (contract known {contract_known}): {report:?}"
            );
            assert_eq!(report.outcome, Outcome::Confirmed, "{what}");
            assert!(report.recovered, "{what}");
            let state = sim.cooplan_state();
            assert!(state.collections[0].reversed, "{what}");
            assert_eq!(state.collections.len(), 1, "{what}");
            let expected = if before_commit(&kind) { 2 } else { 1 };
            assert_eq!(requests(&sim, "revertirpago"), expected, "{what}");
            assert!(is_pending(&sim), "{what}: the debt is pending again");
        }
    }
}

#[tokio::test]
async fn a_reversal_that_cannot_be_resolved_needs_review() {
    let sim = start_sim().await;
    let (id, day) = paid(&sim).await;
    sim.set_cooplan_report_as_text(true);
    sim.arm_fault(fault("revertirpago", FaultKind::DropAfterCommit));
    // Without the contract only the report could tell, and it answers text.
    let report = client(&sim)
        .reverse(reversal(&id, day, false))
        .await
        .unwrap();
    assert_eq!(report.outcome, Outcome::NeedsReview, "{report:?}");
    assert_eq!(report.sends, 1);
    assert_eq!(requests(&sim, "revertirpago"), 1);
    assert!(sim.cooplan_state().collections[0].reversed);
}
