//! recaudo simulator: a stateful local HTTP server that behaves like the billers recaudo
//! speaks to, with fault injection and a controllable clock.
//!
//! Every test and the demo talk to real HTTP on `127.0.0.1`, so the same code paths run
//! against the simulator as against a biller: transports, envelopes, quirks, lost replies.
//!
//! - Each biller lives under its own path prefix (`/unicomer/`, `/unicobros/`, `/zoom/`,
//!   `/cooplan/`); each implements the internal `SimBiller` trait once, in its own folder, and
//!   is listed once in the registry, which [`billers`] hands out as plain data (id, fake
//!   credentials, a debt to pay) so tests can loop over the billers. Its seed data, fake
//!   credentials and choices are documented in its module ([`unicobros`], [`zoom`],
//!   [`cooplan`]).
//! - Faults ([`Fault`]) are armed per biller endpoint and consumed in order by the next
//!   matching requests: dropped replies before or after the commit, 500s, truncated JSON,
//!   delays, a commit that lands after the client gave up, a commit answered with an error.
//! - Readings ([`readings`]) pick one plausible reading of each ambiguity in the billers'
//!   documents; the simulator plays exactly one value per switch at a time, so a client's
//!   tests can fail where the biller does the other thing.
//! - The clock is Ecuador wall time (fixed UTC−05:00, independent of the machine's time
//!   zone) moving with real time plus an offset that [`Simulator::advance_clock`] pushes;
//!   token expiry and Unicomer's three-minute sync window use it (the other billers convert
//!   it to their own zones).
//! - A control API under `/_sim/` does over HTTP what the methods of [`Simulator`] do, for
//!   tests in other processes (browser, Kotlin, C) against `recaudo sim`.
//! - An example merchant backend under `/merchant/{biller}/` ([`merchant`]) forwards to the
//!   billers with the credentials filled in, for pages that hold none; [`statics`] serves the
//!   browser demo page and package (`recaudo sim --www DIR --pkg DIR`).
//!
//! No credential or personal data from the billers' documents is used. Unicomer's defaults
//! ([`UnicomerSimConfig`]): user `cajero@recaudo.test`, password `fake-password-123`,
//! commerce `EMPTEST`; seed customers (invoice id = the `secuencial` to pay, with its debt
//! `deuda_tot_conpro`):
//!
//! | cliente | invoices |
//! | --- | --- |
//! | `0900000001` | 700001: 569.55 (overdue, `valor_pagar` 153.75); 700002: 639.60 |
//! | `0900000002` | 700003: 607.20 (overdue, `valor_pagar` 67.20) |
//! | `0900000003` | 700004: 270.00; 700005: 2520.00; 700006: 125000.00 (bulk tests) |
//! | `0900000004` | none, and no phones (shows `unicomer.estadocuenta_empty`) |
//!
//! Payments get `idtrx` 1001, 1002, … after each start or reset.

mod biller;
mod clock;
mod control;
pub mod exact;
mod faults;
mod fields;
pub mod merchant;
mod money;
pub mod readings;
#[macro_use]
mod registry;
mod server;
pub mod statics;
mod tokens;

// The simulated billers: the one list. A line is its folder and the type implementing
// `biller::SimBiller`; it declares the module and mounts the biller under `/{ID}/`.
sim_billers! {
    unicomer::Unicomer,
    unicobros::Unicobros,
    zoom::Zoom,
    cooplan::Cooplan,
    acme::Acme,
}

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::biller::{AnyBiller, Mounted, SimBiller};
use crate::clock::{SimClock, wall};
use crate::faults::FaultQueues;
use crate::readings::LiveReadings;
use crate::unicomer::Unicomer;

pub use crate::cooplan::CooplanSimConfig;
pub use crate::faults::{Fault, FaultError, FaultKind};
pub use crate::merchant::MerchantConfig;
pub use crate::readings::{READINGS, ReadingError, ReadingSpec, Readings, readings_of};
pub use crate::registry::{BillerInfo, CredentialsAt, PayableDebt, SimCredentials, billers};
pub use crate::statics::StaticDirs;
pub use crate::unicobros::UnicobrosSimConfig;
pub use crate::unicomer::{
    CustomerSnapshot, InvoiceSnapshot, PaymentSnapshot, UnicomerSimConfig, UnicomerSnapshot,
};
pub use crate::zoom::{BUTTON_PAGE as ZOOM_BUTTON_PAGE, ZoomSimConfig};

