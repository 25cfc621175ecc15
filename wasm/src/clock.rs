//! The browser's clock for core's [`Clock`]: `Date.now()` for the time and a `setTimeout`
//! timer (gloo-timers) for waits, so backoff and recovery delays never block the page.

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};
use recaudo_core::clock::Clock;

#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now(&self) -> DateTime<Utc> {
        // Milliseconds since the epoch; whole milliseconds are all a timestamp needs.
        let ms = js_sys::Date::now() as i64;
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        gloo_timers::future::TimeoutFuture::new(millis(duration))
    }
}

/// A duration in whole milliseconds for `setTimeout`, saturating instead of failing (browsers
/// cap timers at about 24.8 days anyway).
pub(crate) fn millis(duration: Duration) -> u32 {
    u32::try_from(duration.as_millis()).unwrap_or(u32::MAX)
}
