//! What operations staff do with the CLI to settle every payment, against the simulator: the
//! journal that persists by default (and survives a killed `pay`), `recaudo journal`,
//! `recaudo review`, exports in a spreadsheet's own CSV, reconciliation's exit status, and one
//! exit status per class of error. Every run keeps its default journal in a temporary data
//! directory, never in the real user's.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use recaudo_sim::{Fault, FaultKind, SimConfig};
use serde_json::Value;

const CUSTOMER: &str = "0944444444";
const INVOICE: &str = "880001";
const GUIDE: &str = "guide:1000999999";
const DAY: &str = "2026-11-23";

use common::Scratch as Fixture;

fn fixture(name: &str) -> Fixture {
    common::scratch("operators", name, CUSTOMER, 880_001)
}

enum Biller {
    Unicomer,
    Zoom,
}

impl Fixture {
    /// The data directory: the platform's default under a temporary XDG_DATA_HOME.
    fn xdg(&self) -> PathBuf {
        self.dir.join("xdg")
    }

    fn journals(&self) -> PathBuf {
        self.xdg().join("recaudo").join("journals")
    }

    /// The binary for a biller, with its credentials, `--base-url`, and the temporary data
    /// directory (no inherited `RECAUDO_*`).
    fn command(&self, biller: Biller, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_recaudo"));
        for (k, _) in std::env::vars() {
            if k.starts_with("RECAUDO_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("XDG_DATA_HOME", self.xdg())
            .env("HOME", self.dir.join("home"));
        match biller {
            Biller::Unicomer => {
                let u = SimConfig::default().unicomer;
                cmd.arg("--base-url")
                    .arg(self.sim.unicomer_url())
                    .env("RECAUDO_UNICOMER_USERNAME", u.username)
                    .env("RECAUDO_UNICOMER_PASSWORD", u.password)
                    .env("RECAUDO_UNICOMER_COMMERCE", u.commerce);
            }
            Biller::Zoom => {
                let z = SimConfig::default().zoom;
                cmd.arg("--base-url")
                    .arg(self.sim.zoom_url())
                    .env("RECAUDO_ZOOM_LOGIN", z.login)
                    .env("RECAUDO_ZOOM_PASSWORD", z.password);
            }
        }
        cmd.args(args);
        cmd
    }

    fn run(&self, biller: Biller, args: &[&str]) -> Output {
        self.command(biller, args).output().unwrap()
    }

    /// `--json` run: (exit status, stdout document).
    fn json(&self, biller: Biller, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(biller, &all);
        let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: {e}\nstdout: {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap_or(-1), doc)
    }

    /// A `--json` failure: (exit status, code, message, hint).
    fn failure(&self, biller: Biller, args: &[&str]) -> (i32, String, String, String) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(biller, &all);
        assert!(out.stdout.is_empty(), "{args:?}: stdout must stay empty");
        let v: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
            panic!(
                "{args:?}: stderr is not one JSON error ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (
            out.status.code().unwrap_or(-1),
            v["code"].as_str().unwrap().to_owned(),
            v["message"].as_str().unwrap().to_owned(),
            v["hint"].as_str().unwrap_or("").to_owned(),
        )
    }

    fn unicomer_payments(&self, receipt: &str) -> usize {
        self.sim
            .unicomer_state()
            .payments
            .iter()
            .filter(|p| p.num_recibo == receipt)
            .count()
    }

    fn zoom_payments(&self, reference: &str) -> usize {
        self.sim
            .zoom_state()
            .payments
            .iter()
            .filter(|p| p.referencia == reference)
            .count()
    }
}

fn unicomer_pay<'a>(receipt: &'a str, amount: &'a str) -> Vec<&'a str> {
    vec![
        "pay",
        "--biller",
        "unicomer",
        "--debt",
        INVOICE,
        "--amount",
        amount,
        "--receipt",
        receipt,
        "--paid-at",
        "2026-11-23 12:00:00",
    ]
}

fn zoom_pay(reference: &str) -> Vec<&str> {
    vec![
        "pay",
        "--biller",
        "zoom",
        "--debt",
        GUIDE,
        "--amount",
        "1.00",
        "--receipt",
        reference,
        "--payer-id",
        "V-00000001",
        "--payer-name",
        "CLIENTE DE PRUEBA",
        "--payer-email",
        "cliente@example.test",
        "--extra",
        "bank_account=213",
        "--paid-at",
        "2026-11-23 10:00:00",
    ]
}

fn zoom_fault(endpoint: &str, kind: FaultKind, times: u32) -> Fault {
    Fault {
        biller: "zoom".into(),
        endpoint: endpoint.into(),
        kind,
        times,
    }
}

#[test]
fn a_needs_review_payment_becomes_confirmed_through_review() {
    let fx = fixture("confirm");
    // Zoom commits the payment, the reply is lost, and every status check answers 500.
    fx.sim
        .arm_fault(zoom_fault("createPagoWs", FaultKind::DropAfterCommit, 1));
    fx.sim
        .arm_fault(zoom_fault("getInfoPagoWs", FaultKind::Error500, 50));
    let out = fx.run(Biller::Zoom, &zoom_pay("OPS-500"));
    assert_eq!(out.status.code(), Some(4));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("needs_review"), "{text}");
    // It says what each check answered, never that asking the biller settled it.
    assert!(!text.contains("established by asking"), "{text}");
    assert!(text.contains("not settled"), "{text}");
    assert!(text.contains("500"), "{text}");
    assert_eq!(fx.zoom_payments("OPS-500"), 1);

