//! Admin tokens: the host application's short-lived permission for the widget to save accounts.
//!
//! The host signs `v1.<base64url(claims json)>.<base64url(hmac)>` with a secret it shares with
//! the worker; the claims say what is allowed (`scope`), for whom (`tenant`) and until when
//! (`exp`, unix seconds). The format is JWT-like without a header, so there is no algorithm to
//! negotiate and nothing to confuse: HMAC-SHA256 over the text before the last dot, always.
//! `sign_admin_token` is the reference signer; `docs/attestation.md` has the same in Node.js
//! and Python.

use core::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::Mac;
use serde::{Deserialize, Serialize};

use crate::attestation::{MAC_LEN, SecretKey};

/// The scope that lets `POST /api/accounts` save an account.
pub const SCOPE_ACCOUNTS_WRITE: &str = "accounts:write";

/// Longest lifetime a token may claim, counted from verification: one hour.
pub const MAX_LIFETIME_S: u64 = 60 * 60;

/// The token's version prefix.
const TOKEN_VERSION: &str = "v1";

/// Longest token accepted, in bytes, so a huge header is refused before any decoding.
const TOKEN_MAX: usize = 2048;

/// Longest tenant id, in bytes.
const TENANT_MAX: usize = 128;

/// What an admin token grants. Other fields in the JSON are ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminClaims {
    /// Space-separated scopes, e.g. `accounts:write`.
    pub scope: String,
    /// The host's tenant or account id: 1 to 128 of `A-Z a-z 0-9 . _ - : @`.
    pub tenant: String,
    /// Unix seconds; the token is refused from this second on.
    pub exp: u64,
}

/// Why an admin token was refused. All of them mean 401, except `MissingScope` (403).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminTokenError {
    /// Not of the form `v1.<claims>.<mac>`, too long, or not base64url.
    Malformed,
    /// The MAC does not match: another key, or the token was altered or forged.
    BadSignature,
    /// Correctly signed, but the claims are not the JSON object described in the docs.
    InvalidClaims,
    /// Correctly signed, but `exp` has passed.
    Expired {
        /// The token's `exp`.
        exp: u64,
    },
    /// Correctly signed, but `exp` is more than `MAX_LIFETIME_S` ahead: not short-lived.
    TooLongLived {
        /// The token's `exp`.
        exp: u64,
    },
    /// Correctly signed, but the tenant id is empty, too long or has other characters.
    InvalidTenant,
    /// Correctly signed, but the scopes do not include the one required (given).
    MissingScope(String),
}

impl AdminTokenError {
    /// The stable machine-readable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            AdminTokenError::Malformed => "malformed_admin_token",
            AdminTokenError::BadSignature => "bad_admin_token_signature",
            AdminTokenError::InvalidClaims => "invalid_admin_token_claims",
            AdminTokenError::Expired { .. } => "admin_token_expired",
            AdminTokenError::TooLongLived { .. } => "admin_token_too_long_lived",
            AdminTokenError::InvalidTenant => "invalid_admin_token_tenant",
            AdminTokenError::MissingScope(_) => "admin_token_missing_scope",
        }
    }
}

/// Signs `claims`: the claims as compact JSON in field order (`scope`, `tenant`, `exp`), the
/// same bytes as JavaScript's `JSON.stringify({scope, tenant, exp})`.
pub fn sign_admin_token(key: &SecretKey, claims: &AdminClaims) -> String {
    let json = format!(
        r#"{{"scope":{},"tenant":{},"exp":{}}}"#,
        json_string(&claims.scope),
        json_string(&claims.tenant),
        claims.exp
    );
    let signed = format!("{TOKEN_VERSION}.{}", URL_SAFE_NO_PAD.encode(json));
    let tag = key.mac(&[signed.as_bytes()]).finalize().into_bytes();
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(tag))
}

