//! The unified commands: `recaudo lookup|pay|status|reverse|reconcile|resume|capabilities
//! --biller NAME`, with the journal file.

mod common;

use std::process::{Command, Output};

use recaudo_sim::SimConfig;
use serde_json::Value;

const CUSTOMER: &str = "0933333333";
const INVOICE: &str = "990001";
const PAID_AT: &str = "2026-11-23 12:00:00";

use common::Scratch as Fixture;

fn fixture(name: &str) -> Fixture {
    common::scratch("unified", name, CUSTOMER, 990_001)
}

impl Fixture {
    fn journal(&self) -> String {
        self.dir.join("journal.jsonl").display().to_string()
    }

    fn run(&self, args: &[&str]) -> Output {
        let user = SimConfig::default().unicomer;
        Command::new(env!("CARGO_BIN_EXE_recaudo"))
            .args(["--json", "--base-url", &self.sim.unicomer_url()])
            .args(args)
            .env("RECAUDO_UNICOMER_USERNAME", user.username)
            .env("RECAUDO_UNICOMER_PASSWORD", user.password)
            .env("RECAUDO_UNICOMER_COMMERCE", user.commerce)
            .env_remove("RECAUDO_JOURNAL")
            // The default journal lives here, never in the real user's data directory.
            .env("RECAUDO_DATA_DIR", self.dir.join("data"))
            .output()
            .unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: {e}\nstdout: {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        })
    }

    fn error_code(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should fail");
        let v: Value = serde_json::from_slice(&out.stderr).expect("JSON error on stderr");
        v["code"].as_str().unwrap().to_owned()
    }

    fn payments(&self, receipt: &str) -> usize {
        self.sim
            .unicomer_state()
            .payments
            .iter()
            .filter(|p| p.num_recibo == receipt)
            .count()
    }
}

#[test]
fn a_collection_day_through_the_unified_commands() {
    let fx = fixture("day");
    let j = fx.journal();
    let statement = fx.json(&["lookup", "--biller", "unicomer", CUSTOMER]);
    assert_eq!(statement["debts"][0]["debt_id"], INVOICE);
    assert_eq!(statement["debts"][0]["balance"], "1000.00");

    let paid = fx.json(&[
        "pay",
        "--biller",
        "unicomer",
        "--journal",
        &j,
        "--debt",
        INVOICE,
        "--amount",
        "20",
        "--receipt",
        "UNI-1",
        "--paid-at",
        PAID_AT,
    ]);
    assert_eq!(paid["outcome"], "confirmed");
    assert_eq!(paid["amount"], "20.00");
    let payment = paid["payment_id"].as_str().unwrap().to_owned();

    // Paying again with the same receipt sends nothing and answers the recorded outcome.
    let again = fx.json(&[
        "pay",
        "--biller",
        "unicomer",
        "--journal",
        &j,
        "--debt",
        INVOICE,
        "--amount",
        "20",
        "--receipt",
        "UNI-1",
        "--paid-at",
        PAID_AT,
    ]);
    assert_eq!(again["payment_id"], paid["payment_id"]);
    assert_eq!(fx.payments("UNI-1"), 1);

    let status = fx.json(&[
        "status",
        "--biller",
        "unicomer",
        "--debt",
        INVOICE,
        "--amount",
        "20",
        "--paid-at",
        PAID_AT,
    ]);
    assert_eq!(status["state"]["kind"], "registered");

    fx.json(&[
        "pay",
        "--biller",
        "unicomer",
        "--journal",
        &j,
        "--debt",
        INVOICE,
        "--amount",
        "5",
        "--receipt",
        "UNI-2",
        "--paid-at",
        PAID_AT,
    ]);
    let reversed = fx.json(&[
        "reverse",
        "--biller",
        "unicomer",
        "--journal",
        &j,
        "--debt",
        INVOICE,
        "--amount",
        "20",
        "--paid-at",
        PAID_AT,
        "--payment",
        &payment,
        "--receipt",
        "UNI-1",
    ]);
    assert_eq!(reversed["outcome"], "confirmed");

    let day = fx.json(&[
        "reconcile",
        "--biller",
        "unicomer",
        "--journal",
        &j,
        "--date",
        "2026-11-23",
    ]);
    assert_eq!(day["clean"], true, "{day}");
    assert_eq!(day["counts"]["matched"], 2);
    assert_eq!(day["totals"]["USD"]["local"], "5.00");
    assert_eq!(day["totals"]["USD"]["biller"], "5.00");
    // The per-biller command gives the same reconciliation.
    let same = fx.json(&[
        "unicomer",
        "reconcile",
        "--date",
        "2026-11-23",
        "--journal",
        &j,
    ]);
    assert_eq!(same["counts"], day["counts"]);
    assert_eq!(same["biller"], "unicomer");
}

