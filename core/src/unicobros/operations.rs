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
    /// The first day included (UTC); `None` leaves the range open at that end.
    pub from: Option<NaiveDate>,
    /// The last day included (UTC); `None` leaves the range open at that end.
    pub to: Option<NaiveDate>,
}

impl DayRange {
    /// Whether neither end is set (the filter is then not sent).
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
    /// Filter on the creation day (`created_from`/`created_to` in the query, `created` in the body).
    pub created: DayRange,
    /// Filter on the last-update day (`updated_from`/`updated_to` in the query, `updated` in the body).
    pub updated: DayRange,
    /// Free-text search.
    pub text: Option<String>,
    /// Only operations under this merchant reference.
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
    /// What to filter on, all sent as query parameters.
    pub filters: OperationFilters,
}

/// `POST p/operations` with page and limit in the query and the filters in the body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchOperationsRequest {
    /// The page asked for, from 0 (a query parameter).
    pub page: u32,
    /// 1 to 50 (a query parameter); `None` leaves the biller's default (15).
    pub limit: Option<u32>,
    /// What to filter on, sent as the JSON body.
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
        QueryDateFormat::Date => crate::calendar::date_iso(day),
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
    /// The operations on this page (`docs`).
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
    /// The page size the biller applied.
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
    /// The gateway's internal id (`_id`).
    #[serde(rename = "_id", with = "crate::wire::text_opt", default)]
    pub id: Option<String>,
    /// The operation's id (`uid`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub uid: Option<String>,
    /// The buyer, when recorded.
    #[serde(with = "crate::wire::object_opt", default)]
    pub user: Option<User>,
    /// `payment.v2`
    #[serde(with = "crate::wire::text_opt", default)]
    pub operation: Option<String>,
    /// The operation's status code (see [`StatusCode`]).
    pub status: StatusCode,
    /// The payment method's reference (`sourceReference`, e.g. `visa.debit`).
    #[serde(rename = "sourceReference", with = "crate::wire::text_opt", default)]
    pub source_reference: Option<String>,
    /// The payment method's name (`sourceName`, e.g. `Visa Débito`).
    #[serde(rename = "sourceName", with = "crate::wire::text_opt", default)]
    pub source_name: Option<String>,
    /// The instalment plan's reference (`installmentReference`).
    #[serde(
        rename = "installmentReference",
        with = "crate::wire::text_opt",
        default
    )]
    pub installment_reference: Option<String>,
    /// The masked card number (`card_number`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub card_number: Option<String>,
    /// The payment's description as the merchant wrote it.
    #[serde(with = "crate::wire::text_opt", default)]
    pub description: Option<String>,
    /// The merchant's reference the payment was requested under.
    #[serde(with = "crate::wire::text_opt", default)]
    pub reference: Option<String>,
    /// The risk level (`riskQualityLevel`: `0` in the example), kept as text; undefined by the
    /// document.
    #[serde(rename = "riskQualityLevel", with = "crate::wire::text_opt", default)]
    pub risk_quality_level: Option<String>,
    /// The merchant.
    #[serde(with = "crate::wire::object_opt", default)]
    pub entity: Option<Entity>,
    /// The amount charged (`total`, a JSON number read from its text).
    #[serde(with = "crate::money::wire::number")]
    pub total: Decimal,
    /// The breakdown of the amount: charges, financing, what was requested, the currency.
    #[serde(with = "crate::wire::object_opt", default)]
    pub totals: Option<Totals>,
    /// When the operation was created (UTC).
    #[serde(with = "crate::wire::utc_opt", default)]
    pub created: Option<DateTime<Utc>>,
    /// When the operation last changed (UTC).
    #[serde(with = "crate::wire::utc_opt", default)]
    pub updated: Option<DateTime<Utc>>,
    /// Where the operation came from (`context`, e.g. `plugin.value.checkout:web`).
    #[serde(with = "crate::wire::object_opt", default)]
    pub context: Option<Labelled>,
    /// What the operation was for (`intent`: `payment.v2`, named `Pago`).
    #[serde(with = "crate::wire::object_opt", default)]
    pub intent: Option<Labelled>,
    /// The payment method used.
    #[serde(with = "crate::wire::object_opt", default)]
    pub source: Option<Source>,
    /// `+` for money in, `-` for money out.
    #[serde(with = "crate::wire::text_opt", default)]
    pub sign: Option<String>,
    /// The risk assessment (`riskQuality`): level and band, undefined by the document.
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

