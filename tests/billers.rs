//! Every biller's client configuration against a simulator, with the timings the tests use: a
//! short timeout (the `delay` fault outlasts it), no settle delay (the simulator commits before
//! it drops a reply), quick retries. One place, for the per-biller suites, the unified-flow
//! tests and the soak.

use std::time::Duration;

use recaudo_core::Secret;
use recaudo_core::collection::{BillerId, BillerOptions, Collector};
use recaudo_core::native::{NativeTransport, SystemClock};
use recaudo_core::recovery::RecoveryPolicy;
use recaudo_core::retry::RetryPolicy;
use recaudo_core::{cooplan, unicobros, zoom};
use recaudo_sim::{SimConfig, Simulator};
use serde_json::{Value, json};

pub const TIMEOUT: Duration = Duration::from_millis(400);

/// The test timings, applied to any biller's policies.
pub fn tune(timeout: &mut Duration, retry: &mut RetryPolicy, recovery: &mut RecoveryPolicy) {
    *timeout = TIMEOUT;
    retry.base_delay = Duration::from_millis(10);
    recovery.settle_delay = Duration::from_millis(10);
}

pub fn cooplan_config(sim: &Simulator) -> cooplan::CooplanConfig {
    let c = SimConfig::default().cooplan;
    let credentials = cooplan::Credentials {
        cod_seguridad: Secret::new(c.cod_seguridad),
        login: c.login,
        pwd: Secret::new(c.pwd),
    };
    let mut config = cooplan::CooplanConfig::with_base_url(&sim.cooplan_url(), false, credentials)
        .expect("loopback URL is accepted");
    tune(&mut config.timeout, &mut config.retry, &mut config.recovery);
    config
}

pub fn unicobros_config(sim: &Simulator) -> unicobros::UnicobrosConfig {
    let c = SimConfig::default().unicobros;
    let credentials = unicobros::Credentials {
        api_key: Secret::new(c.api_key),
        access_token: Secret::new(c.access_token),
    };
    let mut config =
        unicobros::UnicobrosConfig::with_base_url(&sim.unicobros_url(), false, credentials)
            .expect("loopback URL is accepted");
    tune(&mut config.timeout, &mut config.retry, &mut config.recovery);
    config
}

pub fn zoom_config(sim: &Simulator) -> zoom::ZoomConfig {
    let user = SimConfig::default().zoom;
    let credentials = zoom::Credentials::Login {
        login: user.login,
        password: Secret::new(user.password),
    };
    let mut config = zoom::ZoomConfig::new(&sim.zoom_url(), false, credentials)
        .expect("loopback URL is accepted");
    tune(&mut config.timeout, &mut config.retry, &mut config.recovery);
    config
}

/// Any biller's options against the simulator, from the simulator's registry (its fake
/// credentials by the options' names), with the test timings.
pub fn options(sim: &Simulator, biller: BillerId) -> BillerOptions {
    let id = biller.as_str();
    let info = sim
        .billers()
        .into_iter()
        .find(|b| b.id == id)
        .unwrap_or_else(|| panic!("the simulator plays no `{id}`"));
    let mut options = serde_json::Map::new();
    options.insert("biller".into(), json!(id));
    options.insert(
        "connection".into(),
        json!({
            "baseUrl": sim.url_of(id).expect("registered"),
            "timeoutMs": TIMEOUT.as_millis() as u64,
            "retryDelayMs": 10,
            "settleDelayMs": 10,
        }),
    );
    for (name, value) in info.options {
        options.insert(name.into(), json!(value));
    }
    serde_json::from_value(Value::Object(options))
        .unwrap_or_else(|e| panic!("the simulator's `{id}` options fit recaudo's: {e}"))
}

/// The unified collector for a biller, over the native transport.
pub fn collector(sim: &Simulator, biller: BillerId) -> Collector<NativeTransport, SystemClock> {
    collector_with(options(sim, biller))
}

/// [`collector`] with another per-request timeout.
pub fn collector_with_timeout(
    sim: &Simulator,
    biller: BillerId,
    timeout: Duration,
) -> Collector<NativeTransport, SystemClock> {
    let mut options = options(sim, biller);
    options.connection_mut().timeout_ms =
        Some(i64::try_from(timeout.as_millis()).unwrap_or(i64::MAX));
    collector_with(options)
}

fn collector_with(options: BillerOptions) -> Collector<NativeTransport, SystemClock> {
    let transport = NativeTransport::new().expect("HTTP client");
    Collector::connect(options, transport, SystemClock).expect("valid options")
}

/// The most adversarial reading of each paying biller's document: every switch at the value
/// that makes safe payment hardest (a status call that cannot find or name our payment, no
/// duplicate guard, a report that proves nothing, a settled invoice collected again). The
/// reading matrix runs every scenario under it, and `cargo xtask soak --adversarial` soaks under
/// it. Zoom's only safety switch is its default (no guard on a repeated `referencia`);
/// `zoom.login_path` is left at `any_case`, since a login that cannot be found sends nothing.
pub const ADVERSARIAL: &[(&str, &str)] = &[
    ("unicomer.consultarpago_key", "idtrx"),
    ("unicomer.consultarpago_num_recibo", "empty"),
    ("unicomer.duplicate_receipt", "accepted"),
    ("unicomer.estadocuenta_empty", "null"),
    ("unicomer.conciliacion_date", "day_first"),
    ("zoom.duplicate_referencia", "accepted"),
    ("cooplan.auth_header", "autorizacion"),
    ("cooplan.reporte_values", "string"),
    ("cooplan.deuda_values", "compact"),
    ("cooplan.id_cobranza", "number"),
    ("cooplan.pay_settled", "accepted"),
];

/// [`ADVERSARIAL`] for `biller` only (`"unicomer"`, `"zoom"`, `"cooplan"`), every other switch
/// at its default.
pub fn adversarial_for(biller: &str) -> recaudo_sim::Readings {
    let mut readings = recaudo_sim::Readings::default();
    readings
        .set_all(
            ADVERSARIAL
                .iter()
                .filter(|(k, _)| k.split('.').next() == Some(biller))
                .copied(),
        )
        .expect("the adversarial readings are known");
    readings
}

/// [`ADVERSARIAL`] for every biller at once.
pub fn adversarial() -> recaudo_sim::Readings {
    let mut readings = recaudo_sim::Readings::default();
    readings
        .set_all(ADVERSARIAL.iter().copied())
        .expect("the adversarial readings are known");
    readings
}
