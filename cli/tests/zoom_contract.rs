//! The `recaudo zoom` CLI contract scripts rely on: `--base-url`, `--json`, the credential
//! variables, the documents printed on stdout, `{"code", "message"}` on stderr, and exit
//! statuses (0 confirmed, 3 rejected, 4 needs review).

mod common;

use common::*;

use std::process::{Command, Output};

use recaudo_sim::{Fault, FaultKind, SimConfig};

const GUIDE: &str = "guide:1000999999";
const PAID_ON: &str = "2026-11-23";

fn base(fx: &Fixture) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_recaudo"));
    command
        .arg("--json")
        .arg("--base-url")
        .arg(fx.sim.zoom_url())
        .env_remove("RECAUDO_ZOOM_TOKEN")
        .env_remove("RECAUDO_ZOOM_USER_ID")
        .env_remove("RECAUDO_ZOOM_USER_TYPE")
        .env_remove("RECAUDO_JOURNAL")
        .env_remove("RECAUDO_ZOOM_BUTTON_PAGE")
        // The pay button is journaled: in a directory of this run's, never the user's.
        .env(
            "RECAUDO_DATA_DIR",
            std::env::temp_dir().join(format!("recaudo-zoom-contract-{}", std::process::id())),
        );
    command
}

fn recaudo(fx: &Fixture, args: &[&str]) -> Output {
    let user = SimConfig::default().zoom;
    base(fx)
        .args(args)
        .env("RECAUDO_ZOOM_LOGIN", user.login)
        .env("RECAUDO_ZOOM_PASSWORD", user.password)
        .output()
        .expect("the binary runs")
}

fn pay_args<'a>(reference: &'a str, amount: &'a str) -> Vec<&'a str> {
    vec![
        "zoom",
        "pay",
        "--debt",
        GUIDE,
        "--amount",
        amount,
        "--receipt",
        reference,
        "--payer-id",
        "V-00000001",
        "--payer-name",
        "CLIENTE G. DE PRUEBA",
        "--payer-email",
        "cliente@example.test",
        "--bank-account",
        "213",
        "--origin-bank",
        "16",
        "--paid-on",
        PAID_ON,
    ]
}

fn records_with_reference(fx: &Fixture, reference: &str) -> usize {
    fx.sim
        .zoom_state()
        .payments
        .iter()
        .filter(|p| p.referencia == reference)
        .count()
}

