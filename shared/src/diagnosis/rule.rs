//! One row of the classification tables: the kind it gives and what a reply must show for it
//! (providers, stages, codes, classes, enhanced codes, phrases), built with `when(kind)` and the
//! builder methods; `rules` and `provider_codes` hold the rows.

use super::DiagnosisKind::{self, Unknown};
use super::advice::Advice;
use super::evidence::Evidence;
use super::grounds::Clue;
use crate::providers::{AppPasswords, ProviderId};
use crate::smtp::Stage;

/// Matches any detail in an enhanced-code pattern.
pub(super) const ANY: u16 = u16::MAX;

/// One row of the table; empty lists match anything.
pub(crate) struct Rule {
    kind: DiagnosisKind,
    /// Provider families (`ProviderId::family`) the row is for.
    providers: &'static [ProviderId],
    app_passwords: Option<AppPasswords>,
    stages: &'static [Stage],
    /// Stages the row is never for (a stage that is not known passes).
    outside: &'static [Stage],
    codes: &'static [u16],
    classes: &'static [u8],
    enhanced: &'static [(u16, u16)],
    phrases: &'static [&'static str],
    /// Short words that, like `phrases`, are enough on their own, but only where they stand
    /// outside a host name (`words`).
    words: &'static [&'static str],
    /// Lists that must each have a phrase in the reply (a conjunction, e.g. port 465 and a
    /// plaintext socket and a timeout).
    all: &'static [&'static [&'static str]],
    /// Two lists whose phrases must stand close together, in either order (a subject and what
    /// was done to it: "relaying" and "is denied", "do not allow … relaying").
    near: Option<[&'static [&'static str]; 2]>,
    without_code: bool,
    with_code: bool,
    advice: Option<&'static Advice>,
}

/// The outcome of classification.
pub(crate) struct Verdict {
    pub kind: DiagnosisKind,
    pub advice: Option<&'static Advice>,
    pub provider_specific: bool,
    /// The signals the deciding row rested on; empty for `unknown` by default.
    pub clues: Vec<Clue>,
    /// The phrase of the deciding row found in the reply.
    pub phrase: Option<&'static str>,
}

impl Verdict {
    /// The verdict of an application's own error number (`outlook::ERROR_NUMBERS`).
    pub(crate) fn application(kind: DiagnosisKind) -> Verdict {
        Verdict::resting_on(kind, vec![Clue::ApplicationError])
    }

    /// The verdict of a quoted sign-in refusal (`oauth::kind_in_text`).
    pub(crate) fn sign_in(kind: DiagnosisKind) -> Verdict {
        Verdict::resting_on(kind, vec![Clue::Phrase])
    }

    /// No row matched: `unknown`, resting on nothing.
    pub(super) fn unknown() -> Verdict {
        Verdict::resting_on(Unknown, Vec::new())
    }

    /// A verdict no table row gave: no row's advice, phrase or provider.
    fn resting_on(kind: DiagnosisKind, clues: Vec<Clue>) -> Verdict {
        Verdict {
            kind,
            advice: None,
            provider_specific: false,
            clues,
            phrase: None,
        }
    }
}

pub(super) const fn when(kind: DiagnosisKind) -> Rule {
    Rule {
        kind,
        providers: &[],
        app_passwords: None,
        stages: &[],
        outside: &[],
        codes: &[],
        classes: &[],
        enhanced: &[],
        phrases: &[],
        words: &[],
        all: &[],
        near: None,
        without_code: false,
        with_code: false,
        advice: None,
    }
}

