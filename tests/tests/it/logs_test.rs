//! Log hygiene: no log of the run (worker, Postfix, Dovecot) holds a test password or its base64 forms.
//!
//! Self-contained, so it does not depend on test order: it first runs tests that put each
//! password in front of the worker and the MTA (a success, a wrong password, the listener
//! without TLS, a provider reply over TLS to a scripted server), waits until the worker has
//! logged them, then searches every log for every password of the run in every form.

use std::time::Duration;

use sendready_shared::smtp::Outcome;
use sendready_tests::hostile::{implicit_tls_opening, login_exchange, run_through_worker};
use sendready_tests::{
    Environment, eventually, password_leaks, read_text, test_request, typed_passwords,
};

/// Runs tests whose passwords must not reach any log; returns how many went through the worker.
fn exercise(environment: &Environment) -> usize {
    let (alice, alice_password) = environment.users[0].clone();
    let (bob, bob_password) = environment.users[1].clone();
    let runs = [
        (
            environment.starttls_port,
            "starttls",
            &alice,
            alice_password.clone(),
            true,
        ),
        (
            environment.implicit_tls_port,
            "implicit_tls",
            &bob,
            format!("{bob_password}-wrong"),
            false,
        ),
        (
            environment.plain_port,
            "starttls",
            &alice,
            alice_password,
            false,
        ),
    ];
    for (port, security, user, password, send_test_message) in &runs {
        let run = environment.run_test(&test_request(
            *port,
            security,
            user,
            password,
            *send_test_message,
        ));
        assert_eq!(
            run.report.probe.outcome == Outcome::Success,
            *send_test_message,
            "{}",
            run.pretty()
        );
    }
    let mut script = implicit_tls_opening(
        "220 smtp.hostile.test ESMTP\r\n",
        "250-smtp.hostile.test\r\n250 AUTH LOGIN\r\n",
    );
    script.extend(login_exchange(
        "535 5.7.8 Error: authentication failed: authentication failure\r\n",
    ));
    let (run, _) = run_through_worker(environment, "implicit_tls", "logs@hostile.test", script);
    assert_eq!(run.kind(), "bad_credentials", "{}", run.pretty());
    runs.len() + 1
}

#[test]
fn no_log_holds_a_password_or_its_base64_forms() {
    let environment = Environment::from_env();
    let worker_log = environment.wrangler_log();
    let requests_before = read_text(&worker_log).matches("/api/test").count();
    let requests = exercise(&environment);
    // The worker logs one line per request once the answer is complete; wait for ours.
    let logged = eventually(Duration::from_secs(10), || {
        let count = read_text(&worker_log).matches("/api/test").count();
        (count >= requests_before + requests).then_some(count)
    });
    assert!(
        logged.is_some(),
        "{} lacks request lines for the tests just run",
        worker_log.display()
    );

    let logs = [
        worker_log,
        environment.postfix_log(),
        environment.dovecot_log(),
    ];
    for log in &logs {
        assert!(
            !read_text(log).is_empty(),
            "{} is empty or missing",
            log.display()
        );
    }
    let hits = password_leaks(&logs, &typed_passwords(&environment));
    assert!(
        hits.is_empty(),
        "passwords in the logs:\n{}",
        hits.join("\n")
    );
}
