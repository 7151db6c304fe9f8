//! The exact bytes a probe writes, and the driver-facing contract of outputs and timers.

use sendready_shared::diagnosis;
use sendready_shared::ground::{Millis, Security};
use sendready_shared::secret::Secret;
use sendready_shared::smtp::{Credential, Deadlines, Output, Probe, ProbeConfig, Stage};

use crate::replay::{self, PASSWORD, USERNAME};

#[test]
fn a_full_session_writes_exactly_these_bytes() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/transcripts/success_with_message.txt"
    ))
    .expect("transcript");
    let run = replay::run(&replay::parse("success_with_message", &text), None);
    let wire = String::from_utf8(run.wire).expect("ascii");
    let (head, body) = wire.split_once("DATA\r\n").expect("DATA sent");
    assert_eq!(
        head,
        "EHLO client.sendready.test\r\nSTARTTLS\r\n<starttls>EHLO client.sendready.test\r\n\
         AUTH PLAIN AGFkYUBleGFtcGxlLm9yZwBzM2NyZXQtUGFzc3cwcmQh\r\n\
         MAIL FROM:<ada@example.org>\r\nRCPT TO:<ada@example.org>\r\n"
    );
    assert!(
        body.starts_with("From: \"Ada Lovelace\" <ada@example.org>\r\n"),
        "{body}"
    );
    assert!(
        body.contains("Message-ID: <probe-1@sendready.test>\r\n"),
        "{body}"
    );
    assert!(
        body.contains("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"),
        "{body}"
    );
    assert!(body.ends_with("\r\n.\r\nQUIT\r\n<close>"), "{body}");
}

#[test]
fn deadlines_follow_the_stage() {
    let config = ProbeConfig {
        provider: None,
        host: "smtp.example.org".into(),
        port: 587,
        security: Security::Starttls,
        ehlo_name: "bad name\r\nRCPT TO:<x@y>".into(),
        username: USERNAME.into(),
        credential: Credential::Password(Secret::new(PASSWORD)),
        test_message: None,
        deadlines: Deadlines::default(),
    };
    let mut probe = Probe::new(config, Millis(0));
    assert_eq!(probe.poll_timeout(), Some(Millis(10_000)));
    probe.handle_timeout(Millis(9_999));
    assert!(
        !probe.is_finished(),
        "an early timer must not end the probe"
    );
    probe.handle_connected(Millis(100));
    assert_eq!(probe.poll_timeout(), Some(Millis(15_100)));
    probe.handle_input(b"220 ready\r\n", Millis(200));
    assert_eq!(
        probe.poll_output(),
        Some(Output::Send(b"EHLO badnameRCPTTO:xy\r\n".to_vec()))
    );
    assert_eq!(probe.poll_timeout(), Some(Millis(10_200)));
    probe.handle_timeout(Millis(30_000));
    assert_eq!(probe.poll_output(), Some(Output::Close));
    assert!(probe.is_finished());
    let report = probe.report();
    let diagnosis = diagnosis::explain(&report, None).expect("diagnosis");
    assert_eq!(
        (diagnosis.kind.as_str(), diagnosis.stage),
        ("timeout", Some(Stage::Ehlo))
    );
    assert_eq!(report.duration_ms, 30_000);
}

#[test]
fn report_round_trips_through_json() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/transcripts/auth_gmail_535_bad_credentials.txt"
    ))
    .expect("transcript");
    let report = replay::run(&replay::parse("gmail", &text), None).report;
    let json = serde_json::to_string(&report).expect("serialises");
    let back: sendready_shared::session::TestReport =
        serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, report);
}
