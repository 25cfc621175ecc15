//! One bad-input table per biller: every invalid amount (0, negative, 3 decimals, not a number,
//! above the balance), id, date, RIF/CI (Zoom), page/limit (Unicobros) and missing credential,
//! with the typed error code it must produce, and proof that nothing was sent: every client
//! runs over a `FnTransport` that counts calls, and the count must still be zero after each row.
//!
//! "Not a number" exists only where text becomes an amount ([`money::parse_amount`], used by the
//! CLI and the bindings): the typed APIs take a `Decimal`. Likewise Unicomer's dates are typed
//! (`NaiveDateTime`), so an impossible date cannot reach its client; its text form is refused by
//! `unicomer::dates::parse_datetime` (and by the CLI, see `cli/tests`).
//!
//! Unicobros' `page` is a `u32`: a negative page cannot be built, and the document gives pages
//! no upper bound, so its rows are the limits (1 to 50) on any page.
//!
//! The per-biller suites keep their own, longer lists (receipts, names, e-mails, filters); these
//! tables are the checklist across billers.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use recaudo_core::http::{HttpRequest, HttpResponse};
use recaudo_core::money::{self, Currency, Money};
use recaudo_core::transport::{
    Delivery, FnTransport, Transport, TransportError, TransportErrorKind,
};
use recaudo_core::{Error, Secret, cooplan, unicobros, unicomer, zoom};
use recaudo_sim::Simulator;
use recaudo_tests::{billers, dec, manual_clock, start_sim};

/// A transport that counts calls and never answers.
fn counting() -> (Arc<AtomicU32>, impl Transport) {
    let calls = Arc::new(AtomicU32::new(0));
    let counter = calls.clone();
    let transport = FnTransport(move |_request: HttpRequest| {
        counter.fetch_add(1, Ordering::SeqCst);
        async {
            Err::<HttpResponse, _>(TransportError::new(
                TransportErrorKind::Other,
                Delivery::NotSent,
                "the bad-input tables must send nothing",
            ))
        }
    });
    (calls, transport)
}

/// Runs each row (`field`, `bad value`, expected code, the call), asserting its error code and
/// that the transport was never called; prints the table so a failure shows where it stood.
macro_rules! table {
    ($biller:expr, $calls:expr; $( ($field:expr, $value:expr, $code:expr, $call:expr) ),+ $(,)?) => {{
        let mut rows = 0;
        println!("{:<10} {:<28} {:<34} code", "biller", "field", "bad value");
        $(
            let got = match $call.await {
                Ok(_) => panic!("{} {} = {:?}: accepted", $biller, $field, $value),
                Err(e) => e,
            };
            println!("{:<10} {:<28} {:<34} {}", $biller, $field, format!("{:?}", $value), got.code());
            assert_eq!(got.code(), $code, "{} {} = {:?}: {}", $biller, $field, $value, got);
            assert_eq!(
                $calls.load(Ordering::SeqCst),
                0,
                "{} {} = {:?}: a request was sent",
                $biller,
                $field,
                $value
            );
            rows += 1;
        )+
        rows
    }};
}

/// "Not a number": the text never becomes an amount.
async fn amount_text(text: &str) -> Result<(), Error> {
    money::parse_amount(text).map(|_| ()).map_err(Error::from)
}

// ---------------------------------------------------------------------------------------------
// Unicomer

fn unicomer_payment(amount: &str) -> unicomer::PaymentRequest {
    let mut p = recaudo_tests::payment("R-1", amount);
    p.balance = Some(dec("100.00"));
    p
}

