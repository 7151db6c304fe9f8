//! E-mailed codes end to end: sent by the worker through the saved system account, delivered
//! by the test Postfix into Dovecot's maildir, read back here and verified; resends, tries and
//! the host's reset.
//!
//! The code's 10-minute expiry is not waited for here: the worker reads the real clock, and
//! the expiry itself is decided by `shared::mfa::email_code` with the time passed in, whose
//! unit tests cover the last valid second and the first expired one.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use sendready_shared::jwt::SecretKey;
use sendready_shared::mfa::tokens::{sign_user_token, verify_result};
use sendready_tests::accounts::test_and_save;
use sendready_tests::mfa::{API_KEY, TOKEN_KEY, now_s};
use sendready_tests::oidc::{Provider, oauth_test_request, signed_in};
use sendready_tests::{
    Environment, HttpResponse, eventually, http_request, read_text, test_request,
};
use serde_json::{Value, json};

/// `MFA_EMAIL_TENANT` of `[env.dev.vars]`.
const SYSTEM_TENANT: &str = "demo";

/// The tests here share alice's mailbox: one reads it at a time.
static MAILBOX: Mutex<()> = Mutex::new(());

fn call(
    environment: &Environment,
    user: &str,
    tail: &str,
    bearer: &str,
    body: &Value,
) -> HttpResponse {
    let authorization = format!("Bearer {bearer}");
    http_request(
        environment.worker_port,
        "POST",
        &format!("/api/mfa/users/{user}/{tail}"),
        &[
            ("content-type", "application/json"),
            ("authorization", authorization.as_str()),
        ],
        body.to_string().as_bytes(),
    )
}

fn user_token(user: &str) -> String {
    let key = SecretKey::new(TOKEN_KEY.as_bytes()).expect("the dev key is long enough");
    sign_user_token(&key, user, now_s(), now_s() + 600)
}

fn fresh_user(label: &str) -> String {
    format!("it-email-{label}-{}-{}", now_s(), std::process::id())
}

/// Saves alice's tested settings as the system account of [`SYSTEM_TENANT`].
fn save_system_account(environment: &Environment) {
    let (user, password) = &environment.users[0];
    let request = test_request(environment.starttls_port, "starttls", user, password, false);
    save_tested(environment, request);
}

/// Tests `request` with the display name set (it is part of the tested settings: set before the
/// test, not after) and saves it as the system account of [`SYSTEM_TENANT`].
fn save_tested(environment: &Environment, mut request: Value) {
    request["form"]["display_name"] = json!("Acme Security");
    let saved = test_and_save(environment, SYSTEM_TENANT, &request);
    assert_eq!(saved.status, 201, "{}", saved.text());
}

/// Code messages waiting in `maildir`, removed once read so the next read sees only new ones.
fn take_code_messages(maildir: &Path) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(maildir.join("new")) else {
        return Vec::new();
    };
    let found: Vec<(PathBuf, String)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .map(|path| {
            let text = read_text(&path);
            (path, text)
        })
        .filter(|(_, text)| text.contains("verification code"))
        .collect();
    for (path, _) in &found {
        let _ = std::fs::remove_file(path);
    }
    found
}

