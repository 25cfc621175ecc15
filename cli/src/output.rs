//! Printing: one JSON document or readable text, and errors as `{"code", "message"}`.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use recaudo_core::money::format_amount;
use recaudo_core::{Currency, Error, Evidence, Outcome, Rejection};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// A failure of the command itself (not a payment outcome): a stable `code`, the message, and
/// what to do about it.
#[derive(Debug)]
pub struct CliError {
    pub code: String,
    pub message: String,
    /// What to do; the code's general advice when nothing more specific is known.
    pub hint: Option<String>,
}

impl CliError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        CliError {
            code: code.into(),
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The exit status of this error's class (see [`crate::codes`]).
    pub fn exit(&self) -> u8 {
        crate::codes::exit_for(&self.code)
    }

    fn hint_or_default(&self) -> Option<String> {
        self.hint
            .clone()
            .or_else(|| crate::codes::todo_for(&self.code).map(str::to_owned))
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        let code = e.code();
        let base_url_hint = "check --base-url: it must be the biller's root URL (the simulator's \
                             are http://127.0.0.1:PORT/unicomer/, /unicobros/, /zoom/, /cooplan/)";
        let url = crate::trace::last_url();
        let at = url
            .as_deref()
            .map_or(String::new(), |u| format!(" (from {u})"));
        match &e {
            Error::HttpStatus { http_status, .. } if *http_status < 500 => {
                CliError::new(code, format!("{e}{at}")).with_hint(format!(
                    "HTTP {http_status}: no such endpoint there; {base_url_hint}"
                ))
            }
            Error::HttpStatus { .. } => CliError::new(code, format!("{e}{at}"))
                .with_hint("the biller is in trouble: try again later"),
            Error::Decode { .. } => CliError::new(code, format!("{e}{at}")).with_hint(format!(
                "that reply is not this biller's envelope: {base_url_hint}; if it is right, \
                 report the message"
            )),
            Error::Transport(_) if code == "connect" => CliError::new(code, format!("{e}{at}"))
                .with_hint(
                    "nothing answered there: check --base-url, the network, and that the biller \
                     (or `recaudo sim`) runs",
                ),
            Error::Transport(_) => CliError::new(code, format!("{e}{at}")),
            _ => CliError::new(code, e.to_string()),
        }
    }
}

pub fn print_error(json: bool, error: &CliError) {
    let hint = error.hint_or_default();
    let text = if json {
        let mut doc = json!({"code": error.code, "message": error.message});
        if let Some(h) = &hint {
            doc["hint"] = json!(h);
        }
        doc.to_string()
    } else {
        let mut line = format!("error [{}]: {}", error.code, error.message);
        if let Some(h) = &hint {
            line.push_str(&format!("\n  what to do: {h}"));
        }
        line
    };
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// A table for text output: no borders, a rule under the header, aligned columns.
pub fn table(header: &[&str]) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_style(
        comfy_table::TableStyle::new().header_separator(comfy_table::LineStyle::none().fill('-')),
    )
    .set_header(header.iter().copied());
    t
}