#[tokio::test]
async fn unicomer_table() {
    let sim = start_sim().await;
    let (calls, transport) = counting();
    let config = recaudo_tests::unicomer_config(&sim);
    let client = recaudo_tests::client_with(config.clone(), &transport, manual_clock());
    let with = |f: &dyn Fn(&mut unicomer::PaymentRequest)| {
        let mut p = unicomer_payment("10.00");
        f(&mut p);
        p
    };
    let reversal = |idtrx: i64, amount: &str| unicomer::ReversalRequest {
        idtrx,
        amount: dec(amount),
        paid_at: recaudo_tests::at("2026-11-23 10:15:00"),
        secuencial: None,
    };
    let without = |f: &dyn Fn(&mut unicomer::UnicomerConfig)| {
        let mut c = config.clone();
        f(&mut c);
        let made = unicomer::UnicomerClient::new(c, &transport, manual_clock());
        async move { made.map(|_| ()) }
    };
    let date = |text: &str| {
        let parsed = unicomer::dates::parse_datetime(text);
        async move {
            parsed
                .map(|_| ())
                .ok_or_else(|| Error::invalid("fch_proceso", "not a date"))
        }
    };
    let rows = table!("unicomer", calls;
        ("amount", "0", "invalid_amount", client.pay(unicomer_payment("0"))),
        ("amount", "-5.00", "invalid_amount", client.pay(unicomer_payment("-5.00"))),
        ("amount", "1.005", "invalid_amount", client.pay(unicomer_payment("1.005"))),
        ("amount", "abc", "invalid_amount", amount_text("abc")),
        ("amount", "1,50", "invalid_amount", amount_text("1,50")),
        ("amount (above balance 100)", "100.01", "invalid_amount", client.pay(unicomer_payment("100.01"))),
        ("reversal amount", "0", "invalid_amount", client.reverse(reversal(1, "0"))),
        ("reversal amount", "1.005", "invalid_amount", client.reverse(reversal(1, "1.005"))),
        ("status amount", "-1", "invalid_amount", client.payment_status(1, recaudo_tests::at("2026-11-23 10:15:00"), dec("-1"))),
        ("secuencial (invoice id)", 0, "invalid_input", client.pay(with(&|p| p.secuencial = 0))),
        ("secuencial (invoice id)", -1, "invalid_input", client.pay(with(&|p| p.secuencial = -1))),
        ("idtrx (payment id)", -3, "invalid_input", client.reverse(reversal(-3, "1.00"))),
        ("cliente (customer id)", "", "invalid_input", client.statement("")),
        ("cliente (customer id)", "09 0000", "invalid_input", client.statement("09 0000")),
        ("cliente (customer id)", "0900000001; DROP", "invalid_input", client.statement("0900000001; DROP")),
        ("num_recibo (receipt)", "  ", "invalid_input", client.pay(with(&|p| p.receipt = "  ".into()))),
        ("num_recibo (receipt)", "R 1", "invalid_input", client.pay(with(&|p| p.receipt = "R 1".into()))),
        ("nombre_cajero", " ", "invalid_input", client.pay(with(&|p| p.cashier = " ".into()))),
        ("localidad_recauda", "", "invalid_input", client.pay(with(&|p| p.location = String::new()))),
        ("fch_proceso (text)", "2026-13-01 10:00:00", "invalid_input", date("2026-13-01 10:00:00")),
        ("fch_proceso (text)", "2026-02-30 10:00:00", "invalid_input", date("2026-02-30 10:00:00")),
        ("fch_proceso (text)", "ayer", "invalid_input", date("ayer")),
        ("credential: username", "", "config", without(&|c| c.credentials.username = " ".into())),
        ("credential: password", "", "config", without(&|c| c.credentials.password = Secret::new(""))),
        ("idcommerce", "", "config", without(&|c| c.commerce = String::new())),
    );
    assert_eq!(rows, 25);
}

// ---------------------------------------------------------------------------------------------
// Unicobros

