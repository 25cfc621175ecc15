//! The collector's own records from an export, for reconciliation without a journal: JSON (an
//! array of [`LocalRecord`]) or CSV with the header
//! `receipt,debt_id,payment_id,amount,currency,paid_at,state` (`paid_at` as
//! `yyyy-mm-dd hh:mm:ss`, `state` `paid` or `reversed`, `payment_id` may be empty; fields may be
//! double-quoted). Amounts are read as decimal text, never through a float.

use chrono::NaiveDateTime;

use crate::error::Error;
use crate::money::{Currency, Money, parse_amount};

use super::reconcile::{LocalRecord, LocalState};

const COLUMNS: [&str; 7] = [
    "receipt",
    "debt_id",
    "payment_id",
    "amount",
    "currency",
    "paid_at",
    "state",
];

/// Reads an export, JSON when it starts with `[`, CSV otherwise.
pub fn parse_records(text: &str) -> Result<Vec<LocalRecord>, Error> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('[') {
        return serde_json::from_str(text)
            .map_err(|e| Error::invalid("records", format!("not a JSON array of records: {e}")));
    }
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let header = match lines.next() {
        Some((_, h)) => split(h, 1)?,
        None => return Ok(Vec::new()),
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if header != COLUMNS {
        return Err(Error::invalid(
            "records",
            format!("CSV header must be `{}`", COLUMNS.join(",")),
        ));
    }
    lines
        .map(|(n, line)| {
            let f = split(line, n + 1)?;
            if f.len() != COLUMNS.len() {
                return Err(Error::invalid(
                    "records",
                    format!("line {}: expected {} fields", n + 1, COLUMNS.len()),
                ));
            }
            let at = |what: &str| format!("line {}: {what}", n + 1);
            let currency: Currency = f[4]
                .parse()
                .map_err(|_| Error::invalid("records", at("unknown currency")))?;
            let amount =
                parse_amount(&f[3]).map_err(|e| Error::invalid("records", at(&e.to_string())))?;
            let paid_at =
                NaiveDateTime::parse_from_str(f[5].trim(), "%Y-%m-%d %H:%M:%S").map_err(|_| {
                    Error::invalid("records", at("paid_at must be yyyy-mm-dd hh:mm:ss"))
                })?;
            let state = match f[6].trim().to_ascii_lowercase().as_str() {
                "paid" => LocalState::Paid,
                "reversed" => LocalState::Reversed,
                _ => {
                    return Err(Error::invalid(
                        "records",
                        at("state must be paid or reversed"),
                    ));
                }
            };
            Ok(LocalRecord {
                receipt: f[0].trim().to_owned(),
                debt_id: f[1].trim().to_owned(),
                payment_id: Some(f[2].trim().to_owned()).filter(|p| !p.is_empty()),
                amount: Money::new(amount, currency),
                paid_at,
                state,
            })
        })
        .collect()
}

/// One CSV line into fields; `"` quotes a field, `""` inside quotes is a quote.
fn split(line: &str, n: usize) -> Result<Vec<String>, Error> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("one field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().expect("one field").push(c),
        }
    }
    if quoted {
        return Err(Error::invalid(
            "records",
            format!("line {n}: unterminated quote"),
        ));
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_csv_and_json() {
        let csv = "receipt,debt_id,payment_id,amount,currency,paid_at,state\n\
                   A-1,10,1001,25.50,USD,2026-11-23 10:00:00,paid\n\
                   \"B,2\",11,,7,USD,2026-11-23 11:00:00,reversed\n";
        let records = parse_records(csv).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].amount.amount.to_string(), "25.50");
        assert_eq!(records[1].receipt, "B,2");
        assert_eq!(records[1].payment_id, None);
        assert_eq!(records[1].state, LocalState::Reversed);
        let json = serde_json::to_string(&records).unwrap();
        assert_eq!(parse_records(&json).unwrap(), records);
    }

    #[test]
    fn refuses_bad_exports() {
        let head = "receipt,debt_id,payment_id,amount,currency,paid_at,state\n";
        for bad in [
            "a,b\n1,2\n".to_owned(),
            format!("{head}A,1,,1e3,USD,2026-11-23 10:00:00,paid"),
            format!("{head}A,1,,1.00,XXX,2026-11-23 10:00:00,paid"),
            format!("{head}A,1,,1.00,USD,23/11/2026,paid"),
            format!("{head}A,1,,1.00,USD,2026-11-23 10:00:00,maybe"),
            format!("{head}\"A,1,,1.00,USD,2026-11-23 10:00:00,paid"),
        ] {
            assert_eq!(
                parse_records(&bad).unwrap_err().code(),
                "invalid_input",
                "{bad}"
            );
        }
    }
}
