//! `POST /api/accounts`: saves the system e-mail account, only with authority and a fresh passing test.
//!
//! Two proofs are needed: an admin token signed by the host application (who may save, for which
//! tenant) and the attestation from a successful `POST /api/test` of exactly these settings. The
//! password is stored sealed with AES-256-GCM under a worker secret, the account id as
//! associated data, so a row copied to another id does not decrypt. An account that signs in
//! with OAuth stores its grant handle the same way, its grant must still be usable, and
//! `account_grants` records the use. Saving replaces the tenant's previous account, and the
//! grant that account used goes with it (unless the new one or another account uses it).

use sendready_shared::admin_token::{
    AdminClaims, AdminTokenError, SCOPE_ACCOUNTS_WRITE, sign_admin_token, verify_admin_token,
};
use sendready_shared::api::{
    ApiError, ErrorCode, PublicSettings, SaveAccountRequest, SavedAccount,
};
use sendready_shared::attestation;
use worker::{D1Database, Env, Request, Response, Result};

use crate::config::{Config, aes_key, hmac_key, now_unix_s, random_hex};
use crate::endpoints::{MAX_BODY_BYTES, signed_in_grant};
use crate::oauth_grants;
use crate::responses::{error, read_json};
use crate::sealing::{self, Sealed};

/// The table is created on first use, so a fresh local or remote database needs no migration step.
const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL UNIQUE,
    provider TEXT NOT NULL,
    display_name TEXT NOT NULL,
    email TEXT NOT NULL,
    username TEXT NOT NULL,
    host TEXT NOT NULL,
    port INTEGER NOT NULL,
    security TEXT NOT NULL,
    password_nonce TEXT NOT NULL,
    password_sealed TEXT NOT NULL,
    saved_at INTEGER NOT NULL
)";
const UPSERT: &str = "INSERT OR REPLACE INTO accounts
    (id, tenant, provider, display_name, email, username, host, port, security, password_nonce, password_sealed, saved_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

/// Checks the admin token, the settings and the attestation, then stores the account.
pub async fn save(mut req: Request, env: &Env, config: &Config) -> Result<Response> {
    match authorised_save(&mut req, env, config).await {
        Ok(account) => Ok(Response::from_json(&account)?.with_status(201)),
        Err(refused) => error(&refused),
    }
}

async fn authorised_save(
    req: &mut Request,
    env: &Env,
    config: &Config,
) -> std::result::Result<SavedAccount, ApiError> {
    let bearer = req
        .headers()
        .get("authorization")
        .ok()
        .flatten()
        .and_then(|value| value.strip_prefix("Bearer ").map(str::to_owned))
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Unauthorized,
                "saving needs an admin token from the host application",
            )
        })?;
    let now = now_unix_s();
    let claims = verify_admin_token(
        &hmac_key(env, "ADMIN_TOKEN_KEY")?,
        bearer.trim(),
        SCOPE_ACCOUNTS_WRITE,
        now,
    )
    .map_err(|refused| match refused {
        AdminTokenError::MissingScope(_) => {
            ApiError::new(ErrorCode::Forbidden, refused.to_string())
        }
        _ => ApiError::new(
            ErrorCode::Unauthorized,
            format!("the admin token was refused: {refused}"),
        ),
    })?;
    let request: SaveAccountRequest = read_json(req, MAX_BODY_BYTES).await?;
    let checked = match &request.oauth {
        None => request.form.check_with(&config.policy),
        Some(_) => request.form.check_oauth_with(&config.policy),
    };
    let settings = checked.settings.map_err(ApiError::invalid_settings)?;
    attestation::verify(
        &hmac_key(env, "ATTESTATION_KEY")?,
        &request.attestation,
        &settings,
        now,
    )
    .map_err(|refused| {
        ApiError::new(
            ErrorCode::AttestationRejected,
            format!("{refused}; run the test again, then save"),
        )
    })?;
    // An OAuth account: the attested grant must still work for the session that signed in.
    // The account keeps `oauth:<handle>` sealed in place of a password; the grant's tokens
    // stay sealed in `oauth_grants`.
    let grant_handle = match &request.oauth {
        None => None,
        Some(oauth) => {
            let grant = signed_in_grant(env, &settings, oauth).await?;
            grant.access_token(env, now).await?;
            settings.grant_handle()
        }
    };
    let id = random_hex::<16>()?;
    let Sealed { nonce, sealed } =
        sealing::seal(&aes_key(env, "ACCOUNT_KEY")?, &id, &settings.password)?;
    let account = SavedAccount {
        id,
        tenant: claims.tenant,
        settings: PublicSettings::from(&settings),
        saved_at: now,
    };
    let db = oauth_grants::database(env).await?;
    store(&db, &account, &nonce, &sealed, grant_handle).await?;
    Ok(account)
}

/// Replaces the tenant's account, its grant and the grant's use in one batch.
async fn store(
    db: &D1Database,
    account: &SavedAccount,
    nonce: &str,
    sealed: &str,
    grant_handle: Option<&str>,
) -> std::result::Result<(), ApiError> {
    let failed = |_| {
        ApiError::new(
            ErrorCode::NotConfigured,
            "the account could not be stored; try again",
        )
    };
    db.exec(&CREATE_TABLE.replace('\n', " "))
        .await
        .map_err(failed)?;
    let shown = &account.settings;
    let mut batch = Vec::from(oauth_grants::release_grants(
        db,
        &account.tenant,
        grant_handle,
    )?);
    let upsert = db
        .prepare(UPSERT)
        .bind(&[
            account.id.as_str().into(),
            account.tenant.as_str().into(),
            shown.provider.as_str().into(),
            shown.display_name.as_str().into(),
            shown.email.as_str().into(),
            shown.username.as_str().into(),
            shown.host.as_str().into(),
            f64::from(shown.port).into(),
            shown.security.as_str().into(),
            nonce.into(),
            sealed.into(),
            (account.saved_at as f64).into(),
        ])
        .map_err(failed)?;
    batch.push(upsert);
    if let Some(handle) = grant_handle {
        batch.push(oauth_grants::use_grant(db, &account.id, handle)?);
    }
    db.batch(batch).await.map_err(failed)?;
    Ok(())
}

/// `GET /dev/admin-token`, local development only (`DEV_ADMIN_TOKENS = "true"` in
/// `[env.dev.vars]`; everywhere else a 404): mints a 5-minute admin token for the tenant
/// `demo`, the way a host application's server would, so `embed.html` can show saving.
pub fn dev_admin_token(env: &Env, config: &Config) -> Result<Response> {
    if !config.dev_admin_tokens {
        return error(&ApiError::new(
            ErrorCode::NotFound,
            "there is no endpoint /dev/admin-token",
        ));
    }
    let key = match hmac_key(env, "ADMIN_TOKEN_KEY") {
        Ok(key) => key,
        Err(refused) => return error(&refused),
    };
    let now = now_unix_s();
    let claims = AdminClaims {
        scope: SCOPE_ACCOUNTS_WRITE.to_owned(),
        tenant: "demo".to_owned(),
        iat: now,
        exp: now + 300,
    };
    let mut response = Response::ok(sign_admin_token(&key, &claims))?;
    response.headers_mut().set("cache-control", "no-store")?;
    Ok(response)
}
