//! Helpers: a simulator per test and a client wired to it with test-friendly timings.

use recaudo_core::Secret;
use recaudo_core::clock::Clock;
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::transport::Transport;
use recaudo_core::unicobros::{Credentials, UnicobrosClient, UnicobrosConfig};
use recaudo_sim::unicobros::UnicobrosOperation;
use recaudo_sim::{Fault, FaultKind, SimConfig, Simulator};
use rust_decimal::Decimal;

pub use recaudo_tests::{manual_clock, start_sim};

/// The simulator's fake credentials.
pub fn credentials() -> Credentials {
    let sim = SimConfig::default().unicobros;
    Credentials {
        api_key: Secret::new(sim.api_key),
        access_token: Secret::new(sim.access_token),
    }
}

/// A short timeout (the `delay` fault outlasts it) and quick retries.
pub fn config(sim: &Simulator) -> UnicobrosConfig {
    recaudo_tests::billers::unicobros_config(sim)
}

pub type Client = UnicobrosClient<NativeTransport, SystemClock>;

pub fn client(sim: &Simulator) -> Client {
    client_with(config(sim), NativeTransport::new().unwrap(), SystemClock)
}

pub fn client_with<T: Transport, C: Clock>(
    config: UnicobrosConfig,
    transport: T,
    clock: C,
) -> UnicobrosClient<T, C> {
    UnicobrosClient::new(config, transport, clock).expect("valid configuration")
}

pub fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

pub fn fault(endpoint: &str, kind: FaultKind) -> Fault {
    Fault {
        biller: "unicobros".into(),
        endpoint: endpoint.into(),
        kind,
        times: 1,
    }
}

/// Requests that reached a simulator endpoint.
pub fn requests(sim: &Simulator, endpoint: &str) -> u64 {
    sim.unicobros_state().requests_to(endpoint)
}

/// Adds a payment attempt (a checkout's result) and returns its coupon id.
pub fn add(sim: &Simulator, reference: &str, total: &str, currency: &str, status: &str) -> String {
    sim.add_unicobros_operation(UnicobrosOperation::new(
        reference,
        dec(total),
        currency,
        status,
    ))
    .expect("the simulator accepts the operation")
}

/// The seed's coupon id for a reference (its first coupon).
pub fn coupon_id(sim: &Simulator, reference: &str) -> String {
    sim.unicobros_state().with_reference(reference)[0]
        .id
        .clone()
}
