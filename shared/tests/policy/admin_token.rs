//! Admin tokens: the fixed vector, lifetime limits, scopes, tenants, algorithms and tampering.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sendready_shared::admin_token::{
    AdminClaims, AdminTokenError, MAX_LIFETIME_S, SCOPE_ACCOUNTS_WRITE, sign_admin_token,
    verify_admin_token,
};
use sendready_shared::jwt::MAX_UNIX_S;

use crate::{HEADER_JSON, host_signed, key, other_key, vector};

const NOW: u64 = 1_700_000_000;

fn claims(scope: &str, tenant: &str, exp: u64) -> AdminClaims {
    AdminClaims {
        scope: scope.to_owned(),
        tenant: tenant.to_owned(),
        iat: NOW,
        exp,
    }
}

fn verify(token: &str, now: u64) -> Result<AdminClaims, AdminTokenError> {
    verify_admin_token(&key(), token, SCOPE_ACCOUNTS_WRITE, now)
}

/// Host-signed claims with the standard header, in the order given.
fn host_claims(fields: &str) -> String {
    host_signed(HEADER_JSON, &format!("{{{fields}}}"))
}

#[test]
fn a_fixed_key_and_claims_give_a_fixed_token() {
    let token = vector(&["admin_token", "token"]);
    let claims_json = vector(&["admin_token", "claims_json"]);
    assert_eq!(vector(&["header_json"]), HEADER_JSON);
    let acme = claims("accounts:write", "acme-42", NOW + 300);
    assert_eq!(sign_admin_token(&key(), &acme), token);
    assert_eq!(host_signed(HEADER_JSON, &claims_json), token);
    assert_eq!(verify(&token, NOW), Ok(acme.clone()));
    let signed = sign_admin_token(
        &key(),
        &claims("accounts:read accounts:write", "b", NOW + 9),
    );
    assert_eq!(
        verify(&signed, NOW),
        Ok(claims("accounts:read accounts:write", "b", NOW + 9))
    );
}

#[test]
fn tokens_expire_at_exp_and_may_live_an_hour_at_most() {
    let token = vector(&["admin_token", "token"]);
    assert!(verify(&token, NOW + 299).is_ok());
    assert_eq!(
        verify(&token, NOW + 300),
        Err(AdminTokenError::Expired { exp: NOW + 300 })
    );
    assert_eq!(
        verify(&token, u64::MAX),
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
        Err(AdminTokenError::TooLongLived { exp: MAX_UNIX_S })
    );
}

#[test]
fn a_token_signed_in_the_future_is_refused_beyond_a_minute_of_skew() {
    let signed_at = |iat: u64| {
        host_claims(&format!(
            r#""exp":{},"iat":{iat},"aud":"sendready:api","scope":"accounts:write","tenant":"acme""#,
            iat + 300
        ))
    };
    assert!(verify(&signed_at(NOW + 60), NOW).is_ok());
    assert_eq!(
        verify(&signed_at(NOW + 61), NOW),
        Err(AdminTokenError::NotYetValid)
    );
    assert_eq!(
        verify(&signed_at(NOW + 3000), NOW),
        Err(AdminTokenError::NotYetValid)
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
        r#"{"typ":"JWT","alg":"HS256","kid":"k1"}"#,
        r#"{"tenant":"acme","sub":"u1","scope":"accounts:write","iat":1700000000,"aud":["x","sendready:api"],"exp":1700000060}"#,
    );
    let mut expected = claims("accounts:write", "acme", NOW + 60);
    assert_eq!(verify(&token, NOW), Ok(expected.clone()));
    let untyped = host_signed(
        r#"{"alg":"HS256"}"#,
        r#"{"exp":1700000060,"iat":1699999990,"aud":"sendready:api","scope":"accounts:write","tenant":"acme"}"#,
    );
    expected.iat = NOW - 10;
    assert_eq!(verify(&untyped, NOW), Ok(expected));
}

#[test]
fn correctly_signed_nonsense_is_invalid_claims() {
    let nonsense = [
        "",
        "null",
        "[]",
        "{}",
        r#"{"scope":"accounts:write","tenant":"acme","exp":1700000060}"#,
        r#"{"exp":1700000060,"iat":1700000000,"aud":"sendready:api","tenant":"acme"}"#,
        r#"{"exp":1700000060,"aud":"sendready:api","scope":"accounts:write","tenant":"acme"}"#,
        r#"{"exp":1700000060,"iat":1700000000,"scope":"accounts:write","tenant":"acme"}"#,
        r#"{"exp":1700000060,"iat":1700000000,"aud":"sendready:api","scope":"accounts:write"}"#,
        r#"{"exp":-1,"iat":1700000000,"aud":"sendready:api","scope":"accounts:write","tenant":"acme"}"#,
        r#"{"exp":"1700000060","iat":1700000000,"aud":"sendready:api","scope":"accounts:write","tenant":"acme"}"#,
        r#"{"exp":1e30,"iat":1700000000,"aud":"sendready:api","scope":"accounts:write","tenant":"acme"}"#,
        r#"{"exp":1700000060,"iat":1700000000,"aud":"sendready:api","scope":["accounts:write"],"tenant":"acme"}"#,
        r#"{"exp":1700000060,"iat":1700000000,"aud":42,"scope":"accounts:write","tenant":"acme"}"#,
        r#"{"exp":1700000060,"iat":1700000000,"aud":"sendready:api","scope":"accounts:write","tenant":42}"#,
    ];
    for json in nonsense {
        assert_eq!(
            verify(&host_signed(HEADER_JSON, json), NOW),
            Err(AdminTokenError::InvalidClaims),
            "{json}"
        );
    }
}

