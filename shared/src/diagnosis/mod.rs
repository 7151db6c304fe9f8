//! Explains an SMTP failure: a stable `kind`, words for a person, and ordered steps to fix it.
//!
//! `diagnose` reads a reply as it appears in logs (clean or mangled), optionally with the stage,
//! the host and the provider, and classifies it with the data tables in `rules`; the words come
//! from `advice`, and `guide_step` points into the provider's guide in `crate::providers`.
//! `explain` does the same for a finished probe: it reads the probe's typed `ProbeFailure`, so
//! the SMTP engine below never needs to know about diagnoses. A pasted text first goes through
//! `wrappers::extract`, which finds the reply inside what an application printed around it;
//! every diagnosis of a reply carries its `Grounds` (the code, phrase, provider and stage that
//! led to it), and advice that depends on the date takes today's date as an input. An
//! application's own error number (Outlook's `0x800CCC0E`) decides only where the text holds no
//! server reply, or the reply explains nothing.

mod advice;
mod dated;
mod evidence;
mod grounds;
mod guide;
mod library_phrases;
mod library_rules;
mod localised_phrases;
mod oauth;
mod outlook;
mod phrases;
mod policy_phrases;
mod protocol_phrases;
mod provider_codes;
mod rule;
mod rules;
mod service_phrases;
mod situation_advice;
mod tls_phrases;
mod wrappers;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::providers::{self, ProviderId};

use crate::smtp::{CredentialKind, FailureCause, ProbeReport, Stage};
pub use oauth::{explain_oauth, explain_state};

pub use dated::{Day, MICROSOFT_BASIC_AUTH_OFF};
pub use grounds::{Clue, Grounds, ProviderSource, StageSource};
pub use outlook::ApplicationError;
pub use wrappers::{Extracted, extract};

/// What went wrong, as a fixed vocabulary clients may branch on (serialised snake_case).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosisKind {
    /// The provider wants an app password (or authorisation code), not the account password.
    AppPasswordRequired,
    /// The user name or password is wrong.
    BadCredentials,
    /// Password SMTP AUTH is off for the tenant, mailbox or account, or retired by the provider.
    SmtpAuthDisabled,
    /// The server wants AUTH before mail and the client did not authenticate.
    NotAuthenticated,
    /// The server refuses to relay to the recipient.
    RelayDenied,
    /// The server wants TLS before this command.
    TlsRequired,
    /// TLS could not be set up (server problem, certificate, version).
    TlsFailed,
    /// No SASL mechanism both sides support.
    AuthMechanismUnsupported,
    /// The account is blocked or suspended, often after abuse or a security challenge.
    AccountBlocked,
    /// Too many attempts, messages or recipients; wait or raise the quota.
    RateLimited,
    /// The From address is not one the account may send as.
    SenderNotAllowed,
    /// The server refuses this client (IP reputation, reverse DNS, policy).
    ConnectionRejected,
    /// The recipient does not exist or cannot take mail.
    RecipientRejected,
    /// A reply the tables do not explain.
    Unknown,
    /// The host name did not resolve.
    DnsFailed,
    /// The TCP connection could not be opened.
    ConnectFailed,
    /// The server did not answer in time.
    Timeout,
    /// Implicit TLS against a STARTTLS port or the reverse.
    WrongTlsMode,
    /// Another service (HTTP, SSH, POP3, IMAP) answered on the port.
    NotSmtp,
    /// The server offers no TLS, so credentials cannot be sent safely.
    InsecureServer,
    /// The server broke the protocol (malformed, oversized or unsolicited replies, early close).
    ProtocolError,
    // Sign-in with Microsoft or Google (`crate::oauth`); words in `diagnosis::oauth`.
    /// The OAuth grant is revoked or expired: sign in again.
    OauthGrantRevoked,
    /// The user or an administrator has not consented to the app.
    OauthConsentRequired,
    /// The provider wants MFA or another interactive step.
    OauthInteractionRequired,
    /// The deployment's client secret is wrong or expired.
    OauthClientSecretInvalid,
    /// The deployment's client id is unknown to the provider or tenant.
    OauthClientNotFound,
    /// The deployment's client may not use this flow.
    OauthClientUnauthorized,
    /// A scope is missing or not granted.
    OauthScopeInvalid,
    /// The redirect URI is not registered for the client.
    OauthRedirectUriMismatch,
    /// The person cancelled or declined at the provider.
    OauthAccessDenied,
    /// The provider failed or is unavailable.
    OauthProviderUnavailable,
    /// The provider refused a malformed request.
    OauthRequestInvalid,
    /// The provider's answer was not a token response.
    OauthInvalidResponse,
    /// The sign-in answer's state was forged, expired, replayed or for another session.
    OauthStateInvalid,
}

