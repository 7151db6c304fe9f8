//! OAuth grants at rest and in use: the D1 tables of pending sign-ins, stored grants and the
//! saved accounts that use them, the token endpoint over `fetch`, and the fresh access token
//! every XOAUTH2 use starts with.
//!
//! A pending sign-in (nonce, widget session hash, preset, PKCE verifier sealed) is taken out
//! with `DELETE … RETURNING`, so a nonce is redeemed at most once. A grant (handle, session hash,
//! preset, address, refresh and access tokens each sealed with AES-256-GCM under `ACCOUNT_KEY`,
//! the handle as associated data) is read in two steps: `grant` gives who signed in through
//! which preset without calling the provider, so a use can be checked (and its abuse limits
//! asked) first; `Grant::access_token` then refreshes it `REFRESH_MARGIN_S` before its access
//! token expires, and a rotated refresh token replaces the stored one. A refused refresh is
//! logged (its kind, never a token) and answered with its diagnosis: never swallowed.
//!
//! A grant no saved account uses (`account_grants`) is deleted `UNUSED_GRANT_TTL_S` after it
//! was last written (signed in or refreshed), when the next sign-in is stored: its widget
//! session's secret lives only in that tab, so such a grant is abandoned long before. A saved
//! account's grant stays until the account is replaced (`accounts`).

use futures_util::StreamExt;
use futures_util::future::{Either, select};
use sendready_shared::api::{ApiError, ErrorCode};
use sendready_shared::diagnosis::{explain_oauth, explain_state};
use sendready_shared::oauth::state::StateError;
use sendready_shared::oauth::{
    self, MAX_RESPONSE_LEN, OauthClient, OauthFailure, PendingAuthorization, TokenError,
    TokenRequest, Tokens,
};
use sendready_shared::providers::ProviderId;
use sendready_shared::secret::Secret;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{
    D1Database, D1PreparedStatement, Delay, Env, Fetch, Headers, Method, Request, RequestInit,
};

use crate::config::aes_key;
use crate::sealing::{self, Sealed};

/// How long the token endpoint may take, in milliseconds.
const TOKEN_TIMEOUT_MS: u64 = 10_000;

/// How long a grant no saved account uses is kept after it was last written, in seconds: a
/// day. Its attestations expire after 15 minutes and the widget session that may use it ends
/// with its tab; a day still covers a person who signs in, leaves the form open and saves in
/// the afternoon, while keeping refresh tokens of abandoned sign-ins no longer than that.
const UNUSED_GRANT_TTL_S: u64 = 24 * 60 * 60;

