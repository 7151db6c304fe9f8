//! Explains the why: which code, phrase, provider and stage led to a diagnosis.
//!
//! The rules decide from a handful of signals; `Grounds` names the ones the deciding row used,
//! with their values (the phrase as found, the enhanced code with its RFC 3463 class and
//! subject, where the provider and the stage came from), and one sentence for a person, so a
//! diagnosis can be checked instead of trusted.

use serde::{Deserialize, Serialize};

use crate::providers::ProviderId;
use crate::smtp::{EnhancedCode, ReplyCode, Stage};

/// A kind of signal a rule can rest on (serialised snake_case).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clue {
    /// Words of the reply from one of the phrase families.
    Phrase,
    /// The enhanced status code (RFC 3463 class.subject.detail).
    EnhancedCode,
    /// The three-digit reply code.
    ReplyCode,
    /// Only the reply's class (2xx, 4xx, 5xx).
    ReplyClass,
    /// The stage the reply answered.
    Stage,
    /// What is known of the provider (its replies or its app-password policy).
    Provider,
    /// A message written by the client library, with no reply code.
    ClientMessage,
    /// The application's own error number (Outlook's `0x800CCC79`), from Microsoft's list.
    ApplicationError,
}

/// Where the provider a diagnosis speaks of came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderSource {
    /// The preset the person chose.
    Chosen,
    /// The SMTP host name.
    Host,
    /// Markers in the reply itself (e.g. `gsmtp`, `PROD.OUTLOOK.COM`).
    Reply,
}

/// Where the stage came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageSource {
    /// The probe or the caller said which command the reply answered.
    Given,
    /// The application's message around the reply named it (`Invalid login` is AUTH).
    Wrapper,
}

/// The evidence behind a diagnosis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grounds {
    /// The signals the deciding rule rested on; empty when no rule matched (`unknown`).
    pub clues: Vec<Clue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u16>,
    /// The enhanced status code as read, e.g. `5.7.8`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enhanced_code: Option<String>,
    /// The phrase that matched, lower-case, e.g. `username and password not accepted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrase: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_source: Option<ProviderSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_source: Option<StageSource>,
    /// The application message the reply was found in, e.g. `nodemailer`, `dotnet`, `smtplib`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapper: Option<String>,
    /// The application's own error number, e.g. `0x800CCC79`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_error: Option<String>,
    /// The same in one sentence.
    pub summary: String,
}

/// Everything the summary is built from.
pub(crate) struct Signals<'a> {
    pub clues: Vec<Clue>,
    pub code: Option<ReplyCode>,
    pub enhanced: Option<EnhancedCode>,
    pub phrase: Option<&'a str>,
    pub provider: Option<(ProviderId, ProviderSource)>,
    pub stage: Option<(Stage, StageSource)>,
    pub wrapper: Option<&'static str>,
    /// The application's own error number, when the text held one from Microsoft's list.
    pub application_error: Option<u32>,
}

/// RFC 3463's subjects, the middle number of an enhanced code.
const SUBJECTS: [&str; 8] = [
    "other or undefined status",
    "addressing status",
    "mailbox status",
    "mail system status",
    "network and routing status",
    "mail delivery protocol status",
    "message content or media status",
    "security or policy status",
];

