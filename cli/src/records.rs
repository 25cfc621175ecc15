//! An export of the collector's own records, for `reconcile --records FILE`: a JSON array of
//! records, or CSV as spreadsheets write it.
//!
//! CSV: the delimiter is `,`, `;` or tab, whichever makes the first line a header naming the
//! columns; columns are found by header name (case, spaces and order do not matter; unknown
//! columns are ignored); fields may be double-quoted (`""` is a quote inside); a UTF-8 byte
//! order mark is skipped. Columns, with the other names they may go by:
//!
//! | column | also | required | value |
//! | --- | --- | --- | --- |
//! | `receipt` | `recibo`, `num_recibo`, `referencia`, `reference` | yes | your receipt number |
//! | `amount` | `monto`, `importe`, `valor` | yes | `25.50`; with `;` or tab, `25,50` too |
//! | `paid_at` | `fecha`, `fecha_pago`, `date` | yes | `yyyy-mm-dd hh:mm:ss`, `yyyy-mm-ddThh:mm:ss`, `dd/mm/yyyy hh:mm[:ss]`, or a date alone (midnight) |
//! | `currency` | `moneda` | no (the biller's) | `USD`, `ARS`, `VES`, `BOB` |
//! | `debt_id` | `debt`, `deuda`, `factura`, `invoice` | no | the debt paid |
//! | `payment_id` | `id_pago`, `idpago`, `idtrx`, `id_cobranza` | no | the biller's id |
//! | `state` | `estado` | no (`paid`) | `paid`/`pagado`, `reversed`/`reversado`/`anulado` |
//!
//! Amounts are read as decimal text, never through a float. A row that does not read is
//! refused with its line number, and then nothing of the file is used.
//!
//! This file depends only on `recaudo-core`, `csv`, `chrono` and `serde_json`: the fuzz target
//! `records` includes it as is.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use recaudo_core::collection::{LocalRecord, LocalState};
use recaudo_core::money::{Currency, Money, parse_amount};

/// Why an export was refused; the message names the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordsError(pub String);

impl fmt::Display for RecordsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RecordsError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Receipt,
    Amount,
    PaidAt,
    Currency,
    DebtId,
    PaymentId,
    State,
}

const COLUMNS: [(Column, &[&str]); 7] = [
    (
        Column::Receipt,
        &["receipt", "recibo", "num_recibo", "referencia", "reference"],
    ),
    (Column::Amount, &["amount", "monto", "importe", "valor"]),
    (Column::PaidAt, &["paid_at", "fecha", "fecha_pago", "date"]),
    (Column::Currency, &["currency", "moneda"]),
    (
        Column::DebtId,
        &["debt_id", "debt", "deuda", "factura", "invoice"],
    ),
    (
        Column::PaymentId,
        &["payment_id", "id_pago", "idpago", "idtrx", "id_cobranza"],
    ),
    (Column::State, &["state", "estado"]),
];

fn column_of(header: &str) -> Option<Column> {
    let name: String = header
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&name.as_str()))
        .map(|(c, _)| *c)
}

/// Where each known column is in a header line.
#[derive(Debug, Default)]
struct Layout {
    at: Vec<(Column, usize)>,
}

impl Layout {
    fn get(&self, c: Column) -> Option<usize> {
        self.at.iter().find(|(k, _)| *k == c).map(|(_, i)| *i)
    }

    fn from_header(fields: &csv::StringRecord) -> Result<Layout, RecordsError> {
        let mut layout = Layout::default();
        for (i, h) in fields.iter().enumerate() {
            if let Some(c) = column_of(h) {
                if layout.get(c).is_some() {
                    return Err(RecordsError(format!(
                        "line 1: two columns name the {:?} column (the second is `{}`)",
                        c,
                        h.trim()
                    )));
                }
                layout.at.push((c, i));
            }
        }
        Ok(layout)
    }

    fn required(&self) -> bool {
        [Column::Receipt, Column::Amount, Column::PaidAt]
            .iter()
            .all(|c| self.get(*c).is_some())
    }
}

