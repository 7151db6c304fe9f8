//! The worker's configuration: vars and secrets from the environment, read once per request.

use sendready_shared::api::{ApiError, ErrorCode};
use sendready_shared::attestation::SecretKey;
use sendready_shared::policy::DestinationPolicy;
use worker::Env;

/// What one request needs to know about its deployment.
pub struct Config {
    /// The name the probe gives in EHLO.
    pub ehlo_name: String,
    pub policy: DestinationPolicy,
    /// Origins (scheme://host[:port]) allowed to call the API from another origin.
    pub allowed_origins: Vec<String>,
    /// `GET /dev/admin-token` answers only where this dev-only var is `true`.
    pub dev_admin_tokens: bool,
    /// `GET /dev/mfa-token` answers only where this dev-only var is `true`.
    pub dev_mfa_tokens: bool,
    /// `POST /dev/mfa-storage-fault` answers only where this dev-only var is `true`.
    pub dev_faults: bool,
    /// `POST /api/test` ends its stream with a `timings` line only where this dev-only var
    /// is `true` (`cargo xtask bench worker` sets it; no configuration file does).
    pub dev_timings: bool,
    /// The key attestations are signed with, or why the deployment has none (a 503).
    pub attestation_key: Result<SecretKey, ApiError>,
}

impl Config {
    pub fn from_env(env: &Env) -> Self {
        let text = |name: &str| env.var(name).map(|var| var.to_string()).ok();
        let allow_loopback = text("ALLOW_LOOPBACK").is_some_and(|value| value == "true");
        Self {
            ehlo_name: text("EHLO_NAME").unwrap_or_else(|| "sendready.invalid".to_owned()),
            policy: DestinationPolicy {
                allow_loopback,
                ..DestinationPolicy::default()
            },
            allowed_origins: text("ALLOWED_ORIGINS")
                .unwrap_or_default()
                .split(',')
                .map(|origin| origin.trim().trim_end_matches('/').to_owned())
                .filter(|origin| !origin.is_empty())
                .collect(),
            dev_admin_tokens: text("DEV_ADMIN_TOKENS").is_some_and(|value| value == "true"),
            dev_mfa_tokens: text("DEV_MFA_TOKENS").is_some_and(|value| value == "true"),
            dev_faults: text("DEV_FAULTS").is_some_and(|value| value == "true"),
            dev_timings: text("DEV_TIMINGS").is_some_and(|value| value == "true"),
            attestation_key: hmac_key(env, "ATTESTATION_KEY"),
        }
    }
}

/// An HMAC key from a secret (at least 32 bytes of text), or a 503 saying which is missing.
pub fn hmac_key(env: &Env, name: &str) -> Result<SecretKey, ApiError> {
    let value = secret_text(env, name)?;
    SecretKey::new(value.as_bytes()).map_err(|_| not_configured(name, "is shorter than 32 bytes"))
}

/// A 32-byte AES key from a secret holding it in standard base64.
pub fn aes_key(env: &Env, name: &str) -> Result<[u8; 32], ApiError> {
    use base64::Engine;
    let value = secret_text(env, name)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value.trim())
        .map_err(|_| not_configured(name, "is not base64"))?;
    bytes
        .try_into()
        .map_err(|_| not_configured(name, "must decode to exactly 32 bytes"))
}

/// Secrets come from `wrangler secret put`; local runs set them as dev-only vars.
pub fn secret_text(env: &Env, name: &str) -> Result<String, ApiError> {
    env.secret(name)
        .or_else(|_| env.var(name))
        .map(|value| value.to_string())
        .map_err(|_| not_configured(name, "is not set"))
}

fn not_configured(name: &str, problem: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotConfigured,
        format!("the service is not configured: the secret {name} {problem}"),
    )
}

/// Seconds since the Unix epoch, from the Workers clock.
pub fn now_unix_s() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Random bytes from the platform's CSPRNG (`crypto.getRandomValues`).
pub fn random_bytes<const N: usize>() -> Result<[u8; N], ApiError> {
    use wasm_bindgen::JsCast;
    let mut bytes = [0_u8; N];
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    scope
        .crypto()
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes))
        .map_err(|_| {
            ApiError::new(
                ErrorCode::NotConfigured,
                "the platform did not provide random bytes",
            )
        })?;
    Ok(bytes)
}

/// `N` random bytes as lowercase hex: unguessable ids.
pub fn random_hex<const N: usize>() -> Result<String, ApiError> {
    Ok(hex::encode(random_bytes::<N>()?))
}