/// Checks the token's MAC (in constant time, before reading the claims), then its expiry and
/// lifetime at `now_unix_s`, the tenant id and `required_scope`; returns the claims.
pub fn verify_admin_token(
    key: &SecretKey,
    token: &str,
    required_scope: &str,
    now_unix_s: u64,
) -> Result<AdminClaims, AdminTokenError> {
    if token.len() > TOKEN_MAX {
        return Err(AdminTokenError::Malformed);
    }
    let Some((signed, tag)) = token.rsplit_once('.') else {
        return Err(AdminTokenError::Malformed);
    };
    let claims = match signed.split_once('.') {
        Some((TOKEN_VERSION, claims)) => URL_SAFE_NO_PAD
            .decode(claims)
            .map_err(|_| AdminTokenError::Malformed)?,
        _ => return Err(AdminTokenError::Malformed),
    };
    let tag = URL_SAFE_NO_PAD
        .decode(tag)
        .map_err(|_| AdminTokenError::Malformed)?;
    if tag.len() != MAC_LEN {
        return Err(AdminTokenError::Malformed);
    }
    key.mac(&[signed.as_bytes()])
        .verify_slice(&tag)
        .map_err(|_| AdminTokenError::BadSignature)?;
    let claims: AdminClaims =
        serde_json::from_slice(&claims).map_err(|_| AdminTokenError::InvalidClaims)?;
    if now_unix_s >= claims.exp {
        return Err(AdminTokenError::Expired { exp: claims.exp });
    }
    if claims.exp - now_unix_s > MAX_LIFETIME_S {
        return Err(AdminTokenError::TooLongLived { exp: claims.exp });
    }
    let tenant_chars =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':' | b'@');
    if claims.tenant.is_empty()
        || claims.tenant.len() > TENANT_MAX
        || !claims.tenant.bytes().all(tenant_chars)
    {
        return Err(AdminTokenError::InvalidTenant);
    }
    if !claims.scope.split(' ').any(|scope| scope == required_scope) {
        return Err(AdminTokenError::MissingScope(required_scope.to_owned()));
    }
    Ok(claims)
}

/// `text` as a JSON string literal, escaped as `JSON.stringify` does.
fn json_string(text: &str) -> String {
    let mut json = String::with_capacity(text.len() + 2);
    json.push('"');
    for c in text.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            '\n' => json.push_str("\\n"),
            '\r' => json.push_str("\\r"),
            '\t' => json.push_str("\\t"),
            '\u{8}' => json.push_str("\\b"),
            '\u{c}' => json.push_str("\\f"),
            c if c < ' ' => json.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => json.push(c),
        }
    }
    json.push('"');
    json
}

impl fmt::Display for AdminTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdminTokenError::Malformed => f.write_str("the admin token is malformed (expected v1.<claims>.<mac>)"),
            AdminTokenError::BadSignature => f.write_str("the admin token's signature is not valid"),
            AdminTokenError::InvalidClaims => {
                f.write_str("the admin token's claims are not a json object with scope, tenant and exp")
            }
            AdminTokenError::Expired { .. } => f.write_str("the admin token has expired; reload the page to get a new one"),
            AdminTokenError::TooLongLived { .. } => {
                write!(f, "the admin token is valid for more than {} minutes; sign a shorter-lived one", MAX_LIFETIME_S / 60)
            }
            AdminTokenError::InvalidTenant => {
                f.write_str("the admin token's tenant is empty, longer than 128 characters or has characters other than letters, digits and . _ - : @")
            }
            AdminTokenError::MissingScope(scope) => write!(f, "the admin token does not grant {scope}"),
        }
    }
}

impl std::error::Error for AdminTokenError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped_like_json_stringify() {
        assert_eq!(json_string("acme"), r#""acme""#);
        assert_eq!(json_string("a\"b\\c\nd\u{1}é"), r#""a\"b\\c\nd\u0001é""#);
        let parsed: Result<String, _> = serde_json::from_str(&json_string("q\"\\\u{7f}\u{0}\t"));
        assert_eq!(parsed.ok().as_deref(), Some("q\"\\\u{7f}\u{0}\t"));
    }
}
