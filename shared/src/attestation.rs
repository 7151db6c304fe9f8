//! Test attestations: proof, signed by the worker, that exactly these settings passed a test.
//!
//! After a successful test the worker issues a JWT (HS256, `crate::jwt`) under a worker secret
//! whose `settings_mac` claim is an HMAC-SHA256, under the same key, of a canonical form of the
//! settings (the password only as its SHA-256), with `aud` `sendready:accounts`, `scope`
//! `settings:tested` and a 15-minute `exp`. A keyed MAC rather than a plain hash, because JWT
//! claims are readable by whoever holds the token: a plain hash of settings that include the
//! password's hash would let them try passwords offline. `POST /api/accounts` saves settings only with an unexpired
//! attestation that matches them, so any edit after the test means a new test. A host
//! application verifies one with its usual JWT library; `docs/attestation.md` shows how.

use core::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::jwt::{self, Expected, JwtError, Registered};
pub use crate::jwt::{KeyTooShort, SecretKey};
use crate::settings::SmtpSettings;

/// How long an attestation stays valid after the test: 15 minutes.
pub const TTL_S: u64 = 15 * 60;

/// The `aud` of an attestation: the service that saves accounts.
pub const AUDIENCE: &str = "sendready:accounts";

/// The `scope` of an attestation: what it proves.
pub const SCOPE: &str = "settings:tested";

/// The first line of the canonical form; a new field means a new version.
const CANONICAL_VERSION: &str = "sendready.settings.v1";

/// What `issue` returns: the token to hand back with the test result, and when it expires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attestation {
    /// The JWT: `<header>.<claims>.<mac>`, each part base64url.
    pub token: String,
    /// Unix seconds, the token's `exp`; the token is refused from this second on.
    pub expires_at: u64,
}

/// Why an attestation was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttestationError {
    /// Not an attestation: not a compact JWT, not HS256, too long, or claims without the
    /// attestation's `aud`, `scope` and `settings_mac`.
    Malformed,
    /// The token's MAC or the settings MAC does not match: the settings were edited after the test,
    /// the token was made with another key, or it was forged.
    Mismatch,
    /// Genuine and for these settings, but older than `TTL_S`.
    Expired {
        /// Unix seconds when it expired.
        expired_at: u64,
    },
    /// Genuine, but issued in the future or valid for longer than `TTL_S`: the clocks of the
    /// issuer and the verifier disagree.
    ClockSkew,
}

/// The attestation's own claim.
#[derive(Serialize, Deserialize)]
struct TestedSettings {
    /// base64url (no padding) of the HMAC-SHA256 of `canonical_settings` under the key.
    settings_mac: String,
}

impl AttestationError {
    /// The stable machine-readable code for the API.
    pub fn code(self) -> &'static str {
        match self {
            AttestationError::Malformed => "malformed_attestation",
            AttestationError::Mismatch => "attestation_mismatch",
            AttestationError::Expired { .. } => "attestation_expired",
            AttestationError::ClockSkew => "attestation_clock_skew",
        }
    }
}

/// The settings as the unambiguous text the MAC covers; see `docs/attestation.md`.
///
/// A version line, then one `<name> <byte length>:<value>\n` line per field in a fixed order.
/// The length prefix makes every value, newlines included, unambiguous. The host is
/// lower-cased (DNS names are case-insensitive); every other value is compared exactly. The
/// password appears only as its SHA-256 in lower-case hex, yet the text still identifies it:
/// never log or store it.
pub fn canonical_settings(settings: &SmtpSettings) -> String {
    let password_sha256 = hex::encode(Sha256::digest(settings.password.expose().as_bytes()));
    let fields = [
        ("provider", settings.provider.as_str()),
        ("host", &settings.host.to_ascii_lowercase()),
        ("port", &settings.port.to_string()),
        ("security", settings.security.as_str()),
        ("username", &settings.username),
        ("password_sha256", &password_sha256),
        ("email", settings.email.as_ref()),
        ("display_name", &settings.display_name),
    ];
    let mut text = format!("{CANONICAL_VERSION}\n");
    for (name, value) in fields {
        text.push_str(&format!("{name} {}:{value}\n", value.len()));
    }
    text
}

/// The settings' fingerprint in the token: base64url (no padding) of the HMAC-SHA256 of
/// `canonical_settings` under `key`.
pub fn settings_mac(key: &SecretKey, settings: &SmtpSettings) -> String {
    URL_SAFE_NO_PAD.encode(key.mac(canonical_settings(settings).as_bytes()))
}

/// The attestation for settings that were just tested successfully at `now_unix_s`.
pub fn issue(key: &SecretKey, settings: &SmtpSettings, now_unix_s: u64) -> Attestation {
    let issued_at = now_unix_s.min(jwt::MAX_UNIX_S);
    let expires_at = issued_at.saturating_add(TTL_S).min(jwt::MAX_UNIX_S);
    let registered = Registered {
        audience: AUDIENCE,
        scope: SCOPE,
        issued_at,
        expires_at,
    };
    let tested = TestedSettings {
        settings_mac: settings_mac(key, settings),
    };
    Attestation {
        token: jwt::sign(key, &registered, &tested),
        expires_at,
    }
}

/// Checks that `token` was issued by `key` for exactly `settings` and is unexpired at
/// `now_unix_s`. The MAC is compared in constant time and checked before anything else in the
/// token is trusted, so `Expired` means the token was genuine.
pub fn verify(
    key: &SecretKey,
    token: &str,
    settings: &SmtpSettings,
    now_unix_s: u64,
) -> Result<(), AttestationError> {
    let expected = Expected {
        audience: AUDIENCE,
        scope: SCOPE,
        max_lifetime_s: TTL_S,
    };
    let tested: TestedSettings = jwt::verify(key, token, &expected, now_unix_s)
        .map_err(|refused| match refused {
            JwtError::BadSignature => AttestationError::Mismatch,
            JwtError::Expired { exp } => AttestationError::Expired { expired_at: exp },
            JwtError::NotYetValid | JwtError::TooLongLived { .. } => AttestationError::ClockSkew,
            JwtError::Malformed
            | JwtError::WrongAlgorithm
            | JwtError::InvalidClaims
            | JwtError::WrongAudience
            | JwtError::MissingScope => AttestationError::Malformed,
        })?
        .claims;
    let expected = settings_mac(key, settings);
    let same = tested.settings_mac.len() == expected.len()
        && tested
            .settings_mac
            .bytes()
            .zip(expected.bytes())
            .fold(0, |differ, (a, b)| differ | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        Err(AttestationError::Mismatch)
    }
}

impl fmt::Display for AttestationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttestationError::Malformed => f.write_str("the test attestation is malformed; run the test again"),
            AttestationError::Mismatch => f.write_str(
                "the test attestation does not match these settings; any change after a test needs a new test",
            ),
            AttestationError::Expired { .. } => {
                write!(f, "the test attestation has expired (a test is valid for {} minutes); run the test again", TTL_S / 60)
            }
            AttestationError::ClockSkew => f.write_str(
                "the test attestation was issued in the future or for longer than a test is valid; check the clocks",
            ),
        }
    }
}

impl std::error::Error for AttestationError {}
