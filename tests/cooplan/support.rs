//! Helpers: a simulator, clients wired to it with test-friendly timings, the seed contract.

use recaudo_core::Secret;
use recaudo_core::clock::Clock;
use recaudo_core::cooplan::{CooplanClient, CooplanConfig, Credentials, PaymentRequest};
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::transport::Transport;
use recaudo_sim::{CooplanSimConfig, Fault, FaultKind, SimConfig, Simulator};
use rust_decimal::Decimal;

/// Seed contract 1001 (see the simulator's docs): customer id 90001, two pending debts.
pub const CONTRATO: &str = "1001";
pub const ID_ASOCIADO: &str = "90001";
pub const FACTURA: i64 = 5_000_001;
pub const PERIODO: &str = "202110";
pub const MONTO: &str = "136.76";
pub const FACTURA_2: i64 = 5_000_002;
pub const PERIODO_2: &str = "202111";

pub async fn sim_with(cooplan: CooplanSimConfig) -> Simulator {
    Simulator::start(SimConfig {
        cooplan,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

pub fn credentials() -> Credentials {
    let c = CooplanSimConfig::default();
    Credentials {
        cod_seguridad: Secret::new(c.cod_seguridad),
        login: c.login,
        pwd: Secret::new(c.pwd),
    }
}

/// Short timeout (the `delay` fault outlasts it), no settle delay (the simulator commits before
/// it drops), fast retries.
pub fn config(sim: &Simulator) -> CooplanConfig {
    recaudo_tests::billers::cooplan_config(sim)
}

pub fn client(sim: &Simulator) -> CooplanClient<NativeTransport, SystemClock> {
    client_with(config(sim), NativeTransport::new().unwrap(), SystemClock)
}

pub fn client_with<T: Transport, C: Clock>(
    config: CooplanConfig,
    transport: T,
    clock: C,
) -> CooplanClient<T, C> {
    CooplanClient::new(config, transport, clock).expect("valid configuration")
}

pub fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

/// Paying the seed contract's first debt in full.
pub fn payment(receipt: &str) -> PaymentRequest {
    PaymentRequest {
        id_factura: FACTURA,
        periodo: PERIODO.into(),
        contrato: CONTRATO.into(),
        id_asociado: ID_ASOCIADO.into(),
        amount: dec(MONTO),
        balance: Some(dec(MONTO)),
        receipt: Some(receipt.into()),
    }
}

pub fn fault(endpoint: &str, kind: FaultKind) -> Fault {
    Fault {
        biller: "cooplan".into(),
        endpoint: endpoint.into(),
        kind,
        times: 1,
    }
}

/// How many requests reached a simulator endpoint.
pub fn requests(sim: &Simulator, endpoint: &str) -> u64 {
    sim.cooplan_state()
        .requests
        .get(endpoint)
        .copied()
        .unwrap_or(0)
}

/// Collections in effect of the first seed debt: 1 once paid, never 2.
pub fn paid_once(sim: &Simulator) -> usize {
    sim.cooplan_state().collections_in_effect(FACTURA, PERIODO)
}

pub fn is_pending(sim: &Simulator) -> bool {
    sim.cooplan_state()
        .is_pending(FACTURA, PERIODO)
        .expect("seed debt exists")
}

pub fn every_fault() -> Vec<FaultKind> {
    vec![
        FaultKind::DropBeforeCommit,
        FaultKind::DropAfterCommit,
        FaultKind::Error500,
        FaultKind::TruncatedJson,
        // Longer than the tests' 400 ms timeout: the client gives up while the biller commits.
        FaultKind::Delay { ms: 700 },
    ]
}

/// Whether the fault leaves the biller's state unchanged (the request was not processed).
pub fn before_commit(kind: &FaultKind) -> bool {
    matches!(kind, FaultKind::DropBeforeCommit | FaultKind::Error500)
}
