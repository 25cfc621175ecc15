//! Unicobros' own services, beyond the unified flow (see [`crate::services`]):
//!
//! - `operations`: one page of the operations listing (`GET p/operations`, the filters in the
//!   query; see [`super::operations`]), each operation reduced to what a collector shows: its
//!   ids, status, reference, amount and dates;
//! - `resolve_reference`: every coupon under a merchant reference, judged as "paid exactly
//!   once?" ([`super::resolution`]), with an optional expected amount.
//!
//! Both are reads: they change nothing at the gateway and are retried like reads.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error::Error;
use crate::money::{Currency, Money};
use crate::outcome::{Evidence, Outcome, Rejection};
use crate::services::Payments;
use crate::transport::Transport;

use super::operations::{DayRange, ListOperationsRequest, Operation, OperationFilters};
use super::resolution::ReferenceResolution;
use super::UnicobrosClient;

crate::services::named_services! {
    /// A request to Unicobros' own services, tagged by `service`.
    pub enum UnicobrosService {
        /// `p/operations`: one page of the operations listing.
        "operations" => Operations {
            /// The page, from 0 (the gateway's numbering).
            page: u32,
            /// Operations per page, 1 to 50; `None` is the gateway's 15.
            #[serde(default)]
            #[cfg_attr(feature = "uniffi", uniffi(default))]
            #[cfg_attr(feature = "wasm", tsify(optional, type = "number | null"))]
            limit: Option<u32>,
            /// What to filter on; every field optional.
            #[serde(default)]
            #[cfg_attr(feature = "wasm", tsify(optional))]
            filters: UnicobrosOperationFilters,
        },
        /// The coupons under a merchant reference, judged: paid exactly once, or not.
        "resolve_reference" => ResolveReference {
            /// The merchant reference the checkout was created with.
            reference: String,
            /// The amount the payment was for, in ARS (or TEST): a paid attempt for anything
            /// else needs review. `None`: not checked.
            #[serde(default)]
            #[cfg_attr(feature = "uniffi", uniffi(default))]
            #[cfg_attr(feature = "wasm", tsify(optional, type = "Money | null"))]
            expected: Option<Money>,
        },
    }
}

/// The listing's filters (see [`OperationFilters`]); every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct UnicobrosOperationFilters {
    /// A Mobbex status code (`200` paid, `2` pending...); an unlisted code is refused.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "number | null"))]
    pub status: Option<u16>,
    /// Created on or after this UTC day.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    #[serde(with = "crate::calendar::iso_date_opt")]
    pub created_from: Option<NaiveDate>,
    /// Created on or before this UTC day.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    #[serde(with = "crate::calendar::iso_date_opt")]
    pub created_to: Option<NaiveDate>,
    /// Only operations under this merchant reference.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    pub reference: Option<String>,
    /// Free-text search.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string | null"))]
    pub text: Option<String>,
}

impl UnicobrosOperationFilters {
    fn to_filters(&self) -> OperationFilters {
        OperationFilters {
            status: self.status,
            created: DayRange {
                from: self.created_from,
                to: self.created_to,
            },
            reference: self.reference.clone(),
            text: self.text.clone(),
            ..OperationFilters::default()
        }
    }
}

/// A reply from Unicobros' own services, tagged as its request was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "service", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum UnicobrosServiceReply {
    /// One page of operations.
    Operations {
        /// The page as the gateway answered it.
        page: UnicobrosOperationsPage,
    },
    /// What the coupons under the reference show.
    ResolveReference {
        /// The judgement, with the paid attempts and the evidence.
        resolution: UnicobrosResolution,
    },
}

/// One page of the operations listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct UnicobrosOperationsPage {
    /// The operations on this page, in the gateway's order.
    pub operations: Vec<UnicobrosOperation>,
    /// The page number the gateway says this is.
    #[cfg_attr(feature = "wasm", tsify(type = "number | null"))]
    pub page: Option<i64>,
    /// The next page's number; `None` on the last page.
    #[cfg_attr(feature = "wasm", tsify(type = "number | null"))]
    pub next_page: Option<i64>,
    /// Operations per page, as the gateway applied it.
    #[cfg_attr(feature = "wasm", tsify(type = "number | null"))]
    pub limit: Option<i64>,
}

/// One operation, as a collector shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct UnicobrosOperation {
    /// The operation's id (`uid`), else the gateway's internal id (`_id`).
    pub id: String,
    /// The status code as sent (`200`).
    pub status_code: String,
    /// Its name (`paid`, `pending`...; `unlisted` for a code the document does not list).
    pub status: String,
    /// The merchant reference it was requested under.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub reference: Option<String>,
    /// The description the merchant gave.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub description: Option<String>,
    /// The amount charged (`total`).
    #[serde(with = "crate::money::wire::string")]
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub total: Decimal,
    /// `ARS` or `TEST`, when the operation says.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub currency: Option<String>,
    /// The payment method's name (`Visa Débito`).
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub method: Option<String>,
    /// When it was created (UTC).
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    // No `default`: tsify would make the field optional (`?`); core always writes it (`null`).
    #[serde(with = "crate::calendar::rfc3339_opt")]
    pub created: Option<DateTime<Utc>>,
    /// When it last changed (UTC).
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    // No `default`: tsify would make the field optional (`?`); core always writes it (`null`).
    #[serde(with = "crate::calendar::rfc3339_opt")]
    pub updated: Option<DateTime<Utc>>,
}

