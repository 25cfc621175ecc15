//! The short fault soak that runs with every test run (`cargo xtask soak` runs the long one).

use recaudo_tests::soak::{SoakConfig, run};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_soak_loses_and_doubles_nothing() {
    let config = SoakConfig {
        payments: 300,
        ..SoakConfig::default()
    };
    let report = run(&config).await;
    report.print();
    assert_eq!(report.attempted, 300);
    let faulted: usize = report.injected.values().sum();
    assert!(
        faulted * 4 >= report.attempted,
        "at least a quarter faulted: {faulted}"
    );
    assert_eq!(report.duplicates, 0, "duplicates at the biller");
    assert_eq!(report.lost, 0, "payments lost");
    assert_eq!(report.reconciliation_mismatches, 0);
    assert_eq!(
        report.confirmed + report.rejected + report.needs_review,
        report.attempted
    );
}
