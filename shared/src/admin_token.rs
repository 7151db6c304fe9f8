//! Admin tokens: the host application's short-lived permission for the widget to save accounts.
//!
//! The host signs a JWT (HS256, `crate::jwt`) with a secret it shares with the worker, using
//! its usual JWT library; the claims say what is allowed (`scope`), for whom (`tenant`), for
//! which service (`aud` `sendready:api`) and when (`iat`, `exp`, unix seconds, at most an hour
//! ahead). `sign_admin_token` is the reference signer; `docs/attestation.md` shows the same with
//! PyJWT, `jose` and `jsonwebtoken`.

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::jwt::{self, Expected, JwtError, Registered, SecretKey};

/// The `aud` of an admin token: the sendready API.
pub const AUDIENCE: &str = "sendready:api";

/// The scope that lets `POST /api/accounts` save an account.
pub const SCOPE_ACCOUNTS_WRITE: &str = "accounts:write";

/// Longest lifetime a token may claim, counted from verification: one hour.
pub const MAX_LIFETIME_S: u64 = 60 * 60;

/// Longest tenant id, in bytes.
const TENANT_MAX: usize = 128;

/// What an admin token grants. `aud` is checked, not returned; other claims are ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminClaims {
    /// Space-separated scopes, e.g. `accounts:write`.
    pub scope: String,
    /// The host's tenant or account id: 1 to 128 of `A-Z a-z 0-9 . _ - : @`.
    pub tenant: String,
    /// Unix seconds when the token was signed.
    pub iat: u64,
    /// Unix seconds; the token is refused from this second on.
    pub exp: u64,
}

/// The admin token's own claim, after the registered ones.
#[derive(Serialize, Deserialize)]
struct Tenant {
    tenant: String,
}

/// Why an admin token was refused. All of them mean 401, except `MissingScope` (403).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminTokenError {
    /// Not a compact JWT `<header>.<claims>.<mac>` of base64url parts, or longer than 2048 bytes.
    Malformed,
    /// The header's `alg` is not `HS256` (`none`, `HS512` and `RS256` included).
    WrongAlgorithm,
    /// The MAC does not match: another key, or the token was altered or forged.
    BadSignature,
    /// The claims are not the JSON object described in the docs (`exp`, `iat`, `aud`,
    /// `scope`, `tenant`).
    InvalidClaims,
    /// Correctly signed, but `aud` is not `sendready:api`.
    WrongAudience,
    /// Correctly signed, but `exp` has passed.
    Expired {
        /// The token's `exp`.
        exp: u64,
    },
    /// Correctly signed, but `iat` (or `nbf`) is more than a minute in the future.
    NotYetValid,
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
            AdminTokenError::WrongAlgorithm => "admin_token_algorithm_not_allowed",
            AdminTokenError::BadSignature => "bad_admin_token_signature",
            AdminTokenError::InvalidClaims => "invalid_admin_token_claims",
            AdminTokenError::WrongAudience => "admin_token_wrong_audience",
            AdminTokenError::Expired { .. } => "admin_token_expired",
            AdminTokenError::NotYetValid => "admin_token_not_yet_valid",
            AdminTokenError::TooLongLived { .. } => "admin_token_too_long_lived",
            AdminTokenError::InvalidTenant => "invalid_admin_token_tenant",
            AdminTokenError::MissingScope(_) => "admin_token_missing_scope",
        }
    }
}

/// Signs `claims` as a JWT: header `{"alg":"HS256","typ":"JWT"}`, claims `exp`, `iat`, `aud`
/// (`sendready:api`), `scope`, `tenant` in that order as compact JSON, the same bytes as
/// PyJWT's `jwt.encode` or `jose`'s `SignJWT` of a dict or object in that order.
pub fn sign_admin_token(key: &SecretKey, claims: &AdminClaims) -> String {
    let registered = Registered {
        audience: AUDIENCE,
        scope: &claims.scope,
        issued_at: claims.iat,
        expires_at: claims.exp,
    };
    let tenant = Tenant {
        tenant: claims.tenant.clone(),
    };
    jwt::sign(key, &registered, &tenant)
}

/// Checks the token's algorithm (HS256 only) and MAC (in constant time, before trusting the
/// claims), then `aud`, `required_scope`, its expiry, `iat` and lifetime at `now_unix_s` and the
/// tenant id; returns the claims.
pub fn verify_admin_token(
    key: &SecretKey,
    token: &str,
    required_scope: &str,
    now_unix_s: u64,
) -> Result<AdminClaims, AdminTokenError> {
    let expected = Expected {
        audience: AUDIENCE,
        scope: required_scope,
        max_lifetime_s: MAX_LIFETIME_S,
    };
    let verified =
        jwt::verify::<Tenant>(key, token, &expected, now_unix_s).map_err(
            |refused| match refused {
                JwtError::Malformed => AdminTokenError::Malformed,
                JwtError::WrongAlgorithm => AdminTokenError::WrongAlgorithm,
                JwtError::BadSignature => AdminTokenError::BadSignature,
                JwtError::InvalidClaims => AdminTokenError::InvalidClaims,
                JwtError::WrongAudience => AdminTokenError::WrongAudience,
                JwtError::MissingScope => AdminTokenError::MissingScope(required_scope.to_owned()),
                JwtError::Expired { exp } => AdminTokenError::Expired { exp },
                JwtError::NotYetValid => AdminTokenError::NotYetValid,
                JwtError::TooLongLived { exp } => AdminTokenError::TooLongLived { exp },
            },
        )?;
    let tenant = verified.claims.tenant;
    let tenant_chars =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':' | b'@');
    if tenant.is_empty() || tenant.len() > TENANT_MAX || !tenant.bytes().all(tenant_chars) {
        return Err(AdminTokenError::InvalidTenant);
    }
    Ok(AdminClaims {
        scope: verified.scope,
        tenant,
        iat: verified.issued_at,
        exp: verified.expires_at,
    })
}

impl fmt::Display for AdminTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdminTokenError::Malformed => f.write_str("the admin token is malformed (expected a jwt of at most 2048 bytes)"),
            AdminTokenError::WrongAlgorithm => f.write_str("the admin token must be signed with hs256"),
            AdminTokenError::BadSignature => f.write_str("the admin token's signature is not valid"),
            AdminTokenError::InvalidClaims => {
                f.write_str("the admin token's claims are not a json object with exp, iat, aud, scope and tenant")
            }
            AdminTokenError::WrongAudience => write!(f, "the admin token's aud is not {AUDIENCE}"),
            AdminTokenError::Expired { .. } => f.write_str("the admin token has expired; reload the page to get a new one"),
            AdminTokenError::NotYetValid => f.write_str("the admin token's iat is in the future; check the host's clock"),
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
