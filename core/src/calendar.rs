//! The date and time texts core writes and reads itself, without chrono's format machinery.
//!
//! chrono's `format("%...")`, `parse_from_str`, its `FromStr` impls, its RFC 3339 reader and
//! writer and its serde impls (which format and parse through the same code) link chrono's whole
//! strftime interpreter (`StrftimeItems`, `DelayedFormat`, `Parsed`, the RFC 2822 reader...) into
//! every build, the browser bundle and the mobile library included. Core needs a handful of fixed
//! forms, so they are written here by hand and chrono keeps only its types and arithmetic.
//!
//! Everything here reads and writes **exactly** what the chrono call it replaces did, so that
//! no text on disk (the journal), on the wire or across a binding changes:
//!
//! - the writers ([`date_iso`], [`datetime_space`], [`utc_rfc3339`]...) print what the matching
//!   strftime pattern printed, a leap second as `:60` included;
//! - [`parse_date`] / [`parse_datetime`] with a [`Format`] accept what `parse_from_str` with
//!   that pattern accepted: chrono reads a number as 1 up to its width of digits after any
//!   whitespace, a year with an optional sign, a space in the pattern as any run of whitespace
//!   (none included), and `60` seconds as a leap second; and refuse what it refused (an
//!   impossible date such as `2026-02-30`, trailing text);
//! - [`date_from_str`], [`datetime_from_str`], [`utc_from_str`] and [`utc_from_rfc3339`] are
//!   chrono's `NaiveDate`/`NaiveDateTime`/`DateTime` `FromStr` and `parse_from_rfc3339`;
//! - the serde codecs ([`iso_date`], [`iso_datetime`], [`rfc3339`] and their `_opt` forms) are
//!   byte for byte chrono's serde impls: `2026-11-23`, `2026-11-23T10:15:00` (a fraction only
//!   when it is not zero), `2026-11-23T14:15:00Z`.
//!
//! The lenient reading of the billers' replies is a different grammar (fixed width, every
//! spelling a biller uses) and lives in [`crate::wire`].

use std::fmt::{self, Write as _};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// A year as chrono's `%Y` and ISO 8601 write it: four digits, or a sign and at least four
/// digits outside 0..=9999.
fn write_year(w: &mut impl fmt::Write, year: i32) -> fmt::Result {
    if (0..=9999).contains(&year) {
        write!(w, "{year:04}")
    } else {
        write!(w, "{year:+05}")
    }
}

/// The hour, minute, second and nanosecond as chrono prints them: a leap second (chrono keeps it
/// as second 59 with a nanosecond past 999,999,999) is second 60.
fn hms(t: NaiveTime) -> (u32, u32, u32, u32) {
    let (nano, leap) = match t.nanosecond() {
        n if n >= 1_000_000_000 => (n - 1_000_000_000, 1),
        n => (n, 0),
    };
    (t.hour(), t.minute(), t.second() + leap, nano)
}

/// chrono's `%.f` (and its ISO and RFC 3339 "auto" precision): nothing for a whole second,
/// else 3, 6 or 9 digits, the fewest that keep the value.
fn write_auto_fraction(w: &mut impl fmt::Write, nano: u32) -> fmt::Result {
    if nano == 0 {
        Ok(())
    } else if nano % 1_000_000 == 0 {
        write!(w, ".{:03}", nano / 1_000_000)
    } else if nano % 1_000 == 0 {
        write!(w, ".{:06}", nano / 1_000)
    } else {
        write!(w, ".{nano:09}")
    }
}

/// `yyyy{sep}mm{sep}dd`.
fn write_ymd(w: &mut impl fmt::Write, d: NaiveDate, sep: &str) -> fmt::Result {
    write_year(w, d.year())?;
    write!(w, "{sep}{:02}{sep}{:02}", d.month(), d.day())
}

/// `dd{sep}mm{sep}yyyy`.
fn write_dmy(w: &mut impl fmt::Write, d: NaiveDate, sep: &str) -> fmt::Result {
    write!(w, "{:02}{sep}{:02}{sep}", d.day(), d.month())?;
    write_year(w, d.year())
}

/// `{lead}hh{sep}mm{sep}ss`, the second as chrono prints it (see [`hms`]); answers the
/// nanoseconds, for the fraction a format may add.
fn write_time(
    w: &mut impl fmt::Write,
    t: NaiveTime,
    lead: &str,
    sep: &str,
) -> Result<u32, fmt::Error> {
    let (h, m, s, nano) = hms(t);
    write!(w, "{lead}{h:02}{sep}{m:02}{sep}{s:02}")?;
    Ok(nano)
}

/// `.fff`: always three digits (chrono's `%.3f`).
fn write_millis(w: &mut impl fmt::Write, nano: u32) -> fmt::Result {
    write!(w, ".{:03}", nano / 1_000_000)
}

/// `yyyy-mm-ddThh:mm:ss[.fff]`: chrono's `NaiveDateTime` serde form.
fn write_iso(w: &mut impl fmt::Write, v: &NaiveDateTime) -> fmt::Result {
    write_ymd(w, v.date(), "-")?;
    let nano = write_time(w, v.time(), "T", ":")?;
    write_auto_fraction(w, nano)
}

