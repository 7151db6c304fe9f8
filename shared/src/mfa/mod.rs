//! Two-step verification for the host application's users: the pure decisions, no storage.
//!
//! A host application asks sendready to check a second factor for one of its users. This
//! module decides; the worker stores each user's state (a Durable Object per user, D1) and
//! passes in the time (unix seconds) and random bytes from a CSPRNG. Every method shares one
//! [`lockout::LockoutState`] per user.
//!
//! One verification, as a driver runs it:
//! 1. Read the user's lockout state and the method's state. If either cannot be read, refuse
//!    with `lockout::Locked::storage_unavailable` (fail closed).
//! 2. `lockout::LockoutState::check`; when locked, answer 429 with `retry_after_s`.
//! 3. The method's check: [`totp::verify`], [`email_code::EmailCodeState::verify`],
//!    [`recovery::RecoveryCodes::redeem`] or [`tokens::verify_device_token`].
//! 4. `record_success` or `record_failure` on the lockout state, then write both states in one
//!    transaction; if the write fails, refuse (a success that was not stored could be replayed).
//! 5. On success, sign the [`tokens::sign_result`] token the host checks on its server.
//!
//! - `mfa::totp`: authenticator apps (RFC 6238): enrollment, replay and clock-drift checks.
//! - `mfa::lockout`: the cooling-off shared by every method.
//! - `mfa::email_code`: 8-digit codes sent by e-mail, stored as keyed hashes.
//! - `mfa::recovery`: ten single-use recovery codes.
//! - `mfa::tokens`: the JWTs: the user token, the verification result, remembered devices.

pub mod email_code;
pub mod lockout;
pub mod recovery;
pub mod tokens;
pub mod totp;

use core::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `aud` of every MFA token.
pub const AUDIENCE: &str = "sendready:mfa";

/// Longest user id, in bytes.
pub const USER_ID_MAX: usize = 128;

/// How a user proved the second factor, as the verification result names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// A code from an authenticator app (`totp`).
    Totp,
    /// A code sent by e-mail (`email`).
    Email,
    /// One of the recovery codes (`recovery_code`).
    RecoveryCode,
    /// A remember-this-device token from an earlier verification (`remembered_device`).
    RememberedDevice,
}

impl Method {
    /// The wire name: `totp`, `email`, `recovery_code` or `remembered_device`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Totp => "totp",
            Method::Email => "email",
            Method::RecoveryCode => "recovery_code",
            Method::RememberedDevice => "remembered_device",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `user_id` is a host's user id: 1 to 128 of `A-Z a-z 0-9 . _ - : @ |`.
pub fn valid_user_id(user_id: &str) -> bool {
    let allowed =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':' | b'@' | b'|');
    !user_id.is_empty() && user_id.len() <= USER_ID_MAX && user_id.bytes().all(allowed)
}

/// What a person typed, without the spaces, tabs and dashes people paste or add for
/// readability, upper-cased: `"123 456"` → `123456`, `"abcd-efgh"` → `ABCDEFGH`.
pub(crate) fn normalise_typed(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Uniform numbers drawn from 32 random bytes given by the caller.
///
/// The seed is expanded as SHA-256(seed ‖ block counter), a deterministic hash-based
/// generator, so rejection sampling (which discards some draws) never runs out of bytes and a
/// test can pin the output. With a seed from a CSPRNG the draws are unpredictable.
pub(crate) struct Draws {
    seed: [u8; 32],
    block: [u8; 32],
    used: usize,
    counter: u64,
}

impl Draws {
    pub(crate) fn new(seed: &[u8; 32]) -> Self {
        Self {
            seed: *seed,
            block: [0; 32],
            used: 32,
            counter: 0,
        }
    }

    fn next_u32(&mut self) -> u32 {
        if self.used + 4 > self.block.len() {
            let mut hash = Sha256::new();
            hash.update(self.seed);
            hash.update(self.counter.to_be_bytes());
            self.block = hash.finalize().into();
            self.counter += 1;
            self.used = 0;
        }
        let bytes = [
            self.block[self.used],
            self.block[self.used + 1],
            self.block[self.used + 2],
            self.block[self.used + 3],
        ];
        self.used += 4;
        u32::from_be_bytes(bytes)
    }

    /// A number in `0..bound`, each equally likely: draws at or above the largest multiple of
    /// `bound` that fits in a `u32` are discarded (no modulo bias).
    pub(crate) fn below(&mut self, bound: u32) -> u32 {
        let limit = unbiased_limit(bound);
        loop {
            let draw = self.next_u32();
            if u64::from(draw) < limit {
                return draw % bound;
            }
        }
    }
}

/// The largest multiple of `bound` not above 2^32: draws below it are uniform modulo `bound`.
fn unbiased_limit(bound: u32) -> u64 {
    let space = 1u64 << 32;
    space - space % u64::from(bound)
}

impl Drop for Draws {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.seed);
        zeroize::Zeroize::zeroize(&mut self.block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_have_their_wire_names() {
        for (method, name) in [
            (Method::Totp, "totp"),
            (Method::Email, "email"),
            (Method::RecoveryCode, "recovery_code"),
            (Method::RememberedDevice, "remembered_device"),
        ] {
            assert_eq!(method.as_str(), name);
            assert_eq!(method.to_string(), name);
            assert_eq!(
                serde_json::to_string(&method).unwrap_or_default(),
                format!("\"{name}\"")
            );
        }
    }

    #[test]
    fn user_ids_are_short_plain_strings() {
        assert!(valid_user_id("user-42"));
        assert!(valid_user_id("auth0|5f7c8ec7c33c6c004bbafe82"));
        assert!(valid_user_id(&"u".repeat(USER_ID_MAX)));
        assert!(!valid_user_id(""));
        assert!(!valid_user_id(&"u".repeat(USER_ID_MAX + 1)));
        assert!(!valid_user_id("user 42"));
        assert!(!valid_user_id("usér"));
    }

    #[test]
    fn typed_codes_lose_spaces_and_dashes() {
        assert_eq!(normalise_typed(" 123 456\t"), "123456");
        assert_eq!(normalise_typed("abcd-efgh ijkl"), "ABCDEFGHIJKL");
    }

    #[test]
    fn draws_are_uniform_and_pinned_by_the_seed() {
        let mut first = Draws::new(&[7; 32]);
        let mut second = Draws::new(&[7; 32]);
        let a: Vec<u32> = (0..50).map(|_| first.below(31)).collect();
        let b: Vec<u32> = (0..50).map(|_| second.below(31)).collect();
        assert_eq!(a, b);
        let mut other = Draws::new(&[8; 32]);
        let c: Vec<u32> = (0..50).map(|_| other.below(31)).collect();
        assert_ne!(a, c);
        let mut draws = Draws::new(&[1; 32]);
        let mut counts = [0u32; 10];
        for _ in 0..10_000 {
            counts[draws.below(10) as usize] += 1;
        }
        assert!(
            counts.iter().all(|&n| (850..1150).contains(&n)),
            "{counts:?}"
        );
        assert_eq!(Draws::new(&[0; 32]).below(1), 0);
    }

    #[test]
    fn rejection_discards_only_the_biased_tail() {
        // 2^32 = 4 294 967 296: for 10^8 the last 94 967 296 values are discarded.
        assert_eq!(unbiased_limit(100_000_000), 4_200_000_000);
        // 2^32 = 3 × 1 431 655 765 + 1: only the very last value is discarded.
        assert_eq!(unbiased_limit(3), 4_294_967_295);
        assert_eq!(unbiased_limit(2), 1 << 32);
        assert_eq!(unbiased_limit(31), 4_294_967_292);
    }
}
