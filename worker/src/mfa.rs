//! `/api/mfa/users/{user}/…`: two-step verification for the host application's own users.
//!
//! This side authenticates the caller (the host's `MFA_API_KEY`, compared in constant time, or
//! an MFA user token whose `sub` is the path's user), checks the user id and the body, and
//! hands one [`Op`] to the user's `MfaUser` object (`mfa_store`), which decides. A failure to
//! reach the object is a refusal, never a pass. Nothing here logs a code, secret or token.

use sendready_shared::api::{ApiError, ErrorCode};
use sendready_shared::mfa::tokens::{self, TokenError};
use sendready_shared::mfa::valid_user_id;
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use worker::{Env, Method, Request, Response, Result};

use sendready_shared::smtp::Address;

use crate::config::{Config, hmac_key, now_unix_s, secret_text};
use crate::mfa_email;
use crate::mfa_store::{Call, FaultCall, Op, Outcome, StorageFault, VerifyMethod, user_hash};
use crate::responses::{error, read_json};
use crate::sealing::ask_object;

/// The Durable Object namespace binding in `wrangler.toml` (class `MfaUser`).
const BINDING: &str = "MFA_USER";

/// Largest MFA request body: the longest is a device token (a JWT of at most 2 KiB).
const MAX_MFA_BODY_BYTES: usize = 4096;

/// Where every MFA route starts.
pub const PREFIX: &str = "/api/mfa/users/";

/// The routes under `/api/mfa/users/{user}`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Route {
    Status,
    Enroll,
    Confirm,
    Verify,
    Device,
    Revoke,
    RecoveryCodes,
    EmailCode,
    Reset,
}

/// Who is calling: the host's server (API key, any user) or the browser (a user token).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Caller {
    Host,
    User,
}

/// Longest e-mail address accepted (RFC 5321's path limit).
const EMAIL_MAX: usize = 254;

#[derive(Deserialize, Default)]
struct EmailBody {
    #[serde(default)]
    email: Option<String>,
}

#[derive(Deserialize, Default)]
struct ResetBody {
    #[serde(default)]
    authenticator: bool,
}

#[derive(Deserialize)]
struct EnrollBody {
    account: String,
    #[serde(default)]
    issuer: Option<String>,
}

#[derive(Deserialize)]
struct CodeBody {
    code: String,
}

#[derive(Deserialize)]
struct VerifyBody {
    method: VerifyMethod,
    code: String,
    #[serde(default)]
    remember_device: bool,
}

#[derive(Deserialize)]
struct DeviceBody {
    device_token: String,
}

#[derive(Deserialize, Default)]
struct RevokeBody {
    #[serde(default)]
    device_id: Option<String>,
}

