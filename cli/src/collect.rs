//! `recaudo lookup|pay|status|reverse|reconcile|resume|capabilities --biller NAME`: the unified
//! collection flow, the same for every biller, with the payment journal.
//!
//! The journal is a file given by `--journal FILE` (or `RECAUDO_JOURNAL`); without one, payments
//! are journaled in memory only and cannot be resumed after the process ends.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;
use recaudo_core::collection::{
    BillerId, CollectionService, Collector, Finding, JournalStore, MemoryJournal, Payer,
    PaymentRef, PaymentRequest, PaymentResult, PaymentState, Reconciliation, ReversalResult,
    Statement, Step, parse_records, reconcile,
};
use recaudo_core::money::format_amount;
use recaudo_core::native::{FileJournal, NativeTransport, SystemClock};
use serde_json::{Value, json};

use crate::Globals;
use crate::args::money;
use crate::output::{CliError, DebtRow, PaymentRow, Report, lookup_report, state_json};

type NativeCollector = Collector<NativeTransport, SystemClock>;

#[derive(Args)]
pub struct BillerArgs {
    /// unicomer, unicobros, zoom or cooplan.
    #[arg(long)]
    biller: String,
    /// The payment journal file (default: $RECAUDO_JOURNAL; none: in memory only).
    #[arg(long, env = "RECAUDO_JOURNAL")]
    journal: Option<PathBuf>,
}

#[derive(Args)]
pub struct LookupArgs {
    #[command(flatten)]
    biller: BillerArgs,
    /// The customer's identifier at the biller.
    customer: String,
}

#[derive(Args)]
pub struct PayArgs {
    #[command(flatten)]
    biller: BillerArgs,
    /// The debt's `debt_id` from lookup.
    #[arg(long)]
    debt: String,
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    /// Your unique receipt number: the payment's identity in the journal.
    #[arg(long)]
    receipt: String,
    #[arg(long, default_value = "recaudo")]
    cashier: String,
    #[arg(long, default_value = "recaudo-cli")]
    location: String,
    /// "yyyy-mm-dd hh:mm:ss", the biller's local time; default now.
    #[arg(long)]
    paid_at: Option<String>,
    /// Payer identification, name and e-mail, for billers that record them.
    #[arg(long)]
    payer_id: Option<String>,
    #[arg(long)]
    payer_name: Option<String>,
    #[arg(long)]
    payer_email: Option<String>,
    /// What a biller needs beyond the shared fields, as KEY=VALUE (repeatable); Zoom:
    /// bank_account=N (idcuentabanco), origin_bank=N.
    #[arg(long = "extra", value_name = "KEY=VALUE")]
    extra: Vec<String>,
}

#[derive(Args)]
pub struct PaymentArgs {
    #[command(flatten)]
    biller: BillerArgs,
    #[arg(long)]
    debt: String,
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    #[arg(long)]
    paid_at: String,
    /// The biller's payment id, when known (a reversal needs it for most billers).
    #[arg(long)]
    payment: Option<String>,
    #[arg(long, default_value = "")]
    receipt: String,
}

#[derive(Args)]
pub struct ReconcileArgs {
    #[command(flatten)]
    biller: BillerArgs,
    #[command(flatten)]
    day: DayArgs,
}

/// The day to reconcile and, instead of the journal, an export of the collector's records.
#[derive(Args)]
pub struct DayArgs {
    /// yyyy-mm-dd
    #[arg(long)]
    pub(crate) date: String,
    /// Reconcile an export of your records (CSV or JSON) instead of the journal.
    #[arg(long)]
    pub(crate) records: Option<PathBuf>,
}

/// `recaudo <biller> reconcile --date D [--journal FILE] [--records FILE]`: the same
/// reconciliation as `recaudo reconcile --biller <biller>`.
pub async fn reconcile_for(
    globals: &Globals,
    biller: BillerId,
    journal: Option<PathBuf>,
    day: DayArgs,
) -> Result<Report, CliError> {
    let args = ReconcileArgs {
        biller: BillerArgs {
            biller: biller.as_str().to_owned(),
            journal,
        },
        day,
    };
    reconcile_cmd(globals, args).await
}

