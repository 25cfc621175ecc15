//! The CLI contract for Cooplan: `--base-url`, `--json`, the credential variables, the lookup and
//! outcome documents on stdout, `{"code", "message"}` on stderr, and exit statuses (0 confirmed,
//! 3 rejected, 4 needs review), against an in-process simulator.

mod common;

use common::*;

use std::process::{Command, Output};

use recaudo_sim::{CooplanSimConfig, Fault, FaultKind};

fn recaudo(fx: &Fixture, args: &[&str]) -> Output {
    let c = CooplanSimConfig::default();
    Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .arg("--json")
        .arg("--base-url")
        .arg(fx.sim.cooplan_url())
        .args(args)
        .env("RECAUDO_COOPLAN_CODSEGURIDAD", c.cod_seguridad)
        .env("RECAUDO_COOPLAN_LOGIN", c.login)
        .env("RECAUDO_COOPLAN_PWD", c.pwd)
        .output()
        .expect("the binary runs")
}

fn fault(endpoint: &str, kind: FaultKind) -> Fault {
    Fault {
        biller: "cooplan".into(),
        endpoint: endpoint.into(),
        kind,
        times: 1,
    }
}

const DEBT: &str = "5000001:202110:1001:90001";

fn pay(fx: &Fixture, debt: &str, amount: &str, receipt: &str) -> Output {
    recaudo(
        fx,
        &[
            "cooplan",
            "pay",
            "--debt",
            debt,
            "--amount",
            amount,
            "--receipt",
            receipt,
        ],
    )
}

