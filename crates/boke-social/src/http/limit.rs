//! Per-address token buckets, one for writes (comments, subscriptions, logins) and one for
//! everything else. In memory, per instance: several instances each enforce their own share.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::config::RateLimit;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Shared, cheap to clone.
#[derive(Clone)]
pub struct RateLimiter {
    writes: RateLimit,
    reads: RateLimit,
    buckets: Arc<Mutex<HashMap<(String, bool), Bucket>>>,
}

/// Past this many tracked addresses, full (idle) buckets are forgotten.
const PRUNE_AT: usize = 50_000;

impl RateLimiter {
    pub fn new(writes: RateLimit, reads: RateLimit) -> RateLimiter {
        RateLimiter {
            writes,
            reads,
            buckets: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Takes one token from the address's bucket; false when it is empty.
    pub fn allow(&self, ip: &str, write: bool) -> bool {
        let limit = if write { self.writes } else { self.reads };
        let now = Instant::now();
        let refill = |bucket: &Bucket| {
            let gained = now.duration_since(bucket.updated).as_secs_f64()
                * f64::from(limit.per_minute)
                / 60.0;
            (bucket.tokens + gained).min(f64::from(limit.burst))
        };
        let mut buckets = match self.buckets.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if buckets.len() > PRUNE_AT {
            buckets.retain(|(_, write), bucket| {
                let limit = if *write { self.writes } else { self.reads };
                refill(bucket) < f64::from(limit.burst)
            });
        }
        let bucket = buckets.entry((ip.to_owned(), write)).or_insert(Bucket {
            tokens: f64::from(limit.burst),
            updated: now,
        });
        bucket.tokens = refill(bucket);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refusal_per_address_and_class() {
        let limiter = RateLimiter::new(
            RateLimit {
                burst: 2,
                per_minute: 1,
            },
            RateLimit {
                burst: 3,
                per_minute: 1,
            },
        );
        assert!(limiter.allow("a", true));
        assert!(limiter.allow("a", true));
        assert!(!limiter.allow("a", true));
        assert!(
            limiter.allow("b", true),
            "another address has its own bucket"
        );
        assert!(limiter.allow("a", false), "reads have their own bucket");
    }
}
