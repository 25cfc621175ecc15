//! Unicobros timestamps: ISO-8601 in UTC with milliseconds (`2020-07-13T17:20:54.463Z`).
//!
//! Read with any RFC 3339 offset (normalised to UTC); written back in the document's form.
//! Filters use calendar days: the POST form only carries `{day, month, year}`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::calendar;

/// Reads an RFC 3339 timestamp with any offset into UTC; `None` when it is not one.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    calendar::utc_from_rfc3339(text.trim())
}

/// `2020-07-13T17:20:54.463Z`
pub fn format(value: &DateTime<Utc>) -> String {
    calendar::utc_rfc3339_millis(value)
}

/// The POST filters' day object `{"day": 10, "month": 11, "year": 2019}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayObject {
    /// Day of the month, 1 to 31.
    pub day: u32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Four-digit year.
    pub year: i32,
}

impl From<NaiveDate> for DayObject {
    fn from(d: NaiveDate) -> Self {
        use chrono::Datelike;
        DayObject {
            day: d.day(),
            month: d.month(),
            year: d.year(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_the_documented_form() {
        let t = parse("2020-07-13T17:20:54.463Z").unwrap();
        assert_eq!(format(&t), "2020-07-13T17:20:54.463Z");
        let offset = parse("2020-07-13T14:20:54.463-03:00").unwrap();
        assert_eq!(offset, t);
        assert!(parse("2020-07-13 17:20:54").is_none());
        assert!(parse("").is_none());
        for t in [
            "2020-07-13T17:20:54Z",
            "2020-07-13t17:20:54.4635z",
            "2020-07-13 17:20:54+05:30",
            "2020-07-13T23:59:60.5Z",
            "2020-07-13T17:20:54+0530",
            "2020-07-13T17:20:54+24:00",
            "2020-07-13T17:20:54",
            "2020-02-30T17:20:54Z",
        ] {
            let chrono_reads = DateTime::parse_from_rfc3339(t)
                .ok()
                .map(|d| d.with_timezone(&Utc));
            assert_eq!(parse(t), chrono_reads, "{t}");
            if let Some(at) = chrono_reads {
                let chrono_writes = at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                assert_eq!(format(&at), chrono_writes, "{t}");
            }
        }
        let day = DayObject::from(NaiveDate::from_ymd_opt(2019, 11, 10).unwrap());
        assert_eq!(
            serde_json::to_string(&day).unwrap(),
            r#"{"day":10,"month":11,"year":2019}"#
        );
    }
}