impl UnicobrosOperation {
    fn of(o: &Operation) -> Self {
        UnicobrosOperation {
            id: o.uid.clone().or_else(|| o.id.clone()).unwrap_or_default(),
            status_code: o.status.code(),
            status: o.status.name().to_owned(),
            reference: o.reference.clone(),
            description: o.description.clone(),
            total: o.total,
            currency: o.currency().map(str::to_owned),
            method: o.source_name.clone(),
            created: o.created,
            updated: o.updated,
        }
    }
}

/// A reference's judgement ([`ReferenceResolution`]), as a collector reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct UnicobrosResolution {
    /// The reference asked about.
    pub reference: String,
    /// Confirmed (paid exactly once), rejected (nothing charged) or needs review.
    pub outcome: Outcome,
    /// What the coupons showed, more precisely (`absent`, `paid`, `duplicate`...).
    pub finding: String,
    /// Whether another try under this reference is safe: nothing was charged under it.
    pub may_retry: bool,
    /// Every paid attempt: one when confirmed, several for a duplicate.
    pub paid: Vec<UnicobrosPaidAttempt>,
    /// Why nothing was charged, for `absent` and `rejected`.
    #[cfg_attr(feature = "wasm", tsify(type = "Rejection | null"))]
    pub rejection: Option<Rejection>,
    /// What was asked and seen.
    pub evidence: Vec<Evidence>,
}

/// A paid attempt under a reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub struct UnicobrosPaidAttempt {
    /// The coupon's id.
    pub coupon_id: String,
    /// The operation's id, when the coupon carries one.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub uid: Option<String>,
    /// The coupon's total.
    #[serde(with = "crate::money::wire::string")]
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub amount: Decimal,
    /// `ARS` or `TEST`, when given.
    #[cfg_attr(feature = "wasm", tsify(type = "string | null"))]
    pub currency: Option<String>,
}

impl UnicobrosResolution {
    fn of(r: ReferenceResolution) -> Self {
        UnicobrosResolution {
            may_retry: r.may_retry(),
            finding: r.finding.as_str().to_owned(),
            paid: r
                .paid
                .iter()
                .map(|p| UnicobrosPaidAttempt {
                    coupon_id: p.coupon_id.clone(),
                    uid: p.uid.clone(),
                    amount: p.amount,
                    currency: p.currency.clone(),
                })
                .collect(),
            reference: r.reference,
            outcome: r.outcome,
            rejection: r.rejection,
            evidence: r.evidence,
        }
    }
}

impl<T: Transport, C: Clock> UnicobrosClient<T, C> {
    /// Answers one of Unicobros' own services (see the module docs). Neither takes money, so
    /// `payments` is not used.
    pub(super) async fn serve_unicobros(
        &self,
        request: UnicobrosService,
        _payments: &dyn Payments,
    ) -> Result<UnicobrosServiceReply, Error> {
        match request {
            UnicobrosService::Operations {
                page,
                limit,
                filters,
            } => {
                let filters = filters.to_filters();
                // The walk checks the limit and the filters before anything is sent.
                self.operation_pages(super::ListMethod::Get, page, limit, filters.clone())?;
                let answered = self
                    .list_operations(&ListOperationsRequest {
                        page,
                        limit,
                        filters,
                    })
                    .await?;
                Ok(UnicobrosServiceReply::Operations {
                    page: UnicobrosOperationsPage {
                        operations: answered.docs.iter().map(UnicobrosOperation::of).collect(),
                        page: answered.page,
                        next_page: answered.next_page,
                        limit: answered.limit,
                    },
                })
            }
            UnicobrosService::ResolveReference {
                reference,
                expected,
            } => {
                if let Some(m) = expected {
                    if !matches!(m.currency, Currency::Ars | Currency::Test) {
                        return Err(Error::invalid(
                            "expected",
                            format!("Unicobros takes ARS or TEST, not {}", m.currency),
                        ));
                    }
                }
                let resolution = self.resolve_reference(reference.trim(), expected).await?;
                Ok(UnicobrosServiceReply::ResolveReference {
                    resolution: UnicobrosResolution::of(resolution),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_reads_the_same_once_its_tag_is_known() {
        let samples: Vec<UnicobrosService> = [
            r#"{"service":"operations","page":2}"#,
            r#"{"service":"operations","page":1,"limit":5,"filters":{"status":1,"created_from":"2026-12-01","reference":"R-1"}}"#,
            r#"{"service":"resolve_reference","reference":"R-1"}"#,
            r#"{"service":"resolve_reference","reference":"R-1","expected":{"amount":"10.50","currency":"ARS"}}"#,
        ]
        .iter()
        .map(|text| serde_json::from_str(text).unwrap())
        .collect();
        crate::services::assert_named_reader(&samples);
    }
}
