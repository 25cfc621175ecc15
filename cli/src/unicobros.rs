//! `recaudo unicobros status|coupons|operations`.
//!
//! Unicobros (Mobbex) has no payment endpoint: payments happen in its checkout. So there is no
//! `lookup` or `pay` here; `coupons <reference>` is the collector's recovery command: it lists
//! the coupons under a reference and resolves whether it was paid exactly once, exiting like a
//! payment does (0 confirmed, 3 rejected — nothing charged, another try is safe —, 4 needs
//! review).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use clap::{Args, Subcommand};
use recaudo_core::money::Currency;
use recaudo_core::native::SystemClock;
use recaudo_core::unicobros::{
    Coupon, Credentials, DayRange, ListMethod, Operation, OperationFilters, ReferenceResolution,
    Source, StatusCode, TransactionStatus, UnicobrosClient, UnicobrosConfig, amount_text,
};
use recaudo_core::{Money, Secret};
use serde_json::{Value, json};

use crate::Globals;
use crate::args::{Missing, money as parse_money};
use crate::output::{CliError, Report};
use crate::trace::Traced;

pub type Client = UnicobrosClient<Traced, SystemClock>;

#[derive(Args)]
pub struct UnicobrosArgs {
    /// Ask for the gateway's messages in this language (`x-lang`, e.g. es, en).
    #[arg(long)]
    lang: Option<String>,
    #[command(subcommand)]
    command: UnicobrosCommand,
}

#[derive(Subcommand)]
enum UnicobrosCommand {
    /// A coupon's transactions and status (POST 2.0/transactions/status).
    Status {
        /// The coupon id (the `id` that `coupons` prints).
        coupon_id: String,
    },
    /// The coupons under a reference and whether it was paid exactly once: the check to make
    /// when a checkout's result was lost, before the customer tries again.
    Coupons {
        /// The payment's reference.
        reference: String,
        /// The amount the payment was for; a paid coupon for another amount needs review.
        #[arg(long, allow_hyphen_values = true, requires = "currency")]
        amount: Option<String>,
        /// ARS or TEST, with --amount.
        #[arg(long)]
        currency: Option<String>,
    },
    /// The operations listing, one page or --all of them.
    Operations {
        /// The page, from 0.
        #[arg(long, allow_hyphen_values = true, default_value = "0")]
        page: String,
        /// Operations per page, 1 to 50 (the biller's default is 15).
        #[arg(long, allow_hyphen_values = true)]
        limit: Option<String>,
        /// A Mobbex status code (200 paid, 400 declined, ...).
        #[arg(long, allow_hyphen_values = true)]
        status: Option<String>,
        /// ARS or TEST.
        #[arg(long)]
        currency: Option<String>,
        /// Only the operations of this payment reference.
        #[arg(long)]
        reference: Option<String>,
        /// Free-text search.
        #[arg(long)]
        text: Option<String>,
        /// yyyy-mm-dd (UTC day, included).
        #[arg(long)]
        created_from: Option<String>,
        /// yyyy-mm-dd (UTC day, included).
        #[arg(long)]
        created_to: Option<String>,
        /// yyyy-mm-dd (UTC day, included): last updated on or after.
        #[arg(long)]
        updated_from: Option<String>,
        /// yyyy-mm-dd (UTC day, included): last updated on or before.
        #[arg(long)]
        updated_to: Option<String>,
        /// Contexts, comma-separated without spaces (plugin.value.checkout:web,...).
        #[arg(long)]
        context: Option<String>,
        /// Test operations only.
        #[arg(long)]
        test: bool,
        /// Follow every page from --page on.
        #[arg(long)]
        all: bool,
        /// Use the POST form of the listing (filters in the body) instead of GET.
        #[arg(long)]
        post: bool,
    },
    /// Your journal (or an export of your records) against Unicobros's records for a day.
    Reconcile {
        #[command(flatten)]
        day: crate::collect::DayArgs,
        #[command(flatten)]
        journal: crate::journal::JournalArgs,
    },
}

