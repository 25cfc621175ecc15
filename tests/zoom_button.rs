//! Zoom's pay button end to end against the simulator over HTTP, through the collection
//! service and its journal: `button_start` (control number, journal entry, the bank's page),
//! the customer at the simulated bank page (approve, decline, abandon, approve-then-lost-reply),
//! then `button_complete` / `button_abandon` / `resume`. Each case checks the simulator's own
//! records: a payment approved at the bank is registered at Zoom exactly once (`createPagoWs`
//! kind 25 with the control number), and one that was not is never registered.

use std::collections::BTreeMap;
use std::path::PathBuf;

use recaudo_core::collection::AsyncJournal;
use recaudo_core::collection::{
    BillerId, CollectionService, EntryStatus, MemoryJournal, Payer, PaymentRequest,
};
use recaudo_core::native::{FileJournal, NativeTransport, SystemClock};
use recaudo_core::zoom::{
    ButtonCheckout, ButtonOutcome, ButtonState, ZoomRecordsQuery, ZoomService, ZoomServiceReply,
};
use recaudo_core::{Outcome, ServiceReply, ServiceRequest};
use recaudo_sim::{Fault, FaultKind, SimConfig, Simulator};
use recaudo_tests::billers::collector;
use recaudo_tests::dec;

type Service<J> = CollectionService<NativeTransport, SystemClock, J>;

const RETURN_URL: &str = "http://127.0.0.1:9/checkout/vuelta?recibo=";

fn payment(receipt: &str, amount: &str) -> PaymentRequest {
    let mut r = PaymentRequest::new("guide:1000999999", dec(amount), receipt, "WEB", "CHECKOUT");
    r.payer = Some(Payer::new(
        "V-00000001",
        "CLIENTE DE PRUEBA",
        "cliente@example.test",
    ));
    r.extra = BTreeMap::from([("bank_account".to_owned(), "213".to_owned())]);
    r
}

async fn start_sim(readings: &[(&str, &str)]) -> Simulator {
    let mut config = SimConfig::default();
    config
        .readings
        .set_all(readings.iter().copied())
        .expect("known readings");
    Simulator::start(config).await.expect("simulator starts")
}

fn service<J: AsyncJournal>(sim: &Simulator, journal: J) -> Service<J> {
    CollectionService::new(collector(sim, BillerId::Zoom), journal)
}

async fn serve<J: AsyncJournal>(
    service: &Service<J>,
    request: ZoomService,
) -> Result<ZoomServiceReply, recaudo_core::Error> {
    match service.serve(ServiceRequest::Zoom(request)).await? {
        ServiceReply::Zoom(reply) => Ok(reply),
        other => panic!("a reply from another biller: {other:?}"),
    }
}

async fn start<J: AsyncJournal>(
    service: &Service<J>,
    receipt: &str,
    amount: &str,
) -> ButtonCheckout {
    let reply = serve(
        service,
        ZoomService::ButtonStart {
            payment: payment(receipt, amount),
            return_url: format!("{RETURN_URL}{receipt}"),
        },
    )
    .await
    .expect("button_start");
    match reply {
        ZoomServiceReply::ButtonStart { checkout } => checkout,
        other => panic!("{other:?}"),
    }
}

async fn complete<J: AsyncJournal>(service: &Service<J>, receipt: &str) -> ButtonOutcome {
    match serve(
        service,
        ZoomService::ButtonComplete {
            receipt: receipt.into(),
        },
    )
    .await
    .expect("button_complete")
    {
        ZoomServiceReply::ButtonComplete { outcome } => outcome,
        other => panic!("{other:?}"),
    }
}

async fn abandon<J: AsyncJournal>(service: &Service<J>, receipt: &str) -> ButtonOutcome {
    match serve(
        service,
        ZoomService::ButtonAbandon {
            receipt: receipt.into(),
        },
    )
    .await
    .expect("button_abandon")
    {
        ZoomServiceReply::ButtonAbandon { outcome } => outcome,
        other => panic!("{other:?}"),
    }
}

/// What the bank page answered the customer's click.
struct Clicked {
    status: u16,
    location: Option<String>,
    body: String,
}

