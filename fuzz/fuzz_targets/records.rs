//! The collector's records export (`collection::parse_records`, CSV or JSON): what it reads
//! writes back, as JSON and as CSV, to the same records.
#![no_main]

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use recaudo_core::collection::{LocalRecord, LocalState, parse_records};
use recaudo_fuzz::{check_amount, check_error};

/// One CSV field, quoted (with `""` for a quote) whenever it holds a comma or a quote.
fn field(text: &str) -> String {
    if text.contains([',', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn to_csv(records: &[LocalRecord]) -> String {
    let mut out = "receipt,debt_id,payment_id,amount,currency,paid_at,state\n".to_owned();
    for r in records {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            field(&r.receipt),
            field(&r.debt_id),
            field(r.payment_id.as_deref().unwrap_or("")),
            r.amount.amount,
            r.amount.currency,
            r.paid_at.format("%Y-%m-%d %H:%M:%S"),
            match r.state {
                LocalState::Paid => "paid",
                LocalState::Reversed => "reversed",
            }
        ));
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse_records(&text) {
        Ok(records) => {
            for r in &records {
                check_amount(r.amount.amount);
            }
            let json = serde_json::to_string(&records).expect("records serialize");
            assert_eq!(
                parse_records(&json).expect("records' own JSON reads back"),
                records,
                "JSON round trip via {json}"
            );
            let csv_input = !text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('[');
            let csv_safe = records.iter().all(|r| {
                (0..=9999).contains(&r.paid_at.date().year())
                    && r.paid_at.and_utc().timestamp_subsec_nanos() == 0
            });
            if csv_input && csv_safe {
                let csv = to_csv(&records);
                assert_eq!(
                    parse_records(&csv).expect("records' own CSV reads back"),
                    records,
                    "CSV round trip via {csv}"
                );
            }
        }
        Err(e) => {
            check_error(&e);
            assert_eq!(e.code(), "invalid_input", "{e:?}");
        }
    }
});