pub async fn run(globals: &Globals, args: UnicobrosArgs) -> Result<Report, CliError> {
    let client = client_from_env(globals, args.lang)?;
    match args.command {
        UnicobrosCommand::Reconcile { day, journal } => {
            // The root this command chose (--base-url, or its own default).
            let globals = globals.at(client.config().base_url.as_str());
            crate::collect::reconcile_for(
                &globals,
                recaudo_core::collection::BillerId::Unicobros,
                journal,
                day,
            )
            .await
        }
        UnicobrosCommand::Status { coupon_id } => {
            let status = client.transaction_status(&coupon_id).await?;
            Ok(status_report(coupon_id.trim(), &status))
        }
        UnicobrosCommand::Coupons {
            reference,
            amount,
            currency,
        } => {
            let expected = match (amount, currency) {
                (Some(a), Some(c)) => Some(Money::new(parse_money(&a)?, parse_currency(&c)?)),
                (None, Some(_)) => {
                    return Err(CliError::new("invalid_input", "--currency needs --amount"));
                }
                _ => None,
            };
            let resolution = client.resolve_reference(&reference, expected).await?;
            Ok(coupons_report(&resolution))
        }
        UnicobrosCommand::Operations {
            page,
            limit,
            status,
            currency,
            reference,
            text,
            created_from,
            created_to,
            updated_from,
            updated_to,
            context,
            test,
            all,
            post,
        } => {
            let filters = OperationFilters {
                status: status
                    .as_deref()
                    .map(|s| parse_number("status", s))
                    .transpose()?,
                currency: currency.as_deref().map(parse_currency).transpose()?,
                created: DayRange {
                    from: day("created-from", created_from.as_deref())?,
                    to: day("created-to", created_to.as_deref())?,
                },
                updated: DayRange {
                    from: day("updated-from", updated_from.as_deref())?,
                    to: day("updated-to", updated_to.as_deref())?,
                },
                text,
                reference,
                context: context
                    .map(|c| c.split(',').map(str::to_owned).collect())
                    .unwrap_or_default(),
                test: test.then_some(true),
            };
            let method = if post {
                ListMethod::Post
            } else {
                ListMethod::Get
            };
            let first = parse_number("page", &page)?;
            let limit = limit
                .as_deref()
                .map(|l| parse_number("limit", l))
                .transpose()?;
            operations(globals, &client, method, first, limit, filters, all).await
        }
    }
}

fn client_from_env(globals: &Globals, lang: Option<String>) -> Result<Client, CliError> {
    let mut missing = Missing::default();
    let api_key = missing.var(VARS[0]);
    let access_token = missing.var(VARS[1]);
    missing.check("Unicobros", &VARS)?;
    let credentials = Credentials {
        api_key: Secret::new(api_key),
        access_token: Secret::new(access_token),
    };
    let mut config = match &globals.base_url {
        Some(url) => UnicobrosConfig::with_base_url(url, globals.allow_insecure_http, credentials)?,
        None => UnicobrosConfig::new(credentials),
    };
    config.timeout = globals.timeout;
    config.lang = lang;
    Ok(UnicobrosClient::new(config, Traced::new()?, SystemClock)?)
}

const VARS: [&str; 2] = [
    "RECAUDO_UNICOBROS_API_KEY",
    "RECAUDO_UNICOBROS_ACCESS_TOKEN",
];

fn parse_currency(text: &str) -> Result<Currency, CliError> {
    text.parse::<Currency>()
        .ok()
        .filter(|c| matches!(c, Currency::Ars | Currency::Test))
        .ok_or_else(|| {
            CliError::new(
                "invalid_input",
                format!("invalid currency `{text}`: Unicobros admits ARS and TEST"),
            )
        })
}

fn parse_number<N: std::str::FromStr>(field: &str, text: &str) -> Result<N, CliError> {
    text.trim().parse::<N>().map_err(|_| {
        CliError::new(
            "invalid_input",
            format!("invalid {field} `{text}`: expected a non-negative integer"),
        )
    })
}

