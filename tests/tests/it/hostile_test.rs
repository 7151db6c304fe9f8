//! The engine's hostile-server cases, now through the worker: each ends in a structured report.
//!
//! Every test starts a scripted server on loopback (`sendready_tests::hostile`), runs
//! `POST /api/test` against it and checks the diagnosis kind, the stage it names and what the
//! server received; `run_through_worker` adds the checks every case shares (a `200` within
//! 30 s, no password in the answer, no AUTH in the clear).

use std::time::Duration;

use sendready_shared::smtp::{Outcome, Stage, TlsMode};
use sendready_tests::Environment;
use sendready_tests::hostile::{Session, Step, run_through_worker, send, starttls_opening};

const GREETING: &str = "220 mx.hostile.test ESMTP ready\r\n";
const EHLO_STARTTLS: &str =
    "250-mx.hostile.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n";
const EHLO_AUTH: &str = "250-mx.hostile.test\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN\r\n";

/// The lines the server received from the first that starts with `prefix` on.
fn from<'a>(session: &'a Session, prefix: &str) -> Vec<&'a str> {
    let lines = session.lines();
    let start = lines
        .iter()
        .position(|line| line.starts_with(prefix))
        .unwrap_or(lines.len());
    lines[start..].to_vec()
}

#[test]
fn a_silent_server_times_out_at_the_greeting() {
    let environment = Environment::from_env();
    let (run, session) =
        run_through_worker(&environment, "starttls", "silence@hostile.test", Vec::new());
    assert_eq!(run.kind(), "timeout", "{}", run.pretty());
    let diagnosis = run.report.diagnosis.as_ref().expect("a diagnosis");
    assert_eq!(diagnosis.stage, Some(Stage::Greeting), "{}", run.pretty());
    assert!(
        run.elapsed >= Duration::from_secs(14),
        "gave up after {:?}: the greeting deadline is 15 s",
        run.elapsed
    );
    assert!(
        session.received.is_empty(),
        "the client spoke first: {:?}",
        session.lines()
    );
}

#[test]
fn a_server_sending_one_byte_at_a_time_is_followed_to_success() {
    let environment = Environment::from_env();
    let slowly = |text: &str| Step::SendSlowly {
        bytes: text.as_bytes().to_vec(),
        pause: Duration::from_millis(3),
    };
    let script = vec![
        slowly(GREETING),
        Step::Expect("EHLO "),
        slowly(EHLO_STARTTLS),
        Step::Expect("STARTTLS"),
        slowly("220 2.0.0 Ready to start TLS\r\n"),
        Step::Tls,
        Step::Expect("EHLO "),
        slowly(EHLO_AUTH),
        Step::Expect("AUTH PLAIN "),
        slowly("235 2.7.0 Authentication successful\r\n"),
        Step::Expect("QUIT"),
        slowly("221 2.0.0 Bye\r\n"),
    ];
    let (run, session) = run_through_worker(&environment, "starttls", "slow@hostile.test", script);
    assert_eq!(
        run.report.probe.outcome,
        Outcome::Success,
        "{}",
        run.pretty()
    );
    assert_eq!(run.report.probe.tls, TlsMode::Starttls);
    let capabilities = run
        .report
        .probe
        .server
        .capabilities
        .as_ref()
        .expect("the capabilities after TLS");
    assert_eq!(capabilities.auth, ["PLAIN", "LOGIN"], "{}", run.pretty());
    assert_eq!(session.deviation, None, "{:?}", session.lines());
}

#[test]
fn a_10_kb_greeting_line_is_a_protocol_error() {
    let environment = Environment::from_env();
    let line = format!("220 {}\r\n", "x".repeat(10 * 1024));
    let (run, session) = run_through_worker(
        &environment,
        "starttls",
        "longline@hostile.test",
        vec![send(&line)],
    );
    assert_eq!(run.kind(), "protocol_error", "{}", run.pretty());
    assert!(
        session.received.is_empty(),
        "the client answered an oversized line: {:?}",
        session.lines()
    );
    let longest = run
        .report
        .probe
        .transcript
        .iter()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0);
    assert!(
        longest <= 220,
        "the transcript keeps a {longest}-character line"
    );
}

