//! The `MfaUser` decisions that check a code or change what a user can sign in with: verify
//! (TOTP, recovery code, e-mailed code), issue an e-mailed code, and the host's reset.
//!
//! Each function runs synchronously on the in-memory state of `mfa_store::MfaUser`, so no other
//! request to the same user interleaves; the object stores the state before it answers.

use sendready_shared::api::{ApiError, ErrorCode};
use sendready_shared::mfa::Method;
use sendready_shared::mfa::email_code::{self, EmailCodeError};
use sendready_shared::mfa::lockout::Locked;
use sendready_shared::mfa::recovery::RecoveryError;
use sendready_shared::mfa::tokens::{self, VerificationResult};
use sendready_shared::mfa::totp::TotpState;
use sendready_shared::mfa::totp::{self, TotpError};
use serde_json::json;
use worker::Env;

use crate::config::{aes_key, hmac_key, random_bytes, random_hex};
use crate::mfa_store::{Call, Decision, Delivery, Outcome, UserState, VerifyMethod, user_hash};
use crate::sealing;

/// `POST …/verify` with a TOTP code, a recovery code or an e-mailed code.
pub fn verify(
    env: &Env,
    state: &mut UserState,
    call: &Call,
    method: VerifyMethod,
    code: &str,
    remember_device: bool,
    now: u64,
) -> Decision {
    let refused = |error: ApiError| Outcome::refused(error);
    let token_key = hmac_key(env, "MFA_TOKEN_KEY").map_err(refused)?;
    let seal_key = aes_key(env, "MFA_SEAL_KEY").map_err(refused)?;
    let hash_key = hmac_key(env, "MFA_HASH_KEY").map_err(refused)?;
    let device_random: [u8; 16] = random_bytes().map_err(refused)?;
    let jti = random_hex::<16>().map_err(refused)?;
    // An e-mailed code needs no authenticator app: the host may offer e-mail alone.
    let active = state.active.clone();
    if active.is_none() && method != VerifyMethod::Email {
        return Err(not_enrolled(
            "two-step verification is not set up for this user",
        ));
    }
    state.lockout.check(now).map_err(Outcome::locked)?;
    let (method, recovery_codes_left) = match (method, active) {
        (VerifyMethod::Totp, Some(active)) => {
            let secret = sealing::open(&seal_key, &user_hash(&call.user), &active)
                .map_err(Outcome::refused)?;
            match totp::verify(&secret, &state.totp, code, now) {
                Ok(accepted) => state.totp = accepted.state,
                Err(error) => return Err(totp_refusal(state, error, now)),
            }
            (Method::Totp, None)
        }
        (VerifyMethod::RecoveryCode, Some(_)) => match state.recovery.redeem(&hash_key, code) {
            Ok(left) => (Method::RecoveryCode, Some(left)),
            Err(error) => {
                let message = match error {
                    RecoveryError::Malformed => error.to_string(),
                    RecoveryError::Wrong => {
                        "this recovery code is not valid: wrong, already used or replaced"
                            .to_owned()
                    }
                };
                return Err(failure(
                    state,
                    ApiError::new(ErrorCode::MfaWrongCode, message),
                    now,
                ));
            }
        },
        (VerifyMethod::Email, _) => match state.email_code.verify(&hash_key, code, now) {
            Ok(()) => (Method::Email, None),
            Err(error) => return Err(email_refusal(state, error, now)),
        },
        (_, None) => {
            return Err(not_enrolled(
                "two-step verification is not set up for this user",
            ));
        }
    };
    state.lockout.record_success();
    let device_token = remember_device.then(|| {
        tokens::sign_device_token(&token_key, &call.user, &device_random, now)
            .0
            .expose()
            .to_owned()
    });
    let result = VerificationResult {
        sub: call.user.clone(),
        jti,
        method,
        remembered: device_token.is_some(),
        recovery_codes_left,
    };
    Ok(Outcome::ok(json!({
        "result": tokens::sign_result(&token_key, &result, now),
        "device_token": device_token,
        "recovery_codes_left": recovery_codes_left,
    })))
}

