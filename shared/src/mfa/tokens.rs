//! The MFA tokens, HS256 JWTs on `crate::jwt`: the user token, the result, remembered devices.
//!
//! All three have `aud` `sendready:mfa` and `sub` the host's user id; `scope` tells them apart:
//! - `mfa`: the user token the host signs for the browser, at most 15 minutes, which lets the
//!   widget run two-step verification for that one user;
//! - `mfa:result`: the verification result sendready signs and the host checks on its server,
//!   5 minutes, with a unique `jti`, `method`, `remembered` and, after a recovery code,
//!   `recovery_codes_left`;
//! - `mfa:device`: remember this device, 30 days, with the device id as `jti`. One device is
//!   revoked by listing its id, every device by moving the user's `devices_valid_after`.
//!
//! Every verifier of a result or device token takes the user id it expects and refuses another
//! user's token.

use core::fmt;

use serde::{Deserialize, Serialize};

use super::{AUDIENCE, Method, valid_user_id};
use crate::jwt::{self, Expected, JwtError, Registered, SecretKey};
use crate::secret::Secret;

/// The scope of the user token.
pub const SCOPE_USER: &str = "mfa";
/// The scope of the verification result.
pub const SCOPE_RESULT: &str = "mfa:result";
/// The scope of a remember-this-device token.
pub const SCOPE_DEVICE: &str = "mfa:device";

/// Longest lifetime of a user token: 15 minutes.
pub const USER_TOKEN_MAX_LIFETIME_S: u64 = 15 * 60;
/// Lifetime of a verification result: 5 minutes.
pub const RESULT_LIFETIME_S: u64 = 5 * 60;
/// Lifetime of a remember-this-device token: 30 days.
pub const DEVICE_LIFETIME_S: u64 = 30 * 24 * 60 * 60;

/// A verified user token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserToken {
    /// `sub`: the host's user id.
    pub user_id: String,
    /// `exp`, unix seconds.
    pub expires_at: u64,
}

/// The outcome of a verification, as the result token carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationResult {
    /// The host's user id.
    pub sub: String,
    /// A unique id of this result (32 hex digits from a CSPRNG): a host that keeps the ids
    /// it accepted for the result's 5 minutes refuses a result handed in twice.
    pub jti: String,
    /// How the user proved the second factor.
    pub method: Method,
    /// Whether a remember-this-device token was issued with this result.
    pub remembered: bool,
    /// After a recovery code: how many are left, so the host can urge a new set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_codes_left: Option<usize>,
}

/// A remembered device: its id (`jti`) and times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RememberedDevice {
    /// `jti`: 32 hex digits.
    pub device_id: String,
    /// `iat`, unix seconds.
    pub issued_at: u64,
    /// `exp`, unix seconds.
    pub expires_at: u64,
}

/// A user's revoked devices, as stored beside the user's other MFA state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRevocations {
    /// Device tokens issued before this unix second are refused: "forget every device".
    pub devices_valid_after: u64,
    /// Device ids revoked one by one, each kept until its token would have expired anyway.
    pub revoked: Vec<RevokedDevice>,
}

/// One revoked device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokedDevice {
    /// The device's `jti`.
    pub device_id: String,
    /// Unix seconds after which the entry can go: the token's `exp`.
    pub until: u64,
}

/// Why an MFA token was refused. All mean 401.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// The JWT itself was refused: malformed, forged, expired, another audience or scope, …
    Invalid(JwtError),
    /// Correctly signed, but `sub` is not a valid user id.
    InvalidUserId,
    /// Correctly signed, but for another user than the one expected.
    OtherUser,
    /// A device token whose device was revoked, one by one or all at once.
    DeviceRevoked,
}

/// The `sub` claim alone.
#[derive(Serialize, Deserialize)]
struct Subject {
    sub: String,
}

/// The own claims of a device token.
#[derive(Serialize, Deserialize)]
struct DeviceClaims {
    sub: String,
    jti: String,
}