const CREATE_PENDING: &str = "CREATE TABLE IF NOT EXISTS oauth_pending (
    nonce TEXT PRIMARY KEY,
    session TEXT NOT NULL,
    provider TEXT NOT NULL,
    verifier_nonce TEXT NOT NULL,
    verifier_sealed TEXT NOT NULL,
    expires_at INTEGER NOT NULL
)";
const CREATE_GRANTS: &str = "CREATE TABLE IF NOT EXISTS oauth_grants (
    handle TEXT PRIMARY KEY,
    session TEXT NOT NULL,
    provider TEXT NOT NULL,
    email TEXT NOT NULL,
    refresh_nonce TEXT NOT NULL,
    refresh_sealed TEXT NOT NULL,
    access_nonce TEXT NOT NULL,
    access_sealed TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
)";
/// Which saved account uses which grant: one row per account saved with OAuth.
const CREATE_ACCOUNT_GRANTS: &str = "CREATE TABLE IF NOT EXISTS account_grants (
    account TEXT PRIMARY KEY,
    handle TEXT NOT NULL
)";
const INSERT_PENDING: &str = "INSERT INTO oauth_pending
    (nonce, session, provider, verifier_nonce, verifier_sealed, expires_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
const PURGE_PENDING: &str = "DELETE FROM oauth_pending WHERE expires_at < ?1";
const TAKE_PENDING: &str = "DELETE FROM oauth_pending WHERE nonce = ?1
    RETURNING nonce, session, provider, verifier_nonce, verifier_sealed, expires_at";
const PURGE_GRANTS: &str = "DELETE FROM oauth_grants WHERE updated_at < ?1
    AND handle NOT IN (SELECT handle FROM account_grants)";
/// The grants of `tenant`'s saved account (about to be replaced) that no other account uses,
/// except `?2`, the grant the new account uses.
const RELEASE_GRANTS: &str = "DELETE FROM oauth_grants WHERE handle <> ?2 AND handle IN
    (SELECT g.handle FROM account_grants g JOIN accounts a ON a.id = g.account WHERE a.tenant = ?1)
    AND handle NOT IN
    (SELECT g.handle FROM account_grants g JOIN accounts a ON a.id = g.account WHERE a.tenant <> ?1)";
const RELEASE_USES: &str =
    "DELETE FROM account_grants WHERE account IN (SELECT id FROM accounts WHERE tenant = ?1)";
const INSERT_USE: &str = "INSERT OR REPLACE INTO account_grants (account, handle) VALUES (?1, ?2)";
const INSERT_GRANT: &str = "INSERT INTO oauth_grants
    (handle, session, provider, email, refresh_nonce, refresh_sealed, access_nonce, access_sealed, expires_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
const SELECT_GRANT: &str = "SELECT handle, session, provider, email, refresh_nonce, refresh_sealed,
    access_nonce, access_sealed, expires_at FROM oauth_grants WHERE handle = ?1";
const UPDATE_GRANT: &str = "UPDATE oauth_grants SET refresh_nonce = ?2, refresh_sealed = ?3,
    access_nonce = ?4, access_sealed = ?5, expires_at = ?6, updated_at = ?7 WHERE handle = ?1";

/// A pending sign-in as D1 returns it.
#[derive(Deserialize)]
struct PendingRow {
    nonce: String,
    session: String,
    provider: String,
    verifier_nonce: String,
    verifier_sealed: String,
    expires_at: f64,
}

/// A stored grant as D1 returns it.
#[derive(Deserialize)]
struct GrantRow {
    handle: String,
    session: String,
    provider: String,
    email: String,
    refresh_nonce: String,
    refresh_sealed: String,
    access_nonce: String,
    access_sealed: String,
    expires_at: f64,
}

/// A stored grant as read, before any refresh: who signed in through which preset, the tokens
/// still sealed.
pub struct Grant {
    pub provider: ProviderId,
    pub email: String,
    row: GrantRow,
    db: D1Database,
}

/// The database, with the three tables made on first use.
pub async fn database(env: &Env) -> Result<D1Database, ApiError> {
    let db = env.d1("DB").map_err(|_| {
        ApiError::new(
            ErrorCode::NotConfigured,
            "the service is not configured: no DB binding",
        )
    })?;
    for create in [CREATE_PENDING, CREATE_GRANTS, CREATE_ACCOUNT_GRANTS] {
        db.exec(&create.replace('\n', " "))
            .await
            .map_err(|_| storage_failed())?;
    }
    Ok(db)
}

/// Keeps a started sign-in until its callback, with the verifier sealed.
pub async fn keep_pending(
    env: &Env,
    db: &D1Database,
    pending: &PendingAuthorization,
    now: u64,
) -> Result<(), ApiError> {
    let Sealed { nonce, sealed } = sealing::seal(
        &aes_key(env, "ACCOUNT_KEY")?,
        &pending_aad(&pending.nonce),
        &pending.verifier,
    )?;
    execute(db, PURGE_PENDING, &[(now as f64).into()]).await?;
    execute(
        db,
        INSERT_PENDING,
        &[
            pending.nonce.as_str().into(),
            pending.session.as_str().into(),
            pending.provider.as_str().into(),
            nonce.into(),
            sealed.into(),
            (pending.expires_at as f64).into(),
        ],
    )
    .await?;
    Ok(())
}

/// Takes the pending sign-in of `nonce` out of the store: the second call for a nonce gets
/// `None`, whatever happens in between.
pub async fn take_pending(
    env: &Env,
    db: &D1Database,
    nonce: &str,
) -> Result<Option<PendingAuthorization>, ApiError> {
    let taken = db
        .prepare(TAKE_PENDING)
        .bind(&[nonce.into()])
        .map_err(|_| storage_failed())?
        .all()
        .await
        .map_err(|_| storage_failed())?;
    let rows: Vec<PendingRow> = taken.results().map_err(|_| storage_failed())?;
    let Some(row) = rows.into_iter().next() else {
        return Ok(None);
    };
    let verifier = sealing::open(
        &aes_key(env, "ACCOUNT_KEY")?,
        &pending_aad(&row.nonce),
        &Sealed {
            nonce: row.verifier_nonce,
            sealed: row.verifier_sealed,
        },
    )?;
    Ok(
        ProviderId::parse(&row.provider).map(|provider| PendingAuthorization {
            nonce: row.nonce,
            session: row.session,
            provider,
            verifier,
            expires_at: row.expires_at as u64,
        }),
    )
}

/// A grant the callback just received, for the widget session whose hash is `session`.
pub struct NewGrant<'a> {
    pub handle: &'a str,
    pub session: &'a str,
    pub provider: ProviderId,
    pub email: &'a str,
    pub tokens: &'a Tokens,
    pub refresh_token: &'a Secret,
}

/// Stores a new grant under its fresh handle, after deleting the grants no saved account has
/// used for `UNUSED_GRANT_TTL_S`.
pub async fn store_grant(
    env: &Env,
    db: &D1Database,
    grant: NewGrant<'_>,
    now: u64,
) -> Result<(), ApiError> {
    let NewGrant {
        handle,
        session,
        provider,
        email,
        tokens,
        refresh_token,
    } = grant;
    let key = aes_key(env, "ACCOUNT_KEY")?;
    let columns = [
        handle.into(),
        session.into(),
        provider.as_str().into(),
        email.into(),
    ];
    let sealed = token_columns(&key, handle, refresh_token, tokens, now)?;
    let abandoned_before = now.saturating_sub(UNUSED_GRANT_TTL_S) as f64;
    execute(db, PURGE_GRANTS, &[abandoned_before.into()]).await?;
    execute(db, INSERT_GRANT, &[columns.as_slice(), &sealed].concat()).await
}

/// The statements that, before `tenant`'s saved account is replaced, delete its grant (unless
/// the new account uses the same one, `keep`, or another account uses it too) and its use;
/// run in one batch with the replacement and `use_grant`, so they happen together or not at
/// all.
pub fn release_grants(
    db: &D1Database,
    tenant: &str,
    keep: Option<&str>,
) -> Result<[D1PreparedStatement; 2], ApiError> {
    let keep = keep.unwrap_or_default();
    Ok([
        db.prepare(RELEASE_GRANTS)
            .bind(&[tenant.into(), keep.into()])
            .map_err(|_| storage_failed())?,
        db.prepare(RELEASE_USES)
            .bind(&[tenant.into()])
            .map_err(|_| storage_failed())?,
    ])
}

/// The statement that records that the saved account `account` uses the grant `handle`, which
/// keeps the grant from being deleted as abandoned.
pub fn use_grant(
    db: &D1Database,
    account: &str,
    handle: &str,
) -> Result<D1PreparedStatement, ApiError> {
    db.prepare(INSERT_USE)
        .bind(&[account.into(), handle.into()])
        .map_err(|_| storage_failed())
}

/// The grant `handle` as stored, without calling the provider. With `session` (a widget
/// session's hash) the grant must belong to that session.
pub async fn grant(env: &Env, handle: &str, session: Option<&str>) -> Result<Grant, ApiError> {
    let db = database(env).await?;
    let row = db
        .prepare(SELECT_GRANT)
        .bind(&[handle.into()])
        .map_err(|_| storage_failed())?
        .first::<GrantRow>(None)
        .await
        .map_err(|_| storage_failed())?;
    let provider = row
        .as_ref()
        .and_then(|row| ProviderId::parse(&row.provider));
    let (Some(row), Some(provider)) = (row, provider) else {
        let gone = TokenError::of(OauthFailure::GrantRevoked, 0);
        return Err(ApiError::oauth_refused(explain_oauth(&gone, None)));
    };
    if session.is_some_and(|session| session != row.session) {
        let other = explain_state(StateError::OtherSession, Some(provider));
        return Err(ApiError::oauth_refused(other));
    }
    Ok(Grant {
        provider,
        email: row.email.clone(),
        row,
        db,
    })
}

impl Grant {
    /// An access token good for the next use: the stored one, or a new one from the provider
    /// when due (the rotated refresh token stored in place of the old one).
    pub async fn access_token(self, env: &Env, now: u64) -> Result<Secret, ApiError> {
        let Self {
            provider, row, db, ..
        } = self;
        let key = aes_key(env, "ACCOUNT_KEY")?;
        if !oauth::refresh_due(row.expires_at as u64, now) {
            return sealing::open(
                &key,
                &access_aad(&row.handle),
                &Sealed {
                    nonce: row.access_nonce,
                    sealed: row.access_sealed,
                },
            );
        }
        let refresh_token = sealing::open(
            &key,
            &refresh_aad(&row.handle),
            &Sealed {
                nonce: row.refresh_nonce,
                sealed: row.refresh_sealed,
            },
        )?;
        let client = client_for(env, provider)?;
        let answer = post_token(&oauth::refresh(&client, &refresh_token)).await;
        let tokens =
            answer.and_then(|(status, body)| oauth::parse_token_response(status, &body, now));
        let tokens = match tokens {
            Ok(tokens) => tokens,
            Err(refused) => {
                let diagnosis = explain_oauth(&refused, Some(provider));
                worker::console_error!(
                    "{}",
                    serde_json::json!({
                        "event": "oauth_refresh_failed",
                        "provider": provider.as_str(),
                        "kind": diagnosis.kind,
                        "status": refused.status,
                    })
                );
                return Err(ApiError::oauth_refused(diagnosis));
            }
        };
        // A rotated refresh token replaces the stored one; otherwise the old one stays valid.
        let refresh_token = tokens.refresh_token.as_ref().unwrap_or(&refresh_token);
        let sealed = token_columns(&key, &row.handle, refresh_token, &tokens, now)?;
        let handle = JsValue::from(row.handle.as_str());
        execute(&db, UPDATE_GRANT, &[[handle].as_slice(), &sealed].concat()).await?;
        Ok(tokens.access_token)
    }
}

/// The deployment's client for `provider` (`OAUTH_*` vars and secrets).
pub fn client_for(env: &Env, provider: ProviderId) -> Result<OauthClient, ApiError> {
    let var = |name: &str| {
        env.secret(name)
            .or_else(|_| env.var(name))
            .map(|value| value.to_string())
            .ok()
    };
    OauthClient::from_vars(provider, var).map_err(|refused| {
        let code = match refused {
            oauth::ClientConfigError::NotSupported(_) | oauth::ClientConfigError::Missing(_) => {
                ErrorCode::OauthNotOffered
            }
            _ => ErrorCode::NotConfigured,
        };
        ApiError::new(code, refused.to_string())
    })
}

/// Posts a token request and reads the status and at most `MAX_RESPONSE_LEN` bytes of body;
/// an unreachable or silent endpoint is the provider being unavailable.
pub async fn post_token(request: &TokenRequest) -> Result<(u16, Vec<u8>), TokenError> {
    let unavailable = || TokenError::of(OauthFailure::ProviderUnavailable, 0);
    let work = async {
        let headers = Headers::new();
        for (name, value) in [
            ("content-type", "application/x-www-form-urlencoded"),
            ("accept", "application/json"),
        ] {
            headers.set(name, value).map_err(|_| unavailable())?;
        }
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_headers(headers)
            .with_body(Some(wasm_bindgen::JsValue::from_str(request.body.expose())));
        let sent = Request::new_with_init(&request.url, &init).map_err(|_| unavailable())?;
        let mut response = Fetch::Request(sent)
            .send()
            .await
            .map_err(|_| unavailable())?;
        let status = response.status_code();
        let mut body = Vec::new();
        let mut stream = response.stream().map_err(|_| unavailable())?;
        while let Some(chunk) = stream.next().await {
            body.extend(chunk.map_err(|_| unavailable())?);
            if body.len() > MAX_RESPONSE_LEN {
                break;
            }
        }
        Ok((status, body))
    };
    let timeout = Delay::from(core::time::Duration::from_millis(TOKEN_TIMEOUT_MS));
    match select(Box::pin(work), timeout).await {
        Either::Left((answer, _)) => answer,
        Either::Right(_) => Err(unavailable()),
    }
}

/// A grant's token columns, in the order both statements list them: the refresh and the access
/// token sealed under their own associated data, the access token's expiry, the time written.
fn token_columns(
    key: &[u8; 32],
    handle: &str,
    refresh_token: &Secret,
    tokens: &Tokens,
    now: u64,
) -> Result<[JsValue; 6], ApiError> {
    let refresh = sealing::seal(key, &refresh_aad(handle), refresh_token)?;
    let access = sealing::seal(key, &access_aad(handle), &tokens.access_token)?;
    Ok([
        refresh.nonce.into(),
        refresh.sealed.into(),
        access.nonce.into(),
        access.sealed.into(),
        (tokens.expires_at as f64).into(),
        (now as f64).into(),
    ])
}

fn pending_aad(nonce: &str) -> String {
    format!("oauth-pending:{nonce}")
}

fn refresh_aad(handle: &str) -> String {
    format!("oauth-refresh:{handle}")
}

fn access_aad(handle: &str) -> String {
    format!("oauth-access:{handle}")
}

fn storage_failed() -> ApiError {
    ApiError::new(
        ErrorCode::NotConfigured,
        "the sign-in could not be stored or read; try again",
    )
}

/// Runs one statement that returns no rows; any failure is the store's.
async fn execute(db: &D1Database, sql: &str, values: &[JsValue]) -> Result<(), ApiError> {
    db.prepare(sql)
        .bind(values)
        .map_err(|_| storage_failed())?
        .run()
        .await
        .map_err(|_| storage_failed())?;
    Ok(())
}
