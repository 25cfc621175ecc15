//! `p/operations`: the filters of both forms, applied for real, and the pagination.
//!
//! - GET: every filter in the query (`page`, `limit`, `status`, `currency`, `created_from`,
//!   `created_to`, `text`, `reference`, `test`, `context` comma-separated, `updated_from`,
//!   `updated_to`). Dates are `yyyy-mm-dd` (a whole UTC day; `*_to` includes it), an ISO-8601
//!   date-time (exact), or epoch milliseconds (exact).
//! - POST: `page` and `limit` in the query, the rest in a JSON body; `created`/`updated` are
//!   `{"from": {day, month, year}, "to": {...}}` (whole UTC days, both included), `context` an
//!   array, `status` a string (a number is accepted too).
//!
//! `page` is required and counts from 0; `limit` is 1..=50 (default 15); anything else is
//! refused with `result: false`, code `INVALID_PARAMS`, HTTP 400. `text` matches, without case,
//! inside the reference, description, uid, buyer name or email; `reference` matches exactly;
//! `test=true` keeps test-money operations only, `test=false` live ones only. Operations come
//! newest first. Replies number pages from 1 by default, as the document's example does
//! (`"page": 1` for `page=0`), with `prevPage`/`nextPage` in the same numbering and `-1` for
//! none ([`super::UnicobrosSimConfig::one_based_reply_pages`]).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use serde_json::{Value, json};

use super::model::Op;

/// Page size when none is asked for, and the most a page may hold.
pub(crate) const DEFAULT_LIMIT: usize = 15;
pub(crate) const MAX_LIMIT: usize = 50;

/// A refusal of the request's parameters (the message; the code is `INVALID_PARAMS`).
pub(crate) struct Invalid(pub String);

fn invalid<T>(msg: impl Into<String>) -> Result<T, Invalid> {
    Err(Invalid(msg.into()))
}

/// An instant range, either end open; `to` is inclusive.
#[derive(Default, Clone, Copy)]
pub(crate) struct Range {
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
}

impl Range {
    fn contains(&self, t: NaiveDateTime) -> bool {
        self.from.is_none_or(|f| t >= f) && self.to.is_none_or(|to| t <= to)
    }
}

/// The filters of either form, parsed.
#[derive(Default)]
pub(crate) struct Filters {
    status: Option<String>,
    currency: Option<String>,
    created: Range,
    updated: Range,
    text: Option<String>,
    reference: Option<String>,
    test: Option<bool>,
    context: Vec<String>,
}

impl Filters {
    pub fn matches(&self, op: &Op) -> bool {
        self.status.as_deref().is_none_or(|s| op.status.trim() == s)
            && self.currency.as_deref().is_none_or(|c| op.currency == c)
            && self.created.contains(op.created)
            && self.updated.contains(op.updated)
            && self.reference.as_deref().is_none_or(|r| op.reference == r)
            && self.test.is_none_or(|t| op.is_test() == t)
            && (self.context.is_empty() || self.context.contains(&op.context))
            && self.text.as_deref().is_none_or(|t| {
                let t = t.to_lowercase();
                [
                    &op.reference,
                    &op.description,
                    &op.uid,
                    &op.user_name,
                    &op.user_email,
                ]
                .iter()
                .any(|f| f.to_lowercase().contains(&t))
            })
    }
}

/// Page and limit, from the query of either form.
pub(crate) struct Paging {
    pub page: usize,
    pub limit: usize,
}

fn query_pairs(query: &str) -> Result<Vec<(String, String)>, Invalid> {
    serde_urlencoded::from_str(query).or_else(|e| invalid(format!("Query inválida: {e}")))
}

fn find<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub(crate) fn paging(query: &str) -> Result<Paging, Invalid> {
    let pairs = query_pairs(query)?;
    let page = match find(&pairs, "page") {
        None => return invalid("El parámetro page es requerido"),
        Some(p) => p
            .trim()
            .parse::<usize>()
            .or_else(|_| invalid(format!("page debe ser un entero desde 0, llegó `{p}`")))?,
    };
    let limit = match find(&pairs, "limit") {
        None => DEFAULT_LIMIT,
        Some(l) => match l.trim().parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                return invalid(format!(
                    "limit debe estar entre 1 y {MAX_LIMIT}, llegó `{l}`"
                ));
            }
        },
    };
    Ok(Paging { page, limit })
}

fn status_filter(text: &str) -> Result<String, Invalid> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return invalid(format!(
            "status debe ser un código numérico, llegó `{text}`"
        ));
    }
    Ok(t.to_owned())
}

fn currency_filter(text: &str) -> Result<String, Invalid> {
    match text.trim() {
        c @ ("ARS" | "TEST") => Ok(c.to_owned()),
        other => invalid(format!("Moneda no admitida `{other}`: admitidas ARS, TEST")),
    }
}

fn bool_filter(name: &str, text: &str) -> Result<bool, Invalid> {
    match text.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => invalid(format!("{name} debe ser true o false, llegó `{other}`")),
    }
}

