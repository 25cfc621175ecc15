//! The collector's records export as the CLI reads it (`cli/src/records.rs`, CSV with `,` `;`
//! or tab and columns by name, or JSON), included as is: what it reads writes back, as JSON and
//! as CSV with each delimiter, to the same records; a refusal names a line.
#![no_main]

#[path = "../../cli/src/records.rs"]
#[allow(dead_code)]
mod records;

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use recaudo_core::collection::{LocalRecord, LocalState};
use recaudo_core::money::Currency;
use recaudo_fuzz::check_amount;
use records::parse_records;

/// One CSV field, quoted (with `""` for a quote) whenever it holds a delimiter, a quote, a line
/// break or surrounding spaces.
fn field(text: &str, delimiter: char) -> String {
    if text.contains([delimiter, '"', '\n', '\r']) || text.trim() != text {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn to_csv(records: &[LocalRecord], delimiter: char) -> String {
    let d = delimiter;
    let mut out = format!("receipt{d}debt_id{d}payment_id{d}amount{d}currency{d}paid_at{d}state\n");
    for r in records {
        let fields = [
            field(&r.receipt, d),
            field(&r.debt_id, d),
            field(r.payment_id.as_deref().unwrap_or(""), d),
            r.amount.amount.to_string(),
            r.amount.currency.to_string(),
            r.paid_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            match r.state {
                LocalState::Paid => "paid".into(),
                LocalState::Reversed => "reversed".into(),
            },
        ];
        out.push_str(&fields.join(&d.to_string()));
        out.push('\n');
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse_records(&text, Some(Currency::Usd)) {
        Ok(records) => {
            for r in &records {
                check_amount(r.amount.amount);
            }
            let json = serde_json::to_string(&records).expect("records serialize");
            assert_eq!(
                parse_records(&json, None).expect("records' own JSON reads back"),
                records,
                "JSON round trip via {json}"
            );
            let csv_input = !text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('[');
            // What the CSV form can carry as is: a four-digit year, whole seconds, fields the
            // reader's trimming leaves alone.
            let csv_safe = records.iter().all(|r| {
                (0..=9999).contains(&r.paid_at.date().year())
                    && r.paid_at.and_utc().timestamp_subsec_nanos() == 0
                    && [&r.receipt, &r.debt_id]
                        .iter()
                        .all(|f| f.trim() == f.as_str())
                    && r.payment_id.as_deref().is_none_or(|p| p.trim() == p)
            });
            if csv_input && csv_safe {
                for delimiter in [',', ';', '\t'] {
                    let csv = to_csv(&records, delimiter);
                    assert_eq!(
                        parse_records(&csv, None).expect("records' own CSV reads back"),
                        records,
                        "CSV round trip via {csv}"
                    );
                }
            }
        }
        Err(e) => {
            assert!(
                e.0.starts_with("line ") || e.0.starts_with("not a JSON array"),
                "{e}"
            );
        }
    }
});