#[test]
fn only_hs256_is_accepted_whatever_the_header_says() {
    let claims_json = vector(&["admin_token", "claims_json"]);
    let payload = URL_SAFE_NO_PAD.encode(&claims_json);
    let unsigned = format!(
        "{}.{payload}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#)
    );
    assert_eq!(verify(&unsigned, NOW), Err(AdminTokenError::WrongAlgorithm));
    for alg in ["none", "HS512", "RS256", "hs256", "HS384", "ES256", ""] {
        let header = format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#);
        assert_eq!(
            verify(&host_signed(&header, &claims_json), NOW),
            Err(AdminTokenError::WrongAlgorithm),
            "{alg}"
        );
    }
    for header in [
        r#"{"typ":"JWT"}"#,
        r#"{"alg":"HS256","alg":"none"}"#,
        r#"{"alg":"HS256","crit":["exp"]}"#,
        r#"{"alg":"HS256","cty":"CBOR"}"#,
        "not json",
    ] {
        assert_eq!(
            verify(&host_signed(header, &claims_json), NOW),
            Err(AdminTokenError::Malformed),
            "{header}"
        );
    }
}

#[test]
fn a_token_for_another_audience_is_refused() {
    for aud in [
        r#""sendready:accounts""#,
        r#""sendready""#,
        r#"[]"#,
        r#"["other"]"#,
    ] {
        let token = host_claims(&format!(
            r#""exp":1700000060,"iat":1700000000,"aud":{aud},"scope":"accounts:write","tenant":"acme""#
        ));
        assert_eq!(
            verify(&token, NOW),
            Err(AdminTokenError::WrongAudience),
            "{aud}"
        );
    }
}

#[test]
fn tampering_and_other_keys_are_refused() {
    let token = vector(&["admin_token", "token"]);
    let claims_json = vector(&["admin_token", "claims_json"]);
    let parts: Vec<&str> = token.split('.').collect();
    let (header, payload, tag) = (parts[0], parts[1], parts[2]);
    let richer = URL_SAFE_NO_PAD.encode(claims_json.replace("acme-42", "acme-43"));
    let longer = URL_SAFE_NO_PAD.encode(claims_json.replace("1700000300", "1700003500"));
    let wider = URL_SAFE_NO_PAD.encode(claims_json.replace("accounts:write", "accounts:admin"));
    let flipped_tag = format!(
        "{}{}",
        if tag.starts_with('A') { "B" } else { "A" },
        &tag[1..]
    );
    let cases = [
        (
            format!("{header}.{richer}.{tag}"),
            AdminTokenError::BadSignature,
        ),
        (
            format!("{header}.{longer}.{tag}"),
            AdminTokenError::BadSignature,
        ),
        (
            format!("{header}.{wider}.{tag}"),
            AdminTokenError::BadSignature,
        ),
        (
            format!("{header}.{payload}.{flipped_tag}"),
            AdminTokenError::BadSignature,
        ),
        (
            format!("{header}.{payload}.{}", &tag[..40]),
            AdminTokenError::Malformed,
        ),
        (
            format!("{header}.{payload}.{tag}="),
            AdminTokenError::Malformed,
        ),
        (
            format!("{header}.{payload}=.{tag}"),
            AdminTokenError::Malformed,
        ),
        (format!("{token}.{tag}"), AdminTokenError::Malformed),
        (format!("Bearer {token}"), AdminTokenError::Malformed),
        (
            format!("{token}{}", "A".repeat(2048)),
            AdminTokenError::Malformed,
        ),
        (format!("{header}.{payload}"), AdminTokenError::Malformed),
        (String::new(), AdminTokenError::Malformed),
    ];
    for (token, expected) in cases {
        assert_eq!(verify(&token, NOW), Err(expected), "{token:?}");
    }
    assert_eq!(
        verify_admin_token(&other_key(), &token, SCOPE_ACCOUNTS_WRITE, NOW),
        Err(AdminTokenError::BadSignature)
    );
}

#[test]
fn errors_have_stable_codes_and_plain_messages() {
    let errors = [
        AdminTokenError::Malformed,
        AdminTokenError::WrongAlgorithm,
        AdminTokenError::BadSignature,
        AdminTokenError::InvalidClaims,
        AdminTokenError::WrongAudience,
        AdminTokenError::Expired { exp: NOW },
        AdminTokenError::NotYetValid,
        AdminTokenError::TooLongLived { exp: NOW },
        AdminTokenError::InvalidTenant,
        AdminTokenError::MissingScope("accounts:write".to_owned()),
    ];
    let codes: Vec<_> = errors.iter().map(AdminTokenError::code).collect();
    assert_eq!(
        codes,
        [
            "malformed_admin_token",
            "admin_token_algorithm_not_allowed",
            "bad_admin_token_signature",
            "invalid_admin_token_claims",
            "admin_token_wrong_audience",
            "admin_token_expired",
            "admin_token_not_yet_valid",
            "admin_token_too_long_lived",
            "invalid_admin_token_tenant",
            "admin_token_missing_scope",
        ]
    );
    assert_eq!(
        errors[9].to_string(),
        "the admin token does not grant accounts:write"
    );
    for error in &errors {
        let message = error.to_string();
        assert!(!message.ends_with('.'), "{message}");
        assert_eq!(message, message.to_lowercase(), "{message}");
    }
}
