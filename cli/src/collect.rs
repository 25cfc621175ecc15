//! `recaudo lookup|pay|status|reverse|reconcile|resume|review|capabilities --biller NAME`: the
//! unified collection flow, the same for every biller, with the payment journal.
//!
//! The journal persists by default (see [`crate::journal`]): `--journal FILE` or
//! `RECAUDO_JOURNAL` name another file, `--no-journal` runs without one (and `pay` warns).

use std::collections::BTreeSet;
use std::path::PathBuf;

use clap::Args;
use recaudo_core::collection::{
    BillerId, CollectionService, Collector, Finding, JournalEntry, JournalStore, Payer, PaymentRef,
    PaymentRequest, PaymentResult, PaymentState, Reconciliation, ReversalResult, Statement, Step,
    reconcile,
};
use recaudo_core::money::format_amount;
use recaudo_core::native::SystemClock;
use recaudo_core::{Evidence, Outcome};
use serde_json::{Value, json};

use crate::Globals;
use crate::args::money;
use crate::codes;
use crate::journal::{Journal, JournalArgs, State, default_name};
use crate::output::{
    CliError, DebtRow, PaymentRow, Report, align_right, indented, lookup_report, state_json, table,
};
use crate::trace::Traced;

pub type NativeCollector = Collector<Traced, SystemClock>;
type Service = CollectionService<Traced, SystemClock, Journal>;

#[derive(Args)]
pub struct BillerArgs {
    /// The biller: `recaudo capabilities` lists every one.
    #[arg(long)]
    biller: String,
    #[command(flatten)]
    journal: JournalArgs,
}

#[derive(Args)]
pub struct LookupArgs {
    /// The biller: `recaudo capabilities` lists every one.
    #[arg(long)]
    biller: String,
    /// The customer's identifier at the biller (Unicomer cédula/RUC, Cooplan contract, Zoom
    /// document `guide:N`).
    customer: String,
}

#[derive(Args)]
pub struct PayArgs {
    #[command(flatten)]
    biller: BillerArgs,
    /// The debt to pay: its `debt_id` as `lookup` printed it.
    #[arg(long)]
    debt: String,
    /// The amount, plain decimal text in the biller's currency (`25.00`; never `25,00`).
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    /// Your unique receipt number: the payment's identity in the journal (paying again with it
    /// sends nothing and answers the recorded outcome).
    #[arg(long)]
    receipt: String,
    /// Who took the money.
    #[arg(long, default_value = "recaudo")]
    cashier: String,
    /// Where the money was taken (agency, branch, till).
    #[arg(long, default_value = "recaudo-cli")]
    location: String,
    /// When the money was taken, in the biller's local time: "yyyy-mm-dd hh:mm:ss" or
    /// yyyy-mm-ddThh:mm:ss (as the outcome and the journal print it); default now.
    #[arg(long, value_name = "DATE_TIME")]
    paid_at: Option<String>,
    /// The payer's identification (RIF/CI at Zoom), for billers that record who paid.
    #[arg(long)]
    payer_id: Option<String>,
    /// The payer's name, for billers that record who paid.
    #[arg(long)]
    payer_name: Option<String>,
    /// The payer's e-mail, for billers that record who paid.
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
    /// The debt paid: its `debt_id`, as `pay --debt` took it.
    #[arg(long)]
    debt: String,
    /// The amount paid, plain decimal text.
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    /// When it was paid, as `pay` printed it: "yyyy-mm-dd hh:mm:ss" or yyyy-mm-ddThh:mm:ss
    /// (Zoom: its date, yyyy-mm-dd, is enough).
    #[arg(long, value_name = "DATE_TIME")]
    paid_at: String,
    /// The biller's payment id, when known (a reversal needs it for most billers).
    #[arg(long)]
    payment: Option<String>,
    /// Your receipt number, to record a reversal against its journal entry.
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

#[derive(Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    biller: BillerArgs,
    /// Only this receipt (default: every payment in flight or left for review).
    #[arg(long)]
    receipt: Option<String>,
}

