//! Integration tests for sign-in with Microsoft or Google (`sendready_shared::oauth`): the
//! flow's state and PKCE, token responses and refresh, and the classification of real error
//! bodies. One binary, one module per area.

mod errors;
mod flow;
mod properties;
mod tokens;

use sendready_shared::jwt::SecretKey;
use sendready_shared::oauth::OauthClient;
use sendready_shared::providers::ProviderId;

/// The key states are signed with in these tests.
fn key() -> SecretKey {
    SecretKey::new(b"oauth state test key, 32 bytes or more").expect("long enough")
}

/// A configured Outlook.com client whose endpoints point at a local provider.
fn client() -> OauthClient {
    let vars = |name: &str| {
        Some(
            match name {
                "OAUTH_MICROSOFT_CLIENT_ID" => "sendready-test",
                "OAUTH_MICROSOFT_CLIENT_SECRET" => "client secret value",
                "OAUTH_REDIRECT_URI" => "https://127.0.0.1:8987/api/oauth/callback",
                "OAUTH_OUTLOOK_COM_AUTHORIZATION_URL" => "https://127.0.0.1:9443/auth",
                "OAUTH_OUTLOOK_COM_TOKEN_URL" => "https://127.0.0.1:9443/token",
                _ => return None,
            }
            .to_owned(),
        )
    };
    OauthClient::from_vars(ProviderId::OutlookCom, vars).expect("configured")
}
