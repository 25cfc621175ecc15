//! One cell: a simulator of its own playing one reading set, one payment through a journaled
//! `CollectionService`, one scenario, the day-end `review`, and every check.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use recaudo_core::collection::{
    BillerId, CollectionService, EntryStatus, JournalStore, MemoryJournal, PaymentRequest,
    PaymentResult,
};
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::recovery::RecoveryPolicy;
use recaudo_core::{Error, Outcome};
use recaudo_sim::{Fault, FaultKind, SimConfig, Simulator};
use recaudo_tests::billers::{self, TIMEOUT};
use recaudo_tests::{dec, paying};

use crate::ReadingSet;
use crate::expect::{Expect, Out, Scenario, expected};

type Service = CollectionService<NativeTransport, SystemClock, Arc<MemoryJournal>>;

const RECEIPT: &str = "MATRIX-0001";

/// Every biller's settle floor (the shortest wait before the first check).
const SETTLE_FLOOR: Duration = recaudo_core::unicomer::SETTLE_FLOOR;

/// The `delay` fault: past the client's timeout.
fn delay() -> Duration {
    TIMEOUT + Duration::from_millis(200)
}

/// The `late_commit` fault: lands after the client's timeout plus its settle delay (so the
/// first check says "absent"), halfway to the second check that precedes any resend.
fn late() -> Duration {
    TIMEOUT + SETTLE_FLOOR + RecoveryPolicy::default().confirm_absence_after / 2
}

/// How a cell ended, and what was wrong with it.
pub struct CellResult {
    pub pay: Out,
    pub review: Out,
    pub held: usize,
    pub sends: u64,
    pub expected: Expect,
    /// Safety failures (duplicate, rejected but held, confirmed but absent): a core bug.
    pub safety: Vec<String>,
    /// Other departures from the expected ending.
    pub mismatches: Vec<String>,
    /// The last `PaymentResult`'s evidence, for the report.
    pub evidence: Vec<String>,
    pub elapsed: Duration,
}

