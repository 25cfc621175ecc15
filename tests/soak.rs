//! The fault soak: many payments across the billers against the simulator, a large share of
//! their writes faulted (replies dropped after or before the commit, 5xx, truncated bodies,
//! delays past the timeout, writes that land after the client's first check, writes committed
//! then answered with the biller's error, token expiry, and the process "crashing" mid-payment
//! followed by a journal `resume`), then the day-end `review` (once every late write has landed),
//! then counted at the biller: no duplicate, no payment lost, a clean reconciliation, and no
//! more payments left for review than the injections can explain ([`review_bound`]).
//!
//! The simulator plays the readings of [`SoakConfig::readings`] (`cargo xtask soak --reading
//! KEY=VALUE`, `--adversarial` for [`crate::billers::ADVERSARIAL`]).
//!
//! `cargo xtask soak` runs it at full size and prints the report; a short version runs with the
//! tests, under the adversarial readings.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use futures::StreamExt;
use recaudo_core::Outcome;
use recaudo_core::collection::{
    BillerId, CollectionService, EntryStatus, Finding, JournalStore, MemoryJournal, PaymentRequest,
};
use recaudo_sim::{Fault, FaultKind, Readings, SimConfig, Simulator};
use rust_decimal::Decimal;

use crate::billers::collector_with_timeout as collector;
use crate::paying;

/// What the soak injects into a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Injection {
    DropAfterCommit,
    DropBeforeCommit,
    Error500,
    TruncatedBody,
    DelayPastTimeout,
    /// The write lands after the client's timeout and settle delay: the first check finds it
    /// absent, a later one finds it.
    LateCommit,
    /// The write is stored, then answered with the biller's own error body (HTTP 200).
    CommitThenError,
    TokenExpiry,
    Crash,
}

impl Injection {
    pub const ALL: [Injection; 9] = [
        Injection::DropAfterCommit,
        Injection::DropBeforeCommit,
        Injection::Error500,
        Injection::TruncatedBody,
        Injection::DelayPastTimeout,
        Injection::LateCommit,
        Injection::CommitThenError,
        Injection::TokenExpiry,
        Injection::Crash,
    ];

    /// Whether the fault processes the write and then hides its reply (dropped, garbled,
    /// delayed, late, or replaced by an error): the client cannot tell a stored write from one
    /// the biller refused.
    pub fn hides_reply(self) -> bool {
        matches!(
            self,
            Injection::DropAfterCommit
                | Injection::TruncatedBody
                | Injection::DelayPastTimeout
                | Injection::LateCommit
                | Injection::CommitThenError
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            Injection::DropAfterCommit => "reply dropped after commit",
            Injection::DropBeforeCommit => "request dropped before commit",
            Injection::Error500 => "HTTP 500",
            Injection::TruncatedBody => "truncated body",
            Injection::DelayPastTimeout => "delay past the timeout",
            Injection::LateCommit => "late commit",
            Injection::CommitThenError => "commit, then error",
            Injection::TokenExpiry => "token expired",
            Injection::Crash => "crash, then resume",
        }
    }
}

#[derive(Debug, Clone)]
pub struct SoakConfig {
    pub payments: usize,
    /// Share of payments with an injection, in percent.
    pub fault_percent: u32,
    pub concurrency: usize,
    pub seed: u64,
    pub billers: Vec<BillerId>,
    /// The reading of each documented ambiguity the simulator plays.
    pub readings: Readings,
}

impl Default for SoakConfig {
    fn default() -> Self {
        SoakConfig {
            payments: 10_000,
            fault_percent: 40,
            concurrency: 16,
            seed: 0x5eed,
            billers: soak_billers(),
            readings: Readings::default(),
        }
    }
}

/// The billers the soak pays through: every biller a test can pay through
/// ([`paying::paying_billers`]). Unicobros' documented API cannot make a payment (payments happen
/// in the gateway's checkout), so it is not soaked here; its read paths are faulted in its own
/// suite.
pub fn soak_billers() -> Vec<BillerId> {
    paying::paying_billers()
}

