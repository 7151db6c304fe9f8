//! Reads a reply as logs show it (codes stripped, lines joined, client prefixes) into evidence.
//!
//! Real logs rarely hold a clean reply: libraries drop the code (`5.7.9 Application-specific…`),
//! join lines (`… and 5.7.14 then try again`), or wrap it (`Invalid login: 535-5.7.8 …`,
//! `SMTP Error: [554] 5.7.1 …`). The rules only need the code, the enhanced code and the words.
//! The words are read in one spelling: lower case, a typographic apostrophe as a plain one, and
//! negative contractions written out ("doesn't" as "does not", "can't" as "cannot"), so a phrase
//! the tables write once matches however the server or its translator contracted it.

use crate::smtp::{EnhancedCode, ReplyCode};

/// What the rules look at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Evidence {
    pub code: Option<ReplyCode>,
    pub enhanced: Option<EnhancedCode>,
    /// The words of the reply, lower-case, codes removed, whitespace collapsed, contractions
    /// written out (`canonical_word`).
    pub text: String,
}

impl Evidence {
    pub(crate) fn read(reply: &str) -> Evidence {
        let code = reply
            .lines()
            .find_map(leading_code)
            .or_else(|| embedded_code(reply));
        let enhanced = enhanced_codes(reply).find(|e| code.is_none_or(|c| c.class() == e.class));
        let mut text = String::with_capacity(reply.len());
        for line in reply.lines() {
            let line = line.trim_start();
            let line = if leading_code(line).is_some() {
                line[3..].trim_start_matches(['-', ','])
            } else {
                line
            };
            for word in line.split_whitespace() {
                if EnhancedCode::parse(word.trim_matches(|c: char| "[]():,;.\"".contains(c)))
                    .is_none()
                {
                    push_word(&mut text, word);
                }
            }
        }
        Evidence {
            code,
            enhanced,
            text,
        }
    }

    /// The reply class: from the code, else from the enhanced code.
    pub(crate) fn class(&self) -> Option<u8> {
        self.code
            .map(ReplyCode::class)
            .or(self.enhanced.map(|e| e.class))
    }
}

fn push_word(text: &mut String, word: &str) {
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(&canonical_word(word));
}

/// Negative contractions and how they read written out; the first that a word holds is replaced
/// ("can't" and "won't" are not their stem and "not").
const CONTRACTIONS: [(&str, &str); 3] =
    [("can't", "cannot"), ("won't", "will not"), ("n't", " not")];

/// A word as the tables spell it: lower case, `’` as `'`, a negative contraction written out.
pub(super) fn canonical_word(word: &str) -> String {
    let lower: String = word
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '\u{2019}' { '\'' } else { c })
        .collect();
    match CONTRACTIONS.iter().find(|(short, _)| lower.contains(short)) {
        Some((short, long)) => lower.replacen(short, long, 1),
        None => lower,
    }
}

/// A code at the start of a line: `535 …`, `535-…`, `535` alone, or `421, "4.7.0", …` as
/// Google's reference lists them.
fn leading_code(line: &str) -> Option<ReplyCode> {
    let line = line.trim_start();
    let bytes = line.as_bytes();
    let digits = bytes.get(..3)?;
    // RFC 5321 §4.2.1: the first digit is 2–5, the second 0–5 ("276 Connecting to …" is Exim's
    // process id, not a reply).
    let valid = digits.iter().all(u8::is_ascii_digit)
        && (b'2'..=b'5').contains(&digits[0])
        && (b'0'..=b'5').contains(&digits[1]);
    // Bytes, not `str` slices: the fourth byte may sit inside a multi-byte character.
    let ends = matches!(bytes.get(3), None | Some(b' ' | b'-' | b'\t'))
        || bytes.get(3..).is_some_and(|rest| rest.starts_with(b", \""));
    (valid && ends).then(|| {
        ReplyCode(
            digits
                .iter()
                .fold(0, |acc, d| acc * 10 + u16::from(d - b'0')),
        )
    })
}

/// A code inside a line, accepted only when an enhanced code of the same class follows it
/// (`Invalid login: 535-5.7.8`, `[554] 5.7.1`) or it is wrapped as `(550, b'…` by Python.
fn embedded_code(reply: &str) -> Option<ReplyCode> {
    let bytes = reply.as_bytes();
    (0..bytes.len().saturating_sub(2)).find_map(|start| {
        let digits = &bytes[start..start + 3];
        let boundary_before =
            start == 0 || (!bytes[start - 1].is_ascii_alphanumeric() && bytes[start - 1] != b'.');
        if !boundary_before
            || !digits.iter().all(u8::is_ascii_digit)
            || !(b'2'..=b'5').contains(&digits[0])
        {
            return None;
        }
        if bytes.get(start + 3).is_some_and(u8::is_ascii_alphanumeric) {
            return None;
        }
        let code = ReplyCode(
            digits
                .iter()
                .fold(0, |acc, d| acc * 10 + u16::from(d - b'0')),
        );
        let rest = reply.get(start + 3..)?;
        if rest.starts_with(", b'") || rest.starts_with(", b\"") || rest.starts_with(", '") {
            return Some(code);
        }
        // An MTA log quotes the remote server: "host x[1.2.3.4] said: 501 …", and Postfix its
        // refused greeting: "host x[1.2.3.4] refused to talk to me: 554 …".
        let quoted = ["said: ", "refused to talk to me: "]
            .iter()
            .any(|intro| reply[..start].ends_with(intro));
        if quoted && rest.starts_with([' ', '-', '\n']) {
            return Some(code);
        }
        let rest = rest.trim_start_matches([']', ')', ':', '-', ' ']);
        let (enhanced, _) = EnhancedCode::parse_prefix(rest.trim_start_matches(['\'', '"']))?;
        (enhanced.class == code.class()).then_some(code)
    })
}

