//! What a diagnosis says besides its kind: the evidence it rests on, the app-password hint
//! without over-reach, and the advice that changes on Microsoft's date.

use sendready_shared::diagnosis::{
    Clue, Day, DiagnosisInput, DiagnosisKind, ProviderSource, diagnose,
};
use sendready_shared::providers::ProviderId;
use sendready_shared::smtp::Stage;

fn at_auth(
    reply: &str,
    provider: ProviderId,
    today: Option<Day>,
) -> sendready_shared::diagnosis::Diagnosis {
    diagnose(&DiagnosisInput {
        reply: reply.into(),
        stage: Some(Stage::Auth),
        host: None,
        provider: Some(provider),
        today,
    })
}

#[test]
fn a_generic_refusal_at_a_consumer_provider_is_bad_credentials_with_the_app_password_hint() {
    // Gmail's and Yahoo's words for a refused login say nothing of app passwords.
    for (reply, provider) in [
        (
            "535-5.7.8 Username and Password not accepted. Learn more at\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials s68sm6561971pjb.38 - gsmtp",
            ProviderId::Gmail,
        ),
        (
            "535 5.7.0 (#AUTH005) Too many bad auth attempts.",
            ProviderId::Yahoo,
        ),
        ("535 5.7.8 Error: authentication failed", ProviderId::Icloud),
        ("535 Error: authentication failed", ProviderId::Qq),
    ] {
        let diagnosis = at_auth(reply, provider, None);
        assert_eq!(diagnosis.kind, DiagnosisKind::BadCredentials, "{reply}");
        let steps = diagnosis.fix_steps.join(" ").to_lowercase();
        assert!(
            steps.contains("app password") || steps.contains("authorisation code"),
            "no app-password hint for {provider:?}: {steps}"
        );
    }
    // Only a reply that says an app password is needed is `app_password_required`.
    let said = at_auth(
        "534-5.7.9 Application-specific password required. Learn more at\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor - gsmtp",
        ProviderId::Gmail,
        None,
    );
    assert_eq!(said.kind, DiagnosisKind::AppPasswordRequired);
}

#[test]
fn the_evidence_names_the_code_the_phrase_and_the_provider() {
    let diagnosis = diagnose(&DiagnosisInput {
        reply: "Error: Invalid login: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.".into(),
        host: Some("smtp.office365.com".into()),
        ..DiagnosisInput::default()
    });
    assert_eq!(diagnosis.kind, DiagnosisKind::SmtpAuthDisabled);
    let evidence = diagnosis.evidence.expect("evidence");
    assert_eq!(evidence.code, Some(535));
    assert_eq!(evidence.enhanced_code.as_deref(), Some("5.7.139"));
    assert_eq!(evidence.phrase.as_deref(), Some("smtpclientauthentication"));
    assert_eq!(evidence.provider_source, Some(ProviderSource::Host));
    assert_eq!(evidence.wrapper.as_deref(), Some("nodemailer"));
    assert!(evidence.clues.contains(&Clue::Phrase));
    assert!(
        evidence.summary.contains("smtpclientauthentication"),
        "{}",
        evidence.summary
    );
    assert!(
        evidence.summary.contains("Microsoft 365"),
        "{}",
        evidence.summary
    );
}

#[test]
fn an_unexplained_reply_says_what_was_read() {
    let diagnosis = diagnose(&DiagnosisInput {
        reply: "554 Transaction failed".into(),
        ..DiagnosisInput::default()
    });
    assert_eq!(diagnosis.kind, DiagnosisKind::Unknown);
    let evidence = diagnosis.evidence.expect("evidence");
    assert!(evidence.clues.is_empty());
    assert!(
        evidence.summary.contains("reply code 554"),
        "{}",
        evidence.summary
    );
}

#[test]
fn microsoft_advice_changes_at_the_end_of_december_2026() {
    let reply = "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.";
    let before = at_auth(
        reply,
        ProviderId::Microsoft365,
        Some(Day::from_ymd(2026, 12, 3)),
    );
    let after = at_auth(
        reply,
        ProviderId::Microsoft365,
        Some(Day::from_ymd(2027, 2, 1)),
    );
    let last = |d: &sendready_shared::diagnosis::Diagnosis| {
        d.fix_steps.last().cloned().unwrap_or_default()
    };
    assert!(last(&before).starts_with("Plan ahead"), "{}", last(&before));
    assert!(
        last(&after).starts_with("Since the end of December 2026"),
        "{}",
        last(&after)
    );
    // 550 5.7.30 is what clients see once it is off.
    let off = diagnose(&DiagnosisInput {
        reply: "550 5.7.30 Basic authentication is not supported for Client Submission.".into(),
        stage: Some(Stage::Auth),
        today: Some(Day::from_ymd(2027, 1, 5)),
        ..DiagnosisInput::default()
    });
    assert_eq!(off.kind, DiagnosisKind::SmtpAuthDisabled);
    assert!(
        off.fix_steps
            .iter()
            .any(|s| s.starts_with("Since the end of December 2026"))
    );
    // Gmail is untouched by Microsoft's date.
    let gmail = at_auth(
        "535 5.7.8 Username and Password not accepted.",
        ProviderId::Gmail,
        Some(Day::from_ymd(2027, 2, 1)),
    );
    assert!(!gmail.fix_steps.iter().any(|s| s.contains("December 2026")));
}
