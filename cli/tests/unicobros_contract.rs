//! The `recaudo unicobros` contract scripts rely on: `--base-url`, `--json`, the credential
//! variables, the documents printed on stdout, `{"code", "message"}` on stderr, and exit
//! statuses (for `coupons`, the resolution's: 0 confirmed, 3 rejected, 4 needs review).

mod common;

use common::*;

use std::process::{Command, Output};

use recaudo_sim::unicobros::UnicobrosOperation;
use recaudo_sim::{Fault, FaultKind, SimConfig};
use rust_decimal::Decimal;

fn command(fx: &Fixture, json: bool, args: &[&str]) -> Command {
    let creds = SimConfig::default().unicobros;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_recaudo"));
    if json {
        cmd.arg("--json");
    }
    cmd.arg("--base-url")
        .arg(fx.sim.unicobros_url())
        .arg("unicobros")
        .args(args)
        .env("RECAUDO_UNICOBROS_API_KEY", creds.api_key)
        .env("RECAUDO_UNICOBROS_ACCESS_TOKEN", creds.access_token);
    cmd
}

fn recaudo(fx: &Fixture, args: &[&str]) -> Output {
    command(fx, true, args).output().expect("the binary runs")
}

#[test]
fn coupons_print_the_coupons_and_exit_with_the_resolution() {
    let fx = fixture();
    let cases = [
        ("REF-PAGADA-0001", "confirmed", "paid", 0),
        ("REF-CHILDS-0001", "confirmed", "paid", 0),
        ("REF-NUNCA-USADA", "rejected", "absent", 3),
        ("REF-RECHAZADA-0001", "rejected", "rejected", 3),
        ("REF-PENDIENTE-0001", "needs_review", "unsettled", 4),
        ("REF-DUPLICADA-0001", "needs_review", "duplicate", 4),
        ("REF-REEMBOLSADA-0001", "needs_review", "refunded", 4),
    ];
    for (reference, outcome, finding, exit) in cases {
        let out = recaudo(&fx, &["coupons", reference]);
        assert_eq!(out.status.code(), Some(exit), "{reference}");
        let doc = stdout_json(&out);
        assert_eq!(doc["reference"], reference);
        assert_eq!(doc["outcome"], outcome, "{reference}");
        assert_eq!(doc["finding"], finding, "{reference}");
        assert_eq!(doc["may_retry"], exit == 3, "{reference}");
        assert!(doc["evidence"].as_array().is_some_and(|e| !e.is_empty()));
        for coupon in doc["coupons"].as_array().unwrap() {
            assert!(coupon["id"].is_string());
            assert!(is_two_decimals(&coupon["amount"]), "{coupon}");
            assert!(coupon["status"]["code"].is_string());
            for child in coupon["childs"].as_array().unwrap() {
                assert!(is_two_decimals(&child["amount"]), "{child}");
            }
        }
    }
    let split = stdout_json(&recaudo(&fx, &["coupons", "REF-CHILDS-0001"]));
    let parent = &split["coupons"][0];
    assert_eq!(parent["amount"], "900.53");
    assert_eq!(parent["currency"], "TEST");
    let childs: Vec<&str> = parent["childs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["amount"].as_str().unwrap())
        .collect();
    assert_eq!(childs, ["400.53", "500.00"]);
    assert_eq!(split["paid"][0]["amount"], "900.53");

    let absent = stdout_json(&recaudo(&fx, &["coupons", "REF-NUNCA-USADA"]));
    assert_eq!(absent["rejection"]["code"], "absent");
    assert_eq!(absent["coupons"].as_array().unwrap().len(), 0);

    // With the expected amount: the right one confirms, another needs review.
    let out = recaudo(
        &fx,
        &[
            "coupons",
            "REF-PAGADA-0001",
            "--amount",
            "15000",
            "--currency",
            "ARS",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let out = recaudo(
        &fx,
        &[
            "coupons",
            "REF-PAGADA-0001",
            "--amount",
            "150.00",
            "--currency",
            "ARS",
        ],
    );
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(stdout_json(&out)["finding"], "mismatch");
}

#[test]
fn a_lost_checkout_resolved_from_the_command_line() {
    let fx = fixture();
    fx.sim
        .add_unicobros_operation(UnicobrosOperation::new(
            "CLI-PERDIDA",
            Decimal::new(123_456, 2),
            "ARS",
            "200",
        ))
        .unwrap();
    // The gateway's reply to the check is lost once: the read is retried.
    fx.sim.arm_fault(Fault {
        biller: "unicobros".into(),
        endpoint: "coupons".into(),
        kind: FaultKind::DropAfterCommit,
        times: 1,
    });
    let out = recaudo(
        &fx,
        &[
            "coupons",
            "CLI-PERDIDA",
            "--amount",
            "1234.56",
            "--currency",
            "ARS",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = stdout_json(&out);
    assert_eq!(doc["outcome"], "confirmed");
    assert_eq!(doc["paid"][0]["amount"], "1234.56");
    assert_eq!(
        fx.sim.unicobros_state().paid_with_reference("CLI-PERDIDA"),
        1
    );
    assert_eq!(fx.sim.unicobros_state().requests_to("coupons"), 2);
    // No answer at all: needs review, exit 4, never "try again".
    fx.sim.arm_fault(Fault {
        biller: "unicobros".into(),
        endpoint: "coupons".into(),
        kind: FaultKind::Error500,
        times: 3,
    });
    let out = recaudo(&fx, &["--timeout", "2", "coupons", "CLI-PERDIDA"]);
    assert_eq!(out.status.code(), Some(4));
    let doc = stdout_json(&out);
    assert_eq!(
        (doc["finding"].as_str(), doc["may_retry"].as_bool()),
        (Some("unanswered"), Some(false))
    );
}

#[test]
fn status_prints_the_coupons_transactions() {
    let fx = fixture();
    let id = fx.sim.unicobros_state().with_reference("REF-TEST-0001")[0]
        .id
        .clone();
    let out = recaudo(&fx, &["status", &id]);
    assert!(out.status.success());
    let doc = stdout_json(&out);
    assert_eq!(doc["id"], id.as_str());
    assert_eq!(doc["status"]["code"], "200");
    assert_eq!(doc["status"]["group"], "approved");
    assert_eq!(doc["status"]["text"], "Aprobado");
    assert_eq!(doc["amount"], "100.50");
    assert_eq!(doc["currency"], "TEST");
    assert_eq!(doc["reference"], "REF-TEST-0001");
    assert_eq!(doc["transactions"][0]["amount"], "100.50");
    assert_eq!(doc["transactions"][0]["coupon"], id.as_str());
    assert!(
        doc["details"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["key"] == "authorizationCode")
    );
    let out = recaudo(&fx, &["status", "no-such-coupon"]);
    let (code, message) = stderr_error(&out);
    assert_eq!(code, "biller");
    assert!(message.contains("NOT_FOUND"), "{message}");
}

#[test]
fn operations_one_page_or_all_of_them_in_either_form() {
    let fx = fixture();
    let state = fx.sim.unicobros_state();
    let ars_checkout = state
        .operations
        .iter()
        .filter(|o| o.currency == "ARS" && o.context == "plugin.value.checkout:web")
        .count();
    assert!(ars_checkout > 6);
    let filters = [
        "--currency",
        "ARS",
        "--context",
        "plugin.value.checkout:web",
        "--limit",
        "3",
    ];
    let one = stdout_json(&recaudo(&fx, &[&["operations"][..], &filters].concat()));
    assert_eq!(one["count"], 3);
    assert_eq!(one["page"], 0);
    assert_eq!(one["pages"], 1);
    assert_eq!(one["next_page"], 1);
    for op in one["operations"].as_array().unwrap() {
        assert_eq!(op["currency"], "ARS");
        assert_eq!(op["context"], "plugin.value.checkout:web");
        assert!(is_two_decimals(&op["amount"]), "{op}");
        assert!(op["created"].is_string());
    }
    let mut everything = Vec::new();
    for form in [
        &["operations", "--all"][..],
        &["operations", "--all", "--post"][..],
    ] {
        let doc = stdout_json(&recaudo(&fx, &[form, &filters].concat()));
        assert_eq!(doc["count"], ars_checkout as u64);
        assert_eq!(doc["pages"], ars_checkout.div_ceil(3) as u64);
        assert!(doc["next_page"].is_null());
        everything.push(doc["operations"].clone());
    }
    assert_eq!(everything[0], everything[1]);
    // Starting from a later page.
    let later = stdout_json(&recaudo(
        &fx,
        &[&["operations", "--page", "1", "--all"][..], &filters].concat(),
    ));
    assert_eq!(later["count"], (ars_checkout - 3) as u64);
    assert_eq!(later["operations"][0], everything[0][3]);

    // Dates, status, reference, text and test flags reach the biller.
    let day = stdout_json(&recaudo(
        &fx,
        &[
            "operations",
            "--created-from",
            "2024-12-02",
            "--created-to",
            "2024-12-02",
            "--limit",
            "50",
        ],
    ));
    assert_eq!(day["count"], 2);
    let test_paid = stdout_json(&recaudo(
        &fx,
        &["operations", "--test", "--status", "200", "--all"],
    ));
    assert!(
        test_paid["operations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["currency"] == "TEST" && o["status"]["code"] == "200")
    );
    let by_ref = stdout_json(&recaudo(
        &fx,
        &["operations", "--reference", "REF-RECHAZADA-0001"],
    ));
    assert_eq!(by_ref["count"], 2);
    let by_text = stdout_json(&recaudo(
        &fx,
        &["operations", "--post", "--text", "cuota club"],
    ));
    assert_eq!(by_text["count"], 2);

    // Text mode: every page's operations in one table on stdout; the progress spinner is drawn
    // only on a terminal, so a piped stderr stays empty, as with --json.
    let out = command(
        &fx,
        false,
        &[&["operations", "--all"][..], &filters].concat(),
    )
    .output()
    .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(
        listing.starts_with(&format!("{ars_checkout} operation(s)")),
        "{listing}"
    );
    assert_eq!(listing.lines().count(), 1 + 2 + ars_checkout, "{listing}");
    let out = recaudo(&fx, &[&["operations", "--all"][..], &filters].concat());
    assert!(out.stderr.is_empty());
}

#[test]
fn failures_are_json_on_stderr_and_send_nothing() {
    let fx = fixture();
    #[rustfmt::skip]
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["operations", "--limit", "51"], "invalid_input"),
        (vec!["operations", "--limit", "0"], "invalid_input"),
        (vec!["operations", "--limit", "-1"], "invalid_input"),
        (vec!["operations", "--page", "abc"], "invalid_input"),
        (vec!["operations", "--page", "-2"], "invalid_input"),
        (vec!["operations", "--status", "999"], "invalid_input"),
        (vec!["operations", "--status", "-200"], "invalid_input"),
        (vec!["operations", "--currency", "USD"], "invalid_input"),
        (vec!["operations", "--created-from", "2024-02-30"], "invalid_input"),
        (vec!["operations", "--created-from", "2024-12-05", "--created-to", "2024-12-04"], "invalid_input"),
        (vec!["operations", "--context", "a b"], "invalid_input"),
        (vec!["operations", "--context", "a,,b"], "invalid_input"),
        (vec!["coupons", ""], "invalid_input"),
        (vec!["coupons", ".."], "invalid_input"),
        (vec!["coupons", "R", "--amount", "-2", "--currency", "ARS"], "invalid_amount"),
        (vec!["coupons", "R", "--amount", "1.001", "--currency", "ARS"], "invalid_amount"),
        (vec!["coupons", "R", "--amount", "abc", "--currency", "ARS"], "invalid_amount"),
        (vec!["coupons", "R", "--amount", "1", "--currency", "USD"], "invalid_input"),
        (vec!["coupons", "R", "--currency", "ARS"], "invalid_input"),
        (vec!["status", " "], "invalid_input"),
        (vec!["frobnicate"], "usage"),
    ];
    assert_each_refused(&cases, |args| recaudo(&fx, args));
    let state = fx.sim.unicobros_state();
    assert!(
        state.requests.values().all(|n| *n == 0),
        "{:?}",
        state.requests
    );
}

#[test]
fn configuration_and_credential_errors_name_the_problem_without_secrets() {
    let fx = fixture();
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args([
            "--json",
            "--base-url",
            &fx.sim.unicobros_url(),
            "unicobros",
            "coupons",
            "R",
        ])
        .env_remove("RECAUDO_UNICOBROS_API_KEY")
        .env_remove("RECAUDO_UNICOBROS_ACCESS_TOKEN")
        .output()
        .unwrap();
    let (code, message) = stderr_error(&out);
    assert_eq!(code, "config");
    assert!(message.contains("RECAUDO_UNICOBROS_API_KEY"), "{message}");
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args([
            "--json",
            "--base-url",
            &fx.sim.unicobros_url(),
            "unicobros",
            "coupons",
            "R",
        ])
        .env("RECAUDO_UNICOBROS_API_KEY", "planted-api-key")
        .env_remove("RECAUDO_UNICOBROS_ACCESS_TOKEN")
        .output()
        .unwrap();
    let (_, message) = stderr_error(&out);
    assert!(
        message.contains("RECAUDO_UNICOBROS_ACCESS_TOKEN"),
        "{message}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args([
            "--json",
            "--base-url",
            "http://unicobros.example.invalid/",
            "unicobros",
            "coupons",
            "R",
        ])
        .env("RECAUDO_UNICOBROS_API_KEY", "planted-api-key")
        .env("RECAUDO_UNICOBROS_ACCESS_TOKEN", "planted-access-token")
        .output()
        .unwrap();
    assert_eq!(stderr_error(&out).0, "insecure_url");

    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args([
            "--json",
            "--base-url",
            &fx.sim.unicobros_url(),
            "unicobros",
            "coupons",
            "R",
        ])
        .env("RECAUDO_UNICOBROS_API_KEY", "planted-api-key")
        .env("RECAUDO_UNICOBROS_ACCESS_TOKEN", "planted-access-token")
        .output()
        .unwrap();
    let (code, _) = stderr_error(&out);
    assert_eq!(code, "auth");
    let everything = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!everything.contains("planted"), "{everything}");
    assert_eq!(fx.sim.unicobros_state().requests_to("coupons"), 1);

    // A revoked access token: auth, once, no replay.
    fx.sim.expire_tokens();
    let out = recaudo(&fx, &["--lang", "en", "operations"]);
    let (code, message) = stderr_error(&out);
    assert_eq!(code, "auth");
    assert!(
        message.contains("Invalid or expired access token"),
        "{message}"
    );
    assert_eq!(fx.sim.unicobros_state().requests_to("operations"), 1);
}