#[test]
fn resume_resolves_what_a_crash_left_in_flight() {
    let fx = fixture("resume");
    let j = fx.journal();
    // What a collector app leaves when it dies between writing the intent and sending it.
    let entry = serde_json::json!({
        "biller": "unicomer",
        "request": {"debt_id": INVOICE, "amount": "7.00", "receipt": "UNI-CRASH", "paid_at": "2026-11-23T12:30:00",
                    "cashier": "ANA", "location": "CAJA 2", "payer": null, "balance": null},
        "status": "in_flight", "result": null, "reversal": null, "error": null,
        "recorded_at": "2026-11-23T17:30:00Z", "updated_at": "2026-11-23T17:30:00Z"
    });
    std::fs::write(&j, format!("{entry}\n")).unwrap();
    let resumed = fx.json(&["resume", "--biller", "unicomer", "--journal", &j]);
    assert_eq!(resumed["resumed"][0]["receipt"], "UNI-CRASH");
    assert_eq!(resumed["resumed"][0]["outcome"], "confirmed");
    assert_eq!(fx.payments("UNI-CRASH"), 1);
    let again = fx.json(&["resume", "--biller", "unicomer", "--journal", &j]);
    assert_eq!(again["resumed"].as_array().unwrap().len(), 0);
    assert_eq!(fx.payments("UNI-CRASH"), 1);
}

#[test]
fn reconcile_an_export_of_the_collectors_records() {
    let fx = fixture("export");
    fx.json(&[
        "pay",
        "--biller",
        "unicomer",
        "--debt",
        INVOICE,
        "--amount",
        "3",
        "--receipt",
        "EXP-1",
        "--paid-at",
        PAID_AT,
    ]);
    let csv = fx.dir.join("records.csv");
    std::fs::write(
        &csv,
        "receipt,debt_id,payment_id,amount,currency,paid_at,state\n\
         EXP-1,990001,,3.00,USD,2026-11-23 12:00:00,paid\n\
         EXP-9,990001,,9.00,USD,2026-11-23 12:05:00,paid\n",
    )
    .unwrap();
    let day = fx.json(&[
        "reconcile",
        "--biller",
        "unicomer",
        "--date",
        "2026-11-23",
        "--records",
        &csv.display().to_string(),
    ]);
    assert_eq!(day["counts"]["matched"], 1);
    assert_eq!(day["counts"]["missing_at_biller"], 1);
    let text = fx.run(&[
        "reconcile",
        "--biller",
        "unicomer",
        "--date",
        "2026-11-23",
        "--records",
        &csv.display().to_string(),
    ]);
    // Not clean: a record the biller does not have.
    assert_eq!(text.status.code(), Some(5));
}