#[test]
fn a_10000_line_ehlo_reply_is_a_protocol_error() {
    let environment = Environment::from_env();
    let mut reply = "250-capability\r\n".repeat(9_999);
    reply.push_str("250 SMTPUTF8\r\n");
    let script = vec![send(GREETING), Step::Expect("EHLO "), send(&reply)];
    let (run, _) = run_through_worker(&environment, "starttls", "manylines@hostile.test", script);
    assert_eq!(run.kind(), "protocol_error", "{}", run.pretty());
    assert_eq!(
        run.report
            .diagnosis
            .as_ref()
            .and_then(|diagnosis| diagnosis.stage),
        Some(Stage::Ehlo)
    );
    assert!(
        run.report.probe.transcript.len() < 400,
        "the transcript grew to {} lines",
        run.report.probe.transcript.len()
    );
}

#[test]
fn bare_lf_replies_are_tolerated_through_starttls_and_auth() {
    let environment = Environment::from_env();
    let lf = |text: &str| send(&text.replace("\r\n", "\n"));
    let script = vec![
        lf(GREETING),
        Step::Expect("EHLO "),
        lf(EHLO_STARTTLS),
        Step::Expect("STARTTLS"),
        lf("220 2.0.0 Ready to start TLS\r\n"),
        Step::Tls,
        Step::Expect("EHLO "),
        lf(EHLO_AUTH),
        Step::Expect("AUTH PLAIN "),
        lf("235 2.7.0 Authentication successful\r\n"),
        Step::Expect("QUIT"),
        lf("221 2.0.0 Bye\r\n"),
    ];
    let (run, session) =
        run_through_worker(&environment, "starttls", "barelf@hostile.test", script);
    assert_eq!(
        run.report.probe.outcome,
        Outcome::Success,
        "{}",
        run.pretty()
    );
    assert_eq!(session.deviation, None, "{:?}", session.lines());
}

#[test]
fn mixed_codes_in_one_reply_are_a_protocol_error() {
    let environment = Environment::from_env();
    let script = vec![
        send(GREETING),
        Step::Expect("EHLO "),
        send("250-mx.hostile.test\r\n550 5.0.0 but also no\r\n"),
    ];
    let (run, _) = run_through_worker(&environment, "starttls", "mixed@hostile.test", script);
    assert_eq!(run.kind(), "protocol_error", "{}", run.pretty());
    assert_eq!(
        run.report
            .diagnosis
            .as_ref()
            .and_then(|diagnosis| diagnosis.stage),
        Some(Stage::Ehlo)
    );
}

#[test]
fn eof_in_the_middle_of_a_reply_is_a_protocol_error() {
    let environment = Environment::from_env();
    let script = vec![
        send(GREETING),
        Step::Expect("EHLO "),
        send("250-mx.hostile.test\r\n250-PIPEL"),
        Step::Close,
    ];
    let (run, _) = run_through_worker(&environment, "starttls", "eof@hostile.test", script);
    assert_eq!(run.kind(), "protocol_error", "{}", run.pretty());
    assert_eq!(
        run.report
            .diagnosis
            .as_ref()
            .and_then(|diagnosis| diagnosis.stage),
        Some(Stage::Ehlo)
    );
}

#[test]
fn starttls_refused_with_454_fails_without_sending_auth() {
    let environment = Environment::from_env();
    let ehlo = "250-mx.hostile.test\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n";
    let script = vec![
        send(GREETING),
        Step::Expect("EHLO "),
        send(ehlo),
        Step::Expect("STARTTLS"),
        send("454 4.7.0 TLS not available due to local problem\r\n"),
        Step::Expect("QUIT"),
        send("221 2.0.0 Bye\r\n"),
    ];
    let (run, session) =
        run_through_worker(&environment, "starttls", "refused@hostile.test", script);
    assert_eq!(run.kind(), "tls_failed", "{}", run.pretty());
    assert_eq!(
        run.report
            .diagnosis
            .as_ref()
            .and_then(|diagnosis| diagnosis.stage),
        Some(Stage::Starttls)
    );
    assert_eq!(run.report.probe.tls, TlsMode::None);
    assert_eq!(
        from(&session, "STARTTLS"),
        ["STARTTLS", "QUIT"],
        "{:?}",
        session.lines()
    );
}

