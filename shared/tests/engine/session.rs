//! The test session driven end to end as the worker drives it: limits, probe, diagnosis, attestation.

use sendready_shared::attestation::{self, SecretKey};
use sendready_shared::diagnosis::DiagnosisKind;
use sendready_shared::ground::Millis;
use sendready_shared::limits::{Decision, LimitQuery, Operation};
use sendready_shared::policy::DestinationPolicy;
use sendready_shared::providers::ProviderId;
use sendready_shared::secret::Secret;
use sendready_shared::session::{SessionError, Step, TestContext, TestOutcome, TestSession};
use sendready_shared::settings::{Field, RawForm};
use sendready_shared::smtp::{Credential, Output, Probe, ProbeConfig, ProbeReport};

const KEY: [u8; 32] = [7; 32];
const NOW_S: u64 = 1_800_000_000;

/// What the scripted server answers, one read per command, after the greeting.
const ACCEPTS: &[&str] = &[
    "220 mail.example.org ESMTP\r\n",
    "250-mail.example.org\r\n250 STARTTLS\r\n",
    "220 go ahead\r\n",
    "250-mail.example.org\r\n250 AUTH PLAIN LOGIN\r\n",
    "235 2.7.0 accepted\r\n",
    "221 bye\r\n",
];

const REFUSES: &[&str] = &[
    "220 mail.example.org ESMTP\r\n",
    "250-mail.example.org\r\n250 STARTTLS\r\n",
    "220 go ahead\r\n",
    "250-mail.example.org\r\n250 AUTH PLAIN LOGIN\r\n",
    "535 5.7.3 Authentication unsuccessful\r\n",
    "221 bye\r\n",
];

fn form(provider: &str) -> RawForm {
    RawForm {
        provider: provider.to_owned(),
        email: "ada@example.org".to_owned(),
        password: Secret::new("correct horse battery"),
        host: "mail.example.org".to_owned(),
        port: "587".to_owned(),
        security: "starttls".to_owned(),
        ..RawForm::default()
    }
}

fn context() -> TestContext {
    TestContext {
        policy: DestinationPolicy::default(),
        ehlo_name: "client.sendready.test".to_owned(),
        client_ip: "203.0.113.7".to_owned(),
        now_unix_ms: NOW_S * 1000,
        nonce: "00ff".to_owned(),
        attestation_key: SecretKey::new(&KEY).expect("long enough"),
    }
}

/// Runs the probe against the scripted server: one read per output batch.
fn probe(config: ProbeConfig, server: &[&str]) -> ProbeReport {
    let mut probe = Probe::new(config, Millis(0));
    probe.handle_connected(Millis(1));
    for (index, read) in server.iter().enumerate() {
        let now = Millis(10 * (index as u64 + 1));
        probe.handle_input(read.as_bytes(), now);
        while let Some(output) = probe.poll_output() {
            if output == Output::StartTls {
                probe.handle_tls_established(now);
            }
        }
    }
    assert!(probe.is_finished());
    probe.report()
}

/// Drives the session to its end; returns the queries asked and how it ended.
fn drive(
    mut session: TestSession,
    mut limiter: impl FnMut(&LimitQuery) -> Option<Decision>,
    server: &[&str],
) -> (Vec<LimitQuery>, Result<TestOutcome, SessionError>) {
    let mut asked = Vec::new();
    while let Some(step) = session.poll_step() {
        match step {
            Step::AskLimit(query) => {
                session.handle_decision(limiter(&query));
                asked.push(query);
            }
            Step::NeedAccessToken => {
                session.handle_access_token(Secret::new("access-token-value"));
            }
            Step::Probe(config) => session.handle_report(probe(*config, server), NOW_S),
            Step::RecordFailure(query) => {
                asked.push(query);
                session.handle_recorded(true);
            }
            Step::Finish(outcome) => return (asked, Ok(*outcome)),
            Step::Refuse(error) => return (asked, Err(error)),
        }
    }
    panic!("the session stopped without finishing");
}

fn admit(_: &LimitQuery) -> Option<Decision> {
    Some(Decision {
        retry_after_ms: None,
    })
}

#[test]
fn a_passing_test_asks_both_limits_then_attests_exactly_the_parsed_settings() {
    let session = TestSession::new(&form("other"), false, context()).expect("valid form");
    let settings = session.settings().clone();
    let (asked, outcome) = drive(session, admit, ACCEPTS);
    let operations: Vec<Operation> = asked.iter().map(|query| query.operation).collect();
    assert_eq!(operations, [Operation::Take, Operation::Check]);
    assert_eq!(asked[0].key, "ip:203.0.113.7");
    let outcome = outcome.expect("finished");
    assert_eq!(outcome.report.diagnosis, None);
    let attestation = outcome.attestation.expect("attested after success");
    let key = SecretKey::new(&KEY).expect("long enough");
    assert_eq!(
        attestation::verify(&key, &attestation.token, &settings, NOW_S + 60),
        Ok(())
    );
}

