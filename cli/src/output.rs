//! Printing: one JSON document or readable text, and errors as `{"code", "message"}`.

use std::process::ExitCode;

use recaudo_core::{Error, Outcome};
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
    if json {
        eprintln!("{}", json!({"code": error.code, "message": error.message}));
    } else {
        eprintln!("error [{}]: {}", error.code, error.message);
    }
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

    pub fn print(self, json: bool) -> ExitCode {
        if json {
            match serde_json::to_string_pretty(&self.json) {
                Ok(s) => println!("{s}"),
                Err(e) => {
                    print_error(true, &CliError::new("internal", e.to_string()));
                    return ExitCode::FAILURE;
                }
            }
        } else {
            println!("{}", self.text.trim_end());
        }
        ExitCode::from(self.exit)
    }
}