fn collector(globals: &Globals, biller: &BillerArgs) -> Result<NativeCollector, CliError> {
    let id: BillerId = biller.biller.parse()?;
    Ok(match id {
        BillerId::Unicomer => Collector::Unicomer(crate::unicomer::client(globals)?),
        BillerId::Cooplan => Collector::Cooplan(crate::cooplan::client(globals)?),
        BillerId::Unicobros => Collector::Unicobros(crate::unicobros::client(globals)?),
        BillerId::Zoom => Collector::Zoom(crate::zoom::client(globals)?),
    })
}

/// The service with the journal the arguments name.
fn service(
    globals: &Globals,
    biller: &BillerArgs,
) -> Result<CollectionService<NativeTransport, SystemClock, Box<dyn JournalStore>>, CliError> {
    let journal: Box<dyn JournalStore> = match &biller.journal {
        Some(path) => Box::new(FileJournal::open(path)?),
        None => Box::new(MemoryJournal::new()),
    };
    Ok(CollectionService::new(collector(globals, biller)?, journal))
}

pub async fn lookup(globals: &Globals, args: LookupArgs) -> Result<Report, CliError> {
    let statement = collector(globals, &args.biller)?
        .lookup(&args.customer)
        .await?;
    Ok(statement_report(&statement))
}

pub fn statement_report(s: &Statement) -> Report {
    let debts: Vec<DebtRow> = s
        .debts
        .iter()
        .map(|d| DebtRow {
            debt_id: d.debt_id.clone(),
            description: d.description.clone(),
            amount_due: d.amount_due.amount,
            balance: d.balance.amount,
            currency: d.amount_due.currency,
            due_date: d.due_date,
            details: json!(d.details),
        })
        .collect();
    let customer =
        json!({"id": s.customer.id, "name": s.customer.name, "details": s.customer.details});
    lookup_report(
        customer,
        format!("{} ({})", s.customer.name, s.customer.id),
        &debts,
    )
}

pub async fn pay(globals: &Globals, args: PayArgs) -> Result<Report, CliError> {
    let service = service(globals, &args.biller)?;
    let payer = match (args.payer_id, args.payer_name, args.payer_email) {
        (None, None, None) => None,
        (id, name, email) => Some(Payer {
            id: id.unwrap_or_default(),
            name: name.unwrap_or_default(),
            email: email.unwrap_or_default(),
        }),
    };
    let request = PaymentRequest {
        debt_id: args.debt,
        amount: money(&args.amount)?,
        receipt: args.receipt,
        paid_at: args
            .paid_at
            .as_deref()
            .map(crate::args::paid_at)
            .transpose()?,
        cashier: args.cashier,
        location: args.location,
        payer,
        balance: None,
        extra: args
            .extra
            .iter()
            .map(|kv| {
                kv.split_once('=')
                    .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                    .ok_or_else(|| {
                        CliError::new("invalid_input", format!("--extra `{kv}` is not KEY=VALUE"))
                    })
            })
            .collect::<Result<_, _>>()?,
    };
    let result = service.pay(&request).await?;
    Ok(payment_report(&result))
}

pub fn payment_report(r: &PaymentResult) -> Report {
    PaymentRow {
        outcome: r.outcome,
        payment_id: json!(r.reference.payment_id),
        debt_id: r.reference.debt_id.clone(),
        receipt: r.reference.receipt.clone(),
        amount: r.reference.amount,
        currency: r.currency,
        paid_at: r.reference.paid_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        recovered: r.recovered,
        sends: r.sends,
        state: r.state.as_ref().map_or(Value::Null, state),
        rejection: r.rejection.clone(),
        evidence: r.evidence.clone(),
    }
    .report()
}

fn state(s: &PaymentState) -> Value {
    let mut v = state_json(s.code.clone(), &s.description);
    v["kind"] = json!(s.kind);
    v
}

fn reference(args: &PaymentArgs) -> Result<PaymentRef, CliError> {
    Ok(PaymentRef {
        debt_id: args.debt.clone(),
        payment_id: args.payment.clone(),
        receipt: args.receipt.clone(),
        amount: money(&args.amount)?,
        paid_at: crate::args::paid_at(&args.paid_at)?,
    })
}

