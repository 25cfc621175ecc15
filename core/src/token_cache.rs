//! A bearer-token cache with early refresh and a single refresh in flight.
//!
//! However many calls wait for a token, one fetch runs: the first caller to find the cache stale
//! fetches while holding an async lock, the others wait on the lock and then read the fresh
//! token. Expiry is computed from the token's lifetime as received (`expires_in`) minus a margin,
//! on the caller's [`Clock`], never from the biller's own clock text. After a 401 the caller
//! invalidates the exact token it used, so a token refreshed meanwhile by someone else survives.

use std::future::Future;
use std::time::Duration;

use async_lock::Mutex;
use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::error::Error;
use crate::secret::Secret;

/// A token as issued: its value and how long the issuer said it lives.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The token itself.
    pub value: Secret,
    /// How long the issuer said it is valid.
    pub lifetime: Duration,
}

/// A token handed to a caller, with the generation to name it when invalidating.
#[derive(Debug, Clone)]
pub struct Bearer {
    /// The token itself.
    pub value: Secret,
    /// Which issue this is, so that a 401 invalidates only the token it was
    /// sent with, not one another task fetched since.
    pub generation: u64,
}

#[derive(Debug)]
struct Cached {
    value: Secret,
    refresh_at: DateTime<Utc>,
    generation: u64,
}

/// A bearer token shared by every call of a client: fetched once, refreshed before it expires
/// (a margin ahead), and fetched again once when the biller refuses it.
#[derive(Debug)]
pub struct TokenCache {
    slot: Mutex<(Option<Cached>, u64)>,
    margin: Duration,
}

impl TokenCache {
    /// `margin`: how long before its stated expiry a token is replaced. It is capped at half the
    /// token's lifetime so a short-lived token is not refreshed on every call.
    pub fn new(margin: Duration) -> Self {
        TokenCache {
            slot: Mutex::new((None, 0)),
            margin,
        }
    }

    /// The cached token, or a fresh one from `fetch` if there is none or it is due for refresh.
    pub async fn get<C, F, Fut>(&self, clock: &C, fetch: F) -> Result<Bearer, Error>
    where
        C: Clock,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<IssuedToken, Error>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some(cached) = &slot.0 {
            if clock.now() < cached.refresh_at {
                return Ok(Bearer {
                    value: cached.value.clone(),
                    generation: cached.generation,
                });
            }
        }
        let issued = fetch().await?;
        let margin = self.margin.min(issued.lifetime / 2);
        let usable = chrono::Duration::from_std(issued.lifetime.saturating_sub(margin))
            .unwrap_or(chrono::Duration::MAX);
        slot.1 += 1;
        let generation = slot.1;
        slot.0 = Some(Cached {
            value: issued.value.clone(),
            refresh_at: clock.now() + usable,
            generation,
        });
        Ok(Bearer {
            value: issued.value,
            generation,
        })
    }

    /// Forgets the token of `generation` (the one a 401 refused), if it is still the cached one.
    pub async fn invalidate(&self, generation: u64) {
        let mut slot = self.slot.lock().await;
        if slot.0.as_ref().is_some_and(|c| c.generation == generation) {
            slot.0 = None;
        }
    }
}

impl TokenCache {
    /// One authenticated call with a replay: `get` yields the current token, `call` makes the
    /// request with it; when `refused` says the biller refused that token, the token is
    /// forgotten and the call made once more with a fresh one. Safe even for a payment only
    /// because a refused token means the biller did not process the request; each biller's
    /// `refused` must mean exactly that.
    pub async fn with_replay<T, G, GF, K, KF>(
        &self,
        mut get: G,
        refused: impl Fn(&Error) -> bool,
        mut call: K,
    ) -> Result<T, Error>
    where
        G: FnMut() -> GF,
        GF: Future<Output = Result<Bearer, Error>>,
        K: FnMut(&Bearer) -> KF,
        KF: Future<Output = Result<T, Error>>,
    {
        let bearer = get().await?;
        match call(&bearer).await {
            Err(e) if refused(&e) => {
                self.invalidate(bearer.generation).await;
                let fresh = get().await?;
                call(&fresh).await
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;
    use crate::clock::ManualClock;

    #[test]
    fn one_fetch_for_many_waiters_and_early_refresh() {
        let clock = ManualClock::new(DateTime::from_timestamp(1_700_000_000, 0).unwrap());
        let cache = TokenCache::new(Duration::from_secs(300));
        let fetches = AtomicU32::new(0);
        let fetch = || async {
            let n = fetches.fetch_add(1, Ordering::SeqCst);
            Ok(IssuedToken {
                value: Secret::new(format!("t{n}")),
                lifetime: Duration::from_secs(3600),
            })
        };
        futures::executor::block_on(async {
            let all = (0..50).map(|_| cache.get(&clock, fetch));
            let got = futures::future::join_all(all).await;
            assert!(
                got.iter()
                    .all(|b| b.as_ref().unwrap().value.expose() == "t0")
            );
            assert_eq!(fetches.load(Ordering::SeqCst), 1);
            // Just before expiry minus margin: still cached; after: refreshed.
            clock.advance(Duration::from_secs(3299));
            assert_eq!(cache.get(&clock, fetch).await.unwrap().value.expose(), "t0");
            clock.advance(Duration::from_secs(1));
            let b = cache.get(&clock, fetch).await.unwrap();
            assert_eq!(b.value.expose(), "t1");
            // Invalidating a stale generation keeps the current token.
            cache.invalidate(b.generation - 1).await;
            assert_eq!(cache.get(&clock, fetch).await.unwrap().value.expose(), "t1");
            cache.invalidate(b.generation).await;
            assert_eq!(cache.get(&clock, fetch).await.unwrap().value.expose(), "t2");
        });
    }
}
