//! The worker against the real Postfix + Dovecot, proven from the MTA's side: its log and its mailbox.
//!
//! `api_test` checks the answers; these tests check what reached the mail server: no AUTH on
//! the listener without TLS (from Postfix's per-session command summary), and the test message
//! as Dovecot stored it in the account's Maildir.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sendready_shared::smtp::{Outcome, Stage, StageStatus, TlsMode};
use sendready_tests::{Environment, TestRun, eventually, read_text, secret_forms, test_request};

/// What Postfix's listener without TLS logs for each session, e.g. `postfix/plaintext/smtpd[42]:
/// disconnect from localhost[127.0.0.1] ehlo=1 quit=1 commands=2` (see `tests/mta/master.cf`).
const PLAINTEXT_DISCONNECT: &str = "postfix/plaintext/smtpd[";

fn plaintext_disconnects(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| line.contains(PLAINTEXT_DISCONNECT) && line.contains(": disconnect from "))
        .collect()
}

/// The message lines the probe sent after DATA, as its transcript shows them (`.` excluded).
fn sent_message(run: &TestRun) -> Vec<String> {
    let transcript = &run.report.probe.transcript;
    let data = transcript
        .iter()
        .position(|line| line == "C: DATA")
        .expect("DATA in the transcript");
    transcript[data + 1..]
        .iter()
        .skip_while(|line| !line.starts_with("C: "))
        .map_while(|line| line.strip_prefix("C: ").filter(|line| *line != "."))
        .map(str::to_owned)
        .collect()
}

/// The first header `name` of a message, unfolded.
fn header(message: &str, name: &str) -> Option<String> {
    // Maildir files have bare LF line ends; the wire has CRLF.
    let message = message.replace("\r\n", "\n");
    let head = message
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .replace("\n ", " ")
        .replace("\n\t", " ");
    head.lines()
        .find_map(|line| {
            line.split_once(':')
                .filter(|(key, _)| key.eq_ignore_ascii_case(name))
        })
        .map(|(_, value)| value.trim().to_owned())
}

/// The delivered file in `maildir` that contains `needle`.
fn delivered(maildir: &Path, needle: &str) -> Option<(PathBuf, String)> {
    let entries = std::fs::read_dir(maildir.join("new")).ok()?;
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find_map(|path| {
            let text = read_text(&path);
            text.contains(needle).then_some((path, text))
        })
}

#[test]
fn the_listener_without_tls_is_insecure_and_never_gets_the_password() {
    let environment = Environment::from_env();
    let (user, password) = environment.users[0].clone();
    let before = plaintext_disconnects(&read_text(&environment.postfix_log())).len();
    let run = environment.run_test(&test_request(
        environment.plain_port,
        "starttls",
        &user,
        &password,
        false,
    ));
    assert_eq!(
        run.report.probe.outcome,
        Outcome::Failure,
        "{}",
        run.pretty()
    );
    assert_eq!(run.kind(), "insecure_server", "{}", run.pretty());
    assert_eq!(run.report.probe.tls, TlsMode::None);
    let offered = run
        .report
        .probe
        .server
        .capabilities
        .as_ref()
        .map(|caps| caps.auth.clone())
        .unwrap_or_default();
    assert!(
        !offered.is_empty(),
        "the listener offers AUTH in the clear, which is the point: {}",
        run.pretty()
    );
    assert!(!run.sent_auth(), "{}", run.pretty());
    assert!(
        !run.report
            .probe
            .stages
            .iter()
            .any(|stage| stage.stage == Stage::Auth && stage.status == StageStatus::Ok)
    );

    // Postfix ends every session with a summary of the commands it got: `auth=` would be there.
    let log = eventually(Duration::from_secs(10), || {
        let log = read_text(&environment.postfix_log());
        (plaintext_disconnects(&log).len() > before).then_some(log)
    })
    .expect("Postfix logged no session on the listener without TLS");
    let sessions = plaintext_disconnects(&log);
    let ours = sessions[before];
    assert!(
        ours.contains(" ehlo=1") && ours.contains(" quit=1"),
        "{ours}"
    );
    for session in &sessions {
        assert!(
            !session.contains(" auth="),
            "AUTH reached the listener without TLS: {session}"
        );
    }
    for form in secret_forms(&user, &password) {
        assert!(
            !log.contains(&form),
            "the Postfix log contains the password as {form:?}"
        );
    }
}