pub async fn status(globals: &Globals, args: PaymentArgs) -> Result<Report, CliError> {
    let reference = reference(&args)?;
    let found = collector(globals, &args.biller)?.status(&reference).await?;
    let json = json!({
        "debt_id": reference.debt_id,
        "payment_id": found.payment_id,
        "amount": reference.amount.to_string(),
        "paid_at": args.paid_at,
        "state": state(&found.state),
    });
    let text = format!(
        "payment on debt {} at {}: {} ({}, {:?})\n",
        reference.debt_id,
        args.paid_at,
        found.state.description,
        found.state.code,
        found.state.kind
    );
    Ok(Report::new(json, text))
}

pub async fn reverse(globals: &Globals, args: PaymentArgs) -> Result<Report, CliError> {
    let reference = reference(&args)?;
    let result = service(globals, &args.biller)?.reverse(&reference).await?;
    Ok(reversal_report(&result))
}

fn reversal_report(r: &ReversalResult) -> Report {
    let json = json!({
        "outcome": r.outcome,
        "payment_id": r.reference.payment_id,
        "debt_id": r.reference.debt_id,
        "recovered": r.recovered,
        "state": r.state.as_ref().map_or(Value::Null, state),
        "rejection": r.rejection,
        "evidence": r.evidence,
    });
    let mut text = format!(
        "reversal of payment {}: {}\n",
        r.reference.payment_id.as_deref().unwrap_or("-"),
        r.outcome
    );
    if let Some(rej) = &r.rejection {
        text.push_str(&format!("  rejected: {} {}\n", rej.code, rej.message));
    }
    Report::new(json, text).with_outcome(r.outcome)
}

pub async fn resume(globals: &Globals, args: BillerArgs) -> Result<Report, CliError> {
    if args.journal.is_none() {
        return Err(CliError::new(
            "config",
            "resume needs --journal FILE (or RECAUDO_JOURNAL)",
        ));
    }
    let service = service(globals, &args)?;
    let resumed = service.resume().await?;
    let mut rows = Vec::new();
    let mut text = format!("{} payment(s) were in flight\n", resumed.len());
    for r in &resumed {
        match &r.result {
            Ok(result) => {
                text.push_str(&format!("  {}: {}\n", r.receipt, result.outcome));
                rows.push(json!({"receipt": r.receipt, "outcome": result.outcome, "payment_id": result.reference.payment_id, "evidence": result.evidence}));
            }
            Err(e) => {
                text.push_str(&format!("  {}: still in flight ({})\n", r.receipt, e));
                rows.push(json!({"receipt": r.receipt, "outcome": null, "error": {"code": e.code(), "message": e.to_string()}}));
            }
        }
    }
    Ok(Report::new(json!({"resumed": rows}), text))
}

pub async fn reconcile_cmd(globals: &Globals, args: ReconcileArgs) -> Result<Report, CliError> {
    let date = NaiveDate::parse_from_str(args.day.date.trim(), "%Y-%m-%d").map_err(|_| {
        CliError::new(
            "invalid_input",
            format!("invalid date `{}`: expected yyyy-mm-dd", args.day.date),
        )
    })?;
    let service = service(globals, &args.biller)?;
    let report = match &args.day.records {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| CliError::new("invalid_input", format!("{}: {e}", path.display())))?;
            let local: Vec<_> = parse_records(&text)?
                .into_iter()
                .filter(|r| r.paid_at.date() == date)
                .collect();
            progress(
                globals,
                &format!(
                    "{} local record(s); fetching the biller's records…",
                    local.len()
                ),
            );
            let remote = service.collector().settlements(date).await?;
            reconcile(date, &local, &remote)
        }
        None => {
            progress(globals, "fetching the biller's records…");
            service.reconcile(date).await?
        }
    };
    Ok(reconciliation_report(&args.biller.biller, &report))
}

fn progress(globals: &Globals, message: &str) {
    if !globals.json {
        eprintln!("{message}");
    }
}