pub async fn run(set: &ReadingSet, scenario: Scenario) -> CellResult {
    let biller = set.biller;
    let expected = expected(biller, &set.readings, scenario);
    let sim = Simulator::start(SimConfig {
        readings: set.readings.clone(),
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let journal = Arc::new(MemoryJournal::new());
    let request = request(&sim, biller);
    let mut cell = CellResult {
        pay: Out::InFlight,
        review: Out::InFlight,
        held: 0,
        sends: 0,
        expected,
        safety: Vec::new(),
        mismatches: Vec::new(),
        evidence: Vec::new(),
        elapsed: Duration::ZERO,
    };
    let start = Instant::now();
    let mut service = service(&sim, biller, &journal);

    match scenario {
        Scenario::CrashLanded | Scenario::CrashUnsent | Scenario::Concurrent => {
            let kind = if scenario == Scenario::CrashLanded {
                FaultKind::DropAfterCommit
            } else {
                FaultKind::DropBeforeCommit
            };
            sim.arm_fault(write_fault(biller, kind));
            match crash(&service, &request, &sim, biller).await {
                // It ended before the write went out (nothing could be sent): no crash.
                Some(result) => cell.note("pay", result),
                None => {
                    check_crashed(&journal, biller, &mut cell);
                    // The app restarts: a new service over the same journal.
                    drop(service);
                    service = self::service(&sim, biller, &journal);
                    if scenario == Scenario::Concurrent {
                        concurrent(&service, &request, &mut cell).await;
                    } else {
                        let resumed = service.resume().await.expect("journal readable");
                        match resumed.into_iter().find(|r| r.receipt == RECEIPT) {
                            Some(r) => cell.note("resume", r.result),
                            None => cell
                                .mismatches
                                .push("resume did not take up the payment in flight".into()),
                        }
                    }
                }
            }
        }
        _ => {
            if let Some(kind) = fault_of(scenario) {
                sim.arm_fault(write_fault(biller, kind));
            }
            let result = service.pay(&request).await;
            cell.note("pay", result);
        }
    }
    cell.pay = journal_out(&journal, biller);
    cell.check(
        "after pay",
        cell.pay,
        held(&sim, biller, &request),
        writes(&sim, biller),
    );

    // Day end: whatever was going to land has landed; then review.
    if scenario == Scenario::LateCommit {
        let landed = start + late() + Duration::from_millis(500);
        tokio::time::sleep_until(landed.into()).await;
    }
    let reviewed = service.review().await.expect("journal readable");
    for r in reviewed.into_iter().filter(|r| r.receipt == RECEIPT) {
        cell.note("review", r.result);
    }
    cell.review = journal_out(&journal, biller);
    cell.held = held(&sim, biller, &request);
    cell.sends = writes(&sim, biller);
    cell.check("after review", cell.review, cell.held, cell.sends);

    let e = cell.expected;
    if cell.pay != e.pay {
        cell.mismatches
            .push(format!("after pay: {} (expected {})", cell.pay, e.pay));
    }
    if cell.review != e.review {
        cell.mismatches.push(format!(
            "after review: {} (expected {})",
            cell.review, e.review
        ));
    }
    if cell.held != e.held {
        cell.mismatches.push(format!(
            "the biller holds {} (expected {})",
            cell.held, e.held
        ));
    }
    if cell.sends > e.sends {
        cell.mismatches.push(format!(
            "the write endpoint saw {} requests; safe payment allows {} here",
            cell.sends, e.sends
        ));
    }
    sim.shutdown();
    cell.elapsed = start.elapsed();
    cell
}

impl CellResult {
    /// Keeps a result's evidence under `stage`; flags an outcome the journal could not save.
    fn note(&mut self, stage: &str, result: Result<PaymentResult, Error>) {
        self.evidence.push(format!("[{stage}]"));
        match result {
            Ok(r) => {
                if let Some(why) = &r.unsaved {
                    self.mismatches.push(format!("outcome not saved: {why}"));
                }
                self.evidence.extend(
                    r.evidence
                        .iter()
                        .map(|e| format!("{}: {}", e.step, e.detail)),
                );
                if let Some(rej) = &r.rejection {
                    self.evidence
                        .push(format!("rejection: {} {}", rej.code, rej.message));
                }
                self.evidence.push(format!("=> {}", r.outcome));
            }
            Err(e) => self.evidence.push(format!("error: {e}")),
        }
    }

    /// The invariants, at any point: at most one payment with our receipt at the biller; never
    /// rejected while the biller holds it; confirmed only when the biller holds exactly one.
    fn check(&mut self, stage: &str, out: Out, held: usize, sends: u64) {
        if held > 1 {
            self.safety.push(format!(
                "{stage}: DUPLICATE: the biller holds {held} payments with the receipt ({sends} sends)"
            ));
        }
        if out == Out::Rejected && held > 0 {
            self.safety.push(format!(
                "{stage}: REJECTED while the biller holds {held} payment(s)"
            ));
        }
        if out == Out::Confirmed && held != 1 {
            self.safety.push(format!(
                "{stage}: CONFIRMED while the biller holds {held} payment(s)"
            ));
        }
        let max = u64::from(RecoveryPolicy::default().max_sends);
        if sends > max {
            self.safety.push(format!(
                "{stage}: the write was sent {sends} times (max_sends {max})"
            ));
        }
    }
}

/// Two `pay`s of the receipt and a `resume`, at once, on the restarted service: every one that
/// resolves it must end the same, and the journal with it.
async fn concurrent(service: &Service, request: &PaymentRequest, cell: &mut CellResult) {
    let (a, b, resumed) =
        tokio::join!(service.pay(request), service.pay(request), service.resume());
    let mut outcomes: Vec<(&str, Option<Outcome>)> = vec![
        ("pay 1", a.as_ref().ok().map(|r| r.outcome)),
        ("pay 2", b.as_ref().ok().map(|r| r.outcome)),
    ];
    let resumed = resumed.expect("journal readable");
    let resumed = resumed.into_iter().find(|r| r.receipt == RECEIPT);
    if let Some(r) = &resumed {
        outcomes.push(("resume", r.result.as_ref().ok().map(|r| r.outcome)));
    }
    let first = outcomes[0].1;
    if outcomes.iter().any(|(_, o)| *o != first) {
        cell.mismatches.push(format!(
            "concurrent resolutions disagree: {}",
            outcomes
                .iter()
                .map(|(who, o)| format!("{who} {}", o.map_or("error", |o| o.as_str())))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    cell.note("pay 1 (concurrent)", a);
}

/// Starts a payment and kills it (drops its future, as a dead process would) once its write
/// reached the biller and the reply was lost: the journal then holds it in flight with one
/// send. `Some` when the payment ended first (it never sent anything).
async fn crash(
    service: &Service,
    request: &PaymentRequest,
    sim: &Simulator,
    biller: BillerId,
) -> Option<Result<PaymentResult, Error>> {
    let reached = async {
        while writes(sim, biller) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        // Inside the settle delay that follows the lost reply.
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    tokio::select! {
        result = service.pay(request) => Some(result),
        () = reached => None,
    }
}

fn check_crashed(journal: &MemoryJournal, biller: BillerId, cell: &mut CellResult) {
    match journal.get(biller, RECEIPT) {
        Ok(Some(e)) if e.status == EntryStatus::InFlight && e.sends == 1 => {}
        other => cell.mismatches.push(format!(
            "the crash left the journal as {:?}, not in flight with one send",
            other.map(|e| e.map(|e| (e.status, e.sends)))
        )),
    }
}

fn service(sim: &Simulator, biller: BillerId, journal: &Arc<MemoryJournal>) -> Service {
    CollectionService::new(billers::collector(sim, biller), Arc::clone(journal))
}

/// Where the payment stands in the journal.
fn journal_out(journal: &MemoryJournal, biller: BillerId) -> Out {
    match journal.get(biller, RECEIPT).expect("journal readable") {
        None => Out::NotSent,
        Some(e) => match (e.status, e.result.map(|r| r.outcome)) {
            (EntryStatus::Resolved, Some(Outcome::Confirmed)) => Out::Confirmed,
            (EntryStatus::Resolved, Some(Outcome::Rejected)) => Out::Rejected,
            (EntryStatus::Resolved, Some(Outcome::NeedsReview)) => Out::NeedsReview,
            (EntryStatus::NotSent, _) => Out::NotSent,
            _ => Out::InFlight,
        },
    }
}

fn fault_of(scenario: Scenario) -> Option<FaultKind> {
    Some(match scenario {
        Scenario::DropBeforeCommit => FaultKind::DropBeforeCommit,
        Scenario::DropAfterCommit => FaultKind::DropAfterCommit,
        Scenario::Error500 => FaultKind::Error500,
        Scenario::TruncatedJson => FaultKind::TruncatedJson,
        Scenario::Delay => FaultKind::Delay {
            ms: delay().as_millis() as u64,
        },
        Scenario::LateCommit => FaultKind::LateCommit {
            ms: late().as_millis() as u64,
        },
        Scenario::CommitThenError => FaultKind::CommitThenError { status: 200 },
        _ => return None,
    })
}

fn write_fault(biller: BillerId, kind: FaultKind) -> Fault {
    Fault {
        biller: biller.as_str().into(),
        endpoint: paying::pay_endpoint(biller).into(),
        kind,
        times: 1,
    }
}

/// Requests that reached the biller's write endpoint.
fn writes(sim: &Simulator, biller: BillerId) -> u64 {
    paying::sends(sim, biller)
}

/// Payments with our receipt at the biller (for a biller that takes no receipt, the ones of the
/// debt the cell pays; see `paying::HELD`).
fn held(sim: &Simulator, biller: BillerId, request: &PaymentRequest) -> usize {
    paying::held_at_the_biller(sim, [(biller, request)])
        .get(&(biller, RECEIPT.to_owned()))
        .copied()
        .unwrap_or(0)
}

/// The cell's one payment, on a debt seeded for it where the biller's debts take one payment
/// (Cooplan: a contract with that one debt, which under `cooplan.deuda_values=compact` is listed
/// as a lone object, then as "" once paid): 12.34, or the whole of such a debt.
fn request(sim: &Simulator, biller: BillerId) -> PaymentRequest {
    let (debt_id, amount) = paying::debts(sim, biller, 1).get(0, dec("12.34"));
    let paid_at = NaiveDateTime::parse_from_str("2026-11-23 10:00:00", "%Y-%m-%d %H:%M:%S")
        .expect("valid date");
    {
        let mut r = paying::request(biller, &debt_id, amount, RECEIPT, Some(paid_at));
        r.cashier = "CAJERO MATRIZ".into();
        r.location = "AGENCIA MATRIZ".into();
        r
    }
}