/// The text `write` writes (writing to a `String` cannot fail).
fn written(write: impl FnOnce(&mut String) -> fmt::Result) -> String {
    let mut out = String::with_capacity(32);
    let _ = write(&mut out);
    out
}

/// `2026-11-23` (`%Y-%m-%d`).
pub fn date_iso(d: NaiveDate) -> String {
    written(|w| write_ymd(w, d, "-"))
}

/// `23-11-2026` (`%d-%m-%Y`).
pub fn date_dmy(d: NaiveDate) -> String {
    written(|w| write_dmy(w, d, "-"))
}

/// `20261123` (`%Y%m%d`).
pub fn date_compact(d: NaiveDate) -> String {
    written(|w| write_ymd(w, d, ""))
}

/// `2026-11-23 10:15:00` (`%Y-%m-%d %H:%M:%S`).
pub fn datetime_space(v: &NaiveDateTime) -> String {
    written(|w| {
        write_ymd(w, v.date(), "-")?;
        write_time(w, v.time(), " ", ":").map(drop)
    })
}

/// `2026-11-23 10:15:00.000` (`%Y-%m-%d %H:%M:%S%.3f`): always three digits of fraction.
pub fn datetime_space_millis(v: &NaiveDateTime) -> String {
    written(|w| {
        write_ymd(w, v.date(), "-")?;
        let nano = write_time(w, v.time(), " ", ":")?;
        write_millis(w, nano)
    })
}

/// `2026-11-23 10:15` (`%Y-%m-%d %H:%M`).
pub fn datetime_minutes(v: &NaiveDateTime) -> String {
    written(|w| {
        write_ymd(w, v.date(), "-")?;
        write!(w, " {:02}:{:02}", v.hour(), v.minute())
    })
}

/// `23/11/2026 10:15:00` (`%d/%m/%Y %H:%M:%S`).
pub fn datetime_dmy(v: &NaiveDateTime) -> String {
    written(|w| {
        write_dmy(w, v.date(), "/")?;
        write_time(w, v.time(), " ", ":").map(drop)
    })
}

/// `20261123101500` (`%Y%m%d%H%M%S`).
pub fn datetime_compact(v: &NaiveDateTime) -> String {
    written(|w| {
        write_ymd(w, v.date(), "")?;
        write_time(w, v.time(), "", "").map(drop)
    })
}

/// `2026-11-23T10:15:00`, `2026-11-23T10:15:00.500` (`%Y-%m-%dT%H:%M:%S%.f`, chrono's
/// `Debug` and serde form).
pub fn datetime_iso(v: &NaiveDateTime) -> String {
    written(|w| write_iso(w, v))
}

/// `2026-11-23T14:15:00Z`, a fraction only when not zero: chrono's serde form of a
/// `DateTime<Utc>`.
pub fn utc_rfc3339(t: &DateTime<Utc>) -> String {
    written(|w| {
        write_iso(w, &t.naive_utc())?;
        w.write_char('Z')
    })
}

/// `2026-11-23T14:15:00+00:00`: chrono's `to_rfc3339()` of a `DateTime<Utc>`.
pub fn utc_rfc3339_offset(t: &DateTime<Utc>) -> String {
    written(|w| {
        write_iso(w, &t.naive_utc())?;
        w.write_str("+00:00")
    })
}

/// `2026-11-23T14:15:00.000Z`: always milliseconds (`to_rfc3339_opts(Millis, true)`).
pub fn utc_rfc3339_millis(t: &DateTime<Utc>) -> String {
    let naive = t.naive_utc();
    written(|w| {
        write_ymd(w, naive.date(), "-")?;
        let nano = write_time(w, naive.time(), "T", ":")?;
        write_millis(w, nano)?;
        w.write_char('Z')
    })
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// One step of a [`Format`], as chrono's parser runs it.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// `%Y`: whitespace, then a sign and any digits, or 1 to 4 digits.
    Year,
    /// `%m`, `%d`, `%H`, `%M`, `%S`: whitespace, then 1 or 2 digits.
    Month,
    Day,
    Hour,
    Minute,
    Second,
    /// `%.f`: nothing, or `.` and at least one digit (past nine, dropped).
    Fraction,
    /// A space in the pattern: any run of whitespace, none included.
    Space,
    /// That exact character.
    Lit(u8),
}

