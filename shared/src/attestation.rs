//! Test attestations: proof, signed by the worker, that exactly these settings passed a test.
//!
//! After a successful test the worker issues `v1.<expires>.<mac>`, an HMAC-SHA256 under a
//! worker secret over the expiry and a canonical form of the settings (the password only as its
//! SHA-256). `POST /api/accounts` saves settings only with an unexpired attestation whose MAC
//! matches them, so any edit after the test means a new test. The algorithm is plain enough for
//! a host application to verify an attestation itself; `docs/attestation.md` spells it out.
//! `SecretKey` is also the key type of `crate::admin_token`.

use core::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::ground::Security;
use crate::settings::SmtpSettings;

/// How long an attestation stays valid after the test: 15 minutes.
pub const TTL_S: u64 = 15 * 60;

/// The first line of the canonical form; a new field means a new version.
const CANONICAL_VERSION: &str = "sendready.settings.v1";

/// The token's version prefix.
const TOKEN_VERSION: &str = "v1";

/// Longer than any token `issue` makes (`v1.` + 20 digits + `.` + 43 characters).
const TOKEN_MAX: usize = 128;

/// Length of an HMAC-SHA256 tag in bytes.
pub(crate) const MAC_LEN: usize = 32;

/// An HMAC-SHA256 key of at least 32 bytes; its `Debug` never shows it.
#[derive(Clone)]
pub struct SecretKey(Hmac<Sha256>);

/// A key shorter than `SecretKey::MIN_LEN` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyTooShort {
    /// The length that was given, in bytes.
    pub len: usize,
}

/// What `issue` returns: the token to hand back with the test result, and when it expires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attestation {
    /// `v1.<expires>.<base64url(hmac)>`.
    pub token: String,
    /// Unix seconds; the token is refused from this second on.
    pub expires_at: u64,
}

/// Why an attestation was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttestationError {
    /// Not of the form `v1.<expires>.<mac>`: truncated, another version, or not base64url.
    Malformed,
    /// The MAC does not match these settings: they were edited after the test, the token was
    /// made with another key, or it was forged.
    Mismatch,
    /// Genuine and for these settings, but older than `TTL_S`.
    Expired {
        /// Unix seconds when it expired.
        expired_at: u64,
    },
}

impl SecretKey {
    /// The shortest key accepted: as long as the HMAC-SHA256 output.
    pub const MIN_LEN: usize = 32;

    /// The key from its bytes; a Worker secret string is used as its UTF-8 bytes.
    pub fn new(bytes: &[u8]) -> Result<Self, KeyTooShort> {
        let too_short = KeyTooShort { len: bytes.len() };
        if bytes.len() < Self::MIN_LEN {
            return Err(too_short);
        }
        Hmac::new_from_slice(bytes).map(Self).map_err(|_| too_short)
    }

    /// A MAC already fed with `parts`, in order.
    pub(crate) fn mac(&self, parts: &[&[u8]]) -> Hmac<Sha256> {
        let mut mac = self.0.clone();
        for part in parts {
            mac.update(part);
        }
        mac
    }
}

impl AttestationError {
    /// The stable machine-readable code for the API.
    pub fn code(self) -> &'static str {
        match self {
            AttestationError::Malformed => "malformed_attestation",
            AttestationError::Mismatch => "attestation_mismatch",
            AttestationError::Expired { .. } => "attestation_expired",
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
    let security = match settings.security {
        Security::Starttls => "starttls",
        Security::ImplicitTls => "implicit_tls",
    };
    let password_sha256: String = Sha256::digest(settings.password.expose().as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let fields = [
        ("provider", settings.provider.as_str()),
        ("host", &settings.host.to_ascii_lowercase()),
        ("port", &settings.port.to_string()),
        ("security", security),
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

/// The attestation for settings that were just tested successfully at `now_unix_s`.
pub fn issue(key: &SecretKey, settings: &SmtpSettings, now_unix_s: u64) -> Attestation {
    let expires_at = now_unix_s.saturating_add(TTL_S);
    let signed = format!("{TOKEN_VERSION}.{expires_at}");
    let tag = mac(key, &signed, settings).finalize().into_bytes();
    Attestation {
        token: format!("{signed}.{}", URL_SAFE_NO_PAD.encode(tag)),
        expires_at,
    }
}

/// Checks that `token` was issued by `key` for exactly `settings` and is unexpired at
/// `now_unix_s`. The MAC is compared in constant time and checked before the expiry, so
/// `Expired` means the token was genuine.
pub fn verify(
    key: &SecretKey,
    token: &str,
    settings: &SmtpSettings,
    now_unix_s: u64,
) -> Result<(), AttestationError> {
    if token.len() > TOKEN_MAX {
        return Err(AttestationError::Malformed);
    }
    let Some((signed, tag)) = token.rsplit_once('.') else {
        return Err(AttestationError::Malformed);
    };
    let expires_at = match signed.split_once('.') {
        Some((TOKEN_VERSION, expires)) => {
            canonical_u64(expires).ok_or(AttestationError::Malformed)?
        }
        _ => return Err(AttestationError::Malformed),
    };
    let tag = URL_SAFE_NO_PAD
        .decode(tag)
        .map_err(|_| AttestationError::Malformed)?;
    if tag.len() != MAC_LEN {
        return Err(AttestationError::Malformed);
    }
    mac(key, signed, settings)
        .verify_slice(&tag)
        .map_err(|_| AttestationError::Mismatch)?;
    if now_unix_s >= expires_at {
        return Err(AttestationError::Expired {
            expired_at: expires_at,
        });
    }
    Ok(())
}

/// The MAC input: the token's `v1.<expires>`, a newline, then the canonical settings.
fn mac(key: &SecretKey, signed: &str, settings: &SmtpSettings) -> Hmac<Sha256> {
    key.mac(&[
        signed.as_bytes(),
        b"\n",
        canonical_settings(settings).as_bytes(),
    ])
}

/// A decimal number as `issue` writes it: digits only, no sign, no leading zero.
fn canonical_u64(text: &str) -> Option<u64> {
    let plain = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if plain { text.parse().ok() } else { None }
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
        }
    }
}

impl std::error::Error for AttestationError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_numbers_have_one_spelling() {
        assert_eq!(canonical_u64("0"), Some(0));
        assert_eq!(canonical_u64("1700000900"), Some(1_700_000_900));
        assert_eq!(canonical_u64("18446744073709551615"), Some(u64::MAX));
        for text in [
            "",
            "01700000900",
            "+1",
            "-1",
            "1e9",
            " 1",
            "18446744073709551616",
        ] {
            assert_eq!(canonical_u64(text), None, "{text}");
        }
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
