//! The reconnection delay: exponential back-off with jitter, within bounds.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::Duration;

/// The longest reconnection delay used, whatever is configured: one hour.
pub(super) const MAX_BACKOFF_MS: u64 = 60 * 60 * 1000;

/// Exponential back-off with ±20 % jitter.
#[derive(Debug, Clone)]
pub(super) struct Backoff {
    min: Duration,
    max: Duration,
    current: Duration,
    random: RandomState,
    attempt: u64,
}

impl Backoff {
    pub(super) fn new(min: Duration, max: Duration) -> Self {
        Self {
            min,
            max,
            current: min,
            random: RandomState::new(),
            attempt: 0,
        }
    }

    pub(super) fn reset(&mut self) {
        self.current = self.min;
    }

    pub(super) fn next_delay(&mut self) -> Duration {
        self.attempt = self.attempt.wrapping_add(1);
        let base = self.current;
        self.current = self
            .current
            .checked_mul(2)
            .unwrap_or(self.max)
            .min(self.max);
        // A random factor in [0.8, 1.2) from the randomly seeded hasher.
        let spread = self.random.hash_one(self.attempt) % 4000;
        let factor = 0.8 + spread as f64 / 10_000.0;
        Duration::try_from_secs_f64(base.as_secs_f64() * factor)
            .unwrap_or(self.max)
            .min(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_up_to_the_maximum_with_jitter() {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(1));
        let delays: Vec<Duration> = (0..8).map(|_| backoff.next_delay()).collect();
        assert!((80..120).contains(&delays[0].as_millis()), "{delays:?}");
        assert!((160..240).contains(&delays[1].as_millis()), "{delays:?}");
        assert!(delays[7] <= Duration::from_secs(1), "{delays:?}");
        assert!(delays[7] >= Duration::from_millis(800), "{delays:?}");
        backoff.reset();
        assert!(backoff.next_delay() < Duration::from_millis(120));
    }

    #[test]
    fn absurd_back_off_settings_do_not_overflow() {
        let mut backoff = Backoff::new(Duration::MAX, Duration::MAX);
        for _ in 0..3 {
            assert!(backoff.next_delay() <= Duration::MAX);
        }
    }
}
