//! The CLI contract outside scripts rely on: `--base-url`, `--json`, the credential variables,
//! the documents printed on stdout, `{"code", "message"}` on stderr, and exit statuses.

mod common;

use common::*;

use std::process::{Command, Output};

use recaudo_sim::{Fault, FaultKind, SimConfig};
use rust_decimal::Decimal;

const CUSTOMER: &str = "0922222222";
const INVOICE: i64 = 880_001;

fn fixture() -> Fixture {
    let fx = common::fixture();
    fx.sim.add_unicomer_customer(
        CUSTOMER,
        vec![
            (INVOICE, Decimal::new(50_000, 2)),
            (INVOICE + 1, Decimal::new(1_999, 2)),
        ],
    );
    fx
}

fn recaudo(fx: &Fixture, args: &[&str]) -> Output {
    let user = SimConfig::default().unicomer;
    Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .arg("--json")
        .arg("--base-url")
        .arg(fx.sim.unicomer_url())
        .args(args)
        .env("RECAUDO_UNICOMER_USERNAME", user.username)
        .env("RECAUDO_UNICOMER_PASSWORD", user.password)
        .env("RECAUDO_UNICOMER_COMMERCE", user.commerce)
        .output()
        .expect("the binary runs")
}

const PAID_AT: &str = "2026-11-23 09:30:00";