/// Readings under which nothing a biller answers proves a write of its present or absent, by
/// biller name: (biller, reading, value, why). A biller not listed has none.
pub const UNPROVABLE: &[(&str, &str, &str, &str)] = &[(
    "cooplan",
    "cooplan.reporte_values",
    "string",
    "report is text: every doubt stays",
)];

/// Why no doubt about a write of `biller` can be settled under `readings`, if so (see
/// [`UNPROVABLE`]).
pub fn unprovable(biller: BillerId, readings: &Readings) -> Option<&'static str> {
    UNPROVABLE
        .iter()
        .find(|(name, key, value, _)| *name == biller.as_str() && readings.is(key, value))
        .map(|(_, _, _, why)| *why)
}

#[derive(Debug, Default)]
pub struct SoakReport {
    pub attempted: usize,
    /// The readings the simulator played.
    pub readings: Readings,
    pub injected: BTreeMap<Injection, usize>,
    pub injected_per_biller: BTreeMap<BillerId, BTreeMap<Injection, usize>>,
    pub confirmed: usize,
    pub rejected: usize,
    /// Left for review after the day-end review (all billers).
    pub needs_review: usize,
    pub duplicates: usize,
    pub lost: usize,
    pub reconciliation_mismatches: usize,
    /// Billers whose reconciliation could not be made, with why (a reading under which the
    /// biller lists no settlements); their payments are still counted at the simulator.
    pub reconciliation_unavailable: Vec<String>,
    pub per_biller: BTreeMap<BillerId, usize>,
    /// Left for review after `resume` (all billers), before the day-end review.
    pub needs_review_before_review: usize,
    /// Per biller: needs review before and after the day-end review, and the bound.
    pub review: BTreeMap<BillerId, ReviewCount>,
    /// Why payments were rejected or left for review: reason → count.
    pub reasons: BTreeMap<String, usize>,
    /// The first unsafe endings (duplicate, confirmed but absent, rejected but held,
    /// unresolved), with their evidence.
    pub failures: Vec<String>,
    pub elapsed: Duration,
    /// When each phase ended, from the start.
    pub phases: Vec<(&'static str, Duration)>,
}

/// One biller's payments left for review.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReviewCount {
    /// After `resume`, before the day-end review.
    pub before: usize,
    /// After the day-end review (every late write landed first).
    pub after: usize,
    /// The most that may stay for review, from the injections ([`review_bound`]).
    pub bound: usize,
    /// Whether this biller's safe payment resends a write proven absent.
    pub resends: bool,
}

/// The most payments of `biller` that may still need review after the day-end review (every
/// late write landed first), from the injections its payments got:
///
/// - A write is lost (never stored) by a request dropped before commit, a 500 answered without
///   processing, or a crash between recording the send and sending it. A lost write is the only
///   doubt the biller's status check cannot settle by itself: it shows "absent", and absent
///   cannot be told from "not landed yet".
/// - A biller that never resends a proven absence (Zoom by default: it documents no duplicate
///   guard, so a resend could make two) leaves every lost write for review, for good: neither
///   safe payment nor review may send it again, and nothing will ever confirm it; a person must.
///   Its bound is its lost-write injections. It cannot be lower: each of them is, to the
///   collector, a write that may still land.
/// - A biller that resends (Unicomer, Cooplan) settles a lost write by sending it again, so a
///   payment stays only when every one of its `max_sends` sends was lost; the faults are armed
///   per endpoint, not per payment, so a resend may meet a fault armed for another payment.
///   Its bound is its lost-write injections divided by `max_sends`.
/// - Under `cooplan.reporte_values=string` Cooplan's collections report proves nothing, so no
///   doubt about a Cooplan write can be settled either way: every injection that raises one
///   (all but a token expiry, which is refused before the write and replayed) may stay. Such
///   readings are listed by biller in [`UNPROVABLE`].
///
/// Whether a biller resends, and `max_sends`, are its client's recovery policy
/// ([`paying::recovery_policy`]).
///
/// Late landings, writes stored before their reply was lost, garbled or delayed, and writes
/// stored then answered with an error are found by the check, and never count.
pub fn review_bound(
    biller: BillerId,
    resends: bool,
    max_sends: u32,
    readings: &Readings,
    injected: &BTreeMap<Injection, usize>,
) -> usize {
    let count = |wanted: &dyn Fn(Injection) -> bool| -> usize {
        injected
            .iter()
            .filter(|(i, _)| wanted(**i))
            .map(|(_, n)| n)
            .sum()
    };
    if unprovable(biller, readings).is_some() {
        return count(&|i| i != Injection::TokenExpiry);
    }
    let lost = count(&|i| {
        matches!(
            i,
            Injection::DropBeforeCommit | Injection::Error500 | Injection::Crash
        )
    });
    if resends {
        lost / max_sends.max(1) as usize
    } else {
        lost
    }
}