    // The journal persisted by default and lists it as open.
    let (code, listed) = fx.json(Biller::Zoom, &["journal", "--state", "needs_review"]);
    assert_eq!(code, 0);
    assert_eq!(listed["count"], 1, "{listed}");
    assert_eq!(listed["entries"][0]["receipt"], "OPS-500");
    let file = listed["entries"][0]["journal"].as_str().unwrap().to_owned();
    assert!(Path::new(&file).starts_with(fx.journals()), "{file}");

    // Paying again with the receipt replays the open outcome and sends nothing.
    let out = fx.run(Biller::Zoom, &zoom_pay("OPS-500"));
    assert_eq!(out.status.code(), Some(4));

    fx.sim.clear_faults();
    let (code, review) = fx.json(Biller::Zoom, &["review", "--biller", "zoom"]);
    assert_eq!(code, 0, "{review}");
    assert_eq!(review["asked"], 1);
    assert_eq!(review["still_open"], 0);
    let row = &review["reviewed"][0];
    assert_eq!(row["receipt"], "OPS-500");
    assert_eq!(row["before"], "needs_review");
    assert_eq!(row["state"], "confirmed");
    assert_eq!(row["changed"], true);
    assert!(row["payment_id"].is_string(), "{row}");
    assert_eq!(fx.zoom_payments("OPS-500"), 1);

    let (_, listed) = fx.json(Biller::Zoom, &["journal", "--receipt", "OPS-500"]);
    assert_eq!(listed["entries"][0]["state"], "confirmed");
    // Nothing left: review exits 0 and asks nothing.
    let (code, again) = fx.json(Biller::Zoom, &["review", "--biller", "zoom"]);
    assert_eq!((code, again["asked"].clone()), (0, 0.into()));
}