/// Reads an export: JSON when it starts with `[`, CSV otherwise. `currency` is the one a CSV
/// without a currency column is in (the biller's).
pub fn parse_records(
    text: &str,
    currency: Option<Currency>,
) -> Result<Vec<LocalRecord>, RecordsError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('[') {
        return serde_json::from_str(text)
            .map_err(|e| RecordsError(format!("not a JSON array of records: {e}")));
    }
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let (delimiter, layout) = sniff(text)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            RecordsError(format!("line {line}: {e}"))
        })?;
        let line = row.position().map_or(0, |p| p.line());
        if row.iter().all(str::is_empty) {
            continue;
        }
        records
            .push(record(&row, &layout, delimiter, currency).map_err(|why| {
                RecordsError(format!("line {line}: {why}; nothing was imported"))
            })?);
    }
    Ok(records)
}

/// The delimiter that makes the first line a header naming the required columns.
fn sniff(text: &str) -> Result<(u8, Layout), RecordsError> {
    let mut best: Option<(u8, Layout)> = None;
    for delimiter in [b',', b';', b'\t'] {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let Some(Ok(header)) = reader.records().next() else {
            continue;
        };
        let layout = Layout::from_header(&header)?;
        let better = best
            .as_ref()
            .is_none_or(|(_, b)| layout.at.len() > b.at.len());
        if layout.required() && better {
            best = Some((delimiter, layout));
        }
    }
    best.ok_or_else(|| {
        let first = text.lines().next().unwrap_or("").trim();
        let shown: String = first.chars().take(120).collect();
        RecordsError(format!(
            "line 1: the header must name at least the columns receipt, amount and paid_at \
             (separated by `,`, `;` or tab; other names in the README), found `{shown}`"
        ))
    })
}

fn record(
    row: &csv::StringRecord,
    layout: &Layout,
    delimiter: u8,
    currency: Option<Currency>,
) -> Result<LocalRecord, String> {
    let field = |c: Column| layout.get(c).and_then(|i| row.get(i)).unwrap_or("");
    let receipt = field(Column::Receipt);
    if receipt.is_empty() {
        return Err("receipt is empty".into());
    }
    let currency = match field(Column::Currency) {
        "" => currency.ok_or("currency is empty and the export has no default")?,
        c => c
            .parse::<Currency>()
            .map_err(|_| format!("unknown currency `{c}`"))?,
    };
    let amount_text = field(Column::Amount);
    let amount = parse_amount(amount_text)
        .or_else(|e| match decimal_comma(amount_text, delimiter) {
            Some(t) => parse_amount(&t),
            None => Err(e),
        })
        .map_err(|e| format!("amount `{amount_text}`: {e}"))?;
    let paid_at = date_time(field(Column::PaidAt)).ok_or_else(|| {
        format!(
            "paid_at `{}` is not yyyy-mm-dd hh:mm:ss (or ISO, or dd/mm/yyyy hh:mm:ss)",
            field(Column::PaidAt)
        )
    })?;
    let state = match field(Column::State).to_lowercase().as_str() {
        "" | "paid" | "pagado" => LocalState::Paid,
        "reversed" | "reversado" | "anulado" => LocalState::Reversed,
        other => return Err(format!("state `{other}` is not paid or reversed")),
    };
    Ok(LocalRecord {
        receipt: receipt.to_owned(),
        debt_id: field(Column::DebtId).to_owned(),
        payment_id: Some(field(Column::PaymentId).to_owned()).filter(|p| !p.is_empty()),
        amount: Money::new(amount, currency),
        paid_at,
        state,
    })
}

/// `25,50` as `25.50`, where the delimiter is not a comma (a Spanish-locale spreadsheet). Only
/// one comma and digits: a thousands separator (`1.234,50`) stays refused.
fn decimal_comma(text: &str, delimiter: u8) -> Option<String> {
    let (int, frac) = text.split_once(',')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (delimiter != b',' && digits(int.trim_start_matches('-')) && digits(frac))
        .then(|| format!("{int}.{frac}"))
}

