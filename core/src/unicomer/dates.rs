//! Unicomer's date and time texts: `yyyy-mm-dd hh:mm:ss` (the document's stated format), with
//! `.000` milliseconds in `fch_proceso` as its payment example shows, and `yyyy-mm-dd` dates.
//! Parsing accepts all of these (and an ISO `T`), so a reply that drops the milliseconds still
//! decodes; writing always uses the document's example form.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serializer};

use crate::calendar;

/// Reads a timestamp: `yyyy-mm-dd hh:mm:ss` with or without milliseconds, with a space or `T`,
/// or a bare date (midnight); `None` otherwise. Hand-written ([`crate::calendar`]), it reads
/// exactly what chrono's `%Y-%m-%d %H:%M:%S%.f`, `%Y-%m-%dT%H:%M:%S%.f` and `%Y-%m-%d %H:%M`
/// read, without linking chrono's format interpreter.
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    [
        calendar::YMD_HMS_FRACTION,
        calendar::YMD_T_HMS_FRACTION,
        calendar::YMD_HM,
    ]
    .into_iter()
    .find_map(|f| calendar::parse_datetime(t, f))
    .or_else(|| parse_date(t).and_then(|d| d.and_hms_opt(0, 0, 0)))
}

/// Reads a date, `yyyy-mm-dd` or `dd-mm-yyyy`; `None` otherwise.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    calendar::parse_date(t, calendar::YMD).or_else(|| calendar::parse_date(t, calendar::DMY))
}

/// Writes `fch_proceso`'s form, `yyyy-mm-dd hh:mm:ss.000`.
pub fn format_fch_proceso(value: &NaiveDateTime) -> String {
    calendar::datetime_space_millis(value)
}

/// `fch_proceso` and other timestamps: written with milliseconds, read leniently.
pub mod datetime {
    use super::*;

    /// Writes `fch_proceso`'s form, `2020-03-26 01:17:58.000`.
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
        // The hand-written reader agrees with chrono's, and refuses what chrono refuses.
        for t in [
            "2021-02-21 16:41:49",
            "2021-02-21T16:41:49.5",
            "2020-03-26 01:17:58.123",
            "2024-02-29 23:59:59",
            "2021-02-21 16:41",
            "2021-2-1 6:4:9",
            "2021-02-2116:41:49",
            "2021-02-21   16:41:49.123456789123",
            "2021-02-21 23:59:60",
            "2021-02-30 10:00:00",
            "2021-02-21 25:00:00",
            "2021-0a-21 10:00:00",
            "2021-02-21 10:00:00.",
            "2021-02-21 10:00:00 ",
            "+2021-02-21 10:00:00",
            "21-02-2021",
            "2021-02-21",
            "",
        ] {
            let chrono_reads = [
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(t.trim(), f).ok())
            .or_else(|| {
                NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
                    .or_else(|_| NaiveDate::parse_from_str(t.trim(), "%d-%m-%Y"))
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
            });
            assert_eq!(parse_datetime(t), chrono_reads, "{t}");
        }
        assert_eq!(
            format_fch_proceso(&parse_datetime("2021-02-21 16:41:49.5").unwrap()),
            "2021-02-21 16:41:49.500"
        );
        assert!(parse_date("2021-02-30").is_none());
    }
}