#[test]
fn a_payment_the_biller_never_got_stays_open_with_the_evidence() {
    let fx = fixture("open");
    // Zoom never sees the payment; Zoom has no duplicate guard, so it is never resent.
    fx.sim
        .arm_fault(zoom_fault("createPagoWs", FaultKind::DropBeforeCommit, 1));
    let (code, paid) = fx.json(Biller::Zoom, &zoom_pay("OPS-LOST"));
    assert_eq!(code, 4);
    assert_eq!(paid["outcome"], "needs_review");
    assert!(paid["journal"].is_string(), "{paid}");

    let out = fx.run(
        Biller::Zoom,
        &["review", "--biller", "zoom", "--receipt", "OPS-LOST"],
    );
    assert_eq!(out.status.code(), Some(4));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("OPS-LOST is still needs_review"), "{text}");
    assert!(text.contains("check with zoom"), "{text}");
    assert!(text.contains("referencia OPS-LOST"), "{text}");
    assert!(text.contains("getInfoPagoWs"), "{text}");

    let (code, review) = fx.json(Biller::Zoom, &["review", "--biller", "zoom"]);
    assert_eq!(code, 4);
    assert_eq!(review["still_open"], 1);
    let row = &review["reviewed"][0];
    assert_eq!(row["state"], "needs_review");
    assert_eq!(row["changed"], false);
    assert!(!row["evidence"].as_array().unwrap().is_empty(), "{row}");
    assert!(
        row["check_with_biller"]
            .as_str()
            .unwrap()
            .contains("OPS-LOST")
    );
    assert_eq!(fx.zoom_payments("OPS-LOST"), 0);

    // The biller unreachable: nothing could be asked, so the network class is the status, and
    // the payment stays open.
    let journal = paid["journal"].as_str().unwrap().to_owned();
    let closed = closed_port();
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args([
            "--json",
            "--base-url",
            &format!("http://127.0.0.1:{closed}/zoom/"),
        ])
        .args(["review", "--biller", "zoom", "--journal", &journal])
        .env("RECAUDO_ZOOM_LOGIN", "l")
        .env("RECAUDO_ZOOM_PASSWORD", "p")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(9));
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["code"], "connect");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("1 open payment(s) stay open"),
        "{e}"
    );

    // A receipt the journal does not hold is an input error, exit 6.
    let (exit, code, _, _) = fx.failure(
        Biller::Zoom,
        &["review", "--biller", "zoom", "--receipt", "NOPE"],
    );
    assert_eq!((exit, code.as_str()), (6, "invalid_input"));
}

