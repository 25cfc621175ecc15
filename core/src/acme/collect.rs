//! Acme in the unified terms, and its line in the registry: a debt's `id` is the `debt_id`, the
//! collector's receipt is the payment's key at Acme, and a lost reply is settled by asking for
//! the payment under that receipt.

use chrono::NaiveDateTime;

use crate::biller::{Biller, BillerClient};
use crate::clock::Clock;
use crate::collection::types::{
    Customer, Debt, PaymentRef, PaymentRequest, PaymentResult, PaymentState, StateKind,
    Statement,
};
use crate::collection::{
    BillerId, Capabilities, Connection, RecoveryProof, StatusReport, Step,
};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::money::{Currency, Money, validate_amount};
use crate::outcome::Evidence;
use crate::recovery::{Attempt, Probe, resolve};
use crate::secret::Secret;
use crate::transport::Transport;

use super::client::AcmeClient;
use super::config::{AcmeConfig, SETTLE_FLOOR};
use super::payment::PaymentRecord;
use super::payments::PayRequest;

/// Acme: its key.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct AcmeOptions {
    /// Where Acme is and how long to wait for it.
    pub connection: Connection,
    /// The collector's key, sent as `X-Api-Key` with every call.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub api_key: Secret,
}

impl AcmeOptions {
    /// Options from a connection and the collector's key.
    pub fn new(connection: Connection, api_key: Secret) -> Self {
        AcmeOptions {
            connection,
            api_key,
        }
    }
}

/// Acme in the registry (see [`crate::biller`]).
pub struct Acme;

impl Biller for Acme {
    const ID: BillerId = BillerId::Acme;
    const CURRENCY: Currency = Currency::Usd;
    type Options = AcmeOptions;
    type Service = super::AcmeService;
    type ServiceReply = super::AcmeServiceReply;

    fn capabilities() -> Capabilities {
        Capabilities {
            steps: vec![Step::Lookup, Step::Pay, Step::Status],
            recovery: RecoveryProof::Reference,
            reversal_window: None,
            notes: "a made-up biller (test fixture): the payment under our receipt proves \
                    presence and absence"
                .into(),
        }
    }



    fn account(_options: &AcmeOptions) -> String {
        // The key is the only account Acme knows, and a secret: one journal per base URL.
        "default".to_owned()
    }
}

fn usd(amount: rust_decimal::Decimal) -> Money {
    let mut a = amount;
    a.rescale(2);
    Money::new(a, Currency::Usd)
}

fn state(record: Option<&PaymentRecord>) -> PaymentState {
    let (kind, code, description) = match record.map(|r| r.status.as_str()) {
        None => (StateKind::Absent, "absent", "no payment under this receipt"),
        Some("accepted") => (StateKind::Settled, "accepted", "accepted"),
        Some("reversed") => (StateKind::Reversed, "reversed", "reversed"),
        Some(other) => (StateKind::Unknown, other, "a state recaudo does not know"),
    };
    PaymentState {
        kind,
        code: code.to_owned(),
        description: description.to_owned(),
    }
}

impl<T: Transport, C: Clock> AcmeClient<T, C> {
    /// Asks for the payment under our receipt and judges it against what we sent.
    async fn probe(&self, pay: &PayRequest) -> (Probe<Option<PaymentRecord>>, Vec<Evidence>) {
        match self.payment(&pay.receipt).await {
            Ok(None) => (
                Probe::Absent(None),
                vec![Evidence::new("payment", "no payment under our receipt")],
            ),
            Ok(Some(r)) if r.debt_id == pay.debt_id && r.amount == pay.amount => {
                let line = format!("held as {} ({})", r.payment_id, r.status);
                (Probe::Applied(Some(r)), vec![Evidence::new("payment", line)])
            }
            Ok(Some(r)) => {
                let line = format!(
                    "our receipt holds debt {} for {}, not what we sent",
                    r.debt_id, r.amount
                );
                (Probe::Review(Some(r)), vec![Evidence::new("payment", line)])
            }
            Err(e) => (Probe::Unknown, vec![Evidence::new("payment", e.to_string())]),
        }
    }
}

impl<T: Transport, C: Clock> BillerClient<T, C> for AcmeClient<T, C> {
    type Biller = Acme;

    async fn serve(
        &self,
        request: super::AcmeService,
        payments: &dyn crate::services::Payments,
    ) -> Result<super::AcmeServiceReply, Error> {
        self.serve_acme(request, payments).await
    }

    fn connect(options: AcmeOptions, transport: T, clock: C) -> Result<Self, Error> {
        let c = &options.connection;
        let mut config = AcmeConfig::new(&c.base_url, c.allow_insecure_http, options.api_key)?;
        c.tune(&mut config.timeout, &mut config.retry, &mut config.recovery)?;
        AcmeClient::new(config, transport, clock)
    }

    fn clock(&self) -> &C {
        AcmeClient::clock(self)
    }

    fn now_local(&self) -> NaiveDateTime {
        AcmeClient::now_local(self)
    }

    async fn lookup(&self, customer: &str) -> Result<Statement, Error> {
        let reply = self.debts(customer).await?;
        Ok(Statement {
            customer: Customer::new(reply.customer.id, reply.customer.name),
            debts: reply
                .debts
                .into_iter()
                .map(|d| Debt::new(d.id, d.description, usd(d.amount)))
                .collect(),
        })
    }

    async fn pay(
        &self,
        request: &PaymentRequest,
        attempt: Attempt<'_>,
    ) -> Result<PaymentResult, Error> {
        let amount = validate_amount(request.amount, Currency::Usd, request.balance)?;
        let pay = PayRequest {
            debt_id: request.debt_id.trim().to_owned(),
            amount,
            receipt: request.receipt.trim().to_owned(),
        };
        pay.to_http(self.config())?;
        let paid_at = request.paid_at.unwrap_or_else(|| self.now_local());
        let config = self.config();
        let res = resolve(
            self.clock(),
            &config.recovery.with_floor(SETTLE_FLOOR),
            &config.retry,
            attempt,
            PayRequest::NAME,
            |r: &PaymentRecord| format!("accepted as {}", r.payment_id),
            || self.session.send(&pay),
            || self.probe(&pay),
        )
        .await;
        let record = res.reply.clone().or_else(|| res.probe.clone().flatten());
        Ok(PaymentResult {
            outcome: res.outcome,
            reference: PaymentRef {
                debt_id: pay.debt_id,
                payment_id: record.as_ref().map(|r| r.payment_id.clone()),
                receipt: pay.receipt,
                amount,
                paid_at,
            },
            currency: Currency::Usd,
            recovered: res.recovered,
            sends: res.sends,
            state: record.as_ref().map(|r| state(Some(r))),
            rejection: res.rejection,
            evidence: res.evidence,
            unsaved: None,
        })
    }

    async fn status(&self, reference: &PaymentRef) -> Result<StatusReport, Error> {
        let record = self.payment(&reference.receipt).await?;
        Ok(StatusReport {
            state: state(record.as_ref()),
            payment_id: record.map(|r| r.payment_id),
        })
    }
}