#[test]
fn lookup_prints_customer_and_debts() {
    let fx = fixture();
    let out = recaudo(&fx, &["cooplan", "lookup", "1001"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = stdout_json(&out);
    assert_eq!(doc["customer"]["contract"], "1001");
    assert_eq!(doc["customer"]["name"], "Socio De Prueba Uno");
    let debts = doc["debts"].as_array().unwrap();
    assert_eq!(debts.len(), 2);
    assert_eq!(debts[0]["debt_id"], DEBT);
    assert_eq!(debts[0]["amount_due"], "136.76");
    assert_eq!(debts[0]["balance"], "136.76");
    assert_eq!(debts[0]["currency"], "BOB");
    assert!(debts[0]["due_date"].is_null());
    assert_eq!(debts[0]["details"]["period"], "202110");
    assert_eq!(debts[0]["details"]["invoice"], 5_000_001);
    assert_eq!(debts[1]["debt_id"], "5000002:202111:1001:90001");
    assert_eq!(debts[1]["amount_due"], "136.78");

    let out = recaudo(&fx, &["cooplan", "lookup", "1003"]);
    assert_eq!(stdout_json(&out)["debts"].as_array().unwrap().len(), 0);
    let out = recaudo(&fx, &["cooplan", "lookup", "999999"]);
    let (code, message) = stderr_error(&out);
    assert_eq!(code, "biller");
    assert!(
        message.contains("No existe el contrato 999999"),
        "{message}"
    );
}

#[test]
fn pay_receipt_report_reverse() {
    let fx = fixture();
    let out = pay(&fx, DEBT, "136.76", "CLI-1");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let paid = stdout_json(&out);
    assert_eq!(paid["outcome"], "confirmed");
    assert_eq!(paid["payment_id"], "4200001");
    assert_eq!(paid["debt_id"], DEBT);
    assert_eq!(paid["receipt"], "CLI-1");
    assert_eq!(paid["amount"], "136.76");
    assert_eq!(paid["currency"], "BOB");
    assert_eq!(paid["recovered"], false);
    assert_eq!(paid["sends"], 1);
    let paid_at = paid["paid_at"].as_str().unwrap().to_owned();
    let day = &paid_at[..10];
    assert!(chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok());

    let out = recaudo(
        &fx,
        &[
            "cooplan",
            "receipt",
            "--invoice",
            "5000001",
            "--collection",
            "4200001",
        ],
    );
    let printed = stdout_json(&out);
    assert_eq!(printed["values"], "Transacción realizada con exito");
    assert_eq!(fx.sim.cooplan_state().collections[0].prints, 1);

    let out = recaudo(&fx, &["cooplan", "report", "--date", day]);
    let report = stdout_json(&out);
    assert_eq!(report["format"], "list");
    assert_eq!(report["count"], 1);
    assert_eq!(report["total"], "136.76");
    assert_eq!(report["records"][0]["payment_id"], "4200001");
    assert_eq!(report["records"][0]["debt_id"], DEBT);
    assert_eq!(report["records"][0]["amount"], "136.76");
    assert_eq!(report["records"][0]["reversed"], false);

    let out = recaudo(
        &fx,
        &[
            "cooplan",
            "reverse",
            "--invoice",
            "5000001",
            "--collection",
            "4200001",
            "--contract",
            "1001",
            "--period",
            "202110",
            "--paid-on",
            day,
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let reversed = stdout_json(&out);
    assert_eq!(reversed["outcome"], "confirmed");
    assert_eq!(reversed["payment_id"], "4200001");
    assert!(fx.sim.cooplan_state().collections[0].reversed);
    let out = recaudo(&fx, &["cooplan", "report", "--date", day]);
    let report = stdout_json(&out);
    assert_eq!(report["records"][0]["reversed"], true);
    assert_eq!(report["total"], "0.00");
}

#[test]
fn a_short_debt_id_with_contract_looks_the_customer_up() {
    let fx = fixture();
    let out = recaudo(
        &fx,
        &[
            "cooplan",
            "pay",
            "--debt",
            "5000002:202111",
            "--contract",
            "1001",
            "--amount",
            "136.78",
            "--receipt",
            "CLI-SHORT",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = stdout_json(&out);
    assert_eq!(doc["debt_id"], "5000002:202111:1001:90001");
    assert_eq!(
        fx.sim
            .cooplan_state()
            .collections_in_effect(5_000_002, "202111"),
        1
    );
}

#[test]
fn a_lost_reply_is_recovered_with_one_payment() {
    let fx = fixture();
    fx.sim
        .arm_fault(fault("realizarpago", FaultKind::DropAfterCommit));
    let out = pay(&fx, DEBT, "136.76", "CLI-LOST");
    assert_eq!(out.status.code(), Some(0));
    let doc = stdout_json(&out);
    assert_eq!(doc["outcome"], "confirmed", "{doc}");
    assert_eq!(doc["recovered"], true);
    assert_eq!(doc["payment_id"], "4200001");
    assert_eq!(
        fx.sim
            .cooplan_state()
            .collections_in_effect(5_000_001, "202110"),
        1
    );
}

#[test]
fn rejected_exits_3_and_needs_review_exits_4() {
    let fx = fixture();
    // Not the invoice's whole amount: the biller refuses.
    let out = pay(&fx, "5000003:202111:1002:90002", "50.00", "CLI-PART");
    assert_eq!(out.status.code(), Some(3));
    let doc = stdout_json(&out);
    assert_eq!(doc["outcome"], "rejected");
    assert_eq!(doc["rejection"]["code"], "1");
    assert_eq!(doc["rejection"]["by_biller"], true);

    // The document's text report cannot prove a lost payment either way.
    fx.sim.set_cooplan_report_as_text(true);
    fx.sim
        .arm_fault(fault("realizarpago", FaultKind::DropAfterCommit));
    let out = pay(&fx, DEBT, "136.76", "CLI-DOUBT");
    assert_eq!(out.status.code(), Some(4));
    let doc = stdout_json(&out);
    assert_eq!(doc["outcome"], "needs_review");
    assert_eq!(doc["sends"], 1);
    assert!(doc["evidence"].as_array().unwrap().len() >= 3);
    assert_eq!(
        fx.sim
            .cooplan_state()
            .collections_in_effect(5_000_001, "202110"),
        1
    );
    let out = recaudo(&fx, &["cooplan", "report", "--date", "2026-01-05"]);
    let report = stdout_json(&out);
    assert_eq!(report["format"], "text");
    assert_eq!(report["text"], "Transacción realizada con éxito");
}

#[test]
fn failures_are_json_on_stderr_and_send_nothing() {
    let fx = fixture();
    #[rustfmt::skip]
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["cooplan", "pay", "--debt", DEBT, "--amount", "abc", "--receipt", "X1"], "invalid_amount"),
        (vec!["cooplan", "pay", "--debt", DEBT, "--amount", "0", "--receipt", "X1"], "invalid_amount"),
        (vec!["cooplan", "pay", "--debt", DEBT, "--amount", "1.001", "--receipt", "X1"], "invalid_amount"),
        (vec!["cooplan", "pay", "--debt", DEBT, "--amount", "-2", "--receipt", "X1"], "invalid_amount"),
        (vec!["cooplan", "pay", "--debt", "abc", "--amount", "1", "--receipt", "X1"], "invalid_input"),
        (vec!["cooplan", "pay", "--debt", "0:202110:1001:90001", "--amount", "1", "--receipt", "X1"], "invalid_input"),
        (vec!["cooplan", "pay", "--debt", "5000001:2021-10", "--amount", "1", "--receipt", "X1"], "invalid_input"),
        (vec!["cooplan", "pay", "--debt", DEBT, "--amount", "1", "--receipt", ""], "invalid_input"),
        (vec!["cooplan", "pay", "--debt", DEBT, "--amount", "1", "--receipt", "A B"], "invalid_input"),
        (vec!["cooplan", "pay", "--debt", "5000001:202110", "--amount", "1", "--receipt", "X1"], "invalid_input"),
        (vec!["cooplan", "pay", "--debt", DEBT, "--contract", "1002", "--amount", "1", "--receipt", "X1"], "invalid_input"),
        (vec!["cooplan", "receipt", "--invoice", "0", "--collection", "4200001"], "invalid_input"),
        (vec!["cooplan", "receipt", "--invoice", "5000001", "--collection", "42 00"], "invalid_input"),
        (vec!["cooplan", "report", "--date", "2026-02-30"], "invalid_input"),
        (vec!["cooplan", "reverse", "--invoice", "5000001", "--collection", "4200001", "--period", "2021"], "invalid_input"),
        (vec!["cooplan", "reverse", "--invoice", "5000001", "--collection", "4200001", "--paid-on", "05/11/2021"], "invalid_input"),
        (vec!["cooplan", "lookup", ""], "invalid_input"),
        (vec!["cooplan", "lookup", "10 01"], "invalid_input"),
        (vec!["cooplan", "frobnicate"], "usage"),
    ];
    assert_each_refused(&cases, |args| recaudo(&fx, args));
    let state = fx.sim.cooplan_state();
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
            &fx.sim.cooplan_url(),
            "cooplan",
            "lookup",
            "1001",
        ])
        .env_remove("RECAUDO_COOPLAN_CODSEGURIDAD")
        .env_remove("RECAUDO_COOPLAN_LOGIN")
        .env_remove("RECAUDO_COOPLAN_PWD")
        .output()
        .unwrap();
    let (code, message) = stderr_error(&out);
    assert_eq!(code, "config");
    assert!(message.contains("RECAUDO_COOPLAN_"), "{message}");

    // The document's live URI is plain http: refused unless explicitly allowed.
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args(["--json", "cooplan", "--env", "live", "lookup", "1001"])
        .env("RECAUDO_COOPLAN_CODSEGURIDAD", "codseg-falso")
        .env("RECAUDO_COOPLAN_LOGIN", "recaudador@example.test")
        .env("RECAUDO_COOPLAN_PWD", "planted-secret-pwd")
        .output()
        .unwrap();
    let (code, message) = stderr_error(&out);
    assert_eq!(code, "insecure_url");
    assert!(
        message.contains("servicioscooplan.pagofacil.com.bo"),
        "{message}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args([
            "--json",
            "--base-url",
            &fx.sim.cooplan_url(),
            "cooplan",
            "lookup",
            "1001",
        ])
        .env("RECAUDO_COOPLAN_CODSEGURIDAD", "codseg-falso")
        .env("RECAUDO_COOPLAN_LOGIN", "recaudador@example.test")
        .env("RECAUDO_COOPLAN_PWD", "planted-secret-pwd")
        .output()
        .unwrap();
    let (code, _) = stderr_error(&out);
    assert_eq!(code, "auth");
    let everything = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!everything.contains("planted-secret-pwd"));
    assert!(!everything.contains("codseg-falso"));
    assert_eq!(fx.sim.cooplan_state().requests["token"], 1);
    assert_eq!(fx.sim.cooplan_state().requests["buscarcliente"], 0);
}
