//! The front channel: the authorization URL the popup opens, and the callback's query parsed.
//!
//! `begin` turns a configured client, the widget session and fresh random bytes into the URL
//! (with the PKCE challenge and the signed state), and the `PendingAuthorization` the driver
//! stores until the callback. `Callback::parse` reads what the provider appended to the
//! redirect URI: a code with its state, or an error (RFC 6749 §4.1.2 and §4.1.2.1).

use std::fmt;

use crate::jwt::SecretKey;
use crate::secret::Secret;

use super::client::OauthClient;
use super::pkce::{CHALLENGE_METHOD, Pkce};
use super::state::{self, PendingAuthorization, STATE_LIFETIME_S, StateClaims};

/// Random bytes from the driver's CSPRNG for one authorization.
#[derive(Clone, Copy)]
pub struct AuthorizationRandom {
    /// The PKCE verifier's bytes.
    pub verifier: [u8; 32],
    /// The state's single-use nonce.
    pub nonce: [u8; 16],
}

/// A started authorization: where to send the browser, and what to keep until the callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    /// The provider's authorization URL with every parameter.
    pub url: String,
    /// The signed state (also inside `url`).
    pub state: String,
    pub pending: PendingAuthorization,
}

/// What came back to the redirect URI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    /// The person signed in and consented: a code to exchange.
    Code { code: Secret, state: String },
    /// The provider refused or the person cancelled (`access_denied`, `consent_required`, …).
    Error {
        error: String,
        description: Option<String>,
        state: Option<String>,
    },
}

/// A callback query that is neither a code with a state nor an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackError {
    /// A code without a state (or with an empty one).
    MissingState,
    /// Neither `code` nor `error`.
    MissingCode,
}

/// Starts an authorization for the widget session `session_secret`, asking the provider to
/// preselect `login_hint` (the address typed in the widget) when given. `return_to` (a page
/// the driver already checked) binds the widget's page into the state, for a sign-in that
/// runs in the widget's own window.
pub fn begin(
    client: &OauthClient,
    key: &SecretKey,
    session_secret: &Secret,
    login_hint: Option<&str>,
    return_to: Option<&str>,
    random: &AuthorizationRandom,
    now_unix_s: u64,
) -> Authorization {
    let pkce = Pkce::from_random(&random.verifier);
    let claims = StateClaims {
        session: state::session_hash(session_secret),
        nonce: hex::encode(random.nonce),
        provider: client.provider,
        redirect_uri: client.redirect_uri.clone(),
        return_to: return_to.map(str::to_owned),
    };
    let state = state::issue(key, &claims, now_unix_s);
    let scope = client.scope();
    let mut query = form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("client_id", &client.client_id)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &client.redirect_uri)
        .append_pair("response_mode", "query")
        .append_pair("scope", &scope)
        .append_pair("state", &state)
        .append_pair("code_challenge", pkce.challenge())
        .append_pair("code_challenge_method", CHALLENGE_METHOD);
    if let Some(hint) = login_hint.filter(|hint| !hint.is_empty()) {
        query.append_pair("login_hint", hint);
    }
    for (name, value) in &client.extra_parameters {
        query.append_pair(name, value);
    }
    let separator = if client.authorization_url.contains('?') {
        '&'
    } else {
        '?'
    };
    let url = format!("{}{separator}{}", client.authorization_url, query.finish());
    let pending = PendingAuthorization {
        nonce: claims.nonce,
        session: claims.session,
        provider: client.provider,
        verifier: pkce.verifier().clone(),
        expires_at: now_unix_s.saturating_add(STATE_LIFETIME_S),
    };
    Authorization {
        url,
        state,
        pending,
    }
}

impl Callback {
    /// The callback from its query string (without the `?`).
    pub fn parse(query: &str) -> Result<Self, CallbackError> {
        let mut code = None;
        let mut state = None;
        let mut error = None;
        let mut description = None;
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = Some(value.into_owned()).filter(|v| !v.is_empty());
            match name.as_ref() {
                "code" => code = value,
                "state" => state = value,
                "error" => error = value,
                "error_description" => description = value,
                _ => {}
            }
        }
        match (error, code) {
            (Some(error), _) => Ok(Callback::Error {
                error,
                description,
                state,
            }),
            (None, Some(code)) => Ok(Callback::Code {
                code: Secret::new(code),
                state: state.ok_or(CallbackError::MissingState)?,
            }),
            (None, None) => Err(CallbackError::MissingCode),
        }
    }
}

impl fmt::Debug for AuthorizationRandom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthorizationRandom([redacted])")
    }
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CallbackError::MissingState => "the sign-in answer has a code but no state",
            CallbackError::MissingCode => "the sign-in answer has neither a code nor an error",
        })
    }
}

impl std::error::Error for CallbackError {}
