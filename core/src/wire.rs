//! The lenient codecs every biller's REPLY types are read with (requests never use them).
//!
//! Real billers send a `null` where their document shows a value, `""` for an optional number or
//! date, a number where text is shown and text where a number is, PHP's `[]` for an empty
//! object, and ISO date-times (`2026-11-23T10:15:00`, with or without fraction or zone) where a
//! date is shown. This module is the one place those spellings are tolerated, as
//! `#[serde(with = ...)]` (or `deserialize_with`) modules applied uniformly to reply fields; the
//! amounts' codecs are in [`crate::money::wire`].
//!
//! | codec | reads | absent (`None`, empty, default) |
//! | --- | --- | --- |
//! | [`text`] | a string (verbatim) or a number's digits | never: fails (blank too) |
//! | [`text_opt`] / [`text_or_empty`] | a string, a number's digits, `true`/`false` | `null`, missing, blank |
//! | [`int`] / [`int_opt`] | `4`, `57266.0`, `"4"` | `int_opt`: `null`, missing, blank |
//! | [`flag`] / [`flag_opt`] | `true`, `1`, `"1"`, `"true"` (and the falses) | `flag_opt`: `null`, missing, blank |
//! | [`date`] / [`date_opt`] | `yyyy-mm-dd`, `yyyy/mm/dd`, `yyyymmdd` (text or number), `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, any date-time below (its date as written) | `date_opt`: `null`, missing, blank, a zero date (`0000-00-00`) |
//! | [`datetime`] / [`datetime_opt`] | a date above followed by ` ` or `T`, `hh:mm[:ss[.fraction]]` and an optional zone (`Z`, `±hh[:mm]`); a bare date is midnight. The wall-clock time as written: a zone is checked, not applied | as `date_opt` |
//! | [`utc`] / [`utc_opt`] | the same, as an instant: the zone applied, a zone-less time taken as UTC | as `date_opt` |
//! | [`list`] | a list | `null`, missing, `""` |
//! | [`list_or_one`] / [`Many`] | a list, or a single object as a one-item list | `null`, missing, `""` |
//! | [`object_opt`] / [`or_default`] | an object | `null`, missing, `""`, `[]` |
//! | [`RawJson`] (a type) | any value whose shape the document does not give, kept as its JSON text | `null`, missing (as `Option<RawJson>`) |
//!
//! What is tolerated is how a value is *spelled* or that it is *left out*, never a value that
//! cannot be read: an object where text belongs, `12abc` for a number, `2026-02-30` for a date
//! fail the reply even in an optional field. The required forms ([`text`], [`int`], [`date`],
//! [`datetime`], [`utc`], [`flag`], `money::wire::number`) accept the same spellings of a value
//! but fail on `null`, `""` or a missing field: they are for what identifies a payment or
//! carries the amount or status a decision depends on, so that a tolerant decoder never turns
//! "unknown" into a confident answer.
//!
//! Numbers are read from their text (serde_json's raw value, see [`crate::money::wire`]), never
//! through a float, and without `arbitrary_precision` in the application's build. Nothing here buffers a
//! `serde_json::Value`: strings are borrowed from the body when they can be.
//!
//! Replies are read through `from_body` (each endpoint's `decode`) or `from_text`, whose
//! adapter (`objects_only`) adds two rules no codec can: a struct is never read from a list, and
//! a number never stands for an object (under an application's `arbitrary_precision`, a number
//! reaches a lenient field as a map, and the adapter refuses its key as a field name). A reply
//! type read with plain `serde_json::from_str` has neither.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::money::wire::{Scalar, decimal_from_text, scalar, scalar_opt};
use crate::objects_only::ObjectsOnly;

/// Decodes a reply body. The body is checked to be UTF-8 once, up front, and read as text:
/// serde_json then trusts every string and raw number it slices out instead of checking each
/// one again (most of a reply is strings). A body that is not UTF-8 fails, its error giving the
/// offset of the first bad byte (no reply is half-read around it). Every reply is
/// read through this one function and this one reader, so each reply type's decoder is compiled
/// once (a second reader type doubled the mobile library's decoding code). Its structs are read
/// from objects only ([`ObjectsOnly`]): a list where the document shows an object is refused,
/// not read by position.
pub(crate) fn from_body<'a, T: Deserialize<'a>>(body: &'a [u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(body) {
        Ok(text) => from_text(text),
        // No byte-slice reader at all: one for the whole reply tree, or even one that only
        // skips values, would be compiled for this case alone. Where the text breaks says enough.
        Err(e) => Err(de::Error::custom(format_args!(
            "the reply is not UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))),
    }
}

/// [`from_body`] for JSON text already in hand (a value cut out of a reply, a string literal):
/// the same reader and the same objects-only structs, so a type read both ways is compiled once.
pub(crate) fn from_text<'a, T: Deserialize<'a>>(text: &'a str) -> serde_json::Result<T> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(ObjectsOnly(&mut reader))?;
    reader.end()?;
    Ok(value)
}

/// The string at a JSON pointer into JSON text, read as `serde_json::Value::pointer` reads one
/// (RFC 6901: `~1` is `/`, `~0` is `~`, a list index without sign or leading zero), `None`
/// where nothing is or it is not a string. Each step reads only the object or list it passes
/// through, as raw text: no `serde_json::Value` (its reader and maps would be in the browser
/// bundle for a lookup as small as a token at a configured pointer).
pub fn string_at(text: &str, pointer: &str) -> Option<String> {
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return None;
    }
    let mut here = text;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next: &RawValue = match here.trim_start().as_bytes().first()? {
            b'{' => from_text::<std::collections::BTreeMap<String, &RawValue>>(here)
                .ok()?
                .remove(&token)?,
            b'[' => {
                if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
                    return None;
                }
                let index: usize = token.parse().ok()?;
                from_text::<Vec<&RawValue>>(here)
                    .ok()?
                    .into_iter()
                    .nth(index)?
            }
            _ => return None,
        };
        here = next.get();
    }
    from_text::<String>(here).ok()
}

