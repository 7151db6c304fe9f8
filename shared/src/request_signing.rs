//! Signed requests between the worker and the relay: HMAC-SHA256 over method, path, timestamp,
//! nonce and body, checked for age and replay. Sans-IO: time and the nonce are passed in.
//!
//! The worker calls `sign` and sends the three `HEADER_*` values with the request; the relay
//! keeps one `ReplayGuard` for its lifetime and calls `ReplayGuard::verify` on every request
//! before reading anything else from it. A request is accepted once: a second one with the same
//! nonce inside the window is a replay, one older or newer than `MAX_SKEW_S` is stale (so the
//! guard only has to remember nonces for twice that long).

use std::collections::VecDeque;
use std::fmt;

use sha2::{Digest, Sha256};

use crate::jwt::SecretKey;

/// The Unix time in seconds at which the request was signed.
pub const HEADER_TIMESTAMP: &str = "x-sendready-timestamp";
/// A random, never repeated value chosen by the signer (hex, 16 to 64 characters).
pub const HEADER_NONCE: &str = "x-sendready-nonce";
/// The HMAC-SHA256 of the canonical request, in lower-case hex.
pub const HEADER_SIGNATURE: &str = "x-sendready-signature";

/// How far a request's timestamp may be from the verifier's clock, either way.
pub const MAX_SKEW_S: u64 = 60;

/// Nonces shorter than this are refused: they would be guessable or collide.
const NONCE_MIN: usize = 16;
const NONCE_MAX: usize = 64;

/// What a signature covers, besides the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedParts<'a> {
    /// Upper-case HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// The path, without scheme, host or query, e.g. `/v1/test`.
    pub path: &'a str,
    pub timestamp_s: u64,
    pub nonce: &'a str,
    pub body: &'a [u8],
}

/// The three header values that authenticate one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHeaders {
    pub timestamp: String,
    pub nonce: String,
    pub signature: String,
}

/// Why a signed request was refused. Messages say what was wrong, never the expected value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SigningError {
    /// A header is absent (its name is given).
    MissingHeader(&'static str),
    /// The timestamp is not a whole number of seconds.
    BadTimestamp,
    /// The nonce is not 16 to 64 hex characters.
    BadNonce,
    /// The signature is not 64 hex characters, or not the one the key gives.
    BadSignature,
    /// The timestamp is more than `MAX_SKEW_S` away from now (the difference in seconds).
    Stale { skew_s: u64 },
    /// A request with this nonce was already accepted.
    Replayed,
    /// The guard remembers as many nonces as it may; refused until old ones expire.
    Busy,
}

/// The nonces accepted in the last `2 × MAX_SKEW_S` seconds, oldest first.
#[derive(Clone, Debug)]
pub struct ReplayGuard {
    seen: VecDeque<(u64, String)>,
    capacity: usize,
}

/// The text the MAC is computed over: a version tag, then each part on its own line, the body
/// as its SHA-256 so the canonical form stays small.
fn canonical(parts: &SignedParts<'_>) -> Vec<u8> {
    let body_hash = hex::encode(Sha256::digest(parts.body));
    format!(
        "sendready-relay-v1\n{}\n{}\n{}\n{}\n{body_hash}",
        parts.method.to_ascii_uppercase(),
        parts.path,
        parts.timestamp_s,
        parts.nonce
    )
    .into_bytes()
}

/// Signs a request: the headers to send with it. `nonce` must be fresh random hex.
pub fn sign(key: &SecretKey, parts: &SignedParts<'_>) -> SignatureHeaders {
    SignatureHeaders {
        timestamp: parts.timestamp_s.to_string(),
        nonce: parts.nonce.to_owned(),
        signature: hex::encode(key.mac(&canonical(parts))),
    }
}

impl ReplayGuard {
    /// A guard that remembers at most `capacity` nonces at once.
    pub fn new(capacity: usize) -> Self {
        Self {
            seen: VecDeque::new(),
            capacity,
        }
    }

