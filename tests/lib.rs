//! Shared helpers for the cross-crate tests: a simulator per test and clients wired to it, paying
//! through any biller ([`paying`]), and the fault soak ([`soak`]).

pub mod billers;
pub mod journal_contract;
pub mod paying;
pub mod soak;

use chrono::{DateTime, NaiveDateTime, Utc};
use recaudo_core::clock::ManualClock;
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::transport::Transport;
use recaudo_core::unicomer::{Credentials, PaymentRequest, UnicomerClient, UnicomerConfig};
use recaudo_core::{Secret, clock::Clock};
use recaudo_sim::{Fault, FaultKind, SimConfig, Simulator};
use rust_decimal::Decimal;

/// A fresh simulator on a free port.
pub async fn start_sim() -> Simulator {
    Simulator::start(SimConfig::default())
        .await
        .expect("simulator starts")
}

/// The simulator's Unicomer configuration with test-friendly timings: a short timeout (so the
/// `delay` fault outlasts it) and no settle delay (the simulator commits before it drops).
pub fn config(sim: &Simulator) -> UnicomerConfig {
    unicomer_config(sim)
}

/// Unicomer's configuration against the simulator, with the test timings.
pub fn unicomer_config(sim: &Simulator) -> UnicomerConfig {
    let user = SimConfig::default().unicomer;
    let mut config = UnicomerConfig::with_base_url(
        &sim.unicomer_url(),
        false,
        Credentials {
            username: user.username,
            password: Secret::new(user.password),
        },
        user.commerce,
    )
    .expect("loopback URL is accepted");
    billers::tune(&mut config.timeout, &mut config.retry, &mut config.recovery);
    config
}

pub fn client(sim: &Simulator) -> UnicomerClient<NativeTransport, SystemClock> {
    client_with(config(sim), NativeTransport::new().unwrap(), SystemClock)
}

pub fn client_with<T: Transport, C: Clock>(
    config: UnicomerConfig,
    transport: T,
    clock: C,
) -> UnicomerClient<T, C> {
    UnicomerClient::new(config, transport, clock).expect("valid configuration")
}

pub fn manual_clock() -> ManualClock {
    ManualClock::new(DateTime::<Utc>::from_timestamp(1_790_000_000, 0).unwrap())
}

pub fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

pub fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

/// A simulator customer with one large invoice, for tests that make many payments.
pub const BIG_CUSTOMER: &str = "0911111111";
pub const BIG_INVOICE: i64 = 777_001;

pub fn add_big_customer(sim: &Simulator) {
    sim.add_unicomer_customer(BIG_CUSTOMER, vec![(BIG_INVOICE, dec("1000000.00"))]);
}

pub fn payment(receipt: &str, amount: &str) -> PaymentRequest {
    PaymentRequest {
        secuencial: BIG_INVOICE,
        amount: dec(amount),
        receipt: receipt.into(),
        paid_at: Some(at("2026-11-23 10:15:00")),
        cashier: "CAJERO DE PRUEBA".into(),
        location: "AGENCIA DE PRUEBA".into(),
        balance: None,
    }
}

pub fn fault(endpoint: &str, kind: FaultKind) -> Fault {
    Fault {
        biller: "unicomer".into(),
        endpoint: endpoint.into(),
        kind,
        times: 1,
    }
}

/// How many payments the simulator holds with this receipt number.
pub fn payments_with_receipt(sim: &Simulator, receipt: &str) -> usize {
    sim.unicomer_state()
        .payments
        .iter()
        .filter(|p| p.num_recibo == receipt)
        .count()
}

/// How many requests reached a simulator endpoint.
pub fn requests(sim: &Simulator, endpoint: &str) -> u64 {
    sim.unicomer_state()
        .requests
        .get(endpoint)
        .copied()
        .unwrap_or(0)
}