/// The merchant (Mobbex's "entity") that received the operation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Entity {
    /// The gateway's internal id (`_id`).
    #[serde(rename = "_id", with = "crate::wire::text_opt", default)]
    pub id: Option<String>,
    /// The merchant's name.
    #[serde(with = "crate::wire::text_opt", default)]
    pub name: Option<String>,
    /// The merchant's id at the gateway (`uid`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub uid: Option<String>,
    /// The merchant's tax id (`tax_id`, a CUIT in Argentina).
    #[serde(with = "crate::wire::text_opt")]
    pub tax_id: Option<String>,
}

/// The operation's amounts: what was charged, charges, financing and what was requested.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Totals {
    /// The amount charged (`total`).
    #[serde(with = "crate::money::wire::number_opt")]
    pub total: Option<Decimal>,
    /// Charges added for the buyer (`user_charges`; the document does not define them).
    #[serde(with = "crate::money::wire::number_opt")]
    pub user_charges: Option<Decimal>,
    /// Charges borne by the merchant (`entity_charges`).
    #[serde(with = "crate::wire::object_opt", default)]
    pub entity_charges: Option<EntityCharges>,
    /// `ARS` or `TEST` (`currency`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub currency: Option<String>,
    /// The amount of each instalment (`installment_amount`).
    #[serde(with = "crate::money::wire::number_opt")]
    pub installment_amount: Option<Decimal>,
    /// The financing applied (`financial`).
    #[serde(with = "crate::wire::object_opt", default)]
    pub financial: Option<Financial>,
    /// What the merchant asked for before charges (`requested`).
    #[serde(with = "crate::wire::object_opt", default)]
    pub requested: Option<Requested>,
    /// The currency's description (`currency_data`).
    #[serde(with = "crate::wire::object_opt", default)]
    pub currency_data: Option<CurrencyInfo>,
    /// The instalment plan (`installment`).
    #[serde(with = "crate::wire::object_opt", default)]
    pub installment: Option<super::shared_objects::Installment>,
}

/// The charges the merchant bears (`entity_charges`), by kind; the document does not define them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct EntityCharges {
    /// The `source` charge (the payment method's).
    #[serde(with = "crate::money::wire::number_opt")]
    pub source: Option<Decimal>,
    /// The `installment` charge (the instalment plan's).
    #[serde(with = "crate::money::wire::number_opt")]
    pub installment: Option<Decimal>,
    /// The `service` charge (the gateway's).
    #[serde(with = "crate::money::wire::number_opt")]
    pub service: Option<Decimal>,
}

/// The financing of an instalment plan (`financial`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Financial {
    /// The financing rate, in percent (`percentage`).
    #[serde(with = "crate::money::wire::number_opt")]
    pub percentage: Option<Decimal>,
    /// The financing's amount (`amount`).
    #[serde(with = "crate::money::wire::number_opt")]
    pub amount: Option<Decimal>,
}

/// What the merchant asked for, before charges.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Requested {
    /// The amount the merchant asked for (`total`).
    #[serde(with = "crate::money::wire::number_opt")]
    pub total: Option<Decimal>,
    /// Its currency (`currency`, `ARS` or `TEST`).
    #[serde(with = "crate::wire::text_opt", default)]
    pub currency: Option<String>,
}

/// The risk assessment of an operation (`riskQuality`); shown to people, never used to decide.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct RiskQuality {
    /// The risk level (`level`: a number in the document's example), kept as text.
    #[serde(with = "crate::wire::text_opt")]
    pub level: Option<String>,
    /// The risk band (`band`: a number in the document's example), kept as text.
    #[serde(with = "crate::wire::text_opt")]
    pub band: Option<String>,
}