#[tokio::test]
async fn unicobros_table() {
    let sim = start_sim().await;
    let (calls, transport) = counting();
    let config = billers::unicobros_config(&sim);
    let client = unicobros::UnicobrosClient::new(config.clone(), &transport, manual_clock())
        .expect("valid configuration");
    let list = |page: u32, limit: Option<u32>| unicobros::ListOperationsRequest {
        page,
        limit,
        filters: unicobros::OperationFilters::default(),
    };
    let search = |limit: Option<u32>| unicobros::SearchOperationsRequest {
        page: 0,
        limit,
        filters: unicobros::OperationFilters::default(),
    };
    let range = |from: u32, to: u32| unicobros::OperationFilters {
        created: unicobros::DayRange {
            from: NaiveDate::from_ymd_opt(2026, 11, from),
            to: NaiveDate::from_ymd_opt(2026, 11, to),
        },
        ..Default::default()
    };
    let updated = |from: u32, to: u32| unicobros::OperationFilters {
        updated: unicobros::DayRange {
            from: NaiveDate::from_ymd_opt(2026, 11, from),
            to: NaiveDate::from_ymd_opt(2026, 11, to),
        },
        ..Default::default()
    };
    let filtered = |filters: unicobros::OperationFilters| unicobros::ListOperationsRequest {
        page: 0,
        limit: None,
        filters,
    };
    let pages = |limit: u32| {
        let made = client
            .operation_pages(
                unicobros::ListMethod::Get,
                0,
                Some(limit),
                Default::default(),
            )
            .map(|_| ());
        async move { made }
    };
    let expected = |amount: &str, currency| Some(Money::new(dec(amount), currency));
    let without = |f: &dyn Fn(&mut unicobros::UnicobrosConfig)| {
        let mut c = config.clone();
        f(&mut c);
        let made = unicobros::UnicobrosClient::new(c, &transport, manual_clock());
        async move { made.map(|_| ()) }
    };
    let rows = table!("unicobros", calls;
        ("expected amount", "0 ARS", "invalid_amount", client.resolve_reference("REF-1", expected("0", Currency::Ars))),
        ("expected amount", "-5 ARS", "invalid_amount", client.resolve_reference("REF-1", expected("-5", Currency::Ars))),
        ("expected amount", "1.005 ARS", "invalid_amount", client.resolve_reference("REF-1", expected("1.005", Currency::Ars))),
        ("expected amount", "abc", "invalid_amount", amount_text("abc")),
        ("expected currency", "1.00 USD", "invalid_input", client.resolve_reference("REF-1", expected("1.00", Currency::Usd))),
        ("limit (GET)", 0, "invalid_input", client.list_operations(&list(0, Some(0)))),
        ("limit (GET)", 51, "invalid_input", client.list_operations(&list(0, Some(51)))),
        ("limit (POST)", 0, "invalid_input", client.search_operations(&search(Some(0)))),
        ("limit (POST)", 1000, "invalid_input", client.search_operations(&search(Some(1000)))),
        ("limit (page walk)", 51, "invalid_input", pages(51)),
        ("limit (on page 3)", 0, "invalid_input", client.list_operations(&list(3, Some(0)))),
        ("created from > to", "11-05..11-04", "invalid_input", client.list_operations(&filtered(range(5, 4)))),
        ("updated from > to", "11-20..11-01", "invalid_input", client.list_operations(&filtered(updated(20, 1)))),
        ("status filter", 999, "invalid_input", client.list_operations(&filtered(unicobros::OperationFilters { status: Some(999), ..Default::default() }))),
        ("coupon id", "", "invalid_input", client.transaction_status("")),
        ("coupon id", "a\u{7}b", "invalid_input", client.transaction_status("a\u{7}b")),
        ("reference", "", "invalid_input", client.coupons("")),
        ("reference", "..", "invalid_input", client.coupons("..")),
        ("reference", "a\nb", "invalid_input", client.coupons("a\nb")),
        ("credential: api key", "", "config", without(&|c| c.credentials.api_key = Secret::new(""))),
        ("credential: access token", " ", "config", without(&|c| c.credentials.access_token = Secret::new(" "))),
    );
    assert_eq!(rows, 21);
    assert!(
        sim.unicobros_state().requests.values().all(|n| *n == 0),
        "nothing reached the simulator"
    );
}

// ---------------------------------------------------------------------------------------------
// Zoom

const BIG_GUIDE: &str = "1000999999";

fn zoom_payment(amount: &str) -> zoom::PaymentRequest {
    zoom::PaymentRequest {
        kind: zoom::TransactionKind::Transfer,
        bank_account: 213,
        origin_bank: Some(16),
        reference: "000123".into(),
        payer: zoom::Payer {
            id: "V-00000001".into(),
            name: "CLIENTE DE PRUEBA".into(),
            email: "cliente@example.test".into(),
        },
        paid_on: NaiveDate::from_ymd_opt(2026, 11, 23),
        amount: dec(amount),
        documents: vec![zoom::DocumentPayment {
            doc: zoom::DocRef::new(zoom::DocType::Guide, BIG_GUIDE).unwrap(),
            amount: dec(amount),
            sort_date: NaiveDate::from_ymd_opt(2024, 2, 1).unwrap(),
        }],
        balance: Some(dec("100.00")),
        button: zoom::ButtonDetails::default(),
    }
}

