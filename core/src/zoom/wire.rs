//! Zoom's names for the shared lenient codecs of [`crate::wire`].
//!
//! PHP serialises the same field differently from one service to the next (`"idempresa": "1"`
//! in createPagoWs' reply, `"idempresa": 1` in getInfoPagoWs'), sends `null` for an empty list,
//! `0000-00-00` for no date and `1`/`"1"` for `true`. Every one of those is read by the codecs
//! every biller shares; this module only keeps the names Zoom's code (and the fuzz targets) use.

use chrono::{NaiveDate, NaiveDateTime};

pub use crate::wire::{date, date_opt, datetime_opt, flag, flag_opt, list};

/// `yyyy-mm-dd` (the document's dates), `yyyymmdd` (its `fecha`/`sortDoc` form), and every other
/// form [`crate::wire::parse_stamp`] reads (its date as written).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    crate::wire::parse_date(text)
}

/// `yyyy-mm-dd hh:mm:ss` (optionally with a fraction), `yyyy-mm-dd hh:mm`, and every other form
/// [`crate::wire::parse_stamp`] reads (wall-clock time as written).
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    crate::wire::parse_datetime(text)
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
        let r: Row = serde_json::from_str(r#"{"a": 0, "b": "", "d": "28/12/2016"}"#).unwrap();
        assert!(!r.a && r.b.is_none());
        assert_eq!(r.d.unwrap().to_string(), "2016-12-28");
        assert!(serde_json::from_str::<Row>(r#"{"a": "yes"}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"a": 2}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"a": null}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"a": true, "d": "28/28/2016"}"#).is_err());
    }
}
