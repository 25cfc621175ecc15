//! The simulator's controllable clock.
//!
//! Billers stamp and judge time with their own wall clock: Unicomer's tokens expire after
//! `expires_in` seconds and a registered payment synchronises (and stops being reversible)
//! about three minutes after it arrives. Tests cannot wait three minutes, so the simulator
//! keeps its own clock that moves with real time *plus* an offset that tests push forward.
//!
//! The clock reads **Ecuador local time, a fixed UTC−05:00** (Ecuador has no daylight
//! saving), derived from the UTC system clock rather than from the machine's time zone,
//! so the simulator behaves the same on a CI box set to UTC and on a laptop in Quito.

use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use chrono::{NaiveDateTime, TimeDelta, Utc};

/// Ecuador's fixed offset from UTC, in seconds (UTC−05:00).
pub(crate) const ECUADOR_UTC_OFFSET_SECS: i64 = -5 * 3600;

/// Largest total clock offset, in seconds (about 1000 years).
const MAX_OFFSET_SECS: i64 = 1000 * 366 * 86_400;

/// Wall-clock format the billers use for timestamps (`yyyy-mm-dd hh:mm:ss`).
pub(crate) const WALL_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// A clock anchored to the real time at start-up (or at the last reset), advanced by an offset.
///
/// It is monotonic with respect to real time (it uses [`Instant`] after the anchor), so a
/// system clock change while the simulator runs does not move payments across the sync window.
pub(crate) struct SimClock {
    /// (real instant, Ecuador wall time at that instant).
    anchor: Mutex<(Instant, NaiveDateTime)>,
    /// Seconds added by `advance`.
    offset_secs: AtomicI64,
}

impl SimClock {
    pub(crate) fn new() -> SimClock {
        SimClock {
            anchor: Mutex::new(Self::real_anchor()),
            offset_secs: AtomicI64::new(0),
        }
    }

    fn real_anchor() -> (Instant, NaiveDateTime) {
        let ecuador = Utc::now().naive_utc() + TimeDelta::seconds(ECUADOR_UTC_OFFSET_SECS);
        (Instant::now(), ecuador)
    }

    /// Current simulated Ecuador wall time.
    pub(crate) fn now(&self) -> NaiveDateTime {
        let (instant, wall) = *self.anchor.lock().unwrap_or_else(|e| e.into_inner());
        let elapsed = TimeDelta::from_std(instant.elapsed()).unwrap_or(TimeDelta::zero());
        // The offset is clamped by `advance`, so this cannot leave chrono's range.
        let offset = TimeDelta::try_seconds(self.offset_secs.load(Ordering::SeqCst))
            .unwrap_or(TimeDelta::zero());
        wall.checked_add_signed(elapsed + offset).unwrap_or(wall)
    }

    /// Moves the clock by `secs` (negative moves it back; useful only in odd tests). The
    /// total offset is kept within ±1000 years so that no input can overflow date arithmetic.
    pub(crate) fn advance(&self, secs: i64) {
        let _ = self
            .offset_secs
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |offset| {
                Some(
                    offset
                        .saturating_add(secs)
                        .clamp(-MAX_OFFSET_SECS, MAX_OFFSET_SECS),
                )
            });
    }

    /// Back to real time: re-anchors at the current real time and forgets every advance.
    pub(crate) fn reset(&self) {
        *self.anchor.lock().unwrap_or_else(|e| e.into_inner()) = Self::real_anchor();
        self.offset_secs.store(0, Ordering::SeqCst);
    }
}

/// Formats a simulated local time the way the billers print timestamps.
pub(crate) fn wall(t: NaiveDateTime) -> String {
    t.format(WALL_FORMAT).to_string()
}

/// Formats a simulated Ecuador local time as an RFC 1123 date in GMT, as ASP.NET's OAuth
/// server prints `.issued`/`.expires` (`Tue, 01 Oct 2019 17:26:46 GMT`).
pub(crate) fn rfc1123_gmt(local: NaiveDateTime) -> String {
    let utc = local
        .checked_sub_signed(TimeDelta::seconds(ECUADOR_UTC_OFFSET_SECS))
        .unwrap_or(local);
    utc.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_and_reset_restores() {
        let clock = SimClock::new();
        let before = clock.now();
        clock.advance(3600);
        let after = clock.now();
        assert!(after - before >= TimeDelta::seconds(3600));
        assert!(after - before < TimeDelta::seconds(3660));
        clock.reset();
        assert!(clock.now() - before < TimeDelta::seconds(60));
        clock.advance(i64::MAX);
        clock.advance(i64::MAX);
        assert!(clock.now() > before);
        clock.advance(i64::MIN);
        assert!(clock.now() < before);
    }

    #[test]
    fn rfc1123_is_utc() {
        let local = NaiveDateTime::parse_from_str("2019-10-01 12:26:46", WALL_FORMAT).unwrap();
        assert_eq!(rfc1123_gmt(local), "Tue, 01 Oct 2019 17:26:46 GMT");
    }
}
