//! `cargo xtask bench mfa`: the CPU of one TOTP verification and 200 concurrent ones through
//! the local Worker, one per user.
//!
//! First, natively in a loop (like `shared/benches/engine.rs`), the work the `MfaUser` object
//! does for `POST …/verify`: open the sealed secret (AES-256-GCM), `mfa::totp::verify`, the
//! lockout check and success, the signed result token, and the state's JSON round trip. Then
//! 200 users are enrolled through the API (dev `MFA_API_KEY`), and at the start of a fresh
//! 30 s step each verifies its code at once, from its own `CF-Connecting-IP`; the workerd
//! process under wrangler is charged its CPU time (`/proc/<pid>/stat`) across those requests.

use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use sendready_shared::jwt::SecretKey;
use sendready_shared::mfa::Method;
use sendready_shared::mfa::lockout::LockoutState;
use sendready_shared::mfa::tokens::{VerificationResult, sign_result};
use sendready_shared::mfa::totp::{self, TotpState};
use sendready_shared::secret::Secret;
use sendready_tests::cpu::{runtime_cpu, worker_group};
use sendready_tests::mfa::{API_KEY, SEAL_KEY, TOKEN_KEY, now_s, totp as code_at};
use sendready_tests::{Environment, HttpResponse, http_request};
use serde_json::{Value, json};

const USERS: usize = 200;
/// Threads enrolling the users before the measured burst.
const ENROLLERS: usize = 8;
/// How long the native loop is measured after warming up.
const MEASURE: Duration = Duration::from_millis(700);

fn main() {
    let native_us = native_us_per_verification();
    let environment = Environment::from_env();
    let group = worker_group();
    let run = now_s();
    let users: Vec<String> = (0..USERS).map(|i| format!("bench-{run}-{i}")).collect();
    let enrolled = Instant::now();
    let secrets = enroll_all(&environment, &users);
    let enroll_ms = enrolled.elapsed().as_millis();
    let confirmed_step = now_s() / totp::STEP_S;
    // The start of a step after every confirmation: each user's code of it is fresh.
    while now_s() / totp::STEP_S <= confirmed_step {
        std::thread::sleep(Duration::from_millis(50));
    }
    let step = now_s() / totp::STEP_S;
    let cpu_before = group.map(|root| runtime_cpu(root, environment.worker_port));
    let barrier = Barrier::new(USERS);
    let started = Instant::now();
    let runs: Vec<Option<Duration>> = std::thread::scope(|scope| {
        let handles: Vec<_> = users
            .iter()
            .zip(&secrets)
            .enumerate()
            .map(|(index, (user, secret))| {
                let (barrier, port) = (&barrier, environment.worker_port);
                let body = json!({ "method": "totp", "code": code_at(secret, step), "remember_device": false });
                scope.spawn(move || {
                    barrier.wait();
                    let sent = Instant::now();
                    let response = post(port, user, "verify", &body, index);
                    let latency = sent.elapsed();
                    let result = response.json()["result"].is_string();
                    (response.status == 200 && result).then_some(latency)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().ok().flatten())
            .collect()
    });
    let wall = started.elapsed();
    let cpu_after = group.map(|root| runtime_cpu(root, environment.worker_port));
    let mut latencies: Vec<Duration> = runs.into_iter().flatten().collect();
    latencies.sort();
    let ok = latencies.len();
    let percentile = |fraction: f64| {
        latencies
            .get(((ok as f64 * fraction).ceil() as usize).saturating_sub(1))
            .map_or(0, Duration::as_millis)
    };
    println!("mfa bench: {USERS} users, one concurrent TOTP verification each");
    println!(
        "  native (shared crate + AES-GCM unseal + state JSON, this machine): {native_us:.1} µs CPU per verification"
    );
    match (cpu_before, cpu_after) {
        (Some(before), Some(after)) => {
            let per = |before: f64, after: f64| (after - before) * 1000.0 / USERS as f64;
            println!(
                "  workerd process CPU (utime+stime, /proc) over the burst: {:.2} ms per verification ({:.0} ms for {USERS}); all of wrangler's processes incl. its node proxy: {:.2} ms",
                per(before.workerd_s(), after.workerd_s()),
                (after.workerd_s() - before.workerd_s()) * 1000.0,
                per(before.all_s(), after.all_s()),
            );
        }
        _ => println!("  workerd process CPU: not found (SENDREADY_WORKER_GROUP unset)"),
    }
    println!("  enrolled {USERS} users in {enroll_ms} ms ({ENROLLERS} threads, 2 requests each)");
    println!(
        "  verified ok: {ok}/{USERS} in {} ms wall; latency p50 {} ms, p99 {} ms",
        wall.as_millis(),
        percentile(0.50),
        percentile(0.99)
    );
}

/// Mean microseconds of the object's own work for one accepted TOTP verification.
fn native_us_per_verification() -> f64 {
    let enrollment =
        totp::enroll(&[7; totp::SECRET_LEN], "sendready", "ada@example.com").expect("enroll");
    let secret = enrollment.secret.expose().to_owned();
    let aad = "5f".repeat(32); // the user hash: 64 hex digits
    let nonce = [3_u8; 12];
    let sealed = Aes256Gcm::new(SEAL_KEY.into())
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: secret.as_bytes(),
                aad: aad.as_bytes(),
            },
        )
        .expect("seal");
    let now = now_s();
    let code = code_at(&secret, now / totp::STEP_S);
    let state = json!({
        "pending": null,
        "active": { "nonce": "AwMDAwMDAwMDAwMD", "sealed": "x".repeat(48) },
        "totp": { "last_step": now / totp::STEP_S - 1 },
        "lockout": { "recent_failures": [], "consecutive_failures": 0, "locks": 0, "locked_until": null },
        "recovery": { "hashes": vec!["ab".repeat(32); 10] },
        "devices": { "devices_valid_after": 0, "revoked": [] },
    })
    .to_string();
    let once = || {
        let stored: Value = serde_json::from_str(&state).expect("state");
        let token_key = SecretKey::new(TOKEN_KEY.as_bytes()).expect("key");
        let plain = Aes256Gcm::new(SEAL_KEY.into())
            .decrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &sealed,
                    aad: aad.as_bytes(),
                },
            )
            .expect("unseal");
        let opened = Secret::new(String::from_utf8(plain).expect("utf-8"));
        let mut lockout = LockoutState::default();
        lockout.check(now).expect("not locked");
        let accepted =
            totp::verify(&opened, &TotpState::default(), &code, now).expect("a right code");
        lockout.record_success();
        let result = VerificationResult {
            sub: "bench-user".to_owned(),
            jti: "0123456789abcdef0123456789abcdef".to_owned(),
            method: Method::Totp,
            remembered: false,
            recovery_codes_left: None,
        };
        let token = sign_result(&token_key, &result, now);
        let stored = serde_json::to_string(&(stored, accepted.state, lockout)).expect("json");
        black_box((token, stored));
    };
    let warm = Instant::now();
    while warm.elapsed() < MEASURE / 4 {
        once();
    }
    let started = Instant::now();
    let mut count = 0_u32;
    while started.elapsed() < MEASURE {
        once();
        count += 1;
    }
    started.elapsed().as_secs_f64() * 1e6 / f64::from(count)
}

