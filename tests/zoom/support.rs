//! Helpers: a simulator per test and Zoom clients wired to it.

use chrono::NaiveDate;
use recaudo_core::clock::Clock;
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::transport::Transport;
use recaudo_core::zoom;
use recaudo_core::zoom::{
    ButtonDetails, DocRef, DocumentPayment, Payer, PaymentRequest, TransactionKind, ZoomClient,
    ZoomConfig,
};
use recaudo_sim::{Fault, FaultKind, Simulator};
use rust_decimal::Decimal;

pub use recaudo_tests::{dec, manual_clock, start_sim};

/// A guide owing 1000000.00, for tests that make many payments.
pub const BIG_GUIDE: &str = "1000999999";
/// The simulator's destination account.
pub const ACCOUNT: i64 = 213;

/// The simulator's Zoom with test-friendly timings: a short timeout (so the `delay` fault
/// outlasts it) and almost no settle delay (the simulator commits before it drops).
pub fn config(sim: &Simulator) -> ZoomConfig {
    recaudo_tests::billers::zoom_config(sim)
}

pub fn client(sim: &Simulator) -> ZoomClient<NativeTransport, SystemClock> {
    client_with(config(sim), NativeTransport::new().unwrap(), SystemClock)
}

pub fn client_with<T: Transport, C: Clock>(
    config: ZoomConfig,
    transport: T,
    clock: C,
) -> ZoomClient<T, C> {
    ZoomClient::new(config, transport, clock).expect("valid configuration")
}

/// A client that states its Zoom refuses a repeated `referencia`, against a simulator playing
/// that reading: an absent payment may then be sent again.
pub fn guarded_client(sim: &Simulator) -> ZoomClient<NativeTransport, SystemClock> {
    sim.set_reading("zoom.duplicate_referencia", "refused")
        .expect("known reading");
    let mut config = config(sim);
    config.recovery.resend_when_absent = true;
    client_with(config, NativeTransport::new().unwrap(), SystemClock)
}

pub fn fault(endpoint: &str, kind: FaultKind) -> Fault {
    Fault {
        biller: "zoom".into(),
        endpoint: endpoint.into(),
        kind,
        times: 1,
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn payer() -> Payer {
    Payer {
        id: "V-00000001".into(),
        name: "CLIENTE G. DE PRUEBA".into(),
        email: "cliente@example.test".into(),
    }
}

/// A transfer paying `amount` of the big guide.
pub fn payment(reference: &str, amount: &str) -> PaymentRequest {
    PaymentRequest {
        kind: TransactionKind::Transfer,
        bank_account: ACCOUNT,
        origin_bank: Some(16),
        reference: reference.into(),
        payer: payer(),
        paid_on: Some(date(2026, 11, 23)),
        amount: dec(amount),
        documents: vec![DocumentPayment {
            doc: DocRef::new(zoom::DocType::Guide, BIG_GUIDE).unwrap(),
            amount: dec(amount),
            sort_date: date(2024, 2, 1),
        }],
        balance: None,
        button: ButtonDetails::default(),
    }
}

/// Payment records the simulator holds with this reference.
pub fn records_with_reference(sim: &Simulator, reference: &str) -> usize {
    sim.zoom_state()
        .payments
        .iter()
        .filter(|p| p.referencia == reference)
        .count()
}

/// Requests that reached a simulated service.
pub fn requests(sim: &Simulator, endpoint: &str) -> u64 {
    sim.zoom_state()
        .requests
        .get(endpoint)
        .copied()
        .unwrap_or(0)
}

/// What a document still owes at the simulator.
pub fn owed(sim: &Simulator, nro_doc: &str) -> Decimal {
    sim.zoom_state()
        .documents
        .iter()
        .find(|d| d.nro_doc == nro_doc)
        .map(|d| d.montopagar)
        .expect("document exists")
}

pub fn every_fault() -> Vec<FaultKind> {
    vec![
        FaultKind::DropBeforeCommit,
        FaultKind::DropAfterCommit,
        FaultKind::Error500,
        FaultKind::TruncatedJson,
        // Longer than the tests' 400 ms timeout: the client gives up while Zoom commits.
        FaultKind::Delay { ms: 700 },
    ]
}

/// Whether the fault leaves Zoom's state unchanged (the request was not processed).
pub fn before_commit(kind: &FaultKind) -> bool {
    matches!(kind, FaultKind::DropBeforeCommit | FaultKind::Error500)
}