/// The customer at the bank's page: opens it (as the checkout page sends them), checks it
/// shows the control number and the amount and the four buttons, and clicks `action`
/// (`aprobar`, `rechazar`, `cancelar`, `aprobar-perdido`) as the form posts it.
async fn customer(checkout: &ButtonCheckout, action: &str) -> Clicked {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = http
        .get(&checkout.page_url)
        .send()
        .await
        .expect("bank page");
    assert_eq!(page.status().as_u16(), 200);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    assert!(html.contains(&checkout.control), "{html}");
    assert!(html.contains(&checkout.amount.amount_text()), "{html}");
    for id in ["approve", "decline", "abandon", "approve-lost"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}: {html}");
    }
    // The form posts to `pagar`, next to the page.
    let action_url = format!(
        "{}pagar",
        &checkout.page_url[..checkout.page_url.find("pagar?").expect("the page's path")]
    );
    let retorno = value_of(&html, "retorno");
    let reply = http
        .post(action_url)
        .form(&[
            ("control", checkout.control.as_str()),
            ("retorno", retorno.as_str()),
            ("accion", action),
        ])
        .send()
        .await
        .expect("the form posts");
    Clicked {
        status: reply.status().as_u16(),
        location: reply
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned()),
        body: reply.text().await.unwrap(),
    }
}

/// A hidden field's value as the page holds it (HTML-escaped `&` only, in these URLs).
fn value_of(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("the field") + marker.len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end].replace("&amp;", "&")
}

/// Zoom's payment records with this reference (its `createPagoWs` calls that stored one).
fn registered(sim: &Simulator, receipt: &str) -> Vec<recaudo_sim::zoom::ZoomPaymentSnapshot> {
    sim.zoom_state()
        .payments
        .into_iter()
        .filter(|p| p.referencia == receipt)
        .collect()
}

fn create_pago_calls(sim: &Simulator) -> u64 {
    sim.zoom_state().requests["createPagoWs"]
}

#[tokio::test]
async fn approved_at_the_bank_is_paid_and_registered_once() {
    let sim = start_sim(&[]).await;
    let svc = service(&sim, MemoryJournal::new());
    let checkout = start(&svc, "BTN-OK", "1024.25").await;
    assert_eq!(checkout.receipt, "BTN-OK");
    assert_eq!(checkout.amount.amount_text(), "1024.25");
    assert!(checkout.invoice.is_some());
    assert!(
        checkout.page_url.starts_with(&format!(
            "{}megasoft/pagar?control={}",
            sim.zoom_url(),
            checkout.control
        )),
        "{}",
        checkout.page_url
    );
    // Journaled before the customer leaves, never sent.
    let entry = svc
        .journal()
        .get(BillerId::Zoom, "BTN-OK")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.status, EntryStatus::InFlight);
    assert_eq!(entry.sends, 0);
    assert_eq!(entry.request.extra["kind"], "button");
    assert_eq!(entry.request.extra["control"], checkout.control);

    let clicked = customer(&checkout, "aprobar").await;
    assert_eq!(clicked.status, 303);
    assert_eq!(
        clicked.location.as_deref(),
        Some("http://127.0.0.1:9/checkout/vuelta?recibo=BTN-OK")
    );

    let outcome = complete(&svc, "BTN-OK").await;
    assert_eq!(outcome.state, ButtonState::Paid, "{outcome:?}");
    let result = outcome.result.expect("a result");
    assert_eq!(result.outcome, Outcome::Confirmed, "{result:?}");
    assert_eq!(result.sends, 1);
    assert!(outcome.detail.contains("APROBADA"), "{}", outcome.detail);
    let records = registered(&sim, "BTN-OK");
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].idtipotransbanc, 25);
    assert_eq!(
        records[0].nro_control.as_deref(),
        Some(checkout.control.as_str())
    );
    assert_eq!(records[0].montototal, dec("1024.25"));
    assert_eq!(
        result.reference.payment_id,
        Some(records[0].idpago.to_string())
    );

    // Zoom's own records through the service.
    let reply = serve(
        &svc,
        ZoomService::PaymentRecords {
            query: ZoomRecordsQuery::by_reference("BTN-OK"),
        },
    )
    .await
    .unwrap();
    let ZoomServiceReply::PaymentRecords { records } = reply else {
        panic!("{reply:?}")
    };
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].kind, "25");
    assert_eq!(records[0].amount.amount_text(), "1024.25");
    assert_eq!(records[0].documents, ["guide:1000999999"]);
    assert!(records[0].status.starts_with('1'), "{}", records[0].status);
    let day = result.reference.paid_at.date();
    let reply = serve(
        &svc,
        ZoomService::PaymentRecords {
            query: ZoomRecordsQuery::paid_between(day, day),
        },
    )
    .await
    .unwrap();
    let ZoomServiceReply::PaymentRecords { records } = reply else {
        panic!("{reply:?}")
    };
    assert_eq!(records.len(), 1, "{records:?}");
    let backwards = ZoomRecordsQuery::paid_between(day.succ_opt().unwrap(), day);
    let err = serve(&svc, ZoomService::PaymentRecords { query: backwards })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
}