/// Enrolls and confirms every user (a right code of the current step); returns their secrets.
fn enroll_all(environment: &Environment, users: &[String]) -> Vec<String> {
    let port = environment.worker_port;
    let chunk = users.len().div_ceil(ENROLLERS);
    std::thread::scope(|scope| {
        let handles: Vec<_> = users
            .chunks(chunk)
            .enumerate()
            .map(|(part, users)| {
                scope.spawn(move || {
                    users
                        .iter()
                        .enumerate()
                        .map(|(i, user)| enroll(port, user, part * chunk + i))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("an enrolling thread"))
            .collect()
    })
}

fn enroll(port: u16, user: &str, index: usize) -> String {
    let account = json!({ "account": format!("{user}@example.com"), "issuer": "Bench" });
    let response = post(port, user, "totp", &account, index);
    assert_eq!(response.status, 200, "enroll {user}: {}", response.text());
    let secret = response.json()["secret"]
        .as_str()
        .expect("a secret")
        .to_owned();
    let code = json!({ "code": code_at(&secret, now_s() / totp::STEP_S) });
    let confirm = post(port, user, "totp/confirm", &code, index);
    assert_eq!(confirm.status, 200, "confirm {user}: {}", confirm.text());
    secret
}

/// `POST /api/mfa/users/{user}/{tail}` with the API key, from client address number `index`.
fn post(port: u16, user: &str, tail: &str, body: &Value, index: usize) -> HttpResponse {
    let address = format!("198.18.{}.{}", index / 250, index % 250 + 1);
    let authorization = format!("Bearer {API_KEY}");
    http_request(
        port,
        "POST",
        &format!("/api/mfa/users/{user}/{tail}"),
        &[
            ("content-type", "application/json"),
            ("authorization", &authorization),
            ("cf-connecting-ip", &address),
        ],
        body.to_string().as_bytes(),
    )
}