/// Answers one request whose path starts with [`PREFIX`].
pub async fn route(mut req: Request, env: &Env, method: &Method, path: &str) -> Result<Response> {
    let rest = path.strip_prefix(PREFIX).unwrap_or_default();
    let (raw_user, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let (route, allowed) = match tail {
        "" => (Route::Status, Method::Get),
        "totp" => (Route::Enroll, Method::Post),
        "totp/confirm" => (Route::Confirm, Method::Post),
        "verify" => (Route::Verify, Method::Post),
        "device" => (Route::Device, Method::Post),
        "devices/revoke" => (Route::Revoke, Method::Post),
        "recovery-codes" => (Route::RecoveryCodes, Method::Post),
        "email" => (Route::EmailCode, Method::Post),
        "reset" => (Route::Reset, Method::Post),
        _ => {
            return error(&ApiError::new(
                ErrorCode::NotFound,
                format!("there is no endpoint {path}"),
            ));
        }
    };
    if *method != allowed {
        return error(&ApiError::new(
            ErrorCode::MethodNotAllowed,
            format!("{path} accepts {allowed}"),
        ));
    }
    // `%XX` escapes decoded; anything undecodable stays as it is (and then fails the user id
    // check).
    let user = percent_encoding::percent_decode_str(raw_user)
        .decode_utf8_lossy()
        .into_owned();
    let (op, caller) = match prepare(&mut req, env, route, &user).await {
        Ok(prepared) => prepared,
        Err(refused) => return error(&refused),
    };
    let mut outcome = match ask(env, &user, op).await {
        Ok(outcome) => outcome,
        Err(outcome) => outcome,
    };
    if let Some(delivery) = outcome.deliver.take() {
        let config = Config::from_env(env);
        outcome = mfa_email::deliver(env, &config, delivery, outcome, caller == Caller::Host).await;
    }
    respond(&outcome)
}

/// Authentication, the user id and the body, in that order: an unauthenticated caller learns
/// nothing about the rest.
async fn prepare(
    req: &mut Request,
    env: &Env,
    route: Route,
    user: &str,
) -> std::result::Result<(Op, Caller), ApiError> {
    let caller = authenticate(req, env, user)?;
    if !valid_user_id(user) {
        return Err(ApiError::new(
            ErrorCode::MfaInvalidInput,
            "the user id must be 1 to 128 characters of a-z, A-Z, 0-9 and . _ - : @ |",
        ));
    }
    let op = match route {
        Route::Status => Op::Status,
        Route::Enroll => {
            let body: EnrollBody = read_json(req, MAX_MFA_BODY_BYTES).await?;
            let issuer = body
                .issuer
                .or_else(|| env.var("MFA_ISSUER").ok().map(|var| var.to_string()))
                .filter(|issuer| !issuer.is_empty())
                .unwrap_or_else(|| "sendready".to_owned());
            Op::Enroll {
                issuer,
                account: body.account,
            }
        }
        Route::Confirm => {
            let body: CodeBody = read_json(req, MAX_MFA_BODY_BYTES).await?;
            Op::Confirm { code: body.code }
        }
        Route::Verify => {
            let body: VerifyBody = read_json(req, MAX_MFA_BODY_BYTES).await?;
            Op::Verify {
                method: body.method,
                code: body.code,
                remember_device: body.remember_device,
            }
        }
        Route::Device => {
            let body: DeviceBody = read_json(req, MAX_MFA_BODY_BYTES).await?;
            Op::Device {
                device_token: body.device_token,
            }
        }
        Route::Revoke => {
            let body: RevokeBody = read_optional_json(req).await?;
            Op::Revoke {
                device_id: body.device_id,
            }
        }
        Route::RecoveryCodes => Op::RegenerateRecoveryCodes,
        Route::EmailCode => {
            let body: EmailBody = read_optional_json(req).await?;
            if body.email.is_some() && caller != Caller::Host {
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    "only the host's server (its api key) may set a user's e-mail address",
                ));
            }
            let email = body.email.map(|email| email.trim().to_owned());
            let valid =
                |email: &String| email.len() <= EMAIL_MAX && email.parse::<Address>().is_ok();
            if email.as_ref().is_some_and(|email| !valid(email)) {
                return Err(ApiError::new(
                    ErrorCode::MfaInvalidInput,
                    "email must be an e-mail address such as ada@example.com",
                ));
            }
            Op::SendEmailCode { email }
        }
        Route::Reset => {
            if caller != Caller::Host {
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    "only the host's server (its api key) may reset a user's two-step verification",
                ));
            }
            let body: ResetBody = read_optional_json(req).await?;
            Op::Reset {
                authenticator: body.authenticator,
            }
        }
    };
    Ok((op, caller))
}

/// `{}` or no body at all.
async fn read_optional_json<T: for<'de> Deserialize<'de> + Default>(
    req: &mut Request,
) -> std::result::Result<T, ApiError> {
    let empty = req
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .is_some_and(|length| length.trim() == "0");
    if empty {
        return Ok(T::default());
    }
    read_json(req, MAX_MFA_BODY_BYTES).await
}

/// The host's API key (any user) or a user token for exactly `user`.
fn authenticate(req: &Request, env: &Env, user: &str) -> std::result::Result<Caller, ApiError> {
    let unauthorized = |message: &str| ApiError::new(ErrorCode::Unauthorized, message);
    let bearer = req
        .headers()
        .get("authorization")
        .ok()
        .flatten()
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .map(|token| token.trim().to_owned())
        })
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            unauthorized("two-step verification needs the host's api key or an mfa user token")
        })?;
    if is_api_key(env, &bearer) {
        return Ok(Caller::Host);
    }
    let token_key = hmac_key(env, "MFA_TOKEN_KEY")?;
    match tokens::verify_user_token(&token_key, &bearer, now_unix_s()) {
        Ok(token) if token.user_id == user => Ok(Caller::User),
        Ok(_) | Err(TokenError::OtherUser) => Err(ApiError::new(
            ErrorCode::Forbidden,
            "this mfa user token is for another user",
        )),
        Err(_) => Err(unauthorized(
            "the mfa user token was refused: malformed, forged or expired",
        )),
    }
}