/// The user token for `user_id`, valid from `issued_at` to `expires_at`: the reference for
/// hosts, whose own JWT library signs the same claims `exp, iat, aud, scope, sub`.
pub fn sign_user_token(key: &SecretKey, user_id: &str, issued_at: u64, expires_at: u64) -> String {
    let registered = registered(SCOPE_USER, issued_at, expires_at);
    jwt::sign(
        key,
        &registered,
        &Subject {
            sub: user_id.to_owned(),
        },
    )
}

/// Checks a user token at `now_unix_s` (HS256, `aud`, scope `mfa`, at most 15 minutes left) and
/// returns whose it is.
pub fn verify_user_token(
    key: &SecretKey,
    token: &str,
    now_unix_s: u64,
) -> Result<UserToken, TokenError> {
    let verified = verify::<Subject>(
        key,
        token,
        SCOPE_USER,
        USER_TOKEN_MAX_LIFETIME_S,
        now_unix_s,
    )?;
    let user_id = verified.claims.sub;
    if !valid_user_id(&user_id) {
        return Err(TokenError::InvalidUserId);
    }
    Ok(UserToken {
        user_id,
        expires_at: verified.expires_at,
    })
}

/// The result token for `result`, issued at `now_unix_s`, valid 5 minutes.
pub fn sign_result(key: &SecretKey, result: &VerificationResult, now_unix_s: u64) -> String {
    let expires_at = now_unix_s.saturating_add(RESULT_LIFETIME_S);
    jwt::sign(
        key,
        &registered(SCOPE_RESULT, now_unix_s, expires_at),
        result,
    )
}

/// Checks a result token at `now_unix_s` for `expected_user`: what the host's server runs
/// (or the same checks in its own JWT library) before letting the user in.
pub fn verify_result(
    key: &SecretKey,
    token: &str,
    expected_user: &str,
    now_unix_s: u64,
) -> Result<VerificationResult, TokenError> {
    let verified =
        verify::<VerificationResult>(key, token, SCOPE_RESULT, RESULT_LIFETIME_S, now_unix_s)?;
    same_user(&verified.claims.sub, expected_user)?;
    Ok(verified.claims)
}

/// A remember-this-device token for `user_id`, its device id from `random` (16 bytes from a
/// CSPRNG), issued at `now_unix_s` for 30 days. The token goes to the browser only.
pub fn sign_device_token(
    key: &SecretKey,
    user_id: &str,
    random: &[u8; 16],
    now_unix_s: u64,
) -> (Secret, RememberedDevice) {
    let device = RememberedDevice {
        device_id: hex::encode(random),
        issued_at: now_unix_s,
        expires_at: now_unix_s.saturating_add(DEVICE_LIFETIME_S),
    };
    let claims = DeviceClaims {
        sub: user_id.to_owned(),
        jti: device.device_id.clone(),
    };
    let registered = registered(SCOPE_DEVICE, device.issued_at, device.expires_at);
    (Secret::new(jwt::sign(key, &registered, &claims)), device)
}

/// Checks a device token at `now_unix_s` for `expected_user` against the user's revocations.
pub fn verify_device_token(
    key: &SecretKey,
    token: &str,
    expected_user: &str,
    revocations: &DeviceRevocations,
    now_unix_s: u64,
) -> Result<RememberedDevice, TokenError> {
    let verified = verify::<DeviceClaims>(key, token, SCOPE_DEVICE, DEVICE_LIFETIME_S, now_unix_s)?;
    same_user(&verified.claims.sub, expected_user)?;
    let device_id = verified.claims.jti;
    let revoked_one = revocations
        .revoked
        .iter()
        .any(|revoked| revoked.device_id == device_id);
    if verified.issued_at < revocations.devices_valid_after || revoked_one {
        return Err(TokenError::DeviceRevoked);
    }
    Ok(RememberedDevice {
        device_id,
        issued_at: verified.issued_at,
        expires_at: verified.expires_at,
    })
}

