//! The back channel: token requests, token responses, the address claim, refresh timing.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sendready_shared::oauth::{
    OauthFailure, REFRESH_MARGIN_S, address_from_userinfo, exchange_code, parse_token_response,
    refresh, refresh_due,
};
use sendready_shared::secret::Secret;

use super::client;

const NOW: u64 = 1_780_000_000;

/// An unsigned ID token with these claims: only its payload is read.
fn id_token(claims: serde_json::Value) -> String {
    let part = |value: &serde_json::Value| URL_SAFE_NO_PAD.encode(value.to_string());
    format!(
        "{}.{}.c2lnbmF0dXJl",
        part(&serde_json::json!({"alg": "RS256", "kid": "k"})),
        part(&claims)
    )
}

#[test]
fn requests_carry_the_verifier_or_refresh_token_only_in_their_secret_body() {
    let request = exchange_code(
        &client(),
        &Secret::new("the-code"),
        &Secret::new("the-verifier"),
    );
    assert_eq!(request.url, "https://127.0.0.1:9443/token");
    let body: Vec<(String, String)> = form_urlencoded::parse(request.body.expose().as_bytes())
        .into_owned()
        .collect();
    let expected = [
        ("grant_type", "authorization_code"),
        ("code", "the-code"),
        ("redirect_uri", "https://127.0.0.1:8987/api/oauth/callback"),
        ("client_id", "sendready-test"),
        ("client_secret", "client secret value"),
        ("code_verifier", "the-verifier"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(body, expected);
    assert!(!format!("{request:?}").contains("the-code"));

    let request = refresh(&client(), &Secret::new("the-refresh-token"));
    let body = request.body.expose();
    assert!(body.starts_with("grant_type=refresh_token&refresh_token=the-refresh-token&"));
    assert!(body.ends_with(
        "&scope=https%3A%2F%2Foutlook.office.com%2FSMTP.Send+offline_access+openid+email"
    ));
    assert!(!format!("{request:?}").contains("the-refresh-token"));
}

#[test]
fn a_microsoft_token_response_gives_tokens_and_the_address() {
    // The shape of Microsoft's v2.0 token response (learn.microsoft.com, "Microsoft identity
    // platform and OAuth 2.0 authorization code flow", successful response), with the ID
    // token's `email` optional claim absent as it often is: `preferred_username` holds it.
    let body = serde_json::json!({
        "token_type": "Bearer",
        "scope": "https://outlook.office.com/SMTP.Send",
        "expires_in": 3599,
        "ext_expires_in": 3599,
        "access_token": "eyJ0eXAiOiJKV1QiLCJub25jZSI6IkFRQUJBQUFBQUFCbmZpRy1tQTZ",
        "refresh_token": "0.AAAAQrVbYl8sUkCz5HqTlw-refresh",
        "id_token": id_token(serde_json::json!({
            "aud": "sendready-test", "iss": "https://login.microsoftonline.com/9188040d/v2.0",
            "preferred_username": "ada@outlook.com", "name": "Ada", "tid": "9188040d"
        })),
    });
    let tokens = parse_token_response(200, body.to_string().as_bytes(), NOW).expect("tokens");
    assert_eq!(
        tokens.access_token.expose(),
        "eyJ0eXAiOiJKV1QiLCJub25jZSI6IkFRQUJBQUFBQUFCbmZpRy1tQTZ"
    );
    assert_eq!(
        tokens.refresh_token.as_ref().map(Secret::expose),
        Some("0.AAAAQrVbYl8sUkCz5HqTlw-refresh")
    );
    assert_eq!(tokens.expires_at, NOW + 3599);
    assert_eq!(tokens.email.as_deref(), Some("ada@outlook.com"));
    assert!(!format!("{tokens:?}").contains("refresh\""));
    assert!(!format!("{tokens:?}").contains("eyJ0eXAi"));
}

#[test]
fn a_google_refresh_response_without_a_new_refresh_token_keeps_none() {
    // Google's refresh response (developers.google.com/identity/protocols/oauth2/web-server,
    // "Refreshing an access token"): no refresh_token, no id_token.
    let body = br#"{"access_token": "1/fFAGRNJru1FTz70BzhT3Zg", "expires_in": 3920,
        "scope": "https://mail.google.com/", "token_type": "Bearer"}"#;
    let tokens = parse_token_response(200, body, NOW).expect("tokens");
    assert!(tokens.refresh_token.is_none());
    assert!(tokens.email.is_none());
    assert_eq!(tokens.expires_at, NOW + 3920);
    let string_lifetime = br#"{"access_token":"t","token_type":"bearer","expires_in":"60"}"#;
    let tokens = parse_token_response(200, string_lifetime, NOW).expect("tokens");
    assert_eq!(tokens.expires_at, NOW + 60);
}

#[test]
fn responses_that_are_not_bearer_tokens_are_invalid_responses() {
    for body in [
        &br#"{"access_token":"t","token_type":"mac","expires_in":60}"#[..],
        br#"{"access_token":"","token_type":"Bearer"}"#,
        br#"{"access_token":"t","token_type":"Bearer","expires_in":-5}"#,
        br#"<html>login</html>"#,
        br#"{"token_type":"Bearer"}"#,
    ] {
        let refused = parse_token_response(200, body, NOW).map(|_| ());
        assert_eq!(
            refused.map_err(|e| e.failure),
            Err(OauthFailure::InvalidResponse),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    let unavailable = parse_token_response(503, b"<html>Service Unavailable</html>", NOW);
    assert_eq!(
        unavailable.map(|_| ()).map_err(|e| e.failure),
        Err(OauthFailure::ProviderUnavailable)
    );
}

#[test]
fn the_address_prefers_email_and_ignores_claims_that_are_not_addresses() {
    assert_eq!(
        address_from_userinfo(
            br#"{"sub":"1","email":"ada@example.com","preferred_username":"x@y.z"}"#
        )
        .as_deref(),
        Some("ada@example.com")
    );
    assert_eq!(
        address_from_userinfo(br#"{"sub":"1","preferred_username":"ada","upn":"ada@contoso.com"}"#)
            .as_deref(),
        Some("ada@contoso.com")
    );
    assert_eq!(
        address_from_userinfo(br#"{"sub":"1","preferred_username":"ada"}"#),
        None
    );
    assert_eq!(address_from_userinfo(b"not json"), None);
}

#[test]
fn refresh_is_due_from_the_margin_before_expiry_on() {
    let expires_at = NOW + 3600;
    assert!(!refresh_due(expires_at, NOW));
    assert!(!refresh_due(expires_at, expires_at - REFRESH_MARGIN_S - 1));
    assert!(refresh_due(expires_at, expires_at - REFRESH_MARGIN_S));
    assert!(refresh_due(expires_at, expires_at + 1));
}
