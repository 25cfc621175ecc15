//! Paying through any biller, from the two registries: which billers the cross-biller tests (the
//! soak, the reading matrix, the PostgreSQL instances test, `perf`) pay through, the debts they
//! pay, the requests they send and what they count at the simulator, without naming a biller.
//!
//! Most of it is the registries' own data: core's [`BillerId::ALL`] and each biller's
//! capabilities, and the simulator's [`recaudo_sim::billers`] with each one's [`PayableDebt`]
//! (what to look up, the debt, whether it lasts many payments, the endpoint that commits a
//! payment, the other values a payment needs). What neither registry says is below as data keyed
//! by the biller's name, each with a default for a biller it does not list, so a biller added to
//! both lists is paid by every loop without an edit here:
//!
//! - [`ONE_PAYMENT_DEBTS`]: debts of its own for a biller whose seed debt takes one payment only;
//! - [`TAKES_PAID_AT`]: the billers that record the `paid_at` a payment sends;
//! - [`HELD`]: where a biller's `/_sim/state` snapshot lists the payments it holds;
//! - [`RECOVERY`]: the recovery policy a biller's client runs with (the unified options carry
//!   timings only).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use recaudo_core::collection::{BillerId, Payer, PaymentRequest, Step};
use recaudo_core::recovery::RecoveryPolicy;
use recaudo_sim::{PayableDebt, Simulator};
use rust_decimal::Decimal;
use serde_json::Value;

/// Every biller a test can pay through, in the simulator's registry order: the simulator offers
/// a payable debt, this build of core has the biller, and its capabilities include `pay`.
pub fn paying_billers() -> Vec<BillerId> {
    recaudo_sim::billers()
        .into_iter()
        .filter(|b| b.payable.is_some())
        .filter_map(|b| core_id(b.id))
        .filter(|id| id.capabilities().supports(Step::Pay))
        .collect()
}

/// The biller of this build of core with this name (`"zoom"`), if any.
pub fn core_id(name: &str) -> Option<BillerId> {
    BillerId::ALL.iter().copied().find(|b| b.as_str() == name)
}

/// The seed debt the simulator offers to pay at `biller`.
///
/// # Panics
/// If the simulator offers none (a biller [`paying_billers`] leaves out).
pub fn payable(biller: BillerId) -> PayableDebt {
    recaudo_sim::billers()
        .into_iter()
        .find(|b| b.id == biller.as_str())
        .and_then(|b| b.payable)
        .unwrap_or_else(|| panic!("the simulator offers no payable debt at {biller}"))
}

/// The endpoint that commits `biller`'s payments (faults go there; sends are counted there).
pub fn pay_endpoint(biller: BillerId) -> &'static str {
    payable(biller).pay_endpoint
}

/// Requests that reached each of `biller`'s endpoints at the simulator.
pub fn requests(sim: &Simulator, biller: BillerId) -> BTreeMap<String, u64> {
    sim.requests(biller.as_str())
        .unwrap_or_else(|| panic!("the simulator plays no {biller}"))
}

