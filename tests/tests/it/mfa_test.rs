//! `/api/mfa/users/{user}/…`: enrollment, TOTP replay and races, lockout, recovery codes, devices, auth.
//!
//! TOTP codes are computed by the harness (`sendready_tests::mfa`) with its own HMAC-SHA-1,
//! independently of the project's `mfa::totp`. Each test uses a user id of its own.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sendready_shared::jwt::SecretKey;
use sendready_shared::mfa::tokens::{sign_user_token, verify_result};
use sendready_tests::mfa::{API_KEY, TOKEN_KEY, base32_decode, now_s, totp};
use sendready_tests::{Environment, HttpResponse, http_request};
use serde_json::{Value, json};

/// Threads submitting one fresh code at once: with the replay and the drift before them, their
/// refusals make exactly the five failures that start a lockout, and no more.
const RACERS: usize = 4;

/// A user id no other test (or run) uses.
fn fresh_user(label: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .subsec_nanos();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("it-{label}-{}-{nanos}-{n}", now_s())
}

fn call(
    environment: &Environment,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: Option<&Value>,
) -> HttpResponse {
    let authorization = bearer.map(|token| format!("Bearer {token}"));
    let mut headers = vec![("content-type", "application/json")];
    if let Some(authorization) = &authorization {
        headers.push(("authorization", authorization.as_str()));
    }
    let body = body.map(Value::to_string).unwrap_or_default();
    http_request(
        environment.worker_port,
        method,
        path,
        &headers,
        body.as_bytes(),
    )
}

fn post(environment: &Environment, user: &str, tail: &str, body: &Value) -> HttpResponse {
    let path = format!("/api/mfa/users/{user}/{tail}");
    call(environment, "POST", &path, Some(API_KEY), Some(body))
}

fn status(environment: &Environment, user: &str) -> Value {
    let path = format!("/api/mfa/users/{user}");
    let response = call(environment, "GET", &path, Some(API_KEY), None);
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()
}

