//! Unicobros through the unified API: what the gateway's API cannot do answers `Unsupported`;
//! status resolves a checkout's reference; settlements list the day's operations.

use chrono::Utc;
use recaudo_core::collection::{BillerId, PaymentRef, PaymentRequest, StateKind, Step};
use recaudo_sim::unicobros::UnicobrosOperation;
use recaudo_tests::billers::collector;
use recaudo_tests::{dec, start_sim};

fn reference(receipt: &str) -> PaymentRef {
    PaymentRef::new(
        String::new(),
        receipt,
        dec("100.00"),
        Utc::now().naive_utc(),
    )
}

#[tokio::test]
async fn steps_the_gateway_does_not_offer_are_unsupported() {
    let sim = start_sim().await;
    let c = collector(&sim, BillerId::Unicobros);
    let caps = c.capabilities();
    for step in [Step::Lookup, Step::Pay, Step::Reverse] {
        assert!(!caps.supports(step));
    }
    assert_eq!(c.lookup("x").await.unwrap_err().code(), "unsupported");
    let pay = PaymentRequest::new("REF-1", dec("1.00"), "REF-1", "C", "L");
    assert_eq!(c.pay(&pay).await.unwrap_err().code(), "unsupported");
    assert_eq!(
        c.reverse(&reference("REF-1")).await.unwrap_err().code(),
        "unsupported"
    );
    let state = sim.unicobros_state();
    assert!(
        state.requests.values().all(|n| *n == 0),
        "nothing sent: {:?}",
        state.requests
    );
}

#[tokio::test]
async fn status_resolves_the_reference_and_settlements_list_the_day() {
    let sim = start_sim().await;
    let c = collector(&sim, BillerId::Unicobros);
    let paid = c.status(&reference("REF-PAGADA-0001")).await.unwrap();
    assert_eq!(paid.state.kind, StateKind::Settled, "{paid:?}");
    assert!(paid.payment_id.is_some());
    let absent = c.status(&reference("REF-NUNCA-VISTA")).await.unwrap();
    assert_eq!(absent.state.kind, StateKind::Absent);
    let rejected = c.status(&reference("REF-RECHAZADA-0001")).await.unwrap();
    assert_eq!(rejected.state.kind, StateKind::Failed);

    let id = sim
        .add_unicobros_operation(UnicobrosOperation::new(
            "REF-HOY-0001",
            dec("250.00"),
            "ARS",
            "200",
        ))
        .unwrap();
    let today = Utc::now().date_naive();
    let day = c.settlements(today).await.unwrap();
    let ours = day
        .iter()
        .find(|s| s.payment_id == id)
        .expect("today's operation is listed");
    assert_eq!(ours.amount.amount_text(), "250.00");
    assert_eq!(ours.state.kind, StateKind::Settled);
}
