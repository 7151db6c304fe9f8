//! Test attestations: the fixed vector, expiry boundaries, tampering and edited settings.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sendready_shared::attestation::{
    Attestation, AttestationError, KeyTooShort, SecretKey, TTL_S, canonical_settings, issue,
    settings_mac, verify,
};
use sendready_shared::ground::Security;
use sendready_shared::jwt::MAX_UNIX_S;
use sendready_shared::providers::ProviderId;
use sendready_shared::secret::Secret;
use sendready_shared::settings::SmtpSettings;

use crate::{HEADER_JSON, gmail, host_signed, key, other_key, vector};

const NOW: u64 = 1_700_000_000;

/// One change a person could make to the form after testing.
type Edit = fn(&mut SmtpSettings);

fn token() -> String {
    issue(&key(), &gmail(), NOW).token
}

#[test]
fn the_canonical_form_is_versioned_and_length_prefixed() {
    let expected = "sendready.settings.v1\n\
                    provider 5:gmail\n\
                    host 14:smtp.gmail.com\n\
                    port 3:465\n\
                    security 12:implicit_tls\n\
                    username 13:ada@gmail.com\n\
                    password_sha256 64:f39dac6cbaba535e2c207cd0cd8f154974223c848f727f98b3564cea569b41cf\n\
                    email 13:ada@gmail.com\n\
                    display_name 12:Ada Lovelace\n";
    assert_eq!(canonical_settings(&gmail()), expected);
    assert_eq!(vector(&["attestation", "canonical_settings"]), expected);
    assert!(!canonical_settings(&gmail()).contains("abcdefghijklmnop"));
}

#[test]
fn lengths_are_bytes_and_values_cannot_spill_into_other_fields() {
    let mut accented = gmail();
    accented.display_name = "Ada Lövelace".to_owned();
    assert!(canonical_settings(&accented).ends_with("display_name 13:Ada Lövelace\n"));
    let mut injected = gmail();
    injected.username = "ada@gmail.com\npassword_sha256 64:x".to_owned();
    let mut plain = gmail();
    plain.username = "ada@gmail.com".to_owned();
    assert_ne!(canonical_settings(&injected), canonical_settings(&plain));
}

#[test]
fn a_fixed_key_and_time_give_a_fixed_token() {
    let token = vector(&["attestation", "token"]);
    assert_eq!(
        settings_mac(&key(), &gmail()),
        vector(&["attestation", "settings_mac"])
    );
    assert_eq!(
        issue(&key(), &gmail(), NOW),
        Attestation {
            token: token.clone(),
            expires_at: NOW + 900
        }
    );
    let claims_json = vector(&["attestation", "claims_json"]);
    assert_eq!(host_signed(HEADER_JSON, &claims_json), token);
    assert_eq!(verify(&key(), &token, &gmail(), NOW), Ok(()));
}

/// An attestation signed with the test key over these claims, as another issuer could.
fn host_attestation(exp: u64, iat: u64, aud: &str, scope: &str, settings_mac: &str) -> String {
    host_signed(
        HEADER_JSON,
        &format!(
            r#"{{"exp":{exp},"iat":{iat},"aud":"{aud}","scope":"{scope}","settings_mac":"{settings_mac}"}}"#
        ),
    )
}

#[test]
fn only_a_genuine_attestation_of_these_settings_is_accepted() {
    let sha = settings_mac(&key(), &gmail());
    let at = |exp, iat, aud, scope, sha| {
        verify(
            &key(),
            &host_attestation(exp, iat, aud, scope, sha),
            &gmail(),
            NOW,
        )
    };
    let (aud, scope) = ("sendready:accounts", "settings:tested");
    assert_eq!(at(NOW + 900, NOW, aud, scope, &sha), Ok(()));
    let malformed = Err(AttestationError::Malformed);
    assert_eq!(at(NOW + 900, NOW, "sendready:api", scope, &sha), malformed);
    assert_eq!(at(NOW + 900, NOW, aud, "accounts:write", &sha), malformed);
    let other = URL_SAFE_NO_PAD.encode([0; 32]);
    let mismatch = Err(AttestationError::Mismatch);
    assert_eq!(at(NOW + 900, NOW, aud, scope, &other), mismatch);
    assert_eq!(at(NOW + 900, NOW, aud, scope, &sha[..42]), mismatch);
    assert_eq!(at(NOW + 900, NOW, aud, scope, ""), mismatch);
    let skew = Err(AttestationError::ClockSkew);
    assert_eq!(at(NOW + 961, NOW + 61, aud, scope, &sha), skew);
    assert_eq!(at(NOW + 901, NOW, aud, scope, &sha), skew);
    assert_eq!(at(NOW + 960, NOW + 60, aud, scope, &sha), Ok(()));
    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(vector(&["attestation", "claims_json"]))
    );
    assert_eq!(verify(&key(), &unsigned, &gmail(), NOW), malformed);
    let hs512 = host_signed(
        r#"{"alg":"HS512","typ":"JWT"}"#,
        &vector(&["attestation", "claims_json"]),
    );
    assert_eq!(verify(&key(), &hs512, &gmail(), NOW), malformed);
}

