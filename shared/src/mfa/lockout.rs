//! The lockout every second-factor method shares: a cooling-off that doubles, and a hard stop.
//!
//! One `LockoutState` per user counts the failures of every method together (a wrong app code,
//! e-mailed code or recovery code, a refused remembered device). Five failures within 15 minutes
//! start a cooling-off of 1 minute, then 2, 4, … up to an hour for each further lock; a success
//! resets everything. NIST SP 800-63B (§5.2.2) demands that an attacker get no more than 100
//! consecutive failed attempts on one account: a guesser who stays under five per 15 minutes
//! never triggers the cooling-off, so the 100th consecutive failure locks until the host resets
//! the state (after support or identity checks). With 3 of 10^6 TOTP codes valid per guess that
//! leaves at most a 0.03 % chance over the factor's lifetime.

use core::fmt;

use serde::{Deserialize, Serialize};

/// Failures within `FAILURE_WINDOW_S` that start a cooling-off.
pub const FAILURES_BEFORE_LOCK: usize = 5;

/// The window the failures are counted in: 15 minutes.
pub const FAILURE_WINDOW_S: u64 = 15 * 60;

/// The first cooling-off: 1 minute; each further one doubles.
pub const FIRST_LOCK_S: u64 = 60;

/// The longest cooling-off: 1 hour.
pub const MAX_LOCK_S: u64 = 60 * 60;

/// Consecutive failures (no success in between) that lock until the host resets the state.
pub const MAX_CONSECUTIVE_FAILURES: u32 = 100;

/// What the caller answers when the lockout state cannot be read or written: a short wait.
pub const STORAGE_UNAVAILABLE_RETRY_S: u64 = 30;

/// A user's failures, as stored between attempts (JSON in the user's Durable Object).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockoutState {
    /// Unix seconds of the failures within the last `FAILURE_WINDOW_S`, oldest first.
    pub recent_failures: Vec<u64>,
    /// Failures since the last success.
    pub consecutive_failures: u32,
    /// Cooling-offs since the last success: the next lasts `FIRST_LOCK_S << locks`.
    pub locks: u32,
    /// Unix seconds when the current cooling-off ends.
    pub locked_until: Option<u64>,
}

/// Why an attempt may not be made now: the caller answers 429 (with `Retry-After` when
/// cooling off) and does not look at the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locked {
    /// Too many recent failures, or the state could not be read: wait.
    CoolingOff {
        /// Whole seconds until the next attempt, at least 1.
        retry_after_s: u64,
    },
    /// `MAX_CONSECUTIVE_FAILURES` failures without a success: only the host can unlock.
    UntilReset,
}

impl Locked {
    /// The refusal for an attempt whose lockout state could not be read or written: fail
    /// closed, never let an attempt through unrecorded.
    pub fn storage_unavailable() -> Self {
        Locked::CoolingOff {
            retry_after_s: STORAGE_UNAVAILABLE_RETRY_S,
        }
    }

    /// Seconds to wait, for `Retry-After`; none when only the host can unlock.
    pub fn retry_after_s(&self) -> Option<u64> {
        match self {
            Locked::CoolingOff { retry_after_s } => Some(*retry_after_s),
            Locked::UntilReset => None,
        }
    }
}

impl LockoutState {
    /// Whether an attempt may be made at `now_unix_s`; ask before checking any code.
    pub fn check(&self, now_unix_s: u64) -> Result<(), Locked> {
        if self.consecutive_failures >= MAX_CONSECUTIVE_FAILURES {
            return Err(Locked::UntilReset);
        }
        match self.locked_until {
            Some(until) if now_unix_s < until => Err(Locked::CoolingOff {
                retry_after_s: (until - now_unix_s).max(1),
            }),
            _ => Ok(()),
        }
    }

    /// Counts a failed attempt at `now_unix_s`; says whether the user is now locked, so the
    /// refusal can tell them how long to wait.
    pub fn record_failure(&mut self, now_unix_s: u64) -> Result<(), Locked> {
        let window_start = now_unix_s.saturating_sub(FAILURE_WINDOW_S);
        self.recent_failures.retain(|&at| at > window_start);
        self.recent_failures.push(now_unix_s);
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
        if self.recent_failures.len() >= FAILURES_BEFORE_LOCK {
            let lock_s = FIRST_LOCK_S
                .checked_shl(self.locks)
                .unwrap_or(MAX_LOCK_S)
                .min(MAX_LOCK_S);
            self.locked_until = Some(now_unix_s.saturating_add(lock_s));
            self.locks = self.locks.saturating_add(1);
            self.recent_failures.clear();
        }
        self.check(now_unix_s)
    }

    /// A successful verification: forget every failure and cooling-off.
    pub fn record_success(&mut self) {
        *self = Self::default();
    }

