//! `MfaUser`: one Durable Object per MFA user, deciding every verification on in-memory state.
//!
//! The object is named by a hash of the host's user id and holds that user's state: the
//! pending and the active TOTP secret (sealed with AES-256-GCM under `MFA_SEAL_KEY`, the user
//! id hash as associated data), the last accepted TOTP step, the one `LockoutState` every
//! method shares, the recovery codes' keyed hashes and the device revocations. A Durable
//! Object handles its requests one at a time between awaits, and every decision below reads
//! and writes the in-memory state without awaiting in between, so a TOTP step or a recovery
//! code is accepted exactly once even when submissions race. The state is written to storage
//! before the answer goes out; if it cannot be read or written, the answer is a refusal.

use std::cell::{Cell, RefCell};

use sendready_shared::api::{ApiError, ErrorCode};
use sendready_shared::mfa::email_code::EmailCodeState;
use sendready_shared::mfa::lockout::{Locked, LockoutState};
use sendready_shared::mfa::recovery::{self, RecoveryCodes};
use sendready_shared::mfa::tokens::{
    self, DeviceRevocations, RememberedDevice, VerificationResult,
};
use sendready_shared::mfa::totp::{self, TotpState};
use sendready_shared::mfa::{Method, recovery::COUNT};
use sendready_shared::secret::Secret;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use worker::{DurableObject, Env, Request, Response, Result, State, durable_object};

use crate::config::{aes_key, hmac_key, now_unix_s, random_bytes, random_hex};
use crate::mfa_verify::{self, failure, not_enrolled, totp_refusal};
use crate::sealing::{self, Sealed};

/// The one storage key of a user object: the whole [`UserState`].
const STATE_KEY: &str = "state";

/// Devices revoked one by one that are remembered; one more forgets every device instead, so a
/// user's state cannot grow without bound.
const MAX_REVOKED_DEVICES: usize = 200;

/// One operation on one user, as the HTTP side sends it to the user's object.
#[derive(Serialize, Deserialize)]
pub struct Call {
    pub user: String,
    pub op: Op,
}

/// Dev-only (`DEV_FAULTS`): how this object's storage should fail from now on, so the tests can
/// show that a verification is refused, never let through, when the state cannot be kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StorageFault {
    #[default]
    None,
    /// Reading the state fails (the in-memory copy is dropped, so the next request reads).
    Read,
    /// Writing the state fails.
    Write,
}

/// The request that sets a [`StorageFault`]; no [`Call`] has its field.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultCall {
    pub storage_fault: StorageFault,
}

/// What the HTTP side asks for; codes and tokens travel only inside the platform.
#[derive(Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    Status,
    Enroll {
        issuer: String,
        account: String,
    },
    Confirm {
        code: String,
    },
    Verify {
        method: VerifyMethod,
        code: String,
        remember_device: bool,
    },
    Device {
        device_token: String,
    },
    Revoke {
        device_id: Option<String>,
    },
    RegenerateRecoveryCodes,
    /// Draw an e-mailed code (remembering `email` first when the host gave one).
    SendEmailCode {
        email: Option<String>,
    },
    /// The host lifts a lock and, with `authenticator`, removes the user's factors.
    Reset {
        authenticator: bool,
    },
}

impl Op {
    /// Whether the operation checks a code or a token: such a refusal of unreadable state is
    /// the core's "storage unavailable" lock (429), anything else a 503.
    pub fn verifies(&self) -> bool {
        matches!(
            self,
            Op::Confirm { .. } | Op::Verify { .. } | Op::Device { .. } | Op::SendEmailCode { .. }
        )
    }
}

/// The methods `POST …/verify` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerifyMethod {
    Totp,
    RecoveryCode,
    Email,
}

/// The object's answer: the HTTP status, the JSON body (none for 204), `Retry-After`, and
/// for the worker alone a code to e-mail.
#[derive(Debug, Serialize, Deserialize)]
pub struct Outcome {
    pub status: u16,
    pub body: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// A code the worker must e-mail; never part of the client's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliver: Option<Delivery>,
}

/// An e-mailed code on its way from the user's object to the worker that sends it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Delivery {
    pub to: String,
    pub code: String,
}

impl Outcome {
    pub fn ok(body: Value) -> Self {
        Self {
            status: 200,
            body,
            retry_after: None,
            deliver: None,
        }
    }

    pub fn accepted(body: Value) -> Self {
        Self {
            status: 202,
            ..Self::ok(body)
        }
    }

    pub fn no_content() -> Self {
        Self {
            status: 204,
            ..Self::ok(Value::Null)
        }
    }

    pub fn refused(error: ApiError) -> Self {
        Self {
            status: error.code.status(),
            body: json!({ "error": error }),
            retry_after: None,
            deliver: None,
        }
    }

    pub fn locked(locked: Locked) -> Self {
        Self {
            retry_after: locked.retry_after_s(),
            ..Self::refused(ApiError::new(ErrorCode::MfaLocked, locked.to_string()))
        }
    }