fn date_time(text: &str) -> Option<NaiveDateTime> {
    const TIMES: [&str; 5] = [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%Y-%m-%d %H:%M",
    ];
    const DAYS: [&str; 2] = ["%Y-%m-%d", "%d/%m/%Y"];
    TIMES
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| {
            DAYS.iter()
                .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_csv_with_any_delimiter_and_json() {
        let comma = "receipt,debt_id,payment_id,amount,currency,paid_at,state\n\
                     A-1,10,1001,25.50,USD,2026-11-23 10:00:00,paid\n\
                     \"B,2\",11,,7,USD,2026-11-23 11:00:00,reversed\n";
        let records = parse_records(comma, None).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].amount.amount.to_string(), "25.50");
        assert_eq!(records[1].receipt, "B,2");
        assert_eq!(records[1].payment_id, None);
        assert_eq!(records[1].state, LocalState::Reversed);
        let json = serde_json::to_string(&records).unwrap();
        assert_eq!(parse_records(&json, None).unwrap(), records);

        // A Spanish-locale spreadsheet: `;`, another column order, Spanish names, a BOM,
        // a decimal comma, day-first dates, quoted fields, no currency column.
        let semicolon = "\u{feff}Fecha;Recibo;Monto;Estado;Factura;Notas\r\n\
                         23/11/2026 10:00:00;A-1;25,50;pagado;10;\"dijo \"\"gracias\"\"\"\r\n\
                         \r\n\
                         23/11/2026 11:00;\"B;2\";7;anulado;11;\r\n";
        let es = parse_records(semicolon, Some(Currency::Usd)).unwrap();
        assert_eq!(es.len(), 2);
        assert_eq!(es[0].amount, records[0].amount);
        assert_eq!(es[0].paid_at, records[0].paid_at);
        assert_eq!(es[1].receipt, "B;2");
        assert_eq!(es[1].state, LocalState::Reversed);

        let tab = "amount\treceipt\tpaid_at\n1.00\tT-1\t2026-11-23T09:00:00\n";
        let t = parse_records(tab, Some(Currency::Bob)).unwrap();
        assert_eq!(t[0].amount.currency, Currency::Bob);
        assert_eq!(t[0].receipt, "T-1");
    }

    #[test]
    fn a_bad_row_is_named_by_its_line_and_nothing_is_imported() {
        let head = "receipt,amount,currency,paid_at,state\n";
        let good = "A,1.00,USD,2026-11-23 10:00:00,paid\n";
        for (bad, line, what) in [
            ("A,1e3,USD,2026-11-23 10:00:00,paid", 3, "amount"),
            ("A,1.00,XXX,2026-11-23 10:00:00,paid", 3, "currency"),
            ("A,1.00,USD,2026/11/23,paid", 3, "paid_at"),
            ("A,1.00,USD,2026-11-23 10:00:00,maybe", 3, "state"),
            ("A,\"1,00\",USD,2026-11-23 10:00:00,paid", 3, "amount"),
            (",1.00,USD,2026-11-23 10:00:00,paid", 3, "receipt"),
            ("A,1.00", 3, "currency"),
        ] {
            let err = parse_records(&format!("{head}{good}{bad}\n"), None).unwrap_err();
            assert!(err.0.starts_with(&format!("line {line}: ")), "{bad}: {err}");
            assert!(err.0.contains(what), "{bad}: {err}");
        }
        for bad in [
            "a,b\n1,2\n",
            "receipt;amount\nA;1\n",
            "receipt,amount,paid_at,recibo\n",
        ] {
            assert!(
                parse_records(bad, None)
                    .unwrap_err()
                    .0
                    .starts_with("line 1: "),
                "{bad}"
            );
        }
        // The thousands separator is refused even with `;`.
        let es = "recibo;monto;fecha\nA;1.234,50;2026-11-23\n";
        assert!(parse_records(es, Some(Currency::Usd)).is_err());
    }
}
