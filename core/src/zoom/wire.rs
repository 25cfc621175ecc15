//! Zoom-specific lenient codecs: booleans that arrive as `true`, `1` or `"1"`, lists that
//! arrive as `null`, and dates in the document's three forms.
//!
//! PHP serialises the same field differently from one service to the next (`"idempresa": "1"`
//! in createPagoWs' reply, `"idempresa": 1` in getInfoPagoWs'), so these accept every form the
//! document shows and refuse anything else rather than guessing.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A boolean sent as `true`/`false`, `1`/`0` or `"true"`/`"1"`/`"0"`/`"false"`.
pub mod flag {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        d.deserialize_any(FlagVisitor)
    }
}

/// Like [`flag`], with `null` or a missing field (with `#[serde(default)]`) as `None`.
pub mod flag_opt {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        d.deserialize_option(OptionalFlag)
    }

    struct OptionalFlag;
    impl<'de> Visitor<'de> for OptionalFlag {
        type Value = Option<bool>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a boolean, 0/1 or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(FlagVisitor).map(Some)
        }
    }
}

struct FlagVisitor;

impl<'de> Visitor<'de> for FlagVisitor {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean or 0/1")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            other => Err(E::custom(format!("expected a boolean, got `{other}`"))),
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        // serde_json's arbitrary-precision number: a single private key holding the text.
        let _key: Option<de::IgnoredAny> = map.next_key()?;
        let text: String = map.next_value()?;
        self.visit_str(&text)
    }
}

/// A list that PHP sends as `null` when empty.
pub mod list {
    use super::*;

    pub fn deserialize<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
    }
}

/// PHP/MySQL's "no date" values, read as absent.
fn is_zero_date(text: &str) -> bool {
    text.is_empty() || text.starts_with("0000-00-00") || text == "00000000"
}

/// `yyyy-mm-dd` (the document's dates) or `yyyymmdd` (its `fecha`/`sortDoc` form).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().or_else(|| {
        (t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| NaiveDate::parse_from_str(t, "%Y%m%d").ok())
            .flatten()
    })
}

/// `yyyy-mm-dd hh:mm:ss` (optionally with a fraction) or `yyyy-mm-dd hh:mm`.
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
}

/// A required date (`fechapago`).
pub mod date {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(d)?;
        parse_date(&text).ok_or_else(|| de::Error::custom(format!("invalid date `{text}`")))
    }
}

/// An optional date: `null`, missing, `""` or a zero date are `None`; anything else must parse.
pub mod date_opt {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(t) if is_zero_date(t.trim()) => Ok(None),
            Some(t) => parse_date(&t)
                .map(Some)
                .ok_or_else(|| de::Error::custom(format!("invalid date `{t}`"))),
        }
    }
}

/// An optional timestamp (`fechahoracarga`), with the same rules as [`date_opt`].
pub mod datetime_opt {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(t) if is_zero_date(t.trim()) => Ok(None),
            Some(t) => parse_datetime(&t)
                .map(Some)
                .ok_or_else(|| de::Error::custom(format!("invalid date-time `{t}`"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Row {
        #[serde(with = "super::flag")]
        a: bool,
        #[serde(with = "super::flag_opt", default)]
        b: Option<bool>,
        #[serde(deserialize_with = "super::list::deserialize", default)]
        c: Vec<i64>,
        #[serde(with = "super::date_opt", default)]
        d: Option<chrono::NaiveDate>,
    }

    #[test]
    fn lenient_but_not_guessing() {
        let r: Row =
            serde_json::from_str(r#"{"a": 1, "b": "false", "c": null, "d": "20161228"}"#).unwrap();
        assert!(r.a);
        assert_eq!(r.b, Some(false));
        assert!(r.c.is_empty());
        assert_eq!(r.d.unwrap().to_string(), "2016-12-28");
        let r: Row = serde_json::from_str(r#"{"a": "true", "d": "0000-00-00"}"#).unwrap();
        assert!(r.a && r.b.is_none() && r.d.is_none());
        assert!(serde_json::from_str::<Row>(r#"{"a": "yes"}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"a": 2}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"a": true, "d": "28/12/2016"}"#).is_err());
    }
}
