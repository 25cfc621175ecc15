//! `cargo xtask perf`: one table of performance figures (reports, not timed tests).
//!
//! - decode: typed decode throughput vs `serde_json::Value` for each large reply, read from the
//!   output of `core/benches/decode.rs` (`--decode FILE`; xtask runs the bench first);
//! - HTTP requests per payment, counted at the simulator, through the unified `Collector`: with
//!   a warm token (goal 1), and with the reply lost after the biller committed (goal 2: the
//!   write and one status check, the write never resent);
//! - token requests made by 100 concurrent calls across an expiry, for each token-based biller
//!   (goal 1): once when the client's clock passes the token's lifetime, once when the biller
//!   revokes every token (a shared 401);
//! - unified client throughput on loopback vs a raw loop sending the same requests (the same
//!   bytes) with the same HTTP client (goal ≥ 0.9);
//! - peak memory of a 10,000-payment soak (`soak` binary under `/usr/bin/time -v`; without it,
//!   the soak in-process and this process's VmHWM).
//!
//! Usage: `perf [--decode FILE] [--soak-payments N] [--rounds N]`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::join_all;
use recaudo_core::clock::Clock;
use recaudo_core::collection::{BillerId, Collector, PaymentRequest};
use recaudo_core::http::{HttpRequest, HttpResponse};
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::transport::{Transport, TransportError};
use recaudo_core::{Outcome, unicomer, zoom};
use recaudo_sim::{CredentialsAt, Fault, FaultKind, Simulator};
use recaudo_tests::billers;
use recaudo_tests::paying::{self, paying_billers};
use rust_decimal::Decimal;

struct Row {
    section: &'static str,
    subject: String,
    value: String,
    goal: String,
    /// "ok", "MISS" or "" (no goal).
    verdict: &'static str,
}

#[derive(Default)]
struct Table(Vec<Row>);

impl Table {
    fn add(&mut self, section: &'static str, subject: impl Into<String>, value: String) {
        self.0.push(Row {
            section,
            subject: subject.into(),
            value,
            goal: String::new(),
            verdict: "",
        });
    }

    fn goal(
        &mut self,
        section: &'static str,
        subject: impl Into<String>,
        value: String,
        goal: &str,
        met: bool,
    ) {
        self.0.push(Row {
            section,
            subject: subject.into(),
            value,
            goal: goal.into(),
            verdict: if met { "ok" } else { "MISS" },
        });
    }

    fn print(&self) {
        let w = |f: fn(&Row) -> usize, min: usize| self.0.iter().map(f).max().unwrap_or(0).max(min);
        let (a, b, c, d) = (
            w(|r| r.section.len(), 7),
            w(|r| r.subject.chars().count(), 7),
            w(|r| r.value.chars().count(), 5),
            w(|r| r.goal.chars().count(), 4),
        );
        println!(
            "| {:<a$} | {:<b$} | {:<c$} | {:<d$} | met  |",
            "measure", "subject", "value", "goal"
        );
        println!(
            "| {} | {} | {} | {} | ---- |",
            "-".repeat(a),
            "-".repeat(b),
            "-".repeat(c),
            "-".repeat(d)
        );
        for r in &self.0 {
            println!(
                "| {:<a$} | {:<b$} | {:<c$} | {:<d$} | {:<4} |",
                r.section, r.subject, r.value, r.goal, r.verdict
            );
        }
    }
}

struct Args {
    decode: Option<PathBuf>,
    soak_payments: usize,
    rounds: usize,
}

fn args() -> Args {
    let mut a = Args {
        decode: None,
        soak_payments: 10_000,
        rounds: 3,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--decode" => a.decode = Some(value.into()),
            "--soak-payments" => a.soak_payments = value.parse().unwrap_or_else(|_| usage()),
            "--rounds" => a.rounds = value.parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    a
}

fn usage() -> ! {
    eprintln!("usage: perf [--decode FILE] [--soak-payments N] [--rounds N]");
    std::process::exit(2)
}

fn main() {
    let args = args();
    machine();
    let mut table = Table::default();
    decode(&args, &mut table);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        requests_per_payment(&mut table).await;
        token_requests(&mut table).await;
        throughput(&mut table, args.rounds).await;
    });
    drop(runtime);
    memory(&args, &mut table);
    println!();
    table.print();
}