impl Rule {
    pub(super) const fn providers(mut self, providers: &'static [ProviderId]) -> Self {
        self.providers = providers;
        self
    }
    /// Only for providers with this app-password policy.
    pub(super) const fn app_passwords(mut self, policy: AppPasswords) -> Self {
        self.app_passwords = Some(policy);
        self
    }
    pub(super) const fn stages(mut self, stages: &'static [Stage]) -> Self {
        self.stages = stages;
        self
    }
    pub(super) const fn outside(mut self, stages: &'static [Stage]) -> Self {
        self.outside = stages;
        self
    }
    pub(super) const fn codes(mut self, codes: &'static [u16]) -> Self {
        self.codes = codes;
        self
    }
    /// Only for these reply classes; a reply whose class is unknown passes.
    pub(super) const fn classes(mut self, classes: &'static [u8]) -> Self {
        self.classes = classes;
        self
    }
    pub(super) const fn enhanced(mut self, enhanced: &'static [(u16, u16)]) -> Self {
        self.enhanced = enhanced;
        self
    }
    pub(super) const fn phrases(mut self, phrases: &'static [&'static str]) -> Self {
        self.phrases = phrases;
        self
    }
    /// Short words read like phrases, except where a host name holds them: a digit or a dot that
    /// joins them to more of a name beside them (`ssl` in `ssl0.ovh.net`, `tls` in
    /// `tls.example.com`) makes them part of the name, so an unrelated failure that names such a
    /// host is not read as theirs. Letters beside them still count (`openssl`, `starttls`).
    pub(super) const fn words(mut self, words: &'static [&'static str]) -> Self {
        self.words = words;
        self
    }
    /// Only when each of these lists has a phrase in the reply.
    pub(super) const fn all(mut self, lists: &'static [&'static [&'static str]]) -> Self {
        self.all = lists;
        self
    }
    /// Only when a phrase of `first` and one of `second` stand within `NEAR` characters of each
    /// other, in either order: one meaning in any word order and with any words between.
    pub(super) const fn near(
        mut self,
        first: &'static [&'static str],
        second: &'static [&'static str],
    ) -> Self {
        self.near = Some([first, second]);
        self
    }
    /// Only for text with no reply code at all: messages written by a client library.
    pub(super) const fn without_code(mut self) -> Self {
        self.without_code = true;
        self
    }
    /// Only for text with a reply code or an enhanced code: a server's reply.
    pub(super) const fn with_code(mut self) -> Self {
        self.with_code = true;
        self
    }
    pub(super) const fn advice(mut self, advice: &'static Advice) -> Self {
        self.advice = Some(advice);
        self
    }

    /// The kinds of signal this row rests on, for the diagnosis's evidence.
    fn clues(&self) -> Vec<Clue> {
        [
            (
                !self.phrases.is_empty()
                    || !self.words.is_empty()
                    || !self.all.is_empty()
                    || self.near.is_some(),
                Clue::Phrase,
            ),
            (!self.enhanced.is_empty(), Clue::EnhancedCode),
            (!self.codes.is_empty(), Clue::ReplyCode),
            (!self.classes.is_empty(), Clue::ReplyClass),
            (
                !self.stages.is_empty() || !self.outside.is_empty(),
                Clue::Stage,
            ),
            (
                !self.providers.is_empty() || self.app_passwords.is_some(),
                Clue::Provider,
            ),
            (self.without_code, Clue::ClientMessage),
        ]
        .into_iter()
        .filter_map(|(used, clue)| used.then_some(clue))
        .collect()
    }

    pub(super) fn matches(
        &self,
        evidence: &Evidence,
        stage: Option<Stage>,
        provider: Option<ProviderId>,
    ) -> bool {
        let class = evidence.class();
        (self.providers.is_empty()
            || provider.is_some_and(|p| self.providers.contains(&p.family())))
            && self
                .app_passwords
                .is_none_or(|policy| provider.is_some_and(|p| p.provider().app_passwords == policy))
            && (self.stages.is_empty() || stage.is_some_and(|s| self.stages.contains(&s)))
            && stage.is_none_or(|s| !self.outside.contains(&s))
            && (self.codes.is_empty() || evidence.code.is_some_and(|c| self.codes.contains(&c.0)))
            && (self.classes.is_empty() || class.is_none_or(|c| self.classes.contains(&c)))
            && (self.enhanced.is_empty()
                || evidence.enhanced.is_some_and(|e| {
                    self.enhanced.iter().any(|&(subject, detail)| {
                        e.subject == subject && (detail == ANY || e.detail == detail)
                    })
                }))
            && ((self.phrases.is_empty() && self.words.is_empty())
                || self.phrase_in(&evidence.text).is_some())
            && self
                .all
                .iter()
                .all(|list| list.iter().any(|p| evidence.text.contains(p)))
            && self
                .near
                .is_none_or(|[first, second]| near_phrase(&evidence.text, first, second).is_some())
            && (!self.without_code || (evidence.code.is_none() && evidence.enhanced.is_none()))
            && (!self.with_code || evidence.code.is_some() || evidence.enhanced.is_some())
    }

    /// The verdict this row gives for the reply it matched.
    pub(super) fn verdict(&self, evidence: &Evidence) -> Verdict {
        Verdict {
            kind: self.kind,
            advice: self.advice,
            provider_specific: !self.providers.is_empty() || self.app_passwords.is_some(),
            clues: self.clues(),
            phrase: self
                .phrase_in(&evidence.text)
                .or_else(|| {
                    self.all
                        .iter()
                        .flat_map(|list| list.iter())
                        .copied()
                        .find(|p| evidence.text.contains(p))
                })
                .or_else(|| {
                    let [first, second] = self.near?;
                    near_phrase(&evidence.text, first, second)
                }),
        }
    }

    /// Every phrase and word the row reads, for the tables' own test of their spelling.
    #[cfg(test)]
    pub(super) fn written(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.phrases
            .iter()
            .chain(self.words)
            .chain(self.all.iter().flat_map(|list| list.iter()))
            .chain(
                self.near
                    .iter()
                    .flat_map(|lists| lists.iter().flat_map(|l| l.iter())),
            )
            .copied()
    }

    /// The first of the row's phrases, then of its words, that `text` holds.
    fn phrase_in(&self, text: &str) -> Option<&'static str> {
        self.phrases
            .iter()
            .copied()
            .find(|p| text.contains(p))
            .or_else(|| {
                self.words
                    .iter()
                    .copied()
                    .find(|w| outside_host_name(text, w))
            })
    }
}

