//! The secret and its base64 forms never appear in a transcript or a report, whatever the server does.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::replay::{self, PASSWORD, USERNAME};

fn forbidden() -> Vec<String> {
    vec![
        PASSWORD.to_owned(),
        STANDARD.encode(PASSWORD),
        STANDARD.encode(format!("\0{USERNAME}\0{PASSWORD}")),
        STANDARD.encode(USERNAME),
        "ya29.token-value".to_owned(),
    ]
}

#[test]
fn no_report_contains_a_secret() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/transcripts");
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("name")
            .to_owned();
        let scenario = replay::parse(&name, &std::fs::read_to_string(&path).expect("read"));
        for split in [None, Some(1)] {
            let run = replay::run(&scenario, split);
            let json = serde_json::to_string(&run.report).expect("json");
            let events = format!("{:?}", run.events);
            for secret in forbidden() {
                assert!(!json.contains(&secret), "{name}: report contains {secret}");
                assert!(!events.contains(&secret), "{name}: events contain {secret}");
            }
        }
    }
}

#[test]
fn echoed_credentials_are_redacted_in_the_stage_reply_too() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/transcripts/auth_reply_echoes_password.txt"
    );
    let run = replay::run(
        &replay::parse("echo", &std::fs::read_to_string(path).expect("read")),
        None,
    );
    let auth = run
        .report
        .probe
        .stages
        .iter()
        .find(|s| s.stage == sendready_shared::smtp::Stage::Auth)
        .expect("auth stage");
    let text = auth.reply.as_ref().expect("reply").lines.join(" ");
    assert_eq!(text.matches("[redacted]").count(), 2, "{text}");
}

#[test]
fn debug_output_of_a_probe_hides_the_secret() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/transcripts/success_starttls_plain.txt"
    );
    let scenario = replay::parse("debug", &std::fs::read_to_string(path).expect("read"));
    let mut probe = sendready_shared::smtp::Probe::new(
        scenario.config.clone(),
        sendready_shared::ground::Millis(0),
    );
    probe.handle_connected(sendready_shared::ground::Millis(1));
    let debug = format!("{probe:?} {:?}", probe.poll_output());
    for secret in forbidden() {
        assert!(!debug.contains(&secret), "debug output contains {secret}");
    }
}
