//! Real token-endpoint and redirect errors (`tests/data/oauth_errors.jsonl`, each with the
//! page it was recorded from) classified into the `oauth_*` kinds, with their diagnoses.

use sendready_shared::diagnosis::{DiagnosisKind, explain_oauth};
use sendready_shared::oauth::{
    Callback, OauthFailure, TokenError, classify, classify_callback, classify_text,
};
use sendready_shared::providers::ProviderId;

#[derive(serde::Deserialize)]
struct Recorded {
    source: String,
    status: Option<u16>,
    body: Option<String>,
    callback: Option<String>,
    expect: String,
}

fn recorded() -> Vec<Recorded> {
    include_str!("../data/oauth_errors.jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a recorded error"))
        .collect()
}

fn classified(row: &Recorded) -> TokenError {
    match (&row.body, &row.callback) {
        (Some(body), None) => classify(row.status.expect("a status"), body.as_bytes()),
        (None, Some(query)) => match Callback::parse(query) {
            Ok(Callback::Error {
                error, description, ..
            }) => classify_callback(&error, description.as_deref()),
            other => panic!("{}: {other:?}", row.source),
        },
        _ => panic!("{}: a body or a callback", row.source),
    }
}

#[test]
fn every_recorded_error_gets_its_kind() {
    let rows = recorded();
    assert!(rows.len() >= 14);
    for row in &rows {
        assert!(row.source.starts_with("https://"), "{}", row.source);
        let error = classified(row);
        assert_eq!(error.failure.as_str(), row.expect, "{}", row.source);
        let diagnosis = explain_oauth(&error, Some(ProviderId::Microsoft365));
        assert_eq!(diagnosis.kind.as_str(), format!("oauth_{}", row.expect));
        let detail = diagnosis.detail.unwrap_or_default();
        assert!(
            detail.starts_with(error.error.as_deref().unwrap_or("HTTP")),
            "{detail}"
        );
        assert!(detail.chars().count() <= 64 + 2 + sendready_shared::oauth::MAX_DESCRIPTION);
    }
}

#[test]
fn every_failure_is_covered_by_a_recorded_or_written_example() {
    let mut seen: Vec<OauthFailure> = recorded()
        .iter()
        .map(|row| classified(row).failure)
        .collect();
    // Errors no recorded body shows, in the words of RFC 6749 §5.2 and OpenID Connect §3.1.2.6.
    for (error, description) in [
        ("access_denied", "The user denied the request"),
        (
            "unauthorized_client",
            "client not allowed to use grant type",
        ),
        ("temporarily_unavailable", ""),
        ("redirect_uri_mismatch", "Bad Request"),
    ] {
        seen.push(classify_callback(error, Some(description)).failure);
    }
    seen.push(classify(502, b"Bad Gateway").failure);
    seen.push(classify(200, b"{}").failure);
    for failure in OauthFailure::ALL {
        assert!(seen.contains(&failure), "{failure:?} has no example");
    }
}

#[test]
fn aadsts_codes_are_read_from_the_description_when_error_codes_are_absent() {
    let body = br#"{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity."}"#;
    let error = classify(400, body);
    assert_eq!(error.codes, [700082]);
    assert_eq!(error.failure, OauthFailure::GrantRevoked);
    let body = br#"{"error":"invalid_grant","error_description":"AADSTS65001: The user or administrator has not consented"}"#;
    assert_eq!(classify(400, body).failure, OauthFailure::ConsentRequired);
}

#[test]
fn a_pasted_error_body_is_read_as_the_token_endpoint_answer_was() {
    for row in recorded() {
        let Some(body) = &row.body else { continue };
        let error = classified(&row);
        if error.error.is_some() {
            let pasted = classify_text(&body.to_lowercase());
            assert_eq!(pasted, Some(error.failure), "{}", row.source);
        }
    }
    // An app's own words around the error code, and SMTP replies that quote no sign-in refusal.
    let nodemailer = "{ [error: invalid_client] code: 'eauth', command: 'auth xoauth2' }";
    assert_eq!(
        classify_text(nodemailer),
        Some(OauthFailure::ClientSecretInvalid)
    );
    for reply in [
        "535 5.7.3 authentication unsuccessful",
        "invalid_client_id is not set",
        "550 5.7.1 access denied",
    ] {
        assert_eq!(classify_text(reply), None, "{reply}");
    }
}

#[test]
fn a_refused_state_is_its_own_kind() {
    let diagnosis = sendready_shared::diagnosis::explain_state(
        sendready_shared::oauth::StateError::Replayed,
        None,
    );
    assert_eq!(diagnosis.kind, DiagnosisKind::OauthStateInvalid);
    assert_eq!(
        diagnosis.detail.as_deref(),
        Some("this sign-in answer was already used")
    );
}