fn day_start(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

fn day_end(d: NaiveDate) -> NaiveDateTime {
    day_start(d) + TimeDelta::milliseconds(86_400_000 - 1)
}

/// A GET date: `yyyy-mm-dd` (a whole day), ISO-8601 date-time, or epoch milliseconds.
fn query_date(name: &str, text: &str, end: bool) -> Result<NaiveDateTime, Invalid> {
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(if end { day_end(d) } else { day_start(d) });
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.naive_utc());
    }
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        if let Some(dt) = t
            .parse::<i64>()
            .ok()
            .and_then(DateTime::from_timestamp_millis)
        {
            return Ok(dt.naive_utc());
        }
    }
    invalid(format!("{name}: fecha inválida `{text}`"))
}

/// The GET form's filters.
pub(crate) fn query_filters(query: &str) -> Result<Filters, Invalid> {
    let pairs = query_pairs(query)?;
    let mut f = Filters::default();
    for (k, v) in &pairs {
        match k.as_str() {
            "page" | "limit" => {}
            "status" => f.status = Some(status_filter(v)?),
            "currency" => f.currency = Some(currency_filter(v)?),
            "created_from" => f.created.from = Some(query_date(k, v, false)?),
            "created_to" => f.created.to = Some(query_date(k, v, true)?),
            "updated_from" => f.updated.from = Some(query_date(k, v, false)?),
            "updated_to" => f.updated.to = Some(query_date(k, v, true)?),
            "text" => f.text = Some(v.clone()),
            "reference" => f.reference = Some(v.clone()),
            "test" => f.test = Some(bool_filter("test", v)?),
            "context" => {
                if v.contains(' ') {
                    return invalid("context: separados por coma y sin espacios");
                }
                f.context = v
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            // Unknown parameters are ignored, as web APIs do.
            _ => {}
        }
    }
    Ok(f)
}

fn day_object(name: &str, v: &Value) -> Result<NaiveDate, Invalid> {
    let part = |key: &str| -> Option<i64> {
        match v.get(key)? {
            Value::Number(n) => n.to_string().parse().ok(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    };
    let (Some(day), Some(month), Some(year)) = (part("day"), part("month"), part("year")) else {
        return invalid(format!("{name}: se esperaba {{day, month, year}}"));
    };
    u32::try_from(month)
        .ok()
        .zip(u32::try_from(day).ok())
        .zip(i32::try_from(year).ok())
        .and_then(|((m, d), y)| NaiveDate::from_ymd_opt(y, m, d))
        .map_or_else(|| invalid(format!("{name}: fecha inexistente")), Ok)
}

fn body_range(name: &str, v: &Value) -> Result<Range, Invalid> {
    let Value::Object(map) = v else {
        return invalid(format!("{name} debe ser un objeto {{from, to}}"));
    };
    let mut r = Range::default();
    if let Some(from) = map.get("from").filter(|v| !v.is_null()) {
        r.from = Some(day_start(day_object(&format!("{name}.from"), from)?));
    }
    if let Some(to) = map.get("to").filter(|v| !v.is_null()) {
        r.to = Some(day_end(day_object(&format!("{name}.to"), to)?));
    }
    Ok(r)
}

fn body_text(name: &str, v: &Value) -> Result<String, Invalid> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        _ => invalid(format!("{name} debe ser texto")),
    }
}

/// The POST form's filters (the JSON body; an empty body means no filters).
pub(crate) fn body_filters(body: &[u8]) -> Result<Filters, Invalid> {
    let mut f = Filters::default();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(f);
    }
    let value = crate::exact::parse(body).or_else(|e| invalid(format!("JSON inválido: {e}")))?;
    let Value::Object(map) = value else {
        return invalid("Se esperaba un objeto JSON");
    };
    for (k, v) in &map {
        if v.is_null() {
            continue;
        }
        match k.as_str() {
            "status" => f.status = Some(status_filter(&body_text(k, v)?)?),
            "currency" => f.currency = Some(currency_filter(&body_text(k, v)?)?),
            "created" => f.created = body_range(k, v)?,
            "updated" => f.updated = body_range(k, v)?,
            "text" => f.text = Some(body_text(k, v)?),
            "reference" => f.reference = Some(body_text(k, v)?),
            "test" => match v {
                Value::Bool(b) => f.test = Some(*b),
                _ => return invalid("test debe ser booleano"),
            },
            "context" => match v {
                Value::Array(items) => {
                    f.context = items
                        .iter()
                        .map(|i| body_text("context", i))
                        .collect::<Result<_, _>>()?;
                }
                _ => return invalid("context debe ser un arreglo de textos"),
            },
            _ => {}
        }
    }
    Ok(f)
}

/// The page of the matching operations (newest first), in the reply's numbering.
pub(crate) fn page_json(ops: &[Op], filters: &Filters, paging: &Paging, one_based: bool) -> Value {
    let mut matching: Vec<&Op> = ops.iter().filter(|o| filters.matches(o)).collect();
    matching.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
    let start = paging.page.saturating_mul(paging.limit);
    let docs: Vec<Value> = matching
        .iter()
        .skip(start)
        .take(paging.limit)
        .map(|o| o.operation_json())
        .collect();
    let base = i64::from(one_based);
    let page = i64::try_from(paging.page).unwrap_or(i64::MAX);
    let has_next = start.saturating_add(paging.limit) < matching.len();
    json!({
        "docs": docs,
        "page": page.saturating_add(base),
        "prevPage": if page > 0 { page - 1 + base } else { -1 },
        "nextPage": if has_next { page.saturating_add(1 + base) } else { -1 },
        "limit": paging.limit,
    })
}