/// Whether `bearer` is the host's API key (`MFA_API_KEY`, at least 32 bytes): both are hashed
/// and the digests compared without an early exit, so timing says nothing about the key.
fn is_api_key(env: &Env, bearer: &str) -> bool {
    let Ok(api_key) = secret_text(env, "MFA_API_KEY") else {
        return false;
    };
    if api_key.len() < 32 {
        return false;
    }
    let expected = Sha256::digest(api_key.as_bytes());
    let presented = Sha256::digest(bearer.as_bytes());
    expected
        .iter()
        .zip(presented.iter())
        .fold(0_u8, |difference, (a, b)| difference | (a ^ b))
        == 0
}

/// Sends one operation to the user's object; a failure to reach it fails closed.
async fn ask(env: &Env, user: &str, op: Op) -> std::result::Result<Outcome, Outcome> {
    let call = Call {
        user: user.to_owned(),
        op,
    };
    let unavailable = |call: &Call| Outcome::unavailable(&call.op);
    ask_object(env, BINDING, &user_hash(user), &call)
        .await
        .map_err(|_| unavailable(&call))
}

/// The object's outcome as the client's response.
fn respond(outcome: &Outcome) -> Result<Response> {
    let mut response = if outcome.status == 204 {
        Response::empty()?.with_status(204)
    } else {
        Response::from_json(&outcome.body)?.with_status(outcome.status)
    };
    let headers = response.headers_mut();
    headers.set("cache-control", "no-store")?;
    if let Some(retry_after) = outcome.retry_after {
        headers.set("Retry-After", &retry_after.to_string())?;
    }
    Ok(response)
}

/// `GET /dev/mfa-token?user=ID`, local development only (`DEV_MFA_TOKENS = "true"` in
/// `[env.dev.vars]`; everywhere else a 404): a 15-minute MFA user token, the way a host
/// application's server would sign one, for the widget's demo and tests.
pub fn dev_mfa_token(req: &Request, env: &Env, config: &Config) -> Result<Response> {
    if !config.dev_mfa_tokens {
        return error(&ApiError::new(
            ErrorCode::NotFound,
            "there is no endpoint /dev/mfa-token",
        ));
    }
    let user = match query_user(req) {
        Ok(user) => user,
        Err(refused) => return error(&refused),
    };
    let key = match hmac_key(env, "MFA_TOKEN_KEY") {
        Ok(key) => key,
        Err(refused) => return error(&refused),
    };
    let now = now_unix_s();
    let token = tokens::sign_user_token(&key, &user, now, now + tokens::USER_TOKEN_MAX_LIFETIME_S);
    let mut response = Response::ok(token)?;
    response.headers_mut().set("cache-control", "no-store")?;
    Ok(response)
}

/// `POST /dev/mfa-storage-fault?user=ID&fault=read|write|none`, local development and tests
/// only (`DEV_FAULTS = "true"`; everywhere else a 404): from now on, the user's object fails to
/// read or to write its state, or works again.
pub async fn dev_storage_fault(req: &Request, env: &Env, config: &Config) -> Result<Response> {
    if !config.dev_faults {
        return error(&ApiError::new(
            ErrorCode::NotFound,
            "there is no endpoint /dev/mfa-storage-fault",
        ));
    }
    let user = match query_user(req) {
        Ok(user) => user,
        Err(refused) => return error(&refused),
    };
    let storage_fault = match query(req, "fault").as_deref() {
        Some("read") => StorageFault::Read,
        Some("write") => StorageFault::Write,
        Some("none") => StorageFault::None,
        _ => {
            return error(&ApiError::new(
                ErrorCode::MfaInvalidInput,
                "fault must be read, write or none",
            ));
        }
    };
    let call = FaultCall { storage_fault };
    match ask_object::<Value>(env, BINDING, &user_hash(&user), &call).await {
        Ok(answer) => Response::from_json(&answer),
        Err(_) => error(&ApiError::new(
            ErrorCode::NotConfigured,
            "the user's object could not be reached",
        )),
    }
}

/// A query parameter of a dev-only route.
fn query(req: &Request, key: &str) -> Option<String> {
    req.url().ok().and_then(|url| {
        url.query_pairs()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.into_owned())
    })
}

/// The `user` query parameter of a dev-only route, when it is a valid user id.
fn query_user(req: &Request) -> std::result::Result<String, ApiError> {
    query(req, "user")
        .filter(|user| valid_user_id(user))
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::MfaInvalidInput,
                "user must be 1 to 128 characters of a-z, A-Z, 0-9 and . _ - : @ |",
            )
        })
}