/// The eight digits of the text part: the line `    1234 5678`.
fn code_in(message: &str) -> Option<String> {
    message.lines().find_map(|line| {
        let digits: String = line.trim().chars().filter(|c| *c != ' ').collect();
        let shaped = line.starts_with("    ") && line.trim().len() == 9;
        (shaped && digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then_some(digits)
    })
}

/// Asks for a code for `user` (with the host's key and `body`) and reads it from alice's mailbox.
fn send_and_read(
    environment: &Environment,
    user: &str,
    bearer: &str,
    body: &Value,
) -> (String, String) {
    let maildir = environment.maildir(&environment.users[0].0);
    let sent = call(environment, user, "email", bearer, body);
    assert_eq!(sent.status, 202, "{}", sent.text());
    assert_eq!(sent.json(), json!({ "expires_in_s": 600 }));
    let (_, message) = eventually(Duration::from_secs(15), || {
        take_code_messages(&maildir).pop()
    })
    .unwrap_or_else(|| panic!("no code message in {}", maildir.display()));
    let code = code_in(&message).unwrap_or_else(|| panic!("no code in:\n{message}"));
    (code, message)
}

fn verify(environment: &Environment, user: &str, code: &str) -> HttpResponse {
    call(
        environment,
        user,
        "verify",
        &user_token(user),
        &json!({ "method": "email", "code": code }),
    )
}

/// Alice's mailbox for this test alone (held until the guard drops) and emptied of earlier
/// codes, with the system account saved (by `save`) to send to it.
fn alices_empty_mailbox_with(
    save: impl FnOnce(&Environment),
) -> (MutexGuard<'static, ()>, Environment, String) {
    let mailbox = MAILBOX
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let environment = Environment::from_env();
    save(&environment);
    let alice = environment.users[0].0.clone();
    let _ = take_code_messages(&environment.maildir(&alice));
    (mailbox, environment, alice)
}

/// [`alices_empty_mailbox_with`] alice's own password account as the system account.
fn alices_empty_mailbox() -> (MutexGuard<'static, ()>, Environment, String) {
    alices_empty_mailbox_with(save_system_account)
}

#[test]
fn an_emailed_code_arrives_from_the_system_account_and_is_accepted_once() {
    let (_mailbox, environment, alice) = alices_empty_mailbox();
    let user = fresh_user("once");
    let (code, message) = send_and_read(&environment, &user, API_KEY, &json!({ "email": alice }));
    for expected in [
        "Subject: Your sendready dev verification code",
        "multipart/alternative",
        "Content-Type: text/plain",
        "Content-Type: text/html",
        "Acme Security",
    ] {
        assert!(message.contains(expected), "{expected:?} in:\n{message}");
    }
    assert!(message.contains(&format!("To: {alice}")), "{message}");
    assert!(
        message.contains(&format!("{} {}", &code[..4], &code[4..])),
        "{message}"
    );

    let passed = verify(&environment, &user, &code);
    assert_eq!(passed.status, 200, "{}", passed.text());
    let key = SecretKey::new(TOKEN_KEY.as_bytes()).expect("long enough");
    let result = passed.json()["result"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let claims = verify_result(&key, &result, &user, now_s()).expect("a valid result");
    assert_eq!(claims.method.as_str(), "email");
    assert!(claims.jti.len() == 32 && claims.jti.bytes().all(|b| b.is_ascii_hexdigit()));
    let again = verify(&environment, &user, &code);
    assert_eq!(
        (again.status, again.error_code()),
        (422, "mfa_code_expired".to_owned())
    );

    // The code is a secret: not in the worker's log, not in any answer.
    let log = read_text(&environment.wrangler_log());
    assert!(!log.contains(&code), "the code is in the worker's log");
    assert!(!passed.text().contains(&code));
}

#[test]
fn a_resend_voids_the_old_code_five_wrong_tries_void_the_new_one_and_sends_are_limited() {
    let (_mailbox, environment, alice) = alices_empty_mailbox();
    let user = fresh_user("tries");
    let (first, _) = send_and_read(&environment, &user, API_KEY, &json!({ "email": alice }));
    // The browser resends with its user token; the address is the one the host gave.
    let (second, _) = send_and_read(&environment, &user, &user_token(&user), &json!({}));
    assert_ne!(first, second);
    let old = verify(&environment, &user, &first);
    assert_eq!(
        (old.status, old.error_code()),
        (422, "mfa_wrong_code".to_owned()),
        "{}",
        old.text()
    );
    let wrong = if second == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    for _ in 0..4 {
        let refused = verify(&environment, &user, wrong);
        assert_eq!(refused.status, 422, "{}", refused.text());
    }
    // The sixth try, with the right code: refused (five failures lock the user).
    let sixth = verify(&environment, &user, &second);
    assert_eq!(
        (sixth.status, sixth.error_code()),
        (429, "mfa_locked".to_owned()),
        "{}",
        sixth.text()
    );
    // The host lifts the lock; the code stays void after five wrong tries.
    let reset = call(&environment, &user, "reset", API_KEY, &json!({}));
    assert_eq!(reset.status, 204, "{}", reset.text());
    let void = verify(&environment, &user, &second);
    assert_eq!(
        (void.status, void.error_code()),
        (422, "mfa_code_expired".to_owned()),
        "{}",
        void.text()
    );

    let (third, _) = send_and_read(&environment, &user, API_KEY, &json!({}));
    let limited = call(&environment, &user, "email", API_KEY, &json!({}));
    assert_eq!(
        (limited.status, limited.error_code()),
        (429, "mfa_too_many_codes".to_owned())
    );
    assert!(
        limited
            .header("retry-after")
            .is_some_and(|s| s.parse::<u64>().is_ok_and(|s| s > 0))
    );
    let passed = verify(&environment, &user, &third);
    assert_eq!(passed.status, 200, "{}", passed.text());
}

#[test]
fn the_answer_is_the_same_without_an_address_and_only_the_host_sets_one() {
    let environment = Environment::from_env();
    let user = fresh_user("unknown");
    let unknown = call(&environment, &user, "email", &user_token(&user), &json!({}));
    assert_eq!(
        (unknown.status, unknown.json()),
        (202, json!({ "expires_in_s": 600 }))
    );
    let set_by_browser = call(
        &environment,
        &user,
        "email",
        &user_token(&user),
        &json!({ "email": "mallory@example.test" }),
    );
    assert_eq!(
        (set_by_browser.status, set_by_browser.error_code()),
        (403, "forbidden".to_owned())
    );
    let malformed = call(
        &environment,
        &user,
        "email",
        API_KEY,
        &json!({ "email": "not an address" }),
    );
    assert_eq!(
        (malformed.status, malformed.error_code()),
        (422, "mfa_invalid_input".to_owned())
    );
    let nothing = verify(&environment, &user, "12345678");
    assert_eq!(
        (nothing.status, nothing.error_code()),
        (422, "mfa_code_expired".to_owned())
    );
}

#[test]
fn only_the_host_resets_a_user_and_removing_the_authenticator_forgets_it() {
    let environment = Environment::from_env();
    let user = fresh_user("reset");
    let enrolled = call(
        &environment,
        &user,
        "totp",
        API_KEY,
        &json!({ "account": "ada@example.com" }),
    );
    assert_eq!(enrolled.status, 200, "{}", enrolled.text());
    let by_browser = call(&environment, &user, "reset", &user_token(&user), &json!({}));
    assert_eq!(
        (by_browser.status, by_browser.error_code()),
        (403, "forbidden".to_owned())
    );
    let reset = call(
        &environment,
        &user,
        "reset",
        API_KEY,
        &json!({ "authenticator": true }),
    );
    assert_eq!(reset.status, 204, "{}", reset.text());
    let status = http_request(
        environment.worker_port,
        "GET",
        &format!("/api/mfa/users/{user}"),
        &[("authorization", &format!("Bearer {API_KEY}"))],
        b"",
    );
    let status = status.json();
    assert_eq!(status["totp"], "none", "{status}");
    assert_eq!(status["locked_until_reset"], false, "{status}");
    let confirm = call(
        &environment,
        &user,
        "totp/confirm",
        API_KEY,
        &json!({ "code": "123456" }),
    );
    assert_eq!(
        (confirm.status, confirm.error_code()),
        (409, "mfa_not_enrolled".to_owned())
    );
}

#[test]
fn a_code_goes_out_through_a_system_account_signed_in_with_oauth_and_verifies() {
    // Carol signs in at the tests' provider (the real flow); her account, saved as the system
    // account, sends with XOAUTH2 through the private Postfix, whose Dovecot checks the token
    // at the provider. Each send refreshes (tokens live 2 minutes).
    let provider = Provider::from_env();
    let carol = provider.users[0].clone();
    let (_mailbox, environment, alice) = alices_empty_mailbox_with(|environment| {
        let (session, grant) = signed_in(environment, &provider, &carol);
        save_tested(
            environment,
            oauth_test_request(environment, &carol, &grant, &session),
        );
    });
    let user = fresh_user("oauth");
    let (code, message) = send_and_read(&environment, &user, API_KEY, &json!({ "email": alice }));
    let from = message.lines().find(|line| line.starts_with("From:"));
    assert!(
        from.is_some_and(|from| from.contains(&carol) && from.contains("Acme Security")),
        "{message}"
    );
    let passed = verify(&environment, &user, &code);
    assert_eq!(passed.status, 200, "{}", passed.text());
    let log = read_text(&environment.wrangler_log());
    assert!(!log.contains(&code), "the code is in the worker's log");
}
