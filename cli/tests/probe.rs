//! `recaudo probe <biller>`: for every reading of every switch that read-only calls can tell,
//! the simulator plays it and the probe must name it, without sending a single write.

mod common;

use common::*;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output};

use recaudo_sim::SimConfig;
use serde_json::Value;

/// The biller's credentials, as every other command reads them.
fn credentials(biller: &str) -> Vec<(&'static str, String)> {
    let c = SimConfig::default();
    match biller {
        "unicomer" => vec![
            ("RECAUDO_UNICOMER_USERNAME", c.unicomer.username),
            ("RECAUDO_UNICOMER_PASSWORD", c.unicomer.password),
            ("RECAUDO_UNICOMER_COMMERCE", c.unicomer.commerce),
        ],
        "zoom" => vec![
            ("RECAUDO_ZOOM_LOGIN", c.zoom.login),
            ("RECAUDO_ZOOM_PASSWORD", c.zoom.password),
        ],
        "cooplan" => vec![
            ("RECAUDO_COOPLAN_CODSEGURIDAD", c.cooplan.cod_seguridad),
            ("RECAUDO_COOPLAN_LOGIN", c.cooplan.login),
            ("RECAUDO_COOPLAN_PWD", c.cooplan.pwd),
        ],
        _ => vec![
            ("RECAUDO_UNICOBROS_API_KEY", c.unicobros.api_key),
            ("RECAUDO_UNICOBROS_ACCESS_TOKEN", c.unicobros.access_token),
        ],
    }
}

fn url(fx: &Fixture, biller: &str) -> String {
    match biller {
        "unicomer" => fx.sim.unicomer_url(),
        "zoom" => fx.sim.zoom_url(),
        "cooplan" => fx.sim.cooplan_url(),
        _ => fx.sim.unicobros_url(),
    }
}

fn recaudo(fx: &Fixture, biller: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args(["--json", "--base-url", &url(fx, biller)])
        .args(args)
        .envs(credentials(biller))
        .output()
        .expect("the binary runs")
}

/// Runs the probe, which must succeed and send no write; returns its document.
fn probe(fx: &Fixture, biller: &str, args: &[&str]) -> Value {
    let before = writes(fx);
    let out = recaudo(fx, biller, &[&["probe", biller][..], args].concat());
    assert!(
        out.status.success(),
        "probe {biller} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(writes(fx), before, "the probe sent a write");
    stdout_json(&out)
}

fn reading(doc: &Value, key: &str) -> Value {
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("no finding {key} in {doc}"));
    assert!(
        f["evidence"].as_array().is_some_and(|e| !e.is_empty()),
        "{f}"
    );
    f["reading"].clone()
}

fn set(fx: &Fixture, readings: &[(&str, &str)]) {
    for (key, value) in readings {
        fx.sim.set_reading(key, value).expect("a known reading");
    }
}

/// `GET /_sim/state`, over plain HTTP/1.1.
fn state(fx: &Fixture) -> Value {
    let mut stream = TcpStream::connect(("127.0.0.1", fx.sim.port())).expect("connect");
    let request = "GET /_sim/state HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    stream.write_all(request.as_bytes()).expect("send");
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).expect("read");
    let start = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers")
        + 4;
    serde_json::from_slice(&reply[start..]).expect("state is JSON")
}

/// Every write endpoint's request counter.
fn writes(fx: &Fixture) -> Vec<u64> {
    let s = state(fx);
    [
        ("unicomer", "registrarpago"),
        ("unicomer", "reversapago"),
        ("zoom", "createPagoWs"),
        ("cooplan", "realizarpago"),
        ("cooplan", "revertirpago"),
    ]
    .iter()
    .map(|(b, e)| s[b]["requests"][e].as_u64().unwrap_or(0))
    .collect()
}

/// A loopback URL on a port nothing listens on (bound, then released).
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}/")
}

const PAID_AT: &str = "2026-03-04 10:15:00";
const DAY: &str = "2026-03-04";

#[test]
fn unicomer_every_reading() {
    let fx = fixture();
    fx.sim.add_unicomer_customer(
        "0944444444",
        vec![(880_101, rust_decimal::Decimal::new(9_000, 2))],
    );
    fx.sim.add_unicomer_customer("0944444445", vec![]);
    let pay = recaudo(
        &fx,
        "unicomer",
        &[
            "unicomer",
            "pay",
            "--debt",
            "880101",
            "--amount",
            "25.00",
            "--receipt",
            "PRB-0001",
            "--paid-at",
            PAID_AT,
        ],
    );
    assert!(
        pay.status.success(),
        "{}",
        String::from_utf8_lossy(&pay.stderr)
    );
    let runs = [
        ["secuencial", "filled", "array", "year_first"],
        ["idtrx", "empty", "null", "day_first"],
    ];
    for run in runs {
        let keys = [
            "unicomer.consultarpago_key",
            "unicomer.consultarpago_num_recibo",
            "unicomer.estadocuenta_empty",
            "unicomer.conciliacion_date",
        ];
        let pairs: Vec<(&str, &str)> = keys.iter().copied().zip(run).collect();
        set(&fx, &pairs);
        let doc = probe(
            &fx,
            "unicomer",
            &["--customer", "0944444445", "--date", DAY],
        );
        assert_eq!(doc["biller"], "unicomer");
        for (key, value) in pairs {
            assert_eq!(reading(&doc, key), value, "{key} in {doc:#}");
        }
        assert!(reading(&doc, "unicomer.duplicate_receipt").is_null());
    }
}

