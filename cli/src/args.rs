//! Reading the command line and the environment, the same way in every command: each refusal
//! is a typed [`CliError`] (`invalid_input`, `invalid_amount`, `config`) before anything is sent.

use chrono::{NaiveDate, NaiveDateTime};
use recaudo_core::money::parse_amount;
use rust_decimal::Decimal;

use crate::output::CliError;

/// An optional one; blank counts as missing.
pub fn optional_env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// What a client needs from the environment and the flags, gathered so that everything missing
/// is reported at once, each with its variable or flag.
#[derive(Default)]
pub struct Missing {
    vars: Vec<String>,
    other: Vec<String>,
}

impl Missing {
    /// The variable's value (or its old name's, see [`crate::options::env_var`]), or an empty
    /// string noted as missing.
    pub fn var(&mut self, name: &str) -> String {
        crate::options::env_var(name).unwrap_or_else(|| {
            self.vars.push(name.to_owned());
            String::new()
        })
    }

    /// Notes a missing variable by name.
    pub fn note_var(&mut self, name: &str) {
        self.vars.push(name.to_owned());
    }

    /// Notes something else missing (a flag), in words.
    pub fn note(&mut self, what: impl Into<String>) {
        self.other.push(what.into());
    }

    /// A `config` error listing everything missing, with how to set it; `Ok` when nothing is.
    pub fn check(self, biller: &str, all_vars: &[&str]) -> Result<(), CliError> {
        if self.vars.is_empty() && self.other.is_empty() {
            return Ok(());
        }
        let mut parts = Vec::new();
        if !self.vars.is_empty() {
            parts.push(format!(
                "{} {} not set",
                self.vars.join(", "),
                if self.vars.len() == 1 { "is" } else { "are" }
            ));
        }
        parts.extend(self.other.iter().cloned());
        let message = format!("{biller}: {}", parts.join("; "));
        let hint = if self.vars.is_empty() {
            "give what the message lists".to_owned()
        } else {
            format!(
                "{biller} reads {} from the environment: export {} and run again",
                all_vars.join(", "),
                self.vars
                    .iter()
                    .map(|v| format!("{v}=..."))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        };
        Err(CliError::new("config", message).with_hint(hint))
    }
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

/// A date: `yyyy-mm-dd`, or a date and time as the CLI prints them (its date is taken).
pub fn date(field: &str, text: &str) -> Result<NaiveDate, CliError> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .or_else(|| date_time(t).map(|d| d.date()))
        .ok_or_else(|| {
            CliError::new(
                "invalid_input",
                format!("invalid {field} `{text}`: expected yyyy-mm-dd, e.g. 2026-11-23"),
            )
        })
}

/// A local date and time in every form the CLI prints: `yyyy-mm-dd hh:mm:ss` (the outcome
/// documents) or ISO `yyyy-mm-ddThh:mm:ss` (the journal), optionally with fractional seconds.
fn date_time(t: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
}

/// When a payment was made, in the biller's local time: `yyyy-mm-dd hh:mm:ss` or
/// `yyyy-mm-ddThh:mm:ss` (fractional seconds allowed). A UTC offset is refused: the biller's
/// local time is meant, and converting it would move the payment away from the biller's record.
pub fn paid_at(text: &str) -> Result<NaiveDateTime, CliError> {
    let t = text.trim();
    if let Some(at) = date_time(t) {
        return Ok(at);
    }
    let reason = if t.ends_with('Z') || chrono::DateTime::parse_from_rfc3339(t).is_ok() {
        "give the biller's local time without a UTC offset"
    } else if NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok() {
        "add the time, as `pay` printed it"
    } else {
        "unknown form"
    };
    Err(CliError::new(
        "invalid_input",
        format!(
            "invalid paid-at `{text}`: {reason}; expected \"yyyy-mm-dd hh:mm:ss\" or \
             yyyy-mm-ddThh:mm:ss, e.g. \"2026-11-23 10:15:00\""
        ),
    ))
}

/// `paid_at` for a biller that records a payment's date only (Zoom): a bare `yyyy-mm-dd`, as its
/// outcome document prints it, is that day.
pub fn paid_at_or_day(text: &str) -> Result<NaiveDateTime, CliError> {
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(day) => Ok(day.and_time(chrono::NaiveTime::MIN)),
        Err(_) => paid_at(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_in_every_printed_form() {
        let at = paid_at("2026-12-06 10:57:04").unwrap();
        assert_eq!(paid_at("2026-12-06T10:57:04").unwrap(), at);
        assert_eq!(paid_at(" 2026-12-06T10:57:04.000 ").unwrap(), at);
        assert_eq!(paid_at("2026-12-06 10:57:04.000").unwrap(), at);
        for bad in [
            "2026-12-06",
            "2026-12-06T10:57:04Z",
            "06/12/2026 10:57:04",
            "",
        ] {
            assert_eq!(paid_at(bad).unwrap_err().code, "invalid_input", "{bad}");
        }
        assert_eq!(
            paid_at_or_day("2026-12-06").unwrap().to_string(),
            "2026-12-06 00:00:00"
        );
        let day = date("date", "2026-12-06").unwrap();
        assert_eq!(date("date", "2026-12-06T10:57:04").unwrap(), day);
        assert_eq!(date("date", "2026-12-06 10:57:04").unwrap(), day);
        assert!(date("date", "06-12-2026").is_err());
    }
}