    /// The host's reset after a hard lock (support, identity checks): the same as a success.
    pub fn reset(&mut self) {
        self.record_success();
    }
}

impl fmt::Display for Locked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Locked::CoolingOff { retry_after_s } => write!(
                f,
                "too many attempts; try again in {} minute(s)",
                retry_after_s.div_ceil(60)
            ),
            Locked::UntilReset => f.write_str(
                "two-step verification is locked after too many failed attempts; contact support",
            ),
        }
    }
}

impl std::error::Error for Locked {}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_700_000_000;

    /// Fails five times a second apart from `start`; returns the answer to the fifth.
    fn five_failures(state: &mut LockoutState, start: u64) -> Result<(), Locked> {
        for i in 0..4 {
            assert_eq!(state.record_failure(start + i), Ok(()), "failure {}", i + 1);
        }
        state.record_failure(start + 4)
    }

    #[test]
    fn four_failures_do_not_lock_and_the_fifth_locks_for_a_minute() {
        let mut state = LockoutState::default();
        assert_eq!(state.check(T0), Ok(()));
        let fifth = five_failures(&mut state, T0);
        assert_eq!(fifth, Err(Locked::CoolingOff { retry_after_s: 60 }));
        assert_eq!(
            state.check(T0 + 4),
            Err(Locked::CoolingOff { retry_after_s: 60 })
        );
        assert_eq!(
            state.check(T0 + 63),
            Err(Locked::CoolingOff { retry_after_s: 1 })
        );
        assert_eq!(state.check(T0 + 64), Ok(()));
    }

    #[test]
    fn failures_older_than_fifteen_minutes_are_forgotten() {
        let mut state = LockoutState::default();
        for i in 0..4 {
            assert_eq!(state.record_failure(T0 + i * 60), Ok(()));
        }
        // The first failure (T0) is 15 minutes old at T0 + 900: it no longer counts.
        assert_eq!(state.record_failure(T0 + FAILURE_WINDOW_S), Ok(()));
        assert_eq!(state.recent_failures.len(), 4);
        assert_eq!(
            state.record_failure(T0 + FAILURE_WINDOW_S + 1),
            Err(Locked::CoolingOff { retry_after_s: 60 })
        );
    }

    #[test]
    fn each_further_lock_doubles_up_to_an_hour() {
        let mut state = LockoutState::default();
        let mut now = T0;
        let mut waits = Vec::new();
        for _ in 0..9 {
            let locked = five_failures(&mut state, now).err();
            let wait = locked
                .and_then(|locked| locked.retry_after_s())
                .unwrap_or(0);
            waits.push(wait / 60);
            now += 4 + wait;
            assert_eq!(state.check(now), Ok(()));
        }
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn a_success_resets_the_count_and_the_doubling() {
        let mut state = LockoutState::default();
        assert!(five_failures(&mut state, T0).is_err());
        assert!(five_failures(&mut state, T0 + 100).is_err());
        assert_eq!(state.locks, 2);
        state.record_success();
        assert_eq!(state, LockoutState::default());
        assert_eq!(
            five_failures(&mut state, T0 + 1000),
            Err(Locked::CoolingOff { retry_after_s: 60 })
        );
    }

    #[test]
    fn the_hundredth_consecutive_failure_locks_until_the_host_resets() {
        let mut state = LockoutState::default();
        let mut now = T0;
        // A patient guesser: four failures, then a quarter of an hour's pause, never locked.
        for failure in 1..MAX_CONSECUTIVE_FAILURES {
            assert_eq!(state.record_failure(now), Ok(()), "failure {failure}");
            now += if failure % 4 == 0 {
                FAILURE_WINDOW_S
            } else {
                1
            };
        }
        assert_eq!(state.record_failure(now), Err(Locked::UntilReset));
        assert_eq!(state.check(now + 365 * 24 * 3600), Err(Locked::UntilReset));
        assert_eq!(Locked::UntilReset.retry_after_s(), None);
        state.reset();
        assert_eq!(state.check(now), Ok(()));
    }

    #[test]
    fn a_storage_failure_is_refused_like_a_lock() {
        let refusal = Locked::storage_unavailable();
        assert_eq!(refusal.retry_after_s(), Some(STORAGE_UNAVAILABLE_RETRY_S));
        assert_eq!(
            refusal.to_string(),
            "too many attempts; try again in 1 minute(s)"
        );
        assert!(Locked::UntilReset.to_string().contains("contact support"));
    }

    #[test]
    fn the_state_round_trips_through_json() {
        let mut state = LockoutState::default();
        assert!(five_failures(&mut state, T0).is_err());
        let json = serde_json::to_string(&state).unwrap_or_default();
        let back: LockoutState = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, state);
    }
}