fn machine() {
    let date = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC");
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or("unknown".to_owned(), |kb| {
            format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0)
        });
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_default();
    println!("date: {date}");
    println!("machine: nproc {cpus}, memory {mem}, {cpu}");
}

// ---------------------------------------------------------------------------------------------
// Decode

fn decode(args: &Args, table: &mut Table) {
    let Some(path) = &args.decode else {
        table.add(
            "decode typed/Value",
            "(not measured)",
            "run through `cargo xtask perf`".into(),
        );
        return;
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut rows = 0;
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if tokens.len() < 7 {
            continue;
        }
        let numbers: Vec<f64> = tokens[tokens.len() - 6..]
            .iter()
            .filter_map(|t| t.parse().ok())
            .collect();
        if numbers.len() != 6 {
            continue;
        }
        let label = tokens[..tokens.len() - 6].join(" ");
        let [bytes, records, typed, value, ratio, _floor] = numbers[..] else {
            continue;
        };
        table.goal(
            "decode typed/Value",
            format!("{label}, {records} records, {bytes} bytes"),
            format!("{ratio:.2} ({typed:.0} vs {value:.0} MB/s)"),
            "> 1",
            ratio > 1.0,
        );
        rows += 1;
    }
    if rows == 0 {
        table.add(
            "decode typed/Value",
            "(no rows)",
            format!("nothing parsed from {}", path.display()),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Requests per payment

fn request_counts(sim: &Simulator, biller: BillerId) -> BTreeMap<String, u64> {
    paying::requests(sim, biller)
}

/// Requests made since `before`, in all and by endpoint (`a + 2×b`).
fn requests_since(
    sim: &Simulator,
    biller: BillerId,
    before: &BTreeMap<String, u64>,
) -> (u64, String) {
    let after = request_counts(sim, biller);
    let mut total = 0;
    let mut parts = Vec::new();
    for (endpoint, n) in &after {
        let d = n - before.get(endpoint).copied().unwrap_or(0);
        if d > 0 {
            total += d;
            parts.push(if d == 1 {
                endpoint.clone()
            } else {
                format!("{d}×{endpoint}")
            });
        }
    }
    (total, parts.join(" + "))
}

fn endpoint_requests(sim: &Simulator, biller: BillerId, endpoint: &str) -> u64 {
    request_counts(sim, biller)
        .get(endpoint)
        .copied()
        .unwrap_or(0)
}

/// Every biller of both registries (the simulator's and this build of core's), in the
/// simulator's order.
fn every_biller() -> Vec<BillerId> {
    recaudo_sim::billers()
        .iter()
        .filter_map(|b| paying::core_id(b.id))
        .collect()
}

/// The endpoint that issues `biller`'s tokens: where the simulator takes its login, if it has one
/// (static credentials on every call need none).
fn token_endpoint(biller: BillerId) -> Option<&'static str> {
    recaudo_sim::billers()
        .into_iter()
        .find(|b| b.id == biller.as_str())
        .and_then(|b| match b.credentials.at {
            CredentialsAt::Login(endpoint) => Some(endpoint),
            CredentialsAt::EveryCall => None,
        })
}

/// What a lookup of `biller` asks for: the customer of its payable debt.
fn lookup_key(biller: BillerId) -> &'static str {
    paying::payable(biller).lookup
}

fn payment(biller: BillerId, debt_id: &str, amount: Decimal, receipt: &str) -> PaymentRequest {
    {
        let mut r = paying::request(biller, debt_id, amount, receipt, None);
        r.cashier = "CAJERO".into();
        r.location = "AGENCIA".into();
        r
    }
}

/// A collector for any biller against the simulator, over `transport` and `clock`.
fn collector_on<T: Transport, C: Clock>(
    sim: &Simulator,
    biller: BillerId,
    transport: T,
    clock: C,
) -> Collector<T, C> {
    Collector::connect(billers::options(sim, biller), transport, clock).expect("valid options")
}

async fn requests_per_payment(table: &mut Table) {
    let paying = paying_billers();
    for &biller in &paying {
        let sim = recaudo_tests::start_sim().await;
        let c = billers::collector(&sim, biller);
        // Two payments: 10.00 each of a debt paid in parts, or two debts of their own in full.
        let debts = paying::debts(&sim, biller, 2);
        let ten = Decimal::new(1000, 2);
        let (first, second) = (debts.get(0, ten), debts.get(1, ten));
        // The lookup warms the token.
        c.lookup(lookup_key(biller)).await.expect("lookup");
        let receipt = ["PERF-1", "PERF-2"];

        let before = request_counts(&sim, biller);
        let result = c
            .pay(&payment(biller, &first.0, first.1, receipt[0]))
            .await
            .expect("payment");
        let (n, which) = requests_since(&sim, biller, &before);
        table.goal(
            "requests per payment (warm token)",
            format!("{} ({}: {which})", biller.as_str(), result.outcome),
            n.to_string(),
            "1",
            n == 1 && result.outcome == Outcome::Confirmed,
        );

        let write = paying::pay_endpoint(biller);
        sim.arm_fault(Fault {
            biller: biller.as_str().into(),
            endpoint: write.into(),
            kind: FaultKind::DropAfterCommit,
            times: 1,
        });
        let before = request_counts(&sim, biller);
        let writes_before = endpoint_requests(&sim, biller, write);
        let result = c
            .pay(&payment(biller, &second.0, second.1, receipt[1]))
            .await
            .expect("payment");
        let (n, which) = requests_since(&sim, biller, &before);
        let writes = endpoint_requests(&sim, biller, write) - writes_before;
        table.goal(
            "requests per payment (reply lost after commit)",
            format!(
                "{} ({}, recovered: {}: {which})",
                biller.as_str(),
                result.outcome,
                result.recovered
            ),
            n.to_string(),
            "2, no resend",
            n == 2 && writes == 1 && result.outcome == Outcome::Confirmed,
        );
        sim.shutdown();
    }
    if paying.contains(&BillerId::Zoom) {
        zoom_client_payment(table).await;
    }
    for biller in every_biller() {
        if !paying.contains(&biller) {
            table.add(
                "requests per payment",
                biller.as_str(),
                "n/a: its documented API makes no payments".into(),
            );
        }
    }
}

/// Zoom's unified `pay` first reads the document (`getMontoDocWs`: `sortDoc` is the document's
/// own date, which the unified request does not carry); its biller client, given the documents,
/// sends the write alone.
async fn zoom_client_payment(table: &mut Table) {
    let sim = recaudo_tests::start_sim().await;
    let client = zoom::ZoomClient::new(
        billers::zoom_config(&sim),
        NativeTransport::new().expect("HTTP client"),
        SystemClock,
    )
    .expect("config");
    client.session_user().await.expect("login");
    let doc = zoom::DocRef::new(zoom::DocType::Guide, "1000999999").expect("doc");
    let request = zoom::PaymentRequest {
        kind: zoom::TransactionKind::Transfer,
        bank_account: 213,
        origin_bank: Some(16),
        reference: "000555003".into(),
        payer: zoom::Payer {
            id: "V-00000001".into(),
            name: "CLIENTE DE PRUEBA".into(),
            email: "cliente@example.test".into(),
        },
        paid_on: None,
        amount: Decimal::new(1000, 2),
        documents: vec![zoom::DocumentPayment {
            doc,
            amount: Decimal::new(1000, 2),
            sort_date: chrono::NaiveDate::from_ymd_opt(2024, 2, 1).expect("date"),
        }],
        balance: None,
        button: zoom::ButtonDetails::default(),
    };
    let before = request_counts(&sim, BillerId::Zoom);
    let report = client.pay(request).await.expect("payment");
    let (n, which) = requests_since(&sim, BillerId::Zoom, &before);
    table.goal(
        "requests per payment (warm token)",
        format!(
            "zoom biller client, documents given ({}: {which})",
            report.outcome
        ),
        n.to_string(),
        "1",
        n == 1 && report.outcome == Outcome::Confirmed,
    );
    sim.shutdown();
}

// ---------------------------------------------------------------------------------------------
// Token requests across an expiry

async fn token_requests(table: &mut Table) {
    let paying = paying_billers();
    for biller in every_biller() {
        let Some(token) = token_endpoint(biller) else {
            table.add(
                "token requests",
                biller.as_str(),
                "n/a: static credentials on every call, no token endpoint".into(),
            );
            continue;
        };
        if !paying.contains(&biller) {
            table.add(
                "token requests",
                biller.as_str(),
                "n/a: no customer to look up in the simulator".into(),
            );
            continue;
        }
        let sim = recaudo_tests::start_sim().await;
        // On a clock of its own, so the client's view of the token's lifetime can be moved.
        let clock = recaudo_tests::manual_clock();
        let transport = NativeTransport::new().expect("HTTP client");
        let c = collector_on(&sim, biller, transport, clock.clone());
        c.lookup(lookup_key(biller)).await.expect("warm-up lookup");

        // The client's clock passes any token lifetime (30 days).
        clock.advance(Duration::from_secs(30 * 24 * 3600));
        let before = endpoint_requests(&sim, biller, token);
        let calls = (0..100).map(|_| c.lookup(lookup_key(biller)));
        let ok = join_all(calls).await.iter().filter(|r| r.is_ok()).count();
        let n = endpoint_requests(&sim, biller, token) - before;
        table.goal(
            "token requests, 100 concurrent calls, token past its lifetime",
            format!("{} ({ok}/100 calls ok)", biller.as_str()),
            n.to_string(),
            "1",
            n == 1 && ok == 100,
        );

        // The biller revokes every token: 100 callers meet a 401 together.
        sim.expire_tokens();
        let before = endpoint_requests(&sim, biller, token);
        let calls = (0..100).map(|_| c.lookup(lookup_key(biller)));
        let ok = join_all(calls).await.iter().filter(|r| r.is_ok()).count();
        let n = endpoint_requests(&sim, biller, token) - before;
        table.goal(
            "token requests, 100 concurrent calls, token revoked (401)",
            format!("{} ({ok}/100 calls ok)", biller.as_str()),
            n.to_string(),
            "1",
            n == 1 && ok == 100,
        );
        sim.shutdown();
    }
}

// ---------------------------------------------------------------------------------------------
// Unified client vs raw loop

/// The native transport, shared, recording every request while `recording` is on. The raw loop
/// sends the recorded requests as they are (same bytes, same client) and only checks the status:
/// the difference is the SDK's own work per call (building the request, the token cache,
/// decoding the reply into typed values and the unified statement).
struct Capture {
    inner: Arc<NativeTransport>,
    seen: RefCell<Vec<HttpRequest>>,
    recording: std::cell::Cell<bool>,
}

impl Transport for Capture {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if self.recording.get() {
            self.seen.borrow_mut().push(request.clone());
        }
        self.inner.send(request).await
    }
}

