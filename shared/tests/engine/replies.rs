//! Real replies beyond the examples file (provider lists, server sources, client logs): generalisation.

use sendready_shared::diagnosis::{DiagnosisInput, diagnose};
use sendready_shared::smtp::Stage;
use serde::Deserialize;

const REPLIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/replies.jsonl");

#[derive(Deserialize)]
struct Case {
    reply: String,
    stage: Option<String>,
    host: Option<String>,
    kind: String,
}

#[test]
fn replies_classify_as_labelled() {
    let text = std::fs::read_to_string(REPLIES).expect("replies file");
    let cases: Vec<Case> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let misses: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let input = DiagnosisInput {
                reply: case.reply.clone(),
                stage: case.stage.as_deref().and_then(Stage::parse_loose),
                host: case.host.clone(),
                provider: None,
                today: None,
            };
            let got = diagnose(&input).kind.to_string();
            (got != case.kind)
                .then(|| format!("got {got}, want {} for {:?}", case.kind, case.reply))
        })
        .collect();
    assert!(cases.len() >= 80, "only {} cases", cases.len());
    assert!(
        misses.is_empty(),
        "{} of {} misclassified:\n{}",
        misses.len(),
        cases.len(),
        misses.join("\n")
    );
}

#[test]
fn app_password_providers_say_so_on_a_bare_535() {
    for host in [
        "smtp.gmail.com",
        "smtp.mail.yahoo.com",
        "smtp.mail.me.com",
        "smtp.fastmail.com",
        "smtp.zoho.com",
        "smtp.office365.com",
    ] {
        let input = DiagnosisInput {
            reply: "535 Authentication failed".into(),
            stage: Some(Stage::Auth),
            host: Some(host.into()),
            provider: None,
            today: None,
        };
        let diagnosis = diagnose(&input);
        let words = format!(
            "{} {} {}",
            diagnosis.title,
            diagnosis.explanation,
            diagnosis.fix_steps.join(" ")
        )
        .to_lowercase();
        assert!(
            words.contains("app password") || words.contains("app-specific password"),
            "{host}: {diagnosis:#?}"
        );
        assert!(diagnosis.provider_specific, "{host}");
    }
}

#[test]
fn transient_replies_are_retryable() {
    let cases = [
        ("454 4.7.0 Temporary authentication failure", true),
        ("535 5.7.8 Error: authentication failed", false),
        ("421 4.7.0 Too many connections", true),
    ];
    for (reply, retryable) in cases {
        let input = DiagnosisInput {
            reply: reply.into(),
            stage: Some(Stage::Auth),
            ..DiagnosisInput::default()
        };
        assert_eq!(diagnose(&input).retryable, retryable, "{reply}");
    }
}