#[tokio::test]
async fn completing_twice_registers_nothing_again() {
    let sim = start_sim(&[]).await;
    let svc = service(&sim, MemoryJournal::new());
    let checkout = start(&svc, "BTN-TWICE", "50.00").await;
    customer(&checkout, "aprobar").await;
    let first = complete(&svc, "BTN-TWICE").await;
    assert_eq!(first.state, ButtonState::Paid);
    let calls = create_pago_calls(&sim);
    let second = complete(&svc, "BTN-TWICE").await;
    assert_eq!(second.state, ButtonState::Paid);
    assert_eq!(second.result, first.result);
    // The abandon that comes too late changes nothing either.
    let late = abandon(&svc, "BTN-TWICE").await;
    assert_eq!(late.state, ButtonState::Paid);
    assert_eq!(create_pago_calls(&sim), calls);
    assert_eq!(registered(&sim, "BTN-TWICE").len(), 1);
}

#[tokio::test]
async fn declined_at_the_bank_registers_nothing() {
    let sim = start_sim(&[]).await;
    let svc = service(&sim, MemoryJournal::new());
    let checkout = start(&svc, "BTN-NO", "75.00").await;
    let clicked = customer(&checkout, "rechazar").await;
    assert_eq!(clicked.status, 303);
    // The bank does not turn a decline into an approval on a second click.
    let again = customer(&checkout, "aprobar").await;
    assert_eq!(again.status, 409, "{}", again.body);
    let outcome = complete(&svc, "BTN-NO").await;
    assert_eq!(outcome.state, ButtonState::Declined, "{outcome:?}");
    let result = outcome.result.unwrap();
    assert_eq!(result.outcome, Outcome::Rejected);
    assert_eq!(result.sends, 0);
    let rejection = result.rejection.unwrap();
    assert_eq!(rejection.code, "51");
    assert_eq!(rejection.message, "FONDO INSUFICIENTE");
    assert_eq!(outcome.detail, "FONDO INSUFICIENTE");
    assert_eq!(create_pago_calls(&sim), 0);
    let entry = svc
        .journal()
        .get(BillerId::Zoom, "BTN-NO")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.status, EntryStatus::Resolved);
    // Nothing brings it back: resume leaves resolved entries alone.
    assert!(svc.resume().await.unwrap().is_empty());
    assert_eq!(create_pago_calls(&sim), 0);
}

