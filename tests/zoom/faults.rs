//! Every fault mode: reads recover by retrying; a payment by asking Zoom, and Zoom ends with
//! exactly one payment record every time, none lost and none doubled.

use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::zoom::{DocRef, DocType, InfoPagoRequest, UserType};
use recaudo_core::{Outcome, Secret};
use recaudo_sim::FaultKind;

use crate::support::*;

/// Arms every fault in turn on one read service and checks the read still succeeds, with
/// exactly one faulted try and one retry.
async fn read_survives_every_fault(endpoint: &str) {
    for kind in every_fault() {
        let sim = start_sim().await;
        let client = client(&sim);
        let what = format!("{endpoint} under {kind:?}");
        if endpoint != "LoginGenUEWs" {
            // Log in first so the fault hits the service itself.
            client
                .document_amounts(&DocRef::new(DocType::Guide, "1000000001").unwrap())
                .await
                .unwrap();
        }
        let control = if endpoint == "getXmlWS" {
            Some(client.control_number(dec("10")).await.unwrap().control)
        } else {
            None
        };
        sim.arm_fault(fault(endpoint, kind.clone()));
        let before = requests(&sim, endpoint);
        match endpoint {
            "LoginGenUEWs" | "getMontoDocWs" => {
                let docs = client
                    .document_amounts(&DocRef::new(DocType::Guide, "1000000001").unwrap())
                    .await
                    .expect(&what);
                assert_eq!(docs.len(), 1, "{what}");
            }
            "getInfoPagoWs" => {
                let records = client.payments(&InfoPagoRequest::default()).await;
                assert!(records.expect(&what).is_empty(), "{what}");
            }
            "getNroControlWS" => {
                let c = client.control_number(dec("10")).await.expect(&what);
                assert!(!c.control.is_empty(), "{what}");
            }
            _ => {
                let r = client
                    .button_result(control.as_deref().unwrap())
                    .await
                    .expect(&what);
                assert_eq!(r.estado.as_deref(), Some("P"), "{what}");
            }
        }
        assert_eq!(
            requests(&sim, endpoint) - before,
            2,
            "{what}: one faulted try and one retry"
        );
    }
}

#[tokio::test]
async fn login_survives_every_fault() {
    read_survives_every_fault("LoginGenUEWs").await;
}

#[tokio::test]
async fn document_amounts_survive_every_fault() {
    read_survives_every_fault("getMontoDocWs").await;
}

#[tokio::test]
async fn payment_records_survive_every_fault() {
    read_survives_every_fault("getInfoPagoWs").await;
}

#[tokio::test]
async fn control_numbers_survive_every_fault() {
    read_survives_every_fault("getNroControlWS").await;
}

#[tokio::test]
async fn button_results_survive_every_fault() {
    read_survives_every_fault("getXmlWS").await;
}

#[tokio::test]
async fn a_payment_survives_every_fault_exactly_once() {
    for kind in every_fault() {
        let sim = start_sim().await;
        let client = client(&sim);
        let before = owed(&sim, BIG_GUIDE);
        client.session_user().await.unwrap();
        sim.arm_fault(fault("createPagoWs", kind.clone()));
        let report = client.pay(payment("FAULT-1", "12.34")).await.unwrap();
        let what = format!("createPagoWs under {kind:?}: {report:?}");
        assert!(report.recovered, "{what}");
        assert_eq!(
            report.sends, 1,
            "{what}: no duplicate guard, so never resent"
        );
        assert_eq!(requests(&sim, "createPagoWs"), 1, "{what}");
        assert!(
            report.evidence.iter().any(|e| e.step == "getInfoPagoWs"),
            "{what}"
        );
        if before_commit(&kind) {
            // Zoom shows nothing, but without a duplicate guard a resend could make two: left
            // for review, never called rejected (the request may still land).
            assert_eq!(report.outcome, Outcome::NeedsReview, "{what}");
            assert!(report.rejection.is_none(), "{what}");
            assert_eq!(records_with_reference(&sim, "FAULT-1"), 0, "{what}");
            continue;
        }
        assert_eq!(report.outcome, Outcome::Confirmed, "{what}");
        assert_eq!(records_with_reference(&sim, "FAULT-1"), 1, "{what}");
        let state = sim.zoom_state();
        assert_eq!(report.idpago, Some(state.payments[0].idpago), "{what}");
        assert_eq!(report.status.as_ref().map(|s| s.code), Some(1), "{what}");
        assert_eq!(before - owed(&sim, BIG_GUIDE), dec("12.34"), "{what}");
    }
}

#[tokio::test]
async fn with_a_duplicate_guard_an_absent_payment_is_sent_again() {
    for kind in every_fault().into_iter().filter(before_commit) {
        let sim = start_sim().await;
        let client = guarded_client(&sim);
        sim.arm_fault(fault("createPagoWs", kind.clone()));
        let report = client.pay(payment("GUARD-1", "12.34")).await.unwrap();
        let what = format!("createPagoWs under {kind:?}: {report:?}");
        assert_eq!(report.outcome, Outcome::Confirmed, "{what}");
        assert_eq!(
            report.sends, 2,
            "{what}: proven absent twice, then sent again"
        );
        assert_eq!(records_with_reference(&sim, "GUARD-1"), 1, "{what}");
    }
}