#[test]
fn bytes_injected_after_the_starttls_220_end_the_session_at_once() {
    let environment = Environment::from_env();
    let script = vec![
        send(GREETING),
        Step::Expect("EHLO "),
        send(EHLO_STARTTLS),
        Step::Expect("STARTTLS"),
        // One write, so the injected reply arrives with the 220 as a man in the middle sends it.
        send("220 2.0.0 Ready to start TLS\r\n250 2.1.0 injected before the handshake\r\n"),
    ];
    let (run, session) =
        run_through_worker(&environment, "starttls", "injected@hostile.test", script);
    assert_eq!(run.kind(), "protocol_error", "{}", run.pretty());
    assert_eq!(
        run.report.probe.tls,
        TlsMode::None,
        "TLS must not start after injected bytes"
    );
    assert_eq!(
        from(&session, "STARTTLS"),
        ["STARTTLS"],
        "nothing may follow STARTTLS: {:?}",
        session.lines()
    );
}

#[test]
fn non_smtp_banners_are_recognised() {
    let environment = Environment::from_env();
    let banners = [
        (
            "http",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        ),
        ("ssh", "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n"),
        ("pop3", "+OK Dovecot (Debian) ready.\r\n"),
        (
            "imap",
            "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS] Dovecot ready.\r\n",
        ),
    ];
    let mut wrong = Vec::new();
    for (name, banner) in banners {
        let (run, session) = run_through_worker(
            &environment,
            "starttls",
            &format!("{name}@hostile.test"),
            vec![send(banner)],
        );
        if run.kind() != "not_smtp" || !session.received.is_empty() {
            wrong.push(format!(
                "{name}: kind {}, client sent {:?}",
                run.kind(),
                session.lines()
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn endless_auth_challenges_are_cut_off() {
    let environment = Environment::from_env();
    let mut script = starttls_opening(
        GREETING,
        EHLO_STARTTLS,
        "250-mx.hostile.test\r\n250 AUTH LOGIN\r\n",
    );
    for _ in 0..10 {
        script.extend([Step::Expect(""), send("334 VXNlcm5hbWU6\r\n")]);
    }
    let (run, session) =
        run_through_worker(&environment, "starttls", "endless@hostile.test", script);
    assert_eq!(run.kind(), "protocol_error", "{}", run.pretty());
    assert_eq!(
        run.report
            .diagnosis
            .as_ref()
            .and_then(|diagnosis| diagnosis.stage),
        Some(Stage::Auth)
    );
    let after_auth = from(&session, "AUTH LOGIN");
    assert!(
        after_auth.len() <= 5,
        "the client kept answering: {after_auth:?}"
    );
    assert_eq!(after_auth.last(), Some(&"QUIT"), "{after_auth:?}");
}

#[test]
fn a_server_without_starttls_gets_no_credentials() {
    let environment = Environment::from_env();
    let script = vec![
        send(GREETING),
        Step::Expect("EHLO "),
        send(EHLO_AUTH),
        Step::Expect("QUIT"),
        send("221 2.0.0 Bye\r\n"),
    ];
    let (run, session) =
        run_through_worker(&environment, "starttls", "insecure@hostile.test", script);
    assert_eq!(run.kind(), "insecure_server", "{}", run.pretty());
    assert_eq!(
        session.lines().len(),
        2,
        "only EHLO and QUIT may be sent: {:?}",
        session.lines()
    );
    assert!(!run.sent_auth(), "{}", run.pretty());
}

#[test]
fn a_plaintext_greeting_where_tls_is_expected_is_the_wrong_tls_mode() {
    let environment = Environment::from_env();
    let (run, session) = run_through_worker(
        &environment,
        "implicit_tls",
        "plaintext@hostile.test",
        vec![send(GREETING)],
    );
    // Workers surface a failed handshake only as an opaque I/O error at the first read, so on
    // a port that is not a known plaintext port (this one is random) the probe can say "TLS
    // failed" but not prove the mode was wrong; either is right, "could not connect" is not.
    assert!(
        matches!(run.kind().as_str(), "wrong_tls_mode" | "tls_failed"),
        "{}",
        run.pretty()
    );
    assert!(
        !session.lines().iter().any(|line| line.starts_with("EHLO")),
        "EHLO in the clear: {:?}",
        session.lines()
    );
}