/// A fixed date or date-time pattern, as chrono's `parse_from_str` read it.
#[derive(Debug, Clone, Copy)]
pub struct Format(&'static [Step]);

use Step::*;

/// `%Y-%m-%d`.
pub const YMD: Format = Format(&[Year, Lit(b'-'), Month, Lit(b'-'), Day]);
/// `%d-%m-%Y`.
pub const DMY: Format = Format(&[Day, Lit(b'-'), Month, Lit(b'-'), Year]);
/// `%Y-%m-%d %H:%M:%S%.f`.
pub const YMD_HMS_FRACTION: Format = Format(&[
    Year,
    Lit(b'-'),
    Month,
    Lit(b'-'),
    Day,
    Space,
    Hour,
    Lit(b':'),
    Minute,
    Lit(b':'),
    Second,
    Fraction,
]);
/// `%Y-%m-%dT%H:%M:%S%.f`.
pub const YMD_T_HMS_FRACTION: Format = Format(&[
    Year,
    Lit(b'-'),
    Month,
    Lit(b'-'),
    Day,
    Lit(b'T'),
    Hour,
    Lit(b':'),
    Minute,
    Lit(b':'),
    Second,
    Fraction,
]);
/// `%Y-%m-%d %H:%M`.
pub const YMD_HM: Format = Format(&[
    Year,
    Lit(b'-'),
    Month,
    Lit(b'-'),
    Day,
    Space,
    Hour,
    Lit(b':'),
    Minute,
]);
/// `%Y-%m-%dT%H:%M`.
pub const YMD_T_HM: Format = Format(&[
    Year,
    Lit(b'-'),
    Month,
    Lit(b'-'),
    Day,
    Lit(b'T'),
    Hour,
    Lit(b':'),
    Minute,
]);
/// `%d/%m/%Y %H:%M:%S`.
pub const DMY_SLASH_HMS: Format = Format(&[
    Day,
    Lit(b'/'),
    Month,
    Lit(b'/'),
    Year,
    Space,
    Hour,
    Lit(b':'),
    Minute,
    Lit(b':'),
    Second,
]);
/// `%d/%m/%Y %H:%M`.
pub const DMY_SLASH_HM: Format = Format(&[
    Day,
    Lit(b'/'),
    Month,
    Lit(b'/'),
    Year,
    Space,
    Hour,
    Lit(b':'),
    Minute,
]);

/// chrono's `NaiveDate` `FromStr`: `%Y-%m-%d` with whitespace allowed around the dashes and
/// after the date.
const DATE_FROM_STR: &[Step] = &[Year, Space, Lit(b'-'), Month, Space, Lit(b'-'), Day, Space];
/// chrono's `NaiveDateTime` `FromStr`: `%Y-%m-%dT%H:%M:%S%.f`, whitespace allowed between the
/// parts and after them.
const DATETIME_FROM_STR: &[Step] = &[
    Year,
    Space,
    Lit(b'-'),
    Month,
    Space,
    Lit(b'-'),
    Day,
    Space,
    Lit(b'T'),
    Hour,
    Space,
    Lit(b':'),
    Minute,
    Space,
    Lit(b':'),
    Second,
    Fraction,
    Space,
];
/// The date of chrono's relaxed RFC 3339 (`DateTime` `FromStr`).
const RELAXED_DATE: &[Step] = &[Year, Space, Lit(b'-'), Month, Space, Lit(b'-'), Day];
/// Its time, after the `T`, `t` or space.
const RELAXED_TIME: &[Step] = &[
    Hour,
    Space,
    Lit(b':'),
    Minute,
    Space,
    Lit(b':'),
    Second,
    Fraction,
    Space,
];

/// What the steps read, as chrono's `Parsed` holds it before it builds a value.
#[derive(Debug, Default, Clone, Copy)]
struct Fields {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    hour: Option<u32>,
    minute: Option<u32>,
    second: Option<u32>,
    nano: Option<u32>,
}

/// chrono's `scan::number`: `min` to `max` ASCII digits (at least `min`), as many as there are.
fn number(s: &str, min: usize, max: usize) -> Option<(i64, &str)> {
    let n = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n < min {
        return None;
    }
    let value = s.as_bytes()[..n].iter().try_fold(0i64, |acc, &c| {
        acc.checked_mul(10)?.checked_add(i64::from(c - b'0'))
    })?;
    Some((value, &s[n..]))
}

/// A number field: whitespace first, then 1 up to `width` digits, within `range`.
fn field(s: &str, width: usize, range: std::ops::RangeInclusive<u32>) -> Option<(u32, &str)> {
    let (v, rest) = number(s.trim_start(), 1, width)?;
    let v = u32::try_from(v).ok().filter(|v| range.contains(v))?;
    Some((v, rest))
}

/// Runs `steps` over `s`; what is left over is returned, not refused.
fn scan<'a>(mut s: &'a str, steps: &[Step], f: &mut Fields) -> Option<&'a str> {
    for step in steps {
        match *step {
            Year => {
                let t = s.trim_start();
                let (v, rest) = if let Some(digits) = t.strip_prefix('-') {
                    let (v, rest) = number(digits, 1, usize::MAX)?;
                    (v.checked_neg()?, rest)
                } else if let Some(digits) = t.strip_prefix('+') {
                    number(digits, 1, usize::MAX)?
                } else {
                    number(t, 1, 4)?
                };
                f.year = Some(i32::try_from(v).ok()?);
                s = rest;
            }
            Month => (f.month, s) = field(s, 2, 1..=12).map(|(v, r)| (Some(v), r))?,
            Day => (f.day, s) = field(s, 2, 1..=31).map(|(v, r)| (Some(v), r))?,
            Hour => (f.hour, s) = field(s, 2, 0..=23).map(|(v, r)| (Some(v), r))?,
            Minute => (f.minute, s) = field(s, 2, 0..=59).map(|(v, r)| (Some(v), r))?,
            Second => (f.second, s) = field(s, 2, 0..=60).map(|(v, r)| (Some(v), r))?,
            Fraction => {
                if let Some(digits) = s.strip_prefix('.') {
                    let (nano, rest) = fraction(digits)?;
                    f.nano = Some(nano);
                    s = rest;
                }
            }
            Space => s = s.trim_start(),
            Lit(c) => s = s.strip_prefix(char::from(c))?,
        }
    }
    Some(s)
}