impl SoakReport {
    pub fn throughput(&self) -> f64 {
        // Payments per second, a report figure (not money).
        self.attempted as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Every biller's needs review after the day-end review is within its bound.
    pub fn review_bound_holds(&self) -> bool {
        self.review.values().all(|r| r.after <= r.bound)
    }

    pub fn print(&self) {
        println!("fault soak");
        let changed: Vec<String> = self
            .readings
            .iter()
            .zip(Readings::default().iter())
            .filter(|(now, default)| now != default)
            .map(|((k, v), _)| format!("{k}={v}"))
            .collect();
        println!(
            "  readings                  {}",
            if changed.is_empty() {
                "default".to_owned()
            } else {
                changed.join(" ")
            }
        );
        println!("  payments attempted        {}", self.attempted);
        for (biller, n) in &self.per_biller {
            println!("    {biller:<22}  {n}");
        }
        let faulted: usize = self.injected.values().sum();
        println!(
            "  faults injected           {faulted} ({:.1}%)",
            100.0 * faulted as f64 / self.attempted.max(1) as f64
        );
        let billers: Vec<BillerId> = self.per_biller.keys().copied().collect();
        println!(
            "    {:<29}  {:>5}{}",
            "",
            "all",
            billers
                .iter()
                .map(|b| format!(" {:>9}", b.as_str()))
                .collect::<String>()
        );
        for (kind, n) in &self.injected {
            println!(
                "    {:<29}  {n:>5}{}",
                kind.name(),
                billers
                    .iter()
                    .map(|b| format!(
                        " {:>9}",
                        self.injected_per_biller
                            .get(b)
                            .and_then(|m| m.get(kind))
                            .copied()
                            .unwrap_or(0)
                    ))
                    .collect::<String>()
            );
        }
        println!("  confirmed                 {}", self.confirmed);
        println!("  rejected                  {}", self.rejected);
        println!(
            "  needs review              {} after the day-end review ({} before)",
            self.needs_review, self.needs_review_before_review
        );
        println!("    biller    before  after  bound  (bound: injections that may stay)");
        for (biller, r) in &self.review {
            println!(
                "    {:<9} {:>6}  {:>5}  {:>5}  {}{}",
                biller.as_str(),
                r.before,
                r.after,
                r.bound,
                if r.resends {
                    "resends a proven absence: stays only if every send was lost"
                } else {
                    "never resends: every lost write stays (drops before commit, 500s, crashes)"
                },
                unprovable(*biller, &self.readings).map_or(String::new(), |why| format!("; {why}"))
            );
        }
        println!(
            "  review bound              {}",
            if self.review_bound_holds() {
                "holds"
            } else {
                "EXCEEDED"
            }
        );
        println!("  duplicates at the biller  {}", self.duplicates);
        println!("  payments lost             {}", self.lost);
        println!(
            "  reconciliation mismatches {}",
            self.reconciliation_mismatches
        );
        for why in &self.reconciliation_unavailable {
            println!("    not reconciled: {why}");
        }
        for (reason, n) in &self.reasons {
            println!("    {n:>5}  {reason}");
        }
        if !self.failures.is_empty() {
            println!("  unsafe endings (first {MAX_FAILURES_SHOWN})");
            for f in &self.failures {
                println!("    {f}");
            }
        }
        println!(
            "  elapsed                   {:.1} s ({})",
            self.elapsed.as_secs_f64(),
            self.phases
                .iter()
                .scan(Duration::ZERO, |last, (phase, at)| {
                    let took = at.saturating_sub(*last);
                    *last = *at;
                    Some(format!("{phase} {:.1} s", took.as_secs_f64()))
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!(
            "  throughput                {:.0} payments/s",
            self.throughput()
        );
    }
}

/// A small deterministic generator: the soak is repeatable for a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const TIMEOUT: Duration = Duration::from_millis(300);
const DELAY: u64 = 600;

/// The late commit: after the client's timeout and settle delay (the first check finds the
/// write absent), halfway to the second check that precedes any resend.
fn late() -> Duration {
    TIMEOUT
        + recaudo_core::unicomer::SETTLE_FLOOR
        + recaudo_core::recovery::RecoveryPolicy::default().confirm_absence_after / 2
}

/// Unsafe endings shown in the report, with their evidence.
const MAX_FAILURES_SHOWN: usize = 10;

/// Payments of `biller` the journal holds as needing review.
fn left_for_review(journal: &MemoryJournal, biller: BillerId) -> usize {
    journal
        .entries()
        .expect("journal readable")
        .iter()
        .filter(|e| e.biller == biller && e.status == EntryStatus::Resolved)
        .filter(|e| {
            e.result
                .as_ref()
                .is_some_and(|r| r.outcome == Outcome::NeedsReview)
        })
        .count()
}

/// One unsafe ending, with the journal's evidence.
fn failure(
    plan: &Plan,
    entry: Option<&recaudo_core::collection::JournalEntry>,
    outcome: Option<Outcome>,
    at_biller: usize,
) -> String {
    let evidence = entry
        .and_then(|e| e.result.as_ref())
        .map(|r| {
            r.evidence
                .iter()
                .map(|e| format!("{}: {}", e.step, e.detail))
                .chain(
                    r.rejection
                        .iter()
                        .map(|r| format!("rejection: {} {}", r.code, r.message)),
                )
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .unwrap_or_default();
    format!(
        "{} {} (injection {}): {} with {} at the biller; {}",
        plan.biller,
        plan.request.receipt,
        plan.injection.map_or("none", Injection::name),
        outcome.map_or("unresolved", Outcome::as_str),
        at_biller,
        evidence
    )
}

struct Plan {
    biller: BillerId,
    request: PaymentRequest,
    injection: Option<Injection>,
}

/// Runs the soak against a simulator of its own.
pub async fn run(config: &SoakConfig) -> SoakReport {
    let sim = Simulator::start(SimConfig {
        readings: config.readings.clone(),
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let start = Instant::now();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
    let mut rng = Rng(config.seed);
    let mut report = SoakReport {
        readings: config.readings.clone(),
        ..SoakReport::default()
    };

    let mut services = BTreeMap::new();
    let mut debts = BTreeMap::new();
    for (n, &biller) in config.billers.iter().enumerate() {
        let payments = (0..config.payments)
            .filter(|i| i % config.billers.len() == n)
            .count();
        debts.insert(biller, paying::debts(&sim, biller, payments));
        let journal = Arc::new(MemoryJournal::new());
        services.insert(
            biller,
            CollectionService::new(collector(&sim, biller, TIMEOUT), journal),
        );
    }
    // The day each biller's records are kept under: the paid-at we send (billers that take it),
    // or the biller's own clock (Cooplan's report).
    let days: BTreeMap<BillerId, NaiveDate> = services
        .iter()
        .map(|(b, s)| {
            (
                *b,
                if paying::takes_paid_at(*b) {
                    day
                } else {
                    s.collector().now_local().date()
                },
            )
        })
        .collect();

    // Each biller's payments so far: the next one's index among its debts.
    let mut paid: BTreeMap<BillerId, usize> = BTreeMap::new();
    let plans: Vec<Plan> = (0..config.payments)
        .map(|i| {
            let biller = config.billers[i % config.billers.len()];
            let injection = (rng.below(100) < u64::from(config.fault_percent))
                .then(|| Injection::ALL[rng.below(Injection::ALL.len() as u64) as usize]);
            // Unique per payment: several billers find a payment by debt, amount and time (sent
            // only to the billers that take it).
            let paid_at = day.and_hms_opt(0, 0, 0).expect("midnight")
                + chrono::Duration::seconds(i as i64 % 86_000);
            let amount = Decimal::new(100 + rng.below(900) as i64, 2);
            let k = paid.entry(biller).or_default();
            let (debt_id, amount) = debts[&biller].get(*k, amount);
            *k += 1;
            let receipt = format!("SOAK-{}-{i:06}", biller.as_str());
            Plan {
                biller,
                request: {
                    let mut r = paying::request(biller, &debt_id, amount, &receipt, Some(paid_at));
                    r.cashier = "CAJERO SOAK".into();
                    r.location = "AGENCIA SOAK".into();
                    r
                },
                injection,
            }
        })
        .collect();
    report.attempted = plans.len();
    for plan in &plans {
        *report.per_biller.entry(plan.biller).or_default() += 1;
        if let Some(kind) = plan.injection {
            *report.injected.entry(kind).or_default() += 1;
            *report
                .injected_per_biller
                .entry(plan.biller)
                .or_default()
                .entry(kind)
                .or_default() += 1;
        }
    }
    // When the last late commit was sent: the day-end review waits until it has landed.
    let last_late: Mutex<Option<Instant>> = Mutex::new(None);

    // A token expiry and a fault that hides a write's reply must not meet: a write refused for
    // an expired token is not stored, and with its refusal hidden it would look exactly like a
    // lost write (see `review_bound`). So payments whose fault hides the reply hold this gate
    // (shared) until their write is settled (a late commit until it has landed), and an expiry
    // holds it alone, makes its own payment meet the expired token, and renews every biller's
    // token before letting go.
    let expiry_gate = tokio::sync::RwLock::new(());
    // How long after its fault is armed a write has surely been processed (it is the
    // payment's first request; the token is cached).
    const WRITE_PROCESSED: Duration = Duration::from_millis(500);
    futures::stream::iter(plans.iter())
        .for_each_concurrent(config.concurrency, |plan| {
            let sim = &sim;
            let last_late = &last_late;
            let expiry_gate = &expiry_gate;
            let services = &services;
            let service = &services[&plan.biller];
            async move {
                let shared = match plan.injection {
                    Some(i) if i.hides_reply() => Some(expiry_gate.read().await),
                    _ => None,
                };
                let armed_at = Instant::now();
                let endpoint = paying::pay_endpoint(plan.biller);
                let arm = |kind| {
                    sim.arm_fault(Fault {
                        biller: plan.biller.as_str().into(),
                        endpoint: endpoint.into(),
                        kind,
                        times: 1,
                    })
                };
                match plan.injection {
                    Some(Injection::DropAfterCommit) => arm(FaultKind::DropAfterCommit),
                    Some(Injection::DropBeforeCommit) => arm(FaultKind::DropBeforeCommit),
                    Some(Injection::Error500) => arm(FaultKind::Error500),
                    Some(Injection::TruncatedBody) => arm(FaultKind::TruncatedJson),
                    Some(Injection::DelayPastTimeout) => arm(FaultKind::Delay { ms: DELAY }),
                    Some(Injection::LateCommit) => {
                        *last_late.lock().unwrap_or_else(|e| e.into_inner()) = Some(armed_at);
                        arm(FaultKind::LateCommit {
                            ms: late().as_millis() as u64,
                        })
                    }
                    Some(Injection::CommitThenError) => {
                        arm(FaultKind::CommitThenError { status: 200 })
                    }
                    Some(Injection::TokenExpiry) => {
                        let _alone = expiry_gate.write().await;
                        sim.expire_tokens();
                        // This payment's write meets the expired token (refused, renewed,
                        // replayed); then no biller is left with a stale one.
                        let _ = service.pay(&plan.request).await;
                        for (biller, service) in services {
                            let lookup = paying::payable(*biller).lookup;
                            let _ = service.collector().lookup(lookup).await;
                        }
                        return;
                    }
                    Some(Injection::Crash) | None => {}
                }
                if plan.injection == Some(Injection::Crash) {
                    // The app dies somewhere between writing the intent and learning the outcome:
                    // the payment future is dropped mid-flight, as a killed process would.
                    let cut = Duration::from_millis(plan.request.amount.mantissa() as u64 % 40);
                    let _ = tokio::time::timeout(cut, service.pay(&plan.request)).await;
                    return;
                }
                let pay = service.pay(&plan.request);
                let Some(shared) = shared else {
                    let _ = pay.await;
                    return;
                };
                // The gate is held until the biller has processed the write (the write leaves
                // right after the fault is armed; a late commit is processed `late()` after it
                // arrives), not through the whole recovery. A payment that ends sooner has had
                // its write processed, except a late commit's.
                let processed = armed_at
                    + if plan.injection == Some(Injection::LateCommit) {
                        late() + Duration::from_millis(300)
                    } else {
                        WRITE_PROCESSED
                    };
                tokio::pin!(pay);
                tokio::select! {
                    // Done before a late commit landed (Zoom does not wait for a second
                    // check): hold the gate until it has.
                    _ = &mut pay => {
                        if plan.injection == Some(Injection::LateCommit) {
                            tokio::time::sleep_until(processed.into()).await;
                        }
                    }
                    () = tokio::time::sleep_until(processed.into()) => {
                        drop(shared);
                        let _ = pay.await;
                    }
                }
            }
        })
        .await;
    sim.clear_faults();

    report.phases.push(("payments", start.elapsed()));
    // The collector restarts: whatever was in flight is resolved from the journal (a payment
    // that cannot be resolved yet stays in flight, and counts as lost below). Each biller's
    // service resolves its entries one at a time; the billers run side by side.
    let resumed = futures::future::join_all(services.values().map(|s| s.resume())).await;
    for resumed in resumed {
        for resumed in resumed.expect("journal readable") {
            if let Err(e) = resumed.result {
                *report
                    .reasons
                    .entry(format!("resume could not resolve: {e}"))
                    .or_default() += 1;
            }
        }
    }
    for (biller, service) in &services {
        let before = left_for_review(service.journal(), *biller);
        report.needs_review_before_review += before;
        let injected = report
            .injected_per_biller
            .get(biller)
            .cloned()
            .unwrap_or_default();
        let policy = paying::recovery_policy(&sim, *biller);
        report.review.insert(
            *biller,
            ReviewCount {
                before,
                after: 0,
                bound: review_bound(
                    *biller,
                    policy.resend_when_absent,
                    policy.max_sends,
                    &config.readings,
                    &injected,
                ),
                resends: policy.resend_when_absent,
            },
        );
    }
    // Day end: every late write has landed; what was left for review is asked about again, by
    // the same checks as safe payment.
    let last_late = *last_late.lock().unwrap_or_else(|e| e.into_inner());
    report.phases.push(("resume", start.elapsed()));
    if let Some(sent) = last_late {
        tokio::time::sleep_until((sent + late() + Duration::from_secs(1)).into()).await;
    }
    report
        .phases
        .push(("waiting for late landings", start.elapsed()));
    let reviewed = futures::future::join_all(services.values().map(|s| s.review())).await;
    report.phases.push(("day-end review", start.elapsed()));
    for reviewed in reviewed {
        reviewed.expect("journal readable");
    }
    for (biller, service) in &services {
        if let Some(r) = report.review.get_mut(biller) {
            r.after = left_for_review(service.journal(), *biller);
        }
    }

    // Read once: the snapshots are large.
    let mut counts: BTreeMap<BillerId, BTreeMap<String, usize>> = config
        .billers
        .iter()
        .map(|&biller| (biller, BTreeMap::new()))
        .collect();
    let held = paying::held_at_the_biller(&sim, plans.iter().map(|p| (p.biller, &p.request)));
    for ((biller, receipt), n) in held {
        if let Some(by_receipt) = counts.get_mut(&biller) {
            by_receipt.insert(receipt, n);
        }
    }
    for plan in &plans {
        let service = &services[&plan.biller];
        let entry = service
            .journal()
            .get(plan.biller, &plan.request.receipt)
            .expect("journal readable");
        let outcome = match entry.as_ref().map(|e| e.status) {
            Some(EntryStatus::Resolved) => entry
                .as_ref()
                .and_then(|e| e.result.as_ref())
                .map(|r| r.outcome),
            // Refused before anything was sent.
            Some(EntryStatus::NotSent) => Some(Outcome::Rejected),
            _ => None,
        };
        let at_biller = counts[&plan.biller]
            .get(&plan.request.receipt)
            .copied()
            .unwrap_or(0);
        if let Some(result) = entry.as_ref().and_then(|e| e.result.as_ref()) {
            let reason = match result.outcome {
                Outcome::Confirmed => None,
                Outcome::Rejected => result
                    .rejection
                    .as_ref()
                    .map(|r| format!("rejected: {} {}", r.code, r.message)),
                Outcome::NeedsReview => result.evidence.last().map(|e| {
                    format!(
                        "review ({}, {}): {}: {}",
                        plan.biller,
                        plan.injection.map_or("no injection", Injection::name),
                        e.step,
                        e.detail
                    )
                }),
            };
            if let Some(reason) = reason {
                *report.reasons.entry(reason).or_default() += 1;
            }
        }
        if at_biller > 1 {
            report.duplicates += 1;
        }
        let unsafe_ending = match outcome {
            Some(Outcome::Confirmed) => at_biller != 1,
            Some(Outcome::Rejected) => at_biller > 0,
            Some(Outcome::NeedsReview) => at_biller > 1,
            None => true,
        };
        if unsafe_ending && report.failures.len() < MAX_FAILURES_SHOWN {
            report
                .failures
                .push(failure(plan, entry.as_ref(), outcome, at_biller));
        }
        match outcome {
            Some(Outcome::Confirmed) => {
                report.confirmed += 1;
                if at_biller == 0 {
                    report.lost += 1;
                }
            }
            Some(Outcome::Rejected) => {
                report.rejected += 1;
                if at_biller > 0 {
                    report.lost += 1;
                }
            }
            Some(Outcome::NeedsReview) => report.needs_review += 1,
            // Never resolved: the cashier took the money and nobody knows what happened.
            None => report.lost += 1,
        }
    }
    // Throughput is the payments' alone; reconciliation reads the whole day at a normal timeout.
    report.elapsed = start.elapsed();
    for (biller, service) in &services {
        let reconciling = CollectionService::new(
            collector(&sim, *biller, Duration::from_secs(60)),
            service.journal(),
        );
        match reconciling.reconcile(days[biller]).await {
            Ok(r) => report.reconciliation_mismatches += r.rows.len() - r.count(Finding::Matched),
            // The biller lists no settlements under this reading (Cooplan's report as text):
            // its payments were counted at the simulator above.
            Err(e @ recaudo_core::Error::Unsupported(_)) => report
                .reconciliation_unavailable
                .push(format!("{biller}: {e}")),
            Err(e) => panic!("reconciliation of {biller}: {e}"),
        }
    }
    sim.shutdown();
    report
}