/// How to start a simulator. The default picks a free port and the default Unicomer.
#[derive(Clone, Debug, Default)]
pub struct SimConfig {
    /// Port on 127.0.0.1; 0 picks a free one (see [`Simulator::port`]).
    pub port: u16,
    /// The simulated Unicomer.
    pub unicomer: UnicomerSimConfig,
    /// The simulated Unicobros (Mobbex white label).
    pub unicobros: UnicobrosSimConfig,
    /// The simulated Zoom.
    pub zoom: ZoomSimConfig,
    /// The simulated Cooplan (PagoFácil Bolivia).
    pub cooplan: CooplanSimConfig,
    /// The example merchant backend under `/merchant/` (see [`merchant`]).
    pub merchant: MerchantConfig,
    /// Static files for the browser demo (see [`statics`]); none by default.
    pub statics: StaticDirs,
    /// Close every connection after its reply (`Connection: close`). Browsers resend a
    /// request, even a POST, when a reused keep-alive connection closes before any byte of the
    /// reply, which is exactly what a dropped-reply fault looks like: a browser test of a lost
    /// reply needs fresh connections to see the loss instead of a silent second send.
    pub no_keep_alive: bool,
    /// Which reading of each documented ambiguity to play (see [`readings`]); a reset comes
    /// back to these.
    pub readings: Readings,
}

/// State shared by the server tasks and every [`Simulator`] handle.
pub(crate) struct Shared {
    clock: SimClock,
    faults: FaultQueues,
    readings: Arc<LiveReadings>,
    /// Every biller of the registry, for routing by prefix, the generic control endpoints and
    /// the typed accessors ([`Shared::get`]).
    billers: Vec<Arc<dyn AnyBiller>>,
    merchant: merchant::MerchantBackend,
    statics: StaticDirs,
    keep_alive: bool,
}

impl Shared {
    fn biller(&self, id: &str) -> Option<&Arc<dyn AnyBiller>> {
        self.billers.iter().find(|b| b.id() == id)
    }

    /// One biller with its type, for the methods of [`Simulator`] that only it has.
    ///
    /// # Panics
    /// If `B` is not in the registry: a biller's own methods are only written for a listed
    /// biller, so this is a bug in the simulator that every test of that method shows.
    pub(crate) fn get<B: SimBiller>(&self) -> &Mounted<B> {
        self.billers
            .iter()
            .find_map(|b| b.as_any().downcast_ref::<Mounted<B>>())
            .unwrap_or_else(|| panic!("recaudo-sim: `{}` is not in the registry", B::ID))
    }

    /// Arms a fault after checking that its biller and endpoint exist, so a typo in a test
    /// fails loudly instead of arming a fault that never fires.
    fn arm(&self, fault: Fault) -> Result<(), FaultError> {
        let biller = self.biller(&fault.biller).ok_or_else(|| {
            let known: Vec<_> = self.billers.iter().map(|b| b.id()).collect();
            FaultError(format!(
                "unknown biller `{}`; known: {}",
                fault.biller,
                known.join(", ")
            ))
        })?;
        if !biller.endpoints().contains(&fault.endpoint.as_str()) {
            return Err(FaultError(format!(
                "unknown {} endpoint `{}`; known: {}",
                fault.biller,
                fault.endpoint,
                biller.endpoints().join(", ")
            )));
        }
        self.faults.arm(fault);
        Ok(())
    }

    fn reset(&self) {
        self.faults.clear();
        self.clock.reset();
        self.readings.reset();
        for b in &self.billers {
            b.reset();
        }
    }

    fn state_json(&self) -> Value {
        let now = self.clock.now();
        let mut state = serde_json::Map::new();
        for b in &self.billers {
            state.insert(b.id().to_owned(), b.snapshot_json(now));
        }
        state.insert("faults".to_owned(), json!(self.faults.list()));
        state.insert("readings".to_owned(), json!(self.readings.snapshot()));
        state.insert("clock".to_owned(), json!(wall(now)));
        Value::Object(state)
    }
}

/// A handle to a running simulator. Cheap to clone; every clone controls the same server.
///
/// Dropping every handle does not stop the server (a demo may keep only the URL): it runs
/// until [`Simulator::shutdown`] or until its tokio runtime ends.
#[derive(Clone)]
pub struct Simulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: Arc<watch::Sender<bool>>,
}

