//! Printing: one JSON document or readable text, and errors as `{"code", "message"}`.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use recaudo_core::money::format_amount;
use recaudo_core::{Currency, Error, Evidence, Outcome, Rejection};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// A failure of the command itself (not a payment outcome).
#[derive(Debug)]
pub struct CliError {
    pub code: String,
    pub message: String,
}

impl CliError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        CliError {
            code: code.into(),
            message: message.into(),
        }
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::new(e.code(), e.to_string())
    }
}

pub fn print_error(json: bool, error: &CliError) {
    let line = if json {
        json!({"code": error.code, "message": error.message}).to_string()
    } else {
        format!("error [{}]: {}", error.code, error.message)
    };
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// What a command produced: its JSON document, its text rendering, and the exit status.
pub struct Report {
    pub json: Value,
    pub text: String,
    pub exit: u8,
}

impl Report {
    pub fn new(json: Value, text: String) -> Self {
        Report {
            json,
            text,
            exit: 0,
        }
    }

    pub fn text(text: &str) -> Self {
        Report::new(Value::Null, text.to_owned())
    }

    /// The exit status for a payment or reversal outcome.
    pub fn with_outcome(mut self, outcome: Outcome) -> Self {
        self.exit = match outcome {
            Outcome::Confirmed => 0,
            Outcome::Rejected => 3,
            Outcome::NeedsReview => 4,
        };
        self
    }

    /// Prints the report. A closed stdout (`recaudo ... | head`) is not an error worth a panic.
    pub fn print(self, json: bool) -> ExitCode {
        let text = if json {
            match serde_json::to_string_pretty(&self.json) {
                Ok(s) => s,
                Err(e) => {
                    print_error(true, &CliError::new("internal", e.to_string()));
                    return ExitCode::FAILURE;
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
    }
    for d in debts {
        text.push_str(&format!(
            "  debt {:<12} due {:>12} {}  balance {:>12}  next {}  {}\n",
            d.debt_id,
            format_amount(d.amount_due, d.currency),
            d.currency,
            format_amount(d.balance, d.currency),
            d.due_date.map_or("-".into(), |x| x.to_string()),
            d.description
        ));
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
        if self.recovered {
            text.push_str(
                "  the reply was lost; the outcome was established by asking the biller\n",
            );
        }
        if let Some(rej) = &self.rejection {
            text.push_str(&format!("  rejected: {} {}\n", rej.code, rej.message));
        }
        for e in &self.evidence {
            text.push_str(&format!("  - {}: {}\n", e.step, e.detail));
        }
        Report::new(json, text).with_outcome(self.outcome)
    }
}

/// `{"code", "description"}` for a biller state.
pub fn state_json(code: impl Into<Value>, description: &str) -> Value {
    json!({"code": code.into(), "description": description})
}