impl DeviceRevocations {
    /// Revokes one device at `now_unix_s`; entries whose tokens have expired are dropped.
    pub fn revoke(&mut self, device: &RememberedDevice, now_unix_s: u64) {
        self.revoked.retain(|revoked| revoked.until > now_unix_s);
        if !self.revoked.iter().any(|r| r.device_id == device.device_id) {
            self.revoked.push(RevokedDevice {
                device_id: device.device_id.clone(),
                until: device.expires_at,
            });
        }
    }

    /// Revokes every device remembered up to `now_unix_s`, this second included: the list of
    /// single revocations is no longer needed.
    pub fn revoke_all(&mut self, now_unix_s: u64) {
        self.devices_valid_after = now_unix_s.saturating_add(1);
        self.revoked.clear();
    }
}

/// The registered claims of an MFA token.
fn registered(scope: &str, issued_at: u64, expires_at: u64) -> Registered<'_> {
    Registered {
        audience: AUDIENCE,
        scope,
        issued_at,
        expires_at,
    }
}

/// `jwt::verify` with the MFA audience.
fn verify<T: serde::de::DeserializeOwned>(
    key: &SecretKey,
    token: &str,
    scope: &str,
    max_lifetime_s: u64,
    now_unix_s: u64,
) -> Result<jwt::Verified<T>, TokenError> {
    let expected = Expected {
        audience: AUDIENCE,
        scope,
        max_lifetime_s,
    };
    jwt::verify(key, token, &expected, now_unix_s).map_err(TokenError::Invalid)
}

/// Refuses a token whose `sub` is not `expected`.
fn same_user(sub: &str, expected: &str) -> Result<(), TokenError> {
    if !valid_user_id(sub) {
        return Err(TokenError::InvalidUserId);
    }
    if sub != expected {
        return Err(TokenError::OtherUser);
    }
    Ok(())
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Invalid(refused) => write!(f, "the mfa token was refused: {refused}"),
            TokenError::InvalidUserId => {
                f.write_str("the mfa token's sub is not 1 to 128 letters, digits and . _ - : @ |")
            }
            TokenError::OtherUser => f.write_str("the mfa token belongs to another user"),
            TokenError::DeviceRevoked => {
                f.write_str("this device is no longer remembered; verify again")
            }
        }
    }
}