/// chrono's `scan::nanosecond`: 1 to 9 digits as a fraction of a second; digits past the ninth
/// are read and dropped.
fn fraction(s: &str) -> Option<(u32, &str)> {
    let (v, rest) = number(s, 1, 9)?;
    let kept = s.len() - rest.len();
    let nano = u32::try_from(v).ok()? * 10u32.pow(9 - kept as u32);
    Some((nano, rest.trim_start_matches(|c: char| c.is_ascii_digit())))
}

impl Fields {
    fn date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month?, self.day?)
    }

    /// chrono's `Parsed::to_naive_time`: seconds may be left out, `60` is a leap second.
    fn time(&self) -> Option<NaiveTime> {
        let (second, leap) = match self.second.unwrap_or(0) {
            60 => (59, 1_000_000_000),
            s => (s, 0),
        };
        NaiveTime::from_hms_nano_opt(
            self.hour?,
            self.minute?,
            second,
            leap + self.nano.unwrap_or(0),
        )
    }

    fn datetime(&self) -> Option<NaiveDateTime> {
        Some(self.date()?.and_time(self.time()?))
    }
}

/// Runs `steps` over the whole of `text`.
fn fields(text: &str, steps: &[Step]) -> Option<Fields> {
    let mut f = Fields::default();
    scan(text, steps, &mut f)?.is_empty().then_some(f)
}

/// A date in `format`, as `NaiveDate::parse_from_str(text, format)` read it.
pub fn parse_date(text: &str, format: Format) -> Option<NaiveDate> {
    fields(text, format.0)?.date()
}

/// A date-time in `format`, as `NaiveDateTime::parse_from_str(text, format)` read it.
pub fn parse_datetime(text: &str, format: Format) -> Option<NaiveDateTime> {
    fields(text, format.0)?.datetime()
}

/// What chrono's `NaiveDate` `FromStr` (and so its serde impl) reads: `2026-11-23`.
pub fn date_from_str(text: &str) -> Option<NaiveDate> {
    fields(text, DATE_FROM_STR)?.date()
}

/// What chrono's `NaiveDateTime` `FromStr` (and so its serde impl) reads:
/// `2026-11-23T10:15:00`, with an optional fraction.
pub fn datetime_from_str(text: &str) -> Option<NaiveDateTime> {
    fields(text, DATETIME_FROM_STR)?.datetime()
}

/// What chrono's `DateTime<FixedOffset>` `FromStr` (and so `DateTime<Utc>`'s serde impl) reads,
/// as an instant: relaxed RFC 3339, `2026-11-23T10:15:00Z`, a space for the `T`, `UTC` for
/// the zone, whitespace between the parts, a zone's colon optional.
pub fn utc_from_str(text: &str) -> Option<DateTime<Utc>> {
    let mut f = Fields::default();
    let s = scan(text, RELAXED_DATE, &mut f)?;
    let s = s.strip_prefix(['T', 't', ' '])?;
    let s = scan(s, RELAXED_TIME, &mut f)?.trim_start();
    let (offset, s) = match s.get(..3) {
        Some(utc) if utc.eq_ignore_ascii_case("UTC") => (0, &s[3..]),
        _ => offset(s, |s| {
            Some(s.trim_start_matches(|c: char| c == ':' || c.is_whitespace()))
        })?,
    };
    if !s.trim_start().is_empty() {
        return None;
    }
    in_utc(f.datetime()?, offset)
}

/// What chrono's `DateTime::parse_from_rfc3339` reads, as an instant: strict RFC 3339
/// (`2026-11-23T10:15:00.463-04:00`; `T`, `t` or a space between date and time).
pub fn utc_from_rfc3339(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let d = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b't' | b'T' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(d(0, 4)?).ok()?, d(5, 7)?, d(8, 10)?)?;
    let (hour, minute, second) = (d(11, 13)?, d(14, 16)?, d(17, 19)?);
    let (second, leap) = match second {
        60 => (59, 1_000_000_000),
        s => (s, 0),
    };
    let (nano, rest) = match text[19..].strip_prefix('.') {
        Some(digits) => fraction(digits)?,
        None => (0, &text[19..]),
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, leap + nano)?;
    let (offset, rest) = offset(rest, |s| s.strip_prefix(':'))?;
    if !rest.is_empty() {
        return None;
    }
    in_utc(date.and_time(time), offset)
}