#[tokio::test]
async fn zoom_table() {
    let sim = start_sim().await;
    let (calls, transport) = counting();
    let config = billers::zoom_config(&sim);
    let client =
        zoom::ZoomClient::new(config.clone(), &transport, manual_clock()).expect("valid config");
    let with = |f: &dyn Fn(&mut zoom::PaymentRequest)| {
        let mut p = zoom_payment("10.00");
        f(&mut p);
        p
    };
    let payer_id = |id: &str| {
        let id = id.to_owned();
        with(&move |p| p.payer.id = id.clone())
    };
    let doc = |number: &str| {
        let made = zoom::DocRef::new(zoom::DocType::Guide, number).map(|_| ());
        async move { made }
    };
    let between = |from: u32, to: u32| zoom::InfoPagoRequest {
        fechapago_desde: NaiveDate::from_ymd_opt(2026, 11, from),
        fechapago_hasta: NaiveDate::from_ymd_opt(2026, 11, to),
        ..Default::default()
    };
    let config_with = |credentials: zoom::Credentials| {
        let mut c = config.clone();
        c.credentials = credentials;
        let made = zoom::ZoomClient::new(c, &transport, manual_clock());
        async move { made.map(|_| ()) }
    };
    let base_url = |url: &str| {
        let made = zoom::ZoomConfig::new(url, false, config.credentials.clone()).map(|_| ());
        async move { made }
    };
    let rows = table!("zoom", calls;
        ("montoTotal", "0", "invalid_amount", client.pay(zoom_payment("0"))),
        ("montoTotal", "-5.00", "invalid_amount", client.pay(zoom_payment("-5.00"))),
        ("montoTotal", "1.005", "invalid_amount", client.pay(zoom_payment("1.005"))),
        ("montoTotal", "abc", "invalid_amount", amount_text("abc")),
        ("montoTotal (above balance 100)", "100.01", "invalid_amount", client.pay(zoom_payment("100.01"))),
        ("monto (document)", "1.001", "invalid_amount", client.pay(with(&|p| p.documents[0].amount = dec("1.001")))),
        ("control-number amount", "0", "invalid_amount", client.control_number(dec("0"))),
        ("rifcipagador", "V12345678", "invalid_input", client.pay(payer_id("V12345678"))),
        ("rifcipagador", "V-123", "invalid_input", client.pay(payer_id("V-123"))),
        ("rifcipagador", "J-01234567", "invalid_input", client.pay(payer_id("J-01234567"))),
        ("rifcipagador", "G-2000001-1", "invalid_input", client.pay(payer_id("G-2000001-1"))),
        ("rifcipagador", "X-12345678", "invalid_input", client.pay(payer_id("X-12345678"))),
        ("rifcipagador", "", "invalid_input", client.pay(payer_id(""))),
        ("referencia", "  ", "invalid_input", client.pay(with(&|p| p.reference = "  ".into()))),
        ("referencia", "1&montoTotal=9", "invalid_input", client.pay(with(&|p| p.reference = "1&montoTotal=9".into()))),
        ("idcuentabanco", 0, "invalid_input", client.pay(with(&|p| p.bank_account = 0))),
        ("codbancoori", -1, "invalid_input", client.pay(with(&|p| p.origin_bank = Some(-1)))),
        ("nroDoc", "10 00", "invalid_input", doc("10 00")),
        ("nroDoc", "", "invalid_input", doc("")),
        ("idpago filter", -1, "invalid_input", client.payments(&zoom::InfoPagoRequest { idpago: vec![-1], ..Default::default() })),
        ("control", " ", "invalid_input", client.button_result(" ")),
        ("fechapago desde > hasta", "11-20..11-01", "invalid_input", client.payments(&between(20, 1))),
        ("credential: login", " ", "config", config_with(zoom::Credentials::Login { login: " ".into(), password: Secret::new("x") })),
        ("credential: password", "", "config", config_with(zoom::Credentials::Login { login: "recaudador@recaudo.test".into(), password: Secret::new("") })),
        ("credential: token", "", "config", config_with(zoom::Credentials::Token(Secret::new("")))),
        ("base URL", "", "config", base_url("")),
    );
    assert_eq!(rows, 26);
}