    /// Checks one request's headers (`None` where a header is absent) against `method`, `path`
    /// and `body` at `now_unix_s`, and remembers its nonce when it is accepted.
    pub fn verify(
        &mut self,
        key: &SecretKey,
        headers: [Option<&str>; 3],
        method: &str,
        path: &str,
        body: &[u8],
        now_unix_s: u64,
    ) -> Result<(), SigningError> {
        let [timestamp, nonce, signature] = headers;
        let timestamp = timestamp.ok_or(SigningError::MissingHeader(HEADER_TIMESTAMP))?;
        let nonce = nonce.ok_or(SigningError::MissingHeader(HEADER_NONCE))?;
        let signature = signature.ok_or(SigningError::MissingHeader(HEADER_SIGNATURE))?;
        let timestamp_s: u64 = timestamp.parse().map_err(|_| SigningError::BadTimestamp)?;
        let hex_nonce = nonce.bytes().all(|b| b.is_ascii_hexdigit());
        if !(NONCE_MIN..=NONCE_MAX).contains(&nonce.len()) || !hex_nonce {
            return Err(SigningError::BadNonce);
        }
        let tag = hex::decode(signature).map_err(|_| SigningError::BadSignature)?;
        let parts = SignedParts {
            method,
            path,
            timestamp_s,
            nonce,
            body,
        };
        // The MAC first: an unauthenticated request learns nothing about clocks or nonces.
        if tag.len() != 32 || !key.mac_matches(&canonical(&parts), &tag) {
            return Err(SigningError::BadSignature);
        }
        let skew_s = now_unix_s.abs_diff(timestamp_s);
        if skew_s > MAX_SKEW_S {
            return Err(SigningError::Stale { skew_s });
        }
        self.forget_before(now_unix_s.saturating_sub(2 * MAX_SKEW_S));
        let nonce = nonce.to_ascii_lowercase();
        if self.seen.iter().any(|(_, seen)| *seen == nonce) {
            return Err(SigningError::Replayed);
        }
        if self.seen.len() >= self.capacity {
            return Err(SigningError::Busy);
        }
        self.seen.push_back((now_unix_s, nonce));
        Ok(())
    }

    /// Drops the nonces accepted before `oldest_s`: their requests are stale by now.
    fn forget_before(&mut self, oldest_s: u64) {
        while self.seen.front().is_some_and(|(at, _)| *at < oldest_s) {
            self.seen.pop_front();
        }
    }
}

impl SigningError {
    /// The stable machine-readable code for error bodies.
    pub fn code(&self) -> &'static str {
        match self {
            SigningError::MissingHeader(_) => "unsigned_request",
            SigningError::BadTimestamp | SigningError::BadNonce => "malformed_signature",
            SigningError::BadSignature => "bad_signature",
            SigningError::Stale { .. } => "stale_request",
            SigningError::Replayed => "replayed_request",
            SigningError::Busy => "relay_busy",
        }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigningError::MissingHeader(name) => write!(f, "the request has no {name} header"),
            SigningError::BadTimestamp => {
                write!(f, "{HEADER_TIMESTAMP} is not a unix time in seconds")
            }
            SigningError::BadNonce => {
                write!(f, "{HEADER_NONCE} must be {NONCE_MIN} to {NONCE_MAX} hex characters")
            }
            SigningError::BadSignature => f.write_str(
                "the signature does not match the request: check that both sides use the same relay key",
            ),
            SigningError::Stale { skew_s } => write!(
                f,
                "the request was signed {skew_s} s away from the relay's clock; at most {MAX_SKEW_S} s are allowed (check both clocks)"
            ),
            SigningError::Replayed => f.write_str("this request was already used once"),
            SigningError::Busy => {
                f.write_str("the relay is handling too many requests; try again in a minute")
            }
        }
    }
}