/// A value whose shape the biller's document does not give (Zoom's `listpagoarchivo`, shown only
/// as `null` or `[]`), kept as the JSON text the biller sent: its numbers' digits as written,
/// nothing interpreted. A field of this type that is `null` or missing is `None` in an
/// `Option<RawJson>`. Raw text rather than a `serde_json::Value`, whose reader would be in the
/// browser bundle for fields nothing reads.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// The value's JSON text, as the biller wrote it.
    pub fn get(&self) -> &str {
        self.0.get()
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

/// Equal when the texts are: `[]` and `[ ]` differ, as two replies that differ do.
impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for RawJson {}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/// Required text: a string (verbatim) or a number's exact digits (`0` and `"0"` both become
/// `"0"`). `null`, a missing field, a blank string, a boolean or an object fail: a blank id or
/// reference is as unknown as a missing one.
pub mod text {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        match scalar_text(scalar(d)?, false)? {
            Some(t) if is_blank(&t) => Err(de::Error::custom("blank where text is required")),
            Some(t) => Ok(t.into_owned()),
            None => Err(de::Error::invalid_type(
                Unexpected::Unit,
                &"a string or a number",
            )),
        }
    }
}

/// Optional text: a string (verbatim), a number's digits or `true`/`false`; `null`, a missing
/// field (with `#[serde(default)]`) and a blank string are `None`.
pub mod text_opt {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(scalar_text(scalar_opt(d)?, true)?
            .filter(|t| !is_blank(t))
            .map(Cow::into_owned))
    }

    /// Writes the field back in its usual form.
    pub fn serialize<S: serde::Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(v),
            None => s.serialize_none(),
        }
    }
}

/// Like [`text_opt`], for a `String` field: absent is `""`.
pub mod text_or_empty {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        text_opt::deserialize(d).map(Option::unwrap_or_default)
    }
}

/// A scalar's text: a string (borrowed from the body when possible), a number's exact digits
/// and, when `bools`, `true`/`false`; `None` for `null`.
fn scalar_text<'de, E: de::Error>(
    value: Scalar<'de>,
    bools: bool,
) -> Result<Option<Cow<'de, str>>, E> {
    match value {
        Scalar::Null => Ok(None),
        Scalar::Str(t) | Scalar::Number(t) => Ok(Some(t)),
        Scalar::Bool(v) if bools => Ok(Some(Cow::Borrowed(if v { "true" } else { "false" }))),
        Scalar::Bool(v) => Err(E::invalid_type(
            Unexpected::Bool(v),
            &"a string or a number",
        )),
    }
}

/// Whether text is empty or only whitespace (what `trim().is_empty()` says, reading from the
/// front only: this runs for nearly every field of a reply).
pub(crate) fn is_blank(text: &str) -> bool {
    text.trim_start().is_empty()
}

/// At most 40 characters of a refused value, for an error's reason.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Integers
// ---------------------------------------------------------------------------------------------

/// A required integer sent as a number (`4`, `57266.0`) or a string (`"4"`).
pub mod int {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        match scalar(d)? {
            Scalar::Number(t) => int_of(&t).map_err(de::Error::custom),
            Scalar::Str(t) => int_of(t.trim()).map_err(de::Error::custom),
            Scalar::Null => Err(de::Error::invalid_type(Unexpected::Unit, &"an integer")),
            Scalar::Bool(b) => Err(de::Error::invalid_type(Unexpected::Bool(b), &"an integer")),
        }
    }

    /// Writes the field back in its usual form.
    pub fn serialize<S: serde::Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(*v)
    }
}

