//! The date and time parsers the billers' replies go through: what each reads writes back (in
//! the biller's own form) to text that reads the same, and Unicomer's hand-written fast path
//! agrees with chrono.
#![no_main]

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use libfuzzer_sys::fuzz_target;
use recaudo_core::{cooplan, unicobros, unicomer, zoom};
use recaudo_fuzz::check_datetime_round_trip;

fn four_digit_year(d: NaiveDate) -> bool {
    (0..=9999).contains(&d.year())
}

fn check_date(d: NaiveDate, parse: impl Fn(&str) -> Option<NaiveDate>) {
    if four_digit_year(d) {
        let text = d.format("%Y-%m-%d").to_string();
        assert_eq!(parse(&text), Some(d), "{d} written as {text}");
    }
}

/// What Unicomer's `parse_datetime` means, through chrono alone.
fn unicomer_reference(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    .or_else(|| unicomer::dates::parse_date(t).and_then(|d| d.and_hms_opt(0, 0, 0)))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    // Unicomer: `fch_proceso` and friends, written with milliseconds.
    let parsed = unicomer::dates::parse_datetime(&text);
    assert_eq!(
        parsed,
        unicomer_reference(&text),
        "fast path vs chrono on {text:?}"
    );
    if let Some(at) = parsed
        && four_digit_year(at.date())
    {
        let millis = at
            .with_nanosecond(at.nanosecond() / 1_000_000 * 1_000_000)
            .expect("valid");
        let written = unicomer::dates::format_fch_proceso(&at);
        assert_eq!(
            unicomer::dates::parse_datetime(&written),
            Some(millis),
            "{at} written as {written}"
        );
    }
    if let Some(d) = unicomer::dates::parse_date(&text) {
        check_date(d, unicomer::dates::parse_date);
    }

    // Zoom.
    if let Some(d) = zoom::wire::parse_date(&text) {
        check_date(d, zoom::wire::parse_date);
    }
    if let Some(at) = zoom::wire::parse_datetime(&text) {
        check_datetime_round_trip(
            at,
            |v| v.format("%Y-%m-%d %H:%M:%S").to_string(),
            zoom::wire::parse_datetime,
        );
    }

    // Cooplan: `FechaPagoEmpresa` and the billing period.
    if let Some(at) = cooplan::dates::parse_fecha_pago(&text) {
        check_datetime_round_trip(
            at,
            cooplan::dates::format_fecha_pago,
            cooplan::dates::parse_fecha_pago,
        );
    }
    let period_ok = cooplan::dates::check_periodo(&text).is_ok();
    match cooplan::dates::periodo_start(&text) {
        Some(d) => {
            assert!(period_ok, "a start for a refused period {text:?}");
            assert_eq!(d.day(), 1);
            assert_eq!(d.format("%Y%m").to_string(), text.trim(), "period {text:?}");
        }
        None => assert!(!period_ok, "no start for the accepted period {text:?}"),
    }
    if let Err(e) = cooplan::dates::check_periodo(&text) {
        assert_eq!(e.code(), "invalid_input");
    }

    // Unicobros: RFC 3339 with milliseconds.
    if let Some(at) = unicobros::dates::parse(&text)
        && four_digit_year(at.date_naive())
    {
        let written = unicobros::dates::format(&at);
        let back = unicobros::dates::parse(&written).expect("its own form reads back");
        assert_eq!(
            back.timestamp_millis(),
            at.timestamp_millis(),
            "{at} written as {written}"
        );
    }
});