    /// Fail closed when the user's state cannot be read or written.
    pub fn unavailable(op: &Op) -> Self {
        if op.verifies() {
            Self::locked(Locked::storage_unavailable())
        } else {
            Self::refused(ApiError::new(
                ErrorCode::NotConfigured,
                "two-step verification storage is unavailable; try again later",
            ))
        }
    }
}

/// Everything stored for one user. Fields added later default, so older states still load.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserState {
    pub pending: Option<Sealed>,
    pub active: Option<Sealed>,
    pub totp: TotpState,
    pub lockout: LockoutState,
    pub recovery: RecoveryCodes,
    pub devices: DeviceRevocations,
    /// The address the host gave for e-mailed codes.
    #[serde(default)]
    pub email: Option<String>,
    /// The outstanding e-mailed code's keyed hash, expiry, tries and recent sends.
    #[serde(default)]
    pub email_code: EmailCodeState,
}

/// The name of a user's object and the associated data of its sealed secrets.
pub fn user_hash(user: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(b"sendready:mfa:user:");
    hash.update(user.as_bytes());
    hex::encode(hash.finalize())
}

/// One user's MFA state.
#[durable_object(fetch)]
pub struct MfaUser {
    state: State,
    env: Env,
    /// The state as last decided on; `None` until loaded.
    user: RefCell<Option<UserState>>,
    /// Dev-only: the storage failure the tests asked for.
    fault: Cell<StorageFault>,
}