/// Like [`int`], with `null`, a missing field (with `#[serde(default)]`) or a blank string as
/// `None`.
pub mod int_opt {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        match scalar_opt(d)? {
            Scalar::Null => Ok(None),
            Scalar::Str(t) if is_blank(&t) => Ok(None),
            Scalar::Number(t) => int_of(&t).map(Some).map_err(de::Error::custom),
            Scalar::Str(t) => int_of(t.trim()).map(Some).map_err(de::Error::custom),
            Scalar::Bool(b) => Err(de::Error::invalid_type(
                Unexpected::Bool(b),
                &"an integer or null",
            )),
        }
    }

    /// Writes the field back in its usual form.
    pub fn serialize<S: serde::Serializer>(v: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_i64(*v),
            None => s.serialize_none(),
        }
    }
}

/// An integer's text: plain digits directly, else through a decimal (`57266.0`, `5E+3`), which
/// must have no fraction.
fn int_of(text: &str) -> Result<i64, String> {
    match text.parse::<i64>() {
        Ok(n) => Ok(n),
        Err(_) => decimal_from_text(text).and_then(to_int),
    }
}

fn to_int(value: Decimal) -> Result<i64, String> {
    if value.fract() != Decimal::ZERO {
        return Err(format!("expected an integer, got {value}"));
    }
    value
        .trunc()
        .to_i64()
        .ok_or_else(|| format!("integer out of range: {value}"))
}

// ---------------------------------------------------------------------------------------------
// Booleans
// ---------------------------------------------------------------------------------------------

fn read_flag(text: &str) -> Option<bool> {
    match text.trim() {
        t if t.eq_ignore_ascii_case("true") || t == "1" => Some(true),
        t if t.eq_ignore_ascii_case("false") || t == "0" => Some(false),
        _ => None,
    }
}

fn flag_of<E: de::Error>(text: &str) -> Result<bool, E> {
    read_flag(text).ok_or_else(|| E::custom(format!("expected a boolean, got `{}`", shown(text))))
}

/// A required boolean sent as `true`/`false`, `1`/`0` or `"true"`/`"1"`/`"0"`/`"false"`.
pub mod flag {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        match scalar_text(scalar(d)?, true)? {
            Some(t) => flag_of(&t),
            None => Err(de::Error::custom("expected a boolean, got null")),
        }
    }
}

/// Like [`flag`], with `null`, a missing field (with `#[serde(default)]`) or a blank string as
/// `None`.
pub mod flag_opt {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        match scalar_text(scalar_opt(d)?, true)? {
            Some(t) if !is_blank(&t) => flag_of(&t).map(Some),
            _ => Ok(None),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Dates and times
// ---------------------------------------------------------------------------------------------

/// A date or date-time as a biller wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The wall-clock date and time as written (midnight for a bare date).
    pub local: NaiveDateTime,
    /// The zone the text carried (`Z`, `-04:00`), if any.
    pub offset: Option<FixedOffset>,
}

impl Stamp {
    /// The instant: the zone applied, a zone-less text taken as UTC.
    pub fn utc(&self) -> Option<DateTime<Utc>> {
        match self.offset {
            Some(offset) => self
                .local
                .and_local_timezone(offset)
                .single()
                .map(|t| t.with_timezone(&Utc)),
            None => Some(self.local.and_utc()),
        }
    }
}

/// Reads every date and date-time form the billers use (see the module docs), without chrono's
/// format interpreter (this runs once per invoice of a statement).
pub fn parse_stamp(text: &str) -> Option<Stamp> {
    let b = text.trim().as_bytes();
    let (date, rest) = split_date(b)?;
    if rest.is_empty() {
        return Some(Stamp {
            local: date.and_time(NaiveTime::MIN),
            offset: None,
        });
    }
    let rest = match rest {
        [b' ' | b'T' | b't', rest @ ..] => rest,
        _ => return None,
    };
    let (time, rest) = split_time(rest)?;
    let offset = parse_offset(rest)?;
    Some(Stamp {
        local: date.and_time(time),
        offset,
    })
}

/// The date of any form [`parse_stamp`] reads, as written.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    parse_stamp(text).map(|s| s.local.date())
}

/// The wall-clock date-time of any form [`parse_stamp`] reads (a bare date is midnight).
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    parse_stamp(text).map(|s| s.local)
}

/// The instant of any form [`parse_stamp`] reads (a zone-less text is UTC).
pub fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    parse_stamp(text)?.utc()
}

