//! The back channel: token requests (code exchange, refresh) and the token endpoint's answer.
//!
//! The worker posts a `TokenRequest` to the token endpoint and hands the status and body to
//! `parse_token_response`, which gives `Tokens` (access token, optional rotated refresh token,
//! absolute expiry, the signed-in address) or a classified `TokenError`. The address comes from
//! the ID token's claims: it arrives straight from the token endpoint over TLS, which OpenID
//! Connect Core §3.1.3.7 accepts in place of checking its signature. Nothing here logs or
//! prints a token: requests and tokens are `Secret`s.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

use crate::secret::Secret;

use super::client::OauthClient;
use super::errors::{self, TokenError};

/// Refresh an access token this long before it expires, so a test or a send never starts with
/// a token that runs out during the SMTP conversation: five minutes.
pub const REFRESH_MARGIN_S: u64 = 300;

/// Longest token response read, in bytes.
pub const MAX_RESPONSE_LEN: usize = 64 * 1024;

/// A POST to the token endpoint, `application/x-www-form-urlencoded`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRequest {
    pub url: String,
    /// The form body; it holds the client secret and the code or refresh token.
    pub body: Secret,
}

/// A successful token response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tokens {
    pub access_token: Secret,
    /// A refresh token, when the provider issued one (a rotated one replaces the stored one).
    pub refresh_token: Option<Secret>,
    /// Unix seconds when the access token expires.
    pub expires_at: u64,
    /// The signed-in address from the ID token, when it carried one.
    pub email: Option<String>,
    /// The scopes granted, when the provider said.
    pub scope: Option<String>,
}

/// The token endpoint's JSON on success (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3).
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    token_type: String,
    expires_in: Option<serde_json::Value>,
    refresh_token: Option<String>,
    id_token: Option<String>,
    scope: Option<String>,
}

/// The claims that can name the signed-in address, in the order they are trusted.
#[derive(Deserialize)]
struct AddressClaims {
    email: Option<String>,
    preferred_username: Option<String>,
    upn: Option<String>,
}

/// The code exchange with the PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5); the client
/// authenticates with its secret in the body (`client_secret_post`).
pub fn exchange_code(client: &OauthClient, code: &Secret, verifier: &Secret) -> TokenRequest {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "authorization_code")
        .append_pair("code", code.expose())
        .append_pair("redirect_uri", &client.redirect_uri)
        .append_pair("client_id", &client.client_id)
        .append_pair("client_secret", client.client_secret.expose())
        .append_pair("code_verifier", verifier.expose())
        .finish();
    TokenRequest {
        url: client.token_url.clone(),
        body: Secret::new(body),
    }
}

/// A refresh (RFC 6749 §6). The scopes are repeated because Microsoft refuses a refresh
/// without them (`AADSTS900144`).
pub fn refresh(client: &OauthClient, refresh_token: &Secret) -> TokenRequest {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "refresh_token")
        .append_pair("refresh_token", refresh_token.expose())
        .append_pair("client_id", &client.client_id)
        .append_pair("client_secret", client.client_secret.expose())
        .append_pair("scope", &client.scope())
        .finish();
    TokenRequest {
        url: client.token_url.clone(),
        body: Secret::new(body),
    }
}

/// Reads the token endpoint's answer received at `now_unix_s`.
pub fn parse_token_response(
    status: u16,
    body: &[u8],
    now_unix_s: u64,
) -> Result<Tokens, TokenError> {
    if !(200..300).contains(&status) || body.len() > MAX_RESPONSE_LEN {
        return Err(errors::classify(status, body));
    }
    let response: TokenResponse =
        serde_json::from_slice(body).map_err(|_| errors::classify(status, body))?;
    if !response.token_type.eq_ignore_ascii_case("bearer") || response.access_token.is_empty() {
        return Err(TokenError::invalid_response(status));
    }
    // Providers send `expires_in` as a number, some as a string; one hour when absent.
    let lifetime = match response.expires_in {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.parse().ok(),
        None => Some(3600),
        Some(_) => None,
    }
    .ok_or(TokenError::invalid_response(status))?;
    let email = response.id_token.as_deref().and_then(address_from_id_token);
    Ok(Tokens {
        access_token: Secret::new(response.access_token),
        refresh_token: response
            .refresh_token
            .filter(|token| !token.is_empty())
            .map(Secret::new),
        expires_at: now_unix_s.saturating_add(lifetime),
        email,
        scope: response.scope,
    })
}

/// The signed-in address from a userinfo response (OpenID Connect Core §5.3.2).
pub fn address_from_userinfo(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<AddressClaims>(body)
        .ok()
        .and_then(pick_address)
}

/// The address claim of an ID token's payload.
fn address_from_id_token(id_token: &str) -> Option<String> {
    let payload = id_token.split('.').nth(1)?;
    let json = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice::<AddressClaims>(&json)
        .ok()
        .and_then(pick_address)
}

/// `email`, else Microsoft's `preferred_username` or `upn` when they are addresses.
fn pick_address(claims: AddressClaims) -> Option<String> {
    [claims.email, claims.preferred_username, claims.upn]
        .into_iter()
        .flatten()
        .map(|address| address.trim().to_owned())
        .find(|address| {
            address.len() <= 254
                && address.split_once('@').is_some_and(|(local, domain)| {
                    !local.is_empty() && domain.contains('.') && !domain.contains('@')
                })
        })
}

impl Tokens {
    /// Whether the access token must be refreshed before a use at `now_unix_s`.
    pub fn needs_refresh(&self, now_unix_s: u64) -> bool {
        refresh_due(self.expires_at, now_unix_s)
    }
}

/// Whether an access token expiring at `expires_at` must be refreshed before a use at
/// `now_unix_s`: from `REFRESH_MARGIN_S` before its expiry on.
pub fn refresh_due(expires_at: u64, now_unix_s: u64) -> bool {
    now_unix_s.saturating_add(REFRESH_MARGIN_S) >= expires_at
}