impl DurableObject for MfaUser {
    fn new(state: State, env: Env) -> Self {
        Self {
            state,
            env,
            user: RefCell::new(None),
            fault: Cell::new(StorageFault::None),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let body = req.text().await?;
        if let Ok(FaultCall { storage_fault }) = serde_json::from_str(&body)
            && self
                .env
                .var("DEV_FAULTS")
                .is_ok_and(|var| var.to_string() == "true")
        {
            self.fault.set(storage_fault);
            if storage_fault == StorageFault::Read {
                self.user.replace(None);
            }
            return Response::from_json(&json!({ "storage_fault": storage_fault }));
        }
        let call: Call = serde_json::from_str(&body)?;
        if self.load().await.is_err() {
            return Response::from_json(&Outcome::unavailable(&call.op));
        }
        // From here to the decision nothing is awaited: no other request to this user runs in
        // between, so a step or a recovery code is used exactly once.
        let (outcome, changed) = {
            let mut memory = self.user.borrow_mut();
            let state = memory.get_or_insert_with(UserState::default);
            let before = state.clone();
            let outcome = match decide(&self.env, state, &call) {
                Ok(outcome) | Err(outcome) => outcome,
            };
            let changed = (*state != before).then(|| state.clone());
            (outcome, changed)
        };
        if let Some(state) = changed
            && (self.fault.get() == StorageFault::Write
                || self.state.storage().put(STATE_KEY, &state).await.is_err())
        {
            // The in-memory state keeps the change (a used step stays used); the answer is a
            // refusal, so a success that was not stored is never handed out.
            return Response::from_json(&Outcome::unavailable(&call.op));
        }
        Response::from_json(&outcome)
    }
}

impl MfaUser {
    /// Reads the state from storage unless memory has it; memory filled meanwhile wins.
    async fn load(&self) -> Result<()> {
        if self.user.borrow().is_some() {
            return Ok(());
        }
        if self.fault.get() == StorageFault::Read {
            return Err(worker::Error::RustError("storage fault (dev)".to_owned()));
        }
        let stored = self.state.storage().get::<UserState>(STATE_KEY).await?;
        self.user
            .borrow_mut()
            .get_or_insert(stored.unwrap_or_default());
        Ok(())
    }
}

pub type Decision = std::result::Result<Outcome, Outcome>;

/// One operation on the in-memory state: synchronous, so it cannot interleave with another.
fn decide(env: &Env, state: &mut UserState, call: &Call) -> Decision {
    let now = now_unix_s();
    let aad = user_hash(&call.user);
    let refused = |error: ApiError| Outcome::refused(error);
    match &call.op {
        Op::Status => Ok(status(state, now)),
        Op::Enroll { issuer, account } => {
            let seal_key = aes_key(env, "MFA_SEAL_KEY").map_err(refused)?;
            let random: [u8; totp::SECRET_LEN] = random_bytes().map_err(refused)?;
            let enrollment = totp::enroll(&random, issuer, account).map_err(|error| {
                refused(ApiError::new(ErrorCode::MfaInvalidInput, error.to_string()))
            })?;
            state.pending =
                Some(sealing::seal(&seal_key, &aad, &enrollment.secret).map_err(Outcome::refused)?);
            Ok(Outcome::ok(json!({
                "secret": enrollment.secret.expose(),
                "secret_grouped": enrollment.secret_grouped.expose(),
                "uri": enrollment.uri.expose(),
            })))
        }
        Op::Confirm { code } => {
            let seal_key = aes_key(env, "MFA_SEAL_KEY").map_err(refused)?;
            let hash_key = hmac_key(env, "MFA_HASH_KEY").map_err(refused)?;
            let random: [u8; 32] = random_bytes().map_err(refused)?;
            let pending = state.pending.clone().ok_or_else(|| {
                not_enrolled("no authenticator enrollment is pending; start one first")
            })?;
            state.lockout.check(now).map_err(Outcome::locked)?;
            let secret = sealing::open(&seal_key, &aad, &pending).map_err(Outcome::refused)?;
            match totp::verify(&secret, &TotpState::default(), code, now) {
                Ok(accepted) => {
                    state.lockout.record_success();
                    state.active = Some(pending);
                    state.pending = None;
                    state.totp = accepted.state;
                    let (codes, stored) = recovery::generate(&hash_key, &random);
                    state.recovery = stored;
                    Ok(Outcome::ok(json!({ "recovery_codes": exposed(&codes) })))
                }
                Err(error) => Err(totp_refusal(state, error, now)),
            }
        }
        Op::Verify {
            method,
            code,
            remember_device,
        } => mfa_verify::verify(env, state, call, *method, code, *remember_device, now),
        Op::SendEmailCode { email } => {
            mfa_verify::issue_email_code(env, state, email.as_deref(), now)
        }
        Op::Reset { authenticator } => Ok(mfa_verify::reset(state, *authenticator, now)),
        Op::Device { device_token } => {
            let token_key = hmac_key(env, "MFA_TOKEN_KEY").map_err(refused)?;
            let jti = random_hex::<16>().map_err(refused)?;
            state.lockout.check(now).map_err(Outcome::locked)?;
            match tokens::verify_device_token(
                &token_key,
                device_token,
                &call.user,
                &state.devices,
                now,
            ) {
                Ok(_) => {
                    state.lockout.record_success();
                    let result = VerificationResult {
                        sub: call.user.clone(),
                        jti,
                        method: Method::RememberedDevice,
                        remembered: true,
                        recovery_codes_left: None,
                    };
                    Ok(Outcome::ok(
                        json!({ "result": tokens::sign_result(&token_key, &result, now) }),
                    ))
                }
                Err(_) => {
                    let error = ApiError::new(
                        ErrorCode::MfaDeviceNotRemembered,
                        "this device is not remembered (any more); enter a code",
                    );
                    Err(failure(state, error, now))
                }
            }
        }
        Op::Revoke { device_id } => {
            match device_id {
                Some(device_id) => {
                    let valid =
                        device_id.len() == 32 && device_id.bytes().all(|b| b.is_ascii_hexdigit());
                    if !valid {
                        return Err(refused(ApiError::new(
                            ErrorCode::MfaInvalidInput,
                            "device_id must be the 32 hex digits of a remembered device",
                        )));
                    }
                    let device = RememberedDevice {
                        device_id: device_id.to_ascii_lowercase(),
                        issued_at: now,
                        expires_at: now.saturating_add(tokens::DEVICE_LIFETIME_S),
                    };
                    state.devices.revoke(&device, now);
                    // The list stays bounded: past the cap, forget every device instead.
                    if state.devices.revoked.len() > MAX_REVOKED_DEVICES {
                        state.devices.revoke_all(now);
                    }
                }
                None => state.devices.revoke_all(now),
            }
            Ok(Outcome::no_content())
        }
        Op::RegenerateRecoveryCodes => {
            let hash_key = hmac_key(env, "MFA_HASH_KEY").map_err(refused)?;
            let random: [u8; 32] = random_bytes().map_err(refused)?;
            if state.active.is_none() {
                return Err(not_enrolled(
                    "recovery codes need an active authenticator app",
                ));
            }
            let (codes, stored) = recovery::generate(&hash_key, &random);
            state.recovery = stored;
            Ok(Outcome::ok(json!({ "recovery_codes": exposed(&codes) })))
        }
    }
}

/// `GET …/users/{user}`.
fn status(state: &UserState, now: u64) -> Outcome {
    let totp = if state.active.is_some() {
        "active"
    } else if state.pending.is_some() {
        "pending"
    } else {
        "none"
    };
    let locked = state.lockout.check(now).err();
    Outcome::ok(json!({
        "totp": totp,
        "recovery_codes_left": if state.active.is_some() { state.recovery.left() } else { 0 },
        "locked_for_s": locked.and_then(|locked| locked.retry_after_s()),
        "locked_until_reset": locked == Some(Locked::UntilReset),
        "email": state.email.is_some(),
    }))
}

fn exposed(codes: &[Secret]) -> Vec<String> {
    debug_assert_eq!(codes.len(), COUNT);
    codes.iter().map(|code| code.expose().to_owned()).collect()
}