/// PHP/MySQL's "no date" (`0000-00-00`, `0000-00-00 00:00:00`, `00000000`): digits, all zero.
fn is_zero_date(text: &str) -> bool {
    let mut digits = text.bytes().filter(u8::is_ascii_digit).peekable();
    digits.peek().is_some() && digits.all(|b| b == b'0')
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// `yyyy-mm-dd`, `yyyy/mm/dd`, `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` or `yyyymmdd`, and what
/// follows it.
fn split_date(b: &[u8]) -> Option<(NaiveDate, &[u8])> {
    let ymd = |y: &[u8], m: &[u8], d: &[u8]| {
        NaiveDate::from_ymd_opt(i32::try_from(digits(y)?).ok()?, digits(m)?, digits(d)?)
    };
    if b.len() >= 10 {
        let (h, rest) = b.split_at(10);
        if matches!((h[4], h[7]), (b'-', b'-') | (b'/', b'/')) {
            return Some((ymd(&h[..4], &h[5..7], &h[8..10])?, rest));
        }
        if matches!((h[2], h[5]), (b'/', b'/') | (b'-', b'-') | (b'.', b'.')) {
            return Some((ymd(&h[6..10], &h[3..5], &h[..2])?, rest));
        }
    }
    if b.len() >= 8
        && b[..8].iter().all(u8::is_ascii_digit)
        && b.get(8).is_none_or(|c| !c.is_ascii_digit())
    {
        return Some((ymd(&b[..4], &b[4..6], &b[6..8])?, &b[8..]));
    }
    None
}

/// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fraction` (`,` too; digits past nanoseconds are dropped),
/// and what follows it.
fn split_time(b: &[u8]) -> Option<(NaiveTime, &[u8])> {
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let (hour, minute) = (digits(&b[..2])?, digits(&b[3..5])?);
    let mut rest = &b[5..];
    let (mut second, mut nanos) = (0, 0);
    if let [b':', s1, s2, tail @ ..] = rest {
        second = digits(&[*s1, *s2])?;
        rest = tail;
        if let [b'.' | b',', tail @ ..] = rest {
            let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            let kept = n.min(9);
            nanos = digits(&tail[..kept])? * 10u32.pow(9 - kept as u32);
            rest = &tail[n..];
        }
    }
    if second > 59 {
        return None;
    }
    Some((
        NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?,
        rest,
    ))
}

/// Nothing, `Z`, or `±hh`, `±hhmm`, `±hh:mm` (optionally after one space).
fn parse_offset(b: &[u8]) -> Option<Option<FixedOffset>> {
    let b = match b {
        [b' ', rest @ ..] if !rest.is_empty() => rest,
        _ => b,
    };
    let (sign, h, m) = match b {
        [] => return Some(None),
        [b'Z' | b'z'] => return FixedOffset::east_opt(0).map(Some),
        [s @ (b'+' | b'-'), h1, h2] => (*s, [*h1, *h2], [b'0', b'0']),
        [s @ (b'+' | b'-'), h1, h2, m1, m2] | [s @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            (*s, [*h1, *h2], [*m1, *m2])
        }
        _ => return None,
    };
    let (h, m) = (digits(&h)?, digits(&m)?);
    if h > 23 || m > 59 {
        return None;
    }
    let seconds = i32::try_from(h * 3600 + m * 60).ok()?;
    FixedOffset::east_opt(if sign == b'-' { -seconds } else { seconds }).map(Some)
}

/// An optional date or time read with `parse`: `null`, missing, blank or a zero date is `None`;
/// anything else must parse.
fn stamp_opt<'de, D: Deserializer<'de>, T>(
    d: D,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, D::Error> {
    match scalar_text(scalar_opt(d)?, false)? {
        None => Ok(None),
        Some(t) if is_blank(&t) || is_zero_date(&t) => Ok(None),
        Some(t) => parse(&t)
            .map(Some)
            .ok_or_else(|| de::Error::custom(format!("invalid {what} `{}`", shown(&t)))),
    }
}

fn stamp<'de, D: Deserializer<'de>, T>(
    d: D,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, D::Error> {
    stamp_opt(d, what, parse)?.ok_or_else(|| de::Error::custom(format!("{what} missing or empty")))
}

/// A required date (see the module docs for the forms).
pub mod date {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        stamp(d, "date", parse_date)
    }
}

/// An optional date: `null`, missing, blank or a zero date is `None`.
pub mod date_opt {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        stamp_opt(d, "date", parse_date)
    }
}

/// A required wall-clock date-time (a zone is checked, not applied).
pub mod datetime {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        stamp(d, "date-time", parse_datetime)
    }
}

/// An optional wall-clock date-time: `null`, missing, blank or a zero date is `None`.
pub mod datetime_opt {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        stamp_opt(d, "date-time", parse_datetime)
    }
}

/// A required instant: the zone applied, a zone-less text taken as UTC.
pub mod utc {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        stamp(d, "date-time", parse_utc)
    }
}

/// An optional instant: `null`, missing, blank or a zero date is `None`.
pub mod utc_opt {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        stamp_opt(d, "date-time", parse_utc)
    }
}

// ---------------------------------------------------------------------------------------------
// Lists and objects
// ---------------------------------------------------------------------------------------------

/// A list; `null`, a missing field (with `#[serde(default)]`) or `""` is empty. Each item is
/// read strictly as `T`.
pub mod list {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        d.deserialize_any(Lenient::<Vec<T>>::new(Shape::List))
    }
}

