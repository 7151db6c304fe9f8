//! `POST /api/test` end to end: the built Worker runs real SMTP sessions against Postfix + Dovecot.

use sendready_shared::smtp::{Outcome, Stage, StageReport};
use sendready_tests::{Environment, TestRun, secret_forms, test_request};
use serde_json::json;

fn stage(run: &TestRun, name: Stage) -> &StageReport {
    run.report
        .probe
        .stages
        .iter()
        .find(|stage| stage.stage == name)
        .unwrap_or_else(|| panic!("no {name} stage in {}", run.pretty()))
}

#[test]
fn starttls_with_the_right_password_succeeds() {
    let environment = Environment::from_env();
    let (user, password) = environment.users[0].clone();
    let run = environment.run_test(&test_request(
        environment.starttls_port,
        "starttls",
        &user,
        &password,
        false,
    ));
    assert_eq!(
        run.report.probe.outcome,
        Outcome::Success,
        "{}",
        run.pretty()
    );
    assert_eq!(
        stage(&run, Stage::Auth)
            .reply
            .as_ref()
            .map(|reply| reply.code.0),
        Some(235)
    );
    run.assert_streamed();
    let attestation = run
        .attestation
        .as_ref()
        .expect("a successful test comes with an attestation");
    // A JWT whose header is exactly `{"alg":"HS256","typ":"JWT"}`.
    assert!(
        attestation
            .token
            .starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.")
            && attestation.token.split('.').count() == 3,
        "{attestation:?}"
    );
    let answer = serde_json::to_string(&run.report).unwrap_or_default();
    for form in secret_forms(&user, &password) {
        assert!(
            !answer.contains(&form),
            "the report must not contain the password"
        );
    }
}

#[test]
fn a_wrong_password_fails_at_auth_with_the_servers_reply() {
    let environment = Environment::from_env();
    let (user, password) = environment.users[0].clone();
    let wrong = format!("{password}-wrong");
    let run = environment.run_test(&test_request(
        environment.starttls_port,
        "starttls",
        &user,
        &wrong,
        false,
    ));
    assert_eq!(
        run.report.probe.outcome,
        Outcome::Failure,
        "{}",
        run.pretty()
    );
    assert_eq!(
        stage(&run, Stage::Auth)
            .reply
            .as_ref()
            .map(|reply| reply.code.0),
        Some(535)
    );
    assert_eq!(run.kind(), "bad_credentials", "{}", run.pretty());
    assert!(
        run.attestation.is_none(),
        "a failed test must not come with an attestation"
    );
    run.assert_streamed();
    let answer = serde_json::to_string(&run.report).unwrap_or_default();
    for form in secret_forms(&user, &wrong) {
        assert!(
            !answer.contains(&form),
            "the report must not contain the password"
        );
    }
}

#[test]
fn a_form_with_errors_is_refused_with_every_field_named() {
    let environment = Environment::from_env();
    let (status, body) =
        environment.post_json("/api/test", &json!({ "form": { "port": "99999" } }));
    assert_eq!(status, 422, "{body:#}");
    assert_eq!(body["error"]["code"], "invalid_settings");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|error| error["field"].as_str())
        .collect();
    for field in ["host", "port", "password"] {
        assert!(fields.contains(&field), "{field} missing from {body:#}");
    }
}

#[test]
fn malformed_and_oversized_bodies_get_specific_errors() {
    let environment = Environment::from_env();
    let wrong_type = json!({ "form": { "password": 12345 } }).to_string();
    let malformed = environment.request("POST", "/api/test", wrong_type.as_bytes());
    assert_eq!(malformed.status, 400);
    let body = String::from_utf8_lossy(&malformed.body);
    assert!(
        body.contains("invalid_json") && !body.contains("12345"),
        "{body}"
    );
    let oversized = environment.request("POST", "/api/test", &vec![b' '; 20 * 1024]);
    assert_eq!(oversized.status, 413);
}
