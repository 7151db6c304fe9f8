//! `POST /api/accounts`: saving needs the host's admin token and a fresh passing test of exactly those settings.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sendready_shared::admin_token::SCOPE_ACCOUNTS_WRITE;
use sendready_tests::accounts::admin_token_for;
use sendready_tests::{Environment, HttpResponse, http_request, secret_forms, test_request};
use serde_json::{Value, json};

/// The tenant every account of these tests is saved for.
const TENANT: &str = "tenant-42";

fn save(environment: &Environment, token: Option<&str>, body: &Value) -> HttpResponse {
    let bearer = token.map(|token| format!("Bearer {token}"));
    let mut headers = vec![("content-type", "application/json")];
    if let Some(bearer) = &bearer {
        headers.push(("authorization", bearer.as_str()));
    }
    http_request(
        environment.worker_port,
        "POST",
        "/api/accounts",
        &headers,
        body.to_string().as_bytes(),
    )
}

/// A passing test of alice's STARTTLS settings: the form and its attestation.
fn passing_test(environment: &Environment) -> (Value, String) {
    let (user, password) = &environment.users[0];
    let request = test_request(environment.starttls_port, "starttls", user, password, false);
    let run = environment.run_test(&request);
    let attestation = run
        .attestation
        .clone()
        .unwrap_or_else(|| panic!("a passing test carries an attestation: {}", run.pretty()));
    (request["form"].clone(), attestation.token)
}

#[test]
fn a_tested_account_is_saved_without_its_password_in_the_answer() {
    let environment = Environment::from_env();
    let (form, attestation) = passing_test(&environment);
    let token = admin_token_for(SCOPE_ACCOUNTS_WRITE, TENANT, 300);
    let response = save(
        &environment,
        Some(&token),
        &json!({ "form": form, "attestation": attestation }),
    );
    let text = String::from_utf8_lossy(&response.body).into_owned();
    assert_eq!(response.status, 201, "{text}");
    let account: Value = serde_json::from_str(&text).expect("a saved account");
    assert_eq!(account["tenant"], "tenant-42");
    assert_eq!(account["email"], environment.users[0].0);
    assert!(
        !text.contains(&environment.users[0].1),
        "the answer must not contain the password"
    );
    // Nothing readable at rest: the local D1 files hold the account, never its password.
    let (user, password) = &environment.users[0];
    let stored = local_storage_bytes(&environment);
    assert!(
        contains(&stored, user.as_bytes()),
        "the saved account is not in the local D1 files"
    );
    for form in secret_forms(user, password) {
        assert!(
            !contains(&stored, form.as_bytes()),
            "the database holds the password in the clear"
        );
    }
}

/// Every byte of the worker's local storage (`wrangler dev --persist-to`), D1 included.
fn local_storage_bytes(environment: &Environment) -> Vec<u8> {
    fn walk(dir: &std::path::Path, into: &mut Vec<u8>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, into);
            } else if let Ok(bytes) = std::fs::read(&path) {
                into.extend_from_slice(&bytes);
            }
        }
    }
    let mut bytes = Vec::new();
    let state = std::path::Path::new(&environment.log_dir)
        .join(format!("wrangler-state-{}", environment.worker_port));
    walk(&state, &mut bytes);
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[test]
fn saving_without_a_valid_admin_token_is_unauthorised() {
    let environment = Environment::from_env();
    let (form, attestation) = passing_test(&environment);
    let body = json!({ "form": form, "attestation": attestation });
    let missing = save(&environment, None, &body);
    assert_eq!(
        (missing.status, missing.error_code().as_str()),
        (401, "unauthorized")
    );
    let expired = save(
        &environment,
        Some(&admin_token_for(SCOPE_ACCOUNTS_WRITE, TENANT, -10)),
        &body,
    );
    assert_eq!(
        (expired.status, expired.error_code().as_str()),
        (401, "unauthorized")
    );
    let forged = format!("{}x", admin_token_for(SCOPE_ACCOUNTS_WRITE, TENANT, 300));
    let forged = save(&environment, Some(&forged), &body);
    assert_eq!(
        (forged.status, forged.error_code().as_str()),
        (401, "unauthorized")
    );
    let wrong_scope = save(
        &environment,
        Some(&admin_token_for("accounts:read", TENANT, 300)),
        &body,
    );
    assert_eq!(
        (wrong_scope.status, wrong_scope.error_code().as_str()),
        (403, "forbidden")
    );
}

#[test]
fn saving_with_a_forged_or_mismatched_attestation_is_refused() {
    let environment = Environment::from_env();
    let (form, attestation) = passing_test(&environment);
    let token = admin_token_for(SCOPE_ACCOUNTS_WRITE, TENANT, 300);
    let mut tampered = attestation.clone();
    let last = tampered
        .pop()
        .map_or('A', |last| if last == 'A' { 'B' } else { 'A' });
    tampered.push(last);
    let forged = save(
        &environment,
        Some(&token),
        &json!({ "form": form, "attestation": tampered }),
    );
    assert_eq!(
        (forged.status, forged.error_code().as_str()),
        (409, "attestation_rejected")
    );
    let mut edited = form.clone();
    edited["password"] = json!(format!("{}-edited", environment.users[0].1));
    let mismatch = save(
        &environment,
        Some(&token),
        &json!({ "form": edited, "attestation": attestation }),
    );
    assert_eq!(
        (mismatch.status, mismatch.error_code().as_str()),
        (409, "attestation_rejected")
    );
    let mut other_port = form.clone();
    other_port["port"] = json!(environment.implicit_tls_port.to_string());
    other_port["security"] = json!("implicit_tls");
    let moved = save(
        &environment,
        Some(&token),
        &json!({ "form": other_port, "attestation": attestation }),
    );
    assert_eq!(
        (moved.status, moved.error_code().as_str()),
        (409, "attestation_rejected")
    );
    // The same MAC over claims with an expiry long past: refused whichever check notices first.
    let parts: Vec<&str> = attestation.split('.').collect();
    let mut claims: Value = URL_SAFE_NO_PAD
        .decode(parts[1])
        .ok()
        .and_then(|json| serde_json::from_slice(&json).ok())
        .expect("the attestation's claims are base64url JSON");
    claims["exp"] = json!(1000);
    let expired_long_ago = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        parts[2]
    );
    let stale = save(
        &environment,
        Some(&token),
        &json!({ "form": form, "attestation": expired_long_ago }),
    );
    assert_eq!(
        (stale.status, stale.error_code().as_str()),
        (409, "attestation_rejected")
    );
    let invalid = save(
        &environment,
        Some(&token),
        &json!({ "form": {}, "attestation": attestation }),
    );
    assert_eq!(
        invalid.status, 422,
        "an invalid form is refused before the attestation is looked at"
    );
}
