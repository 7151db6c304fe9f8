//! E-mailed codes leave through the saved system account: read and unseal it from D1, build the
//! message with the shared core, and send it with the shared probe over a Cloudflare socket.
//!
//! The system account is the one saved (`POST /api/accounts`) for the tenant named by the var
//! `MFA_EMAIL_TENANT` (default `system`). When there is none, or it fails to send, the end
//! user reads a plain "codes cannot be e-mailed now"; the administrator's diagnosis (the probe
//! report explained by `shared::diagnosis`) goes to the log and, for a caller with the host's
//! API key, into the answer. The code and the message body are never logged or answered.

use std::time::{Duration, SystemTime};

use sendready_shared::api::{ApiError, ErrorCode};
use sendready_shared::diagnosis::{Day, Diagnosis, explain};
use sendready_shared::ground::{ProviderId, Security};
use sendready_shared::mfa::email_code::{self, Sender};
use sendready_shared::secret::Secret;
use sendready_shared::settings::GRANT_PREFIX;
use sendready_shared::smtp::{
    Address, Credential, Deadlines, Outcome as ProbeOutcome, ProbeConfig,
};
use serde::Deserialize;
use serde_json::{Value, json};
use worker::Env;

use crate::config::{Config, aes_key, now_unix_s, random_hex};
use crate::mfa_store::{Delivery, Outcome};
use crate::oauth_grants;
use crate::sealing::{self, Sealed};

/// The tenant whose saved account sends the codes when `MFA_EMAIL_TENANT` is not set.
const DEFAULT_TENANT: &str = "system";

const SELECT_ACCOUNT: &str = "SELECT id, provider, display_name, email, username, host, port, \
    security, password_nonce, password_sealed FROM accounts WHERE tenant = ?1";

/// A saved account's row as D1 returns it.
#[derive(Deserialize)]
struct AccountRow {
    id: String,
    provider: String,
    display_name: String,
    email: String,
    username: String,
    host: String,
    port: f64,
    security: String,
    password_nonce: String,
    password_sealed: String,
}

/// Why no code went out, for the administrator: never shown to the end user.
struct NotSent {
    /// One line for the log and the host.
    reason: String,
    /// The probe's failure explained, when the account was tried.
    diagnosis: Option<Diagnosis>,
}

/// Sends `delivery` through the system account and turns the object's `accepted` answer into
/// the client's: unchanged when the code went out, else a 503 that tells the end user only
/// that codes cannot be e-mailed now (and the host, with `for_host`, why).
pub async fn deliver(
    env: &Env,
    config: &Config,
    delivery: Delivery,
    accepted: Outcome,
    for_host: bool,
) -> Outcome {
    let Err(not_sent) = send(env, config, delivery).await else {
        return accepted;
    };
    worker::console_error!(
        "{}",
        json!({
            "event": "mfa_email_not_sent",
            "reason": not_sent.reason,
            "kind": not_sent.diagnosis.as_ref().map(|diagnosis| diagnosis.kind),
        })
    );
    let mut refused = Outcome::refused(ApiError::new(
        ErrorCode::MfaEmailUnavailable,
        "a code cannot be e-mailed right now; use another way to sign in or try again later",
    ));
    if for_host && let Value::Object(body) = &mut refused.body {
        body.insert("reason".to_owned(), json!(not_sent.reason));
        body.insert("diagnosis".to_owned(), json!(not_sent.diagnosis));
    }
    refused
}