fn day(field: &str, text: Option<&str>) -> Result<Option<NaiveDate>, CliError> {
    text.map(|t| crate::args::date(field, t)).transpose()
}

fn iso(t: &Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, |t| {
        json!(t.to_rfc3339_opts(SecondsFormat::Millis, true))
    })
}

fn status_json(s: &StatusCode) -> Value {
    json!({
        "code": s.code(),
        "name": s.name(),
        "group": s.group().as_str(),
        "description": s.description(),
    })
}

fn source_json(s: &Option<Source>) -> Value {
    s.as_ref().map_or(
        Value::Null,
        |s| json!({"name": s.name, "type": s.kind, "reference": s.reference}),
    )
}

fn coupon_json(c: &Coupon) -> Value {
    json!({
        "id": c.id,
        "uid": c.uid,
        "reference": c.reference,
        "status": status_json(&c.status),
        "amount": amount_text(c.total, c.currency.as_deref()),
        "currency": c.currency,
        "description": c.description,
        "source": source_json(&c.source),
        "installment_count": c.installment_count,
        "card_number": c.card_number,
        "created": iso(&c.created),
        "updated": iso(&c.updated),
        "childs": c.childs.iter().map(coupon_json).collect::<Vec<_>>(),
    })
}

fn status_report(id: &str, s: &TransactionStatus) -> Report {
    let payment = s.transaction.as_ref().and_then(|t| t.payment.as_ref());
    let first = s.transactions.first();
    let currency = payment
        .and_then(|p| p.currency.as_ref())
        .and_then(|c| c.currency_code())
        .or_else(|| first.and_then(|t| t.currency.as_ref()?.currency_code()))
        .map(str::to_owned);
    let amount = payment.map(|p| p.total).or(first.map(|t| t.total));
    let status = s.status();
    let json = json!({
        "id": id,
        "status": status.map(|st| {
            let mut v = status_json(st);
            if let (Some(p), Value::Object(map)) = (payment, &mut v) {
                map.insert("text".into(), json!(p.status.text));
                map.insert("message".into(), json!(p.status.message));
            }
            v
        }),
        "amount": amount.map(|a| amount_text(a, currency.as_deref())),
        "currency": currency,
        "reference": payment.and_then(|p| p.reference.clone()),
        "payment_id": payment.and_then(|p| p.id.clone()),
        "source": source_json(&payment.and_then(|p| p.source.clone())),
        "transactions": s.transactions.iter().map(|t| {
            let cur = t.currency.as_ref().and_then(|c| c.currency_code());
            json!({
                "id": t.id,
                "uid": t.uid,
                "coupon": t.coupon,
                "status": status_json(&t.status),
                "amount": amount_text(t.total, cur),
                "currency": cur,
                "description": t.description,
                "created": iso(&t.created),
                "updated": iso(&t.updated),
            })
        }).collect::<Vec<_>>(),
        "details": s.transaction_details.iter().map(|d| {
            json!({"key": d.key, "label": d.label, "value": d.value})
        }).collect::<Vec<_>>(),
    });
    let mut text = format!(
        "coupon {id}: {}",
        status.map_or("no status".to_owned(), |st| format!(
            "{st} [{}] {}",
            st.group(),
            st.description()
        ))
    );
    if let Some(a) = amount {
        text.push_str(&format!(
            ", {} {}",
            amount_text(a, currency.as_deref()),
            currency.as_deref().unwrap_or("")
        ));
    }
    text.push('\n');
    for d in &s.transaction_details {
        text.push_str(&format!(
            "  {}: {}\n",
            d.label.as_deref().unwrap_or(&d.key),
            d.value.as_deref().unwrap_or("-")
        ));
    }
    Report::new(json, text)
}