/// The day to reconcile and, instead of the journal, an export of the collector's records.
#[derive(Args)]
pub struct DayArgs {
    /// The day, yyyy-mm-dd (the biller's calendar).
    #[arg(long)]
    pub(crate) date: String,
    /// Reconcile an export of your records instead of the journal: CSV (`,` `;` or tab,
    /// columns by header name: receipt, amount, paid_at, ...) or a JSON array.
    #[arg(long, value_name = "FILE")]
    pub(crate) records: Option<PathBuf>,
}

/// `recaudo <biller> reconcile --date D [--journal FILE] [--records FILE]`: the same
/// reconciliation as `recaudo reconcile --biller <biller>`.
pub async fn reconcile_for(
    globals: &Globals,
    biller: BillerId,
    journal: JournalArgs,
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

/// The biller's collector, and who the collector is there (for the default journal's name):
/// any biller, from its options in the environment (see [`crate::options`]).
pub(crate) fn collector(
    globals: &Globals,
    biller: &str,
) -> Result<(NativeCollector, String), CliError> {
    let id: BillerId = biller.parse()?;
    // Zoom's token credential and user fields have no place in its options: its own module
    // builds that client.
    if let Some(found) = crate::zoom::collector_beyond_options(globals, id)? {
        return Ok(found);
    }
    let options = crate::options::from_env(globals, id)?;
    let name = default_name(id, &options.account(), &options.connection().base_url);
    let collector = Collector::connect(options, Traced::new()?, SystemClock)?;
    Ok((collector, name))
}

/// The service with the journal the arguments name (the default one unless told otherwise).
/// `needs`: the command that cannot run without a journal, refused with `--no-journal`.
fn service(
    globals: &Globals,
    biller: &BillerArgs,
    needs: Option<&str>,
) -> Result<Service, CliError> {
    let (collector, name) = collector(globals, &biller.biller)?;
    let journal = match biller.journal.resolve(|| name)? {
        Some(path) => Journal::open(globals, &path)?,
        None => match needs {
            Some(command) => {
                return Err(CliError::new(
                    "usage",
                    format!("{command} needs the payment journal: --no-journal leaves it nothing to read"),
                )
                .with_hint("drop --no-journal (the default journal is used), or give --journal FILE"));
            }
            None => Journal::memory(),
        },
    };
    Ok(CollectionService::new(collector, journal))
}

fn journal_json(service: &Service) -> Value {
    service
        .journal()
        .path()
        .map_or(Value::Null, |p| json!(p.display().to_string()))
}

pub async fn lookup(globals: &Globals, args: LookupArgs) -> Result<Report, CliError> {
    let (collector, _) = collector(globals, &args.biller)?;
    let spinner = crate::progress::spinner(globals, format!("asking {}…", args.biller.trim()));
    let statement = collector.lookup(&args.customer).await;
    spinner.finish_and_clear();
    Ok(statement_report(&statement?))
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
    let service = service(globals, &args.biller, None)?;
    let payer = match (args.payer_id, args.payer_name, args.payer_email) {
        (None, None, None) => None,
        (id, name, email) => Some(Payer::new(
            id.unwrap_or_default(),
            name.unwrap_or_default(),
            email.unwrap_or_default(),
        )),
    };
    let mut request = PaymentRequest::new(
        args.debt,
        money(&args.amount)?,
        args.receipt,
        args.cashier,
        args.location,
    );
    request.paid_at = args
        .paid_at
        .as_deref()
        .map(crate::args::paid_at)
        .transpose()?;
    request.payer = payer;
    request.extra = args
        .extra
        .iter()
        .map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .ok_or_else(|| {
                    CliError::new("invalid_input", format!("--extra `{kv}` is not KEY=VALUE"))
                })
        })
        .collect::<Result<_, _>>()?;
    let mut warnings = Vec::new();
    if service.journal().path().is_none() {
        warnings.push(
            "--no-journal: this payment is not journaled; if this process dies before its \
             outcome, nothing records that it was sent, and its receipt is not protected \
             against a second payment"
                .to_owned(),
        );
    }
    let spinner = crate::progress::spinner(
        globals,
        format!(
            "paying {} at {} (a lost reply is checked with the biller before anything is resent)",
            request.receipt.trim(),
            service.collector().biller()
        ),
    );
    let result = service.pay(&request).await;
    spinner.finish_and_clear();
    let result = result?;
    if let Some(unsaved) = &result.unsaved {
        warnings.push(format!(
            "{unsaved}: run `recaudo review` once the journal is writable"
        ));
    }
    let mut report = payment_report(&result);
    report.json["journal"] = journal_json(&service);
    report.warnings = warnings;
    Ok(report)
}

