//! `cargo xtask soak [--payments N] [--fault-percent P] [--concurrency C] [--seed S]
//! [--reading KEY=VALUE ...] [--adversarial]`: the full fault soak, printing its report; exits
//! non-zero on any duplicate, lost payment or reconciliation mismatch, or more payments left for
//! review than the injections explain.
//!
//! `--reading` (repeatable) makes the simulator play that reading of a documented ambiguity
//! (`recaudo_sim::READINGS`); `--adversarial` plays the most adversarial reading of every biller
//! (`recaudo_tests::billers::ADVERSARIAL`), and later `--reading`s override it.

use std::process::ExitCode;

use recaudo_tests::billers::ADVERSARIAL;
use recaudo_tests::soak::{SoakConfig, run};

const USAGE: &str = "usage: soak [--payments N] [--fault-percent P] [--concurrency C] [--seed S] \
                     [--reading KEY=VALUE ...] [--adversarial]";

fn main() -> ExitCode {
    let mut config = SoakConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let result = match flag.as_str() {
            "--adversarial" => config
                .readings
                .set_all(ADVERSARIAL.iter().copied())
                .map_err(|e| e.to_string()),
            "--reading" => match args.next() {
                Some(assignment) => config
                    .readings
                    .set_assignment(&assignment)
                    .map_err(|e| e.to_string()),
                None => Err("--reading needs KEY=VALUE".to_owned()),
            },
            "--payments" | "--fault-percent" | "--concurrency" | "--seed" => {
                match args.next().and_then(|v| v.parse::<u64>().ok()) {
                    Some(v) => {
                        match flag.as_str() {
                            "--payments" => config.payments = v as usize,
                            "--fault-percent" => config.fault_percent = v.min(100) as u32,
                            "--concurrency" => config.concurrency = v.max(1) as usize,
                            _ => config.seed = v,
                        }
                        Ok(())
                    }
                    None => Err(format!("{flag} needs a number")),
                }
            }
            other => Err(format!("unknown argument `{other}`")),
        };
        if let Err(e) = result {
            eprintln!("soak: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let report = runtime.block_on(run(&config));
    report.print();
    if report.duplicates == 0
        && report.lost == 0
        && report.reconciliation_mismatches == 0
        && report.review_bound_holds()
    {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
