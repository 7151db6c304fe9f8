//! The JWT layer under every token kind: round trips, the exact bytes, times, audiences, limits.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sendready_shared::jwt::{
    self, Expected, JwtError, MAX_CLOCK_SKEW_S, MAX_TOKEN_LEN, Registered, Verified,
};
use serde::{Deserialize, Serialize};

use crate::{HEADER_JSON, host_signed, key, other_key};

const NOW: u64 = 1_700_000_000;

/// A token kind of its own, as MFA user tokens or verification results will be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Code {
    user: String,
    attempts: u32,
}

fn code() -> Code {
    Code {
        user: "ada".to_owned(),
        attempts: 2,
    }
}

const REGISTERED: Registered<'static> = Registered {
    audience: "sendready:mfa",
    scope: "mfa:verified",
    issued_at: NOW,
    expires_at: NOW + 120,
};

const EXPECTED: Expected<'static> = Expected {
    audience: "sendready:mfa",
    scope: "mfa:verified",
    max_lifetime_s: 300,
};

fn verify(token: &str, now: u64) -> Result<Verified<Code>, JwtError> {
    jwt::verify(&key(), token, &EXPECTED, now)
}

/// Host-signed claims with the standard header.
fn signed(claims_json: &str) -> String {
    host_signed(HEADER_JSON, claims_json)
}

#[test]
fn a_token_kind_round_trips_with_its_registered_claims() {
    let token = jwt::sign(&key(), &REGISTERED, &code());
    assert_eq!(
        verify(&token, NOW),
        Ok(Verified {
            scope: "mfa:verified".to_owned(),
            issued_at: NOW,
            expires_at: NOW + 120,
            claims: code(),
        })
    );
    assert_eq!(
        jwt::verify::<Code>(&other_key(), &token, &EXPECTED, NOW),
        Err(JwtError::BadSignature)
    );
}

#[test]
fn sign_writes_the_standard_header_and_claims_in_a_fixed_order() {
    let token = jwt::sign(&key(), &REGISTERED, &code());
    let claims = r#"{"exp":1700000120,"iat":1700000000,"aud":"sendready:mfa","scope":"mfa:verified","user":"ada","attempts":2}"#;
    assert_eq!(token, signed(claims));
    let header = token.split('.').next().unwrap_or_default();
    assert_eq!(
        URL_SAFE_NO_PAD.decode(header).ok().as_deref(),
        Some(HEADER_JSON.as_bytes())
    );
}

#[test]
fn audiences_may_be_a_string_or_an_array() {
    let with_aud = |aud: &str| {
        signed(&format!(
            r#"{{"exp":1700000120,"iat":1700000000,"aud":{aud},"scope":"mfa:verified","user":"ada","attempts":2}}"#
        ))
    };
    assert!(verify(&with_aud(r#""sendready:mfa""#), NOW).is_ok());
    assert!(verify(&with_aud(r#"["a","sendready:mfa"]"#), NOW).is_ok());
    for aud in [r#""sendready:api""#, r#""SENDREADY:MFA""#, "[]", r#"["a"]"#] {
        assert_eq!(
            verify(&with_aud(aud), NOW),
            Err(JwtError::WrongAudience),
            "{aud}"
        );
    }
    assert_eq!(verify(&with_aud("null"), NOW), Err(JwtError::InvalidClaims));
}

#[test]
fn times_are_checked_against_the_time_given_never_a_clock() {
    let token = jwt::sign(&key(), &REGISTERED, &code());
    assert!(verify(&token, NOW + 119).is_ok());
    assert_eq!(
        verify(&token, NOW + 120),
        Err(JwtError::Expired { exp: NOW + 120 })
    );
    assert!(verify(&token, NOW - MAX_CLOCK_SKEW_S).is_ok());
    assert_eq!(
        verify(&token, NOW - MAX_CLOCK_SKEW_S - 1),
        Err(JwtError::NotYetValid)
    );
    let not_before = |nbf: u64| {
        signed(&format!(
            r#"{{"exp":1700000120,"nbf":{nbf},"iat":1700000000,"aud":"sendready:mfa","scope":"mfa:verified","user":"ada","attempts":2}}"#
        ))
    };
    assert!(verify(&not_before(NOW + 60), NOW).is_ok());
    assert_eq!(
        verify(&not_before(NOW + 61), NOW),
        Err(JwtError::NotYetValid)
    );
    let lifetime = |exp: u64| {
        jwt::sign(
            &key(),
            &Registered {
                expires_at: exp,
                ..REGISTERED
            },
            &code(),
        )
    };
    assert!(verify(&lifetime(NOW + 300), NOW).is_ok());
    assert_eq!(
        verify(&lifetime(NOW + 301), NOW),
        Err(JwtError::TooLongLived { exp: NOW + 301 })
    );
    assert_eq!(
        verify(&lifetime(NOW), NOW),
        Err(JwtError::Expired { exp: NOW })
    );
}

#[test]
fn the_scope_is_a_list_of_words_and_one_must_match() {
    let scoped = |scope: &str| {
        jwt::sign(
            &key(),
            &Registered {
                scope,
                ..REGISTERED
            },
            &code(),
        )
    };
    assert!(verify(&scoped("a mfa:verified b"), NOW).is_ok());
    for scope in ["", "mfa", "mfa:verified2", "a,mfa:verified"] {
        assert_eq!(
            verify(&scoped(scope), NOW),
            Err(JwtError::MissingScope),
            "{scope}"
        );
    }
}

#[test]
fn tokens_are_length_capped_before_decoding() {
    let padding = "x".repeat(MAX_TOKEN_LEN);
    let fits = |len: usize| {
        let mut claims = code();
        claims.user = padding[..len].to_owned();
        jwt::sign(&key(), &REGISTERED, &claims)
    };
    let longest = (0..MAX_TOKEN_LEN)
        .rev()
        .find(|&len| fits(len).len() <= MAX_TOKEN_LEN)
        .unwrap_or_default();
    assert!(fits(longest).len() > MAX_TOKEN_LEN - 4);
    assert!(verify(&fits(longest), NOW).is_ok());
    assert!(fits(longest + 1).len() > MAX_TOKEN_LEN);
    assert_eq!(verify(&fits(longest + 1), NOW), Err(JwtError::Malformed));
}

#[test]
fn errors_are_lowercase_and_never_quote_the_token() {
    let errors = [
        JwtError::Malformed,
        JwtError::WrongAlgorithm,
        JwtError::BadSignature,
        JwtError::InvalidClaims,
        JwtError::WrongAudience,
        JwtError::MissingScope,
        JwtError::Expired { exp: NOW },
        JwtError::NotYetValid,
        JwtError::TooLongLived { exp: NOW },
    ];
    for error in errors {
        let message = error.to_string();
        assert_eq!(message, message.to_lowercase());
        assert!(!message.contains("1700000000"), "{message}");
    }
}