/// Every enhanced code in the text, standing alone (not part of an IP address or version).
fn enhanced_codes(reply: &str) -> impl Iterator<Item = EnhancedCode> + '_ {
    reply
        .split(|c: char| c.is_whitespace() || "[]():,;'\"<>=#".contains(c))
        .flat_map(|word| {
            // A hyphen joins a code to its enhanced code ("550-5.7.1"), but after a name it
            // starts a version ("ruby-2.0.0-p353"), which is no enhanced code.
            let mut after_name = false;
            word.split('-').filter_map(move |part| {
                let code = (!after_name)
                    .then(|| EnhancedCode::parse(part.trim_end_matches('.')))
                    .flatten();
                after_name = part.ends_with(|c: char| c.is_ascii_alphabetic());
                code
            })
        })
}

/// True when `phrase` is written as `Evidence` spells the words it is looked for in: a phrase
/// that is not (upper case, a contraction) could never match.
#[cfg(test)]
pub(super) fn is_canonical(phrase: &str) -> bool {
    phrase.split(' ').all(|word| canonical_word(word) == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<u16>, Option<String>, String) {
        let e = Evidence::read(text);
        (
            e.code.map(|c| c.0),
            e.enhanced.map(|c| c.to_string()),
            e.text,
        )
    }

    #[test]
    fn contractions_are_written_out() {
        let (_, _, text) = read(
            "535 5.7.139 Authentication unsuccessful, the organization configuration doesn\u{2019}t allow this. I can't, WON'T relay; it isn't.",
        );
        assert_eq!(
            text,
            "authentication unsuccessful, the organization configuration does not allow this. i cannot, will not relay; it is not."
        );
    }

    #[test]
    fn clean_multi_line_reply() {
        let (code, enhanced, text) =
            read("454-4.7.0 Too many login attempts. Learn more at\n454 4.7.0  https://x - gsmtp");
        assert_eq!((code, enhanced.as_deref()), (Some(454), Some("4.7.0")));
        assert_eq!(
            text,
            "too many login attempts. learn more at https://x - gsmtp"
        );
    }

    #[test]
    fn joined_lines_without_codes() {
        let (code, enhanced, text) =
            read("5.7.14 Please log in via your web browser and 5.7.14 then try again.");
        assert_eq!((code, enhanced.as_deref()), (None, Some("5.7.14")));
        assert_eq!(
            text,
            "please log in via your web browser and then try again."
        );
    }

    #[test]
    fn wrapped_codes() {
        assert_eq!(
            read("Invalid login: 535-5.7.8 Username and Password not accepted").0,
            Some(535)
        );
        assert_eq!(read("SMTP Error: [554] 5.7.1 Account blocked").0, Some(554));
        assert_eq!(
            read("(550, b'5.7.1 message content rejected')").0,
            Some(550)
        );
        assert_eq!(
            read("Data command rejected: only 10 messages per day").0,
            None
        );
        assert_eq!(read("limit of 400 rcpts per 24 hours").0, None);
        assert_eq!(
            read("host x[192.0.2.1] said: 501 MAIL command contained invalid address").0,
            Some(501)
        );
        assert_eq!(
            read("host x[192.0.2.1] refused to talk to me: 554 Connecting IP blocked").0,
            Some(554)
        );
    }

    #[test]
    fn google_reference_format() {
        let (code, enhanced, text) =
            read("421, \"4.7.0\", TLS required for RCPT domain, closing connection.");
        assert_eq!((code, enhanced.as_deref()), (Some(421), Some("4.7.0")));
        assert_eq!(text, "tls required for rcpt domain, closing connection.");
    }

    #[test]
    fn a_number_outside_the_reply_grammar_is_no_code() {
        assert_eq!(
            read("  276 Connecting to mx [192.0.2.1]:25 ... failed").0,
            None
        );
        assert_eq!(read("250 2.0.0 Ok").0, Some(250));
    }

    #[test]
    fn versions_are_not_enhanced_codes() {
        assert_eq!(read("lib/ruby-2.0.0-p353/net/protocol.rb").1, None);
        assert_eq!(read("from ruby-2.0.0-p353 EOFError").1, None);
        assert_eq!(read("550-5.7.1 Blocked").1.as_deref(), Some("5.7.1"));
    }

    #[test]
    fn ip_addresses_are_not_enhanced_codes() {
        assert_eq!(read("550 Client host [3.211.34.40] blocked").1, None);
        assert_eq!(
            read("550 5.7.0 Blocked ip=62.210.110.165").1.as_deref(),
            Some("5.7.0")
        );
    }

    #[test]
    fn a_multi_byte_character_after_three_bytes_is_no_code_and_no_panic() {
        // schemathesis found this: slicing at byte 3 inside '\u{92}' panicked (and the worker hung).
        assert_eq!(read("\u{96}\u{92}\u{b9}Na").0, None);
        assert_eq!(leading_code("535\u{e9}"), None);
    }
}
