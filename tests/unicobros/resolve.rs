//! Did a reference get paid, exactly once? Resolution against the simulator for each case the
//! collector meets, and the lost-checkout story end to end with no payment lost or doubled.

use recaudo_core::unicobros::{Finding, ReferenceResolution};
use recaudo_core::{Currency, Money, Outcome};
use recaudo_sim::unicobros::UnicobrosOperation;

use crate::common::*;

async fn resolve(c: &Client, reference: &str) -> ReferenceResolution {
    c.resolve_reference(reference, None).await.unwrap()
}

#[tokio::test]
async fn a_paid_coupon_with_a_pending_sibling_is_never_settled_under_either_guard_reading() {
    for guard in ["refused", "none"] {
        let sim = start_sim().await;
        sim.set_reading("unicobros.reference_guard", guard).unwrap();
        let c = client(&sim);
        let r = resolve(&c, "REF-HERMANOS-0001").await;
        assert_eq!(
            (r.finding, r.outcome),
            (Finding::PaidWithPending, Outcome::NeedsReview),
            "{guard}: {r:?}"
        );
        // The customer pays the waiting cash coupon later: only a gateway without the guard
        // takes it, and then the reference shows the duplicate a person must refund.
        let paid_later = sim.pay_unicobros_pending("REF-HERMANOS-0001");
        let r = resolve(&c, "REF-HERMANOS-0001").await;
        match guard {
            "refused" => {
                assert!(paid_later.is_err(), "{guard}");
                assert_eq!(r.finding, Finding::PaidWithPending, "{guard}");
            }
            _ => {
                assert!(paid_later.is_ok(), "{guard}");
                assert_eq!(
                    (r.finding, r.outcome),
                    (Finding::Duplicate, Outcome::NeedsReview),
                    "{guard}"
                );
            }
        }
    }
}

#[tokio::test]
async fn each_seeded_case() {
    let sim = start_sim().await;
    let c = client(&sim);
    let cases = [
        ("REF-PAGADA-0001", Finding::Paid, Outcome::Confirmed),
        ("REF-TEST-0001", Finding::Paid, Outcome::Confirmed),
        ("REF-CHILDS-0001", Finding::Paid, Outcome::Confirmed),
        ("REF-RECHAZADA-0001", Finding::Rejected, Outcome::Rejected),
        ("REF-CANCELADA-0001", Finding::Rejected, Outcome::Rejected),
        (
            "REF-PENDIENTE-0001",
            Finding::Unsettled,
            Outcome::NeedsReview,
        ),
        (
            "REF-REVISION-0001",
            Finding::Unsettled,
            Outcome::NeedsReview,
        ),
        (
            "REF-REEMBOLSADA-0001",
            Finding::Refunded,
            Outcome::NeedsReview,
        ),
        (
            "REF-DUPLICADA-0001",
            Finding::Duplicate,
            Outcome::NeedsReview,
        ),
        ("REF-NUNCA-USADA", Finding::Absent, Outcome::Rejected),
        (
            "REF-HERMANOS-0001",
            Finding::PaidWithPending,
            Outcome::NeedsReview,
        ),
    ];
    for (reference, finding, outcome) in cases {
        let r = resolve(&c, reference).await;
        assert_eq!(
            (r.finding, r.outcome),
            (finding, outcome),
            "{reference}: {r:?}"
        );
        assert_eq!(r.reference, reference);
        assert!(
            r.evidence.iter().any(|e| e.step == "coupons"),
            "{reference}"
        );
        assert_eq!(
            r.may_retry(),
            matches!(finding, Finding::Absent | Finding::Rejected),
            "{reference}"
        );
    }

    let paid = resolve(&c, "REF-PAGADA-0001").await;
    assert_eq!(paid.paid.len(), 1);
    assert_eq!(paid.paid[0].amount.to_string(), "15000");
    assert_eq!(paid.paid[0].currency.as_deref(), Some("ARS"));
    assert_eq!(paid.paid[0].coupon_id, coupon_id(&sim, "REF-PAGADA-0001"));

    let split = resolve(&c, "REF-CHILDS-0001").await;
    assert_eq!(split.coupons[0].childs.len(), 2);
    assert_eq!(split.paid[0].amount.to_string(), "900.53");

    let dup = resolve(&c, "REF-DUPLICADA-0001").await;
    assert_eq!(dup.paid.len(), 2);
    assert_eq!(
        sim.unicobros_state()
            .paid_with_reference("REF-DUPLICADA-0001"),
        2
    );

    let declined = resolve(&c, "REF-RECHAZADA-0001").await;
    let why = declined.rejection.unwrap();
    assert_eq!(why.code, "401", "the latest attempt's status");
    assert!(why.by_biller);

    let absent = resolve(&c, "REF-NUNCA-USADA").await;
    assert!(absent.coupons.is_empty());
    assert_eq!(absent.rejection.unwrap().code, "absent");
}