#[test]
fn the_test_message_to_self_is_delivered_into_the_mailbox() {
    let environment = Environment::from_env();
    let (user, password) = environment.users[1].clone();
    let run = environment.run_test(&test_request(
        environment.starttls_port,
        "starttls",
        &user,
        &password,
        true,
    ));
    assert_eq!(
        run.report.probe.outcome,
        Outcome::Success,
        "{}",
        run.pretty()
    );
    assert!(run.report.probe.message_sent, "{}", run.pretty());
    for stage in [Stage::MailFrom, Stage::RcptTo, Stage::Data] {
        let report = run
            .report
            .probe
            .stages
            .iter()
            .find(|report| report.stage == stage);
        assert_eq!(
            report.map(|report| report.status),
            Some(StageStatus::Ok),
            "{stage}: {}",
            run.pretty()
        );
    }

    let sent = sent_message(&run);
    let sent_text = sent.join("\r\n");
    let message_id = header(&sent_text, "Message-ID").expect("a Message-ID in the sent message");
    let (path, stored) = eventually(Duration::from_secs(15), || {
        delivered(&environment.maildir(&user), &message_id)
    })
    .unwrap_or_else(|| {
        panic!(
            "no message {message_id} in {}",
            environment.maildir(&user).display()
        )
    });
    let context = format!("{}:\n{stored}", path.display());
    assert_eq!(
        header(&stored, "Message-ID").as_deref(),
        Some(message_id.as_str()),
        "{context}"
    );
    assert_eq!(
        header(&stored, "Subject").as_deref(),
        Some("sendready test message"),
        "{context}"
    );
    for name in ["From", "To"] {
        let value = header(&stored, name).unwrap_or_default();
        assert!(
            value.contains(&user),
            "{name} is {value:?}, not the account itself\n{context}"
        );
    }
    let date = header(&stored, "Date").unwrap_or_default();
    assert_eq!(
        header(&sent_text, "Date").as_deref(),
        Some(date.as_str()),
        "{context}"
    );
    assert!(
        date.contains(" +0000") || date.contains(" GMT"),
        "an RFC 5322 date in UTC: {date:?}"
    );
    assert!(
        header(&stored, "Delivered-To").is_some_and(|to| to.contains(&user)),
        "not delivered by LMTP\n{context}"
    );
    let body_start = sent
        .iter()
        .position(String::is_empty)
        .expect("a blank line before the body");
    let body: Vec<&String> = sent[body_start + 1..]
        .iter()
        .filter(|line| !line.is_empty())
        .collect();
    assert!(!body.is_empty(), "the test message has no body: {sent:?}");
    for line in body {
        assert!(
            stored.contains(line.as_str()),
            "the body line {line:?} did not arrive\n{context}"
        );
    }
    for form in secret_forms(&user, &password) {
        assert!(
            !stored.contains(&form),
            "the delivered message contains the password"
        );
    }
}

#[test]
fn implicit_tls_success_reports_the_session_it_had() {
    let environment = Environment::from_env();
    let (user, password) = environment.users[1].clone();
    let run = environment.run_test(&test_request(
        environment.implicit_tls_port,
        "implicit_tls",
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
    assert_eq!(run.report.probe.tls, TlsMode::Implicit);
    assert!(
        !run.report
            .probe
            .stages
            .iter()
            .any(|stage| matches!(stage.stage, Stage::Starttls | Stage::Tls))
    );
    let stages: Vec<Stage> = run
        .report
        .probe
        .stages
        .iter()
        .map(|stage| stage.stage)
        .collect();
    assert_eq!(
        stages,
        [
            Stage::Connect,
            Stage::Greeting,
            Stage::Ehlo,
            Stage::Auth,
            Stage::Quit
        ],
        "{}",
        run.pretty()
    );
    let capabilities = run
        .report
        .probe
        .server
        .capabilities
        .as_ref()
        .expect("capabilities");
    assert!(
        capabilities
            .auth
            .iter()
            .any(|mechanism| mechanism == "PLAIN"),
        "{}",
        run.pretty()
    );
    assert!(
        run.report
            .probe
            .server
            .greeting
            .as_deref()
            .is_some_and(|greeting| greeting.contains("mail.example.test"))
    );
    assert!(
        run.attestation.is_some(),
        "a successful test must come with an attestation"
    );
    run.assert_streamed();
}

#[test]
fn a_wrong_password_over_implicit_tls_is_bad_credentials() {
    let environment = Environment::from_env();
    let (user, password) = environment.users[1].clone();
    let wrong = format!("{password}-wrong");
    let run = environment.run_test(&test_request(
        environment.implicit_tls_port,
        "implicit_tls",
        &user,
        &wrong,
        false,
    ));
    assert_eq!(run.kind(), "bad_credentials", "{}", run.pretty());
    assert_eq!(
        run.report
            .diagnosis
            .as_ref()
            .and_then(|diagnosis| diagnosis.stage),
        Some(Stage::Auth)
    );
    let auth = run
        .report
        .probe
        .stages
        .iter()
        .find(|stage| stage.stage == Stage::Auth)
        .expect("an auth stage");
    assert_eq!(
        auth.reply.as_ref().map(|reply| reply.code.0),
        Some(535),
        "{}",
        run.pretty()
    );
    assert!(
        run.attestation.is_none(),
        "a failed test must not come with an attestation"
    );
    let answer = serde_json::to_string(&run.report).unwrap_or_default();
    for form in secret_forms(&user, &wrong) {
        assert!(
            !answer.contains(&form),
            "the report contains the password as {form:?}"
        );
    }
}