/// A port on 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// Waits until `check` holds, at most 10 s.
fn wait_for(what: &str, check: impl Fn() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "waited for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn kill(mut child: Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_killed_pay_leaves_its_intent_in_the_default_journal_and_review_settles_it() {
    let fx = fixture("killed");
    // Unicomer registers the payment at once and holds the reply back.
    fx.sim.arm_fault(Fault::unicomer(
        "registrarpago",
        FaultKind::Delay { ms: 20_000 },
    ));
    let child = fx
        .command(Biller::Unicomer, &unicomer_pay("OPS-KILL", "4.00"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for("the payment at the biller", || {
        fx.unicomer_payments("OPS-KILL") == 1
    });
    kill(child);

    // The intent is in the platform's data directory, in flight.
    let (_, listed) = fx.json(Biller::Unicomer, &["journal", "--biller", "unicomer"]);
    assert_eq!(listed["count"], 1, "{listed}");
    assert_eq!(listed["entries"][0]["state"], "in_flight");
    assert_eq!(listed["entries"][0]["sends"], 1);
    assert!(
        std::fs::read_dir(fx.journals()).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("unicomer-")),
        "no default journal in {}",
        fx.journals().display()
    );

    let (code, review) = fx.json(Biller::Unicomer, &["review", "--biller", "unicomer"]);
    assert_eq!(code, 0, "{review}");
    assert_eq!(review["reviewed"][0]["before"], "in_flight");
    assert_eq!(review["reviewed"][0]["state"], "confirmed");
    assert_eq!(fx.unicomer_payments("OPS-KILL"), 1);

    // Paying again with the receipt answers the recorded payment and sends nothing.
    let (code, again) = fx.json(Biller::Unicomer, &unicomer_pay("OPS-KILL", "4.00"));
    assert_eq!((code, again["outcome"].as_str()), (0, Some("confirmed")));
    assert_eq!(fx.unicomer_payments("OPS-KILL"), 1);
}

#[test]
fn concurrent_processes_take_turns_on_one_journal() {
    let fx = fixture("concurrent");
    // Zoom guards no duplicates: two processes paying the same reference at once would make
    // two payments if they did not take turns on the journal.
    fx.sim.arm_fault(zoom_fault(
        "createPagoWs",
        FaultKind::Delay { ms: 1_500 },
        2,
    ));
    let journal = fx.dir.join("shared.jsonl").display().to_string();
    let mut runs: Vec<(Biller, Vec<&str>)> = vec![
        (Biller::Zoom, zoom_pay("OPS-SAME")),
        (Biller::Zoom, zoom_pay("OPS-SAME")),
        (Biller::Unicomer, unicomer_pay("OPS-C1", "1.00")),
        (Biller::Unicomer, unicomer_pay("OPS-C2", "1.00")),
    ];
    let children: Vec<Child> = runs
        .iter_mut()
        .map(|(biller, args)| {
            args.extend(["--journal", &journal]);
            let biller = match biller {
                Biller::Zoom => Biller::Zoom,
                Biller::Unicomer => Biller::Unicomer,
            };
            fx.command(biller, args)
                .arg("--json")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(fx.zoom_payments("OPS-SAME"), 1);
    assert_eq!(fx.unicomer_payments("OPS-C1"), 1);
    // One file, every line whole, every payment confirmed.
    let (_, listed) = fx.json(Biller::Zoom, &["journal", "--journal", &journal]);
    assert_eq!(listed["count"], 3, "{listed}");
    assert!(
        listed["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["state"] == "confirmed")
    );
    let text = std::fs::read_to_string(&journal).unwrap();
    for line in text.lines() {
        serde_json::from_str::<Value>(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    }
}

#[test]
fn without_a_journal_pay_warns_and_the_rest_refuse() {
    let fx = fixture("nojournal");
    let mut args = unicomer_pay("OPS-NJ", "1.00");
    args.push("--no-journal");
    let (code, paid) = fx.json(Biller::Unicomer, &args);
    assert_eq!(code, 0);
    assert!(
        paid["warnings"][0]
            .as_str()
            .unwrap()
            .contains("not journaled"),
        "{paid}"
    );
    assert!(paid["journal"].is_null());
    let out = fx.run(Biller::Unicomer, &args);
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: --no-journal"));
    assert!(!fx.journals().exists(), "--no-journal wrote a journal");
    for command in ["review", "resume"] {
        let (exit, code, _, hint) = fx.failure(
            Biller::Unicomer,
            &[command, "--biller", "unicomer", "--no-journal"],
        );
        assert_eq!((exit, code.as_str()), (2, "usage"), "{command}");
        assert!(hint.contains("--no-journal"), "{hint}");
    }
}

#[test]
fn a_semicolon_export_reconciles_and_an_empty_journal_is_not_clean() {
    let fx = fixture("export");
    let (code, _) = fx.json(Biller::Unicomer, &unicomer_pay("OPS-E1", "12.50"));
    assert_eq!(code, 0);

    // A Spanish-locale spreadsheet's export: BOM, `;`, its own column names and order, a decimal
    // comma, day-first dates, quoted fields, no currency column.
    let export = fx.dir.join("export.csv");
    std::fs::write(
        &export,
        "\u{feff}Fecha;Recibo;Monto;Estado;Notas\r\n\
         23/11/2026 12:00:00;OPS-E1;12,50;pagado;\"cliente; sin cambio\"\r\n",
    )
    .unwrap();
    let export = export.display().to_string();
    let reconcile = [
        "reconcile",
        "--biller",
        "unicomer",
        "--date",
        DAY,
        "--records",
        &export,
    ];
    let (code, day) = fx.json(Biller::Unicomer, &reconcile);
    assert_eq!(code, 0, "{day}");
    assert_eq!(day["clean"], true);
    assert_eq!(day["counts"]["matched"], 1);

    // The journal (kept by default) reconciles the same.
    let (code, day) = fx.json(
        Biller::Unicomer,
        &["reconcile", "--biller", "unicomer", "--date", DAY],
    );
    assert_eq!((code, day["clean"].clone()), (0, true.into()), "{day}");
    assert!(day["journal"].is_string());

    // A payment the journal does not know (made through another channel): not clean, exit 5.
    let out = fx.run(
        Biller::Unicomer,
        &[
            "--json",
            "unicomer",
            "pay",
            "--debt",
            INVOICE,
            "--amount",
            "1.00",
            "--receipt",
            "OPS-ELSEWHERE",
            "--paid-at",
            "2026-11-23 12:30:00",
        ],
    );
    assert!(out.status.success());
    let (code, day) = fx.json(
        Biller::Unicomer,
        &["reconcile", "--biller", "unicomer", "--date", DAY],
    );
    assert_eq!(code, 5, "{day}");
    assert_eq!(day["counts"]["missing_locally"], 1);
    let out = fx.run(
        Biller::Unicomer,
        &["reconcile", "--biller", "unicomer", "--date", DAY],
    );
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stdout).contains("not clean"));

    // A bad row: refused whole, named by its line, exit 6.
    let bad = fx.dir.join("bad.csv");
    std::fs::write(
        &bad,
        "recibo;monto;fecha\nA;1,00;2026-11-23 10:00:00\nB;1.234,50;2026-11-23 10:00:00\n",
    )
    .unwrap();
    let bad = bad.display().to_string();
    let (exit, code, message, _) = fx.failure(
        Biller::Unicomer,
        &[
            "reconcile",
            "--biller",
            "unicomer",
            "--date",
            DAY,
            "--records",
            &bad,
        ],
    );
    assert_eq!((exit, code.as_str()), (6, "invalid_input"));
    assert!(message.contains("line 3"), "{message}");
    assert!(message.contains("nothing was imported"), "{message}");

    // Without a journal and without an export there is nothing to reconcile.
    let (exit, code, _, _) = fx.failure(
        Biller::Unicomer,
        &[
            "reconcile",
            "--biller",
            "unicomer",
            "--date",
            DAY,
            "--no-journal",
        ],
    );
    assert_eq!((exit, code.as_str()), (2, "usage"));
}

#[test]
fn dates_and_times_in_the_forms_the_cli_prints() {
    let fx = fixture("dates");
    let (_, paid) = fx.json(Biller::Unicomer, &unicomer_pay("OPS-D1", "2.00"));
    assert_eq!(paid["paid_at"], "2026-11-23 12:00:00");
    for at in ["2026-11-23 12:00:00", "2026-11-23T12:00:00"] {
        let (code, status) = fx.json(
            Biller::Unicomer,
            &[
                "status",
                "--biller",
                "unicomer",
                "--debt",
                INVOICE,
                "--amount",
                "2.00",
                "--paid-at",
                at,
            ],
        );
        assert_eq!(code, 0, "{at}: {status}");
        assert_eq!(status["state"]["kind"], "registered", "{at}");
    }
    let (code, listed) = fx.json(
        Biller::Unicomer,
        &["journal", "--date", "2026-11-23T12:00:00"],
    );
    assert_eq!((code, listed["count"].clone()), (0, 1.into()));
    let mut iso = unicomer_pay("OPS-D2", "2.00");
    iso[10] = "2026-11-23T12:05:00";
    let (code, _) = fx.json(Biller::Unicomer, &iso);
    assert_eq!(code, 0);
}

/// One status per class of error, each with its code, and a hint saying what to do.
#[test]
fn each_error_class_exits_with_its_code() {
    let fx = fixture("classes");
    // usage, 2
    let (exit, code, _, _) = fx.failure(Biller::Unicomer, &["--timeout", "0", "capabilities"]);
    assert_eq!((exit, code.as_str()), (2, "usage"));
    let (exit, code, _, _) = fx.failure(
        Biller::Unicomer,
        &["pay", "--biller", "unicomer", "--bogus"],
    );
    assert_eq!((exit, code.as_str()), (2, "usage"));

    // config, 2: every missing credential at once, with its variable.
    let out = fx
        .command(
            Biller::Unicomer,
            &["--json", "lookup", "--biller", "unicomer", CUSTOMER],
        )
        .env_remove("RECAUDO_UNICOMER_USERNAME")
        .env_remove("RECAUDO_UNICOMER_COMMERCE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    let message = e["message"].as_str().unwrap();
    assert_eq!(e["code"], "config");
    assert!(
        message.contains("RECAUDO_UNICOMER_USERNAME")
            && message.contains("RECAUDO_UNICOMER_COMMERCE")
            && !message.contains("RECAUDO_UNICOMER_PASSWORD,"),
        "{message}"
    );
    // The unified commands never suggest --env, which they do not take.
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args(["--json", "lookup", "--biller", "unicomer", CUSTOMER])
        .env("RECAUDO_UNICOMER_USERNAME", "u")
        .env("RECAUDO_UNICOMER_PASSWORD", "p")
        .env("RECAUDO_UNICOMER_COMMERCE", "c")
        .output()
        .unwrap();
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert!(!e["message"].as_str().unwrap().contains("--env"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("--base-url"), "{e}");

    // input, 6
    let (exit, code, _, _) = fx.failure(Biller::Unicomer, &unicomer_pay("OPS-X", "1.001"));
    assert_eq!((exit, code.as_str()), (6, "invalid_amount"));
    let mut bad_date = unicomer_pay("OPS-X", "1.00");
    bad_date[10] = "23/11/2026";
    let (exit, code, _, _) = fx.failure(Biller::Unicomer, &bad_date);
    assert_eq!((exit, code.as_str()), (6, "invalid_input"));

    // auth, 7
    let out = fx
        .command(
            Biller::Unicomer,
            &["--json", "lookup", "--biller", "unicomer", CUSTOMER],
        )
        .env("RECAUDO_UNICOMER_PASSWORD", "wrong-password")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));

    // biller's reply, 8: a wrong path names the URL and points at --base-url.
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args(["--json", "--base-url"])
        .arg(format!("{}wrong/", fx.sim.base_url()))
        .args(["lookup", "--biller", "unicomer", CUSTOMER])
        .env("RECAUDO_UNICOMER_USERNAME", "u")
        .env("RECAUDO_UNICOMER_PASSWORD", "p")
        .env("RECAUDO_UNICOMER_COMMERCE", "c")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8));
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["code"], "http_status");
    assert!(e["message"].as_str().unwrap().contains("/wrong/"), "{e}");
    assert!(e["hint"].as_str().unwrap().contains("--base-url"), "{e}");
    // Zoom's URL used for Unicomer: not Unicomer's envelope, named, same advice.
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args(["--json", "--base-url", &fx.sim.zoom_url()])
        .args(["lookup", "--biller", "unicomer", CUSTOMER])
        .env("RECAUDO_UNICOMER_USERNAME", "u")
        .env("RECAUDO_UNICOMER_PASSWORD", "p")
        .env("RECAUDO_UNICOMER_COMMERCE", "c")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8));
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert!(e["message"].as_str().unwrap().contains("/zoom/"), "{e}");
    assert!(e["hint"].as_str().unwrap().contains("--base-url"), "{e}");

    // network, 9: nothing listens there.
    let closed = closed_port();
    let out = Command::new(env!("CARGO_BIN_EXE_recaudo"))
        .args([
            "--json",
            "--base-url",
            &format!("http://127.0.0.1:{closed}/unicomer/"),
        ])
        .args(["lookup", "--biller", "unicomer", CUSTOMER])
        .env("RECAUDO_UNICOMER_USERNAME", "u")
        .env("RECAUDO_UNICOMER_PASSWORD", "p")
        .env("RECAUDO_UNICOMER_COMMERCE", "c")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(9));
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["code"], "connect");

    // journal, 10: a damaged line (not the last) is named, never guessed at.
    let journal = fx.dir.join("damaged.jsonl");
    std::fs::write(&journal, "{not json\n{\"also\": \"not\"}\n").unwrap();
    let journal = journal.display().to_string();
    let mut args = unicomer_pay("OPS-J", "1.00");
    args.extend(["--journal", &journal]);
    let (exit, code, message, _) = fx.failure(Biller::Unicomer, &args);
    assert_eq!((exit, code.as_str()), (10, "storage"), "{message}");
    assert!(message.contains("line 1"), "{message}");
    assert_eq!(fx.unicomer_payments("OPS-J"), 0);

    // Outcomes keep 0 / 3 / 4; reconciliation not clean is 5 (above).
    let (code, _) = fx.json(Biller::Unicomer, &unicomer_pay("OPS-OK", "1.00"));
    assert_eq!(code, 0);
    let (code, refused) = fx.json(Biller::Unicomer, &unicomer_pay("OPS-BIG", "900000.00"));
    assert!(code == 3 || code == 6, "{refused}");

    // `recaudo codes` prints the same table as the README.
    let (code, codes) = fx.json(Biller::Unicomer, &["codes"]);
    assert_eq!(code, 0);
    assert!(
        codes["codes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "storage" && c["exit"] == 10)
    );
}

#[test]
fn progress_and_warnings_never_touch_the_json_contract() {
    let fx = fixture("quiet");
    fx.sim
        .arm_fault(Fault::unicomer("registrarpago", FaultKind::DropAfterCommit));
    // A recovery wait with --json: stdout one document, stderr empty.
    let out = fx.run(Biller::Unicomer, &{
        let mut a = vec!["--json"];
        a.extend(unicomer_pay("OPS-Q", "1.00"));
        a
    });
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["recovered"], true);
    // Text, with stderr not a terminal: no spinner either.
    let out = fx.run(
        Biller::Unicomer,
        &["reconcile", "--biller", "unicomer", "--date", DAY],
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