#[tokio::test]
async fn the_expected_amount_and_currency_are_checked() {
    let sim = start_sim().await;
    let c = client(&sim);
    let ars = |a: &str| Some(Money::new(dec(a), Currency::Ars));
    let ok = c
        .resolve_reference("REF-PAGADA-0001", ars("15000.00"))
        .await
        .unwrap();
    assert_eq!(ok.outcome, Outcome::Confirmed);
    let off = c
        .resolve_reference("REF-PAGADA-0001", ars("1500.00"))
        .await
        .unwrap();
    assert_eq!(
        (off.finding, off.outcome),
        (Finding::Mismatch, Outcome::NeedsReview)
    );
    // Paid in test money is not paid in pesos.
    let test = c
        .resolve_reference("REF-TEST-0001", ars("100.50"))
        .await
        .unwrap();
    assert_eq!(test.finding, Finding::Mismatch);
    let in_test = Some(Money::new(dec("100.50"), Currency::Test));
    let fine = c.resolve_reference("REF-TEST-0001", in_test).await.unwrap();
    assert_eq!(fine.outcome, Outcome::Confirmed);
}

#[tokio::test]
async fn split_payments_whose_parts_do_not_add_up_need_review() {
    let sim = start_sim().await;
    let c = client(&sim);
    let mut op = UnicobrosOperation::new("REF-SPLIT", dec("900.00"), "ARS", "1");
    op.childs = vec![
        UnicobrosOperation::new("CHD-A", dec("400.00"), "ARS", "200"),
        UnicobrosOperation::new("CHD-B", dec("500.00"), "ARS", "400"),
    ];
    sim.add_unicobros_operation(op).unwrap();
    let r = resolve(&c, "REF-SPLIT").await;
    assert_eq!(
        (r.finding, r.outcome),
        (Finding::Inconsistent, Outcome::NeedsReview)
    );
    // The second card goes through: the parts add up although the parent still says pending.
    let second = sim.unicobros_state().with_reference("REF-SPLIT")[0].childs[1]
        .id
        .clone();
    sim.set_unicobros_status(&second, "200").unwrap();
    let r = resolve(&c, "REF-SPLIT").await;
    assert_eq!((r.finding, r.outcome), (Finding::Paid, Outcome::Confirmed));
    assert!(r.paid[0].via_childs);
}

/// The collector's story: a checkout's result is lost. Asking by reference tells whether to
/// let the customer try again; a retry under the same reference can never be paid twice.
#[tokio::test]
async fn a_lost_checkout_is_never_lost_nor_paid_twice() {
    let sim = start_sim().await;
    let c = client(&sim);
    let amount = Some(Money::new(dec("2750.00"), Currency::Ars));

    // 1. The customer's card was charged, but the result never reached the collector.
    add(&sim, "REF-PERDIDA-1", "2750.00", "ARS", "200");
    let r = c
        .resolve_lost_checkout("REF-PERDIDA-1", amount)
        .await
        .unwrap();
    assert_eq!(r.outcome, Outcome::Confirmed, "{r:?}");
    assert!(!r.may_retry());
    // Had the collector retried anyway, the gateway's guard refuses a second paid operation.
    let retry = sim.add_unicobros_operation(UnicobrosOperation::new(
        "REF-PERDIDA-1",
        dec("2750.00"),
        "ARS",
        "200",
    ));
    assert!(retry.is_err());
    assert_eq!(
        sim.unicobros_state().paid_with_reference("REF-PERDIDA-1"),
        1
    );

    // 2. The checkout never happened: absent, so the customer tries again, once.
    let r = c
        .resolve_lost_checkout("REF-PERDIDA-2", amount)
        .await
        .unwrap();
    assert_eq!((r.finding, r.outcome), (Finding::Absent, Outcome::Rejected));
    assert!(r.may_retry());
    add(&sim, "REF-PERDIDA-2", "2750.00", "ARS", "200");
    let r = c.resolve_reference("REF-PERDIDA-2", amount).await.unwrap();
    assert_eq!(r.outcome, Outcome::Confirmed);

    // 3. The card was declined: rejected, the customer may try again and it is paid once.
    add(&sim, "REF-PERDIDA-3", "2750.00", "ARS", "400");
    let r = c
        .resolve_lost_checkout("REF-PERDIDA-3", amount)
        .await
        .unwrap();
    assert_eq!(
        (r.finding, r.outcome),
        (Finding::Rejected, Outcome::Rejected)
    );
    assert_eq!(r.rejection.as_ref().unwrap().code, "400");
    add(&sim, "REF-PERDIDA-3", "2750.00", "ARS", "200");
    let r = c.resolve_reference("REF-PERDIDA-3", amount).await.unwrap();
    assert_eq!(r.outcome, Outcome::Confirmed);
    assert_eq!(r.coupons.len(), 2);

    // 4. A cash coupon is still waiting: needs review, no retry offered; once paid, confirmed.
    let coupon = add(&sim, "REF-PERDIDA-4", "2750.00", "ARS", "2");
    let r = c
        .resolve_lost_checkout("REF-PERDIDA-4", amount)
        .await
        .unwrap();
    assert_eq!(
        (r.finding, r.outcome),
        (Finding::Unsettled, Outcome::NeedsReview)
    );
    assert!(!r.may_retry());
    sim.set_unicobros_status(&coupon, "200").unwrap();
    let r = c.resolve_reference("REF-PERDIDA-4", amount).await.unwrap();
    assert_eq!(r.outcome, Outcome::Confirmed);

    for n in 1..=4 {
        let reference = format!("REF-PERDIDA-{n}");
        assert_eq!(
            sim.unicobros_state().paid_with_reference(&reference),
            1,
            "{reference}: exactly one payment at the gateway"
        );
    }
}
