//! Destination policy, test attestations and admin tokens: table-driven tests and fixed vectors.
//!
//! One binary with one module per area. The vectors were computed independently with Python's
//! `hmac` and Node's `crypto.createHmac` (as in `docs/attestation.md`), so they pin the wire
//! formats, not just this implementation.

mod admin_token;
mod attestation;
mod destination;

use sendready_shared::attestation::SecretKey;
use sendready_shared::ground::Security;
use sendready_shared::providers::ProviderId;
use sendready_shared::secret::Secret;
use sendready_shared::settings::SmtpSettings;

/// The 32-byte key of every vector: the ASCII text `0123456789abcdef0123456789abcdef`.
const KEY: &[u8; 32] = b"0123456789abcdef0123456789abcdef";

fn key() -> SecretKey {
    SecretKey::new(KEY).expect("the test key is 32 bytes")
}

fn other_key() -> SecretKey {
    SecretKey::new(b"fedcba9876543210fedcba9876543210").expect("the other key is 32 bytes")
}

/// Gmail settings as the form would produce them.
fn gmail() -> SmtpSettings {
    SmtpSettings {
        provider: ProviderId::Gmail,
        email: "ada@gmail.com".parse().expect("a valid address"),
        display_name: "Ada Lovelace".to_owned(),
        host: "smtp.gmail.com".to_owned(),
        port: 465,
        security: Security::ImplicitTls,
        username: "ada@gmail.com".to_owned(),
        password: Secret::new("abcdefghijklmnop"),
    }
}
