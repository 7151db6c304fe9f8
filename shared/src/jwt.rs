//! Standard JWTs (RFC 7519) signed with HS256: the one format of every token a host signs or verifies.
//!
//! Admin tokens and test attestations (and later MFA user tokens and verification results) are
//! compact JWTs `<header>.<claims>.<mac>` that any JWT library produces and checks. Every token
//! carries `exp`, `iat`, `aud` and `scope`; each kind adds its own claims. Signing and the
//! HS256 check are `jwt-compact`'s (RustCrypto `hmac` and `sha2`, constant-time comparison);
//! this module pins the algorithm, caps the length and checks the times against the time it is
//! given, never a clock, so it runs unchanged in WASM. See `docs/attestation.md`.

use core::fmt;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use jwt_compact::alg::{Hs256, Hs256Key};
use jwt_compact::{AlgorithmExt, Claims, Header, UntrustedToken, ValidationError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The only algorithm accepted: a token whose header says `none`, `HS512`, `RS256` or anything
/// else is refused before its MAC is looked at.
pub const ALGORITHM: &str = "HS256";

/// Longest token accepted, in bytes; longer ones are refused before any decoding.
pub const MAX_TOKEN_LEN: usize = 2048;

/// How far `iat` (or `nbf`) may lie in the future, for clocks that disagree a little: one minute.
pub const MAX_CLOCK_SKEW_S: u64 = 60;

/// The last second a token time can name, 9999-12-31T23:59:59Z; `sign` uses it for later times.
pub const MAX_UNIX_S: u64 = 253_402_300_799;

/// An HMAC-SHA256 key of at least 32 bytes; its `Debug` never shows it.
#[derive(Clone)]
pub struct SecretKey(Hs256Key);

/// A key shorter than `SecretKey::MIN_LEN` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyTooShort {
    /// The length that was given, in bytes.
    pub len: usize,
}

/// The claims every token carries besides its own, as `sign` writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Registered<'a> {
    /// `aud`: which service the token is for, e.g. `sendready:api`.
    pub audience: &'a str,
    /// `scope`: space-separated permissions or the token's purpose.
    pub scope: &'a str,
    /// `iat`, unix seconds.
    pub issued_at: u64,
    /// `exp`, unix seconds; the token is refused from this second on.
    pub expires_at: u64,
}

/// What `verify` demands of a token besides a valid HS256 MAC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expected<'a> {
    /// `aud` must be this string (or an array holding it).
    pub audience: &'a str,
    /// One of the space-separated words of `scope` must be this one.
    pub scope: &'a str,
    /// `exp` may lie at most this far after the later of now and `iat`.
    pub max_lifetime_s: u64,
}

/// A verified token: its registered claims and its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified<T> {
    /// The whole `scope` claim.
    pub scope: String,
    /// `iat`, unix seconds.
    pub issued_at: u64,
    /// `exp`, unix seconds.
    pub expires_at: u64,
    /// The token kind's own claims.
    pub claims: T,
}

/// Why a token was refused. The messages never quote the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JwtError {
    /// Too long, not three base64url parts, a header that is not JSON, or a `crit` header.
    Malformed,
    /// The header's `alg` is not `HS256`.
    WrongAlgorithm,
    /// The MAC does not match: another key, or the token was altered or forged.
    BadSignature,
    /// The claims are not a JSON object with `exp`, `iat`, `aud`, `scope` and the kind's own.
    InvalidClaims,
    /// Correctly signed, but for another audience.
    WrongAudience,
    /// Correctly signed, but `scope` lacks the one required.
    MissingScope,
    /// Correctly signed, but `exp` has passed.
    Expired {
        /// The token's `exp`.
        exp: u64,
    },
    /// Correctly signed, but `iat` or `nbf` is more than `MAX_CLOCK_SKEW_S` in the future.
    NotYetValid,
    /// Correctly signed, but `exp` is further ahead than the kind allows: not short-lived.
    TooLongLived {
        /// The token's `exp`.
        exp: u64,
    },
}