/// Right-aligns these columns (amounts, counts).
pub fn align_right(t: &mut comfy_table::Table, columns: &[usize]) {
    for &i in columns {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
}

/// A table as text lines, indented by two spaces (one, and the cells' own padding), each
/// ending with a newline.
pub fn indented(t: &comfy_table::Table) -> String {
    t.lines().map(|l| format!(" {}\n", l.trim_end())).collect()
}

/// What a command produced: its JSON document, its text rendering, and the exit status.
pub struct Report {
    pub json: Value,
    pub text: String,
    pub exit: u8,
    /// Said on stderr in text; in the JSON document (`"warnings"`) with `--json`, whose stderr
    /// carries only a failure's one document.
    pub warnings: Vec<String>,
}

impl Report {
    pub fn new(json: Value, text: String) -> Self {
        Report {
            json,
            text,
            exit: 0,
            warnings: Vec::new(),
        }
    }

    pub fn text(text: &str) -> Self {
        Report::new(Value::Null, text.to_owned())
    }

    /// The exit status for a payment or reversal outcome.
    pub fn with_outcome(mut self, outcome: Outcome) -> Self {
        self.exit = match outcome {
            Outcome::Confirmed => crate::codes::OK,
            Outcome::Rejected => crate::codes::REJECTED,
            Outcome::NeedsReview => crate::codes::NEEDS_REVIEW,
        };
        self
    }

    /// Prints the report. A closed stdout (`recaudo ... | head`) is not an error worth a panic.
    pub fn print(mut self, json: bool) -> ExitCode {
        if !self.warnings.is_empty() {
            if json {
                if let Value::Object(doc) = &mut self.json {
                    doc.insert("warnings".into(), json!(self.warnings));
                }
            } else {
                for w in &self.warnings {
                    let _ = writeln!(std::io::stderr().lock(), "warning: {w}");
                }
            }
        }
        let text = if json {
            match serde_json::to_string_pretty(&self.json) {
                Ok(s) => s,
                Err(e) => {
                    let error = CliError::new("internal", e.to_string());
                    print_error(true, &error);
                    return ExitCode::from(error.exit());
                }
            }
        } else {
            self.text.trim_end().to_owned()
        };
        let _ = writeln!(std::io::stdout().lock(), "{text}");
        ExitCode::from(self.exit)
    }
}

/// One debt as every biller's `lookup` prints it: the shared fields, then the biller's own.
pub struct DebtRow {
    /// Whatever that biller's `pay --debt` needs, as one opaque string.
    pub debt_id: String,
    pub description: String,
    pub amount_due: Decimal,
    pub balance: Decimal,
    pub currency: Currency,
    pub due_date: Option<NaiveDate>,
    /// Biller-specific fields, kept.
    pub details: Value,
}

impl DebtRow {
    pub fn json(&self) -> Value {
        json!({
            "debt_id": self.debt_id,
            "description": self.description,
            "amount_due": format_amount(self.amount_due, self.currency),
            "balance": format_amount(self.balance, self.currency),
            "currency": self.currency.code(),
            "due_date": self.due_date.map(|d| d.format("%Y-%m-%d").to_string()),
            "details": self.details,
        })
    }
}

/// `{"customer": ..., "debts": [...]}` and a readable listing.
pub fn lookup_report(customer: Value, heading: String, debts: &[DebtRow]) -> Report {
    let json = json!({
        "customer": customer,
        "debts": debts.iter().map(DebtRow::json).collect::<Vec<_>>(),
    });
    let mut text = format!("{heading}\n");
    if debts.is_empty() {
        text.push_str("  no debts\n");
    } else {
        let mut t = table(&[
            "debt",
            "due",
            "currency",
            "balance",
            "next due",
            "description",
        ]);
        for d in debts {
            t.add_row(vec![
                d.debt_id.clone(),
                format_amount(d.amount_due, d.currency),
                d.currency.to_string(),
                format_amount(d.balance, d.currency),
                d.due_date.map_or("-".into(), |x| x.to_string()),
                d.description.clone(),
            ]);
        }
        align_right(&mut t, &[1, 3]);
        text.push_str(&indented(&t));
    }
    Report::new(json, text)
}

/// A payment's outcome as every biller's `pay` prints it.
pub struct PaymentRow {
    pub outcome: Outcome,
    /// The biller's id of the payment (a number or a string, as the biller gives it).
    pub payment_id: Value,
    pub debt_id: String,
    pub receipt: String,
    pub amount: Decimal,
    pub currency: Currency,
    /// `yyyy-mm-dd hh:mm:ss`, the biller's local time.
    pub paid_at: String,
    pub recovered: bool,
    pub sends: u32,
    /// `{"code", "description"}` or null.
    pub state: Value,
    pub rejection: Option<Rejection>,
    pub evidence: Vec<Evidence>,
}

impl PaymentRow {
    pub fn report(&self) -> Report {
        let amount = format_amount(self.amount, self.currency);
        let json = json!({
            "outcome": self.outcome,
            "payment_id": self.payment_id,
            "debt_id": self.debt_id,
            "receipt": self.receipt,
            "amount": amount,
            "currency": self.currency.code(),
            "paid_at": self.paid_at,
            "recovered": self.recovered,
            "sends": self.sends,
            "state": self.state,
            "rejection": self.rejection,
            "evidence": self.evidence,
        });
        let mut text = format!(
            "payment {}: {amount} {} on debt {} receipt {} at {}{}\n",
            self.outcome,
            self.currency,
            self.debt_id,
            self.receipt,
            self.paid_at,
            match &self.payment_id {
                Value::Null => String::new(),
                Value::String(id) => format!(" (payment id {id})"),
                other => format!(" (payment id {other})"),
            }
        );
        text.push_str(&outcome_explanation(
            self.outcome,
            self.recovered,
            &self.evidence,
        ));
        if let Some(rej) = &self.rejection {
            text.push_str(&format!("  rejected: {} {}\n", rej.code, rej.message));
        }
        text.push_str(&evidence_lines(&self.evidence));
        Report::new(json, text).with_outcome(self.outcome)
    }
}

/// `{"code", "description"}` for a biller state.
pub fn state_json(code: impl Into<Value>, description: &str) -> Value {
    json!({"code": code.into(), "description": description})
}

/// One line saying how the outcome was reached. A payment left for review never claims it was
/// "established by asking the biller": its checks did not settle it, and the evidence below
/// says what each one answered.
pub fn outcome_explanation(outcome: Outcome, recovered: bool, evidence: &[Evidence]) -> String {
    match outcome {
        Outcome::NeedsReview => format!(
            "  not settled: what the biller answered ({} step(s) below) proves the payment \
             neither held nor absent; run `recaudo review` later, and see the README's runbook \
             before calling the biller\n",
            evidence.len()
        ),
        Outcome::Confirmed if recovered => {
            "  the first answer did not settle it; the biller's records, asked afterwards, show the payment\n".into()
        }
        Outcome::Rejected if recovered => {
            "  the biller refused it and its records, asked afterwards, show no payment\n".into()
        }
        _ => String::new(),
    }
}

/// The evidence, one line per check: what each one answered.
pub fn evidence_lines(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| format!("  - {}: {}\n", e.step, e.detail))
        .collect()
}
