//! Acme Servicios, a **made-up biller**: the test fixture that shows a simulated biller is one
//! folder plus one line in [`crate::registry`] (its client is `recaudo_core::acme`, behind that
//! crate's `acme` feature).
//!
//! Three endpoints under `/acme/`, every call with the key in `X-Api-Key` (401 without it):
//!
//! - `GET debts?customer=ID`: the customer and their debts (404 for an unknown customer);
//! - `POST payments` `{"debt_id", "amount": "12.50", "receipt"}`: 201 with the payment; 409 for
//!   a receipt already used (the receipt is unique), 404 for an unknown debt, 422 for an amount
//!   that is not positive or exceeds the balance;
//! - `GET payments/RECEIPT`: the payment made under a receipt, or 404.
//!
//! Seed: customer `C-1001` (Ana Prueba) owes `ACME-1`, 5000.00 (partial payments accepted),
//! and `ACME-2`, 20.00.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use hyper::{Method, StatusCode};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::SimConfig;
use crate::biller::{Call, Mounted, SimBiller, SimResponse};
use crate::readings::LiveReadings;
use crate::registry::{PayableDebt, SimCredentials};

/// The simulated Acme (its state lives in [`Mounted`]).
pub(crate) struct Acme;

/// The key Acme accepts: obviously fake.
#[derive(Clone, Debug)]
pub struct AcmeSimConfig {
    pub api_key: String,
}

pub(crate) struct Debt {
    customer: &'static str,
    description: &'static str,
    balance: Decimal,
}

#[derive(Clone, Debug, Serialize)]
pub struct AcmePayment {
    pub payment_id: String,
    pub receipt: String,
    pub debt_id: String,
    pub amount: String,
    pub status: &'static str,
}

pub(crate) struct State {
    customers: BTreeMap<&'static str, &'static str>,
    debts: BTreeMap<&'static str, Debt>,
    payments: BTreeMap<String, AcmePayment>,
}

/// What tests read: the payments, by receipt.
#[derive(Debug, Serialize)]
pub struct AcmeSnapshot {
    pub requests: BTreeMap<String, u64>,
    pub payments: Vec<AcmePayment>,
}

#[derive(Deserialize)]
struct PayBody {
    debt_id: String,
    amount: String,
    receipt: String,
}

fn error(status: StatusCode, message: &str) -> SimResponse {
    SimResponse::json(status, &json!({ "error": message }))
}

fn debts(cx: &Call<'_, AcmeSimConfig>, st: &State) -> SimResponse {
    let customer = serde_urlencoded::from_str::<BTreeMap<String, String>>(&cx.req.query)
        .ok()
        .and_then(|q| q.get("customer").cloned())
        .unwrap_or_default();
    let Some((id, name)) = st.customers.get_key_value(customer.trim()) else {
        return error(StatusCode::NOT_FOUND, "unknown customer");
    };
    let debts: Vec<Value> = st
        .debts
        .iter()
        .filter(|(_, d)| d.customer == *id && d.balance > Decimal::ZERO)
        .map(|(debt_id, d)| {
            json!({"id": debt_id, "description": d.description, "amount": d.balance.to_string()})
        })
        .collect();
    SimResponse::ok(&json!({"customer": {"id": id, "name": name}, "debts": debts}))
}

fn pay(cx: &Call<'_, AcmeSimConfig>, st: &mut State) -> SimResponse {
    let Ok(body) = serde_json::from_slice::<PayBody>(&cx.req.body) else {
        return error(StatusCode::BAD_REQUEST, "a JSON body with debt_id, amount and receipt");
    };
    if st.payments.contains_key(&body.receipt) {
        return error(StatusCode::CONFLICT, "duplicate receipt");
    }
    let Some(debt) = st.debts.get_mut(body.debt_id.as_str()) else {
        return error(StatusCode::NOT_FOUND, "unknown debt");
    };
    let amount = match body.amount.parse::<Decimal>() {
        Ok(a) if a > Decimal::ZERO && a <= debt.balance => a,
        _ => return error(StatusCode::UNPROCESSABLE_ENTITY, "amount not payable"),
    };
    debt.balance -= amount;
    let payment = AcmePayment {
        payment_id: format!("AP-{}", st.payments.len() + 1),
        receipt: body.receipt.clone(),
        debt_id: body.debt_id,
        amount: amount.to_string(),
        status: "accepted",
    };
    st.payments.insert(body.receipt, payment.clone());
    SimResponse::json(StatusCode::CREATED, &payment)
}

fn payment(cx: &Call<'_, AcmeSimConfig>, st: &State) -> SimResponse {
    let receipt = cx.req.path.split_once('/').map_or("", |(_, r)| r);
    match st.payments.get(receipt) {
        Some(p) => SimResponse::ok(p),
        None => error(StatusCode::NOT_FOUND, "no payment under this receipt"),
    }
}

impl SimBiller for Acme {
    const ID: &'static str = "acme";
    const ENDPOINTS: &'static [&'static str] = &["debts", "payments", "payment"];
    type Config = AcmeSimConfig;
    type State = State;
    type Snapshot = AcmeSnapshot;

    fn config(_sim: &SimConfig) -> AcmeSimConfig {
        AcmeSimConfig {
            api_key: "fake-acme-key-1".into(),
        }
    }

    fn seed() -> State {
        let debt = |customer, description, cents| Debt {
            customer,
            description,
            balance: Decimal::new(cents, 2),
        };
        State {
            customers: BTreeMap::from([("C-1001", "Ana Prueba")]),
            debts: BTreeMap::from([
                ("ACME-1", debt("C-1001", "water, bulk account", 500_000)),
                ("ACME-2", debt("C-1001", "water, november", 2_000)),
            ]),
            payments: BTreeMap::new(),
        }
    }

    fn route(path: &str, _readings: &LiveReadings) -> Option<&'static str> {
        match path.to_ascii_lowercase().as_str() {
            "debts" => Some("debts"),
            "payments" => Some("payments"),
            p if p.starts_with("payments/") => Some("payment"),
            _ => None,
        }
    }

    fn serve(endpoint: &'static str, cx: &Call<'_, AcmeSimConfig>, st: &mut State) -> SimResponse {
        let key = cx.req.headers.get("x-api-key").and_then(|v| v.to_str().ok());
        if key != Some(cx.config.api_key.as_str()) {
            return error(StatusCode::UNAUTHORIZED, "unknown api key");
        }
        match (endpoint, &cx.req.method) {
            ("debts", &Method::GET) => debts(cx, st),
            ("payments", &Method::POST) => pay(cx, st),
            ("payment", &Method::GET) => payment(cx, st),
            _ => error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed"),
        }
    }

    fn error_body() -> Value {
        json!({"error": "internal error"})
    }

    fn snapshot(biller: &Mounted<Acme>, _now: NaiveDateTime) -> AcmeSnapshot {
        let st = biller.lock();
        AcmeSnapshot {
            requests: biller.requests(),
            payments: st.payments.values().cloned().collect(),
        }
    }

    fn client_options(config: &AcmeSimConfig) -> Vec<(&'static str, String)> {
        vec![("apiKey", config.api_key.clone())]
    }

    fn credentials(config: &AcmeSimConfig) -> SimCredentials {
        SimCredentials::every_call([("x-api-key", config.api_key.as_str())])
    }

    fn payable_debt() -> Option<PayableDebt> {
        Some(PayableDebt {
            lookup: "C-1001",
            debt_id: "ACME-1",
            amount: Decimal::new(500_000, 2),
            partial: true,
            pay_endpoint: "payments",
            extra: &[],
        })
    }
}