impl std::error::Error for SigningError {}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_800_000_000;
    const NONCE: &str = "00112233445566778899aabbccddeeff";

    fn key() -> SecretKey {
        SecretKey::new(b"relay-test-key-0123456789abcdef!!").expect("long enough")
    }

    fn parts(timestamp_s: u64, nonce: &str) -> SignedParts<'_> {
        SignedParts {
            method: "POST",
            path: "/v1/test",
            timestamp_s,
            nonce,
            body: b"{\"host\":\"mail.example.com\"}",
        }
    }

    fn check(
        guard: &mut ReplayGuard,
        signed: &SignatureHeaders,
        body: &[u8],
        now: u64,
    ) -> Result<(), SigningError> {
        let headers = [
            Some(signed.timestamp.as_str()),
            Some(signed.nonce.as_str()),
            Some(signed.signature.as_str()),
        ];
        guard.verify(&key(), headers, "POST", "/v1/test", body, now)
    }

    #[test]
    fn a_signed_request_passes_once_and_is_a_replay_after() {
        let mut guard = ReplayGuard::new(16);
        let request = parts(NOW, NONCE);
        let signed = sign(&key(), &request);
        assert_eq!(check(&mut guard, &signed, request.body, NOW + 5), Ok(()));
        assert_eq!(
            check(&mut guard, &signed, request.body, NOW + 6),
            Err(SigningError::Replayed)
        );
    }

    #[test]
    fn another_body_path_or_key_breaks_the_signature() {
        let mut guard = ReplayGuard::new(16);
        let signed = sign(&key(), &parts(NOW, NONCE));
        assert_eq!(
            check(&mut guard, &signed, b"{\"host\":\"10.0.0.1\"}", NOW),
            Err(SigningError::BadSignature)
        );
        let other = SecretKey::new(b"another-key-0123456789abcdef!!!!!").expect("long enough");
        let forged = sign(&other, &parts(NOW, NONCE));
        assert_eq!(
            check(&mut guard, &forged, parts(NOW, NONCE).body, NOW),
            Err(SigningError::BadSignature)
        );
        let headers = [
            Some("1800000000"),
            Some(NONCE),
            Some(signed.signature.as_str()),
        ];
        let wrong_path = guard.verify(
            &key(),
            headers,
            "POST",
            "/v1/other",
            parts(NOW, NONCE).body,
            NOW,
        );
        assert_eq!(wrong_path, Err(SigningError::BadSignature));
    }

    #[test]
    fn requests_older_or_newer_than_a_minute_are_stale() {
        let mut guard = ReplayGuard::new(16);
        let old = sign(&key(), &parts(NOW - 61, NONCE));
        assert_eq!(
            check(&mut guard, &old, parts(NOW, NONCE).body, NOW),
            Err(SigningError::Stale { skew_s: 61 })
        );
        let future = sign(&key(), &parts(NOW + 90, NONCE));
        assert!(matches!(
            check(&mut guard, &future, parts(NOW, NONCE).body, NOW),
            Err(SigningError::Stale { .. })
        ));
    }

    #[test]
    fn missing_or_malformed_headers_are_named() {
        let mut guard = ReplayGuard::new(16);
        let body = parts(NOW, NONCE).body;
        let missing = guard.verify(
            &key(),
            [Some("1"), None, Some("00")],
            "POST",
            "/v1/test",
            body,
            NOW,
        );
        assert_eq!(missing, Err(SigningError::MissingHeader(HEADER_NONCE)));
        let short = guard.verify(
            &key(),
            [Some("1"), Some("abc"), Some("00")],
            "POST",
            "/v1/test",
            body,
            NOW,
        );
        assert_eq!(short, Err(SigningError::BadNonce));
        let text = guard.verify(
            &key(),
            [Some("soon"), Some(NONCE), Some("00")],
            "POST",
            "/v1/test",
            body,
            NOW,
        );
        assert_eq!(text, Err(SigningError::BadTimestamp));
    }

    #[test]
    fn old_nonces_are_forgotten_and_a_full_guard_refuses() {
        let mut guard = ReplayGuard::new(1);
        let first = sign(&key(), &parts(NOW, NONCE));
        assert_eq!(
            check(&mut guard, &first, parts(NOW, NONCE).body, NOW),
            Ok(())
        );
        let second_nonce = "ffeeddccbbaa99887766554433221100";
        let second = sign(&key(), &parts(NOW, second_nonce));
        assert_eq!(
            check(&mut guard, &second, parts(NOW, second_nonce).body, NOW),
            Err(SigningError::Busy)
        );
        let later = sign(&key(), &parts(NOW + 125, second_nonce));
        assert_eq!(
            check(&mut guard, &later, parts(NOW, second_nonce).body, NOW + 125),
            Ok(())
        );
    }
}