const FINDINGS: [Finding; 5] = [
    Finding::Matched,
    Finding::MissingAtBiller,
    Finding::MissingLocally,
    Finding::AmountMismatch,
    Finding::StateMismatch,
];

fn finding_name(f: Finding) -> &'static str {
    match f {
        Finding::Matched => "matched",
        Finding::MissingAtBiller => "missing_at_biller",
        Finding::MissingLocally => "missing_locally",
        Finding::AmountMismatch => "amount_mismatch",
        Finding::StateMismatch => "state_mismatch",
    }
}

pub fn reconciliation_report(biller: &str, r: &Reconciliation) -> Report {
    let counts: serde_json::Map<String, Value> = FINDINGS
        .iter()
        .map(|f| (finding_name(*f).to_owned(), json!(r.count(*f))))
        .collect();
    let json = json!({
        "biller": biller,
        "date": r.date.format("%Y-%m-%d").to_string(),
        "clean": r.is_clean(),
        "counts": counts,
        "totals": r.totals,
        "rows": r.rows,
    });
    let mut text = format!("reconciliation {biller} {}: ", r.date);
    text.push_str(
        &FINDINGS
            .iter()
            .map(|f| format!("{} {}", r.count(*f), finding_name(*f).replace('_', " ")))
            .collect::<Vec<_>>()
            .join(", "),
    );
    text.push_str(&format!(
        "\n  {:<18} {:<16} {:<10} {:>14} {:>14}  {}\n",
        "finding", "receipt", "payment", "ours", "biller's", "biller state"
    ));
    for row in &r.rows {
        let receipt = row
            .local
            .as_ref()
            .map(|l| l.receipt.clone())
            .or_else(|| row.biller.as_ref().and_then(|b| b.receipt.clone()))
            .unwrap_or_default();
        let payment = row
            .biller
            .as_ref()
            .map(|b| b.payment_id.clone())
            .or_else(|| row.local.as_ref().and_then(|l| l.payment_id.clone()))
            .unwrap_or_default();
        let ours = row.local.as_ref().map_or("-".into(), |l| {
            format!("{} {:?}", l.amount.amount_text(), l.state).to_lowercase()
        });
        let theirs = row
            .biller
            .as_ref()
            .map_or("-".into(), |b| b.amount.amount_text());
        let state = row
            .biller
            .as_ref()
            .map_or("-".into(), |b| b.state.description.clone());
        text.push_str(&format!(
            "  {:<18} {:<16} {:<10} {:>14} {:>14}  {}\n",
            finding_name(row.finding),
            receipt,
            payment,
            ours,
            theirs,
            state
        ));
    }
    for (currency, t) in &r.totals {
        text.push_str(&format!(
            "  total {currency}: ours {} ({}), biller's {} ({})\n",
            format_amount(t.local, *currency),
            t.local_count,
            format_amount(t.biller, *currency),
            t.biller_count
        ));
    }
    Report::new(json, text)
}

pub fn capabilities() -> Report {
    let rows: Vec<Value> = BillerId::ALL
        .iter()
        .map(|b| {
            let caps = recaudo_core::collection::capabilities_of(*b);
            json!({"biller": b, "capabilities": caps})
        })
        .collect();
    let mut text = format!(
        "{:<10} {:<7} {:<4} {:<7} {:<8} {:<12} {:<14} {}\n",
        "biller",
        "lookup",
        "pay",
        "status",
        "reverse",
        "settlements",
        "recovery",
        "reversal window"
    );
    for b in BillerId::ALL {
        let c = recaudo_core::collection::capabilities_of(b);
        let yes = |s: Step| if c.supports(s) { "yes" } else { "no" };
        text.push_str(&format!(
            "{:<10} {:<7} {:<4} {:<7} {:<8} {:<12} {:<14} {}\n",
            b.as_str(),
            yes(Step::Lookup),
            yes(Step::Pay),
            yes(Step::Status),
            yes(Step::Reverse),
            yes(Step::Settlements),
            json!(c.recovery).as_str().unwrap_or("-"),
            c.reversal_window
                .map_or("-".into(), |w| format!("{} s", w.as_secs()))
        ));
    }
    Report::new(json!({"billers": rows}), text)
}