/// Like [`list`], and a single object is a one-item list (a biller that unwraps a list of one).
pub mod list_or_one {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        d.deserialize_any(Lenient::<Vec<T>>::new(Shape::ListOrOne))
    }
}

/// A whole value read as [`list_or_one`] (for a `values` or `data` that is the list itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Many<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Many<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        list_or_one::deserialize(d).map(Many)
    }
}

/// An optional object; `null`, a missing field (with `#[serde(default)]`), `""` or `[]` (PHP's
/// empty array) is `None`. The object itself is read strictly as `T`.
pub mod object_opt {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        d.deserialize_any(Lenient::<Option<T>>::new(Shape::Object))
    }
}

/// Like [`object_opt`], for a field whose absence is `T::default()`.
pub mod or_default {
    use super::*;

    /// Reads the field as this module describes.
    pub fn deserialize<'de, D, T>(d: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de> + Default,
    {
        object_opt::deserialize(d).map(Option::unwrap_or_default)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    List,
    ListOrOne,
    Object,
}

/// What [`Lenient`] builds: a list of items or an optional object.
trait Container<'de>: Sized {
    type Item: Deserialize<'de>;
    fn absent() -> Self;
    fn one(item: Self::Item) -> Self;
    fn many<A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error>;
}

impl<'de, T: Deserialize<'de>> Container<'de> for Vec<T> {
    type Item = T;
    fn absent() -> Self {
        Vec::new()
    }
    fn one(item: T) -> Self {
        vec![item]
    }
    fn many<A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            out.push(item);
        }
        Ok(out)
    }
}

impl<'de, T: Deserialize<'de>> Container<'de> for Option<T> {
    type Item = T;
    fn absent() -> Self {
        None
    }
    fn one(item: T) -> Self {
        Some(item)
    }
    /// Only an empty list (PHP's empty array) stands for no object.
    fn many<A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        match seq.next_element::<de::IgnoredAny>()? {
            None => Ok(None),
            Some(_) => Err(de::Error::invalid_type(
                Unexpected::Seq,
                &"an object, null, \"\" or []",
            )),
        }
    }
}

/// The one visitor behind [`list`], [`list_or_one`], [`object_opt`] and [`or_default`].
struct Lenient<C> {
    shape: Shape,
    _c: PhantomData<C>,
}

impl<C> Lenient<C> {
    fn new(shape: Shape) -> Self {
        Lenient {
            shape,
            _c: PhantomData,
        }
    }
}