impl std::error::Error for TokenError {}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    const NOW: u64 = 1_700_000_000;

    fn key() -> SecretKey {
        SecretKey::new(b"mfa token key shared with the host, 32+ bytes").expect("long enough")
    }

    fn other_key() -> SecretKey {
        SecretKey::new(&[5; 32]).expect("long enough")
    }

    /// The claims of a compact JWT, as JSON text.
    fn claims_of(token: &str) -> String {
        let payload = token.split('.').nth(1).unwrap_or_default();
        String::from_utf8(URL_SAFE_NO_PAD.decode(payload).unwrap_or_default()).unwrap_or_default()
    }

    fn result(method: Method) -> VerificationResult {
        VerificationResult {
            sub: "user-42".to_owned(),
            jti: "0123456789abcdef0123456789abcdef".to_owned(),
            method,
            remembered: false,
            recovery_codes_left: None,
        }
    }

    #[test]
    fn the_user_token_names_its_user_and_lives_at_most_fifteen_minutes() {
        let token = sign_user_token(&key(), "user-42", NOW, NOW + 900);
        assert_eq!(
            claims_of(&token),
            r#"{"exp":1700000900,"iat":1700000000,"aud":"sendready:mfa","scope":"mfa","sub":"user-42"}"#
        );
        assert_eq!(
            verify_user_token(&key(), &token, NOW + 10),
            Ok(UserToken {
                user_id: "user-42".to_owned(),
                expires_at: NOW + 900
            })
        );
        let too_long = sign_user_token(&key(), "user-42", NOW, NOW + 3600);
        assert_eq!(
            verify_user_token(&key(), &too_long, NOW),
            Err(TokenError::Invalid(JwtError::TooLongLived {
                exp: NOW + 3600
            }))
        );
        let bad_user = sign_user_token(&key(), "user 42", NOW, NOW + 900);
        assert_eq!(
            verify_user_token(&key(), &bad_user, NOW),
            Err(TokenError::InvalidUserId)
        );
    }

    #[test]
    fn forged_and_expired_tokens_are_refused() {
        let forged = sign_user_token(&other_key(), "user-42", NOW, NOW + 900);
        assert_eq!(
            verify_user_token(&key(), &forged, NOW),
            Err(TokenError::Invalid(JwtError::BadSignature))
        );
        let token = sign_user_token(&key(), "user-42", NOW, NOW + 900);
        assert_eq!(
            verify_user_token(&key(), &token, NOW + 900),
            Err(TokenError::Invalid(JwtError::Expired { exp: NOW + 900 }))
        );
        let result_token = sign_result(&key(), &result(Method::Totp), NOW);
        assert_eq!(
            verify_result(&key(), &result_token, "user-42", NOW + RESULT_LIFETIME_S),
            Err(TokenError::Invalid(JwtError::Expired {
                exp: NOW + RESULT_LIFETIME_S
            }))
        );
        let mut tampered = result_token.clone();
        tampered.replace_range(tampered.len() - 3.., "AAA");
        assert_eq!(
            verify_result(&key(), &tampered, "user-42", NOW),
            Err(TokenError::Invalid(JwtError::BadSignature))
        );
    }

    #[test]
    fn the_result_carries_its_jti_the_method_and_the_recovery_codes_left() {
        let plain = sign_result(&key(), &result(Method::Totp), NOW);
        assert_eq!(
            claims_of(&plain),
            r#"{"exp":1700000300,"iat":1700000000,"aud":"sendready:mfa","scope":"mfa:result","sub":"user-42","jti":"0123456789abcdef0123456789abcdef","method":"totp","remembered":false}"#
        );
        assert_eq!(
            verify_result(&key(), &plain, "user-42", NOW + 1),
            Ok(result(Method::Totp))
        );
        let recovered = VerificationResult {
            recovery_codes_left: Some(3),
            remembered: true,
            ..result(Method::RecoveryCode)
        };
        let token = sign_result(&key(), &recovered, NOW);
        assert!(
            claims_of(&token).ends_with(
                r#""method":"recovery_code","remembered":true,"recovery_codes_left":3}"#
            )
        );
        assert_eq!(verify_result(&key(), &token, "user-42", NOW), Ok(recovered));
    }

    #[test]
    fn another_users_token_is_refused() {
        let token = sign_result(&key(), &result(Method::Email), NOW);
        assert_eq!(
            verify_result(&key(), &token, "user-43", NOW),
            Err(TokenError::OtherUser)
        );
        let (device, _) = sign_device_token(&key(), "user-42", &[1; 16], NOW);
        assert_eq!(
            verify_device_token(
                &key(),
                device.expose(),
                "user-43",
                &DeviceRevocations::default(),
                NOW
            ),
            Err(TokenError::OtherUser)
        );
    }

    #[test]
    fn a_token_of_another_kind_or_audience_is_refused() {
        let user_token = sign_user_token(&key(), "user-42", NOW, NOW + 300);
        assert_eq!(
            verify_result(&key(), &user_token, "user-42", NOW),
            Err(TokenError::Invalid(JwtError::InvalidClaims))
        );
        let user_scoped = jwt::sign(
            &key(),
            &registered(SCOPE_USER, NOW, NOW + 60),
            &result(Method::Totp),
        );
        assert_eq!(
            verify_result(&key(), &user_scoped, "user-42", NOW),
            Err(TokenError::Invalid(JwtError::MissingScope))
        );
        // A result has a `jti` as a device token has: only the scope tells them apart.
        let result_token = sign_result(&key(), &result(Method::Totp), NOW);
        assert_eq!(
            verify_device_token(
                &key(),
                &result_token,
                "user-42",
                &DeviceRevocations::default(),
                NOW
            ),
            Err(TokenError::Invalid(JwtError::MissingScope))
        );
        let registered = Registered {
            audience: "sendready:api",
            scope: SCOPE_RESULT,
            issued_at: NOW,
            expires_at: NOW + 60,
        };
        let elsewhere = jwt::sign(&key(), &registered, &result(Method::Totp));
        assert_eq!(
            verify_result(&key(), &elsewhere, "user-42", NOW),
            Err(TokenError::Invalid(JwtError::WrongAudience))
        );
    }

    #[test]
    fn a_remembered_device_lasts_thirty_days() {
        let (token, device) = sign_device_token(&key(), "user-42", &[0xab; 16], NOW);
        assert_eq!(device.device_id, "ab".repeat(16));
        assert_eq!(device.expires_at, NOW + DEVICE_LIFETIME_S);
        assert_eq!(
            claims_of(token.expose()),
            format!(
                r#"{{"exp":1702592000,"iat":1700000000,"aud":"sendready:mfa","scope":"mfa:device","sub":"user-42","jti":"{}"}}"#,
                device.device_id
            )
        );
        let none = DeviceRevocations::default();
        let day_29 = NOW + 29 * 24 * 3600;
        assert_eq!(
            verify_device_token(&key(), token.expose(), "user-42", &none, day_29),
            Ok(device.clone())
        );
        assert_eq!(
            verify_device_token(&key(), token.expose(), "user-42", &none, device.expires_at),
            Err(TokenError::Invalid(JwtError::Expired {
                exp: device.expires_at
            }))
        );
        assert_eq!(format!("{token:?}"), "Secret([redacted])");
    }

    #[test]
    fn one_device_is_revoked_and_the_others_stay() {
        let (laptop, laptop_device) = sign_device_token(&key(), "user-42", &[1; 16], NOW);
        let (phone, phone_device) = sign_device_token(&key(), "user-42", &[2; 16], NOW);
        let mut revocations = DeviceRevocations::default();
        revocations.revoke(&laptop_device, NOW + 10);
        revocations.revoke(&laptop_device, NOW + 11);
        assert_eq!(revocations.revoked.len(), 1);
        let check = |token: &Secret, revocations: &DeviceRevocations| {
            verify_device_token(&key(), token.expose(), "user-42", revocations, NOW + 20)
        };
        assert_eq!(check(&laptop, &revocations), Err(TokenError::DeviceRevoked));
        assert_eq!(check(&phone, &revocations), Ok(phone_device));
        // Entries outlive their tokens by nothing: a later revocation drops expired ones.
        let (_, tablet) = sign_device_token(&key(), "user-42", &[3; 16], NOW + 40);
        revocations.revoke(&tablet, laptop_device.expires_at);
        assert_eq!(revocations.revoked.len(), 1);
        assert_eq!(revocations.revoked[0].device_id, tablet.device_id);
    }

    #[test]
    fn revoking_all_refuses_every_earlier_token_but_not_later_ones() {
        let (before, _) = sign_device_token(&key(), "user-42", &[1; 16], NOW);
        let (same_second, _) = sign_device_token(&key(), "user-42", &[2; 16], NOW + 100);
        let mut revocations = DeviceRevocations::default();
        revocations.revoke_all(NOW + 100);
        let (after, after_device) = sign_device_token(&key(), "user-42", &[3; 16], NOW + 101);
        let check = |token: &Secret| {
            verify_device_token(&key(), token.expose(), "user-42", &revocations, NOW + 200)
        };
        assert_eq!(check(&before), Err(TokenError::DeviceRevoked));
        assert_eq!(check(&same_second), Err(TokenError::DeviceRevoked));
        assert_eq!(check(&after), Ok(after_device));
        let json = serde_json::to_string(&revocations).unwrap_or_default();
        assert_eq!(json, r#"{"devices_valid_after":1700000101,"revoked":[]}"#);
    }

    #[test]
    fn refusals_are_lowercase_and_never_quote_the_token() {
        let token = sign_user_token(&key(), "user-42", NOW, NOW + 900);
        for refusal in [
            TokenError::Invalid(JwtError::BadSignature),
            TokenError::InvalidUserId,
            TokenError::OtherUser,
            TokenError::DeviceRevoked,
        ] {
            let text = refusal.to_string();
            assert!(text.starts_with(|c: char| c.is_lowercase()), "{text}");
            assert!(!text.contains(&token));
        }
    }
}
