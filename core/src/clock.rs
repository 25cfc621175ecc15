//! Time as an input.
//!
//! Token expiry, backoff waits, jitter and payment timestamps all read a [`Clock`], so the core
//! never touches the system clock and every flow runs under a [`ManualClock`] in tests. The
//! native clock lives in [`crate::native`]; the browser's in the wasm crate.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

/// Where the core reads the time and waits: the app supplies it (see the module docs).
pub trait Clock {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
    /// Waits for `duration` (a backoff or settle delay); a manual clock moves instead.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()>;
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        (**self).sleep(duration)
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        (**self).sleep(duration)
    }
}

/// A clock that only moves when told to; `sleep` moves it by the duration and returns at once.
#[derive(Clone, Debug)]
pub struct ManualClock {
    now: Arc<Mutex<DateTime<Utc>>>,
}

impl ManualClock {
    /// A clock stopped at `start`.
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock {
            now: Arc::new(Mutex::new(start)),
        }
    }

    /// Moves the clock forward by `by`, as if that much time had passed.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|p| p.into_inner());
        *now += chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX);
    }

    /// Sets the clock to `to` (backwards too, to test a clock that jumps).
    pub fn set(&self, to: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(|p| p.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        self.advance(duration);
        std::future::ready(())
    }
}