#[test]
fn refusals_are_typed() {
    let fx = fixture("errors");
    assert_eq!(
        fx.error_code(&["lookup", "--biller", "no-such-biller", "1"]),
        "invalid_input"
    );
    assert_eq!(
        fx.error_code(&[
            "pay",
            "--biller",
            "unicomer",
            "--debt",
            INVOICE,
            "--amount",
            "1.001",
            "--receipt",
            "E-1"
        ]),
        "invalid_amount"
    );
    assert_eq!(
        fx.error_code(&[
            "pay",
            "--biller",
            "unicomer",
            "--debt",
            "abc",
            "--amount",
            "1",
            "--receipt",
            "E-1"
        ]),
        "invalid_input"
    );
    assert_eq!(
        fx.error_code(&["resume", "--biller", "unicomer", "--no-journal"]),
        "usage"
    );
    assert_eq!(
        fx.error_code(&["reconcile", "--biller", "unicomer", "--date", "23-11-2026"]),
        "invalid_input"
    );
    let caps = fx.json(&["capabilities"]);
    assert_eq!(
        caps["billers"].as_array().unwrap().len(),
        recaudo_core::BillerId::ALL.len()
    );
    assert_eq!(fx.payments("E-1"), 0);
}

/// Every biller is reached by the unified commands with its options read from the environment,
/// one variable per field of its options (`RECAUDO_<BILLER>_<FIELD>`); Cooplan's old variable
/// name and Zoom's token keep working.
#[test]
fn every_biller_is_reached_with_its_options_from_the_environment() {
    let fx = fixture("every-biller");
    let records = fx.dir.join("none.json");
    std::fs::write(&records, "[]").unwrap();
    let c = SimConfig::default();
    let token = fx.sim.zoom_issue_token();
    // (biller, base URL, environment)
    type Case<'a> = (&'a str, String, Vec<(&'a str, String)>);
    let cases: Vec<Case> = vec![
        (
            "unicomer",
            fx.sim.unicomer_url(),
            vec![
                ("RECAUDO_UNICOMER_USERNAME", c.unicomer.username.clone()),
                ("RECAUDO_UNICOMER_PASSWORD", c.unicomer.password.clone()),
                ("RECAUDO_UNICOMER_COMMERCE", c.unicomer.commerce.clone()),
            ],
        ),
        (
            "unicobros",
            fx.sim.unicobros_url(),
            vec![
                ("RECAUDO_UNICOBROS_API_KEY", c.unicobros.api_key.clone()),
                (
                    "RECAUDO_UNICOBROS_ACCESS_TOKEN",
                    c.unicobros.access_token.clone(),
                ),
            ],
        ),
        (
            "zoom",
            fx.sim.zoom_url(),
            vec![
                ("RECAUDO_ZOOM_LOGIN", c.zoom.login.clone()),
                ("RECAUDO_ZOOM_PASSWORD", c.zoom.password.clone()),
            ],
        ),
        (
            "zoom",
            fx.sim.zoom_url(),
            vec![("RECAUDO_ZOOM_TOKEN", token)],
        ),
        (
            "cooplan",
            fx.sim.cooplan_url(),
            vec![
                (
                    "RECAUDO_COOPLAN_COD_SEGURIDAD",
                    c.cooplan.cod_seguridad.clone(),
                ),
                ("RECAUDO_COOPLAN_LOGIN", c.cooplan.login.clone()),
                ("RECAUDO_COOPLAN_PWD", c.cooplan.pwd.clone()),
            ],
        ),
        (
            "cooplan",
            fx.sim.cooplan_url(),
            vec![
                (
                    "RECAUDO_COOPLAN_CODSEGURIDAD",
                    c.cooplan.cod_seguridad.clone(),
                ),
                ("RECAUDO_COOPLAN_LOGIN", c.cooplan.login.clone()),
                ("RECAUDO_COOPLAN_PWD", c.cooplan.pwd.clone()),
            ],
        ),
    ];
    for (biller, url, env) in cases {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_recaudo"));
        for (k, _) in std::env::vars() {
            if k.starts_with("RECAUDO_") {
                cmd.env_remove(k);
            }
        }
        let out = cmd
            .args([
                "--json",
                "--base-url",
                &url,
                "reconcile",
                "--biller",
                biller,
            ])
            .args(["--date", "2026-11-23", "--records"])
            .arg(&records)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap();
        let names: Vec<&str> = env.iter().map(|(k, _)| *k).collect();
        assert!(
            matches!(out.status.code(), Some(0 | 5)),
            "{biller} with {names:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = common::stdout_json(&out);
        assert_eq!(doc["biller"], biller, "{doc}");
    }
}
