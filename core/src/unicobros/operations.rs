//! The operations listing, in its two documented forms:
//!
//! - `GET p/operations?page=0&limit=20&status=200&currency=ARS&created_from=...&text=...&
//!   reference=...&test=true&context=a,b&updated_from=...` ([`ListOperationsRequest`]);
//! - `POST p/operations?page=0&limit=20` with the filters in a JSON body: `status`, `currency`,
//!   `created`/`updated` as `{"from": {day, month, year}, "to": {...}}`, `text`, `reference`,
//!   `context` as an array and `test` ([`SearchOperationsRequest`]).
//!
//! Both take the same [`OperationFilters`] and answer the same page,
//! `{result, data: {docs, page, prevPage, nextPage, limit}}` ([`OperationsPage`]). `page`
//! counts from 0; `limit` defaults to 15 at the biller and may not exceed 50: a larger one is
//! refused here, before anything is sent. [`super::OperationPages`] walks every page.
//!
//! Dates filter by UTC calendar day, `to` included: the POST form can only say days, and the
//! GET form ("a date as a string or a timestamp") is written as `yyyy-mm-dd` by default
//! ([`super::QueryDateFormat`] switches to epoch milliseconds).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::money::Currency;
use crate::validate;

use super::config::{QueryDateFormat, UnicobrosConfig};
use super::dates::DayObject;
use super::envelope::decode_envelope;
use super::shared_objects::{CurrencyInfo, Labelled, Source, User};
use super::status::StatusCode;
use super::validate_reference;

/// The most operations one page may hold.
pub const MAX_LIMIT: u32 = 50;
/// The biller's page size when none is given.
pub const DEFAULT_LIMIT: u32 = 15;

/// A day range; either end may be open. Both ends are UTC days and both are included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DayRange {
    pub fn is_empty(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    fn check(&self, field: &'static str) -> Result<(), Error> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(Error::invalid(field, format!("{from} is after {to}")));
            }
        }
        Ok(())
    }
}

/// The filters both forms of the listing take. Every field is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OperationFilters {
    /// A status code (see [`StatusCode`]); only listed codes are accepted, so that a typo does
    /// not silently match nothing.
    pub status: Option<u16>,
    /// `ARS` or `TEST` (the only ones the document admits).
    pub currency: Option<Currency>,
    pub created: DayRange,
    pub updated: DayRange,
    /// Free-text search.
    pub text: Option<String>,
    pub reference: Option<String>,
    /// Operation contexts (`plugin.value.checkout:web`); any of them matches.
    pub context: Vec<String>,
    /// `Some(true)`: test operations only.
    pub test: Option<bool>,
}

impl OperationFilters {
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if let Some(code) = self.status {
            if StatusCode::info_of(code).is_none() {
                return Err(Error::invalid(
                    "status",
                    format!("{code} is not a Mobbex status code"),
                ));
            }
        }
        if let Some(c) = self.currency {
            if !matches!(c, Currency::Ars | Currency::Test) {
                return Err(Error::invalid(
                    "currency",
                    format!("Unicobros admits ARS and TEST, not {c}"),
                ));
            }
        }
        self.created.check("created")?;
        self.updated.check("updated")?;
        if let Some(t) = &self.text {
            validate::text("text", t, 200)?;
        }
        if let Some(r) = &self.reference {
            validate_reference("reference", r)?;
        }
        for c in &self.context {
            // The GET form joins them with commas and no spaces.
            validate::code("context", c, 100, &['.', ':', '_', '-'])?;
        }
        Ok(())
    }
}

fn check_limit(limit: Option<u32>) -> Result<(), Error> {
    match limit {
        Some(0) => Err(Error::invalid("limit", "must be at least 1")),
        Some(l) if l > MAX_LIMIT => Err(Error::invalid(
            "limit",
            format!("{l} is above the biller's maximum of {MAX_LIMIT}"),
        )),
        _ => Ok(()),
    }
}

/// `GET p/operations` with the filters in the query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListOperationsRequest {
    /// From 0.
    pub page: u32,
    /// 1 to 50; `None` leaves the biller's default (15).
    pub limit: Option<u32>,
    pub filters: OperationFilters,
}

/// `POST p/operations` with page and limit in the query and the filters in the body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchOperationsRequest {
    pub page: u32,
    pub limit: Option<u32>,
    pub filters: OperationFilters,
}

fn page_query(page: u32, limit: Option<u32>) -> Vec<(&'static str, String)> {
    let mut q = vec![("page", page.to_string())];
    if let Some(l) = limit {
        q.push(("limit", l.to_string()));
    }
    q
}

