//! `cargo xtask soak [--payments N] [--fault-percent P] [--concurrency C] [--seed S]`: the full
//! fault soak, printing its report; exits non-zero on any duplicate, lost payment or
//! reconciliation mismatch.

use std::process::ExitCode;

use recaudo_tests::soak::{SoakConfig, run};

fn main() -> ExitCode {
    let mut config = SoakConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().and_then(|v| v.parse::<u64>().ok());
        match (flag.as_str(), value) {
            ("--payments", Some(v)) => config.payments = v as usize,
            ("--fault-percent", Some(v)) => config.fault_percent = v.min(100) as u32,
            ("--concurrency", Some(v)) => config.concurrency = v.max(1) as usize,
            ("--seed", Some(v)) => config.seed = v,
            _ => {
                eprintln!(
                    "usage: soak [--payments N] [--fault-percent P] [--concurrency C] [--seed S]"
                );
                return ExitCode::from(2);
            }
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let report = runtime.block_on(run(&config));
    report.print();
    if report.duplicates == 0 && report.lost == 0 && report.reconciliation_mismatches == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
