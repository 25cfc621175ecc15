//! The reading matrix: every paying biller (`recaudo_tests::paying::paying_billers`: Unicomer,
//! Zoom, Cooplan), under its default readings, under each alternative value of each of its
//! switches (one changed at a time) and under its most adversarial combination
//! ([`recaudo_tests::billers::ADVERSARIAL`]), through every scenario (each fault on the write
//! endpoint, a crash and `resume`, a crash then two `pay`s and a `resume` at once), each followed
//! by the day-end `review`. Journaled through `CollectionService`, one simulator per cell.
//!
//! Every cell asserts the invariants (at most one payment with the receipt at the biller; never
//! rejected while the biller holds it; confirmed only when it holds exactly one; no more sends
//! than `max_sends`) and its exact expected ending (`expect.rs`, reasoned per biller from reading
//! and scenario). The table is printed and written to `target/reading-matrix.txt`;
//! `cargo xtask test` shows it after the test suites.

mod cell;
mod expect;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use recaudo_core::collection::BillerId;
use recaudo_sim::{Readings, readings_of};
use recaudo_tests::billers::{ADVERSARIAL, adversarial_for};
use recaudo_tests::paying::paying_billers;

use crate::cell::CellResult;
use crate::expect::Scenario;

/// Cells run at once, one worker thread each (a cell mostly waits on settle and confirm
/// delays).
const CONCURRENCY: usize = 8;

/// One row group of the matrix: a biller and the readings its simulator plays.
pub struct ReadingSet {
    pub biller: BillerId,
    /// `default`, `KEY=VALUE` (one switch changed) or `adversarial`.
    pub name: String,
    pub readings: Readings,
}

/// Default, each alternative value alone, and the adversarial combination, per biller.
fn reading_sets() -> Vec<ReadingSet> {
    let mut sets = Vec::new();
    for biller in paying_billers() {
        let name = biller.as_str();
        sets.push(ReadingSet {
            biller,
            name: "default".into(),
            readings: Readings::default(),
        });
        for spec in readings_of(name) {
            for value in &spec.values[1..] {
                let mut readings = Readings::default();
                readings.set(spec.key, value).expect("a value of the table");
                let short = spec.key.split_once('.').map_or(spec.key, |(_, k)| k);
                sets.push(ReadingSet {
                    biller,
                    name: format!("{short}={value}"),
                    readings,
                });
            }
        }
        sets.push(ReadingSet {
            biller,
            name: "adversarial".into(),
            readings: adversarial_for(name),
        });
    }
    sets
}

struct Row {
    set: usize,
    scenario: Scenario,
    cell: CellResult,
}

#[test]
fn reading_matrix() {
    let started = Instant::now();
    let sets: Arc<Vec<ReadingSet>> = Arc::new(reading_sets());
    let cells: Arc<Vec<(usize, Scenario)>> = Arc::new(
        (0..sets.len())
            .flat_map(|set| Scenario::ALL.map(|scenario| (set, scenario)))
            .collect(),
    );
    // The core's payment futures are not `Send` (the journal's send counter lives in a
    // `RefCell`), so each worker is a thread with a runtime of its own, taking cells in turn;
    // each cell's simulator runs on its worker's runtime.
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (sets, cells, next) = (Arc::clone(&sets), Arc::clone(&cells), Arc::clone(&next));
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("tokio runtime");
                let mut rows = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&(set, scenario)) = cells.get(i) else {
                        break;
                    };
                    let cell = runtime.block_on(cell::run(&sets[set], scenario));
                    rows.push(Row {
                        set,
                        scenario,
                        cell,
                    });
                }
                rows
            })
        })
        .collect();
    let mut rows: Vec<Row> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("a matrix worker panicked"))
        .collect();
    rows.sort_by_key(|r| (r.set, r.scenario));
    let text = render(&sets, &rows, started.elapsed());
    println!("{text}");
    let path = output_path();
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    std::fs::write(&path, &text).expect("write the matrix");
    println!("(written to {})", path.display());

    let failed: Vec<&Row> = rows
        .iter()
        .filter(|r| !r.cell.safety.is_empty() || !r.cell.mismatches.is_empty())
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} cells failed (see FAILURES above and {})",
        failed.len(),
        rows.len(),
        path.display()
    );
}

fn output_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .expect("tests/ lives in the workspace")
                .join("target")
        });
    target.join("reading-matrix.txt")
}

fn render(sets: &[ReadingSet], rows: &[Row], elapsed: std::time::Duration) -> String {
    let mut out = String::new();
    let safety = rows.iter().filter(|r| !r.cell.safety.is_empty()).count();
    let mismatched = rows
        .iter()
        .filter(|r| r.cell.safety.is_empty() && !r.cell.mismatches.is_empty())
        .count();
    let _ = writeln!(
        out,
        "reading matrix: {} cells ({} reading sets x {} scenarios), {} safety failure(s), {} other \
         mismatch(es), {:.1} s",
        rows.len(),
        sets.len(),
        Scenario::ALL.len(),
        safety,
        mismatched,
        elapsed.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "adversarial: {}",
        ADVERSARIAL
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let _ = writeln!(
        out,
        "held = payments with the receipt at the biller at the end; sends = requests its write \
         endpoint saw (a lost one included)\n"
    );
    let header = format!(
        "{:<9} {:<30} {:<24} {:<13} {:<13} {:>4} {:>5}  {}",
        "biller", "reading set", "scenario", "after pay", "after review", "held", "sends", "check"
    );
    let _ = writeln!(out, "{header}");
    let _ = writeln!(out, "{}", "-".repeat(header.len()));
    let mut last_set = None;
    for r in rows {
        let set = &sets[r.set];
        if last_set.is_some_and(|s| s != r.set) {
            let _ = writeln!(out);
        }
        last_set = Some(r.set);
        let c = &r.cell;
        let check = if !c.safety.is_empty() {
            "SAFETY FAILURE"
        } else if !c.mismatches.is_empty() {
            "MISMATCH"
        } else {
            "ok"
        };
        let _ = writeln!(
            out,
            "{:<9} {:<30} {:<24} {:<13} {:<13} {:>4} {:>5}  {}",
            set.biller.as_str(),
            set.name,
            r.scenario.name(),
            c.pay.name(),
            c.review.name(),
            c.held,
            c.sends,
            check
        );
    }
    let failed: Vec<&Row> = rows
        .iter()
        .filter(|r| !r.cell.safety.is_empty() || !r.cell.mismatches.is_empty())
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "\nFAILURES");
        for r in failed {
            let set = &sets[r.set];
            let c = &r.cell;
            let e = &c.expected;
            let _ = writeln!(
                out,
                "\n* {} / {} / {}: expected {} then {}, held {}, at most {} sends ({})",
                set.biller,
                set.name,
                r.scenario.name(),
                e.pay,
                e.review,
                e.held,
                e.sends,
                e.why
            );
            for s in &c.safety {
                let _ = writeln!(out, "    SAFETY: {s}");
            }
            for m in &c.mismatches {
                let _ = writeln!(out, "    {m}");
            }
            let _ = writeln!(out, "    evidence:");
            for line in &c.evidence {
                let _ = writeln!(out, "      {line}");
            }
        }
    }
    out
}