fn with_query(url: &str, pairs: &[(&'static str, String)]) -> Result<String, Error> {
    Ok(crate::base_url::with_query(url, pairs))
}

fn query_day(day: NaiveDate, end_of_day: bool, format: QueryDateFormat) -> String {
    match format {
        QueryDateFormat::Date => day.format("%Y-%m-%d").to_string(),
        QueryDateFormat::TimestampMillis => {
            let time = if end_of_day {
                NaiveTime::from_hms_milli_opt(23, 59, 59, 999)
            } else {
                Some(NaiveTime::MIN)
            };
            let at = day.and_time(time.unwrap_or(NaiveTime::MIN)).and_utc();
            at.timestamp_millis().to_string()
        }
    }
}

impl Endpoint for ListOperationsRequest {
    type Config = UnicobrosConfig;
    type Response = OperationsPage;
    /// GET and POST share the path, so the simulator (which routes by path) names them alike.
    const NAME: &'static str = "operations";

    fn to_http(&self, config: &UnicobrosConfig) -> Result<HttpRequest, Error> {
        check_limit(self.limit)?;
        let f = &self.filters;
        f.validate()?;
        let fmt = config.query_date_format;
        let mut q = page_query(self.page, self.limit);
        if let Some(s) = f.status {
            q.push(("status", s.to_string()));
        }
        if let Some(c) = f.currency {
            q.push(("currency", c.code().to_owned()));
        }
        let days = [
            ("created_from", f.created.from, false),
            ("created_to", f.created.to, true),
            ("updated_from", f.updated.from, false),
            ("updated_to", f.updated.to, true),
        ];
        for (name, day, end) in days {
            if let Some(d) = day {
                q.push((name, query_day(d, end, fmt)));
            }
        }
        if let Some(t) = &f.text {
            q.push(("text", t.clone()));
        }
        if let Some(r) = &f.reference {
            q.push(("reference", r.clone()));
        }
        if let Some(t) = f.test {
            q.push(("test", t.to_string()));
        }
        if !f.context.is_empty() {
            q.push(("context", f.context.join(",")));
        }
        let url = with_query(&config.base_url.join(&config.paths.operations)?, &q)?;
        Ok(HttpRequest::new(Method::Get, url))
    }

    fn decode(response: &HttpResponse) -> Result<OperationsPage, Error> {
        decode_envelope(response)
    }
}

#[derive(Serialize)]
struct DayRangeBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<DayObject>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<DayObject>,
}

impl DayRangeBody {
    fn of(range: &DayRange) -> Option<DayRangeBody> {
        (!range.is_empty()).then(|| DayRangeBody {
            from: range.from.map(DayObject::from),
            to: range.to.map(DayObject::from),
        })
    }
}

/// The POST body. `status` is a string there (the GET form's is a number).
#[derive(Serialize)]
struct SearchBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<DayRangeBody>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<DayRangeBody>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    context: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    test: Option<bool>,
}

impl Endpoint for SearchOperationsRequest {
    type Config = UnicobrosConfig;
    type Response = OperationsPage;
    const NAME: &'static str = "operations";

    fn to_http(&self, config: &UnicobrosConfig) -> Result<HttpRequest, Error> {
        check_limit(self.limit)?;
        let f = &self.filters;
        f.validate()?;
        let body = SearchBody {
            status: f.status.map(|s| s.to_string()),
            currency: f.currency.map(Currency::code),
            created: DayRangeBody::of(&f.created),
            updated: DayRangeBody::of(&f.updated),
            text: f.text.as_deref(),
            reference: f.reference.as_deref(),
            context: &f.context,
            test: f.test,
        };
        let url = with_query(
            &config.base_url.join(&config.paths.operations)?,
            &page_query(self.page, self.limit),
        )?;
        HttpRequest::new(Method::Post, url).json(&body)
    }

    fn decode(response: &HttpResponse) -> Result<OperationsPage, Error> {
        decode_envelope(response)
    }
}

/// One page of operations.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct OperationsPage {
    #[serde(with = "crate::wire::list", default)]
    pub docs: Vec<Operation>,
    /// The page as the biller numbers it in replies (the document's example answers `1` to
    /// `page=0`; see [`super::OperationPages`]).
    #[serde(with = "crate::wire::int_opt", default)]
    pub page: Option<i64>,
    /// `-1` when there is none.
    #[serde(rename = "prevPage", with = "crate::wire::int_opt", default)]
    pub prev_page: Option<i64>,
    /// `-1` when there is none.
    #[serde(rename = "nextPage", with = "crate::wire::int_opt", default)]
    pub next_page: Option<i64>,
    #[serde(with = "crate::wire::int_opt", default)]
    pub limit: Option<i64>,
}