async fn throughput(table: &mut Table, rounds: usize) {
    const N: usize = 1_000;
    for biller in paying_billers() {
        let sim = recaudo_tests::start_sim().await;
        let shared = Arc::new(NativeTransport::new().expect("HTTP client"));
        let capture = Capture {
            inner: shared.clone(),
            seen: RefCell::new(Vec::new()),
            recording: std::cell::Cell::new(false),
        };
        let c = collector_on(&sim, biller, &capture, SystemClock);
        let key = lookup_key(biller);
        c.lookup(key).await.expect("warm-up lookup");
        capture.recording.set(true);
        c.lookup(key).await.expect("lookup");
        capture.recording.set(false);
        let requests = capture.seen.borrow().clone();

        let (mut best_unified, mut best_raw) = (0.0f64, 0.0f64);
        // Alternating, each side first in every other round, best round of each kept.
        for round in 0..rounds.max(1) * 2 {
            if round % 2 == 0 {
                let start = Instant::now();
                for _ in 0..N {
                    c.lookup(key).await.expect("lookup");
                }
                best_unified = best_unified.max(N as f64 / start.elapsed().as_secs_f64());
            }
            let start = Instant::now();
            for _ in 0..N {
                for r in &requests {
                    let reply = shared.send(r.clone()).await.expect("raw send");
                    assert!(reply.is_success());
                }
            }
            best_raw = best_raw.max(N as f64 / start.elapsed().as_secs_f64());
            if round % 2 == 1 {
                let start = Instant::now();
                for _ in 0..N {
                    c.lookup(key).await.expect("lookup");
                }
                best_unified = best_unified.max(N as f64 / start.elapsed().as_secs_f64());
            }
        }
        let ratio = best_unified / best_raw;
        let endpoints: Vec<&str> = requests
            .iter()
            .map(|r| r.url.rsplit('/').next().unwrap_or(""))
            .collect();
        table.goal(
            "unified lookup vs raw loop, loopback",
            format!("{} ({} per lookup)", biller.as_str(), endpoints.join(" + ")),
            format!(
                "{ratio:.2} ({best_unified:.0} vs {best_raw:.0} lookups/s, +{:.1} µs each)",
                1e6 / best_unified - 1e6 / best_raw
            ),
            "≥ 0.9",
            ratio >= 0.9,
        );
        if biller == BillerId::Unicomer {
            unicomer_breakdown(table, &sim, &capture, key, &requests[0], rounds, best_raw).await;
        }
        sim.shutdown();
    }
}