#[test]
fn lookup_prints_customer_and_debts() {
    let fx = fixture();
    let out = recaudo(&fx, &["unicomer", "lookup", CUSTOMER]);
    assert!(out.status.success());
    let doc = stdout_json(&out);
    assert!(doc["customer"].is_object());
    let debts = doc["debts"].as_array().unwrap();
    assert_eq!(debts.len(), 2);
    for debt in debts {
        assert!(debt["debt_id"].is_string());
        assert!(debt["description"].is_string());
        assert!(is_two_decimals(&debt["amount_due"]), "{debt}");
        assert!(is_two_decimals(&debt["balance"]), "{debt}");
        assert_eq!(debt["currency"], "USD");
        let due = &debt["due_date"];
        assert!(
            due.is_null()
                || due
                    .as_str()
                    .is_some_and(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
        );
    }
    assert_eq!(debts[0]["debt_id"], INVOICE.to_string());
    assert_eq!(debts[0]["balance"], "500.00");
    assert_eq!(debts[1]["balance"], "19.99");
}

#[test]
fn pay_status_reverse_reconcile() {
    let fx = fixture();
    let debt = INVOICE.to_string();
    let out = recaudo(
        &fx,
        &[
            "unicomer",
            "pay",
            "--debt",
            &debt,
            "--amount",
            "25",
            "--receipt",
            "CLI-1",
            "--cashier",
            "ANA",
            "--location",
            "CAJA 1",
            "--paid-at",
            PAID_AT,
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let paid = stdout_json(&out);
    assert_eq!(paid["outcome"], "confirmed");
    assert_eq!(paid["receipt"], "CLI-1");
    assert_eq!(paid["amount"], "25.00");
    assert_eq!(paid["paid_at"], PAID_AT);
    assert_eq!(paid["recovered"], false);
    let payment_id = paid["payment_id"].as_i64().expect("payment_id");

    let out = recaudo(
        &fx,
        &[
            "unicomer",
            "status",
            "--debt",
            &debt,
            "--amount",
            "25.00",
            "--paid-at",
            PAID_AT,
        ],
    );
    let status = stdout_json(&out);
    assert_eq!(status["state"]["code"], 0);
    assert_eq!(status["state"]["description"], "Registrado");
    assert_eq!(status["payment_id"], payment_id);

    let id = payment_id.to_string();
    let out = recaudo(
        &fx,
        &[
            "unicomer",
            "reverse",
            "--payment",
            &id,
            "--amount",
            "25.00",
            "--paid-at",
            PAID_AT,
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let reversed = stdout_json(&out);
    assert_eq!(reversed["outcome"], "confirmed");
    assert_eq!(reversed["state"]["code"], 4);

    let out = recaudo(
        &fx,
        &[
            "unicomer",
            "reconcile",
            "--date",
            "2026-11-23",
            "--state",
            "reversed",
        ],
    );
    let day = stdout_json(&out);
    assert_eq!(day["date"], "2026-11-23");
    assert_eq!(day["records"].as_array().unwrap().len(), 1);
    assert_eq!(day["records"][0]["receipt"], "CLI-1");
    assert_eq!(day["records"][0]["amount"], "25.00");
    assert_eq!(day["records"][0]["state"]["code"], 4);
    let out = recaudo(
        &fx,
        &[
            "unicomer",
            "reconcile",
            "--date",
            "2026-11-23",
            "--state",
            "synced",
        ],
    );
    assert_eq!(stdout_json(&out)["count"], 0);
}

#[test]
fn a_lost_reply_is_recovered_with_one_payment() {
    let fx = fixture();
    fx.sim.arm_fault(Fault {
        biller: "unicomer".into(),
        endpoint: "registrarpago".into(),
        kind: FaultKind::DropAfterCommit,
        times: 1,
    });
    let debt = INVOICE.to_string();
    let out = recaudo(
        &fx,
        &[
            "unicomer",
            "pay",
            "--debt",
            &debt,
            "--amount",
            "10.50",
            "--receipt",
            "CLI-LOST",
            "--paid-at",
            PAID_AT,
        ],
    );
    let doc = stdout_json(&out);
    assert_eq!(doc["outcome"], "confirmed", "{doc}");
    assert_eq!(doc["recovered"], true);
    let at_biller = fx
        .sim
        .unicomer_state()
        .payments
        .iter()
        .filter(|p| p.num_recibo == "CLI-LOST")
        .count();
    assert_eq!(at_biller, 1);
}

#[test]
fn a_rejected_payment_prints_its_outcome_and_exits_3() {
    let fx = fixture();
    let debt = (INVOICE + 1).to_string();
    let out = recaudo(
        &fx,
        &[
            "unicomer",
            "pay",
            "--debt",
            &debt,
            "--amount",
            "20.00",
            "--receipt",
            "CLI-OVER",
            "--paid-at",
            PAID_AT,
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    let doc = stdout_json(&out);
    assert_eq!(doc["outcome"], "rejected");
    assert!(doc["rejection"]["code"].is_string());
    assert_eq!(doc["rejection"]["by_biller"], true);
}

#[test]
fn failures_are_json_on_stderr_and_send_nothing() {
    let fx = fixture();
    let debt = INVOICE.to_string();
    #[rustfmt::skip]
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["unicomer", "pay", "--debt", &debt, "--amount", "abc", "--receipt", "X1"], "invalid_amount"),
        (vec!["unicomer", "pay", "--debt", &debt, "--amount", "0", "--receipt", "X1"], "invalid_amount"),
        (vec!["unicomer", "pay", "--debt", &debt, "--amount", "1.001", "--receipt", "X1"], "invalid_amount"),
        (vec!["unicomer", "pay", "--debt", &debt, "--amount", "-2", "--receipt", "X1"], "invalid_amount"),
        (vec!["unicomer", "pay", "--debt", "abc", "--amount", "1", "--receipt", "X1"], "invalid_input"),
        (vec!["unicomer", "pay", "--debt", "0", "--amount", "1", "--receipt", "X1"], "invalid_input"),
        (vec!["unicomer", "pay", "--debt", &debt, "--amount", "1", "--receipt", ""], "invalid_input"),
        (vec!["unicomer", "pay", "--debt", &debt, "--amount", "1", "--receipt", "X1", "--paid-at", "23/11/2026"], "invalid_input"),
        (vec!["unicomer", "status", "--debt", &debt, "--amount", "1", "--paid-at", "2026-13-01 00:00:00"], "invalid_input"),
        (vec!["unicomer", "reconcile", "--date", "2026-02-30"], "invalid_input"),
        (vec!["unicomer", "lookup", ""], "invalid_input"),
        (vec!["unicomer", "frobnicate"], "usage"),
    ];
    assert_each_refused(&cases, |args| recaudo(&fx, args));
    let state = fx.sim.unicomer_state();
    assert_eq!(state.requests.get("registrarpago").copied().unwrap_or(0), 0);
    assert!(
        state.requests.values().all(|n| *n == 0),
        "{:?}",
        state.requests
    );
}

#[test]
fn configuration_errors_name_the_problem_without_secrets() {
    let fx = fixture();
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args([
            "--json",
            "--base-url",
            &fx.sim.unicomer_url(),
            "unicomer",
            "lookup",
            CUSTOMER,
        ])
        .env_remove("RECAUDO_UNICOMER_USERNAME")
        .env_remove("RECAUDO_UNICOMER_PASSWORD")
        .env_remove("RECAUDO_UNICOMER_COMMERCE")
        .output()
        .unwrap();
    let (code, message) = stderr_error(&out);
    assert_eq!(code, "config");
    assert!(message.contains("RECAUDO_UNICOMER_"), "{message}");

    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args([
            "--json",
            "--base-url",
            "http://biller.example.invalid/",
            "unicomer",
            "lookup",
            CUSTOMER,
        ])
        .env("RECAUDO_UNICOMER_USERNAME", "someone@recaudo.test")
        .env("RECAUDO_UNICOMER_PASSWORD", "planted-secret-password")
        .env("RECAUDO_UNICOMER_COMMERCE", "EMPTEST")
        .output()
        .unwrap();
    assert_eq!(stderr_error(&out).0, "insecure_url");

    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args([
            "--json",
            "--base-url",
            &fx.sim.unicomer_url(),
            "unicomer",
            "lookup",
            CUSTOMER,
        ])
        .env("RECAUDO_UNICOMER_USERNAME", "someone@recaudo.test")
        .env("RECAUDO_UNICOMER_PASSWORD", "planted-secret-password")
        .env("RECAUDO_UNICOMER_COMMERCE", "EMPTEST")
        .output()
        .unwrap();
    let (code, _) = stderr_error(&out);
    assert_eq!(code, "auth");
    let everything = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!everything.contains("planted-secret-password"));
}

#[test]
fn the_demo_shows_the_recovered_payment() {
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .arg("demo")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("recovered through consultarpago"), "{text}");
    assert!(
        text.contains("1 payment at the biller, none doubled"),
        "{text}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args(["--json", "demo"])
        .output()
        .unwrap();
    assert_eq!(stdout_json(&out)["ok"], true);
}