#[test]
fn tokens_expire_after_fifteen_minutes_to_the_second() {
    assert_eq!(TTL_S, 900);
    let token = token();
    assert_eq!(verify(&key(), &token, &gmail(), NOW - 60), Ok(()));
    assert_eq!(verify(&key(), &token, &gmail(), NOW + TTL_S - 1), Ok(()));
    let expired = Err(AttestationError::Expired {
        expired_at: NOW + TTL_S,
    });
    assert_eq!(verify(&key(), &token, &gmail(), NOW + TTL_S), expired);
    assert_eq!(verify(&key(), &token, &gmail(), u64::MAX), expired);
    let late = issue(&key(), &gmail(), u64::MAX - 10);
    assert_eq!(late.expires_at, MAX_UNIX_S);
    assert_eq!(
        verify(&key(), &late.token, &gmail(), MAX_UNIX_S - 1),
        Ok(())
    );
    assert_eq!(
        verify(&key(), &late.token, &gmail(), u64::MAX),
        Err(AttestationError::Expired {
            expired_at: MAX_UNIX_S
        })
    );
}

#[test]
fn a_token_for_other_settings_or_from_another_key_is_a_mismatch() {
    assert_eq!(
        verify(&other_key(), &token(), &gmail(), NOW),
        Err(AttestationError::Mismatch)
    );
    let edits: [(&str, Edit); 9] = [
        ("port", |s| s.port = 587),
        ("security", |s| s.security = Security::Starttls),
        ("host", |s| s.host = "smtp.googlemail.com".to_owned()),
        ("password", |s| s.password = Secret::new("abcdefghijklmnoq")),
        ("password case", |s| {
            s.password = Secret::new("ABCDEFGHIJKLMNOP")
        }),
        ("username", |s| {
            s.username = "ada.lovelace@gmail.com".to_owned()
        }),
        ("email", |s| {
            s.email = "ada.lovelace@gmail.com".parse().expect("a valid address")
        }),
        ("display name", |s| s.display_name = "Ada".to_owned()),
        ("provider", |s| s.provider = ProviderId::GoogleWorkspace),
    ];
    for (what, edit) in edits {
        let mut edited = gmail();
        edit(&mut edited);
        assert_eq!(
            verify(&key(), &token(), &edited, NOW),
            Err(AttestationError::Mismatch),
            "{what}"
        );
    }
}

#[test]
fn host_case_is_not_an_edit() {
    let mut upper = gmail();
    upper.host = "SMTP.Gmail.COM".to_owned();
    assert_eq!(canonical_settings(&upper), canonical_settings(&gmail()));
    assert_eq!(verify(&key(), &token(), &upper, NOW), Ok(()));
}

#[test]
fn tampering_with_any_part_is_refused() {
    let token = vector(&["attestation", "token"]);
    let claims_json = vector(&["attestation", "claims_json"]);
    let parts: Vec<&str> = token.split('.').collect();
    let (header, payload, tag) = (parts[0], parts[1], parts[2]);
    let later = URL_SAFE_NO_PAD.encode(claims_json.replace("1700000900", "1700000901"));
    let much_later = URL_SAFE_NO_PAD.encode(claims_json.replace("1700000900", "1800000900"));
    let flipped_tag = format!(
        "{}{}",
        if tag.starts_with('k') { "l" } else { "k" },
        &tag[1..]
    );
    let cases = [
        (
            format!("{header}.{later}.{tag}"),
            AttestationError::Mismatch,
        ),
        (
            format!("{header}.{much_later}.{tag}"),
            AttestationError::Mismatch,
        ),
        (
            format!("{header}.{payload}.{flipped_tag}"),
            AttestationError::Mismatch,
        ),
        (
            format!("{header}.{payload}.{}", "A".repeat(43)),
            AttestationError::Mismatch,
        ),
        (
            format!("{header}.{payload}.{}", &tag[..42]),
            AttestationError::Malformed,
        ),
        (
            format!("{header}.{payload}.{tag}="),
            AttestationError::Malformed,
        ),
        (
            format!("{header}.{payload}.{tag}AAAA"),
            AttestationError::Malformed,
        ),
        (
            format!("{header}.{payload}.{}", tag.replacen('k', "+", 1)),
            AttestationError::Malformed,
        ),
        (format!("{token}.{tag}"), AttestationError::Malformed),
        (format!("{token} "), AttestationError::Malformed),
        (format!("{header}.{payload}"), AttestationError::Malformed),
        (String::new(), AttestationError::Malformed),
        ("v1".repeat(1100), AttestationError::Malformed),
    ];
    for (token, expected) in cases {
        assert_eq!(
            verify(&key(), &token, &gmail(), NOW),
            Err(expected),
            "{token:?}"
        );
    }
}

#[test]
fn keys_must_be_at_least_32_bytes() {
    assert_eq!(SecretKey::new(b"").err(), Some(KeyTooShort { len: 0 }));
    assert_eq!(
        SecretKey::new(&[1; 31]).err(),
        Some(KeyTooShort { len: 31 })
    );
    assert!(SecretKey::new(&[1; 32]).is_ok());
    assert!(SecretKey::new(&[1; 200]).is_ok());
    assert_eq!(
        KeyTooShort { len: 16 }.to_string(),
        "the secret key is 16 bytes long; at least 32 are required"
    );
}

#[test]
fn errors_have_stable_codes_and_plain_messages() {
    let errors = [
        AttestationError::Malformed,
        AttestationError::Mismatch,
        AttestationError::Expired { expired_at: NOW },
        AttestationError::ClockSkew,
    ];
    let codes: Vec<_> = errors.iter().map(|error| error.code()).collect();
    assert_eq!(
        codes,
        [
            "malformed_attestation",
            "attestation_mismatch",
            "attestation_expired",
            "attestation_clock_skew"
        ]
    );
    assert_eq!(
        errors[2].to_string(),
        "the test attestation has expired (a test is valid for 15 minutes); run the test again"
    );
}