/// A reply to explain, with whatever context is known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiagnosisInput {
    /// The reply text: one line or several, with or without codes.
    pub reply: String,
    pub stage: Option<Stage>,
    /// The SMTP host the reply came from, e.g. `smtp.gmail.com`.
    pub host: Option<String>,
    /// The preset the person chose, when known; otherwise (and for "other") the provider is
    /// judged from the host and the reply. Its guide is where the fix links to.
    pub provider: Option<ProviderId>,
    /// Today's date, for advice that changes on a known day; `None` words it for either side.
    pub today: Option<Day>,
}

/// The explanation of one failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    pub kind: DiagnosisKind,
    pub title: String,
    pub explanation: String,
    /// What to do, in order, in words; the pages to go to are in the guide step.
    pub fix_steps: Vec<String>,
    /// The guide step that fixes it, by its stable id (e.g. `gmail.create_app_password`): the
    /// widget links to it, `GET /api/providers` has its text and links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide_step: Option<String>,
    /// True when trying again later, unchanged, may succeed.
    pub retryable: bool,
    /// True when the words rely on knowing the provider.
    pub provider_specific: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// The evidence in one line: what the probe saw when there was no reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Why: the code, phrase, provider and stage the diagnosis of a reply rests on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Grounds>,
}

/// What a failure without a reply means, by the engine's cause; `Refused` is read by `diagnose`.
const CAUSES: [(FailureCause, DiagnosisKind); 11] = [
    (FailureCause::Refused, DiagnosisKind::Unknown),
    (FailureCause::DnsFailed, DiagnosisKind::DnsFailed),
    (FailureCause::ConnectFailed, DiagnosisKind::ConnectFailed),
    (
        FailureCause::ConnectionRejected,
        DiagnosisKind::ConnectionRejected,
    ),
    (FailureCause::Timeout, DiagnosisKind::Timeout),
    (FailureCause::TlsFailed, DiagnosisKind::TlsFailed),
    (FailureCause::WrongTlsMode, DiagnosisKind::WrongTlsMode),
    (FailureCause::NotSmtp, DiagnosisKind::NotSmtp),
    (FailureCause::InsecureServer, DiagnosisKind::InsecureServer),
    (
        FailureCause::AuthMechanismUnsupported,
        DiagnosisKind::AuthMechanismUnsupported,
    ),
    (FailureCause::ProtocolError, DiagnosisKind::ProtocolError),
];

/// Classifies `input` and explains it.
pub fn diagnose(input: &DiagnosisInput) -> Diagnosis {
    let extracted = extract(&input.reply);
    let evidence = evidence::Evidence::read(&extracted.reply);
    let provider = input
        .provider
        .filter(|id| *id != ProviderId::Other)
        .map(|id| (id, ProviderSource::Chosen))
        .or_else(|| {
            let host = input.host.as_deref().and_then(providers::from_host)?;
            Some((host, ProviderSource::Host))
        })
        .or_else(|| {
            Some((
                providers::from_reply(&evidence.text)?,
                ProviderSource::Reply,
            ))
        });
    diagnose_read(input, &extracted, &evidence, provider)
}

