//! The short fault soak that runs with every test run (`cargo xtask soak` runs the long one),
//! under the most adversarial reading of every biller (`billers::ADVERSARIAL`): no duplicate, no
//! payment lost, no reconciliation mismatch, and no more payments left for review after the
//! day-end review than the injections explain (`soak::review_bound`).

use recaudo_tests::billers::adversarial;
use recaudo_tests::soak::{SoakConfig, run};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_soak_under_the_adversarial_readings_loses_and_doubles_nothing() {
    let config = SoakConfig {
        payments: 240,
        readings: adversarial(),
        ..SoakConfig::default()
    };
    let report = run(&config).await;
    report.print();
    assert_eq!(report.attempted, 240);
    let faulted: usize = report.injected.values().sum();
    assert!(
        faulted * 4 >= report.attempted,
        "at least a quarter faulted: {faulted}"
    );
    assert_eq!(report.duplicates, 0, "duplicates at the biller");
    assert_eq!(report.lost, 0, "payments lost: {:#?}", report.failures);
    assert_eq!(report.reconciliation_mismatches, 0);
    assert_eq!(
        report.confirmed + report.rejected + report.needs_review,
        report.attempted
    );
    for (biller, r) in &report.review {
        assert!(
            r.after <= r.bound,
            "{biller}: {} left for review after the day-end review, bound {}",
            r.after,
            r.bound
        );
    }
}