/// chrono's `scan::timezone_offset` with `Z` allowed and the minutes required: `Z`, or a sign
/// (`+`, `-`, or `−` U+2212), two digits of hours, what `colon` takes, two digits of minutes.
fn offset(s: &str, colon: impl Fn(&str) -> Option<&str>) -> Option<(i32, &str)> {
    if let Some(rest) = s.strip_prefix(['Z', 'z']) {
        return Some((0, rest));
    }
    let (negative, s) = if let Some(rest) = s.strip_prefix('+') {
        (false, rest)
    } else if let Some(rest) = s.strip_prefix(['-', '\u{2212}']) {
        (true, rest)
    } else {
        return None;
    };
    let two = |s: &str, first: std::ops::RangeInclusive<u8>| -> Option<i32> {
        match s.as_bytes() {
            [a, b, ..] if first.contains(a) && b.is_ascii_digit() => {
                Some(i32::from((a - b'0') * 10 + (b - b'0')))
            }
            _ => None,
        }
    };
    let hours = two(s, b'0'..=b'9')?;
    let s = colon(&s[2..])?;
    let minutes = two(s, b'0'..=b'5')?;
    let seconds = hours * 3600 + minutes * 60;
    Some((if negative { -seconds } else { seconds }, &s[2..]))
}

/// The instant of a wall-clock time at `offset` seconds east of UTC (chrono refuses an offset
/// of a day or more).
fn in_utc(local: NaiveDateTime, offset: i32) -> Option<DateTime<Utc>> {
    let offset = FixedOffset::east_opt(offset)?;
    local
        .and_local_timezone(offset)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// Text that is not the date or time form a value is read in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} `{text}`: expected {expected}")]
pub struct DateTextError {
    what: &'static str,
    expected: &'static str,
    text: String,
}

impl DateTextError {
    /// `text` (cut to 40 characters) is not a `what` in the form `expected`.
    pub fn new(what: &'static str, expected: &'static str, text: &str) -> Self {
        DateTextError {
            what,
            expected,
            text: text.chars().take(40).collect(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// serde codecs: chrono's own serde forms, byte for byte
// ---------------------------------------------------------------------------------------------

/// Writes through `fmt::Display` (serde's `collect_str`, as chrono's impls do).
struct Show<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result>(F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Show<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// Reads a string with `parse`, as chrono's visitors do (`deserialize_str`).
struct TextVisitor<T> {
    parse: fn(&str) -> Option<T>,
    what: &'static str,
    expected: &'static str,
}

impl<T> Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} string ({})", self.what, self.expected)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v).ok_or_else(|| E::custom(DateTextError::new(self.what, self.expected, v)))
    }
}

macro_rules! codec {
    ($name:ident, $opt:ident, $ty:ty, $doc:literal, $what:literal, $expected:literal,
     $write:expr, $parse:expr) => {
        #[doc = $doc]
        pub mod $name {
            use super::*;

            /// The value in its text, as chrono's serde impl writes it.
            struct Text<'a>(&'a $ty);

            impl Serialize for Text<'_> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    let v = self.0;
                    s.collect_str(&Show(|f: &mut fmt::Formatter<'_>| ($write)(f, v)))
                }
            }

            /// The value read from its text, as chrono's serde impl reads it.
            pub(super) struct Read(pub(super) $ty);

            impl<'de> Deserialize<'de> for Read {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    d.deserialize_str(TextVisitor {
                        parse: $parse,
                        what: $what,
                        expected: $expected,
                    })
                    .map(Read)
                }
            }

            /// Writes the value as chrono's serde impl does.
            pub fn serialize<S: Serializer>(v: &$ty, s: S) -> Result<S::Ok, S::Error> {
                Text(v).serialize(s)
            }

            /// Reads the value as chrono's serde impl does.
            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                Read::deserialize(d).map(|r| r.0)
            }

            #[doc = concat!("The same, optional: `null` is `None` (give the field `#[serde(default)]` ",
                "too, so that a missing field is `None` as well).")]
            pub mod opt {
                use super::*;

                /// Writes `null` or the value's text.
                pub fn serialize<S: Serializer>(v: &Option<$ty>, s: S) -> Result<S::Ok, S::Error> {
                    match v {
                        Some(v) => s.serialize_some(&Text(v)),
                        None => s.serialize_none(),
                    }
                }

                /// Reads `null` (or nothing) as `None`, else the value's text.
                pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<$ty>, D::Error> {
                    Option::<Read>::deserialize(d).map(|r| r.map(|r| r.0))
                }
            }
        }

        pub use $name::opt as $opt;
    };
}

codec!(
    iso_date,
    iso_date_opt,
    NaiveDate,
    "A `NaiveDate` as chrono's serde impl writes and reads it: `2026-11-23`.",
    "date",
    "yyyy-mm-dd",
    |f: &mut fmt::Formatter<'_>, v: &NaiveDate| write_ymd(f, *v, "-"),
    date_from_str
);

codec!(
    iso_datetime,
    iso_datetime_opt,
    NaiveDateTime,
    "A `NaiveDateTime` as chrono's serde impl writes and reads it: `2026-11-23T10:15:00`, a \
     fraction only when it is not zero.",
    "date-time",
    "yyyy-mm-ddThh:mm:ss",
    |f: &mut fmt::Formatter<'_>, v: &NaiveDateTime| write_iso(f, v),
    datetime_from_str
);