/// The diagnosis of a reply already read, with the provider and where it came from.
fn diagnose_read(
    input: &DiagnosisInput,
    extracted: &Extracted,
    evidence: &evidence::Evidence,
    provider: Option<(ProviderId, ProviderSource)>,
) -> Diagnosis {
    let stage = input
        .stage
        .map(|stage| (stage, StageSource::Given))
        .or_else(|| Some((extracted.stage?, StageSource::Wrapper)));
    let provider_id = provider.map(|(id, _)| id);
    // A quoted refusal of the sign-in that would give the XOAUTH2 token (an `AADSTS` code,
    // `invalid_client`) is its cause, whatever SMTP words the application wraps it in.
    let mut verdict = match oauth::kind_in_text(&evidence.text) {
        Some(kind) => rules::Verdict::sign_in(kind),
        None => rules::classify(evidence, stage.map(|(s, _)| s), provider_id),
    };
    // The application's own error number decides when the text held no server reply (and no
    // reply code: a dialog in another language still quotes the server), and fills in when the
    // reply explains nothing.
    if let Some(error) = extracted.application.filter(|e| {
        (e.decides && evidence.code.is_none()) || verdict.kind == DiagnosisKind::Unknown
    }) {
        verdict = rules::Verdict::application(error.kind);
    }
    let mut diagnosis =
        advice::compose(verdict.kind, provider_id, verdict.advice, evidence.class());
    diagnosis.provider_specific |= verdict.provider_specific;
    if let Some(step) =
        dated::microsoft_basic_auth_step(verdict.kind, provider_id, evidence.enhanced, input.today)
    {
        diagnosis.fix_steps.push(step.to_owned());
        diagnosis.provider_specific = true;
    }
    diagnosis.stage = stage.map(|(s, _)| s);
    diagnosis.guide_step = guide::guide_step(verdict.kind, provider_id);
    diagnosis.evidence = Some(Grounds::from_signals(grounds::Signals {
        clues: verdict.clues,
        code: evidence.code,
        enhanced: evidence.enhanced,
        phrase: verdict.phrase,
        provider,
        stage,
        wrapper: extracted.wrapper,
        application_error: extracted.application.map(|e| e.number),
    }));
    diagnosis
}

/// The explanation of a failed probe, `None` when it succeeded. The provider is the one the
/// settings named; only when they named none is it judged from the host, the greeting or the
/// reply. `today` is the date the advice may depend on.
pub fn explain(report: &ProbeReport, today: Option<Day>) -> Option<Diagnosis> {
    let failure = report.failure.as_ref()?;
    let provider = report
        .provider
        .map(|id| (id, ProviderSource::Chosen))
        .or_else(|| Some((providers::from_host(&report.host)?, ProviderSource::Host)))
        .or_else(|| {
            let greeting = report.server.greeting.as_deref()?;
            Some((
                providers::from_reply(&greeting.to_ascii_lowercase())?,
                ProviderSource::Reply,
            ))
        });
    let provider_id = provider.map(|(id, _)| id);
    let diagnosis = match (&failure.reply, failure.cause) {
        (Some(reply), FailureCause::Refused) => {
            let input = DiagnosisInput {
                reply: reply.to_string(),
                stage: failure.stage,
                host: Some(report.host.clone()),
                provider: provider_id,
                today,
            };
            let extracted = extract(&input.reply);
            let evidence = evidence::Evidence::read(&extracted.reply);
            let provider = provider.or_else(|| {
                Some((
                    providers::from_reply(&evidence.text)?,
                    ProviderSource::Reply,
                ))
            });
            diagnose_read(&input, &extracted, &evidence, provider)
        }
        (_, cause) => {
            let kind = CAUSES
                .iter()
                .find(|(listed, _)| *listed == cause)
                .map_or(DiagnosisKind::Unknown, |(_, kind)| *kind);
            let detail = failure.detail.clone().unwrap_or_default();
            Diagnosis::of_kind(kind, failure.stage, provider_id, detail)
        }
    };
    // A refused OAuth token is never a matter of app passwords: plain words, not the
    // provider's app-password advice.
    let refused_token = report.credential == CredentialKind::OauthToken
        && matches!(
            diagnosis.kind,
            DiagnosisKind::AppPasswordRequired | DiagnosisKind::BadCredentials
        );
    Some(if refused_token {
        let kind = DiagnosisKind::BadCredentials;
        let mut plain =
            Diagnosis::of_kind(kind, failure.stage, None, "the OAuth token was refused");
        plain.provider = provider_id;
        plain.guide_step = guide::guide_step(kind, provider_id);
        plain.evidence = diagnosis.evidence;
        plain
    } else {
        diagnosis
    })
}