// ---------------------------------------------------------------------------------------------
// Cooplan

fn cooplan_payment(amount: &str) -> cooplan::PaymentRequest {
    cooplan::PaymentRequest {
        id_factura: 5_000_001,
        periodo: "202110".into(),
        contrato: "1001".into(),
        id_asociado: "90001".into(),
        amount: dec(amount),
        balance: Some(dec("136.76")),
        receipt: Some("R-1".into()),
    }
}

fn cooplan_config(sim: &Simulator) -> cooplan::CooplanConfig {
    billers::cooplan_config(sim)
}

#[tokio::test]
async fn cooplan_table() {
    let sim = start_sim().await;
    let (calls, transport) = counting();
    let config = cooplan_config(&sim);
    let client = cooplan::CooplanClient::new(config.clone(), &transport, manual_clock())
        .expect("valid configuration");
    let with = |f: &dyn Fn(&mut cooplan::PaymentRequest)| {
        let mut p = cooplan_payment("10.00");
        f(&mut p);
        p
    };
    let reversal = |f: &dyn Fn(&mut cooplan::ReversalRequest)| {
        let mut r = cooplan::ReversalRequest {
            id_factura: 5_000_001,
            id_cobranza: "4200001".into(),
            contrato: None,
            periodo: None,
            paid_on: None,
        };
        f(&mut r);
        r
    };
    let without = |f: &dyn Fn(&mut cooplan::CooplanConfig)| {
        let mut c = config.clone();
        f(&mut c);
        let made = cooplan::CooplanClient::new(c, &transport, manual_clock());
        async move { made.map(|_| ()) }
    };
    let rows = table!("cooplan", calls;
        ("Monto", "0", "invalid_amount", client.pay(cooplan_payment("0"))),
        ("Monto", "-5.00", "invalid_amount", client.pay(cooplan_payment("-5.00"))),
        ("Monto", "1.005", "invalid_amount", client.pay(cooplan_payment("1.005"))),
        ("Monto", "abc", "invalid_amount", amount_text("abc")),
        ("Monto (above the debt 136.76)", "136.77", "invalid_amount", client.pay(cooplan_payment("136.77"))),
        ("IdFactura", 0, "invalid_input", client.pay(with(&|p| p.id_factura = 0))),
        ("IdFactura (reversal)", -1, "invalid_input", client.reverse(reversal(&|r| r.id_factura = -1))),
        ("IdCobranza", " ", "invalid_input", client.reverse(reversal(&|r| r.id_cobranza = " ".into()))),
        ("IdCobranza", "42;00", "invalid_input", client.reverse(reversal(&|r| r.id_cobranza = "42;00".into()))),
        ("Contrato", "", "invalid_input", client.debts("")),
        ("Contrato", "10 01", "invalid_input", client.pay(with(&|p| p.contrato = "10 01".into()))),
        ("IdAsociado", "", "invalid_input", client.pay(with(&|p| p.id_asociado = String::new()))),
        ("receipt", "R 1", "invalid_input", client.pay(with(&|p| p.receipt = Some("R 1".into())))),
        ("Periodo (date)", "2021-10", "invalid_input", client.pay(with(&|p| p.periodo = "2021-10".into()))),
        ("Periodo (date)", "202113", "invalid_input", client.pay(with(&|p| p.periodo = "202113".into()))),
        ("Periodo (date)", "202100", "invalid_input", client.pay(with(&|p| p.periodo = "202100".into()))),
        ("Periodo (reversal)", "2021", "invalid_input", client.reverse(reversal(&|r| r.periodo = Some("2021".into())))),
        ("invoice to print", 0, "invalid_input", client.print_invoice(0, "4200001")),
        ("credential: CodSeguridad", "", "config", without(&|c| c.credentials.cod_seguridad = Secret::new(""))),
        ("credential: Login", " ", "config", without(&|c| c.credentials.login = " ".into())),
        ("credential: Pwd", "", "config", without(&|c| c.credentials.pwd = Secret::new(""))),
    );
    assert_eq!(rows, 21);
}
