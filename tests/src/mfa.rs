//! MFA helpers shared by the integration tests and `cargo xtask bench mfa`: the dev keys and TOTP.
//!
//! TOTP codes are computed here with HMAC-SHA-1 from the `hmac` and `sha1` crates (RFC 6238),
//! independently of the project's `mfa::totp` (which uses totp-rs).

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};

/// The dev-only keys from `wrangler.toml` `[env.dev.vars]`; public by design.
pub const API_KEY: &str = "dev-only-mfa-api-key-0123456789abcdef";
pub const TOKEN_KEY: &str = "dev-only-mfa-token-key-0123456789abcdef";
/// `MFA_SEAL_KEY` of `[env.dev.vars]`, decoded: the AES-256 key that seals TOTP secrets.
pub const SEAL_KEY: &[u8; 32] = b"dev-only-mfa-seal-key-32-bytes!!";

/// The clock in unix seconds.
pub fn now_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

/// RFC 4648 base32 without padding.
pub fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits = 0_u64;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in text.bytes().filter(|b| *b != b'=') {
        let value = ALPHABET
            .iter()
            .position(|&c| c == byte)
            .expect("base32 secret") as u64;
        bits = (bits << 5) | value;
        count += 5;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

/// RFC 6238 with HMAC-SHA-1, 6 digits, for time step `step` (unix seconds / 30).
pub fn totp(secret: &str, step: u64) -> String {
    let mut mac =
        Hmac::<sha1::Sha1>::new_from_slice(&base32_decode(secret)).expect("any key length");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let value = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:06}", value % 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_vector_and_the_dev_seal_key() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082, of which the last 6 digits.
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"
        assert_eq!(totp(secret, 59 / 30), "287082");
        use base64::Engine as _;
        let dev = base64::engine::general_purpose::STANDARD
            .decode("ZGV2LW9ubHktbWZhLXNlYWwta2V5LTMyLWJ5dGVzISE=")
            .expect("base64");
        assert_eq!(dev, SEAL_KEY);
    }
}
