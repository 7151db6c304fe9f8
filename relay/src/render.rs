//! The command line's words: live stages, the staged report, TLS facts, and diagnoses as text.

use std::fmt::Write as _;

use sendready_shared::diagnosis::Diagnosis;
use sendready_shared::session::{SessionError, TestReport};
use sendready_shared::smtp::{Outcome, StageEvent, StageStatus};

use crate::tls::TlsDetails;

/// One line on stderr as each stage finishes, so a slow server shows where it waits.
pub fn progress(event: &StageEvent) {
    if let StageEvent::Started { stage, .. } = event {
        eprintln!("… {stage}");
    }
}

/// The whole report: each stage with its time and reply, TLS, then the verdict or diagnosis.
pub fn report(report: &TestReport, tls: Option<&TlsDetails>, round_trips: u32) -> String {
    let probe = &report.probe;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "sendready probe {}:{} ({})",
        probe.host,
        probe.port,
        probe.security.as_str()
    );
    for stage in &probe.stages {
        let mark = match stage.status {
            StageStatus::Ok => "ok  ",
            StageStatus::Failed => "FAIL",
            StageStatus::TimedOut => "TIME",
        };
        let reply = stage
            .reply
            .as_ref()
            .map(|reply| format!("{} {}", reply.code, first_line(&reply.text())))
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "  {mark} {:<10} {:>6} ms  {reply}",
            stage.stage.as_str(),
            stage.duration_ms
        );
    }
    if let Some(tls) = tls {
        text.push_str(&tls_facts(tls));
    }
    let _ = writeln!(
        text,
        "  {} ms in all, {round_trips} round trips",
        probe.duration_ms
    );
    match (&probe.outcome, &report.diagnosis) {
        (Outcome::Success, _) if probe.message_sent => {
            text.push_str("result: success: signed in and the test message was accepted\n")
        }
        (Outcome::Success, _) => text.push_str("result: success: signed in\n"),
        (Outcome::Failure, Some(found)) => {
            text.push_str("result: failure\n");
            text.push_str(&diagnosis(found));
        }
        (Outcome::Failure, None) => text.push_str("result: failure (not explained)\n"),
    }
    text
}

/// The TLS session and certificate, one fact a line.
pub fn tls_facts(tls: &TlsDetails) -> String {
    let mut text = String::new();
    if let (Some(protocol), Some(suite)) = (&tls.protocol, &tls.cipher_suite) {
        let _ = writeln!(text, "  tls: {protocol}, {suite}");
    }
    if let Some(certificate) = &tls.certificate {
        let _ = writeln!(text, "  certificate subject: {}", certificate.subject);
        let _ = writeln!(text, "  certificate issuer:  {}", certificate.issuer);
        let _ = writeln!(
            text,
            "  certificate expiry:  {} ({} days)",
            certificate.not_after, certificate.expires_in_days
        );
        let _ = writeln!(
            text,
            "  certificate names:   {} ({})",
            certificate.names.join(", "),
            if certificate.name_matches {
                "the host name matches"
            } else {
                "the host name does NOT match"
            }
        );
    }
    match &tls.refused_because {
        Some(reason) => {
            let _ = writeln!(text, "  certificate refused: {reason}");
        }
        None if tls.verified => text.push_str("  certificate trusted\n"),
        None => {}
    }
    text
}

/// A diagnosis as a person reads it: title, explanation, numbered fixes, the guide step.
pub fn diagnosis(diagnosis: &Diagnosis) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{} ({})", diagnosis.title, diagnosis.kind);
    let _ = writeln!(text, "  {}", diagnosis.explanation);
    if let Some(detail) = &diagnosis.detail {
        let _ = writeln!(text, "  seen: {detail}");
    }
    for (number, step) in diagnosis.fix_steps.iter().enumerate() {
        let _ = writeln!(text, "  {}. {step}", number + 1);
    }
    if let Some(step) = &diagnosis.guide_step {
        let _ = writeln!(text, "  guide step: {step}");
    }
    if diagnosis.retryable {
        text.push_str("  trying again later, unchanged, may work\n");
    }
    text
}

/// Why the session refused to start, naming every field at fault.
pub fn session_error(error: &SessionError) -> String {
    match error {
        SessionError::InvalidSettings(fields) => fields
            .iter()
            .map(|field| format!("{}: {}", field.field.label(), field.message))
            .collect::<Vec<_>>()
            .join("\n"),
        SessionError::Limited(limited) => limited.message(),
        SessionError::LimiterUnavailable => "the limit counter did not answer".to_owned(),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}