impl<'de, C: Container<'de>> Visitor<'de> for Lenient<C> {
    type Value = C;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.shape {
            Shape::List => "a list, null or \"\"",
            Shape::ListOrOne => "a list, an object, null or \"\"",
            Shape::Object => "an object, null, \"\" or []",
        })
    }
    fn visit_none<E: de::Error>(self) -> Result<C, E> {
        Ok(C::absent())
    }
    fn visit_unit<E: de::Error>(self) -> Result<C, E> {
        Ok(C::absent())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<C, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<C, E> {
        if v.trim().is_empty() {
            Ok(C::absent())
        } else {
            Err(E::invalid_type(Unexpected::Str(v), &self))
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<C, A::Error> {
        C::many(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<C, A::Error> {
        if self.shape == Shape::List {
            return Err(de::Error::invalid_type(Unexpected::Map, &self));
        }
        // The adapter every reply is read through refuses serde_json's private number key as a
        // field name (`objects_only`), so a number handed over as a map is not read as an object.
        C::Item::deserialize(MapAccessDeserializer::new(map)).map(C::one)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Deserialize, Debug)]
    struct Row {
        #[serde(with = "super::text")]
        status: String,
        #[serde(with = "super::int")]
        n: i64,
        #[serde(with = "super::int_opt", default)]
        m: Option<i64>,
        #[serde(with = "super::text_opt", default)]
        t: Option<String>,
        #[serde(with = "super::flag_opt", default)]
        f: Option<bool>,
    }

    #[test]
    fn a_body_that_is_not_utf8_fails_even_in_a_field_not_read() {
        let good = br#"{"status": "0", "n": 1, "ignored": "Se\u00f1or"}"#;
        assert_eq!(from_body::<Row>(good).unwrap().status, "0");
        // Latin-1 `ñ` (0xF1), in a field the reply type does not read: the whole body is refused
        // rather than half-read, and the error says why.
        let latin1 = b"{\"status\": \"0\", \"n\": 1, \"ignored\": \"Se\xf1or\"}";
        let e = from_body::<Row>(latin1).unwrap_err().to_string();
        assert!(e.contains("UTF-8") || e.contains("unicode"), "{e}");
        let in_read_field = b"{\"status\": \"\xff\", \"n\": 1}";
        assert!(from_body::<Row>(in_read_field).is_err());
    }

    #[test]
    fn a_struct_is_read_from_an_object_never_from_a_list() {
        #[derive(Deserialize, Debug)]
        struct Outer {
            rows: Vec<Row>,
            one: Option<Row>,
            kind: Kind,
        }
        #[derive(Deserialize, Debug, PartialEq)]
        enum Kind {
            Plain,
            Fields { x: u32 },
        }
        let objects = br#"{"rows": [{"status": "0", "n": 1}], "one": {"status": "1", "n": 2},
            "kind": {"Fields": {"x": 3}}}"#;
        let outer = from_body::<Outer>(objects).unwrap();
        assert_eq!((outer.rows[0].n, outer.one.unwrap().n), (1, 2));
        assert_eq!(outer.kind, Kind::Fields { x: 3 });
        assert_eq!(
            from_body::<Outer>(br#"{"rows": [], "one": null, "kind": "Plain"}"#)
                .unwrap()
                .kind,
            Kind::Plain
        );
        // serde's own reading takes a list for a struct, its values by position; replies are
        // refused instead, at any depth.
        let listed = br#"["0", 1]"#;
        assert_eq!(serde_json::from_slice::<Row>(listed).unwrap().n, 1);
        let e = from_body::<Row>(listed).unwrap_err().to_string();
        assert!(
            e.contains("invalid type: sequence, expected struct Row"),
            "{e}"
        );
        for nested in [
            &br#"{"rows": [["0", 1]], "one": null, "kind": "Plain"}"#[..],
            br#"{"rows": [], "one": ["0", 1], "kind": "Plain"}"#,
            br#"{"rows": [], "one": null, "kind": {"Fields": [3]}}"#,
        ] {
            let e = from_body::<Outer>(nested).unwrap_err().to_string();
            assert!(e.contains("invalid type: sequence"), "{e}");
        }
        // Everything else passes through as serde_json hands it over: lists, fractional and
        // big numbers, nulls, escapes, to a visitor that takes any value.
        let any = r#"{"a": [1.5, -2.5e3, {"b": null}], "c": 18446744073709551615, "d": "é"}"#;
        assert_eq!(
            from_body::<serde_json::Value>(any.as_bytes()).unwrap(),
            serde_json::from_str::<serde_json::Value>(any).unwrap()
        );
    }

    #[test]
    fn pointers_read_as_serde_json_value_reads_them() {
        let text = r#" {"values": {"accessToken": " t-1 ", "token": 7, "a/b": "slash",
            "m~n": "tilde", "list": ["zero", {"x": "one"}, null], "": "empty key",
            "esc\"aped": "q\u00e9"}, "values2": "plain", "dup": "first", "dup": "last"} "#;
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        for pointer in [
            "",
            "/values/accessToken",
            "/values/token",
            "/values",
            "/values2",
            "/values/a~1b",
            "/values/m~0n",
            "/values/list/0",
            "/values/list/1/x",
            "/values/list/2",
            "/values/list/3",
            "/values/list/01",
            "/values/list/+1",
            "/values/list/-1",
            "/values/",
            "/values/esc\"aped",
            "/dup",
            "values",
            "/missing",
            "/values2/x",
            "/values/list/1/x/y",
        ] {
            let theirs = value
                .pointer(pointer)
                .and_then(|v| v.as_str())
                .map(str::to_owned);
            assert_eq!(string_at(text, pointer), theirs, "{pointer:?}");
        }
        assert_eq!(string_at(r#"["a", "b"]"#, "/1").as_deref(), Some("b"));
        assert_eq!(string_at(r#""whole""#, "").as_deref(), Some("whole"));
    }

    #[test]
    fn undocumented_values_are_kept_as_sent() {
        #[derive(Deserialize, Debug)]
        struct R {
            #[serde(default)]
            x: Option<RawJson>,
        }
        let r = from_body::<R>(br#"{"x": [1.50, {"a": null}, "\u00e9"]}"#).unwrap();
        assert_eq!(r.x.unwrap().get(), r#"[1.50, {"a": null}, "\u00e9"]"#);
        assert_eq!(from_body::<R>(br#"{"x": null}"#).unwrap().x, None);
        assert_eq!(from_body::<R>(b"{}").unwrap().x, None);
        assert_eq!(
            format!("{:?}", from_body::<R>(br#"{"x": 7}"#).unwrap().x),
            "Some(7)"
        );
    }

    #[test]
    fn accepts_numbers_and_strings() {
        let a: Row = serde_json::from_str(r#"{"status": 0, "n": 57266.0, "m": "4"}"#).unwrap();
        assert_eq!((a.status.as_str(), a.n, a.m), ("0", 57266, Some(4)));
        let b: Row = serde_json::from_str(r#"{"status": "451", "n": "7", "m": null}"#).unwrap();
        assert_eq!((b.status.as_str(), b.n, b.m), ("451", 7, None));
        let c: Row = serde_json::from_str(r#"{"status": -1, "n": 1, "m": ""}"#).unwrap();
        assert_eq!((c.status.as_str(), c.m), ("-1", None));
        assert!(serde_json::from_str::<Row>(r#"{"status": 0, "n": 1.5}"#).is_err());
    }

    #[test]
    fn optional_text_and_flags() {
        let r: Row =
            serde_json::from_str(r#"{"status": "E", "n": 1, "t": 0.10, "f": "1"}"#).unwrap();
        assert_eq!(
            (r.status.as_str(), r.t.as_deref(), r.f),
            ("E", Some("0.10"), Some(true))
        );
        let r: Row = serde_json::from_str(r#"{"status": "x", "n": 1, "t": " ", "f": ""}"#).unwrap();
        assert_eq!((r.t, r.f), (None, None));
        let r: Row =
            serde_json::from_str(r#"{"status": "x", "n": 1, "t": true, "f": false}"#).unwrap();
        assert_eq!((r.t.as_deref(), r.f), (Some("true"), Some(false)));
        // Text kept verbatim; never an object's inner value, never null or a boolean when
        // required.
        let r: Row = serde_json::from_str(r#"{"status": " A ", "n": 1, "t": " B "}"#).unwrap();
        assert_eq!((r.status.as_str(), r.t.as_deref()), (" A ", Some(" B ")));
        for bad in [
            r#"{"status": null, "n": 1}"#,
            r#"{"status": "", "n": 1}"#,
            r#"{"status": " ", "n": 1}"#,
            r#"{"n": 1}"#,
            r#"{"status": true, "n": 1}"#,
            r#"{"status": {"a": "b"}, "n": 1}"#,
            r#"{"status": "x", "n": 1, "t": {"a": "b"}}"#,
            r#"{"status": "x", "n": 1, "t": ["a"]}"#,
            r#"{"status": "x", "n": 1, "f": "yes"}"#,
            r#"{"status": "x", "n": 1, "f": 2}"#,
            r#"{"status": "x", "n": 1, "m": "12abc"}"#,
        ] {
            assert!(serde_json::from_str::<Row>(bad).is_err(), "{bad}");
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_date_form() {
        for text in [
            "2026-11-23",
            "2026/11/23",
            "20261123",
            "23/11/2026",
            "23-11-2026",
            "2026-11-23T10:15:00",
            "2026-11-23T23:59:59.999Z",
            "2026-11-23T10:15:00.1234567-04:00",
            "2026-11-23 10:15",
            "2026-11-23 10:15:00.000",
            "23/11/2026 12:11:52",
            " 2026-11-23T10:15:00+0530 ",
            "2026-11-23 10:15:00 -05:00",
        ] {
            assert_eq!(parse_date(text), Some(d(2026, 11, 23)), "{text}");
        }
        for bad in [
            "",
            "2026-02-30",
            "2026-13-01",
            "23/11/26",
            "2026-11-23X10:15",
            "2026-11-23T25:00:00",
            "2026-11-23T10:15:60",
            "2026-11-23T10:15:00+25:00",
            "2026-11-23T10:15:00 UTC",
            "2026-11-23T10:15:00.",
            "202611230",
            "1700000000",
            "hoy",
        ] {
            assert_eq!(parse_stamp(bad), None, "{bad}");
        }
        let at = parse_datetime("2026-11-23T10:15:00.5-04:00").unwrap();
        assert_eq!(at.to_string(), "2026-11-23 10:15:00.500");
        let utc = parse_utc("2026-11-23T10:15:00-04:00").unwrap();
        assert_eq!(utc.to_rfc3339(), "2026-11-23T14:15:00+00:00");
        assert_eq!(
            parse_utc("2026-11-23T10:15:00").unwrap().to_rfc3339(),
            "2026-11-23T10:15:00+00:00"
        );
        assert_eq!(
            parse_datetime("2026-11-23").unwrap().to_string(),
            "2026-11-23 00:00:00"
        );
    }

    #[derive(Deserialize, Debug)]
    struct Dates {
        #[serde(with = "super::date_opt", default)]
        a: Option<NaiveDate>,
        #[serde(with = "super::datetime_opt", default)]
        b: Option<NaiveDateTime>,
        #[serde(with = "super::utc_opt", default)]
        c: Option<DateTime<Utc>>,
        #[serde(with = "super::date", default = "epoch")]
        r: NaiveDate,
    }

    fn epoch() -> NaiveDate {
        d(1970, 1, 1)
    }

    #[test]
    fn dates_absent_and_required() {
        let x: Dates = serde_json::from_str(
            r#"{"a": 20161228, "b": "0000-00-00 00:00:00", "c": "", "r": "2016-12-28T00:00:00"}"#,
        )
        .unwrap();
        assert_eq!(
            (x.a, x.b, x.c, x.r),
            (Some(d(2016, 12, 28)), None, None, d(2016, 12, 28))
        );
        let x: Dates = serde_json::from_str(r#"{"a": null, "b": null, "c": null}"#).unwrap();
        assert_eq!((x.a, x.b, x.c), (None, None, None));
        for bad in [
            r#"{"a": "28-28-2016"}"#,
            r#"{"a": true}"#,
            r#"{"b": {"date": "2016-12-28"}}"#,
            r#"{"r": null}"#,
            r#"{"r": ""}"#,
            r#"{"r": "0000-00-00"}"#,
        ] {
            assert!(serde_json::from_str::<Dates>(bad).is_err(), "{bad}");
        }
    }

    #[derive(Deserialize, Debug, Default, PartialEq)]
    #[serde(default)]
    struct Item {
        #[serde(with = "super::int_opt")]
        n: Option<i64>,
    }

    #[derive(Deserialize, Debug)]
    struct Shapes {
        #[serde(with = "super::list", default)]
        list: Vec<Item>,
        #[serde(with = "super::list_or_one", default)]
        one: Vec<Item>,
        #[serde(with = "super::object_opt", default)]
        obj: Option<Item>,
        #[serde(with = "super::or_default", default)]
        dflt: Item,
    }

    #[test]
    fn lists_and_objects() {
        // Through `from_text`, the reader every reply goes through: under an application's
        // `arbitrary_precision` (CI runs these tests with it on) a number reaches a lenient
        // field as a map, and only the adapter's field-name rule tells it from an object.
        let s: Shapes = from_text(
            r#"{"list": [{"n": 1}, {"n": "2"}], "one": {"n": 3}, "obj": {"n": 4}, "dflt": {"n": 5}}"#,
        )
        .unwrap();
        assert_eq!(s.list.len(), 2);
        assert_eq!(s.one, vec![Item { n: Some(3) }]);
        assert_eq!((s.obj.unwrap().n, s.dflt.n), (Some(4), Some(5)));
        for absent in [
            r#"{}"#,
            r#"{"list": null, "one": null, "obj": null, "dflt": null}"#,
            r#"{"list": "", "one": "", "obj": "", "dflt": ""}"#,
            r#"{"list": [], "one": [], "obj": [], "dflt": []}"#,
        ] {
            let s: Shapes = from_text(absent).unwrap();
            assert!(s.list.is_empty() && s.one.is_empty(), "{absent}");
            assert_eq!((s.obj, s.dflt), (None, Item::default()), "{absent}");
        }
        for bad in [
            r#"{"list": {"n": 1}}"#,
            r#"{"list": "x"}"#,
            r#"{"list": [1]}"#,
            r#"{"one": 5}"#,
            r#"{"one": "texto"}"#,
            r#"{"obj": 5}"#,
            r#"{"obj": 5.5}"#,
            r#"{"obj": [{"n": 1}]}"#,
            r#"{"obj": true}"#,
            r#"{"dflt": "x"}"#,
            r#"{"obj": {"n": "x"}}"#,
        ] {
            assert!(from_text::<Shapes>(bad).is_err(), "{bad}");
        }
        let many: Many<Item> = from_text(r#"{"n": 1}"#).unwrap();
        assert_eq!(many.0.len(), 1);
        let many: Many<Item> = from_text(r#""""#).unwrap();
        assert!(many.0.is_empty());
    }

    #[test]
    fn a_number_as_serde_jsons_private_map_is_not_an_object() {
        // Under `arbitrary_precision` (an application may turn it on), serde_json hands a number
        // to `deserialize_any` as a one-entry map under its private key. Simulated with serde's
        // own map deserializer, behind the adapter every reply is read through: an object's
        // place refuses it (`Item`'s fields are all optional, so read as an object it would be
        // an `Item` of nothing), and an ordinary key of the same shape is still read.
        use serde::de::value::{Error as ValueError, MapDeserializer};

        use crate::money::wire::NUMBER_TOKEN;
        let map = |key: &'static str| {
            ObjectsOnly(MapDeserializer::<_, ValueError>::new(std::iter::once((
                key, "12",
            ))))
        };
        let e = object_opt::deserialize::<_, Item>(map(NUMBER_TOKEN)).unwrap_err();
        assert!(e.to_string().contains("a number"), "{e}");
        let e = list_or_one::deserialize::<_, Item>(map(NUMBER_TOKEN)).unwrap_err();
        assert!(e.to_string().contains("a number"), "{e}");
        let e = or_default::deserialize::<_, Item>(map(NUMBER_TOKEN)).unwrap_err();
        assert!(e.to_string().contains("a number"), "{e}");
        let read = object_opt::deserialize::<_, Item>(map("n")).unwrap();
        assert_eq!(read, Some(Item { n: Some(12) }));
        let read = list_or_one::deserialize::<_, Item>(map("n")).unwrap();
        assert_eq!(read, vec![Item { n: Some(12) }]);
        // An amount's place reads the same map as the number it is, through the adapter too.
        let amount = crate::money::wire::number::deserialize(map(NUMBER_TOKEN)).unwrap();
        assert_eq!(amount.to_string(), "12");
    }
}
