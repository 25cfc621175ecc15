//! Every biller in the registry, looked up, paid and checked the same way: through the Rust
//! collector and through the `recaudo` binary, with nothing here naming a biller. The two
//! registries (core's billers, the simulator's) meet by name; a biller that takes payments and
//! has a payable debt in the simulator's seed is exercised end to end.
//!
//! This is also the proof that a biller is one folder: built with the made-up Acme fixture
//! (`cargo xtask fifth-biller` builds this suite and the CLI with core's `acme` feature), Acme
//! runs through here and through the CLI with no line of its own outside its two folders and
//! the two registry lists.

use std::process::Command;

use recaudo_core::collection::{BillerId, Payer, PaymentRequest, Step};
use recaudo_core::outcome::Outcome;
use recaudo_sim::{BillerInfo, PayableDebt, Simulator};
use recaudo_tests::billers::{collector, options};
use rust_decimal::Decimal;
use serde_json::Value;

/// The billers both registries know, with a debt the simulator lets a test pay.
fn payable(sim: &Simulator) -> Vec<(BillerId, BillerInfo, PayableDebt)> {
    BillerId::ALL
        .iter()
        .filter(|b| b.capabilities().supports(Step::Pay))
        .filter_map(|b| {
            let info = sim.billers().into_iter().find(|i| i.id == b.as_str())?;
            let debt = info.payable.clone()?;
            Some((*b, info, debt))
        })
        .collect()
}

/// What a payment of `debt` pays: a small part when it can be paid in parts, else the whole.
fn amount(debt: &PayableDebt) -> Decimal {
    if debt.partial {
        Decimal::new(1_00, 2)
    } else {
        debt.amount
    }
}

fn request(debt: &PayableDebt, receipt: &str) -> PaymentRequest {
    {
        let mut r = PaymentRequest::new(
            debt.debt_id.to_owned(),
            amount(debt),
            receipt.to_owned(),
            "cajero-1",
            "agencia-1",
        );
        r.// Only billers that record who paid read it.
        payer = Some(Payer::new("V-12345678", "Ana Prueba", "ana@example.test"));
        r.balance = Some(debt.amount);
        r.extra = debt
            .extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        r
    }
}

#[tokio::test]
async fn every_paying_biller_looks_up_pays_and_checks_through_the_collector() {
    let sim = recaudo_tests::start_sim().await;
    let billers = payable(&sim);
    // Every biller of this build that takes payments is exercised: one the simulator cannot
    // play (or whose seed has no payable debt) fails here instead of being passed by.
    let paying: Vec<BillerId> = BillerId::ALL
        .iter()
        .copied()
        .filter(|b| b.capabilities().supports(Step::Pay))
        .collect();
    let exercised: Vec<BillerId> = billers.iter().map(|(b, _, _)| *b).collect();
    assert_eq!(
        exercised, paying,
        "every paying biller is in both registries"
    );
    for (biller, _, debt) in billers {
        let c = collector(&sim, biller);
        assert_eq!(c.biller(), biller);
        if c.capabilities().supports(Step::Lookup) {
            let statement = c.lookup(debt.lookup).await.expect("lookup");
            assert!(
                statement.debts.iter().any(|d| d.debt_id == debt.debt_id),
                "{biller}: the payable debt is listed"
            );
        }
        let receipt = format!("REG-{biller}-1");
        let paid = c.pay(&request(&debt, &receipt)).await.expect("pay");
        assert_eq!(paid.outcome, Outcome::Confirmed, "{biller}: {paid:?}");
        assert_eq!(paid.sends, 1, "{biller}");
        let status = c.status(&paid.reference).await.expect("status");
        assert!(
            !matches!(
                status.state.kind,
                recaudo_core::collection::StateKind::Absent
            ),
            "{biller}: the payment is found again: {status:?}"
        );
        let elsewhere = {
            let mut r = paid.reference.clone();
            r.receipt = format!("REG-{biller}-never-sent");
            r
        };
        // A receipt never sent is not the payment just made (for billers keyed by receipt);
        // every biller at least answers.
        c.status(&elsewhere)
            .await
            .expect("status of another receipt");
    }
}