/// Where Unicomer's time per lookup goes: the raw exchange plus the typed decode alone, and the
/// biller client's `statement` (request building, token cache, decode) without the unified
/// statement on top.
async fn unicomer_breakdown(
    table: &mut Table,
    sim: &Simulator,
    capture: &Capture,
    customer: &str,
    request: &HttpRequest,
    rounds: usize,
    raw: f64,
) {
    use recaudo_core::endpoint::Endpoint;
    const N: usize = 1_000;
    let client =
        recaudo_tests::client_with(recaudo_tests::unicomer_config(sim), capture, SystemClock);
    client.statement(customer).await.expect("warm-up");
    let (mut decoded, mut biller) = (0.0f64, 0.0f64);
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        for _ in 0..N {
            let reply = capture.inner.send(request.clone()).await.expect("raw send");
            unicomer::EstadoCuentaRequest::decode(&reply).expect("decodes");
        }
        decoded = decoded.max(N as f64 / start.elapsed().as_secs_f64());
        let start = Instant::now();
        for _ in 0..N {
            client.statement(customer).await.expect("statement");
        }
        biller = biller.max(N as f64 / start.elapsed().as_secs_f64());
    }
    let us = |rate: f64| 1e6 / rate - 1e6 / raw;
    table.add(
        "unified lookup vs raw loop, loopback",
        "unicomer breakdown: raw + typed decode; biller client statement",
        format!(
            "{:.2} (+{:.1} µs); {:.2} (+{:.1} µs)",
            decoded / raw,
            us(decoded),
            biller / raw,
            us(biller)
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// Soak memory

fn memory(args: &Args, table: &mut Table) {
    let payments = args.soak_payments.to_string();
    let soak = std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.join("soak")))
        .filter(|p| p.exists());
    let time = PathBuf::from("/usr/bin/time");
    if let (Some(soak), true) = (&soak, time.exists()) {
        let started = Instant::now();
        let out = Command::new(&time)
            .arg("-v")
            .arg(soak)
            .args(["--payments", &payments])
            .output()
            .expect("/usr/bin/time runs");
        let secs = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let kb = stderr
            .lines()
            .find(|l| l.contains("Maximum resident set size"))
            .and_then(|l| l.rsplit(':').next()?.trim().parse::<u64>().ok());
        let summary = stdout
            .lines()
            .find(|l| l.contains("payments/s") || l.contains("throughput"))
            .map(str::trim)
            .unwrap_or("");
        table.goal(
            "peak memory, soak (simulator included)",
            format!(
                "{payments} payments, soak binary under /usr/bin/time -v, {secs:.1} s{}",
                if summary.is_empty() {
                    String::new()
                } else {
                    format!("; {summary}")
                }
            ),
            kb.map_or("unknown".into(), |kb| {
                format!("{:.0} MB", kb as f64 / 1024.0)
            }),
            "report",
            out.status.success() && kb.is_some(),
        );
        return;
    }
    // No /usr/bin/time (or no soak binary beside this one): run the soak here and read VmHWM.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let config = recaudo_tests::soak::SoakConfig {
        payments: args.soak_payments,
        ..Default::default()
    };
    let report = runtime.block_on(recaudo_tests::soak::run(&config));
    let hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        });
    table.goal(
        "peak memory, soak (simulator included)",
        format!("{payments} payments, in-process, VmHWM"),
        hwm.map_or("unknown".into(), |kb| {
            format!("{:.0} MB", kb as f64 / 1024.0)
        }),
        "report",
        report.duplicates == 0 && report.lost == 0,
    );
}