impl Simulator {
    /// Binds 127.0.0.1 (only), spawns the server on the current tokio runtime and returns
    /// once it is listening.
    pub async fn start(config: SimConfig) -> std::io::Result<Simulator> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
        let addr = listener.local_addr()?;
        let merchant = merchant::MerchantBackend::new(&config);
        let statics = config.statics.clone();
        let readings = Arc::new(LiveReadings::new(config.readings.clone()));
        let billers = registry::mount_all(&config, &readings);
        let shared = Arc::new(Shared {
            clock: SimClock::new(),
            faults: FaultQueues::default(),
            readings,
            billers,
            merchant,
            statics,
            keep_alive: !config.no_keep_alive,
        });
        let (shutdown, stop_rx) = watch::channel(false);
        tokio::spawn(server::run(listener, Arc::clone(&shared), stop_rx));
        Ok(Simulator {
            shared,
            addr,
            shutdown: Arc::new(shutdown),
        })
    }

    /// `http://127.0.0.1:PORT/`
    pub fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// `http://127.0.0.1:PORT/{biller}/`: the root of the biller with this id (see
    /// [`billers`]), or `None` when the simulator has no such biller.
    pub fn url_of(&self, biller: &str) -> Option<String> {
        self.shared.biller(biller).map(|b| self.root_url(b.id()))
    }

    fn root_url(&self, id: &str) -> String {
        format!("http://{}/{id}/", self.addr)
    }

    /// `http://127.0.0.1:PORT/unicomer/`: the Unicomer root (`token` and
    /// `api/recaudadores/*` are under it).
    pub fn unicomer_url(&self) -> String {
        self.root_url(Unicomer::ID)
    }

    /// `http://127.0.0.1:PORT/unicobros/`: the Unicobros root (`2.0/transactions/...`, `p/operations`).
    pub fn unicobros_url(&self) -> String {
        self.root_url(unicobros::Unicobros::ID)
    }

    /// `http://127.0.0.1:PORT/zoom/`: the Zoom root (the `*Ws` services under it).
    pub fn zoom_url(&self) -> String {
        self.root_url(zoom::Zoom::ID)
    }

    /// `http://127.0.0.1:PORT/cooplan/`: the Cooplan root (`api/*` under it).
    pub fn cooplan_url(&self) -> String {
        self.root_url(cooplan::Cooplan::ID)
    }

    /// Every biller of this simulator as plain data, with the credentials its settings accept
    /// ([`billers`] gives the same under the default settings).
    pub fn billers(&self) -> Vec<BillerInfo> {
        self.shared.billers.iter().map(|b| b.info()).collect()
    }

    /// Requests that reached each endpoint of the biller with this id (see [`billers`]) since
    /// start or reset, faulted or not: every endpoint it lists, even at 0, as `/_sim/state` shows
    /// them. `None` when the simulator has no such biller.
    pub fn requests(&self, biller: &str) -> Option<BTreeMap<String, u64>> {
        self.shared.biller(biller).map(|b| b.request_counts())
    }

    /// The state of the biller with this id as `GET /_sim/state` lists it under that id (its
    /// snapshot as JSON), for a test that reads any biller without its typed accessor. `None`
    /// when the simulator has no such biller.
    pub fn state_of(&self, biller: &str) -> Option<Value> {
        let now = self.shared.clock.now();
        self.shared.biller(biller).map(|b| b.snapshot_json(now))
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Arms a fault (same as `POST /_sim/faults`).
    ///
    /// # Panics
    /// If the biller or endpoint does not exist: that is a bug in the calling test, and a
    /// fault that silently never fires would hide it. Use [`Simulator::try_arm_fault`] to
    /// get an error instead.
    pub fn arm_fault(&self, fault: Fault) {
        if let Err(e) = self.try_arm_fault(fault) {
            panic!("recaudo-sim: cannot arm fault: {e}");
        }
    }

    /// Arms a fault, or says why it cannot (unknown biller or endpoint).
    pub fn try_arm_fault(&self, fault: Fault) -> Result<(), FaultError> {
        self.shared.arm(fault)
    }

    /// Disarms every fault (same as `DELETE /_sim/faults`).
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// Moves the simulated clock forward by `secs` seconds (same as
    /// `POST /_sim/clock/advance`).
    pub fn advance_clock(&self, secs: i64) {
        self.shared.clock.advance(secs);
    }

    /// Invalidates every token every biller issued: the next call with one gets that
    /// biller's authentication failure.
    pub fn expire_tokens(&self) {
        for biller in &self.shared.billers {
            biller.expire_tokens();
        }
    }

    /// Plays `value` for the reading `key` from the next request on (same as
    /// `POST /_sim/readings`); an unknown key or value changes nothing.
    pub fn set_reading(&self, key: &str, value: &str) -> Result<(), ReadingError> {
        self.shared
            .readings
            .update(|r| r.set(key, value))
            .map(|_| ())
    }

    /// The readings played now (same as `GET /_sim/readings`).
    pub fn readings(&self) -> Readings {
        self.shared.readings.snapshot()
    }

    /// Back to seed state: clears faults, counters, tokens and payments, puts the clock back
    /// on real time and the readings back to those of [`SimConfig::readings`].
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Stops accepting connections and closes open ones once their current request is
    /// answered.
    pub fn shutdown(&self) {
        self.shutdown.send_replace(true);
    }
}

/// Runs a simulator until ctrl-c (for `recaudo sim --port N`). Prints nothing; the caller
/// knows the port it asked for.
pub async fn serve_forever(config: SimConfig) -> std::io::Result<()> {
    let sim = Simulator::start(config).await?;
    let result = tokio::signal::ctrl_c().await;
    sim.shutdown();
    result
}
