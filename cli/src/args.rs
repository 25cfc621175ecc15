//! Reading the command line and the environment, the same way in every command: each refusal
//! is a typed [`CliError`] (`invalid_input`, `invalid_amount`, `config`) before anything is sent.

use chrono::{NaiveDate, NaiveDateTime};
use recaudo_core::money::parse_amount;
use rust_decimal::Decimal;

use crate::output::CliError;

/// A required credential or setting from the environment; blank counts as missing.
pub fn env_var(name: &str) -> Result<String, CliError> {
    optional_env_var(name).ok_or_else(|| CliError::new("config", format!("{name} is not set")))
}

/// An optional one; blank counts as missing.
pub fn optional_env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// An amount as plain decimal text (`25`, `25.00`; never `2.5e1` or `25,00`).
pub fn money(text: &str) -> Result<Decimal, CliError> {
    parse_amount(text).map_err(|e| CliError::new("invalid_amount", format!("invalid amount: {e}")))
}

/// A positive integer id.
pub fn positive_id(field: &str, text: &str) -> Result<i64, CliError> {
    match text.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(CliError::new(
            "invalid_input",
            format!("invalid {field} `{text}`: expected a positive integer"),
        )),
    }
}

/// A date, `yyyy-mm-dd`.
pub fn date(field: &str, text: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        CliError::new(
            "invalid_input",
            format!("invalid {field} `{text}`: expected yyyy-mm-dd"),
        )
    })
}

/// A local date and time, `yyyy-mm-dd hh:mm:ss`, optionally with fractional seconds.
pub fn paid_at(text: &str) -> Result<NaiveDateTime, CliError> {
    let t = text.trim();
    NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S"))
        .map_err(|_| {
            CliError::new(
                "invalid_input",
                format!("invalid paid-at `{text}`: expected \"yyyy-mm-dd hh:mm:ss\""),
            )
        })
}