async fn send(env: &Env, config: &Config, delivery: Delivery) -> Result<(), NotSent> {
    let plain = |reason: &str| NotSent {
        reason: reason.to_owned(),
        diagnosis: None,
    };
    let tenant = env
        .var("MFA_EMAIL_TENANT")
        .map(|var| var.to_string())
        .unwrap_or_else(|_| DEFAULT_TENANT.to_owned());
    let row = system_account(env, &tenant)
        .await
        .map_err(|error| plain(&error.message))?;
    let provider = ProviderId::parse(&row.provider);
    let security = Security::parse(&row.security)
        .ok_or_else(|| plain("the saved system account has an unknown tls mode"))?;
    let port = row.port as u16;
    config
        .policy
        .check_destination(&row.host, port)
        .map_err(|refused| {
            plain(&format!(
                "the saved system account's server is not allowed: {refused}"
            ))
        })?;
    let sender_address: Address = row
        .email
        .parse()
        .map_err(|_| plain("the saved system account's address is not valid"))?;
    let to: Address = delivery
        .to
        .parse()
        .map_err(|_| plain("the user's address is not valid"))?;
    let password = sealing::open(
        &aes_key(env, "ACCOUNT_KEY").map_err(|error| plain(&error.message))?,
        &row.id,
        &Sealed {
            nonce: row.password_nonce,
            sealed: row.password_sealed,
        },
    )
    .map_err(|error| plain(&error.message))?;
    let credential = match password.expose().strip_prefix(GRANT_PREFIX) {
        None => Credential::Password(password),
        // An OAuth account: a fresh access token, refreshed first when due; a refused
        // refresh is the administrator's diagnosis, like a refused sign-in.
        Some(handle) => {
            let token = match oauth_grants::grant(env, handle, None).await {
                Ok(grant) => grant.access_token(env, now_unix_s()).await,
                Err(refused) => Err(refused),
            };
            let token = token.map_err(|refused| NotSent {
                reason: format!("the system account's sign-in failed: {}", refused.message),
                diagnosis: refused.diagnosis.map(|diagnosis| *diagnosis),
            })?;
            Credential::OAuthToken(token)
        }
    };
    let service = env
        .var("MFA_ISSUER")
        .map(|var| var.to_string())
        .unwrap_or_else(|_| "sendready".to_owned());
    let message_id = format!(
        "<mfa-{}@{}>",
        random_hex::<16>().map_err(|error| plain(&error.message))?,
        config.ehlo_name
    );
    let now = SystemTime::UNIX_EPOCH + Duration::from_millis(js_sys::Date::now() as u64);
    let message = email_code::outgoing(
        &Secret::new(delivery.code),
        &service,
        Sender {
            address: sender_address,
            display_name: &row.display_name,
        },
        to,
        now,
        message_id,
    );
    let probe = ProbeConfig {
        provider: provider.filter(|id| *id != ProviderId::Other),
        host: row.host,
        port,
        security,
        ehlo_name: config.ehlo_name.clone(),
        username: row.username,
        credential,
        test_message: Some(message),
        deadlines: Deadlines::default(),
    };
    let report = crate::smtp_socket::run_probe(probe, |_| {}).await;
    if report.outcome == ProbeOutcome::Success && report.message_sent {
        return Ok(());
    }
    Err(NotSent {
        reason: "the saved system account could not send the message".to_owned(),
        diagnosis: explain(&report, Some(Day::from_unix_seconds(now_unix_s()))),
    })
}

/// The saved account of `tenant`, or why there is none.
async fn system_account(env: &Env, tenant: &str) -> Result<AccountRow, ApiError> {
    let unavailable = |message: &str| ApiError::new(ErrorCode::MfaEmailUnavailable, message);
    let db = env
        .d1("DB")
        .map_err(|_| unavailable("the service has no DB binding"))?;
    let row = db
        .prepare(SELECT_ACCOUNT)
        .bind(&[tenant.into()])
        .map_err(|_| unavailable("the saved accounts cannot be read"))?
        .first::<AccountRow>(None)
        .await
        // A database where nothing was saved yet has no table: no account either.
        .unwrap_or(None);
    row.ok_or_else(|| {
        unavailable(&format!(
            "no system e-mail account is saved for the tenant {tenant} (MFA_EMAIL_TENANT)"
        ))
    })
}