codec!(
    rfc3339,
    rfc3339_opt,
    DateTime<Utc>,
    "A `DateTime<Utc>` as chrono's serde impl writes and reads it: RFC 3339 with `Z` \
     (`2026-11-23T14:15:00Z`) written; relaxed RFC 3339 with any offset read.",
    "date-time",
    "RFC 3339",
    |f: &mut fmt::Formatter<'_>, v: &DateTime<Utc>| {
        write_iso(f, &v.naive_utc())?;
        f.write_char('Z')
    },
    utc_from_str
);

#[cfg(test)]
mod tests {
    //! Every writer and reader against the chrono call it replaces (tests may use chrono's
    //! format machinery: only the library's own code must not link it).

    use super::*;
    use serde::{Deserialize, Serialize};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Values with every kind of fraction, a leap second and out-of-range years.
    fn datetimes() -> Vec<NaiveDateTime> {
        let mut all = Vec::new();
        for (y, m, day) in [
            (2026, 11, 23),
            (2024, 2, 29),
            (1, 1, 1),
            (0, 12, 31),
            (9999, 12, 31),
        ] {
            for (h, mi, s, nano) in [
                (0, 0, 0, 0),
                (10, 15, 0, 0),
                (23, 59, 59, 500_000_000),
                (1, 2, 3, 120_000),
                (4, 5, 6, 7),
                (23, 59, 59, 1_250_000_000),
            ] {
                let t = NaiveTime::from_hms_nano_opt(h, mi, s, nano).unwrap();
                all.push(d(y, m, day).and_time(t));
            }
        }
        for y in [-1, 10_000, -12_345] {
            all.push(d(y, 3, 4).and_hms_opt(5, 6, 7).unwrap());
        }
        all
    }

    #[test]
    fn writers_print_what_chrono_printed() {
        for v in datetimes() {
            let day = v.date();
            assert_eq!(date_iso(day), day.format("%Y-%m-%d").to_string());
            assert_eq!(date_dmy(day), day.format("%d-%m-%Y").to_string());
            assert_eq!(date_compact(day), day.format("%Y%m%d").to_string());
            assert_eq!(
                datetime_space(&v),
                v.format("%Y-%m-%d %H:%M:%S").to_string()
            );
            assert_eq!(
                datetime_space_millis(&v),
                v.format("%Y-%m-%d %H:%M:%S%.3f").to_string()
            );
            assert_eq!(datetime_minutes(&v), v.format("%Y-%m-%d %H:%M").to_string());
            assert_eq!(datetime_dmy(&v), v.format("%d/%m/%Y %H:%M:%S").to_string());
            assert_eq!(datetime_compact(&v), v.format("%Y%m%d%H%M%S").to_string());
            assert_eq!(
                datetime_iso(&v),
                v.format("%Y-%m-%dT%H:%M:%S%.f").to_string()
            );
            assert_eq!(datetime_iso(&v), format!("{v:?}"));
            let utc = v.and_utc();
            assert_eq!(utc_rfc3339_offset(&utc), utc.to_rfc3339());
            assert_eq!(
                utc_rfc3339(&utc),
                utc.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            );
            assert_eq!(
                utc_rfc3339_millis(&utc),
                utc.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            );
        }
        let v = d(2026, 11, 23).and_hms_milli_opt(10, 15, 0, 500).unwrap();
        assert_eq!(datetime_iso(&v), "2026-11-23T10:15:00.500");
        assert_eq!(datetime_space_millis(&v), "2026-11-23 10:15:00.500");
        assert_eq!(utc_rfc3339(&v.and_utc()), "2026-11-23T10:15:00.500Z");
    }

    /// Texts to read: the documented forms and the edges of chrono's grammar.
    const TEXTS: &[&str] = &[
        "2026-11-23",
        "2026-1-5",
        " 2026 - 11 - 23 ",
        "2026-11-23 ",
        "+2026-11-23",
        "-0001-11-23",
        "+12345-01-01",
        "02026-11-23",
        "2026-11-231",
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
        "23-11-2026",
        "2026/11/23",
        "20261123",
        "2026-11-23T10:15:00",
        "2026-11-23T10:15",
        "2026-11-23t10:15:00",
        "2026-11-23 10:15:00",
        "2026-11-2310:15:00",
        "2026-11-23  10:15:00.5",
        "2026-11-23T10:15:00.123456789123",
        "2026-11-23T10:15:00.",
        "2026-11-23T10:15:00.1234",
        "2026-11-23T 10 : 15 : 00 ",
        "2026-11-23T23:59:60",
        "2026-11-23T23:59:60.5",
        "2026-11-23T24:00:00",
        "2026-11-23T10:60:00",
        "2026-11-23T10:15:61",
        "2026-11-23T1:2:3",
        "2026-11-23T10:15:00Z",
        "2026-11-23T10:15:00z",
        "2026-11-23T10:15:00.463Z",
        "2026-11-23 10:15:00Z",
        "2026-11-23T10:15:00+05:30",
        "2026-11-23T10:15:00-04:00",
        "2026-11-23T10:15:00+0530",
        "2026-11-23T10:15:00 +05:30",
        "2026-11-23T10:15:00+05 30",
        "2026-11-23T10:15:00+05",
        "2026-11-23T10:15:00+23:59",
        "2026-11-23T10:15:00+24:00",
        "2026-11-23T10:15:00+05:60",
        "2026-11-23T10:15:00\u{2212}04:00",
        "2026-11-23T10:15:00 UTC",
        "2026-11-23T10:15:00utc",
        "2026-11-23T10:15:00Z ",
        "2026-11-23T10:15:00ZZ",
        "2026-11-23T10:15:00+00:00x",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999-23:59",
        "26/11/2021 12:11:52",
        "26/11/2021 12:11",
        "6/1/2021 2:1:5",
        "26/11/202112:11:52",
        "31/02/2021 00:00:00",
        "",
        " ",
        "hoy",
        "2026-11-23T10:15:00\u{a0}",
        "\u{3000}2026-11-23",
        "2026-１1-23",
    ];