#[tokio::test]
async fn abandoned_at_the_bank_registers_nothing() {
    let sim = start_sim(&[]).await;
    let svc = service(&sim, MemoryJournal::new());
    let checkout = start(&svc, "BTN-GONE", "75.00").await;
    let clicked = customer(&checkout, "cancelar").await;
    assert_eq!(clicked.status, 303);
    assert_eq!(
        clicked.location.as_deref(),
        Some("http://127.0.0.1:9/checkout/vuelta?recibo=BTN-GONE")
    );
    // The way back proves nothing: the bank still says pending.
    let pending = complete(&svc, "BTN-GONE").await;
    assert_eq!(pending.state, ButtonState::Pending, "{pending:?}");
    let outcome = abandon(&svc, "BTN-GONE").await;
    assert_eq!(outcome.state, ButtonState::Abandoned, "{outcome:?}");
    let result = outcome.result.unwrap();
    assert_eq!(result.outcome, Outcome::Rejected);
    let rejection = result.rejection.unwrap();
    assert_eq!(rejection.code, "abandoned");
    assert!(!rejection.by_biller);
    assert_eq!(create_pago_calls(&sim), 0);
    assert!(registered(&sim, "BTN-GONE").is_empty());
    let entry = svc
        .journal()
        .get(BillerId::Zoom, "BTN-GONE")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.status, EntryStatus::Resolved);
}

#[tokio::test]
async fn an_abandon_after_the_bank_approved_pays() {
    let sim = start_sim(&[]).await;
    let svc = service(&sim, MemoryJournal::new());
    let checkout = start(&svc, "BTN-LATE", "20.00").await;
    assert!(sim.settle_zoom_button(&checkout.control, true));
    let outcome = abandon(&svc, "BTN-LATE").await;
    assert_eq!(outcome.state, ButtonState::Paid, "{outcome:?}");
    assert_eq!(registered(&sim, "BTN-LATE").len(), 1);
}

fn journal_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("recaudo-zoom-button-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.jsonl"));
    let _ = std::fs::remove_file(&path);
    path
}

#[tokio::test]
async fn approved_then_the_way_back_lost_is_paid_once_by_resume_after_a_reload() {
    let sim = start_sim(&[]).await;
    let path = journal_file("lost");
    let checkout = {
        let svc = service(&sim, FileJournal::open(&path).unwrap());
        start(&svc, "BTN-LOST", "300.00").await
        // The page (and its service) goes away with the customer.
    };
    let clicked = customer(&checkout, "aprobar-perdido").await;
    assert_eq!(clicked.status, 200);
    assert_eq!(clicked.location, None);
    assert!(clicked.body.contains("id=\"lost\""), "{}", clicked.body);
    assert_eq!(create_pago_calls(&sim), 0);

    // A reload: a new service over the same journal finds the payment in flight.
    let svc = service(&sim, FileJournal::open(&path).unwrap());
    let resumed = svc.resume().await.unwrap();
    assert_eq!(resumed.len(), 1, "{resumed:?}");
    let result = resumed[0].result.as_ref().expect("settled");
    assert_eq!(result.outcome, Outcome::Confirmed, "{result:?}");
    let records = registered(&sim, "BTN-LOST");
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].nro_control.as_deref(),
        Some(checkout.control.as_str())
    );

    // Yet another reload, and the customer's late complete: nothing more is sent.
    let svc = service(&sim, FileJournal::open(&path).unwrap());
    assert!(svc.resume().await.unwrap().is_empty());
    let outcome = complete(&svc, "BTN-LOST").await;
    assert_eq!(outcome.state, ButtonState::Paid);
    assert_eq!(create_pago_calls(&sim), 1);
    assert_eq!(registered(&sim, "BTN-LOST").len(), 1);
}

#[tokio::test]
async fn a_lost_create_pago_reply_after_approval_is_recovered_by_referencia() {
    let sim = start_sim(&[]).await;
    let svc = service(&sim, MemoryJournal::new());
    let checkout = start(&svc, "BTN-DROP", "99.99").await;
    customer(&checkout, "aprobar").await;
    sim.arm_fault(Fault {
        biller: "zoom".into(),
        endpoint: "createPagoWs".into(),
        kind: FaultKind::DropAfterCommit,
        times: 1,
    });
    let outcome = complete(&svc, "BTN-DROP").await;
    assert_eq!(outcome.state, ButtonState::Paid, "{outcome:?}");
    let result = outcome.result.unwrap();
    assert_eq!(result.outcome, Outcome::Confirmed, "{result:?}");
    assert!(result.recovered);
    assert_eq!(result.sends, 1);
    assert_eq!(create_pago_calls(&sim), 1);
    assert_eq!(registered(&sim, "BTN-DROP").len(), 1);
}

