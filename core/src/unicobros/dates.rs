//! Unicobros timestamps: ISO-8601 in UTC with milliseconds (`2020-07-13T17:20:54.463Z`).
//!
//! Read with any RFC 3339 offset (normalised to UTC); written back in the document's form.
//! Filters use calendar days: the POST form only carries `{day, month, year}`.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// `2020-07-13T17:20:54.463Z`
pub fn format(value: &DateTime<Utc>) -> String {
    value.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A required timestamp.
pub mod iso {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid ISO-8601 date-time `{text}`")))
    }

    pub fn serialize<S: Serializer>(v: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        format(v).serialize(s)
    }
}

/// An optional timestamp: `null`, missing or `""` is `None`.
pub mod iso_opt {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<std::borrow::Cow<'de, str>>::deserialize(d)? {
            None => Ok(None),
            Some(t) if t.trim().is_empty() => Ok(None),
            Some(t) => parse(&t).map(Some).ok_or_else(|| {
                serde::de::Error::custom(format!("invalid ISO-8601 date-time `{t}`"))
            }),
        }
    }

    pub fn serialize<S: Serializer>(v: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref().map(format).serialize(s)
    }
}

/// The POST filters' day object `{"day": 10, "month": 11, "year": 2019}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayObject {
    pub day: u32,
    pub month: u32,
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
        let day = DayObject::from(NaiveDate::from_ymd_opt(2019, 11, 10).unwrap());
        assert_eq!(
            serde_json::to_string(&day).unwrap(),
            r#"{"day":10,"month":11,"year":2019}"#
        );
    }
}