/// How many characters may stand between the two phrases of a `near` row: a few words.
const NEAR: usize = 24;

/// The phrase of `first` that stands within `NEAR` characters of a phrase of `second`. Lazy: the
/// second list is only searched around a phrase of the first that the text holds, and nothing is
/// collected, since most rows read text that holds neither.
fn near_phrase(
    text: &str,
    first: &[&'static str],
    second: &[&'static str],
) -> Option<&'static str> {
    let near = |start: usize, end: usize| {
        second.iter().any(|other| {
            text.match_indices(other).any(|(other_start, _)| {
                let other_end = other_start + other.len();
                let gap = if other_start >= end {
                    other_start - end
                } else {
                    start.saturating_sub(other_end)
                };
                gap <= NEAR
            })
        })
    };
    first.iter().find_map(|phrase| {
        text.match_indices(phrase)
            .any(|(start, _)| near(start, start + phrase.len()))
            .then_some(*phrase)
    })
}

/// `word` somewhere in `text` other than inside a host name: not with a digit beside it, nor a
/// dot that joins it to a letter or digit on the dot's other side (`ssl0.ovh.net`,
/// `mail.tls.example`). A dot that ends a sentence, or any other character, leaves it a word.
fn outside_host_name(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    let joins = |next: Option<&u8>, beyond: Option<&u8>| match next {
        Some(c) if c.is_ascii_digit() => true,
        Some(b'.') => beyond.is_some_and(u8::is_ascii_alphanumeric),
        _ => false,
    };
    text.match_indices(word).any(|(at, _)| {
        let end = at + word.len();
        let before = at.checked_sub(1).and_then(|i| bytes.get(i));
        let before_that = at.checked_sub(2).and_then(|i| bytes.get(i));
        !joins(before, before_that) && !joins(bytes.get(end), bytes.get(end + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::{near_phrase, outside_host_name};

    #[test]
    fn near_phrases_stand_within_a_few_words_in_either_order() {
        let relay: &[&'static str] = &["relaying", "relay"];
        let refused: &[&'static str] = &["denied", "do not allow"];
        assert_eq!(
            near_phrase("550 relaying is denied", relay, refused),
            Some("relaying")
        );
        assert_eq!(
            near_phrase(
                "sorry, i do not allow unauthorized relaying .",
                relay,
                refused
            ),
            Some("relaying")
        );
        assert_eq!(
            near_phrase(
                "connected via relay.example.com; much later the login was denied",
                relay,
                refused
            ),
            None
        );
    }

    #[test]
    fn a_host_name_holds_its_words() {
        assert!(!outside_host_name(
            "connect to ssl0.ovh.net:465 refused",
            "ssl"
        ));
        assert!(!outside_host_name(
            "could not resolve tls.example.com",
            "tls"
        ));
        assert!(!outside_host_name(
            "relay via mail.tls.example failed",
            "tls"
        ));
        assert!(outside_host_name("error in ssl handshake", "ssl"));
        assert!(outside_host_name("openssl error", "ssl"));
        assert!(outside_host_name("the server requires tls.", "tls"));
        assert!(outside_host_name("starttls failed", "tls"));
    }
}
