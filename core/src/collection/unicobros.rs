//! Unicobros in the unified terms. The gateway's documented API lists no debts, creates no
//! payment and refunds none (payments happen in its checkout), so lookup, pay and reverse are
//! [`Error::Unsupported`] (see the capability matrix). Status is the resolution of a checkout's
//! reference (`receipt`, or `debt_id` when there is no receipt); settlements are the day's
//! operations, every page.

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::error::Error;
use crate::money::{Currency, Money};
use crate::transport::Transport;
use crate::unicobros::{
    DayRange, Finding, ListMethod, OperationFilters, StatusGroup, UnicobrosClient,
};

use super::collector::StatusReport;
use super::types::{PaymentRef, PaymentState, Settlement, StateKind};

fn kind_of(group: StatusGroup) -> StateKind {
    match group {
        StatusGroup::Approved => StateKind::Settled,
        StatusGroup::Rejected | StatusGroup::Cancelled => StateKind::Failed,
        StatusGroup::Refunded => StateKind::Reversed,
        StatusGroup::Pending | StatusGroup::InReview | StatusGroup::Unknown => StateKind::Unknown,
    }
}

pub(super) async fn status<T: Transport, C: Clock>(
    client: &UnicobrosClient<T, C>,
    reference: &PaymentRef,
) -> Result<StatusReport, Error> {
    let key = if reference.receipt.trim().is_empty() {
        reference.debt_id.trim()
    } else {
        reference.receipt.trim()
    };
    let resolution = client.resolve_reference(key, None).await?;
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

pub(super) async fn settlements<T: Transport, C: Clock>(
    client: &UnicobrosClient<T, C>,
    date: NaiveDate,
) -> Result<Vec<Settlement>, Error> {
    let filters = OperationFilters {
        created: DayRange {
            from: Some(date),
            to: Some(date),
        },
        ..OperationFilters::default()
    };
    let operations = client
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