    #[test]
    fn readers_accept_and_refuse_what_chrono_did() {
        let formats: &[(Format, &str)] = &[
            (YMD_HMS_FRACTION, "%Y-%m-%d %H:%M:%S%.f"),
            (YMD_T_HMS_FRACTION, "%Y-%m-%dT%H:%M:%S%.f"),
            (YMD_HM, "%Y-%m-%d %H:%M"),
            (YMD_T_HM, "%Y-%m-%dT%H:%M"),
            (DMY_SLASH_HMS, "%d/%m/%Y %H:%M:%S"),
            (DMY_SLASH_HM, "%d/%m/%Y %H:%M"),
        ];
        let mut accepted = 0;
        for &t in TEXTS {
            for (format, pattern) in [(YMD, "%Y-%m-%d"), (DMY, "%d-%m-%Y")] {
                let chrono_reads = NaiveDate::parse_from_str(t, pattern).ok();
                assert_eq!(parse_date(t, format), chrono_reads, "{t:?} as {pattern}");
                accepted += usize::from(chrono_reads.is_some());
            }
            for &(format, pattern) in formats {
                let chrono_reads = NaiveDateTime::parse_from_str(t, pattern).ok();
                assert_eq!(
                    parse_datetime(t, format),
                    chrono_reads,
                    "{t:?} as {pattern}"
                );
                accepted += usize::from(chrono_reads.is_some());
            }
            assert_eq!(date_from_str(t), t.parse::<NaiveDate>().ok(), "{t:?}");
            assert_eq!(
                datetime_from_str(t),
                t.parse::<NaiveDateTime>().ok(),
                "{t:?}"
            );
            let relaxed = t.parse::<DateTime<FixedOffset>>().ok();
            assert_eq!(
                utc_from_str(t),
                relaxed.map(|x| x.with_timezone(&Utc)),
                "{t:?}"
            );
            let strict = DateTime::parse_from_rfc3339(t).ok();
            assert_eq!(
                utc_from_rfc3339(t),
                strict.map(|x| x.with_timezone(&Utc)),
                "{t:?}"
            );
            accepted += usize::from(relaxed.is_some()) + usize::from(strict.is_some());
        }
        // The list exercises both sides: a reader that refused everything would not pass.
        assert!(accepted > 40, "{accepted}");
    }

    #[test]
    fn documented_forms_and_rejections() {
        assert_eq!(parse_date("2026-11-23", YMD), Some(d(2026, 11, 23)));
        assert_eq!(parse_date("23-11-2026", DMY), Some(d(2026, 11, 23)));
        assert_eq!(parse_date("2026-02-30", YMD), None);
        assert_eq!(parse_date("2026-11-23x", YMD), None);
        assert_eq!(
            parse_datetime("2026-11-23 10:15:00.250", YMD_HMS_FRACTION),
            d(2026, 11, 23).and_hms_milli_opt(10, 15, 0, 250)
        );
        assert_eq!(
            parse_datetime("26/11/2021 12:11:52", DMY_SLASH_HMS),
            d(2021, 11, 26).and_hms_opt(12, 11, 52)
        );
        assert_eq!(
            utc_from_rfc3339("2026-11-23T10:15:00-04:00"),
            Some(d(2026, 11, 23).and_hms_opt(14, 15, 0).unwrap().and_utc())
        );
        assert_eq!(utc_from_rfc3339("2026-11-23T10:15:00"), None);
        assert_eq!(
            utc_from_str("2026-11-23 10:15:00 UTC"),
            Some(d(2026, 11, 23).and_hms_opt(10, 15, 0).unwrap().and_utc())
        );
        // A leap second reads as chrono keeps it and prints back as `:60`.
        let leap = datetime_from_str("2016-12-31T23:59:60").unwrap();
        assert_eq!(leap.nanosecond(), 1_000_000_000);
        assert_eq!(datetime_iso(&leap), "2016-12-31T23:59:60");
    }