impl Diagnosis {
    /// The explanation of a failure without a reply (timeout, refused connection, …).
    pub fn of_kind(
        kind: DiagnosisKind,
        stage: Option<Stage>,
        provider: Option<ProviderId>,
        detail: impl Into<String>,
    ) -> Self {
        let mut diagnosis = advice::compose(kind, provider, None, None);
        diagnosis.stage = stage;
        diagnosis.detail = Some(detail.into()).filter(|d: &String| !d.is_empty());
        diagnosis.guide_step = guide::guide_step(kind, provider);
        diagnosis
    }
}

impl DiagnosisKind {
    /// Every kind, in declaration order.
    pub const ALL: [DiagnosisKind; 34] = [
        DiagnosisKind::AppPasswordRequired,
        DiagnosisKind::BadCredentials,
        DiagnosisKind::SmtpAuthDisabled,
        DiagnosisKind::NotAuthenticated,
        DiagnosisKind::RelayDenied,
        DiagnosisKind::TlsRequired,
        DiagnosisKind::TlsFailed,
        DiagnosisKind::AuthMechanismUnsupported,
        DiagnosisKind::AccountBlocked,
        DiagnosisKind::RateLimited,
        DiagnosisKind::SenderNotAllowed,
        DiagnosisKind::ConnectionRejected,
        DiagnosisKind::RecipientRejected,
        DiagnosisKind::Unknown,
        DiagnosisKind::DnsFailed,
        DiagnosisKind::ConnectFailed,
        DiagnosisKind::Timeout,
        DiagnosisKind::WrongTlsMode,
        DiagnosisKind::NotSmtp,
        DiagnosisKind::InsecureServer,
        DiagnosisKind::ProtocolError,
        DiagnosisKind::OauthGrantRevoked,
        DiagnosisKind::OauthConsentRequired,
        DiagnosisKind::OauthInteractionRequired,
        DiagnosisKind::OauthClientSecretInvalid,
        DiagnosisKind::OauthClientNotFound,
        DiagnosisKind::OauthClientUnauthorized,
        DiagnosisKind::OauthScopeInvalid,
        DiagnosisKind::OauthRedirectUriMismatch,
        DiagnosisKind::OauthAccessDenied,
        DiagnosisKind::OauthProviderUnavailable,
        DiagnosisKind::OauthRequestInvalid,
        DiagnosisKind::OauthInvalidResponse,
        DiagnosisKind::OauthStateInvalid,
    ];

    /// The snake_case name, as serialised.
    pub fn as_str(self) -> &'static str {
        advice::kind_name(self)
    }
}

impl fmt::Display for DiagnosisKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_serde() {
        for kind in DiagnosisKind::ALL {
            let json = serde_json::to_string(&kind).expect("serialises");
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn every_kind_has_words() {
        for kind in DiagnosisKind::ALL {
            let diagnosis = Diagnosis::of_kind(kind, None, None, "");
            assert!(
                !diagnosis.title.is_empty() && !diagnosis.explanation.is_empty(),
                "{kind}"
            );
            assert!(!diagnosis.fix_steps.is_empty(), "{kind}");
        }
    }
}
