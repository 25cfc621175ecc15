//! The `recaudo` binary never prints a planted credential: for every biller, against an
//! in-process simulator that accepts the planted values, normal runs (lookups, a payment) and
//! authentication failures (a wrong planted password or key), in text and with `--json`. There is
//! no logging framework: stdout and stderr are everything the CLI emits, and both are checked.

use std::process::{Command, Output};

use recaudo_sim::{SimConfig, Simulator};

const MARK: &str = "PLANTED-SECRET";
const PASSWORD: &str = "PLANTED-SECRET-1234-password";
const WRONG: &str = "PLANTED-SECRET-9999-wrong";
const API_KEY: &str = "PLANTED-SECRET-5678-apikey";
const ACCESS_TOKEN: &str = "PLANTED-SECRET-4321-access";
const COD_SEGURIDAD: &str = "PLANTED-SECRET-2468-codseg";
const ZOOM_TOKEN: &str = "PLANTED-SECRET-1357-token";

struct Fixture {
    sim: Simulator,
    _runtime: tokio::runtime::Runtime,
}

fn fixture() -> Fixture {
    let mut config = SimConfig::default();
    config.unicomer.password = PASSWORD.into();
    config.unicobros.api_key = API_KEY.into();
    config.unicobros.access_token = ACCESS_TOKEN.into();
    config.zoom.password = PASSWORD.into();
    config.cooplan.cod_seguridad = COD_SEGURIDAD.into();
    config.cooplan.pwd = PASSWORD.into();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sim = runtime.block_on(Simulator::start(config)).unwrap();
    Fixture {
        sim,
        _runtime: runtime,
    }
}

/// Runs the binary with these variables (and no inherited `RECAUDO_*`), in text and in JSON.
fn run(base_url: &str, env: &[(&str, &str)], args: &[&str]) -> [Output; 2] {
    let once = |json: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_recaudo"));
        for (k, _) in std::env::vars() {
            if k.starts_with("RECAUDO_") {
                cmd.env_remove(k);
            }
        }
        if json {
            cmd.arg("--json");
        }
        cmd.arg("--base-url")
            .arg(base_url)
            .args(args)
            .envs(env.iter().copied())
            .output()
            .expect("the binary runs")
    };
    [once(false), once(true)]
}

fn assert_clean(what: &str, outputs: &[Output]) {
    for out in outputs {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stdout.contains(MARK) && !stderr.contains(MARK),
            "{what} printed a planted secret:\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
    }
}