    #[test]
    fn every_writer_reads_back() {
        for v in datetimes() {
            let day = v.date();
            if (0..=9999).contains(&day.year()) {
                assert_eq!(parse_date(&date_iso(day), YMD), Some(day));
                assert_eq!(parse_date(&date_dmy(day), DMY), Some(day));
                assert_eq!(date_from_str(&date_iso(day)), Some(day));
            }
            assert_eq!(datetime_from_str(&datetime_iso(&v)), Some(v), "{v:?}");
            assert_eq!(utc_from_str(&utc_rfc3339(&v.and_utc())), Some(v.and_utc()));
            if (0..=9999).contains(&day.year()) {
                let whole = v.with_nanosecond(0).unwrap();
                assert_eq!(
                    parse_datetime(&datetime_space(&whole), YMD_HMS_FRACTION),
                    Some(whole)
                );
                assert_eq!(
                    parse_datetime(&datetime_dmy(&whole), DMY_SLASH_HMS),
                    Some(whole)
                );
                assert_eq!(
                    utc_from_rfc3339(&utc_rfc3339_offset(&v.and_utc())),
                    Some(v.and_utc())
                );
            }
        }
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Row {
        #[serde(with = "super::iso_date")]
        day: NaiveDate,
        #[serde(with = "super::iso_date_opt", default)]
        due: Option<NaiveDate>,
        #[serde(with = "super::iso_datetime")]
        at: NaiveDateTime,
        #[serde(with = "super::iso_datetime_opt", default)]
        paid: Option<NaiveDateTime>,
        #[serde(with = "super::rfc3339")]
        recorded: DateTime<Utc>,
        #[serde(with = "super::rfc3339_opt", default)]
        updated: Option<DateTime<Utc>>,
    }

    #[test]
    fn serde_codecs_write_and_read_chronos_text() {
        for v in datetimes() {
            let row = Row {
                day: v.date(),
                due: Some(v.date()),
                at: v,
                paid: Some(v),
                recorded: v.and_utc(),
                updated: None,
            };
            let json = serde_json::to_string(&row).unwrap();
            // chrono's serde impls: the date's and the date-time's `Debug`, and RFC 3339 with
            // `Z` and the "auto" fraction.
            let utc = v
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            let want = format!(
                r#"{{"day":"{0:?}","due":"{0:?}","at":"{1:?}","paid":"{1:?}","recorded":"{2}","updated":null}}"#,
                v.date(),
                v,
                utc
            );
            assert_eq!(json, want);
            assert_eq!(serde_json::from_str::<Row>(&json).unwrap(), row);
        }
        let text = r#"{"day":"2026-11-23","at":"2026-11-23T10:15:00","recorded":"2026-11-23T10:15:00-04:00"}"#;
        let row: Row = serde_json::from_str(text).unwrap();
        assert_eq!((row.due, row.paid, row.updated), (None, None, None));
        assert_eq!(
            row.recorded,
            d(2026, 11, 23).and_hms_opt(14, 15, 0).unwrap().and_utc()
        );
        for bad in [
            r#"{"day":"2026-02-30","at":"2026-11-23T10:15:00","recorded":"2026-11-23T10:15:00Z"}"#,
            r#"{"day":"2026-11-23","at":"2026-11-23 10:15:00","recorded":"2026-11-23T10:15:00Z"}"#,
            r#"{"day":"2026-11-23","at":"2026-11-23T10:15:00","recorded":"2026-11-23T10:15:00"}"#,
            r#"{"day":20261123,"at":"2026-11-23T10:15:00","recorded":"2026-11-23T10:15:00Z"}"#,
            r#"{"day":"2026-11-23","due":"","at":"2026-11-23T10:15:00","recorded":"2026-11-23T10:15:00Z"}"#,
        ] {
            let err = serde_json::from_str::<Row>(bad).unwrap_err().to_string();
            assert!(
                err.contains("invalid") || err.contains("expected"),
                "{bad}: {err}"
            );
        }
        // Each codec reads exactly what chrono's serde impl (its `FromStr`) reads.
        for &t in TEXTS {
            let quoted = serde_json::to_string(t).unwrap();
            let mut de = serde_json::Deserializer::from_str(&quoted);
            assert_eq!(
                iso_date::deserialize(&mut de).ok(),
                t.parse::<NaiveDate>().ok()
            );
            let mut de = serde_json::Deserializer::from_str(&quoted);
            assert_eq!(
                iso_datetime::deserialize(&mut de).ok(),
                t.parse::<NaiveDateTime>().ok()
            );
            let mut de = serde_json::Deserializer::from_str(&quoted);
            let chrono_reads = t.parse::<DateTime<FixedOffset>>().ok();
            assert_eq!(
                rfc3339::deserialize(&mut de).ok(),
                chrono_reads.map(|x| x.with_timezone(&Utc))
            );
        }
    }

    #[test]
    fn errors_name_the_form_and_cut_the_text() {
        let long = "x".repeat(100);
        let e = DateTextError::new("date", "yyyy-mm-dd", &long);
        let shown = e.to_string();
        assert!(shown.starts_with("invalid date `xxxx"), "{shown}");
        assert!(shown.ends_with("`: expected yyyy-mm-dd"), "{shown}");
        assert!(shown.len() < 80, "{shown}");
    }
}
