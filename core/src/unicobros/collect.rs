//! Unicobros in the unified terms. The gateway's documented API lists no debts, creates no
//! payment and refunds none (payments happen in its checkout), so lookup, pay and reverse are
//! [`Error::Unsupported`] (see the capability matrix). Status is the resolution of a checkout's
//! reference (`receipt`, or `debt_id` when there is no receipt); settlements are the day's
//! operations, every page.

use crate::biller::{Biller, BillerClient};
use crate::collection::{Capabilities, Connection, RecoveryProof, Step};
use crate::collection::BillerId;
use crate::secret::Secret;
use chrono::NaiveDate;

use crate::clock::Clock;
use crate::error::Error;
use crate::money::{Currency, Money};
use crate::transport::Transport;
use crate::unicobros::{self as biller, 
    DayRange, Finding, ListMethod, OperationFilters, StatusGroup, UnicobrosClient,
};

use crate::collection::StatusReport;
use crate::collection::types::{PaymentRequest, PaymentRef, PaymentState, Settlement, StateKind};

fn kind_of(group: StatusGroup) -> StateKind {
    match group {
        StatusGroup::Approved => StateKind::Settled,
        StatusGroup::Rejected | StatusGroup::Cancelled => StateKind::Failed,
        StatusGroup::Refunded => StateKind::Reversed,
        StatusGroup::Pending | StatusGroup::InReview | StatusGroup::Unknown => StateKind::Unknown,
    }
}



/// Unicobros Argentina (Mobbex): the application's API key and the merchant's access token.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct UnicobrosOptions {
    /// Where the gateway is and how long to wait for it.
    pub connection: Connection,
    /// The application's API key, sent as `x-api-key`.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub api_key: Secret,
    /// The merchant's access token, sent as `x-access-token`.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub access_token: Secret,
}

impl UnicobrosOptions {
    /// Options from a connection and the two static credentials.
    pub fn new(connection: Connection, api_key: Secret, access_token: Secret) -> Self {
        UnicobrosOptions {
            connection,
            api_key,
            access_token,
        }
    }
}

/// Unicobros in the registry (see [`crate::biller`]).
pub struct Unicobros;

impl Biller for Unicobros {
    const PROBE_SUBJECT: Option<&'static str> = Some("reference");
    const ID: BillerId = BillerId::Unicobros;
    const CURRENCY: Currency = Currency::Ars;
    type Options = UnicobrosOptions;
    type Service = super::UnicobrosService;
    type ServiceReply = super::UnicobrosServiceReply;

    fn capabilities() -> Capabilities {
        Capabilities {
            steps: vec![Step::Status, Step::Settlements],
            recovery: RecoveryProof::Reference,
            reversal_window: None,
            notes: "no documented endpoint lists debts, creates a payment or refunds one: payments \
                    happen in the gateway's checkout; a checkout's outcome is resolved by its reference"
                .into(),
        }
    }



    fn account(options: &Self::Options) -> String {
        // The access token is a secret and the API key names the application, not the
        // merchant: one journal per base URL.
        let _ = options;
        "default".to_owned()
    }

    fn advice(request: &PaymentRequest, amount: &str) -> String {
        let _ = amount;
        format!(
            "which coupons of reference {} were paid (the Mobbex console); one paid coupon settles it",
            request.receipt
        )
    }
}

impl<T: Transport, C: Clock> BillerClient<T, C> for UnicobrosClient<T, C> {
    type Biller = Unicobros;

    async fn serve(
        &self,
        request: super::UnicobrosService,
        payments: &dyn crate::services::Payments,
    ) -> Result<super::UnicobrosServiceReply, Error> {
        self.serve_unicobros(request, payments).await
    }

    fn connect(options: UnicobrosOptions, transport: T, clock: C) -> Result<Self, Error> {
        let c = &options.connection;
        let credentials = biller::Credentials {
            api_key: options.api_key,
            access_token: options.access_token,
        };
        let mut config =
            biller::UnicobrosConfig::with_base_url(&c.base_url, c.allow_insecure_http, credentials)?;
        c.tune(&mut config.timeout, &mut config.retry, &mut config.recovery)?;
        UnicobrosClient::new(config, transport, clock)
    }

    fn clock(&self) -> &C {
        UnicobrosClient::clock(self)
    }

    async fn probe(
        &self,
        input: &crate::discover::ProbeInput,
    ) -> Result<crate::discover::Discovery, Error> {
        super::discover::unicobros(self.config(), self.transport(), self.clock(), input).await
    }

    fn now_local(&self) -> chrono::NaiveDateTime {
        // The gateway works in UTC.
        let now = self.clock().now().naive_utc();
        chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now)
    }

    async fn status(&self, reference: &PaymentRef) -> Result<StatusReport, Error> {
        let key = if reference.receipt.trim().is_empty() {
            reference.debt_id.trim()
        } else {
            reference.receipt.trim()
        };
        let resolution = self.resolve_reference(key, None).await?;
        let kind = match resolution.finding {
            Finding::Paid => StateKind::Settled,
            Finding::Absent => StateKind::Absent,
            Finding::Rejected => StateKind::Failed,
            Finding::Refunded => StateKind::Reversed,
            Finding::PaidWithPending
            | Finding::Mismatch
            | Finding::Duplicate
            | Finding::Inconsistent
            | Finding::Unsettled
            | Finding::Unanswered => StateKind::Unknown,
        };
        Ok(StatusReport {
            state: PaymentState {
                kind,
                code: resolution.finding.as_str().to_owned(),
                description: resolution.evidence.last().map_or_else(
                    || resolution.finding.as_str().to_owned(),
                    |e| e.detail.clone(),
                ),
            },
            payment_id: resolution.paid.first().map(|p| p.coupon_id.clone()),
        })
    }

    async fn settlements(&self, date: NaiveDate) -> Result<Vec<Settlement>, Error> {
        let filters = OperationFilters {
            created: DayRange {
                from: Some(date),
                to: Some(date),
            },
            ..OperationFilters::default()
        };
        let operations = self
            .operation_pages(ListMethod::Get, 0, Some(50), filters)?
            .collect_all(|_| {})
            .await?;
        Ok(operations
            .into_iter()
            .filter_map(|op| {
                let currency = match op.currency() {
                    Some(c) => c.parse::<Currency>().ok()?,
                    None => Currency::Ars,
                };
                let mut amount = op.total;
                amount.rescale(2);
                Some(Settlement {
                    payment_id: op.id.clone().or_else(|| op.uid.clone())?,
                    debt_id: op.reference.clone().unwrap_or_default(),
                    receipt: op.reference.clone(),
                    amount: Money::new(amount, currency),
                    paid_at: op.created?.naive_utc(),
                    state: PaymentState {
                        kind: kind_of(op.status.group()),
                        code: op.status.code(),
                        description: op
                            .status
                            .info()
                            .map_or_else(|| "unknown".to_owned(), |s| s.name.to_owned()),
                    },
                })
            })
            .collect())
    }
}