#[tokio::test]
async fn pending_stays_in_flight_until_the_bank_approves() {
    let sim = start_sim(&[]).await;
    let svc = service(&sim, MemoryJournal::new());
    let checkout = start(&svc, "BTN-WAIT", "10.00").await;
    let outcome = complete(&svc, "BTN-WAIT").await;
    assert_eq!(outcome.state, ButtonState::Pending, "{outcome:?}");
    assert_eq!(outcome.result, None);
    assert!(outcome.detail.contains("PENDIENTE"), "{}", outcome.detail);
    let entry = svc
        .journal()
        .get(BillerId::Zoom, "BTN-WAIT")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.status, EntryStatus::InFlight);
    assert_eq!(entry.sends, 0);
    // resume asks too, and leaves it in flight.
    let resumed = svc.resume().await.unwrap();
    assert_eq!(resumed.len(), 1);
    assert_eq!(resumed[0].result.as_ref().unwrap_err().code(), "biller");
    assert_eq!(create_pago_calls(&sim), 0);

    customer(&checkout, "aprobar").await;
    let outcome = complete(&svc, "BTN-WAIT").await;
    assert_eq!(outcome.state, ButtonState::Paid, "{outcome:?}");
    assert_eq!(registered(&sim, "BTN-WAIT").len(), 1);
}

#[tokio::test]
async fn a_bank_that_cannot_be_reached_leaves_it_in_flight() {
    let sim = start_sim(&[]).await;
    let svc = service(&sim, MemoryJournal::new());
    let checkout = start(&svc, "BTN-DOWN", "10.00").await;
    customer(&checkout, "aprobar").await;
    sim.arm_fault(Fault {
        biller: "zoom".into(),
        endpoint: "getXmlWS".into(),
        kind: FaultKind::Error500,
        times: 50,
    });
    for _ in 0..2 {
        let err = serve(
            &svc,
            ZoomService::ButtonComplete {
                receipt: "BTN-DOWN".into(),
            },
        )
        .await
        .unwrap_err();
        assert_ne!(err.code(), "invalid_input", "{err}");
    }
    let err = serve(
        &svc,
        ZoomService::ButtonAbandon {
            receipt: "BTN-DOWN".into(),
        },
    )
    .await
    .unwrap_err();
    assert_ne!(err.code(), "invalid_input", "{err}");
    let entry = svc
        .journal()
        .get(BillerId::Zoom, "BTN-DOWN")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.status, EntryStatus::InFlight);
    assert_eq!(create_pago_calls(&sim), 0);
    sim.clear_faults();
    let outcome = complete(&svc, "BTN-DOWN").await;
    assert_eq!(outcome.state, ButtonState::Paid, "{outcome:?}");
    assert_eq!(registered(&sim, "BTN-DOWN").len(), 1);
}