/// `POST …/email`: remembers the address the host gave, then draws a new code replacing any
/// outstanding one. The code leaves the object only as a [`Delivery`] for the worker to send;
/// the client's answer is the same whether an address is known or not.
pub fn issue_email_code(
    env: &Env,
    state: &mut UserState,
    email: Option<&str>,
    now: u64,
) -> Decision {
    let refused = |error: ApiError| Outcome::refused(error);
    let hash_key = hmac_key(env, "MFA_HASH_KEY").map_err(refused)?;
    let random: [u8; 32] = random_bytes().map_err(refused)?;
    if let Some(email) = email {
        state.email = Some(email.to_owned());
    }
    state.lockout.check(now).map_err(Outcome::locked)?;
    let mut outcome = Outcome::accepted(json!({ "expires_in_s": email_code::VALID_S }));
    let Some(to) = state.email.clone() else {
        return Ok(outcome);
    };
    match email_code::issue(&hash_key, &state.email_code, &random, now) {
        Ok((code, stored)) => {
            state.email_code = stored;
            outcome.deliver = Some(Delivery {
                to,
                code: code.expose().to_owned(),
            });
            Ok(outcome)
        }
        Err(error @ EmailCodeError::TooManySends { retry_after_s }) => Err(Outcome {
            retry_after: Some(retry_after_s),
            ..Outcome::refused(ApiError::new(ErrorCode::MfaTooManyCodes, error.to_string()))
        }),
        Err(other) => Err(Outcome::refused(ApiError::new(
            ErrorCode::MfaEmailUnavailable,
            other.to_string(),
        ))),
    }
}

/// `POST …/reset` (the host's API key only): lifts any lock, a hard one included; with
/// `authenticator` also removes the authenticator app, the recovery codes, any e-mailed code
/// and every remembered device, so the user enrolls again. The e-mail address stays.
pub fn reset(state: &mut UserState, authenticator: bool, now: u64) -> Outcome {
    state.lockout.reset();
    if authenticator {
        state.pending = None;
        state.active = None;
        state.totp = TotpState::default();
        state.recovery = Default::default();
        state.email_code = Default::default();
        state.devices.revoke_all(now);
    }
    Outcome::no_content()
}

/// A refused TOTP code: counted (unless the stored secret is damaged), with its own code.
pub fn totp_refusal(state: &mut UserState, error: TotpError, now: u64) -> Outcome {
    let code = match error {
        TotpError::InvalidSecret => {
            return Outcome::refused(ApiError::new(ErrorCode::NotConfigured, error.to_string()));
        }
        TotpError::Malformed | TotpError::Wrong => ErrorCode::MfaWrongCode,
        TotpError::Reused => ErrorCode::MfaCodeReused,
        TotpError::ClockDrift { .. } => ErrorCode::MfaClockDrift,
    };
    failure(state, ApiError::new(code, error.to_string()), now)
}

/// A refused e-mailed code: only a wrong code is counted; none waiting or a typo costs nothing.
fn email_refusal(state: &mut UserState, error: EmailCodeError, now: u64) -> Outcome {
    let message = error.to_string();
    match error {
        EmailCodeError::Wrong { .. } => {
            failure(state, ApiError::new(ErrorCode::MfaWrongCode, message), now)
        }
        EmailCodeError::Malformed => {
            Outcome::refused(ApiError::new(ErrorCode::MfaWrongCode, message))
        }
        EmailCodeError::NoCode | EmailCodeError::Expired | EmailCodeError::TooManySends { .. } => {
            Outcome::refused(ApiError::new(ErrorCode::MfaCodeExpired, message))
        }
    }
}

/// Counts a failure in the shared lockout and answers with `error`; the attempt that starts a
/// cooling-off still says what was wrong, the next one gets the 429.
pub fn failure(state: &mut UserState, error: ApiError, now: u64) -> Outcome {
    match state.lockout.record_failure(now) {
        Err(Locked::UntilReset) => Outcome::locked(Locked::UntilReset),
        _ => Outcome::refused(error),
    }
}

pub fn not_enrolled(message: &str) -> Outcome {
    Outcome::refused(ApiError::new(ErrorCode::MfaNotEnrolled, message))
}
