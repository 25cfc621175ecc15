//! Unicomer's date and time texts: `yyyy-mm-dd hh:mm:ss` (the document's stated format), with
//! `.000` milliseconds in `fch_proceso` as its payment example shows, and `yyyy-mm-dd` dates.
//! Parsing accepts all of these (and an ISO `T`), so a reply that drops the milliseconds still
//! decodes; writing always uses the document's example form.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serializer};

/// The form `fch_proceso` is written in: `2020-03-26 01:17:58.000`.
pub const FCH_PROCESO_FORMAT: &str = "%Y-%m-%d %H:%M:%S%.3f";

/// Reads a timestamp: `yyyy-mm-dd hh:mm:ss` with or without milliseconds, with a space or `T`,
/// or a bare date (midnight); `None` otherwise.
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    if let Some(fast) = parse_fixed(t) {
        return Some(fast);
    }
    [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    .or_else(|| parse_date(t).and_then(|d| d.and_hms_opt(0, 0, 0)))
}

/// The common case without chrono's format interpreter (a fifth of a statement's decode time):
/// exactly `yyyy-mm-dd hh:mm:ss` or `yyyy-mm-ddThh:mm:ss`, with optional `.fff` milliseconds.
fn parse_fixed(t: &str) -> Option<NaiveDateTime> {
    let b = t.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b' ' | b'T')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let millis = match &b[19..] {
        [] => 0,
        [b'.', digits @ ..] if (1..=3).contains(&digits.len()) => {
            let n = num(20, b.len())?;
            n * 10u32.pow(3 - digits.len() as u32)
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    date.and_hms_milli_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, millis)
}

/// Reads a date, `yyyy-mm-dd` or `dd-mm-yyyy`; `None` otherwise.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(t, "%d-%m-%Y").ok())
}

/// Writes `fch_proceso`'s form, `yyyy-mm-dd hh:mm:ss.000`.
pub fn format_fch_proceso(value: &NaiveDateTime) -> String {
    value.format(FCH_PROCESO_FORMAT).to_string()
}

/// `fch_proceso` and other timestamps: written with milliseconds, read leniently.
pub mod datetime {
    use super::*;

    /// Writes [`FCH_PROCESO_FORMAT`].
    pub fn serialize<S: Serializer>(v: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_fch_proceso(v))
    }

    /// Reads any form [`parse_datetime`] accepts.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        parse_datetime(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid date-time `{text}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_documented_form() {
        let a = parse_datetime("2020-03-26 01:17:58.000").unwrap();
        let b = parse_datetime("2020-03-26 01:17:58").unwrap();
        assert_eq!(a, b);
        assert_eq!(format_fch_proceso(&b), "2020-03-26 01:17:58.000");
        assert_eq!(parse_date("2021-08-09"), parse_date("09-08-2021"));
        assert!(parse_datetime("26/03/2020").is_none());
        // The fast path agrees with chrono, and refuses what chrono refuses.
        for t in [
            "2021-02-21 16:41:49",
            "2021-02-21T16:41:49.5",
            "2020-03-26 01:17:58.123",
            "2024-02-29 23:59:59",
        ] {
            let slow = ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok());
            assert_eq!(parse_fixed(t), slow, "{t}");
        }
        for bad in [
            "2021-02-30 10:00:00",
            "2021-02-21 25:00:00",
            "2021-0a-21 10:00:00",
            "2021-02-21 10:00:00.1234",
        ] {
            assert_eq!(parse_fixed(bad), None, "{bad}");
        }
        assert!(parse_date("2021-02-30").is_none());
    }
}
