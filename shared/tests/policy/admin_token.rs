//! Admin tokens: the fixed vector, lifetime limits, scopes, tenants and tampering.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sendready_shared::admin_token::{
    AdminClaims, AdminTokenError, MAX_LIFETIME_S, SCOPE_ACCOUNTS_WRITE, sign_admin_token,
    verify_admin_token,
};
use sha2::Sha256;

use crate::{KEY, key, other_key};

const NOW: u64 = 1_700_000_000;
const CLAIMS_JSON: &str = r#"{"scope":"accounts:write","tenant":"acme-42","exp":1700000300}"#;
const VECTOR: &str = "v1.eyJzY29wZSI6ImFjY291bnRzOndyaXRlIiwidGVuYW50IjoiYWNtZS00MiIsImV4cCI6MTcwMDAwMDMwMH0.\
                      i3-6a8zhDFGYdeV21xhLb5qS8MKBhCEq3u60hdr-mcI";

fn claims(scope: &str, tenant: &str, exp: u64) -> AdminClaims {
    AdminClaims {
        scope: scope.to_owned(),
        tenant: tenant.to_owned(),
        exp,
    }
}

/// A token over arbitrary claim bytes, signed the way a host would, independently of the crate.
fn host_signed(claims_json: &str) -> String {
    let signed = format!("v1.{}", URL_SAFE_NO_PAD.encode(claims_json));
    let mut mac = Hmac::<Sha256>::new_from_slice(KEY).expect("hmac takes any key length");
    mac.update(signed.as_bytes());
    format!(
        "{signed}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

fn verify(token: &str, now: u64) -> Result<AdminClaims, AdminTokenError> {
    verify_admin_token(&key(), token, SCOPE_ACCOUNTS_WRITE, now)
}

#[test]
fn a_fixed_key_and_claims_give_a_fixed_token() {
    let acme = claims("accounts:write", "acme-42", NOW + 300);
    assert_eq!(sign_admin_token(&key(), &acme), VECTOR);
    assert_eq!(host_signed(CLAIMS_JSON), VECTOR);
    assert_eq!(verify(VECTOR, NOW), Ok(acme));
}

#[test]
fn tokens_expire_at_exp_and_may_live_an_hour_at_most() {
    assert!(verify(VECTOR, NOW + 299).is_ok());
    assert_eq!(
        verify(VECTOR, NOW + 300),
        Err(AdminTokenError::Expired { exp: NOW + 300 })
    );
    assert_eq!(
        verify(VECTOR, u64::MAX),
        Err(AdminTokenError::Expired { exp: NOW + 300 })
    );
    let hour = sign_admin_token(
        &key(),
        &claims("accounts:write", "acme", NOW + MAX_LIFETIME_S),
    );
    assert!(verify(&hour, NOW).is_ok());
    let longer = sign_admin_token(
        &key(),
        &claims("accounts:write", "acme", NOW + MAX_LIFETIME_S + 1),
    );
    assert_eq!(
        verify(&longer, NOW),
        Err(AdminTokenError::TooLongLived {
            exp: NOW + MAX_LIFETIME_S + 1
        })
    );
    let forever = sign_admin_token(&key(), &claims("accounts:write", "acme", u64::MAX));
    assert_eq!(
        verify(&forever, NOW),
        Err(AdminTokenError::TooLongLived { exp: u64::MAX })
    );
}

#[test]
fn the_required_scope_must_be_one_of_the_listed_scopes() {
    let sign = |scope: &str| sign_admin_token(&key(), &claims(scope, "acme", NOW + 60));
    assert!(verify(&sign("accounts:read accounts:write"), NOW).is_ok());
    for scope in [
        "accounts:read",
        "",
        "accounts:write2",
        "ACCOUNTS:WRITE",
        "accounts:*",
        "accounts:read,accounts:write",
    ] {
        let missing = Err(AdminTokenError::MissingScope("accounts:write".to_owned()));
        assert_eq!(verify(&sign(scope), NOW), missing, "{scope:?}");
    }
}

#[test]
fn tenants_are_short_plain_identifiers() {
    let sign = |tenant: &str| sign_admin_token(&key(), &claims("accounts:write", tenant, NOW + 60));
    for tenant in [
        "a",
        "acme-42",
        "org_7.eu:prod",
        "admin@acme.example",
        "550e8400-e29b-41d4-a716-446655440000",
    ] {
        assert!(verify(&sign(tenant), NOW).is_ok(), "{tenant:?}");
    }
    let long = "t".repeat(129);
    for tenant in [
        "",
        "acme corp",
        "acme/42",
        "t\u{e9}nant",
        "a\"b",
        "a\nb",
        long.as_str(),
    ] {
        assert_eq!(
            verify(&sign(tenant), NOW),
            Err(AdminTokenError::InvalidTenant),
            "{tenant:?}"
        );
    }
    assert!(verify(&sign(&"t".repeat(128)), NOW).is_ok());
}

#[test]
fn hosts_may_order_fields_freely_and_add_their_own() {
    let token = host_signed(
        r#"{"exp":1700000060,"iat":1700000000,"tenant":"acme","scope":"accounts:write","sub":"u1"}"#,
    );
    assert_eq!(
        verify(&token, NOW),
        Ok(claims("accounts:write", "acme", NOW + 60))
    );
}

#[test]
fn correctly_signed_nonsense_is_invalid_claims() {
    let nonsense = [
        "",
        "null",
        "[]",
        "{}",
        r#"{"scope":"accounts:write","tenant":"acme"}"#,
        r#"{"scope":"accounts:write","tenant":"acme","exp":1700000060.5}"#,
        r#"{"scope":"accounts:write","tenant":"acme","exp":-1}"#,
        r#"{"scope":"accounts:write","tenant":"acme","exp":"1700000060"}"#,
        r#"{"scope":["accounts:write"],"tenant":"acme","exp":1700000060}"#,
        r#"{"scope":"accounts:write","tenant":42,"exp":1700000060}"#,
    ];
    for json in nonsense {
        assert_eq!(
            verify(&host_signed(json), NOW),
            Err(AdminTokenError::InvalidClaims),
            "{json}"
        );
    }
}

#[test]
fn tampering_and_other_keys_are_refused() {
    let (signed, tag) = VECTOR.rsplit_once('.').unwrap_or_default();
    let (_, original_tag) = host_signed(CLAIMS_JSON)
        .rsplit_once('.')
        .map(|(s, t)| (s.to_owned(), t.to_owned()))
        .unwrap_or_default();
    assert_eq!(tag, original_tag);
    let richer = URL_SAFE_NO_PAD.encode(CLAIMS_JSON.replace("acme-42", "acme-43"));
    let longer = URL_SAFE_NO_PAD.encode(CLAIMS_JSON.replace("1700000300", "1700003500"));
    let flipped_tag = format!(
        "{}{}",
        if tag.starts_with('i') { "j" } else { "i" },
        &tag[1..]
    );
    let cases = [
        (format!("v1.{richer}.{tag}"), AdminTokenError::BadSignature),
        (format!("v1.{longer}.{tag}"), AdminTokenError::BadSignature),
        (
            format!("{signed}.{flipped_tag}"),
            AdminTokenError::BadSignature,
        ),
        (
            format!("v2{}.{tag}", &signed[2..]),
            AdminTokenError::Malformed,
        ),
        (
            format!("{signed}.{}", &tag[..40]),
            AdminTokenError::Malformed,
        ),
        (format!("{signed}.{tag}="), AdminTokenError::Malformed),
        (format!("{signed}=.{tag}"), AdminTokenError::Malformed),
        (format!("{signed}.{tag}.{tag}"), AdminTokenError::Malformed),
        (format!("Bearer {VECTOR}"), AdminTokenError::Malformed),
        (
            format!("{VECTOR}{}", "A".repeat(2048)),
            AdminTokenError::Malformed,
        ),
        (signed.to_owned(), AdminTokenError::Malformed),
        (String::new(), AdminTokenError::Malformed),
    ];
    for (token, expected) in cases {
        assert_eq!(verify(&token, NOW), Err(expected), "{token:?}");
    }
    assert_eq!(
        verify_admin_token(&other_key(), VECTOR, SCOPE_ACCOUNTS_WRITE, NOW),
        Err(AdminTokenError::BadSignature)
    );
}

#[test]
fn errors_have_stable_codes_and_plain_messages() {
    let errors = [
        AdminTokenError::Malformed,
        AdminTokenError::BadSignature,
        AdminTokenError::InvalidClaims,
        AdminTokenError::Expired { exp: NOW },
        AdminTokenError::TooLongLived { exp: NOW },
        AdminTokenError::InvalidTenant,
        AdminTokenError::MissingScope("accounts:write".to_owned()),
    ];
    let codes: Vec<_> = errors.iter().map(AdminTokenError::code).collect();
    assert_eq!(
        codes,
        [
            "malformed_admin_token",
            "bad_admin_token_signature",
            "invalid_admin_token_claims",
            "admin_token_expired",
            "admin_token_too_long_lived",
            "invalid_admin_token_tenant",
            "admin_token_missing_scope",
        ]
    );
    assert_eq!(
        errors[6].to_string(),
        "the admin token does not grant accounts:write"
    );
    assert!(errors.iter().all(|error| !error.to_string().ends_with('.')));
}
