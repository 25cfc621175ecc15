//! How the types uniffi has no built-in form for cross to Kotlin and Swift (feature `uniffi`).
//!
//! Everything crosses as text, the same text the JSON forms use, so that no binding ever holds an
//! amount as a double and every date reads the same in every channel:
//!
//! - [`Decimal`]: a plain decimal string (`"831.60"`); Kotlin maps it to `java.math.BigDecimal`
//!   through this crate's `uniffi.toml`. Text that is not a plain decimal is refused when lifted.
//! - [`NaiveDate`] (`2026-11-23`), [`NaiveDateTime`] (`2026-11-23T11:00:00`) and
//!   [`UtcDateTime`] (RFC 3339): ISO 8601 strings.
//! - [`Secret`]: a string going in (credentials supplied by the app). It is lowered only because
//!   uniffi records are two-way; no exported function returns a credential.
//! - `BTreeMap`s: uniffi has maps only as `HashMap`, so the two map types cross as maps
//!   ([`StringMap`], [`CurrencyTotals`]); the foreign side gets no ordering guarantee.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;

use crate::calendar::{self, DateTextError};
use crate::collection::reconcile::Totals;
use crate::money::Currency;
use crate::secret::Secret;

/// Free-form details (`BTreeMap<String, String>`), as a uniffi map.
pub type StringMap = BTreeMap<String, String>;
/// Reconciliation totals per currency, as a uniffi map.
pub type CurrencyTotals = BTreeMap<Currency, Totals>;
/// A UTC instant (journal timestamps), as an RFC 3339 string.
pub type UtcDateTime = DateTime<Utc>;

uniffi::custom_type!(Decimal, String, {
    remote,
    lower: |d| d.to_string(),
    try_lift: |s| Ok(crate::money::parse_amount(&s)?),
});

uniffi::custom_type!(NaiveDate, String, {
    remote,
    lower: |d| calendar::date_iso(d),
    try_lift: |s| Ok(calendar::date_from_str(s.trim())
        .ok_or_else(|| DateTextError::new("date", "yyyy-mm-dd", &s))?),
});

uniffi::custom_type!(NaiveDateTime, String, {
    remote,
    lower: |d| calendar::datetime_iso(&d),
    try_lift: |s| Ok(local_date_time(&s)?),
});

/// ISO 8601 local date and time, seconds optional: Java's `LocalDateTime.toString()` (what a
/// Kotlin app most likely passes) leaves them out when they are zero (`2026-11-23T10:15`).
fn local_date_time(text: &str) -> Result<NaiveDateTime, DateTextError> {
    let text = text.trim();
    calendar::datetime_from_str(text)
        .or_else(|| calendar::parse_datetime(text, calendar::YMD_T_HM))
        .ok_or_else(|| DateTextError::new("date-time", "yyyy-mm-ddThh:mm[:ss]", text))
}

uniffi::custom_type!(UtcDateTime, String, {
    remote,
    lower: |d| calendar::utc_rfc3339_offset(&d),
    try_lift: |s| Ok(calendar::utc_from_rfc3339(s.trim())
        .ok_or_else(|| DateTextError::new("date-time", "RFC 3339", &s))?),
});

uniffi::custom_type!(Secret, String, {
    lower: |s| s.expose().to_owned(),
    try_lift: |s| Ok(Secret::new(s)),
});

uniffi::custom_type!(StringMap, HashMap<String, String>, {
    remote,
    lower: |m| m.into_iter().collect(),
    try_lift: |m| Ok(m.into_iter().collect()),
});

uniffi::custom_type!(CurrencyTotals, HashMap<Currency, Totals>, {
    remote,
    lower: |m| m.into_iter().collect(),
    try_lift: |m| Ok(m.into_iter().collect()),
});

#[cfg(test)]
mod tests {
    use super::*;
    use uniffi::{FfiConverter, Lift, Lower};

    fn round_trip<T: FfiConverter<crate::UniFfiTag>>(value: T) -> T {
        T::try_lift(T::lower(value)).expect("lifts back")
    }

    #[test]
    fn decimals_keep_their_text_and_refuse_anything_else() {
        let d = Decimal::from_str_exact("831.60").unwrap();
        assert_eq!(round_trip(d).to_string(), "831.60");
        for bad in ["abc", "1e5", "12,50", "", "NaN"] {
            let lowered = <String as Lower<crate::UniFfiTag>>::lower(bad.to_owned());
            assert!(
                <Decimal as Lift<crate::UniFfiTag>>::try_lift(lowered).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn dates_cross_as_iso_text() {
        let at = calendar::datetime_from_str("2026-11-23T11:00:00").unwrap();
        assert_eq!(round_trip(at), at);
        // As Java's LocalDateTime prints a time whose seconds are zero.
        assert_eq!(local_date_time("2026-11-23T11:00").unwrap(), at);
        assert!(local_date_time("2026-11-23T11").is_err());
        assert!(local_date_time("23/11/2026 11:00").is_err());
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(round_trip(day), day);
        let now = Utc::now();
        assert_eq!(round_trip(now), now);
    }
}
