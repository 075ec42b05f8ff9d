//! Per-client rate limits: a GCRA bucket per [`ClientKey`] (governor, keyed, on a sharded map).
//! Keys whose bucket has refilled are forgotten by a periodic sweep off the request path, shard
//! by shard, so no request ever waits on a scan of every client.

use crate::http::client::ClientKey;
use governor::clock::{Clock, DefaultClock};
use governor::{Quota, RateLimiter as Gcra};
use std::num::NonZeroU32;

type Keyed = Gcra<ClientKey, governor::state::keyed::DashMapStateStore<ClientKey>, DefaultClock>;

/// A per-minute allowance per client, with a burst of the whole minute's allowance.
pub struct RateLimit {
    limiter: Keyed,
}

impl std::fmt::Debug for RateLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimit")
            .field("clients", &self.limiter.len())
            .finish()
    }
}

impl RateLimit {
    /// `per_minute` requests a minute per client; `None` for 0 (no limit).
    pub fn per_minute(per_minute: u32) -> Option<RateLimit> {
        let n = NonZeroU32::new(per_minute)?;
        Some(RateLimit {
            limiter: Gcra::dashmap(Quota::per_minute(n)),
        })
    }

    /// Takes one request from `key`'s allowance, or says how many whole seconds until one is
    /// free (at least 1).
    pub fn take(&self, key: ClientKey) -> Result<(), u64> {
        self.limiter.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs_f64().ceil().max(1.0) as u64
        })
    }

    /// How many clients are tracked.
    pub fn tracked(&self) -> usize {
        self.limiter.len()
    }

    /// Forgets clients whose allowance is full again: they are no different from new ones.
    pub fn sweep(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_has_its_own_allowance() {
        let limit = RateLimit::per_minute(2).unwrap();
        let a = ClientKey::V4([192, 0, 2, 1]);
        let b = ClientKey::V4([192, 0, 2, 2]);
        assert!(limit.take(a).is_ok());
        assert!(limit.take(a).is_ok());
        let wait = limit.take(a).unwrap_err();
        assert!((1..=30).contains(&wait), "{wait}");
        assert!(limit.take(b).is_ok());
    }

    #[test]
    fn zero_means_no_limit() {
        assert!(RateLimit::per_minute(0).is_none());
    }
}
