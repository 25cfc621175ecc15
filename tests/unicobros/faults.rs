//! Every fault mode on every Unicobros endpoint. Every endpoint is a read (there is no
//! documented write), so each recovers by retrying: one faulted try and one retry, the same
//! answer as without the fault, and nothing added at the gateway.

use recaudo_core::Outcome;
use recaudo_core::unicobros::{
    Finding, ListMethod, ListOperationsRequest, OperationFilters, SearchOperationsRequest,
};
use recaudo_sim::FaultKind;

use crate::common::*;

fn every_fault() -> Vec<FaultKind> {
    vec![
        FaultKind::DropBeforeCommit,
        FaultKind::DropAfterCommit,
        FaultKind::Error500,
        FaultKind::TruncatedJson,
        // Longer than the tests' 400 ms timeout.
        FaultKind::Delay { ms: 700 },
    ]
}

#[tokio::test]
async fn reads_survive_every_fault_on_every_endpoint() {
    let sim = start_sim().await;
    let c = client(&sim);
    let coupon = coupon_id(&sim, "REF-CHILDS-0001");
    let filters = OperationFilters {
        reference: Some("REF-RECHAZADA-0001".into()),
        ..Default::default()
    };
    let clean_status = c.transaction_status(&coupon).await.unwrap();
    let clean_coupons = c.coupons("REF-CHILDS-0001").await.unwrap();
    let get = ListOperationsRequest {
        page: 0,
        limit: Some(5),
        filters: filters.clone(),
    };
    let post = SearchOperationsRequest {
        page: 0,
        limit: Some(5),
        filters,
    };
    let clean_page = c.list_operations(&get).await.unwrap();
    let operations_before = sim.unicobros_state().operations.len();
    for kind in every_fault() {
        for endpoint in [
            "transactions_status",
            "coupons",
            "operations_get",
            "operations_post",
        ] {
            let sim_endpoint = endpoint.trim_end_matches("_get").trim_end_matches("_post");
            sim.arm_fault(fault(sim_endpoint, kind.clone()));
            let before = requests(&sim, sim_endpoint);
            let what = format!("{endpoint} under {kind:?}");
            match endpoint {
                "transactions_status" => {
                    assert_eq!(
                        c.transaction_status(&coupon).await.expect(&what),
                        clean_status
                    )
                }
                "coupons" => assert_eq!(
                    c.coupons("REF-CHILDS-0001").await.expect(&what),
                    clean_coupons
                ),
                "operations_get" => {
                    assert_eq!(c.list_operations(&get).await.expect(&what), clean_page)
                }
                _ => assert_eq!(c.search_operations(&post).await.expect(&what), clean_page),
            }
            assert_eq!(
                requests(&sim, sim_endpoint) - before,
                2,
                "{what}: one faulted try and one retry"
            );
        }
    }
    assert_eq!(sim.unicobros_state().operations.len(), operations_before);
    assert!(sim.unicobros_state().operations.len() > 30);
}

#[tokio::test]
async fn resolution_survives_every_fault_and_needs_review_without_an_answer() {
    let sim = start_sim().await;
    let c = client(&sim);
    for kind in every_fault() {
        sim.arm_fault(fault("coupons", kind.clone()));
        let r = c.resolve_reference("REF-PAGADA-0001", None).await.unwrap();
        assert_eq!(
            (r.finding, r.outcome),
            (Finding::Paid, Outcome::Confirmed),
            "{kind:?}"
        );
        sim.arm_fault(fault("coupons", kind.clone()));
        let r = c.resolve_reference("REF-SIN-COBRO", None).await.unwrap();
        assert_eq!(
            r.finding,
            Finding::Absent,
            "{kind:?}: a fault is never read as absent"
        );
    }
    // No answer at all: needs review, never "absent", never "rejected".
    sim.arm_fault(fault("coupons", FaultKind::Error500).times(3));
    let before = requests(&sim, "coupons");
    let r = c.resolve_reference("REF-SIN-COBRO", None).await.unwrap();
    assert_eq!(
        (r.finding, r.outcome),
        (Finding::Unanswered, Outcome::NeedsReview)
    );
    assert!(!r.may_retry());
    assert!(
        r.evidence.iter().any(|e| e.detail.contains("500")),
        "{:?}",
        r.evidence
    );
    assert_eq!(
        requests(&sim, "coupons") - before,
        3,
        "the read policy's three attempts"
    );
    sim.arm_fault(fault("coupons", FaultKind::TruncatedJson).times(3));
    let r = c.resolve_reference("REF-PAGADA-0001", None).await.unwrap();
    assert_eq!(r.finding, Finding::Unanswered);
}

#[tokio::test]
async fn a_walk_over_every_page_survives_faults_midway() {
    let sim = start_sim().await;
    let c = client(&sim);
    for method in [ListMethod::Get, ListMethod::Post] {
        let clean = c
            .operation_pages(method, 0, Some(8), OperationFilters::default())
            .unwrap()
            .collect_all(|_| {})
            .await
            .unwrap();
        let mut pages = c
            .operation_pages(method, 0, Some(8), OperationFilters::default())
            .unwrap();
        let mut all = Vec::new();
        let mut n = 0;
        while let Some(page) = {
            // A different fault before each page.
            if let Some(kind) = every_fault().get(n) {
                sim.arm_fault(fault("operations", kind.clone()));
            }
            n += 1;
            pages.next_page().await
        } {
            all.extend(page.expect("a faulted page is retried").page.docs);
        }
        sim.clear_faults();
        assert_eq!(all, clean, "{method:?}");
        assert!(n > 5, "the faults were spread over several pages");
    }
}
