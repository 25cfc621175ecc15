//! Bearer tokens, as the billers that log in issue them (Unicomer, Zoom, Cooplan).
//!
//! Each of them hands out opaque tokens that expire on the simulated clock and that a test can
//! invalidate all at once (`POST /_sim/{biller}/tokens/expire`,
//! [`crate::Simulator::expire_tokens`]). Only the token's shape and the reply differ between
//! them, so the bookkeeping lives here once and each biller passes its own shape.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{NaiveDateTime, TimeDelta};

/// The tokens a biller issued and not yet invalidated, each with its expiry (simulated time).
#[derive(Default)]
pub(crate) struct Tokens {
    live: HashMap<String, NaiveDateTime>,
    /// Tokens issued since start or reset (the snapshots' `tokens_issued`).
    issued: u64,
}

/// What a presented token is worth now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenCheck {
    Valid,
    /// Issued, but its lifetime has passed on the simulated clock.
    Expired,
    /// Never issued, or invalidated.
    Unknown,
}

impl Tokens {
    /// Issues a token that `make` shapes from its serial number (1, 2, … since start or reset),
    /// valid for `ttl_secs` of simulated time from `now`. Returns it with its expiry.
    pub fn issue(
        &mut self,
        now: NaiveDateTime,
        ttl_secs: i64,
        make: impl FnOnce(u64) -> String,
    ) -> (String, NaiveDateTime) {
        self.issued += 1;
        let token = make(self.issued);
        let expires = TimeDelta::try_seconds(ttl_secs)
            .and_then(|ttl| now.checked_add_signed(ttl))
            .unwrap_or(NaiveDateTime::MAX);
        self.live.insert(token.clone(), expires);
        (token, expires)
    }

    /// Whether `token` was issued, is still live and has not expired at `now`.
    pub fn check(&self, token: &str, now: NaiveDateTime) -> TokenCheck {
        match self.live.get(token) {
            Some(expires) if now < *expires => TokenCheck::Valid,
            Some(_) => TokenCheck::Expired,
            None => TokenCheck::Unknown,
        }
    }

    /// Whether a presented token (if any) is valid at `now`.
    pub fn accepts(&self, token: Option<&str>, now: NaiveDateTime) -> bool {
        token.is_some_and(|t| self.check(t, now) == TokenCheck::Valid)
    }

    /// Invalidates every token; returns how many were live.
    pub fn expire_all(&mut self) -> usize {
        let n = self.live.len();
        self.live.clear();
        n
    }

    /// Tokens issued since start or reset.
    pub fn issued(&self) -> u64 {
        self.issued
    }
}

/// The token of an `Authorization`-style value `Bearer <token>`: the scheme in any case, spaces
/// around either part trimmed.
pub(crate) fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// 64 bits that differ on every call. Not cryptographic: the simulator only needs tokens that
/// differ and that a client cannot reuse or forge by accident, so std's randomly keyed hasher
/// (with the time mixed in) is enough and no RNG dependency is pulled in.
pub(crate) fn noise(serial: u64, round: u64) -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut h = RandomState::new().build_hasher();
    h.write_u64(serial);
    h.write_u64(round);
    h.write_u128(nanos);
    h.finish()
}

/// An opaque token of `len` url-safe characters (`A-Z a-z 0-9 - _`).
pub(crate) fn opaque(serial: u64, len: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(len);
    let mut round = 0;
    while out.len() < len {
        let mut bits = noise(serial, round);
        round += 1;
        // Eight 6-bit characters per 64 bits.
        for _ in 0..8.min(len - out.len()) {
            out.push(char::from(ALPHABET[(bits & 63) as usize]));
            bits >>= 6;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn issue_check_expire() {
        let mut t = Tokens::default();
        let now = at("2024-07-15 10:00:00");
        let (a, expires) = t.issue(now, 60, |n| format!("tok-{n}"));
        assert_eq!(a, "tok-1");
        assert_eq!(expires, at("2024-07-15 10:01:00"));
        assert_eq!(t.check(&a, now), TokenCheck::Valid);
        assert_eq!(t.check(&a, expires), TokenCheck::Expired);
        assert_eq!(t.check("other", now), TokenCheck::Unknown);
        assert!(t.accepts(Some(&a), now) && !t.accepts(None, now));
        let (_, never) = t.issue(now, i64::MAX, |n| format!("tok-{n}"));
        assert_eq!(never, NaiveDateTime::MAX);
        assert_eq!(t.issued(), 2);
        assert_eq!(t.expire_all(), 2);
        assert_eq!(t.check(&a, now), TokenCheck::Unknown);
        assert_eq!(t.issued(), 2);
    }

    #[test]
    fn bearer_and_opaque() {
        assert_eq!(bearer("  bearer  abc "), Some("abc"));
        assert_eq!(bearer("Bearer \"abc\""), Some("\"abc\""));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer"), None);
        for len in [96, 128, 5] {
            let token = opaque(1, len);
            assert_eq!(token.len(), len);
            assert!(
                token
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
            );
        }
        assert_ne!(opaque(1, 96), opaque(1, 96));
    }
}