impl Grounds {
    pub(crate) fn from_signals(signals: Signals<'_>) -> Grounds {
        // Each part, with whether the deciding rule used it or it was only read.
        let used = |clue: Clue| signals.clues.contains(&clue);
        let mut parts: Vec<(bool, String)> = Vec::new();
        if let Some(phrase) = signals.phrase {
            parts.push((true, format!("the words \u{201c}{phrase}\u{201d}")));
        }
        if let Some(code) = signals.enhanced {
            let subject = SUBJECTS
                .get(usize::from(code.subject))
                .copied()
                .unwrap_or("a subject outside RFC 3463");
            let class = if code.class == 4 {
                "temporary"
            } else {
                "permanent"
            };
            parts.push((
                used(Clue::EnhancedCode),
                format!("the enhanced code {code} ({class}, {subject})"),
            ));
        }
        if let Some(code) = signals.code {
            parts.push((
                used(Clue::ReplyCode) || used(Clue::ReplyClass),
                format!("the reply code {}", code.0),
            ));
        }
        if let Some((provider, source)) = signals.provider {
            let source = match source {
                ProviderSource::Chosen => "as chosen",
                ProviderSource::Host => "judged from the host",
                ProviderSource::Reply => "judged from the reply",
            };
            parts.push((
                used(Clue::Provider),
                format!("the provider {} ({source})", provider.provider().name),
            ));
        }
        if let Some((stage, source)) = signals.stage {
            let source = match source {
                StageSource::Given => String::new(),
                StageSource::Wrapper => format!(
                    ", named by the {} message",
                    signals.wrapper.unwrap_or("application")
                ),
            };
            parts.push((
                used(Clue::Stage),
                format!("the {} stage{source}", stage.as_str()),
            ));
        }
        if let Some(number) = signals.application_error {
            parts.push((
                used(Clue::ApplicationError),
                format!(
                    "the {} error number 0x{number:08X}",
                    signals.wrapper.unwrap_or("application")
                ),
            ));
        }
        let join = |decisive: bool| {
            parts
                .iter()
                .filter(|(used, _)| *used == decisive)
                .map(|(_, part)| part.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let (decided, read) = (join(true), join(false));
        let summary = match (decided.is_empty(), read.is_empty()) {
            (true, true) => "Nothing in the reply matched a known code or phrase.".to_owned(),
            (true, false) if signals.clues.is_empty() => {
                format!("Read {read}, but no rule explains them.")
            }
            (true, false) => format!("Decided by the kind of message; also read {read}."),
            (false, _) if tentative(&signals.clues) => {
                let also = if read.is_empty() {
                    String::new()
                } else {
                    format!("; also read {read}")
                };
                format!(
                    "Judged from {decided} alone: the words name no cause the rules know{also}."
                )
            }
            (false, true) => format!("Decided from {decided}."),
            (false, false) => format!("Decided from {decided}; also read {read}."),
        };
        Grounds {
            clues: signals.clues,
            code: signals.code.map(|c| c.0),
            enhanced_code: signals.enhanced.map(|c| c.to_string()),
            phrase: signals.phrase.map(str::to_owned),
            provider_source: signals.provider.map(|(_, source)| source),
            stage_source: signals.stage.map(|(_, source)| source),
            wrapper: signals.wrapper.map(str::to_owned),
            application_error: signals.application_error.map(|n| format!("0x{n:08X}")),
            summary,
        }
    }

    /// True when only the reply code, its class or the stage decided: the words named no cause the
    /// tables know, so the kind is what such a code usually means there. On the blind sets such
    /// verdicts were right about half the time, against four in five when words decided.
    pub fn is_tentative(&self) -> bool {
        tentative(&self.clues)
    }

    /// What decided, in a few words for a line under the diagnosis ("the words “…”, the
    /// enhanced code 5.7.8, the provider Gmail"): only the signals the deciding rule used, with
    /// the diagnosis's `provider` and `stage` named when the rule rested on them.
    pub fn decided(&self, provider: Option<ProviderId>, stage: Option<Stage>) -> String {
        let used = |clue: Clue| self.clues.contains(&clue);
        let mut parts: Vec<String> = Vec::new();
        if let Some(phrase) = &self.phrase {
            parts.push(format!("the words \u{201c}{phrase}\u{201d}"));
        }
        match (&self.enhanced_code, self.code) {
            (Some(code), _) if used(Clue::EnhancedCode) => {
                parts.push(format!("the enhanced code {code}"));
            }
            (_, Some(code)) if used(Clue::ReplyCode) || used(Clue::ReplyClass) => {
                parts.push(format!("the reply code {code}"));
            }
            _ => {}
        }
        if let Some(provider) = provider.filter(|_| used(Clue::Provider)) {
            parts.push(format!("the provider {}", provider.provider().name));
        }
        if let Some(stage) = stage.filter(|_| used(Clue::Stage)) {
            parts.push(format!("the {} stage", stage.as_str()));
        }
        if used(Clue::ClientMessage) {
            parts.push("the application's own message".to_owned());
        }
        if let Some(number) = self
            .application_error
            .as_ref()
            .filter(|_| used(Clue::ApplicationError))
        {
            parts.push(format!("the application's error number {number}"));
        }
        if parts.is_empty() {
            "nothing in it matched a known code or phrase".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// Only the reply code, its class or the stage among the deciding signals (and at least one).
fn tentative(clues: &[Clue]) -> bool {
    // A row for messages without a code (`ClientMessage`) that reads no words is the stage's
    // default as much as a row of the reply class is.
    clues
        .iter()
        .any(|clue| matches!(clue, Clue::ReplyCode | Clue::ReplyClass | Clue::Stage))
        && clues.iter().all(|clue| {
            matches!(
                clue,
                Clue::ReplyCode | Clue::ReplyClass | Clue::Stage | Clue::ClientMessage
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_each_signal() {
        let grounds = Grounds::from_signals(Signals {
            clues: vec![Clue::Phrase, Clue::Provider],
            code: Some(ReplyCode(535)),
            enhanced: EnhancedCode::parse("5.7.8"),
            phrase: Some("username and password not accepted"),
            provider: Some((ProviderId::Gmail, ProviderSource::Host)),
            stage: Some((Stage::Auth, StageSource::Wrapper)),
            wrapper: Some("nodemailer"),
            application_error: None,
        });
        let summary = &grounds.summary;
        for part in [
            "\u{201c}username and password not accepted\u{201d}",
            "also read the enhanced code 5.7.8 (permanent, security or policy status)",
            "reply code 535",
            "Gmail (judged from the host)",
            "auth stage, named by the nodemailer message",
        ] {
            assert!(summary.contains(part), "{part} missing in {summary}");
        }
        assert_eq!(grounds.enhanced_code.as_deref(), Some("5.7.8"));
        assert_eq!(
            grounds.decided(Some(ProviderId::Gmail), Some(Stage::Auth)),
            "the words \u{201c}username and password not accepted\u{201d}, the provider Gmail"
        );
    }

    #[test]
    fn a_verdict_of_the_code_and_stage_alone_says_it_is_tentative() {
        let signals = |clues: Vec<Clue>| Signals {
            clues,
            code: Some(ReplyCode(554)),
            enhanced: None,
            phrase: None,
            provider: None,
            stage: Some((Stage::Greeting, StageSource::Wrapper)),
            wrapper: Some("postfix"),
            application_error: None,
        };
        let guess = Grounds::from_signals(signals(vec![Clue::ReplyClass, Clue::Stage]));
        assert!(guess.is_tentative());
        assert_eq!(
            guess.summary,
            "Judged from the reply code 554; the greeting stage, named by the postfix message \
             alone: the words name no cause the rules know."
        );
        let worded = Grounds::from_signals(signals(vec![Clue::Phrase, Clue::Stage]));
        assert!(!worded.is_tentative());
        assert!(
            worded.summary.starts_with("Decided from"),
            "{}",
            worded.summary
        );
        assert!(!Grounds::from_signals(signals(Vec::new())).is_tentative());
        let stage_default = Grounds::from_signals(signals(vec![Clue::Stage, Clue::ClientMessage]));
        assert!(stage_default.is_tentative());
        assert!(!Grounds::from_signals(signals(vec![Clue::ClientMessage])).is_tentative());
    }

    #[test]
    fn nothing_read_says_so() {
        let grounds = Grounds::from_signals(Signals {
            clues: Vec::new(),
            code: None,
            enhanced: None,
            phrase: None,
            provider: None,
            stage: None,
            wrapper: None,
            application_error: None,
        });
        assert!(
            grounds.summary.starts_with("Nothing"),
            "{}",
            grounds.summary
        );
        assert_eq!(
            grounds.decided(None, None),
            "nothing in it matched a known code or phrase"
        );
    }
}
