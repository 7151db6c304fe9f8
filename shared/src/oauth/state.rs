//! The `state` of an authorization request: a signed, expiring JWT bound to one widget session,
//! and the pending authorization it redeems exactly once.
//!
//! The widget keeps a random session secret in memory; `/api/oauth/start` signs a state whose
//! claims hold the secret's SHA-256 (never the secret), a fresh nonce, the preset and the
//! redirect URI, and stores a `PendingAuthorization` (nonce, session hash, PKCE verifier) that
//! the callback takes out again. The callback's checks, in order: the state's signature, age,
//! audience and scope (`open`), the redirect URI it was issued for, then `redeem`: a nonce no
//! longer pending is a replay, a pending entry of another session or preset is refused.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::jwt::{self, Expected, JwtError, Registered, SecretKey};
use crate::providers::ProviderId;
use crate::secret::Secret;

/// `aud` of a state: only the OAuth callback accepts it.
pub const STATE_AUDIENCE: &str = "sendready:oauth";

/// `scope` of a state.
pub const STATE_SCOPE: &str = "oauth:state";

/// How long a person has to sign in at the provider: ten minutes.
pub const STATE_LIFETIME_S: u64 = 600;

/// What `open` requires of a state's registered claims.
const EXPECTED: Expected<'static> = Expected {
    audience: STATE_AUDIENCE,
    scope: STATE_SCOPE,
    max_lifetime_s: STATE_LIFETIME_S,
};

/// The state's own claims.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateClaims {
    /// SHA-256 of the widget session's secret, lower-case hex.
    pub session: String,
    /// Random, single-use: the key of the pending authorization.
    pub nonce: String,
    pub provider: ProviderId,
    /// The redirect URI the authorization request named.
    pub redirect_uri: String,
    /// The widget's page to go back to when the sign-in ran in its own window rather than a
    /// popup (checked against the allowed origins by the driver before it is signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_to: Option<String>,
}

/// What the callback needs to finish one authorization, kept by the worker until the callback
/// takes it (once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingAuthorization {
    pub nonce: String,
    pub session: String,
    pub provider: ProviderId,
    /// The PKCE verifier for the token request.
    pub verifier: Secret,
    /// Unix seconds after which the entry is worthless (the state's `exp`).
    pub expires_at: u64,
}

/// Why a callback's state was refused. Messages never quote the state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateError {
    /// Not a state this deployment signed (altered, forged, another key or audience, malformed).
    Forged,
    /// Signed here, but older than `STATE_LIFETIME_S`: the sign-in took too long.
    Expired,
    /// Issued for another redirect URI than the callback that received it.
    WrongRedirectUri,
    /// Its authorization was already finished (or never started): a replay.
    Replayed,
    /// The pending authorization belongs to another widget session or preset.
    OtherSession,
}

/// SHA-256 of a widget session secret, lower-case hex: what a state and a pending
/// authorization hold instead of the secret.
pub fn session_hash(session_secret: &Secret) -> String {
    hex::encode(Sha256::digest(session_secret.expose().as_bytes()))
}

/// The signed state for `claims`, valid for `STATE_LIFETIME_S` from `now_unix_s`.
pub fn issue(key: &SecretKey, claims: &StateClaims, now_unix_s: u64) -> String {
    let registered = Registered {
        audience: STATE_AUDIENCE,
        scope: STATE_SCOPE,
        issued_at: now_unix_s,
        expires_at: now_unix_s.saturating_add(STATE_LIFETIME_S),
    };
    jwt::sign(key, &registered, claims)
}

/// The claims of a state this deployment signed for `redirect_uri`, still within its lifetime.
pub fn open(
    key: &SecretKey,
    state: &str,
    redirect_uri: &str,
    now_unix_s: u64,
) -> Result<StateClaims, StateError> {
    let verified =
        jwt::verify::<StateClaims>(key, state, &EXPECTED, now_unix_s).map_err(|refused| {
            match refused {
                JwtError::Expired { .. } => StateError::Expired,
                _ => StateError::Forged,
            }
        })?;
    if verified.claims.redirect_uri != redirect_uri {
        return Err(StateError::WrongRedirectUri);
    }
    Ok(verified.claims)
}

/// The page a sign-in started with `state` goes back to, from a state this deployment signed
/// for `redirect_uri`, expired or not: a sign-in refused for taking too long still goes back
/// to its page. `None` for a forged state or one without a return address.
pub fn return_address(
    key: &SecretKey,
    state: &str,
    redirect_uri: &str,
    now_unix_s: u64,
) -> Option<String> {
    // An expired state is read as of the last second it was valid: its signature still counts.
    let at = match jwt::verify::<StateClaims>(key, state, &EXPECTED, now_unix_s) {
        Err(JwtError::Expired { exp }) => exp.saturating_sub(1),
        _ => now_unix_s,
    };
    open(key, state, redirect_uri, at).ok()?.return_to
}

/// The PKCE verifier of the authorization `claims` started, from the pending entry the driver
/// took out of its store by the claims' nonce (`None` when there was none any more).
pub fn redeem(
    claims: &StateClaims,
    pending: Option<PendingAuthorization>,
    now_unix_s: u64,
) -> Result<Secret, StateError> {
    let pending = pending.ok_or(StateError::Replayed)?;
    if pending.nonce != claims.nonce
        || pending.session != claims.session
        || pending.provider != claims.provider
    {
        return Err(StateError::OtherSession);
    }
    if now_unix_s >= pending.expires_at {
        return Err(StateError::Expired);
    }
    Ok(pending.verifier)
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StateError::Forged => "the sign-in answer does not carry a state issued here",
            StateError::Expired => "the sign-in took longer than 10 minutes; start it again",
            StateError::WrongRedirectUri => {
                "the sign-in answer reached another redirect uri than the one it was started for"
            }
            StateError::Replayed => "this sign-in answer was already used",
            StateError::OtherSession => "this sign-in answer belongs to another session",
        })
    }
}

impl std::error::Error for StateError {}