#[test]
fn the_chosen_preset_reaches_the_diagnosis_even_on_a_neutral_host() {
    let session = TestSession::new(&form("exchange"), false, context()).expect("valid form");
    let (asked, outcome) = drive(session, admit, REFUSES);
    let outcome = outcome.expect("finished");
    let diagnosis = outcome.report.diagnosis.expect("diagnosed");
    assert_eq!(diagnosis.kind, DiagnosisKind::BadCredentials);
    assert_eq!(outcome.report.probe.provider, Some(ProviderId::Exchange));
    assert_eq!(
        diagnosis.guide_step.as_deref(),
        Some("exchange.choose_account"),
        "the fix links into the chosen preset's guide"
    );
    assert_eq!(outcome.attestation, None);
    assert_eq!(
        asked.last().map(|query| query.operation),
        Some(Operation::Record),
        "a refused sign-in is counted"
    );
    assert_eq!(outcome.failure_counted, Some(true));
}

#[test]
fn a_used_up_budget_or_a_silent_limiter_stops_before_any_probe() {
    let limited = |_: &LimitQuery| {
        Some(Decision {
            retry_after_ms: Some(1_500),
        })
    };
    let session = TestSession::new(&form("other"), false, context()).expect("valid form");
    let (asked, outcome) = drive(session, limited, ACCEPTS);
    assert_eq!(asked.len(), 1);
    assert!(matches!(outcome, Err(SessionError::Limited(l)) if l.retry_after_s == 2));
    let session = TestSession::new(&form("other"), false, context()).expect("valid form");
    let (_, outcome) = drive(session, |_| None, ACCEPTS);
    assert_eq!(outcome, Err(SessionError::LimiterUnavailable));
}

#[test]
fn an_invalid_form_names_every_field_and_asks_nothing() {
    let mut bad = form("other");
    bad.port = "99999".to_owned();
    bad.email = "not an address".to_owned();
    let Err(SessionError::InvalidSettings(fields)) = TestSession::new(&bad, false, context())
    else {
        panic!("the form must be refused");
    };
    let named: Vec<Field> = fields.iter().map(|error| error.field).collect();
    assert!(
        named.contains(&Field::Port) && named.contains(&Field::Email),
        "{named:?}"
    );
}

#[test]
fn both_limits_can_be_asked_at_once_and_the_first_refusal_in_order_decides() {
    let limited = |wait_ms: u64| {
        Some(Decision {
            retry_after_ms: Some(wait_ms),
        })
    };
    let admitted = Some(Decision {
        retry_after_ms: None,
    });
    let cases = [
        ([admitted, admitted], None),
        ([limited(1_500), limited(9_000)], Some(2)),
        ([admitted, limited(9_000)], Some(9)),
        ([limited(1_500), None], Some(2)),
    ];
    for (decisions, refused_for_s) in cases {
        let mut session = TestSession::new(&form("other"), false, context()).expect("valid form");
        let mut asked = Vec::new();
        while let Some(Step::AskLimit(query)) = session.poll_step() {
            asked.push(query.operation);
        }
        assert_eq!(asked, [Operation::Take, Operation::Check], "both at once");
        assert!(session.poll_step().is_none(), "nothing before the answers");
        session.handle_decision(decisions[0]);
        assert!(session.poll_step().is_none(), "one answer is still missing");
        session.handle_decision(decisions[1]);
        match (session.poll_step(), refused_for_s) {
            (Some(Step::Probe(_)), None) => {}
            (Some(Step::Refuse(SessionError::Limited(limited))), Some(wait_s)) => {
                assert_eq!(limited.retry_after_s, wait_s, "{decisions:?}");
            }
            (step, _) => panic!("{decisions:?} ended in {step:?}"),
        }
    }
    let mut session = TestSession::new(&form("other"), false, context()).expect("valid form");
    while let Some(Step::AskLimit(_)) = session.poll_step() {}
    session.handle_decision(admitted);
    session.handle_decision(None);
    assert!(matches!(
        session.poll_step(),
        Some(Step::Refuse(SessionError::LimiterUnavailable))
    ));
}

/// The server of an OAuth test: it offers XOAUTH2 and accepts the token.
const ACCEPTS_XOAUTH2: &[&str] = &[
    "220 mail.example.org ESMTP\r\n",
    "250-mail.example.org\r\n250 STARTTLS\r\n",
    "220 go ahead\r\n",
    "250-mail.example.org\r\n250 AUTH PLAIN LOGIN XOAUTH2\r\n",
    "235 2.7.0 accepted\r\n",
    "221 bye\r\n",
];