/// A normal run: it worked (so the planted credentials were used) and printed no secret.
fn assert_ok(what: &str, outputs: [Output; 2]) {
    for out in &outputs {
        assert!(
            out.status.success(),
            "{what} failed: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_clean(what, &outputs);
}

/// An authentication failure: refused as `auth` and printed no secret.
fn assert_auth_failure(what: &str, outputs: [Output; 2]) {
    for out in &outputs {
        assert!(!out.status.success(), "{what} succeeded");
    }
    let json: serde_json::Value = serde_json::from_slice(&outputs[1].stderr).unwrap_or_else(|e| {
        panic!(
            "{what}: stderr is not JSON ({e}): {}",
            String::from_utf8_lossy(&outputs[1].stderr)
        )
    });
    assert_eq!(json["code"], "auth", "{what}: {json}");
    assert_clean(what, &outputs);
}

/// A payment refused for its credentials: either its outcome document (exit 3, rejected with
/// `auth`; Unicomer, Cooplan) or, when the login fails before the payment is even built (Zoom
/// needs the user the login names), the `auth` error; and no secret either way.
fn assert_payment_auth_failure(what: &str, outputs: [Output; 2]) {
    if outputs[1].stdout.is_empty() {
        return assert_auth_failure(what, outputs);
    }
    for out in &outputs {
        assert_eq!(out.status.code(), Some(3), "{what}");
    }
    let json: serde_json::Value = serde_json::from_slice(&outputs[1].stdout).unwrap_or_else(|e| {
        panic!(
            "{what}: stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&outputs[1].stdout)
        )
    });
    assert_eq!(json["outcome"], "rejected", "{what}: {json}");
    assert_eq!(json["rejection"]["code"], "auth", "{what}: {json}");
    assert_clean(what, &outputs);
}

#[test]
fn unicomer_output_never_shows_the_password() {
    let fx = fixture();
    let url = fx.sim.unicomer_url();
    let user = SimConfig::default().unicomer;
    let env = |password: &'static str| {
        vec![
            ("RECAUDO_UNICOMER_USERNAME", user.username.clone()),
            ("RECAUDO_UNICOMER_PASSWORD", password.to_owned()),
            ("RECAUDO_UNICOMER_COMMERCE", user.commerce.clone()),
        ]
    };
    let good = env(PASSWORD);
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bad = env(WRONG);
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_ok(
        "unicomer lookup",
        run(&url, &good, &["unicomer", "lookup", "0900000001"]),
    );
    assert_ok(
        "unified lookup",
        run(
            &url,
            &good,
            &["lookup", "--biller", "unicomer", "0900000001"],
        ),
    );
    for (i, receipt) in ["SEC-T", "SEC-J"].iter().enumerate() {
        let out = run(
            &url,
            &good,
            &[
                "unicomer",
                "pay",
                "--debt",
                "700001",
                "--amount",
                "1.00",
                "--receipt",
                receipt,
            ],
        );
        // The text run and the JSON run are two payments with one receipt each: the second of
        // each pair repeats a receipt and is refused (exit 3); neither may show a secret.
        assert!(out[0].status.success(), "pay {i}");
        assert_clean("unicomer pay", &out);
    }
    assert_auth_failure(
        "unicomer lookup, wrong password",
        run(&url, &bad, &["unicomer", "lookup", "0900000001"]),
    );
    assert_payment_auth_failure(
        "unicomer pay, wrong password",
        run(
            &url,
            &bad,
            &[
                "unicomer",
                "pay",
                "--debt",
                "700001",
                "--amount",
                "1.00",
                "--receipt",
                "SEC-X",
            ],
        ),
    );
}

#[test]
fn unicobros_output_never_shows_the_keys() {
    let fx = fixture();
    let url = fx.sim.unicobros_url();
    let good = [
        ("RECAUDO_UNICOBROS_API_KEY", API_KEY),
        ("RECAUDO_UNICOBROS_ACCESS_TOKEN", ACCESS_TOKEN),
    ];
    let bad = [
        ("RECAUDO_UNICOBROS_API_KEY", WRONG),
        ("RECAUDO_UNICOBROS_ACCESS_TOKEN", ACCESS_TOKEN),
    ];
    assert_ok(
        "unicobros coupons",
        run(&url, &good, &["unicobros", "coupons", "REF-PAGADA-0001"]),
    );
    assert_ok(
        "unicobros operations",
        run(&url, &good, &["unicobros", "operations", "--limit", "5"]),
    );
    assert_auth_failure(
        "unicobros coupons, wrong key",
        run(&url, &bad, &["unicobros", "coupons", "REF-PAGADA-0001"]),
    );
}

#[test]
fn zoom_output_never_shows_the_password_or_token() {
    let fx = fixture();
    let url = fx.sim.zoom_url();
    let login = SimConfig::default().zoom.login;
    let good = [
        ("RECAUDO_ZOOM_LOGIN", login.as_str()),
        ("RECAUDO_ZOOM_PASSWORD", PASSWORD),
    ];
    let bad = [
        ("RECAUDO_ZOOM_LOGIN", login.as_str()),
        ("RECAUDO_ZOOM_PASSWORD", WRONG),
    ];
    let token = [
        ("RECAUDO_ZOOM_TOKEN", ZOOM_TOKEN),
        ("RECAUDO_ZOOM_USER_ID", "6001"),
        ("RECAUDO_ZOOM_USER_TYPE", "GE"),
    ];
    let lookup = ["zoom", "lookup", "--doc-type", "guide", "1000000001"];
    assert_ok("zoom lookup", run(&url, &good, &lookup));
    let out = run(
        &url,
        &good,
        &[
            "zoom",
            "pay",
            "--debt",
            "guide:1000000001",
            "--amount",
            "1.00",
            "--receipt",
            "000999111",
            "--payer-id",
            "V-00000001",
            "--payer-name",
            "CLIENTE DE PRUEBA",
            "--payer-email",
            "cliente@example.test",
            "--bank-account",
            "213",
        ],
    );
    assert!(out[0].status.success(), "zoom pay");
    assert_clean("zoom pay", &out);
    assert_auth_failure("zoom lookup, wrong password", run(&url, &bad, &lookup));
    assert_payment_auth_failure(
        "zoom pay, wrong password",
        run(
            &url,
            &bad,
            &[
                "zoom",
                "pay",
                "--debt",
                "guide:1000000001",
                "--amount",
                "1.00",
                "--receipt",
                "000999112",
                "--payer-id",
                "V-00000001",
                "--payer-name",
                "CLIENTE DE PRUEBA",
                "--payer-email",
                "cliente@example.test",
                "--bank-account",
                "213",
            ],
        ),
    );
    assert_auth_failure("zoom lookup, unknown token", run(&url, &token, &lookup));
}

#[test]
fn cooplan_output_never_shows_the_credentials() {
    let fx = fixture();
    let url = fx.sim.cooplan_url();
    let login = SimConfig::default().cooplan.login;
    let good = [
        ("RECAUDO_COOPLAN_CODSEGURIDAD", COD_SEGURIDAD),
        ("RECAUDO_COOPLAN_LOGIN", login.as_str()),
        ("RECAUDO_COOPLAN_PWD", PASSWORD),
    ];
    let bad = [
        ("RECAUDO_COOPLAN_CODSEGURIDAD", COD_SEGURIDAD),
        ("RECAUDO_COOPLAN_LOGIN", login.as_str()),
        ("RECAUDO_COOPLAN_PWD", WRONG),
    ];
    assert_ok(
        "cooplan lookup",
        run(&url, &good, &["cooplan", "lookup", "1001"]),
    );
    let out = run(
        &url,
        &good,
        &[
            "cooplan",
            "pay",
            "--debt",
            "5000001:202110:1001:90001",
            "--amount",
            "136.76",
            "--receipt",
            "SEC-1",
        ],
    );
    assert!(out[0].status.success(), "cooplan pay");
    assert_clean("cooplan pay", &out);
    assert_auth_failure(
        "cooplan lookup, wrong password",
        run(&url, &bad, &["cooplan", "lookup", "1001"]),
    );
    assert_payment_auth_failure(
        "cooplan pay, wrong password",
        run(
            &url,
            &bad,
            &[
                "cooplan",
                "pay",
                "--debt",
                "5000002:202111:1001:90001",
                "--amount",
                "1.00",
                "--receipt",
                "SEC-2",
            ],
        ),
    );
}