#[tokio::test]
async fn start_refuses_bad_input_before_asking_the_bank() {
    let sim = start_sim(&[]).await;
    let svc = service(&sim, MemoryJournal::new());
    let mut cases = Vec::new();
    let mut no_payer = payment("BTN-BAD-1", "10.00");
    no_payer.payer = None;
    cases.push((no_payer, "invalid_input"));
    let mut no_account = payment("BTN-BAD-2", "10.00");
    no_account.extra.clear();
    cases.push((no_account, "invalid_input"));
    let mut too_much = payment("BTN-BAD-3", "10.00");
    too_much.balance = Some(dec("5.00"));
    cases.push((too_much, "invalid_amount"));
    cases.push((payment("BTN-BAD-4", "1.001"), "invalid_amount"));
    let mut transfer = payment("BTN-BAD-5", "10.00");
    transfer.extra.insert("kind".into(), "transfer".into());
    cases.push((transfer, "invalid_input"));
    let mut control = payment("BTN-BAD-6", "10.00");
    control.extra.insert("control".into(), "6000000001".into());
    cases.push((control, "invalid_input"));
    for (payment, code) in cases {
        let receipt = payment.receipt.clone();
        let err = serve(
            &svc,
            ZoomService::ButtonStart {
                payment,
                return_url: RETURN_URL.into(),
            },
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), code, "{receipt}: {err}");
    }
    // A receipt already used names a payment.
    start(&svc, "BTN-USED", "10.00").await;
    let calls = sim.zoom_state().requests["getNroControlWS"];
    let err = serve(
        &svc,
        ZoomService::ButtonStart {
            payment: payment("BTN-USED", "10.00"),
            return_url: RETURN_URL.into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "invalid_input", "{err}");
    assert_eq!(sim.zoom_state().requests["getNroControlWS"], calls);
    assert_eq!(calls, 1);
    // Completing a receipt nobody started, or a transfer's, is refused.
    svc.pay(&payment("TRANSFER-1", "10.00")).await.unwrap();
    for receipt in ["NOBODY", "TRANSFER-1"] {
        let err = serve(
            &svc,
            ZoomService::ButtonComplete {
                receipt: receipt.into(),
            },
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{receipt}: {err}");
    }
}

#[tokio::test]
async fn without_the_bank_page_start_is_a_config_error() {
    let sim = start_sim(&[]).await;
    let mut options = recaudo_tests::billers::options(&sim, BillerId::Zoom);
    let recaudo_core::BillerOptions::Zoom(zoom) = &mut options else {
        panic!("zoom options")
    };
    zoom.button_page = None;
    let collector =
        recaudo_core::Collector::connect(options, NativeTransport::new().unwrap(), SystemClock)
            .unwrap();
    let svc = CollectionService::new(collector, MemoryJournal::new());
    let err = serve(
        &svc,
        ZoomService::ButtonStart {
            payment: payment("BTN-NOPAGE", "10.00"),
            return_url: RETURN_URL.into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "config");
    assert!(err.to_string().contains("buttonPage"), "{err}");
    assert_eq!(sim.zoom_state().requests["getNroControlWS"], 0);
}

/// Under both readings of getXmlWS' `monto` (implied cents, as its example looks, or with a
/// point, as getNroControlWS writes it) the approved amount is the journaled one and the
/// payment is registered once; a reading that disagreed would leave it for review instead.
#[tokio::test]
async fn every_reading_of_the_bank_amount_pays_the_journaled_amount() {
    for reading in ["implied_cents", "decimal_point"] {
        let sim = start_sim(&[("zoom.xml_monto", reading)]).await;
        let svc = service(&sim, MemoryJournal::new());
        let checkout = start(&svc, "BTN-READ", "1024.25").await;
        customer(&checkout, "aprobar").await;
        let outcome = complete(&svc, "BTN-READ").await;
        assert_eq!(outcome.state, ButtonState::Paid, "{reading}: {outcome:?}");
        assert_eq!(
            outcome.result.unwrap().outcome,
            Outcome::Confirmed,
            "{reading}"
        );
        let records = registered(&sim, "BTN-READ");
        assert_eq!(records.len(), 1, "{reading}");
        assert_eq!(records[0].montototal, dec("1024.25"), "{reading}");
    }
}

/// The bank approving something else than the journaled payment (here: a journal entry whose
/// control number names another payment, approved for 5.00) is never registered: it needs a
/// person.
#[tokio::test]
async fn an_approval_for_another_amount_needs_review() {
    let sim = start_sim(&[]).await;
    let svc = service(&sim, MemoryJournal::new());
    start(&svc, "BTN-ODD", "1024.25").await;
    let other = start(&svc, "BTN-ODD-2", "5.00").await;
    assert!(sim.settle_zoom_button(&other.control, true));
    let mut entry = svc
        .journal()
        .get(BillerId::Zoom, "BTN-ODD")
        .await
        .unwrap()
        .unwrap();
    entry
        .request
        .extra
        .insert("control".into(), other.control.clone());
    svc.journal().save(&entry).await.unwrap();
    let outcome = complete(&svc, "BTN-ODD").await;
    let result = outcome.result.expect("a result");
    assert_eq!(result.outcome, Outcome::NeedsReview, "{result:?}");
    assert_eq!(result.sends, 0);
    assert!(
        result.evidence.iter().any(|e| e.detail.contains("monto")),
        "{result:?}"
    );
    assert_eq!(create_pago_calls(&sim), 0);
}
