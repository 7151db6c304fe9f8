//! PKCE (RFC 7636) with the S256 method: a verifier from random bytes passed in, its challenge.
//!
//! The verifier stays with the worker (stored with the pending authorization) and is sent only
//! to the token endpoint; the browser and the authorization request see only the challenge,
//! `BASE64URL(SHA256(verifier))`, so a stolen authorization code is useless without it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::secret::Secret;

/// The only challenge method sent: `plain` would put the verifier in the browser's URL.
pub const CHALLENGE_METHOD: &str = "S256";

/// A verifier and its challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pkce {
    verifier: Secret,
    challenge: String,
}

impl Pkce {
    /// The pair for 32 random bytes from the driver's CSPRNG: a 43-character verifier (the
    /// shortest RFC 7636 allows, with 256 bits of entropy).
    pub fn from_random(bytes: &[u8; 32]) -> Self {
        let verifier = URL_SAFE_NO_PAD.encode(bytes);
        let challenge = challenge_of(&verifier);
        Self {
            verifier: Secret::new(verifier),
            challenge,
        }
    }

    /// What the token request sends as `code_verifier`.
    pub fn verifier(&self) -> &Secret {
        &self.verifier
    }

    /// What the authorization request sends as `code_challenge`.
    pub fn challenge(&self) -> &str {
        &self.challenge
    }
}

/// `BASE64URL-ENCODE(SHA256(ASCII(verifier)))`, RFC 7636 §4.2.
pub fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B: the octets, the verifier and the S256 challenge.
    #[test]
    fn the_rfc_7636_example_gives_its_challenge() {
        let octets: [u8; 32] = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let pkce = Pkce::from_random(&octets);
        assert_eq!(
            pkce.verifier().expose(),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
        assert_eq!(
            pkce.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(format!("{pkce:?}").matches("dBjft").count(), 0);
    }

    #[test]
    fn verifiers_are_43_unreserved_characters_and_differ_with_the_bytes() {
        let a = Pkce::from_random(&[0; 32]);
        let b = Pkce::from_random(&[255; 32]);
        for pkce in [&a, &b] {
            let verifier = pkce.verifier().expose();
            assert_eq!(verifier.len(), 43);
            assert!(
                verifier
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"-._~".contains(&c))
            );
        }
        assert_ne!(a.challenge(), b.challenge());
    }
}
