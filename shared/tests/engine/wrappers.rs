//! Errors as applications print them: real pasted texts, each from a public source, through
//! `diagnosis::extract` (wrapper, stage, reply) and `diagnose` (kind, with the stage the wrapper named).

use sendready_shared::diagnosis::{DiagnosisInput, StageSource, diagnose, extract};
use sendready_shared::smtp::Stage;
use serde::Deserialize;

const WRAPPERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/wrappers.jsonl");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    wrapper: Option<String>,
    stage: Option<String>,
    reply_starts: String,
    kind: String,
    source: String,
}

fn cases() -> Vec<Case> {
    std::fs::read_to_string(WRAPPERS)
        .expect("wrappers file")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn every_wrapper_family_is_found_in_real_pastes() {
    let cases = cases();
    let mut families: Vec<&str> = cases.iter().filter_map(|c| c.wrapper.as_deref()).collect();
    families.sort_unstable();
    families.dedup();
    for family in [
        "dotnet",
        "mailkit",
        "phpmailer",
        "nodemailer",
        "smtplib",
        "javamail",
        "postfix",
        "swiftmailer",
        "ruby",
        "go",
        "thunderbird",
        "outlook",
    ] {
        assert!(families.contains(&family), "no real example of {family}");
    }
    let mut wrong = Vec::new();
    for case in &cases {
        // A few pages (old Outlook Express help pages) are only served over http.
        assert!(
            case.source.starts_with("https://") || case.source.starts_with("http://"),
            "{}",
            case.source
        );
        let found = extract(&case.text);
        let stage = case.stage.as_deref().and_then(Stage::parse_loose);
        if found.wrapper != case.wrapper.as_deref()
            || found.stage != stage
            || !found.reply.starts_with(&case.reply_starts)
        {
            wrong.push(format!(
                "{:?}: got {:?} {:?} {:?}",
                case.text, found.wrapper, found.stage, found.reply
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_wrapped_reply_is_diagnosed_with_the_stage_its_wrapper_names() {
    let mut wrong = Vec::new();
    for case in cases() {
        let diagnosis = diagnose(&DiagnosisInput {
            reply: case.text.clone(),
            ..DiagnosisInput::default()
        });
        if diagnosis.kind.as_str() != case.kind {
            wrong.push(format!(
                "got {}, want {}: {:?}",
                diagnosis.kind, case.kind, case.text
            ));
        }
        let evidence = diagnosis.evidence.expect("a reply has evidence");
        assert_eq!(evidence.wrapper, case.wrapper, "{:?}", case.text);
        if case.stage.is_some() {
            assert_eq!(
                evidence.stage_source,
                Some(StageSource::Wrapper),
                "{:?}",
                case.text
            );
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_wrappers_own_words_are_not_read_as_the_servers() {
    // .NET's wrapper says "the client was not authenticated"; the server said 5.7.3.
    let diagnosis = diagnose(&DiagnosisInput {
        reply: "System.Net.Mail.SmtpException: The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.3 Authentication unsuccessful".into(),
        ..DiagnosisInput::default()
    });
    assert_eq!(diagnosis.kind.as_str(), "bad_credentials");
}

#[test]
fn an_outlook_dialog_is_read_by_the_servers_words_then_by_its_error_number() {
    let diagnose_text = |text: &str| {
        diagnose(&DiagnosisInput {
            reply: text.into(),
            ..DiagnosisInput::default()
        })
    };
    // Microsoft KB 290842: "Secure (SSL): No" is the program's, "Relaying Denied" the server's.
    let relay = diagnose_text(
        "The message could not be sent because one of the recipients was rejected by the server. The rejected e-mail address was '<someone@example.com>'. Subject: '<Test>', Account: '<Test>', Server: '<smtp.example.com>', Protocol: SMTP, Server Response: '550 <someone@example.com>... Relaying Denied', Port: 25, Secure (SSL): No, Server Error: 550, Error Number: 0x800CCC79",
    );
    assert_eq!(relay.kind.as_str(), "relay_denied");
    assert_eq!(relay.stage, Some(Stage::RcptTo));
    // Microsoft KB 191687: no server reply, so the error number decides.
    let refused = diagnose_text(
        "The connection to the server has failed. Account: 'your_account',\nServer:'your_SMTP_server', Protocol:SMTP, Port: 25, Secure(SSL): NO,\nSocket error: 10061, Error Number: 0x800ccc0e",
    );
    assert_eq!(refused.kind.as_str(), "connect_failed");
    let evidence = refused.evidence.expect("evidence");
    assert_eq!(evidence.application_error.as_deref(), Some("0x800CCC0E"));
    assert!(
        evidence.summary.contains("0x800CCC0E"),
        "{}",
        evidence.summary
    );
}

#[test]
fn a_dialog_in_another_language_is_still_read_by_the_servers_words() {
    // Windows Live Mail in Portuguese (root-io/vmail#68): the labels are not English, the
    // server's 454 "Relay access denied" is still there and outweighs the error number.
    let diagnosis = diagnose(&DiagnosisInput {
        reply: "Erro de Servidor: 454\nResposta do Servidor: 454 4.7.1 <*@cnpd.pt>: Relay access denied\nServidor: 'vmail.me'\nID de Erro do Windows Live Mail: 0x800CCC79\nProtocolo: SMTP\nPorta: 465\nSecure(SSL): Sim".into(),
        ..DiagnosisInput::default()
    });
    assert_eq!(diagnosis.kind.as_str(), "relay_denied");
}