#[tokio::test]
async fn a_payment_whose_resend_is_lost_too_is_still_made_once() {
    let sim = start_sim().await;
    let client = guarded_client(&sim);
    sim.arm_fault(fault("createPagoWs", FaultKind::DropBeforeCommit));
    sim.arm_fault(fault("createPagoWs", FaultKind::DropAfterCommit));
    let report = client.pay(payment("TWICE-1", "1.00")).await.unwrap();
    assert_eq!(report.outcome, Outcome::Confirmed, "{report:?}");
    assert_eq!(report.sends, 2);
    assert_eq!(records_with_reference(&sim, "TWICE-1"), 1);
}

#[tokio::test]
async fn a_payment_that_stays_unresolved_needs_review_with_evidence() {
    let sim = start_sim().await;
    let client = client(&sim);
    sim.arm_fault(fault("createPagoWs", FaultKind::DropAfterCommit));
    sim.arm_fault(fault("getInfoPagoWs", FaultKind::Error500).times(10));
    let report = client.pay(payment("UNKNOWN-1", "1.00")).await.unwrap();
    assert_eq!(report.outcome, Outcome::NeedsReview, "{report:?}");
    assert_eq!(report.sends, 1, "never resent without proof");
    assert!(report.evidence.len() >= 2);
    assert_eq!(records_with_reference(&sim, "UNKNOWN-1"), 1);
}

#[tokio::test]
async fn a_record_under_our_reference_that_is_not_ours_needs_review() {
    let sim = start_sim().await;
    let client = client(&sim);
    // Zoom has no duplicate guard: a payment of 5.00 under the same reference exists already.
    assert_eq!(
        client
            .pay(payment("SAME-REF", "5.00"))
            .await
            .unwrap()
            .outcome,
        Outcome::Confirmed
    );
    sim.arm_fault(fault("createPagoWs", FaultKind::DropBeforeCommit));
    let report = client.pay(payment("SAME-REF", "6.00")).await.unwrap();
    assert_eq!(report.outcome, Outcome::NeedsReview, "{report:?}");
    assert_eq!(report.sends, 1);
    assert!(
        report
            .evidence
            .iter()
            .any(|e| e.detail.contains("montototal 5.00 (ours 6.00)")),
        "{:?}",
        report.evidence
    );
    assert_eq!(records_with_reference(&sim, "SAME-REF"), 1);

    // Two records under one reference: nobody can tell which is ours.
    assert_eq!(
        client
            .pay(payment("SAME-REF", "6.00"))
            .await
            .unwrap()
            .outcome,
        Outcome::Confirmed
    );
    sim.arm_fault(fault("createPagoWs", FaultKind::DropAfterCommit));
    let report = client.pay(payment("SAME-REF", "7.00")).await.unwrap();
    assert_eq!(report.outcome, Outcome::NeedsReview, "{report:?}");
    assert_eq!(report.idpago, None);
    assert_eq!(records_with_reference(&sim, "SAME-REF"), 3);
}

#[tokio::test]
async fn without_resends_a_proven_absent_payment_needs_review() {
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.recovery.max_sends = 1;
    let client = client_with(config, NativeTransport::new().unwrap(), SystemClock);
    sim.arm_fault(fault("createPagoWs", FaultKind::DropBeforeCommit));
    let report = client.pay(payment("ONCE-1", "1.00")).await.unwrap();
    assert_eq!(report.outcome, Outcome::NeedsReview, "{report:?}");
    assert_eq!(report.sends, 1);
    assert_eq!(records_with_reference(&sim, "ONCE-1"), 0);
}

#[tokio::test]
async fn an_unreachable_zoom_is_rejected_as_never_sent() {
    // A port nobody listens on: connection refused, so the payment provably never left.
    let sim = start_sim().await;
    let mut config = config(&sim);
    config.base_url =
        recaudo_core::base_url::BaseUrl::parse("http://127.0.0.1:9/zoom/", false).unwrap();
    let err = client_with(
        config.clone(),
        NativeTransport::new().unwrap(),
        manual_clock(),
    )
    .pay(payment("GONE-1", "1.00"))
    .await
    .unwrap_err();
    assert_eq!(err.code(), "connect", "the login never got through");
    config.credentials = recaudo_core::zoom::Credentials::Token(Secret::new("t"));
    config.user.codusuario = Some("6001".into());
    config.user.tipousuario = Some(UserType::Ge);
    let report = client_with(config, NativeTransport::new().unwrap(), manual_clock())
        .pay(payment("GONE-1", "1.00"))
        .await
        .unwrap();
    assert_eq!(report.outcome, Outcome::Rejected, "{report:?}");
    let rejection = report.rejection.unwrap();
    assert_eq!(rejection.code, "connect");
    assert!(!rejection.by_biller);
}