pub fn payment_report(r: &PaymentResult) -> Report {
    let mut report = PaymentRow {
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
    .report();
    if let Some(unsaved) = &r.unsaved {
        report.json["unsaved"] = json!(unsaved);
    }
    report
}

fn state(s: &PaymentState) -> Value {
    let mut v = state_json(s.code.clone(), &s.description);
    v["kind"] = json!(s.kind);
    v
}

fn reference(args: &PaymentArgs) -> Result<PaymentRef, CliError> {
    let biller: BillerId = args.biller.biller.parse()?;
    let paid_at = if biller.paid_at_is_a_day() {
        crate::args::paid_at_or_day(&args.paid_at)?
    } else {
        crate::args::paid_at(&args.paid_at)?
    };
    let mut reference = PaymentRef::new(
        args.debt.clone(),
        args.receipt.clone(),
        money(&args.amount)?,
        paid_at,
    );
    reference.payment_id = args.payment.clone();
    Ok(reference)
}

pub async fn status(globals: &Globals, args: PaymentArgs) -> Result<Report, CliError> {
    let reference = reference(&args)?;
    let (collector, _) = collector(globals, &args.biller.biller)?;
    let found = collector.status(&reference).await?;
    let paid_at = reference.paid_at.format("%Y-%m-%d %H:%M:%S").to_string();
    let json = json!({
        "debt_id": reference.debt_id,
        "payment_id": found.payment_id,
        "amount": reference.amount.to_string(),
        "paid_at": paid_at,
        "state": state(&found.state),
    });
    let text = format!(
        "payment on debt {} at {}: {} ({}, {:?})\n",
        reference.debt_id, paid_at, found.state.description, found.state.code, found.state.kind
    );
    Ok(Report::new(json, text))
}

pub async fn reverse(globals: &Globals, args: PaymentArgs) -> Result<Report, CliError> {
    let reference = reference(&args)?;
    let service = service(globals, &args.biller, None)?;
    let spinner = crate::progress::spinner(globals, "reversing…");
    let result = service.reverse(&reference).await;
    spinner.finish_and_clear();
    Ok(reversal_report(&result?))
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
    text.push_str(&crate::output::outcome_explanation(
        r.outcome,
        r.recovered,
        &r.evidence,
    ));
    if let Some(rej) = &r.rejection {
        text.push_str(&format!("  rejected: {} {}\n", rej.code, rej.message));
    }
    text.push_str(&crate::output::evidence_lines(&r.evidence));
    Report::new(json, text).with_outcome(r.outcome)
}

/// `recaudo resume`: the payments a crash left in flight (only those; `review` also re-asks
/// about the ones left for review).
pub async fn resume(globals: &Globals, args: BillerArgs) -> Result<Report, CliError> {
    let service = service(globals, &args, Some("resume"))?;
    let spinner = crate::progress::spinner(globals, "resolving the payments left in flight…");
    let resumed = service.resume().await;
    spinner.finish_and_clear();
    let resumed = resumed?;
    let mut rows = Vec::new();
    let mut open = 0;
    let mut text = format!("{} payment(s) were in flight\n", resumed.len());
    for r in &resumed {
        match &r.result {
            Ok(result) => {
                open += usize::from(result.outcome == Outcome::NeedsReview);
                text.push_str(&format!("  {}: {}\n", r.receipt, result.outcome));
                rows.push(json!({"receipt": r.receipt, "outcome": result.outcome, "payment_id": result.reference.payment_id, "evidence": result.evidence}));
            }
            Err(e) => {
                open += 1;
                text.push_str(&format!("  {}: still in flight ({})\n", r.receipt, e));
                rows.push(json!({"receipt": r.receipt, "outcome": null, "error": {"code": e.code(), "message": e.to_string()}}));
            }
        }
    }
    let mut report = Report::new(
        json!({"resumed": rows, "open": open, "journal": journal_json(&service)}),
        text,
    );
    if open > 0 {
        report.exit = codes::NEEDS_REVIEW;
    }
    Ok(report)
}

/// One payment `review` asked about: where it stood, where it stands.
struct Reviewed {
    entry: JournalEntry,
    before: State,
    after: State,
    error: Option<recaudo_core::Error>,
}

/// `recaudo review`: asks the biller again about every payment in flight or left for review
/// (or one receipt), by the same checks as safe payment, and tells what changed; for what is
/// still open, the evidence and what to check with the biller. Exit 0 when nothing is open,
/// 4 otherwise.
pub async fn review(globals: &Globals, args: ReviewArgs) -> Result<Report, CliError> {
    let service = service(globals, &args.biller, Some("review"))?;
    let biller = service.collector().biller();
    let receipt = args.receipt.as_deref().map(str::trim);
    let mine: Vec<JournalEntry> = service
        .journal()
        .entries()?
        .into_iter()
        .filter(|e| e.biller == biller && receipt.is_none_or(|r| r == e.request.receipt))
        .collect();
    if let (Some(r), true) = (receipt, mine.is_empty()) {
        return Err(CliError::new(
            "invalid_input",
            format!(
                "no payment with receipt {r} for {biller} in the journal {}",
                service
                    .journal()
                    .path()
                    .map_or("-".into(), |p| p.display().to_string())
            ),
        )
        .with_hint("`recaudo journal --receipt R` shows which journal holds it; give that one with --journal"));
    }
    let open: Vec<JournalEntry> = mine
        .iter()
        .filter(|e| State::of(e).is_open())
        .cloned()
        .collect();
    let bar = crate::progress::bar(globals, open.len() as u64, "review");
    let mut reviewed = Vec::new();
    for entry in open {
        let receipt = entry.request.receipt.clone();
        bar.set_message(receipt.clone());
        let before = State::of(&entry);
        service
            .journal()
            .only(Some(BTreeSet::from([receipt.clone()])));
        let asked = if before == State::InFlight {
            service.resume().await
        } else {
            service.review().await
        };
        service.journal().only(None);
        let error = match asked {
            Ok(done) => done.into_iter().find_map(|r| r.result.err()),
            Err(e) => Some(e),
        };
        let now = service
            .journal()
            .get(biller, &receipt)?
            .unwrap_or_else(|| entry.clone());
        reviewed.push(Reviewed {
            after: State::of(&now),
            entry: now,
            before,
            error,
        });
        bar.inc(1);
    }
    bar.finish_and_clear();
    // Nothing could be asked (the biller unreachable, the credentials refused): the error's
    // class is the exit status, and the message says what stays open.
    if reviewed
        .iter()
        .all(|r| r.error.is_some() && r.before == r.after)
    {
        if let Some(e) = reviewed.first().and_then(|r| r.error.clone()) {
            let mut error = CliError::from(e);
            error.message = format!(
                "{} open payment(s) stay open, the biller could not be asked: {}",
                reviewed.len(),
                error.message
            );
            return Err(error);
        }
    }
    // With --receipt, the one asked for may already be settled: say so.
    let settled: Vec<&JournalEntry> = match receipt {
        Some(_) => mine.iter().filter(|e| !State::of(e).is_open()).collect(),
        None => Vec::new(),
    };
    Ok(review_report(&service, receipt, &reviewed, &settled))
}

fn review_report(
    service: &Service,
    receipt: Option<&str>,
    reviewed: &[Reviewed],
    settled: &[&JournalEntry],
) -> Report {
    let biller = service.collector().biller();
    let still_open = reviewed.iter().filter(|r| r.after.is_open()).count();
    let rows: Vec<Value> = reviewed
        .iter()
        .map(|r| {
            let mut row = crate::journal::entry_json(&r.entry, service.journal().path());
            row["before"] = json!(r.before.as_str());
            row["changed"] = json!(r.before != r.after);
            row["error"] = r.error.as_ref().map_or(
                Value::Null,
                |e| json!({"code": e.code(), "message": e.to_string()}),
            );
            row["check_with_biller"] = if r.after.is_open() {
                json!(advice(&r.entry))
            } else {
                Value::Null
            };
            row
        })
        .collect();
    let json = json!({
        "biller": biller,
        "journal": journal_json(service),
        "asked": reviewed.len(),
        "still_open": still_open,
        "reviewed": rows,
        "already_settled": settled
            .iter()
            .map(|e| crate::journal::entry_json(e, service.journal().path()))
            .collect::<Vec<_>>(),
    });
    let mut text = format!(
        "review {biller}{} ({})\n",
        receipt.map_or(String::new(), |r| format!(" receipt {r}")),
        service
            .journal()
            .path()
            .map_or("-".into(), |p| format!("journal {}", p.display()))
    );
    if reviewed.is_empty() {
        text.push_str("  nothing open: no payment in flight or left for review\n");
    } else {
        let mut t = table(&["receipt", "amount", "debt", "was", "now", "payment"]);
        for (r, row) in reviewed.iter().zip(&rows) {
            t.add_row(vec![
                r.entry.request.receipt.clone(),
                format!(
                    "{} {}",
                    row["amount"].as_str().unwrap_or(""),
                    row["currency"].as_str().unwrap_or("")
                ),
                r.entry.request.debt_id.clone(),
                r.before.as_str().to_owned(),
                if r.before == r.after {
                    format!("still {}", r.after.as_str())
                } else {
                    r.after.as_str().to_owned()
                },
                row["payment_id"].as_str().unwrap_or("-").to_owned(),
            ]);
        }
        align_right(&mut t, &[1]);
        text.push_str(&indented(&t));
    }
    for r in reviewed.iter().filter(|r| r.after.is_open()) {
        text.push_str(&format!(
            "\n{} is still {}:\n",
            r.entry.request.receipt,
            r.after.as_str()
        ));
        if let Some(e) = &r.error {
            text.push_str(&format!(
                "  the biller could not be asked this time: [{}] {e}\n",
                e.code()
            ));
        }
        let evidence: &[Evidence] = r.entry.result.as_ref().map_or(&[], |x| &x.evidence);
        text.push_str(&crate::output::evidence_lines(evidence));
        text.push_str(&format!("  check with {biller}: {}\n", advice(&r.entry)));
    }
    if let (Some(_), Some(e)) = (receipt, settled.first()) {
        text.push_str(&format!(
            "  receipt {} is already {}: nothing to ask\n",
            e.request.receipt,
            State::of(e).as_str()
        ));
    }
    text.push_str(&match still_open {
        0 => "\nnothing left open\n".to_owned(),
        n => format!(
            "\n{n} payment(s) still open (exit 4): run `recaudo review` again later; see the \
             README's runbook before calling the biller\n"
        ),
    });
    let mut report = Report::new(json, text);
    if still_open > 0 {
        report.exit = codes::NEEDS_REVIEW;
    }
    report
}

/// What to check with the biller about a payment still open, in its terms.
fn advice(entry: &JournalEntry) -> String {
    let currency = entry
        .result
        .as_ref()
        .map_or(entry.biller.currency(), |x| x.currency);
    let amount = format!(
        "{} {currency}",
        format_amount(entry.request.amount, currency)
    );
    entry.biller.advice(&entry.request, &amount)
}

pub async fn reconcile_cmd(globals: &Globals, args: ReconcileArgs) -> Result<Report, CliError> {
    let date = crate::args::date("date", &args.day.date)?;
    let biller_name = args.biller.biller.trim().to_lowercase();
    let (report, source) = match &args.day.records {
        Some(path) => {
            let (collector, _) = collector(globals, &args.biller.biller)?;
            let currency = collector.biller().currency();
            let local: Vec<_> = read_export(path, currency)?
                .into_iter()
                .filter(|r| r.paid_at.date() == date)
                .collect();
            let spinner = crate::progress::spinner(
                globals,
                format!(
                    "{} local record(s); fetching {biller_name}'s records for {date}…",
                    local.len()
                ),
            );
            let remote = collector.settlements(date).await;
            spinner.finish_and_clear();
            (
                reconcile(date, &local, &remote?),
                json!({"records": path.display().to_string()}),
            )
        }
        None => {
            let service = service(globals, &args.biller, Some("reconcile (without --records)"))?;
            let spinner = crate::progress::spinner(
                globals,
                format!("fetching {biller_name}'s records for {date}…"),
            );
            let report = service.reconcile(date).await;
            spinner.finish_and_clear();
            (report?, json!({"journal": journal_json(&service)}))
        }
    };
    let mut out = reconciliation_report(&biller_name, &report);
    if let (Value::Object(doc), Value::Object(src)) = (&mut out.json, source) {
        doc.extend(src);
    }
    if !report.is_clean() {
        out.exit = codes::NOT_CLEAN;
    }
    Ok(out)
}

/// The collector's export, read whole: a bad row refuses the file, named by its line.
fn read_export(
    path: &std::path::Path,
    currency: recaudo_core::Currency,
) -> Result<Vec<recaudo_core::collection::LocalRecord>, CliError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::new("invalid_input", format!("{}: {e}", path.display())))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        CliError::new(
            "invalid_input",
            format!("{}: not UTF-8 text", path.display()),
        )
        .with_hint("save the export as \"CSV UTF-8\" (the spreadsheet's save dialog offers it)")
    })?;
    crate::records::parse_records(&text, Some(currency)).map_err(|e| {
        CliError::new("invalid_input", format!("{}: {e}", path.display())).with_hint(
            "fix that line (the README lists the columns and forms read); nothing was imported",
        )
    })
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
    text.push_str(if r.is_clean() {
        " (clean)\n"
    } else {
        " (not clean: exit 5)\n"
    });
    let mut t = table(&[
        "finding",
        "receipt",
        "payment",
        "ours",
        "biller's",
        "biller state",
    ]);
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
        t.add_row(vec![
            finding_name(row.finding).to_owned(),
            receipt,
            payment,
            ours,
            theirs,
            state,
        ]);
    }
    align_right(&mut t, &[3, 4]);
    if !r.rows.is_empty() {
        text.push_str(&indented(&t));
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
            let caps = b.capabilities();
            json!({"biller": b, "capabilities": caps})
        })
        .collect();
    let mut t = table(&[
        "biller",
        "lookup",
        "pay",
        "status",
        "reverse",
        "settlements",
        "recovery",
        "reversal window",
    ]);
    for b in BillerId::ALL {
        let c = b.capabilities();
        let yes = |s: Step| if c.supports(s) { "yes" } else { "no" };
        t.add_row(vec![
            b.as_str().to_owned(),
            yes(Step::Lookup).to_owned(),
            yes(Step::Pay).to_owned(),
            yes(Step::Status).to_owned(),
            yes(Step::Reverse).to_owned(),
            yes(Step::Settlements).to_owned(),
            json!(c.recovery).as_str().unwrap_or("-").to_owned(),
            c.reversal_window
                .map_or("-".into(), |w| format!("{} s", w.as_secs())),
        ]);
    }
    let text = t
        .lines()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect::<String>();
    Report::new(json!({"billers": rows}), text)
}
