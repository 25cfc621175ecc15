//! Backoff for reads. Writes (payments, reversals) never go through here: they are resolved by
//! asking the biller, see each biller's safe-payment module.

use std::time::Duration;

/// How reads are retried after a transport failure or a 5xx: exponential backoff with jitter,
/// bounded. Payments never use it (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included. 1 disables retries.
    pub max_attempts: u32,
    /// The wait before the second attempt; it doubles after each.
    pub base_delay: Duration,
    /// The longest wait between attempts.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `attempt + 1` (`attempt` counts from 1): exponential, capped, with
    /// "full jitter" drawn from `entropy` so that many collectors failing together do not retry
    /// in step. `entropy` is an input (the clock's nanoseconds) to keep the core deterministic.
    pub fn delay(&self, attempt: u32, entropy: u64) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let cap = exp.min(self.max_delay);
        let cap_ms = cap.as_millis() as u64;
        if cap_ms == 0 {
            return cap;
        }
        // Half fixed, half jittered: never zero, never above the cap.
        let half = cap_ms / 2;
        Duration::from_millis(half + splitmix64(entropy ^ u64::from(attempt)) % (cap_ms - half + 1))
    }
}

/// A tiny, well-mixed hash for jitter; not for anything secret.
fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Runs a read, retrying transient failures ([`crate::error::Error::is_transient`]) with backoff
/// on the given clock. Never use this for a request that changes state at the biller.
pub async fn retry_read<C, F, Fut, T>(
    policy: &RetryPolicy,
    clock: &C,
    mut op: F,
) -> Result<T, crate::error::Error>
where
    C: crate::clock::Clock,
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, crate::error::Error>>,
{
    let mut attempt = 1;
    loop {
        match op().await {
            Err(e) if e.is_transient() && attempt < policy.max_attempts => {
                let entropy = clock.now().timestamp_subsec_nanos() as u64;
                clock.sleep(policy.delay(attempt, entropy)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_are_capped_and_jittered() {
        let p = RetryPolicy::default();
        for attempt in 1..10 {
            for e in 0..50 {
                let d = p.delay(attempt, e);
                let cap = (p.base_delay * (1 << (attempt - 1))).min(p.max_delay);
                assert!(d <= cap && d >= cap / 2, "{attempt} {d:?}");
            }
        }
        let spread: std::collections::HashSet<_> = (0..50).map(|e| p.delay(3, e)).collect();
        assert!(spread.len() > 10);
    }
}
