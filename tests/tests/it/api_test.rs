//! `POST /api/test` end to end: the built Worker runs real SMTP sessions against Postfix + Dovecot.

use sendready_tests::Environment;
use serde_json::{Value, json};

fn form(environment: &Environment, port: u16, security: &str, password: &str) -> Value {
    let (user, _) = &environment.users[0];
    json!({ "form": {
        "provider": "other", "host": "localhost", "port": port.to_string(), "security": security,
        "email": user, "username": user, "password": password,
    }})
}

fn stage<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["stages"]
        .as_array()
        .and_then(|stages| stages.iter().find(|stage| stage["stage"] == name))
        .unwrap_or_else(|| panic!("no {name} stage in {report:#}"))
}

#[test]
fn starttls_with_the_right_password_succeeds() {
    let environment = Environment::from_env();
    let password = environment.users[0].1.clone();
    let (status, report) = environment.post_json(
        "/api/test",
        &form(
            &environment,
            environment.starttls_port,
            "starttls",
            &password,
        ),
    );
    assert_eq!(status, 200, "{report:#}");
    assert_eq!(report["outcome"], "success", "{report:#}");
    assert_eq!(stage(&report, "auth")["reply"]["code"], 235, "{report:#}");
    assert!(
        !report.to_string().contains(&password),
        "the report must not contain the password"
    );
}

#[test]
fn implicit_tls_with_the_right_password_succeeds() {
    let environment = Environment::from_env();
    let password = environment.users[0].1.clone();
    let (status, report) = environment.post_json(
        "/api/test",
        &form(
            &environment,
            environment.implicit_tls_port,
            "implicit_tls",
            &password,
        ),
    );
    assert_eq!(status, 200, "{report:#}");
    assert_eq!(report["outcome"], "success", "{report:#}");
}

#[test]
fn a_wrong_password_fails_at_auth_with_the_servers_reply() {
    let environment = Environment::from_env();
    let wrong = format!("{}-wrong", environment.users[0].1);
    let (status, report) = environment.post_json(
        "/api/test",
        &form(&environment, environment.starttls_port, "starttls", &wrong),
    );
    assert_eq!(status, 200, "{report:#}");
    assert_eq!(report["outcome"], "failure", "{report:#}");
    let auth = stage(&report, "auth");
    assert_eq!(auth["reply"]["code"], 535, "{report:#}");
    assert_eq!(report["diagnosis"]["kind"], "bad_credentials", "{report:#}");
    assert!(
        !report.to_string().contains(&wrong),
        "the report must not contain the password"
    );
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
    let malformed = environment.request("POST", "/api/test", b"{\"form\": {\"password\": 12345}}");
    assert_eq!(malformed.status, 400);
    let body = String::from_utf8_lossy(&malformed.body);
    assert!(
        body.contains("invalid_json") && !body.contains("12345"),
        "{body}"
    );
    let oversized = environment.request("POST", "/api/test", &vec![b' '; 20 * 1024]);
    assert_eq!(oversized.status, 413);
}