/// `aud`: RFC 7519 allows one string or an array of strings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

/// The claims after `exp`, `nbf` and `iat` (which `jwt-compact` keeps as times).
#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    aud: Audience,
    scope: String,
    #[serde(flatten)]
    own: T,
}

/// The header fields beyond `alg` that matter: RFC 7515 says to refuse unknown `crit` ones.
#[derive(Clone, Deserialize)]
struct Extensions {
    crit: Option<serde_json::Value>,
}

impl SecretKey {
    /// The shortest key accepted: as long as the HMAC-SHA256 output.
    pub const MIN_LEN: usize = 32;

    /// The key from its bytes; a Worker secret string is used as its UTF-8 bytes.
    pub fn new(bytes: &[u8]) -> Result<Self, KeyTooShort> {
        if bytes.len() < Self::MIN_LEN {
            return Err(KeyTooShort { len: bytes.len() });
        }
        Ok(Self(Hs256Key::new(bytes)))
    }

    /// HMAC-SHA256 of `message` under this key, for MACs inside a token's claims.
    pub fn mac(&self, message: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.as_ref())
            .expect("HMAC takes keys of any length");
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// Whether `tag` is the HMAC-SHA256 of `message` under this key, compared in constant time.
    pub fn mac_matches(&self, message: &[u8], tag: &[u8]) -> bool {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.as_ref())
            .expect("HMAC takes keys of any length");
        mac.update(message);
        mac.verify_slice(tag).is_ok()
    }
}

/// The compact JWT with header `{"alg":"HS256","typ":"JWT"}` and claims `exp`, `iat`, `aud`,
/// `scope`, then `own`'s fields, in that order, as compact JSON. Times after `MAX_UNIX_S` are
/// written as `MAX_UNIX_S`.
pub fn sign<T: Serialize>(key: &SecretKey, registered: &Registered<'_>, own: &T) -> String {
    let mut claims = Claims::new(Envelope {
        aud: Audience::One(registered.audience.to_owned()),
        scope: registered.scope.to_owned(),
        own,
    });
    claims.expiration = Some(time(registered.expires_at));
    claims.issued_at = Some(time(registered.issued_at));
    let header = Header::empty().with_token_type("JWT");
    Hs256
        .token(&header, &claims, &key.0)
        .expect("a header and claims of strings and integers always serialize")
}

/// Checks, in this order: the length, the structure, `alg` (HS256 only), the MAC (constant
/// time), the claims' shape, `aud`, `scope`, `exp` (refused from that second on), `iat` and
/// `nbf` (at most `MAX_CLOCK_SKEW_S` ahead of `now_unix_s`) and the lifetime. Everything after
/// the MAC is genuine, so `Expired` means the token was once valid.
pub fn verify<T: DeserializeOwned>(
    key: &SecretKey,
    token: &str,
    expected: &Expected<'_>,
    now_unix_s: u64,
) -> Result<Verified<T>, JwtError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(JwtError::Malformed);
    }
    let untrusted: UntrustedToken<'_, Extensions> =
        UntrustedToken::try_from(token).map_err(|_| JwtError::Malformed)?;
    if untrusted.header().other_fields.crit.is_some() {
        return Err(JwtError::Malformed);
    }
    if untrusted.algorithm() != ALGORITHM {
        return Err(JwtError::WrongAlgorithm);
    }
    let verified = Hs256
        .validator::<Envelope<T>>(&key.0)
        .validate(&untrusted)
        .map_err(|refused| match refused {
            ValidationError::AlgorithmMismatch { .. } => JwtError::WrongAlgorithm,
            ValidationError::InvalidSignature => JwtError::BadSignature,
            ValidationError::MalformedClaims(_) => JwtError::InvalidClaims,
            _ => JwtError::Malformed,
        })?;
    let claims = verified.claims();
    let (Some(exp), Some(iat)) = (claims.expiration, claims.issued_at) else {
        return Err(JwtError::InvalidClaims);
    };
    let (exp, iat) = (unix_s(exp)?, unix_s(iat)?);
    let envelope = &claims.custom;
    let for_us = match &envelope.aud {
        Audience::One(audience) => audience == expected.audience,
        Audience::Many(audiences) => audiences.iter().any(|aud| aud == expected.audience),
    };
    if !for_us {
        return Err(JwtError::WrongAudience);
    }
    if !envelope
        .scope
        .split(' ')
        .any(|scope| scope == expected.scope)
    {
        return Err(JwtError::MissingScope);
    }
    if now_unix_s >= exp {
        return Err(JwtError::Expired { exp });
    }
    let nbf = claims.not_before.map(unix_s).transpose()?.unwrap_or(0);
    let latest_start = now_unix_s.saturating_add(MAX_CLOCK_SKEW_S);
    if iat > latest_start || nbf > latest_start {
        return Err(JwtError::NotYetValid);
    }
    if exp - now_unix_s.max(iat) > expected.max_lifetime_s {
        return Err(JwtError::TooLongLived { exp });
    }
    let (_, claims) = verified.into_parts();
    Ok(Verified {
        scope: claims.custom.scope,
        issued_at: iat,
        expires_at: exp,
        claims: claims.custom.own,
    })
}