impl OperationsPage {
    /// Whether the biller says there is a next page (`nextPage` present and not `-1`).
    pub fn has_next(&self) -> bool {
        self.next_page.is_some_and(|n| n >= 0)
    }
}

/// One operation as the listing shows it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Operation {
    #[serde(rename = "_id", with = "crate::wire::text_opt", default)]
    pub id: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub uid: Option<String>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub user: Option<User>,
    /// `payment.v2`
    #[serde(with = "crate::wire::text_opt", default)]
    pub operation: Option<String>,
    pub status: StatusCode,
    #[serde(rename = "sourceReference", with = "crate::wire::text_opt", default)]
    pub source_reference: Option<String>,
    #[serde(rename = "sourceName", with = "crate::wire::text_opt", default)]
    pub source_name: Option<String>,
    #[serde(
        rename = "installmentReference",
        with = "crate::wire::text_opt",
        default
    )]
    pub installment_reference: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub card_number: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub description: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub reference: Option<String>,
    #[serde(rename = "riskQualityLevel", with = "crate::wire::text_opt", default)]
    pub risk_quality_level: Option<String>,
    /// The merchant.
    #[serde(with = "crate::wire::object_opt", default)]
    pub entity: Option<Entity>,
    #[serde(with = "crate::money::wire::number")]
    pub total: Decimal,
    #[serde(with = "crate::wire::object_opt", default)]
    pub totals: Option<Totals>,
    #[serde(with = "crate::wire::utc_opt", default)]
    pub created: Option<DateTime<Utc>>,
    #[serde(with = "crate::wire::utc_opt", default)]
    pub updated: Option<DateTime<Utc>>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub context: Option<Labelled>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub intent: Option<Labelled>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub source: Option<Source>,
    /// `+` for money in, `-` for money out.
    #[serde(with = "crate::wire::text_opt", default)]
    pub sign: Option<String>,
    #[serde(rename = "riskQuality", with = "crate::wire::object_opt", default)]
    pub risk_quality: Option<RiskQuality>,
}

impl Operation {
    /// `ARS` or `TEST`, from `totals` (the operation has no top-level currency).
    pub fn currency(&self) -> Option<&str> {
        let t = self.totals.as_ref()?;
        t.currency
            .as_deref()
            .or_else(|| t.currency_data.as_ref().and_then(|c| c.currency_code()))
            .or_else(|| t.requested.as_ref().and_then(|r| r.currency.as_deref()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Entity {
    #[serde(rename = "_id", with = "crate::wire::text_opt", default)]
    pub id: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub name: Option<String>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub uid: Option<String>,
    #[serde(with = "crate::wire::text_opt")]
    pub tax_id: Option<String>,
}

/// The operation's amounts: what was charged, charges, financing and what was requested.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Totals {
    #[serde(with = "crate::money::wire::number_opt")]
    pub total: Option<Decimal>,
    #[serde(with = "crate::money::wire::number_opt")]
    pub user_charges: Option<Decimal>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub entity_charges: Option<EntityCharges>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub currency: Option<String>,
    #[serde(with = "crate::money::wire::number_opt")]
    pub installment_amount: Option<Decimal>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub financial: Option<Financial>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub requested: Option<Requested>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub currency_data: Option<CurrencyInfo>,
    #[serde(with = "crate::wire::object_opt", default)]
    pub installment: Option<super::shared_objects::Installment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct EntityCharges {
    #[serde(with = "crate::money::wire::number_opt")]
    pub source: Option<Decimal>,
    #[serde(with = "crate::money::wire::number_opt")]
    pub installment: Option<Decimal>,
    #[serde(with = "crate::money::wire::number_opt")]
    pub service: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Financial {
    #[serde(with = "crate::money::wire::number_opt")]
    pub percentage: Option<Decimal>,
    #[serde(with = "crate::money::wire::number_opt")]
    pub amount: Option<Decimal>,
}

/// What the merchant asked for, before charges.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Requested {
    #[serde(with = "crate::money::wire::number_opt")]
    pub total: Option<Decimal>,
    #[serde(with = "crate::wire::text_opt", default)]
    pub currency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct RiskQuality {
    #[serde(with = "crate::wire::text_opt")]
    pub level: Option<String>,
    #[serde(with = "crate::wire::text_opt")]
    pub band: Option<String>,
}
