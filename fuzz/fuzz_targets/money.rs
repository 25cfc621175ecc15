//! The money codec: `parse_amount`, `validate_amount`, `format_amount` and the `money::wire`
//! serde codecs through serde_json (numbers read from their raw text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use recaudo_core::money::{
    AmountError, Currency, format_amount, parse_amount, validate_amount, wire,
};
use recaudo_fuzz::check_amount;
use rust_decimal::Decimal;
use serde::Deserialize;

#[derive(Deserialize)]
struct Row {
    #[serde(with = "wire::number")]
    a: Decimal,
}

#[derive(Deserialize)]
struct RowText {
    #[serde(with = "wire::string")]
    a: Decimal,
}

#[derive(Deserialize)]
struct RowOpt {
    #[serde(with = "wire::number_opt", default)]
    a: Option<Decimal>,
}

const CURRENCIES: [Currency; 5] = [
    Currency::Usd,
    Currency::Ars,
    Currency::Ves,
    Currency::Bob,
    Currency::Test,
];

fn check_validation(amount: Decimal, balance: Option<Decimal>) {
    for currency in CURRENCIES {
        match validate_amount(amount, currency, balance) {
            Ok(v) => {
                assert_eq!(v, amount, "validation changed the value");
                assert_eq!(v.scale(), currency.minor_units(), "{v} not rescaled");
                assert!(v > Decimal::ZERO);
                if let Some(b) = balance {
                    assert!(v <= b, "{v} above balance {b}");
                }
                let text = format_amount(v, currency);
                assert_eq!(text, v.to_string());
                assert_eq!(parse_amount(&text), Ok(v), "{text}");
            }
            Err(AmountError::NotPositive) => assert!(amount <= Decimal::ZERO),
            Err(AmountError::TooManyDecimals { max }) => {
                assert!(amount > Decimal::ZERO);
                assert!(amount.normalize().scale() > max);
            }
            Err(AmountError::AboveBalance {
                amount: a,
                balance: b,
            }) => {
                assert_eq!(Some(b), balance);
                assert!(a > b);
            }
            Err(e) => panic!("unexpected validation error {e:?}"),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (amount_text, balance_text) = text.split_once('|').unwrap_or((&text, ""));

    match parse_amount(amount_text) {
        Ok(d) => {
            check_amount(d);
            assert!(
                amount_text
                    .trim()
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-'),
                "parse_amount accepted {amount_text:?}"
            );
            assert_eq!(parse_amount(&d.to_string()), Ok(d), "{d} reads back");
            let balance = parse_amount(balance_text).ok();
            check_validation(d, balance);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }

    // The wire codecs: a JSON number or string, never through a float.
    let number = serde_json::from_str::<Row>(&format!("{{\"a\": {amount_text}}}"));
    let string = serde_json::from_str::<RowText>(&format!("{{\"a\": {amount_text}}}"));
    let optional = serde_json::from_str::<RowOpt>(&format!("{{\"a\": {amount_text}}}"));
    if let Ok(Row { a }) = &number {
        check_amount(*a);
        // Both codecs read the same value; the optional one too.
        assert_eq!(string.as_ref().ok().map(|r| r.a), Some(*a));
        assert_eq!(optional.as_ref().ok().and_then(|r| r.a), Some(*a));
    }
    if let Ok(RowText { a }) = &string {
        check_amount(*a);
    }
    if let Ok(RowOpt { a: Some(a) }) = &optional {
        check_amount(*a);
    }
    // Any JSON document of amounts.
    if let Ok(rows) = serde_json::from_slice::<Vec<RowOpt>>(data) {
        rows.iter().filter_map(|r| r.a).for_each(check_amount);
    }
});