/// `unix_s` as a claim time, at most `MAX_UNIX_S`.
fn time(unix_s: u64) -> DateTime<Utc> {
    let seconds = i64::try_from(unix_s.min(MAX_UNIX_S)).unwrap_or_default();
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// A claim time as unix seconds; times before 1970 are invalid claims.
fn unix_s(time: DateTime<Utc>) -> Result<u64, JwtError> {
    u64::try_from(time.timestamp()).map_err(|_| JwtError::InvalidClaims)
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

impl fmt::Display for KeyTooShort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the secret key is {} bytes long; at least {} are required",
            self.len,
            SecretKey::MIN_LEN
        )
    }
}

impl std::error::Error for KeyTooShort {}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JwtError::Malformed => "the token is not a compact jwt of at most 2048 bytes",
            JwtError::WrongAlgorithm => "the token is not signed with hs256",
            JwtError::BadSignature => "the token's signature is not valid",
            JwtError::InvalidClaims => "the token's claims are not the json object expected",
            JwtError::WrongAudience => "the token is meant for another audience",
            JwtError::MissingScope => "the token's scope does not grant this",
            JwtError::Expired { .. } => "the token has expired",
            JwtError::NotYetValid => "the token is not valid yet",
            JwtError::TooLongLived { .. } => "the token is valid for longer than allowed",
        })
    }
}

impl std::error::Error for JwtError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_beyond_the_year_9999_are_written_as_its_last_second() {
        assert_eq!(time(0).timestamp(), 0);
        assert_eq!(time(1_700_000_000).timestamp(), 1_700_000_000);
        assert_eq!(time(MAX_UNIX_S + 1).timestamp(), 253_402_300_799);
        assert_eq!(time(u64::MAX).timestamp(), 253_402_300_799);
        assert_eq!(unix_s(time(u64::MAX)), Ok(MAX_UNIX_S));
        let before_1970 = DateTime::from_timestamp(-1, 0).unwrap_or_default();
        assert_eq!(unix_s(before_1970), Err(JwtError::InvalidClaims));
    }

    #[test]
    fn keys_shorter_than_the_mac_are_refused_and_never_printed() {
        assert_eq!(
            SecretKey::new(&[7; 31]).err(),
            Some(KeyTooShort { len: 31 })
        );
        let key = SecretKey::new(b"correct horse battery staple 0123456789");
        assert_eq!(
            key.map(|key| format!("{key:?}")),
            Ok("SecretKey([redacted])".to_owned())
        );
    }
}
