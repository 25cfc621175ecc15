//! The fault soak: many payments across the billers against the simulator, a large share of
//! their writes faulted (replies dropped after or before the commit, 5xx, truncated bodies,
//! delays past the timeout, token expiry, and the process "crashing" mid-payment followed by a
//! journal `resume`), then counted at the biller: no duplicate, no payment lost, a clean
//! reconciliation.
//!
//! `cargo xtask soak` runs it at full size and prints the report; a short version runs with the
//! tests.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use futures::StreamExt;
use recaudo_core::Outcome;
use recaudo_core::collection::{
    BillerId, CollectionService, Collector, EntryStatus, Finding, JournalStore, MemoryJournal,
    PaymentRequest,
};
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_sim::{Fault, FaultKind, Simulator};
use rust_decimal::Decimal;

/// What the soak injects into a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Injection {
    DropAfterCommit,
    DropBeforeCommit,
    Error500,
    TruncatedBody,
    DelayPastTimeout,
    TokenExpiry,
    Crash,
}

impl Injection {
    const ALL: [Injection; 7] = [
        Injection::DropAfterCommit,
        Injection::DropBeforeCommit,
        Injection::Error500,
        Injection::TruncatedBody,
        Injection::DelayPastTimeout,
        Injection::TokenExpiry,
        Injection::Crash,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Injection::DropAfterCommit => "reply dropped after commit",
            Injection::DropBeforeCommit => "request dropped before commit",
            Injection::Error500 => "HTTP 500",
            Injection::TruncatedBody => "truncated body",
            Injection::DelayPastTimeout => "delay past the timeout",
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
}

impl Default for SoakConfig {
    fn default() -> Self {
        SoakConfig {
            payments: 10_000,
            fault_percent: 40,
            concurrency: 16,
            seed: 0x5eed,
            billers: soak_billers(),
        }
    }
}

/// The billers the soak pays through: every biller whose API can make a payment. Unicobros'
/// documented API cannot (payments happen in the gateway's checkout), so it is not soaked here;
/// its read paths are faulted in its own suite.
pub fn soak_billers() -> Vec<BillerId> {
    vec![BillerId::Unicomer, BillerId::Zoom, BillerId::Cooplan]
}

#[derive(Debug, Default)]
pub struct SoakReport {
    pub attempted: usize,
    pub injected: BTreeMap<Injection, usize>,
    pub confirmed: usize,
    pub rejected: usize,
    pub needs_review: usize,
    pub duplicates: usize,
    pub lost: usize,
    pub reconciliation_mismatches: usize,
    pub per_biller: BTreeMap<BillerId, usize>,
    /// Payments left for review by the faults, asked about again at the end of the day.
    pub left_for_review_before_recheck: usize,
    /// Why payments were rejected or left for review: reason → count.
    pub reasons: BTreeMap<String, usize>,
    pub elapsed: Duration,
}

impl SoakReport {
    pub fn throughput(&self) -> f64 {
        // Payments per second, a report figure (not money).
        self.attempted as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    pub fn print(&self) {
        println!("fault soak");
        println!("  payments attempted        {}", self.attempted);
        for (biller, n) in &self.per_biller {
            println!("    {biller:<22}  {n}");
        }
        let faulted: usize = self.injected.values().sum();
        println!(
            "  faults injected           {faulted} ({:.1}%)",
            100.0 * faulted as f64 / self.attempted.max(1) as f64
        );
        for (kind, n) in &self.injected {
            println!("    {:<22}  {n}", kind.name());
        }
        println!("  confirmed                 {}", self.confirmed);
        println!("  rejected                  {}", self.rejected);
        println!(
            "  needs review              {} (of {} left for review during the faults, re-asked at day end)",
            self.needs_review, self.left_for_review_before_recheck
        );
        println!("  duplicates at the biller  {}", self.duplicates);
        println!("  payments lost             {}", self.lost);
        println!(
            "  reconciliation mismatches {}",
            self.reconciliation_mismatches
        );
        for (reason, n) in &self.reasons {
            println!("    {n:>5}  {reason}");
        }
        println!(
            "  elapsed                   {:.1} s",
            self.elapsed.as_secs_f64()
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

struct Plan {
    biller: BillerId,
    request: PaymentRequest,
    injection: Option<Injection>,
}

/// Runs the soak against a simulator of its own.
pub async fn run(config: &SoakConfig) -> SoakReport {
    let sim = crate::start_sim().await;
    let start = Instant::now();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
    let mut rng = Rng(config.seed);
    let mut report = SoakReport::default();

    let mut services = BTreeMap::new();
    for &biller in &config.billers {
        setup(&sim, biller, config.payments);
        let journal = Arc::new(MemoryJournal::new());
        services.insert(
            biller,
            CollectionService::new(collector(&sim, biller, TIMEOUT), journal),
        );
    }
    // The day each biller's records are kept under: the paid-at we send (Unicomer, Zoom), or the
    // biller's own clock (Cooplan's report).
    let days: BTreeMap<BillerId, NaiveDate> = services
        .iter()
        .map(|(b, s)| {
            (
                *b,
                if *b == BillerId::Cooplan {
                    s.collector().now_local().date()
                } else {
                    day
                },
            )
        })
        .collect();

    let plans: Vec<Plan> = (0..config.payments)
        .map(|i| {
            let biller = config.billers[i % config.billers.len()];
            let injection = (rng.below(100) < u64::from(config.fault_percent))
                .then(|| Injection::ALL[rng.below(Injection::ALL.len() as u64) as usize]);
            // Unique per payment: several billers find a payment by debt, amount and time.
            let paid_at = day.and_hms_opt(0, 0, 0).expect("midnight")
                + chrono::Duration::seconds(i as i64 % 86_000);
            let amount = Decimal::new(100 + rng.below(900) as i64, 2);
            let paid_at = if biller == BillerId::Cooplan {
                None
            } else {
                Some(paid_at)
            };
            Plan {
                biller,
                request: request(biller, i, amount, paid_at),
                injection,
            }
        })
        .collect();
    report.attempted = plans.len();
    for plan in &plans {
        *report.per_biller.entry(plan.biller).or_default() += 1;
        if let Some(kind) = plan.injection {
            *report.injected.entry(kind).or_default() += 1;
        }
    }

    futures::stream::iter(plans.iter())
        .for_each_concurrent(config.concurrency, |plan| {
            let sim = &sim;
            let service = &services[&plan.biller];
            async move {
                let endpoint = write_endpoint(plan.biller);
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
                    Some(Injection::TokenExpiry) => sim.expire_tokens(),
                    Some(Injection::Crash) | None => {}
                }
                if plan.injection == Some(Injection::Crash) {
                    // The app dies somewhere between writing the intent and learning the outcome:
                    // the payment future is dropped mid-flight, as a killed process would.
                    let cut = Duration::from_millis(plan.request.amount.mantissa() as u64 % 40);
                    let _ = tokio::time::timeout(cut, service.pay(&plan.request)).await;
                } else {
                    let _ = service.pay(&plan.request).await;
                }
            }
        })
        .await;
    sim.clear_faults();

    // The collector restarts: whatever was in flight is resolved from the journal; at the end of
    // the day, what was left for review is asked about again (neither sends anything).
    for service in services.values() {
        for resumed in service.resume().await.expect("journal readable") {
            resumed
                .result
                .expect("the simulator answers once faults are cleared");
        }
        report.left_for_review_before_recheck +=
            service.review().await.expect("journal readable").len();
    }

    let mut counts: BTreeMap<BillerId, BTreeMap<String, usize>> = BTreeMap::new();
    for &biller in &config.billers {
        counts.insert(biller, payments_by_receipt(&sim, biller, &plans));
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
                Outcome::NeedsReview => result
                    .evidence
                    .last()
                    .map(|e| format!("review: {}: {}", e.step, e.detail)),
            };
            if let Some(reason) = reason {
                *report.reasons.entry(reason).or_default() += 1;
            }
        }
        if at_biller > 1 {
            report.duplicates += 1;
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
        let r = reconciling
            .reconcile(days[biller])
            .await
            .expect("reconciliation");
        report.reconciliation_mismatches += r.rows.len() - r.count(Finding::Matched);
    }
    sim.shutdown();
    report
}

fn collector(
    sim: &Simulator,
    biller: BillerId,
    timeout: Duration,
) -> Collector<NativeTransport, SystemClock> {
    // The soak's own timeout: shorter than the `delay` fault, longer than a loaded simulator.
    let transport = || NativeTransport::new().expect("HTTP client");
    match biller {
        BillerId::Unicomer => {
            let mut config = crate::config(sim);
            config.timeout = timeout;
            Collector::Unicomer(crate::client_with(config, transport(), SystemClock))
        }
        BillerId::Zoom => {
            let mut config = crate::billers::zoom_config(sim);
            config.timeout = timeout;
            Collector::Zoom(
                recaudo_core::zoom::ZoomClient::new(config, transport(), SystemClock)
                    .expect("config"),
            )
        }
        BillerId::Cooplan => {
            let mut config = crate::billers::cooplan_config(sim);
            config.timeout = timeout;
            Collector::Cooplan(
                recaudo_core::cooplan::CooplanClient::new(config, transport(), SystemClock)
                    .expect("config"),
            )
        }
        BillerId::Unicobros => panic!("the soak does not pay through unicobros"),
    }
}

/// Cooplan debts are paid once each, in full: the soak gives it one debt per payment.
const COOPLAN_CONTRACT: &str = "77777";
const COOPLAN_ASOCIADO: i64 = 77_001;
const COOPLAN_FIRST_INVOICE: i64 = 8_000_000;
const COOPLAN_PERIOD: &str = "202611";

fn cooplan_amount(i: usize) -> Decimal {
    Decimal::new(1_000 + (i as i64 % 9_000), 2)
}

fn setup(sim: &Simulator, biller: BillerId, payments: usize) {
    match biller {
        BillerId::Unicomer => crate::add_big_customer(sim),
        BillerId::Cooplan => sim.add_cooplan_contract(
            COOPLAN_CONTRACT,
            COOPLAN_ASOCIADO,
            (0..payments)
                .map(|i| {
                    (
                        COOPLAN_FIRST_INVOICE + i as i64,
                        COOPLAN_PERIOD,
                        cooplan_amount(i),
                    )
                })
                .collect(),
        ),
        // The seed's guide 1000999999 owes 1,000,000.00.
        BillerId::Zoom | BillerId::Unicobros => {}
    }
}

fn write_endpoint(biller: BillerId) -> &'static str {
    match biller {
        BillerId::Unicomer => "registrarpago",
        BillerId::Zoom => "createPagoWs",
        BillerId::Cooplan => "realizarpago",
        BillerId::Unicobros => panic!("the soak does not pay through unicobros"),
    }
}

fn request(
    biller: BillerId,
    i: usize,
    amount: Decimal,
    paid_at: Option<NaiveDateTime>,
) -> PaymentRequest {
    let mut extra = BTreeMap::new();
    let (debt_id, amount, payer) = match biller {
        BillerId::Unicomer => (crate::BIG_INVOICE.to_string(), amount, None),
        BillerId::Zoom => {
            extra.insert("bank_account".to_owned(), "213".to_owned());
            let payer = recaudo_core::collection::Payer {
                id: "V-00000001".into(),
                name: "CLIENTE SOAK".into(),
                email: "soak@example.test".into(),
            };
            ("guide:1000999999".to_owned(), amount, Some(payer))
        }
        BillerId::Cooplan => (
            format!(
                "{}:{COOPLAN_PERIOD}:{COOPLAN_CONTRACT}:{COOPLAN_ASOCIADO}",
                COOPLAN_FIRST_INVOICE + i as i64
            ),
            cooplan_amount(i),
            None,
        ),
        BillerId::Unicobros => panic!("the soak does not pay through unicobros"),
    };
    PaymentRequest {
        debt_id,
        amount,
        receipt: format!("SOAK-{}-{i:06}", biller.as_str()),
        paid_at,
        cashier: "CAJERO SOAK".into(),
        location: "AGENCIA SOAK".into(),
        payer,
        balance: None,
        extra,
    }
}

/// How many payments the simulator holds per receipt, read once (the snapshots are large).
/// Cooplan takes no receipt: its collections are counted per invoice and mapped back.
fn payments_by_receipt(
    sim: &Simulator,
    biller: BillerId,
    plans: &[Plan],
) -> BTreeMap<String, usize> {
    let receipts: Vec<String> = match biller {
        BillerId::Unicomer => sim
            .unicomer_state()
            .payments
            .into_iter()
            .map(|p| p.num_recibo)
            .collect(),
        BillerId::Zoom => sim
            .zoom_state()
            .payments
            .into_iter()
            .map(|p| p.referencia)
            .collect(),
        BillerId::Cooplan => {
            let by_invoice: BTreeMap<String, &str> = plans
                .iter()
                .filter(|p| p.biller == BillerId::Cooplan)
                .map(|p| {
                    (
                        p.request
                            .debt_id
                            .split(':')
                            .next()
                            .unwrap_or_default()
                            .to_owned(),
                        p.request.receipt.as_str(),
                    )
                })
                .collect();
            sim.cooplan_state()
                .collections
                .into_iter()
                .filter(|c| !c.reversed && c.contrato == COOPLAN_CONTRACT)
                .filter_map(|c| {
                    by_invoice
                        .get(&c.id_factura.to_string())
                        .map(|r| (*r).to_owned())
                })
                .collect()
        }
        BillerId::Unicobros => Vec::new(),
    };
    let mut counts = BTreeMap::new();
    for r in receipts {
        *counts.entry(r).or_default() += 1;
    }
    counts
}