fn coupons_report(r: &ReferenceResolution) -> Report {
    let json = json!({
        "reference": r.reference,
        "outcome": r.outcome,
        "finding": r.finding,
        "may_retry": r.may_retry(),
        "paid": r.paid.iter().map(|p| json!({
            "coupon_id": p.coupon_id,
            "uid": p.uid,
            "amount": amount_text(p.amount, p.currency.as_deref()),
            "currency": p.currency,
            "via_childs": p.via_childs,
        })).collect::<Vec<_>>(),
        "rejection": r.rejection,
        "evidence": r.evidence,
        "coupons": r.coupons.iter().map(coupon_json).collect::<Vec<_>>(),
    });
    let mut text = format!(
        "reference {}: {} ({}){}\n",
        r.reference,
        r.outcome,
        r.finding.as_str(),
        if r.may_retry() {
            "; nothing was charged, another try is safe"
        } else {
            ""
        }
    );
    for c in &r.coupons {
        text.push_str(&format!(
            "  coupon {}  {}  {} {}\n",
            c.id,
            c.status,
            amount_text(c.total, c.currency.as_deref()),
            c.currency.as_deref().unwrap_or("")
        ));
        for k in &c.childs {
            text.push_str(&format!(
                "    child {}  {}  {} {}\n",
                k.id,
                k.status,
                amount_text(k.total, k.currency.as_deref()),
                k.currency.as_deref().unwrap_or("")
            ));
        }
    }
    if let Some(rej) = &r.rejection {
        text.push_str(&format!("  rejected: {} {}\n", rej.code, rej.message));
    }
    for e in &r.evidence {
        text.push_str(&format!("  - {}: {}\n", e.step, e.detail));
    }
    Report::new(json, text).with_outcome(r.outcome)
}

fn operation_json(o: &Operation) -> Value {
    let currency = o.currency();
    json!({
        "id": o.id,
        "uid": o.uid,
        "reference": o.reference,
        "status": status_json(&o.status),
        "amount": amount_text(o.total, currency),
        "currency": currency,
        "test": currency == Some("TEST"),
        "description": o.description,
        "context": o.context.as_ref().and_then(|c| c.value.clone()),
        "source": o.source_name.clone().or_else(|| o.source.as_ref().and_then(|s| s.name.clone())),
        "card_number": o.card_number,
        "created": iso(&o.created),
    })
}

async fn operations(
    globals: &Globals,
    client: &Client,
    method: ListMethod,
    first: u32,
    limit: Option<u32>,
    filters: OperationFilters,
    all: bool,
) -> Result<Report, CliError> {
    let mut pages = client.operation_pages(method, first, limit, filters)?;
    let mut ops = Vec::new();
    let spinner = crate::progress::spinner(globals, format!("reading page {first}…"));
    while let Some(page) = pages.next_page().await {
        let page = match page {
            Ok(page) => page,
            Err(e) => {
                spinner.finish_and_clear();
                return Err(e.into());
            }
        };
        ops.extend(page.page.docs);
        spinner.set_message(format!(
            "page {}: {} operation(s) so far",
            page.requested,
            ops.len()
        ));
        if !all {
            break;
        }
    }
    spinner.finish_and_clear();
    let json = json!({
        "page": first,
        "pages": pages.pages_fetched(),
        "next_page": pages.next_page_number(),
        "count": ops.len(),
        "operations": ops.iter().map(operation_json).collect::<Vec<_>>(),
    });
    let mut text = format!("{} operation(s)", ops.len());
    match pages.next_page_number() {
        Some(n) => text.push_str(&format!("; more from --page {n}\n")),
        None => text.push('\n'),
    }
    if !ops.is_empty() {
        let mut t = crate::output::table(&[
            "created",
            "reference",
            "status",
            "amount",
            "cur",
            "description",
        ]);
        for o in &ops {
            let currency = o.currency();
            t.add_row(vec![
                o.created
                    .map_or("-".into(), |t| t.format("%Y-%m-%d %H:%M").to_string()),
                o.reference.clone().unwrap_or_else(|| "-".into()),
                o.status.to_string(),
                amount_text(o.total, currency),
                currency.unwrap_or("").to_owned(),
                o.description.clone().unwrap_or_default(),
            ]);
        }
        crate::output::align_right(&mut t, &[3]);
        text.push_str(&crate::output::indented(&t));
    }
    Ok(Report::new(json, text))
}