#[test]
fn lookup_prints_the_document_as_a_debt() {
    let fx = fixture();
    let out = recaudo(
        &fx,
        &["zoom", "lookup", "--doc-type", "guide", "1000000002"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = stdout_json(&out);
    assert_eq!(doc["customer"]["document"], "guide:1000000002");
    let debts = doc["debts"].as_array().unwrap();
    assert_eq!(debts.len(), 1);
    let debt = &debts[0];
    assert_eq!(debt["debt_id"], "guide:1000000002");
    assert_eq!(debt["amount_due"], "1000.00");
    assert_eq!(debt["balance"], "1000.00");
    assert_eq!(debt["currency"], "VES");
    assert!(debt["due_date"].is_null());
    assert_eq!(debt["details"]["total"], "1200.00");
    assert_eq!(debt["details"]["paid"], "200.00");
    assert_eq!(debt["details"]["date"], "2024-01-12");
    assert!(debt["description"].as_str().unwrap().contains("1000000002"));

    let out = recaudo(
        &fx,
        &[
            "zoom",
            "lookup",
            "--doc-type",
            "invoice",
            "01E046-0000000001",
        ],
    );
    assert_eq!(
        stdout_json(&out)["debts"][0]["debt_id"],
        "invoice:01E046-0000000001"
    );
    // A fully paid guide has nothing payable: an empty list, not an error.
    let out = recaudo(
        &fx,
        &["zoom", "lookup", "--doc-type", "guide", "1000000003"],
    );
    assert!(out.status.success());
    assert_eq!(stdout_json(&out)["debts"], serde_json::json!([]));
}

#[test]
fn pay_then_list_payments() {
    let fx = fixture();
    let out = recaudo(&fx, &pay_args("CLI-1", "25"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let paid = stdout_json(&out);
    assert_eq!(paid["outcome"], "confirmed");
    assert_eq!(paid["payment_id"], 5001);
    assert_eq!(paid["debt_id"], GUIDE);
    assert_eq!(paid["receipt"], "CLI-1");
    assert_eq!(paid["amount"], "25.00");
    assert_eq!(paid["currency"], "VES");
    assert_eq!(paid["paid_at"], PAID_ON);
    assert_eq!(paid["recovered"], false);
    assert_eq!(paid["state"]["code"], 1);
    assert_eq!(paid["state"]["description"], "PENDIENTE");
    // The document's own date went into sortDoc.
    let state = fx.sim.zoom_state();
    assert_eq!(state.payments[0].documents[0].nro_doc, "1000999999");

    let out = recaudo(
        &fx,
        &[
            "zoom",
            "payments",
            "--reference",
            "CLI-1",
            "--from",
            PAID_ON,
            "--to",
            PAID_ON,
        ],
    );
    let list = stdout_json(&out);
    assert_eq!(list["count"], 1);
    assert_eq!(list["total"], "25.00");
    let p = &list["payments"][0];
    assert_eq!(p["payment_id"], 5001);
    assert_eq!(p["reference"], "CLI-1");
    assert_eq!(p["amount"], "25.00");
    assert_eq!(p["paid_on"], PAID_ON);
    assert_eq!(p["kind"], "transfer");
    assert_eq!(p["status"]["description"], "PENDIENTE");
    assert_eq!(p["payer"]["id"], "V-00000001");
    assert_eq!(p["documents"][0]["debt_id"], GUIDE);
    assert_eq!(p["documents"][0]["amount"], "25.00");
    let out = recaudo(&fx, &["zoom", "payments", "--kind", "button"]);
    assert_eq!(stdout_json(&out)["count"], 0);
}

#[test]
fn the_pay_button_commands() {
    let fx = fixture();
    let out = recaudo(&fx, &["zoom", "control-number", "--amount", "1024.25"]);
    let control = stdout_json(&out);
    assert_eq!(control["amount"], "1024.25");
    let number = control["control"].as_str().unwrap().to_owned();
    assert!(fx.sim.settle_zoom_button(&number, true));
    let out = recaudo(&fx, &["zoom", "button-result", "--control", &number]);
    let result = stdout_json(&out);
    assert_eq!(result["approved"], true);
    assert_eq!(result["amount"], "1024.25");
    assert_eq!(result["amount_raw"], "102425");
    assert_eq!(result["card"], "400000******0000");

    let mut args = pay_args("V-00000001", "1024.25");
    args.retain(|a| *a != "--origin-bank" && *a != "16");
    args.extend(["--kind", "button", "--control", &number]);
    let out = recaudo(&fx, &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout_json(&out)["outcome"], "confirmed");
    assert_eq!(
        fx.sim.zoom_state().payments[0].nro_control.as_deref(),
        Some(number.as_str())
    );
}

/// `zoom button start|complete|abandon`: the journaled pay button, on the same core services
/// as the browser's, against the simulated bank page's settlements.
#[test]
fn the_journaled_pay_button_commands() {
    let fx = fixture();
    let start = |receipt: &str| -> Vec<String> {
        [
            "zoom",
            "button",
            "start",
            "--debt",
            GUIDE,
            "--amount",
            "1024.25",
            "--receipt",
            receipt,
            "--payer-id",
            "V-00000001",
            "--payer-name",
            "CLIENTE G. DE PRUEBA",
            "--payer-email",
            "cliente@example.test",
            "--bank-account",
            "213",
            "--return-url",
            "http://127.0.0.1:9/vuelta",
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let run = |args: &[String], page: bool| -> Output {
        let mut command = base(&fx);
        let user = SimConfig::default().zoom;
        command
            .args(args)
            .env("RECAUDO_ZOOM_LOGIN", user.login)
            .env("RECAUDO_ZOOM_PASSWORD", user.password);
        if page {
            command.env(
                "RECAUDO_ZOOM_BUTTON_PAGE",
                format!(
                    "{}megasoft/pagar?control={{control}}&retorno={{return_url}}",
                    fx.sim.zoom_url()
                ),
            );
        }
        command.output().expect("the binary runs")
    };
    let complete = |verb: &str, receipt: &str| -> Vec<String> {
        ["zoom", "button", verb, "--receipt", receipt]
            .map(str::to_owned)
            .to_vec()
    };

    // Without the bank's page: a config error naming the option, nothing asked.
    let out = run(&start("CLI-BTN-0"), false);
    assert_eq!(stderr_error(&out).0, "config");
    assert_eq!(fx.sim.zoom_state().requests["getNroControlWS"], 0);

    let out = run(&start("CLI-BTN-1"), true);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let checkout = stdout_json(&out);
    let control = checkout["control"].as_str().unwrap().to_owned();
    assert_eq!(checkout["amount"], "1024.25");
    assert!(checkout["page_url"].as_str().unwrap().contains(&control));
    // Pending at the bank: still open, exit 4, nothing registered.
    let out = run(&complete("complete", "CLI-BTN-1"), false);
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(stdout_json(&out)["button_state"], "pending");
    assert!(fx.sim.settle_zoom_button(&control, true));
    for _ in 0..2 {
        let out = run(&complete("complete", "CLI-BTN-1"), false);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = stdout_json(&out);
        assert_eq!(doc["button_state"], "paid");
        assert_eq!(doc["outcome"], "confirmed");
    }
    assert_eq!(records_with_reference(&fx, "CLI-BTN-1"), 1);

    let out = run(&start("CLI-BTN-2"), true);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&complete("abandon", "CLI-BTN-2"), false);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(stdout_json(&out)["button_state"], "abandoned");
    assert_eq!(records_with_reference(&fx, "CLI-BTN-2"), 0);
}

#[test]
fn a_lost_reply_is_recovered_with_one_payment() {
    let fx = fixture();
    fx.sim.arm_fault(Fault {
        biller: "zoom".into(),
        endpoint: "createPagoWs".into(),
        kind: FaultKind::DropAfterCommit,
        times: 1,
    });
    let out = recaudo(&fx, &pay_args("CLI-LOST", "10.50"));
    let doc = stdout_json(&out);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(doc["outcome"], "confirmed", "{doc}");
    assert_eq!(doc["recovered"], true);
    assert_eq!(doc["sends"], 1);
    assert_eq!(records_with_reference(&fx, "CLI-LOST"), 1);
}

#[test]
fn an_unresolved_payment_exits_4_and_a_refused_one_3() {
    let fx = fixture();
    fx.sim.arm_fault(Fault {
        biller: "zoom".into(),
        endpoint: "createPagoWs".into(),
        kind: FaultKind::DropAfterCommit,
        times: 1,
    });
    fx.sim.arm_fault(Fault {
        biller: "zoom".into(),
        endpoint: "getInfoPagoWs".into(),
        kind: FaultKind::Error500,
        times: 10,
    });
    let out = recaudo(&fx, &pay_args("CLI-UNKNOWN", "1.00"));
    assert_eq!(out.status.code(), Some(4));
    let doc = stdout_json(&out);
    assert_eq!(doc["outcome"], "needs_review");
    assert!(doc["evidence"].as_array().unwrap().len() >= 2);
    assert_eq!(records_with_reference(&fx, "CLI-UNKNOWN"), 1);
    fx.sim.clear_faults();

    // An account Zoom does not know: refused by Zoom with its code and fields.
    let mut args = pay_args("CLI-REFUSED", "1.00");
    let account = args.iter().position(|a| *a == "213").unwrap();
    args[account] = "999";
    let out = recaudo(&fx, &args);
    assert_eq!(out.status.code(), Some(3));
    let doc = stdout_json(&out);
    assert_eq!(doc["outcome"], "rejected");
    assert_eq!(doc["rejection"]["code"], "CODE_002");
    assert_eq!(doc["rejection"]["by_biller"], true);
    assert!(
        doc["rejection"]["message"]
            .as_str()
            .unwrap()
            .contains("idcuentabanco")
    );
}

#[test]
fn failures_are_json_on_stderr_and_send_nothing() {
    let fx = fixture();
    let with = |flag: &str, value: &'static str| {
        let mut args = pay_args("X1", "1");
        let at = args.iter().position(|a| *a == flag).unwrap();
        args[at + 1] = value;
        args
    };
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (with("--amount", "abc"), "invalid_amount"),
        (with("--amount", "0"), "invalid_amount"),
        (with("--amount", "1.001"), "invalid_amount"),
        (with("--amount", "-2"), "invalid_amount"),
        (with("--debt", "1000999999"), "invalid_input"),
        (with("--debt", "boat:1"), "invalid_input"),
        (with("--receipt", ""), "invalid_input"),
        (with("--payer-id", "12345678"), "invalid_input"),
        (with("--payer-id", "-V-1"), "invalid_input"),
        (with("--payer-name", "PEREZ & HIJOS"), "invalid_input"),
        (with("--payer-email", "nadie"), "invalid_input"),
        (with("--bank-account", "-4"), "invalid_input"),
        (with("--paid-on", "23/11/2026"), "invalid_input"),
        (
            {
                let mut a = pay_args("X1", "1");
                a.extend(["--kind", "button"]);
                a
            },
            "invalid_input",
        ),
        (
            vec!["zoom", "lookup", "--doc-type", "guide", ""],
            "invalid_input",
        ),
        (
            vec!["zoom", "lookup", "--doc-type", "guide", "10 00"],
            "invalid_input",
        ),
        (vec!["zoom", "payments", "--id", "x"], "invalid_input"),
        (
            vec!["zoom", "payments", "--from", "2026-02-30"],
            "invalid_input",
        ),
        (
            vec!["zoom", "payments", "--sync-from", "2026-02-01"],
            "invalid_input",
        ),
        (
            vec!["zoom", "payments", "--amount", "1,5"],
            "invalid_amount",
        ),
        (
            vec!["zoom", "control-number", "--amount", "-1"],
            "invalid_amount",
        ),
        (
            vec!["zoom", "button-result", "--control", " "],
            "invalid_input",
        ),
        (vec!["zoom", "frobnicate"], "usage"),
    ];
    assert_each_refused(&cases, |args| recaudo(&fx, args));
    let state = fx.sim.zoom_state();
    assert!(
        state.requests.values().all(|n| *n == 0),
        "{:?}",
        state.requests
    );
}

#[test]
fn configuration_errors_name_the_problem_without_secrets() {
    let fx = fixture();
    let lookup = ["zoom", "lookup", "--doc-type", "guide", "1000000001"];
    let out = base(&fx)
        .args(lookup)
        .env_remove("RECAUDO_ZOOM_LOGIN")
        .env_remove("RECAUDO_ZOOM_PASSWORD")
        .output()
        .unwrap();
    let (code, message) = stderr_error(&out);
    assert_eq!(code, "config");
    assert!(message.contains("RECAUDO_ZOOM_LOGIN"), "{message}");
    let out = base(&fx)
        .args(lookup)
        .env("RECAUDO_ZOOM_LOGIN", "recaudador@recaudo.test")
        .env_remove("RECAUDO_ZOOM_PASSWORD")
        .output()
        .unwrap();
    let (code, message) = stderr_error(&out);
    assert_eq!(code, "config");
    assert!(message.contains("RECAUDO_ZOOM_PASSWORD"), "{message}");

    // No base URL: Zoom publishes none.
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args(["--json"])
        .args(lookup)
        .env("RECAUDO_ZOOM_TOKEN", "planted-token-value")
        .output()
        .unwrap();
    let (code, message) = stderr_error(&out);
    assert_eq!(code, "config");
    assert!(message.contains("--base-url"), "{message}");

    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args(["--json", "--base-url", "http://zoom.example.invalid/"])
        .args(lookup)
        .env("RECAUDO_ZOOM_TOKEN", "planted-token-value")
        .output()
        .unwrap();
    assert_eq!(stderr_error(&out).0, "insecure_url");

    // Wrong password: an auth error, and the password is never printed.
    let out = base(&fx)
        .args(lookup)
        .env("RECAUDO_ZOOM_LOGIN", "recaudador@recaudo.test")
        .env("RECAUDO_ZOOM_PASSWORD", "planted-secret-password")
        .output()
        .unwrap();
    let (code, _) = stderr_error(&out);
    assert_eq!(code, "auth");
    let everything = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!everything.contains("planted"));

    // A token supplied directly works for reads; payments need the user fields with it.
    let token = fx.sim.zoom_issue_token();
    let out = base(&fx)
        .args(lookup)
        .env("RECAUDO_ZOOM_TOKEN", &token)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = base(&fx)
        .args(pay_args("CLI-TOKEN", "1"))
        .env("RECAUDO_ZOOM_TOKEN", &token)
        .output()
        .unwrap();
    assert_eq!(stderr_error(&out).0, "config");
    let out = base(&fx)
        .args(pay_args("CLI-TOKEN", "1"))
        .env("RECAUDO_ZOOM_TOKEN", &token)
        .env("RECAUDO_ZOOM_USER_ID", "6001")
        .env("RECAUDO_ZOOM_USER_TYPE", "GE")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(records_with_reference(&fx, "CLI-TOKEN"), 1);
    assert_eq!(
        fx.sim.zoom_state().requests["LoginGenUEWs"],
        1,
        "only the wrong password"
    );
}
