//! Saving tested settings through `POST /api/accounts` with a dev admin token, for the tests.

use sendready_shared::admin_token::{AdminClaims, SCOPE_ACCOUNTS_WRITE, sign_admin_token};
use sendready_shared::attestation::SecretKey;
use serde_json::{Value, json};

use crate::{Environment, HttpResponse, http_request};

/// The dev-only key from `wrangler.toml` `[env.dev.vars]`; public by design.
pub const DEV_ADMIN_TOKEN_KEY: &str = "dev-only-admin-token-key-0123456789abcdef";

/// An admin token with `scope` for `tenant` that expires `lifetime_s` from now (negative: already
/// expired).
pub fn admin_token_for(scope: &str, tenant: &str, lifetime_s: i64) -> String {
    let key = SecretKey::new(DEV_ADMIN_TOKEN_KEY.as_bytes()).expect("the dev key is long enough");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let exp = now.saturating_add_signed(lifetime_s);
    sign_admin_token(
        &key,
        &AdminClaims {
            scope: scope.to_owned(),
            tenant: tenant.to_owned(),
            iat: now.min(exp),
            exp,
        },
    )
}

/// A 5-minute admin token that saves accounts for `tenant`.
pub fn admin_token(tenant: &str) -> String {
    admin_token_for(SCOPE_ACCOUNTS_WRITE, tenant, 300)
}

/// `POST /api/accounts` for `tenant`: the form of a tested `request` (with its `oauth`, if any)
/// and the attestation of its passing test.
pub fn save_account(
    environment: &Environment,
    tenant: &str,
    request: &Value,
    attestation: &str,
) -> HttpResponse {
    let authorization = format!("Bearer {}", admin_token(tenant));
    let mut body = json!({ "form": request["form"], "attestation": attestation });
    if let Some(oauth) = request.get("oauth") {
        body["oauth"] = oauth.clone();
    }
    http_request(
        environment.worker_port,
        "POST",
        "/api/accounts",
        &[
            ("content-type", "application/json"),
            ("authorization", authorization.as_str()),
        ],
        body.to_string().as_bytes(),
    )
}

/// Tests `request`, which must pass, and saves it for `tenant`.
pub fn test_and_save(environment: &Environment, tenant: &str, request: &Value) -> HttpResponse {
    let run = environment.run_test(request);
    let attestation = run
        .attestation
        .clone()
        .unwrap_or_else(|| panic!("a passing test: {}", run.pretty()));
    save_account(environment, tenant, request, &attestation.token)
}