/// The `recaudo` binary of this build: `$RECAUDO_CLI`, else the one cargo built beside this
/// test (`cargo test --workspace` builds it).
fn cli() -> std::path::PathBuf {
    if let Some(path) = std::env::var_os("RECAUDO_CLI") {
        return path.into();
    }
    let exe = std::env::current_exe().expect("test binary");
    let dir = exe.parent().and_then(|d| d.parent()).expect("target dir");
    let path = dir.join(format!("recaudo{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "no recaudo binary at {} (build it, or set RECAUDO_CLI)",
        path.display()
    );
    path
}

/// The environment the CLI reads a biller's options from: `RECAUDO_<BILLER>_<FIELD>`.
fn env_of(biller: BillerId, info: &BillerInfo) -> Vec<(String, String)> {
    info.options
        .iter()
        .map(|(name, value)| {
            let mut field = String::new();
            for ch in name.chars() {
                if ch.is_ascii_uppercase() {
                    field.push('_');
                }
                field.push(ch.to_ascii_uppercase());
            }
            let prefix = biller.as_str().to_ascii_uppercase();
            (format!("RECAUDO_{prefix}_{field}"), value.clone())
        })
        .collect()
}

fn run(
    sim: &Simulator,
    biller: BillerId,
    info: &BillerInfo,
    dir: &std::path::Path,
    args: &[&str],
) -> Value {
    let url = sim.url_of(biller.as_str()).expect("registered");
    let out = Command::new(cli())
        .args(["--json", "--base-url", &url])
        .args(args)
        .envs(env_of(biller, info))
        .env("RECAUDO_DATA_DIR", dir)
        .env_remove("RECAUDO_JOURNAL")
        .output()
        .expect("recaudo runs");
    assert!(
        out.status.success(),
        "{biller} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

// Multi-threaded: the simulator keeps serving on the runtime's workers while this thread waits
// for the `recaudo` process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_paying_biller_looks_up_pays_and_checks_through_the_cli() {
    let sim = recaudo_tests::start_sim().await;
    let dir = std::env::temp_dir().join(format!("recaudo-registry-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let billers = payable(&sim);
    let listed = {
        let any = &billers[0];
        run(&sim, any.0, &any.1, &dir, &["capabilities"])
    };
    for (biller, info, debt) in billers {
        let name = biller.as_str();
        assert!(
            listed["billers"]
                .as_array()
                .expect("a list")
                .iter()
                .any(|b| b["biller"] == name),
            "`recaudo capabilities` lists {name}"
        );
        // Options are checked before anything is sent, whatever the biller.
        let _ = options(&sim, biller);
        if biller.capabilities().supports(Step::Lookup) {
            let found = run(
                &sim,
                biller,
                &info,
                &dir,
                &["lookup", "--biller", name, debt.lookup],
            );
            assert!(found.to_string().contains(debt.debt_id), "{name}: {found}");
        }
        let receipt = format!("CLI-{name}-1");
        let amount = amount(&debt).to_string();
        let mut pay = vec![
            "pay",
            "--biller",
            name,
            "--debt",
            debt.debt_id,
            "--amount",
            &amount,
            "--receipt",
            &receipt,
            "--payer-id",
            "V-12345678",
            "--payer-name",
            "Ana Prueba",
            "--payer-email",
            "ana@example.test",
        ];
        let extras: Vec<String> = debt.extra.iter().map(|(k, v)| format!("{k}={v}")).collect();
        for e in &extras {
            pay.extend(["--extra", e]);
        }
        let paid = run(&sim, biller, &info, &dir, &pay);
        assert_eq!(paid["outcome"], "confirmed", "{name}: {paid}");
        let paid_at = paid["paid_at"]
            .as_str()
            .or_else(|| paid["reference"]["paid_at"].as_str())
            .unwrap_or_else(|| panic!("{name}: pay prints when it paid: {paid}"))
            .to_owned();
        let status = run(
            &sim,
            biller,
            &info,
            &dir,
            &[
                "status",
                "--biller",
                name,
                "--debt",
                debt.debt_id,
                "--amount",
                &amount,
                "--paid-at",
                &paid_at,
                "--receipt",
                &receipt,
            ],
        );
        assert_ne!(status["state"]["kind"], "absent", "{name}: {status}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