#[test]
fn unicomer_without_payments_or_empty_lists_is_undetermined() {
    let fx = fixture();
    let doc = probe(
        &fx,
        "unicomer",
        &["--customer", "0900000001", "--date", DAY],
    );
    assert_eq!(reading(&doc, "unicomer.conciliacion_date"), "year_first");
    for key in [
        "unicomer.consultarpago_key",
        "unicomer.consultarpago_num_recibo",
        "unicomer.estadocuenta_empty",
    ] {
        assert!(reading(&doc, key).is_null(), "{key}: {doc:#}");
    }
    let text = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args(["--base-url", &fx.sim.unicomer_url(), "probe", "unicomer"])
        .envs(credentials("unicomer"))
        .output()
        .expect("the binary runs");
    assert!(text.status.success());
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(shown.contains("unicomer.conciliacion_date"), "{shown}");
    assert!(shown.contains("undetermined"), "{shown}");
    assert!(!shown.contains(&SimConfig::default().unicomer.password));
}

#[test]
fn zoom_every_login_path() {
    let fx = fixture();
    for value in ["any_case", "LoginGenUEWs", "loginGenUEWs"] {
        set(&fx, &[("zoom.login_path", value)]);
        let doc = probe(&fx, "zoom", &["--document", "guide:1000000001"]);
        assert_eq!(reading(&doc, "zoom.login_path"), value, "{doc:#}");
        assert!(reading(&doc, "zoom.duplicate_referencia").is_null());
        // Later calls log in at the spelling that answered.
        assert!(
            doc["notes"].to_string().contains("1 document(s)"),
            "{doc:#}"
        );
        assert!(
            !doc.to_string()
                .contains(&SimConfig::default().zoom.password)
        );
    }
}

#[test]
fn cooplan_every_reading() {
    let fx = fixture();
    let pay = recaudo(
        &fx,
        "cooplan",
        &[
            "cooplan",
            "pay",
            "--debt",
            "5000001:202110:1001:90001",
            "--amount",
            "136.76",
            "--receipt",
            "PRB-0002",
        ],
    );
    assert!(
        pay.status.success(),
        "{}",
        String::from_utf8_lossy(&pay.stderr)
    );
    // (auth_header, reporte_values, deuda_values, id_cobranza, contract) and what it shows.
    let runs = [
        (
            ["any", "list", "list", "text"],
            "1002",
            ["any", "list", "list", "text"],
        ),
        (
            ["autorizacion", "list", "compact", "number"],
            "1003",
            ["autorizacion", "list", "compact", "number"],
        ),
        (
            ["authorization", "string", "compact", "text"],
            "1002",
            ["authorization", "string", "compact", ""],
        ),
        (
            ["any", "list", "list", "text"],
            "1003",
            ["any", "list", "list", "text"],
        ),
    ];
    let keys = [
        "cooplan.auth_header",
        "cooplan.reporte_values",
        "cooplan.deuda_values",
        "cooplan.id_cobranza",
    ];
    for (played, contract, shown) in runs {
        let pairs: Vec<(&str, &str)> = keys.iter().copied().zip(played).collect();
        set(&fx, &pairs);
        let doc = probe(&fx, "cooplan", &["--contract", contract]);
        for (key, want) in keys.iter().zip(shown) {
            let got = reading(&doc, key);
            match want {
                // A report that lists nothing cannot tell IdCobranza's type.
                "" => assert!(got.is_null(), "{key}: {doc:#}"),
                w => assert_eq!(got, w, "{key} in {doc:#}"),
            }
        }
        assert!(reading(&doc, "cooplan.pay_settled").is_null());
    }
    // Without a contract, the header is told by the report.
    set(&fx, &[("cooplan.auth_header", "autorizacion")]);
    let doc = probe(&fx, "cooplan", &[]);
    assert_eq!(reading(&doc, "cooplan.auth_header"), "autorizacion");
    assert!(reading(&doc, "cooplan.deuda_values").is_null());
}

#[test]
fn unicobros_reports_the_coupons_and_stays_undetermined() {
    let fx = fixture();
    let doc = probe(&fx, "unicobros", &["--reference", "REF-PAGADA-0001"]);
    assert!(reading(&doc, "unicobros.reference_guard").is_null());
    let evidence = doc["findings"][0]["evidence"].to_string();
    assert!(evidence.contains("1 paid"), "{evidence}");
}

#[test]
fn refused_credentials_and_unreachable_billers_fail() {
    let fx = fixture();
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args([
            "--json",
            "--base-url",
            &fx.sim.cooplan_url(),
            "probe",
            "cooplan",
        ])
        .envs(credentials("cooplan"))
        .env("RECAUDO_COOPLAN_PWD", "not-the-password")
        .output()
        .expect("runs");
    assert_eq!(stderr_error(&out).0, "auth");
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args(["--json", "--base-url", &closed_port_url(), "probe", "zoom"])
        .envs(credentials("zoom"))
        .output()
        .expect("runs");
    assert_eq!(stderr_error(&out).0, "connect");
    let out = recaudo(&fx, "zoom", &["probe", "zoom", "--contract", "1001"]);
    assert_eq!(stderr_error(&out).0, "invalid_input");
}