/// The current step, waiting first when fewer than 10 seconds of it are left, so a test's
/// requests all happen within the step it computed its codes for.
fn settled_step() -> u64 {
    loop {
        let now = now_s();
        if now % 30 < 20 {
            return now / 30;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Enrolls `user` and confirms with the previous step's code; returns the secret, the
/// recovery codes and the current step (whose code is still unused).
fn enroll_and_confirm(environment: &Environment, user: &str) -> (String, Vec<String>, u64) {
    let response = post(
        environment,
        user,
        "totp",
        &json!({ "account": "ada@example.com", "issuer": "Acme" }),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let enrollment = response.json();
    let secret = enrollment["secret"].as_str().expect("a secret").to_owned();
    assert_eq!(base32_decode(&secret).len(), 20, "a 160-bit secret");
    assert!(
        enrollment["uri"]
            .as_str()
            .is_some_and(|uri| uri.starts_with("otpauth://totp/Acme:") && uri.contains(&secret))
    );
    assert_eq!(
        enrollment["secret_grouped"]
            .as_str()
            .map(|g| g.replace(' ', "")),
        Some(secret.clone())
    );
    assert_eq!(status(environment, user)["totp"], "pending");
    let step = settled_step();
    let confirm = post(
        environment,
        user,
        "totp/confirm",
        &json!({ "code": totp(&secret, step - 1) }),
    );
    assert_eq!(confirm.status, 200, "{}", confirm.text());
    let codes: Vec<String> = confirm.json()["recovery_codes"]
        .as_array()
        .expect("recovery codes")
        .iter()
        .map(|code| code.as_str().expect("a code").to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    assert!(
        codes
            .iter()
            .all(|code| code.len() == 14 && code.matches('-').count() == 2)
    );
    (secret, codes, step)
}

fn verify(environment: &Environment, user: &str, method: &str, code: &str) -> HttpResponse {
    post(
        environment,
        user,
        "verify",
        &json!({ "method": method, "code": code, "remember_device": false }),
    )
}

#[test]
fn totp_is_enrolled_confirmed_and_each_step_accepted_exactly_once() {
    let environment = Environment::from_env();
    let user = fresh_user("totp");
    let before = status(&environment, &user);
    assert_eq!(before["totp"], "none");
    assert_eq!(before["locked_for_s"], Value::Null);
    let (secret, _, step) = enroll_and_confirm(&environment, &user);
    let after = status(&environment, &user);
    assert_eq!(after["totp"], "active");
    assert_eq!(after["recovery_codes_left"], 10);

    // A code of a later step, through the user's own token from the dev route.
    let token = http_request(
        environment.worker_port,
        "GET",
        &format!("/dev/mfa-token?user={user}"),
        &[],
        b"",
    );
    assert_eq!(token.status, 200);
    let token = token.text();
    let body = json!({ "method": "totp", "code": totp(&secret, step), "remember_device": false });
    let path = format!("/api/mfa/users/{user}/verify");
    let accepted = call(&environment, "POST", &path, Some(&token), Some(&body));
    assert_eq!(accepted.status, 200, "{}", accepted.text());
    let answer = accepted.json();
    assert_eq!(answer["device_token"], Value::Null);
    assert_eq!(answer["recovery_codes_left"], Value::Null);
    let key = SecretKey::new(TOKEN_KEY.as_bytes()).expect("long enough");
    let result = verify_result(
        &key,
        answer["result"].as_str().unwrap_or_default(),
        &user,
        now_s(),
    )
    .expect("a valid result token for this user");
    assert_eq!(result.method.as_str(), "totp");

    // The same code again: a replay.
    let replay = verify(&environment, &user, "totp", &totp(&secret, step));
    assert_eq!(replay.status, 422, "{}", replay.text());
    assert_eq!(replay.error_code(), "mfa_code_reused");
    assert!(!replay.text().contains(&totp(&secret, step)));

    // A code from a device whose clock is five minutes behind.
    let drifted = verify(&environment, &user, "totp", &totp(&secret, step - 10));
    assert_eq!(drifted.status, 422, "{}", drifted.text());
    assert_eq!(drifted.error_code(), "mfa_clock_drift");
    assert!(drifted.text().contains("300 seconds"), "{}", drifted.text());

    // Simultaneous submissions of one fresh code: exactly one passes.
    let fresh = totp(&secret, step + 1);
    let barrier = Arc::new(Barrier::new(RACERS));
    let racers: Vec<_> = (0..RACERS)
        .map(|_| {
            let (environment, user, fresh, barrier) = (
                environment.clone(),
                user.clone(),
                fresh.clone(),
                barrier.clone(),
            );
            std::thread::spawn(move || {
                barrier.wait();
                verify(&environment, &user, "totp", &fresh)
            })
        })
        .collect();
    let mut statuses: Vec<(u16, String)> = racers
        .into_iter()
        .map(|racer| racer.join().expect("no panic"))
        .map(|response| (response.status, response.error_code()))
        .collect();
    statuses.sort();
    let mut expected = vec![(200, String::new())];
    expected.extend((1..RACERS).map(|_| (422, "mfa_code_reused".to_owned())));
    assert_eq!(statuses, expected);
}

#[test]
fn five_failures_of_any_method_lock_the_sixth_attempt_with_retry_after() {
    let environment = Environment::from_env();
    let user = fresh_user("lockout");
    let (secret, codes, step) = enroll_and_confirm(&environment, &user);
    let near: Vec<String> = (step - 21..=step + 21).map(|s| totp(&secret, s)).collect();
    let wrong = (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|code| !near.contains(code))
        .expect("a code that matches no step nearby");
    for attempt in 1..=4 {
        let refused = verify(&environment, &user, "totp", &wrong);
        assert_eq!(refused.status, 422, "attempt {attempt}: {}", refused.text());
        assert_eq!(refused.error_code(), "mfa_wrong_code");
        assert!(!refused.text().contains(&wrong));
    }
    // The fifth failure is a wrong recovery code: every method counts in one lockout.
    let fifth = verify(&environment, &user, "recovery_code", "2222-2222-2222");
    assert_eq!(fifth.status, 422, "{}", fifth.text());
    assert_eq!(fifth.error_code(), "mfa_wrong_code");
    // The sixth is refused without looking at the code, even a right one.
    for code in [totp(&secret, step), codes[0].clone()] {
        let method = if code.contains('-') {
            "recovery_code"
        } else {
            "totp"
        };
        let locked = verify(&environment, &user, method, &code);
        assert_eq!(locked.status, 429, "{}", locked.text());
        assert_eq!(locked.error_code(), "mfa_locked");
        let retry_after: u64 = locked
            .header("retry-after")
            .and_then(|value| value.parse().ok())
            .expect("a Retry-After in seconds");
        assert!((1..=60).contains(&retry_after), "{retry_after}");
    }
    let locked_for = status(&environment, &user)["locked_for_s"].as_u64();
    assert!(
        locked_for.is_some_and(|s| (1..=60).contains(&s)),
        "{locked_for:?}"
    );
}

#[test]
fn recovery_codes_work_once_and_a_new_set_replaces_the_old() {
    let environment = Environment::from_env();
    let user = fresh_user("recovery");
    for (tail, body) in [
        ("totp/confirm", json!({ "code": "123456" })),
        ("recovery-codes", json!({})),
        (
            "verify",
            json!({ "method": "totp", "code": "123456", "remember_device": false }),
        ),
    ] {
        let refused = post(&environment, &user, tail, &body);
        assert_eq!(refused.status, 409, "{tail}: {}", refused.text());
        assert_eq!(refused.error_code(), "mfa_not_enrolled");
    }
    let (_, codes, _) = enroll_and_confirm(&environment, &user);
    let first = verify(&environment, &user, "recovery_code", &codes[0]);
    assert_eq!(first.status, 200, "{}", first.text());
    assert_eq!(first.json()["recovery_codes_left"], 9);
    let again = verify(&environment, &user, "recovery_code", &codes[0]);
    assert_eq!(again.status, 422, "{}", again.text());
    assert_eq!(again.error_code(), "mfa_wrong_code");
    // Case, spaces and dashes do not matter.
    let typed = codes[1].replace('-', " ").to_lowercase();
    let second = verify(&environment, &user, "recovery_code", &typed);
    assert_eq!(second.status, 200, "{}", second.text());
    assert_eq!(second.json()["recovery_codes_left"], 8);
    assert_eq!(status(&environment, &user)["recovery_codes_left"], 8);

    let renewed = post(&environment, &user, "recovery-codes", &json!({}));
    assert_eq!(renewed.status, 200, "{}", renewed.text());
    let new_codes = renewed.json()["recovery_codes"].clone();
    assert_eq!(new_codes.as_array().map(Vec::len), Some(10));
    let old = verify(&environment, &user, "recovery_code", &codes[2]);
    assert_eq!(old.error_code(), "mfa_wrong_code");
    let new = verify(
        &environment,
        &user,
        "recovery_code",
        new_codes[0].as_str().unwrap_or_default(),
    );
    assert_eq!(new.status, 200, "{}", new.text());
    assert_eq!(new.json()["recovery_codes_left"], 9);
}

/// The device id (`jti`) inside a device token.
fn device_id(token: &str) -> String {
    let payload = token.split('.').nth(1).expect("a JWT");
    let claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON");
    claims["jti"].as_str().expect("a jti").to_owned()
}

fn remembered(environment: &Environment, user: &str, method: &str, code: &str) -> String {
    let body = json!({ "method": method, "code": code, "remember_device": true });
    let response = post(environment, user, "verify", &body);
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()["device_token"]
        .as_str()
        .expect("a device token")
        .to_owned()
}

fn device(environment: &Environment, user: &str, token: &str) -> HttpResponse {
    post(
        environment,
        user,
        "device",
        &json!({ "device_token": token }),
    )
}

#[test]
fn a_remembered_device_passes_until_it_is_revoked() {
    let environment = Environment::from_env();
    let user = fresh_user("device");
    let (secret, codes, step) = enroll_and_confirm(&environment, &user);
    let token = remembered(&environment, &user, "totp", &totp(&secret, step));
    let passed = device(&environment, &user, &token);
    assert_eq!(passed.status, 200, "{}", passed.text());
    let key = SecretKey::new(TOKEN_KEY.as_bytes()).expect("long enough");
    let result = verify_result(
        &key,
        passed.json()["result"].as_str().unwrap_or_default(),
        &user,
        now_s(),
    )
    .expect("a result for this user");
    assert_eq!(result.method.as_str(), "remembered_device");
    // Another user's path refuses this user's device token.
    let other = fresh_user("device-other");
    enroll_and_confirm(&environment, &other);
    assert_eq!(device(&environment, &other, &token).status, 422);

    let revoke = post(
        &environment,
        &user,
        "devices/revoke",
        &json!({ "device_id": device_id(&token) }),
    );
    assert_eq!(revoke.status, 204, "{}", revoke.text());
    let refused = device(&environment, &user, &token);
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert_eq!(refused.error_code(), "mfa_device_not_remembered");

    let second = remembered(&environment, &user, "recovery_code", &codes[0]);
    assert_eq!(device(&environment, &user, &second).status, 200);
    std::thread::sleep(Duration::from_millis(1100));
    let all = post(&environment, &user, "devices/revoke", &json!({}));
    assert_eq!(all.status, 204, "{}", all.text());
    let refused = device(&environment, &user, &second);
    assert_eq!(refused.error_code(), "mfa_device_not_remembered");
}

#[test]
fn every_mfa_route_refuses_missing_forged_expired_and_other_users_tokens() {
    let environment = Environment::from_env();
    let user = fresh_user("auth");
    let now = now_s();
    let key = SecretKey::new(TOKEN_KEY.as_bytes()).expect("long enough");
    let forged_key = SecretKey::new(b"not-the-dev-mfa-token-key-0123456789").expect("long enough");
    let forged = sign_user_token(&forged_key, &user, now, now + 600);
    let expired = sign_user_token(&key, &user, now - 1000, now - 200);
    let other = sign_user_token(&key, &fresh_user("someone-else"), now, now + 600);
    let near_key = format!("{}x", &API_KEY[..API_KEY.len() - 1]);
    let routes = [
        ("GET", "", None),
        (
            "POST",
            "/totp",
            Some(json!({ "account": "ada@example.com" })),
        ),
        ("POST", "/totp/confirm", Some(json!({ "code": "123456" }))),
        (
            "POST",
            "/verify",
            Some(json!({ "method": "totp", "code": "123456", "remember_device": false })),
        ),
        ("POST", "/device", Some(json!({ "device_token": "x.y.z" }))),
        ("POST", "/devices/revoke", Some(json!({}))),
        ("POST", "/recovery-codes", Some(json!({}))),
    ];
    for (method, tail, body) in &routes {
        let path = format!("/api/mfa/users/{user}{tail}");
        for (label, bearer, expected, code) in [
            ("missing", None, 401, "unauthorized"),
            ("malformed", Some("not-a-token"), 401, "unauthorized"),
            ("near api key", Some(near_key.as_str()), 401, "unauthorized"),
            ("forged", Some(forged.as_str()), 401, "unauthorized"),
            ("expired", Some(expired.as_str()), 401, "unauthorized"),
            ("other user", Some(other.as_str()), 403, "forbidden"),
        ] {
            let response = call(&environment, method, &path, bearer, body.as_ref());
            assert_eq!(
                (response.status, response.error_code().as_str()),
                (expected, code),
                "{method} {path} with a {label} token: {}",
                response.text()
            );
        }
    }
    // The API key may act for any user, but the user id must be one.
    let invalid = call(
        &environment,
        "GET",
        "/api/mfa/users/bad%20user",
        Some(API_KEY),
        None,
    );
    assert_eq!(invalid.status, 422, "{}", invalid.text());
    assert_eq!(invalid.error_code(), "mfa_invalid_input");
    let own = sign_user_token(&key, &user, now, now + 600);
    let path = format!("/api/mfa/users/{user}");
    assert_eq!(
        call(&environment, "GET", &path, Some(&own), None).status,
        200
    );
}

/// Sets the dev-only storage fault of `user`'s object (`DEV_FAULTS` in the dev environment).
fn storage_fault(environment: &Environment, user: &str, fault: &str) {
    let path = format!("/dev/mfa-storage-fault?user={user}&fault={fault}");
    let response = call(environment, "POST", &path, None, None);
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["storage_fault"], fault);
}

#[test]
fn a_verification_whose_state_cannot_be_read_or_written_is_refused() {
    let environment = Environment::from_env();
    let user = fresh_user("storage");
    let (_, codes, _) = enroll_and_confirm(&environment, &user);

    // A right code whose use cannot be stored: refused like a lock, no result handed out.
    storage_fault(&environment, &user, "write");
    let unstored = verify(&environment, &user, "recovery_code", &codes[0]);
    assert_eq!(unstored.status, 429, "{}", unstored.text());
    assert_eq!(unstored.error_code(), "mfa_locked");
    assert!(unstored.header("retry-after").is_some());
    assert_eq!(unstored.json()["result"], Value::Null);
    storage_fault(&environment, &user, "none");
    // The code counts as used all the same: it cannot be tried again for a success.
    let again = verify(&environment, &user, "recovery_code", &codes[0]);
    assert_eq!(again.status, 422, "{}", again.text());
    let stored = verify(&environment, &user, "recovery_code", &codes[1]);
    assert_eq!(stored.status, 200, "{}", stored.text());

    // State that cannot be read: the status is unavailable, a verification refused.
    storage_fault(&environment, &user, "read");
    let path = format!("/api/mfa/users/{user}");
    let unread = call(&environment, "GET", &path, Some(API_KEY), None);
    assert_eq!(unread.status, 503, "{}", unread.text());
    let refused = verify(&environment, &user, "recovery_code", &codes[2]);
    assert_eq!(refused.status, 429, "{}", refused.text());
    assert_eq!(refused.error_code(), "mfa_locked");
    assert_eq!(refused.json()["result"], Value::Null);
    storage_fault(&environment, &user, "none");
    // Read back from storage: the refused attempt used nothing, the stored ones stay used.
    let passed = verify(&environment, &user, "recovery_code", &codes[2]);
    assert_eq!(passed.status, 200, "{}", passed.text());
    assert_eq!(status(&environment, &user)["recovery_codes_left"], 7);
}