/// Requests that reached `biller`'s pay endpoint: the payment's sends, a lost one included.
pub fn sends(sim: &Simulator, biller: BillerId) -> u64 {
    requests(sim, biller)
        .get(pay_endpoint(biller))
        .copied()
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Debts and requests

/// Debts that last a run of payments to one biller.
#[derive(Clone, Debug)]
pub enum Debts {
    /// One debt paid in parts by every payment, at most `cap` each so that all of them fit in
    /// its balance.
    Shared { debt_id: String, cap: Decimal },
    /// A debt of its own per payment, each paid once, in full.
    Each(Vec<(String, Decimal)>),
}

impl Debts {
    /// What the `k`-th payment of the run pays: part of the shared debt (`amount`, or the cap
    /// when that is less), or the whole of its own debt.
    ///
    /// # Panics
    /// If the run has no debt left for a `k`-th payment.
    pub fn get(&self, k: usize, amount: Decimal) -> (String, Decimal) {
        match self {
            Debts::Shared { debt_id, cap } => (debt_id.clone(), amount.min(*cap)),
            Debts::Each(debts) => debts
                .get(k)
                .cloned()
                .unwrap_or_else(|| panic!("{} debts seeded, payment {k} has none", debts.len())),
        }
    }
}

/// Billers whose seed debt takes one payment only, and how to give one a debt of its own per
/// payment (seeded at the simulator, each paid once, in full). The only seeding by name: a
/// biller whose seed debt can be paid in parts ([`PayableDebt::partial`]) needs none.
pub const ONE_PAYMENT_DEBTS: &[(&str, SeedDebts)] = &[("cooplan", cooplan_debts)];

/// Seeds `n` debts at a simulator, each paid once in full: `(debt_id, amount)` each.
pub type SeedDebts = fn(&Simulator, usize) -> Vec<(String, Decimal)>;

/// Cooplan pays an invoice once, in full: a contract of its own with one pending debt per
/// payment (`invoice:period:contract:asociado`; under `cooplan.deuda_values=compact` a lone debt
/// is listed as an object, then as `""` once paid).
fn cooplan_debts(sim: &Simulator, n: usize) -> Vec<(String, Decimal)> {
    const CONTRACT: &str = "77777";
    const ASOCIADO: i64 = 77_001;
    const FIRST_INVOICE: i64 = 8_000_000;
    const PERIOD: &str = "202611";
    let debts: Vec<(i64, &str, Decimal)> = (0..n)
        .map(|i| {
            let amount = Decimal::new(1_000 + (i as i64 % 9_000), 2);
            (FIRST_INVOICE + i as i64, PERIOD, amount)
        })
        .collect();
    sim.add_cooplan_contract(CONTRACT, ASOCIADO, debts.clone());
    debts
        .into_iter()
        .map(|(invoice, period, amount)| {
            (format!("{invoice}:{period}:{CONTRACT}:{ASOCIADO}"), amount)
        })
        .collect()
}

/// Debts at `sim` for `payments` payments to `biller`: its seed debt when it can be paid in
/// parts (each payment at most an even share of its balance), debts seeded for the purpose when
/// [`ONE_PAYMENT_DEBTS`] lists the biller, or for a single payment the seed debt, in full.
///
/// # Panics
/// For many payments to a biller whose seed debt takes one payment and that
/// [`ONE_PAYMENT_DEBTS`] does not list.
pub fn debts(sim: &Simulator, biller: BillerId, payments: usize) -> Debts {
    let debt = payable(biller);
    if debt.partial {
        let share = debt.amount / Decimal::from(payments.max(1) as u64);
        let cap = share.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
        assert!(
            cap > Decimal::ZERO,
            "{biller}'s seed debt ({}) cannot last {payments} payments",
            debt.amount
        );
        return Debts::Shared {
            debt_id: debt.debt_id.to_owned(),
            cap,
        };
    }
    if let Some((_, seed)) = ONE_PAYMENT_DEBTS
        .iter()
        .find(|(name, _)| *name == biller.as_str())
    {
        return Debts::Each(seed(sim, payments));
    }
    assert!(
        payments <= 1,
        "{biller}'s seed debt takes one payment: list how to seed {payments} in ONE_PAYMENT_DEBTS"
    );
    Debts::Each(vec![(debt.debt_id.to_owned(), debt.amount)])
}

/// Billers that record the `paid_at` a payment sends, and find a payment again by it (a run
/// makes it unique per payment); the others stamp their own clock, so a payment to them sends
/// none and their records are under their own day. A biller not listed is sent none.
pub const TAKES_PAID_AT: &[&str] = &["unicomer", "zoom"];

/// Whether a payment to `biller` sends its `paid_at` (see [`TAKES_PAID_AT`]).
pub fn takes_paid_at(biller: BillerId) -> bool {
    TAKES_PAID_AT.contains(&biller.as_str())
}

/// A made-up payer: Zoom records the payer; the other billers ignore it.
pub fn payer() -> Payer {
    Payer::new("V-00000001", "CLIENTE DE PRUEBA", "cliente@example.test")
}

/// A payment of `amount` on `debt_id` to `biller` under `receipt`, with the other values its
/// payable debt says a payment needs (`extra`: Zoom's destination account) and a made-up payer.
/// `paid_at` is sent only to a biller that takes it ([`takes_paid_at`]).
pub fn request(
    biller: BillerId,
    debt_id: &str,
    amount: Decimal,
    receipt: &str,
    paid_at: Option<NaiveDateTime>,
) -> PaymentRequest {
    let mut request = PaymentRequest::new(
        debt_id,
        amount,
        receipt,
        "CAJERO DE PRUEBA",
        "AGENCIA DE PRUEBA",
    );
    request.paid_at = paid_at.filter(|_| takes_paid_at(biller));
    request.payer = Some(payer());
    request.extra = payable(biller)
        .extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    request
}

// ---------------------------------------------------------------------------------------------
// Payments held at the biller

/// Where a biller's snapshot (`/_sim/state`, [`Simulator::state_of`]) lists the payments it
/// holds, and what ties one to our request. A row whose `reversed` is `true` is not held.
#[derive(Clone, Copy, Debug)]
pub struct Held {
    /// The list in the snapshot.
    pub list: &'static str,
    pub by: HeldBy,
}

#[derive(Clone, Copy, Debug)]
pub enum HeldBy {
    /// The field that holds our receipt.
    Receipt(&'static str),
    /// For a biller that takes no receipt: the fields that hold the parts of our `debt_id`
    /// (split at `:`), in order. Its debts are paid once each, so a row of our debt is our
    /// payment.
    Debt(&'static [&'static str]),
}

/// How each biller's snapshot shows the payments it holds, by name; a biller not listed is read
/// as [`HELD_BY_DEFAULT`].
pub const HELD: &[(&str, Held)] = &[
    (
        "unicomer",
        Held {
            list: "payments",
            by: HeldBy::Receipt("num_recibo"),
        },
    ),
    (
        "zoom",
        Held {
            list: "payments",
            by: HeldBy::Receipt("referencia"),
        },
    ),
    (
        "cooplan",
        Held {
            list: "collections",
            by: HeldBy::Debt(&["id_factura", "periodo", "contrato"]),
        },
    ),
];

/// A `payments` list whose rows carry our `receipt`.
pub const HELD_BY_DEFAULT: Held = Held {
    list: "payments",
    by: HeldBy::Receipt("receipt"),
};

fn held_of(biller: BillerId) -> Held {
    HELD.iter()
        .find(|(name, _)| *name == biller.as_str())
        .map_or(HELD_BY_DEFAULT, |(_, held)| *held)
}

/// A JSON scalar as text (`8000000`, `"202611"` → `8000000`, `202611`).
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// How many payments the simulator holds per biller and receipt, for the billers of `requests`,
/// read once (the snapshots may be large). A biller that takes no receipt has its rows mapped
/// back to the receipt of the request that paid that debt.
///
/// # Panics
/// If a biller's snapshot has no such list ([`HELD`] must say where it is).
pub fn held_at_the_biller<'a>(
    sim: &Simulator,
    requests: impl IntoIterator<Item = (BillerId, &'a PaymentRequest)>,
) -> BTreeMap<(BillerId, String), usize> {
    let mut by_biller: BTreeMap<BillerId, Vec<&PaymentRequest>> = BTreeMap::new();
    for (biller, request) in requests {
        by_biller.entry(biller).or_default().push(request);
    }
    let mut counts = BTreeMap::new();
    for (biller, requests) in by_biller {
        let held = held_of(biller);
        let state = sim
            .state_of(biller.as_str())
            .unwrap_or_else(|| panic!("the simulator plays no {biller}"));
        let rows = state[held.list].as_array().unwrap_or_else(|| {
            panic!(
                "{biller}'s snapshot has no `{}` list: say in HELD where its payments are",
                held.list
            )
        });
        let rows = rows.iter().filter(|r| r["reversed"] != Value::Bool(true));
        match held.by {
            HeldBy::Receipt(field) => {
                for row in rows {
                    *counts.entry((biller, text(&row[field]))).or_default() += 1;
                }
            }
            HeldBy::Debt(fields) => {
                let receipt_of: BTreeMap<Vec<&str>, &str> = requests
                    .iter()
                    .map(|r| {
                        let parts = r.debt_id.split(':').take(fields.len()).collect();
                        (parts, r.receipt.as_str())
                    })
                    .collect();
                for row in rows {
                    let parts: Vec<String> = fields.iter().map(|f| text(&row[*f])).collect();
                    let key: Vec<&str> = parts.iter().map(String::as_str).collect();
                    if let Some(receipt) = receipt_of.get(&key) {
                        *counts.entry((biller, (*receipt).to_owned())).or_default() += 1;
                    }
                }
            }
        }
    }
    counts
}

// ---------------------------------------------------------------------------------------------
// Recovery

/// The recovery policy each biller's client runs with where it is not core's default, read from
/// its own configuration: the unified options carry timings only. A biller not listed runs
/// [`RecoveryPolicy::default`] (resends an absence proven twice; at most two sends).
pub const RECOVERY: &[(&str, PolicyOf)] = &[
    ("unicomer", |sim| crate::unicomer_config(sim).recovery),
    ("zoom", |sim| crate::billers::zoom_config(sim).recovery),
    ("cooplan", |sim| {
        crate::billers::cooplan_config(sim).recovery
    }),
];

/// A biller's recovery policy, from its configuration against a simulator.
pub type PolicyOf = fn(&Simulator) -> RecoveryPolicy;

/// The recovery policy `biller`'s collector runs with (see [`RECOVERY`]).
pub fn recovery_policy(sim: &Simulator, biller: BillerId) -> RecoveryPolicy {
    RECOVERY
        .iter()
        .find(|(name, _)| *name == biller.as_str())
        .map_or_else(RecoveryPolicy::default, |(_, policy)| policy(sim))
}