#[test]
fn an_oauth_test_signs_in_with_xoauth2_and_attests_the_grant_not_a_password() {
    let handle = "0123456789abcdef0123456789abcdef";
    let mut oauth_form = form("other");
    oauth_form.password = Secret::new(handle);
    let session = TestSession::new_oauth(&oauth_form, false, context())
        .expect("a grant handle in the password field");
    let settings = session.settings().clone();
    assert_eq!(settings.grant_handle(), Some(handle));
    let (_, outcome) = drive(session, admit, ACCEPTS_XOAUTH2);
    let outcome = outcome.expect("finished");
    let transcript = outcome.report.probe.transcript.join("\n");
    assert!(transcript.contains("AUTH XOAUTH2"), "{transcript}");
    assert!(!transcript.contains("access-token-value"));
    let attestation = outcome.attestation.expect("attested after success");
    let key = SecretKey::new(&KEY).expect("long enough");
    assert_eq!(
        attestation::verify(&key, &attestation.token, &settings, NOW_S + 60),
        Ok(())
    );
    // The same form checked as a password account is other settings: the attestation does
    // not cover it.
    let as_password = oauth_form.check().settings.expect("a password is any text");
    assert!(attestation::verify(&key, &attestation.token, &as_password, NOW_S + 60).is_err());
}

#[test]
fn an_oauth_form_needs_a_grant_handle_and_may_choose_a_password_less_preset() {
    let mut outlook = form("outlook_com");
    outlook.email = "ada@outlook.com".to_owned();
    outlook.host = String::new();
    outlook.password = Secret::new("0123456789abcdef0123456789abcdef");
    let password_refused = outlook
        .check()
        .errors()
        .iter()
        .map(|e| e.code.clone())
        .collect::<Vec<_>>();
    assert!(password_refused.contains(&"password_sign_in_removed".to_owned()));
    assert_eq!(
        outlook
            .check_oauth_with(&DestinationPolicy::default())
            .errors(),
        &[]
    );
    outlook.password = Secret::new("not a handle");
    let refused = outlook.check_oauth_with(&DestinationPolicy::default());
    let codes: Vec<(Field, &str)> = refused
        .errors()
        .iter()
        .map(|e| (e.field, e.code.as_str()))
        .collect();
    assert_eq!(codes, [(Field::Password, "invalid_grant_handle")]);
}

/// The steps of an OAuth session until it needs an answer it was not given: limits answered by
/// `limiter`, the access token never.
fn steps_without_a_token(limiter: impl Fn(&LimitQuery) -> Option<Decision>) -> Vec<&'static str> {
    let mut oauth_form = form("other");
    oauth_form.password = Secret::new("0123456789abcdef0123456789abcdef");
    let mut session = TestSession::new_oauth(&oauth_form, false, context()).expect("valid");
    let mut steps = Vec::new();
    while let Some(step) = session.poll_step() {
        steps.push(match step {
            Step::AskLimit(query) => {
                session.handle_decision(limiter(&query));
                "ask_limit"
            }
            Step::NeedAccessToken => "need_access_token",
            Step::Probe(_) => "probe",
            Step::RecordFailure(_) => "record_failure",
            Step::Finish(_) => "finish",
            Step::Refuse(_) => "refuse",
        });
    }
    steps
}

#[test]
fn an_oauth_session_asks_for_its_token_only_after_the_limits_admitted_it() {
    // Admitted: the token is asked for after both limits, and nothing probes without it.
    assert_eq!(
        steps_without_a_token(admit),
        ["ask_limit", "ask_limit", "need_access_token"]
    );
    // The client's budget used up, the account's failed sign-ins used up, or the counter
    // silent: refused, and no token is asked for, so no provider is called for a test that
    // does not run.
    let refuse = |operation: Operation| {
        move |query: &LimitQuery| {
            Some(Decision {
                retry_after_ms: (query.operation == operation).then_some(30_000),
            })
        }
    };
    assert_eq!(
        steps_without_a_token(refuse(Operation::Take)),
        ["ask_limit", "refuse"]
    );
    assert_eq!(
        steps_without_a_token(refuse(Operation::Check)),
        ["ask_limit", "ask_limit", "refuse"]
    );
    assert_eq!(steps_without_a_token(|_| None), ["ask_limit", "refuse"]);
}

#[test]
fn an_oauth_probe_sends_exactly_the_token_given_after_admission() {
    let mut oauth_form = form("other");
    oauth_form.password = Secret::new("0123456789abcdef0123456789abcdef");
    let mut session = TestSession::new_oauth(&oauth_form, false, context()).expect("valid");
    // A token given before it was asked for is ignored.
    session.handle_access_token(Secret::new("too-early"));
    while let Some(Step::AskLimit(query)) = session.poll_step() {
        session.handle_decision(admit(&query));
    }
    // The loop above took the `NeedAccessToken` step: nothing comes before its answer.
    assert!(session.poll_step().is_none(), "no probe before the token");
    session.handle_access_token(Secret::new("the-token"));
    let Some(Step::Probe(config)) = session.poll_step() else {
        panic!("the probe after the token");
    };
    match config.credential {
        Credential::OAuthToken(token) => assert_eq!(token.expose(), "the-token"),
        Credential::Password(_) => panic!("an OAuth session probes with its token"),
    }
}
