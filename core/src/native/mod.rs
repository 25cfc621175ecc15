//! The native transport and clock (feature `native`): reqwest with rustls, and tokio's timer.
//!
//! Kept out of the default build so that the core compiles to wasm32 without tokio; the CLI, the
//! tests and the FFI crate turn it on. Feature `native-runtime` alone keeps the clock and the
//! file journal without the HTTP client (a mobile app's own HTTP stack does the sending).

mod journal;

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::clock::Clock;

pub use journal::FileJournal;

#[cfg(feature = "native")]
pub use transport::NativeTransport;

#[cfg(feature = "native")]
mod transport;

/// The system clock, sleeping on tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep(&self, duration: Duration) -> impl std::future::Future<Output = ()> {
        tokio::time::sleep(duration)
    }
}
