//! The simulated billers, listed once.
//!
//! [`REGISTRY`] (declared by the one list in `lib.rs`) is the only place that names every biller: the server routes by its prefixes,
//! `/_sim/state`, `/_sim/reset` and [`crate::Simulator::expire_tokens`] go through it, and the
//! merchant backend takes each biller's credentials from it. Adding a biller is its folder
//! (a type implementing [`SimBiller`]) and one line in that list.
//!
//! [`billers`] hands the same list to other crates as plain data (id, endpoints, fake
//! credentials, a debt to pay), so cross-biller tests can loop over it instead of naming the
//! billers one by one.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::REGISTRY;
use crate::SimConfig;
use crate::biller::{AnyBiller, Mounted, SimBiller};
use crate::readings::LiveReadings;

/// Declares every simulated biller's module and [`REGISTRY`], from the one list in `lib.rs`.
macro_rules! sim_billers {
    ($($module:ident :: $biller:ident,)+) => {
        $(pub mod $module;)+

        /// Every simulated biller, in the order `/_sim/state` lists them.
        const REGISTRY: &[registry::Entry] = &[$(registry::Entry::of::<$module::$biller>(),)+];
    };
}

/// One line of the registry: how to mount the biller and how to describe it without mounting.
pub(crate) struct Entry {
    mount: fn(&SimConfig, Arc<LiveReadings>) -> Arc<dyn AnyBiller>,
    describe: fn(&SimConfig) -> BillerInfo,
}

impl Entry {
    pub(crate) const fn of<B: SimBiller>() -> Entry {
        Entry {
            mount: mount::<B>,
            describe: describe::<B>,
        }
    }
}

fn mount<B: SimBiller>(sim: &SimConfig, readings: Arc<LiveReadings>) -> Arc<dyn AnyBiller> {
    Arc::new(Mounted::<B>::new(sim, readings))
}

fn describe<B: SimBiller>(sim: &SimConfig) -> BillerInfo {
    info::<B>(&B::config(sim))
}

/// Every biller, mounted with the simulator's settings and the shared readings.
pub(crate) fn mount_all(sim: &SimConfig, readings: &Arc<LiveReadings>) -> Vec<Arc<dyn AnyBiller>> {
    REGISTRY
        .iter()
        .map(|e| (e.mount)(sim, Arc::clone(readings)))
        .collect()
}

/// Every biller as plain data, under these settings.
pub(crate) fn billers_of(sim: &SimConfig) -> Vec<BillerInfo> {
    REGISTRY.iter().map(|e| (e.describe)(sim)).collect()
}

/// A biller as plain data, under its settings.
pub(crate) fn info<B: SimBiller>(config: &B::Config) -> BillerInfo {
    BillerInfo {
        id: B::ID,
        endpoints: B::ENDPOINTS,
        credentials: B::credentials(config),
        options: B::client_options(config),
        payable: B::payable_debt(),
    }
}

/// Every simulated biller under the default settings ([`SimConfig::default`]), in registry
/// order: what a test needs to talk to each one without naming it. A simulator started with
/// other settings describes its own with [`crate::Simulator::billers`].
pub fn billers() -> Vec<BillerInfo> {
    billers_of(&SimConfig::default())
}

/// One simulated biller as plain data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillerInfo {
    /// Its path prefix and its name in faults and readings (`"unicomer"` for `/unicomer/...`;
    /// see [`crate::Simulator::url_of`]).
    pub id: &'static str,
    /// Every endpoint name a [`crate::Fault`] may target.
    pub endpoints: &'static [&'static str],
    /// The fake credentials it accepts.
    pub credentials: SimCredentials,
    /// What a recaudo client connects to it with, besides the base URL: the fields of the
    /// biller's options in `recaudo_core` (`BillerOptions`), by their JSON (camelCase) names,
    /// so a test builds any biller's options without naming it.
    pub options: Vec<(&'static str, String)>,
    /// A seed debt a test can look up and pay; `None` when the biller's documented API takes
    /// no payment (Unicobros: payments happen in the gateway's checkout).
    pub payable: Option<PayableDebt>,
}

/// The fake credentials a simulated biller accepts, and where a client puts them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimCredentials {
    /// Where they go.
    pub at: CredentialsAt,
    /// Field or header names, in the biller's own spelling, with the values accepted.
    pub values: Vec<(&'static str, String)>,
}

impl SimCredentials {
    /// Body fields of the login `endpoint`.
    pub(crate) fn login<const N: usize>(
        endpoint: &'static str,
        values: [(&'static str, &str); N],
    ) -> Self {
        SimCredentials::new(CredentialsAt::Login(endpoint), values)
    }

    /// Headers on every call.
    pub(crate) fn every_call<const N: usize>(values: [(&'static str, &str); N]) -> Self {
        SimCredentials::new(CredentialsAt::EveryCall, values)
    }

    fn new<const N: usize>(at: CredentialsAt, values: [(&'static str, &str); N]) -> Self {
        let values = values.map(|(k, v)| (k, v.to_owned())).into();
        SimCredentials { at, values }
    }

    /// The value of one credential, by its name (`"username"`, `"x-api-key"`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Where a biller takes its credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialsAt {
    /// Body fields of this endpoint, a login that issues the token later calls carry.
    Login(&'static str),
    /// Headers on every call (static keys).
    EveryCall,
}

/// A debt in a biller's seed that a test can look up and pay, named the way recaudo's unified
/// collection API names it (`recaudo_core::collection`; the simulator does not depend on it, so
/// these are its texts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayableDebt {
    /// What a lookup takes: a customer, a document or a contract.
    pub lookup: &'static str,
    /// The debt as the lookup lists it (`debt_id`).
    pub debt_id: &'static str,
    /// What it owes at seed (after every start or reset).
    pub amount: Decimal,
    /// Whether it can be paid in parts, many times over (a balance large enough for bulk
    /// tests); `false` when the biller takes one payment of the whole amount only.
    pub partial: bool,
    /// The endpoint that commits a payment, for faults.
    pub pay_endpoint: &'static str,
    /// Other values a payment needs, by the unified API's names (Zoom's destination account
    /// is `bank_account`).
    pub extra: &'static [(&'static str, &'static str)],
}
