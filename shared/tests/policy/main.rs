//! Destination policy, test attestations and admin tokens: table-driven tests and fixed vectors.
//!
//! One binary with one module per area. The token vectors (`vectors.json`) were computed
//! independently with Python's `hmac` and checked with PyJWT (as in `docs/attestation.md`), and
//! `host_signed` signs JWTs here without the crate, so they pin the wire formats, not just this
//! implementation.

mod admin_token;
mod attestation;
mod destination;
mod jwt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sendready_shared::attestation::SecretKey;
use sendready_shared::ground::Security;
use sendready_shared::providers::ProviderId;
use sendready_shared::secret::Secret;
use sendready_shared::settings::SmtpSettings;

use sha2::Sha256;

/// The 32-byte key of every vector: the ASCII text `0123456789abcdef0123456789abcdef`.
const KEY: &[u8; 32] = b"0123456789abcdef0123456789abcdef";

/// The HS256 header every sendready token carries, and PyJWT's default.
const HEADER_JSON: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// The test vectors hosts can check their code against, as data.
fn vectors() -> serde_json::Value {
    serde_json::from_str(include_str!("vectors.json")).expect("vectors.json is JSON")
}

/// A string field of the vectors, e.g. `vector(&["admin_token", "token"])`.
fn vector(path: &[&str]) -> String {
    let vectors = vectors();
    let value = path.iter().fold(&vectors, |value, name| &value[name]);
    value
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no string at {path:?}"))
}

/// A JWT over arbitrary header and claim bytes, signed with `KEY` the way a host would,
/// independently of the crate: base64url parts, HMAC-SHA256 over `<header>.<claims>`.
fn host_signed(header_json: &str, claims_json: &str) -> String {
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header_json),
        URL_SAFE_NO_PAD.encode(claims_json)
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(KEY).expect("hmac takes any key length");
    mac.update(signed.as_bytes());
    format!(
        "{signed}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

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
