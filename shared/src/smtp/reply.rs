//! Typed SMTP replies and the incremental, size-capped parser that reads them off the wire.
//!
//! One `ReplyParser` lives as long as the connection: bytes that arrive in any split are fed in,
//! and a complete `Reply` comes out once its last line is in. "Need more bytes" is `None`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The caps every reply must fit in (security.md §5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplyLimits {
    /// Longest line, CRLF included.
    pub line_bytes: usize,
    /// Most lines in one multi-line reply.
    pub lines: usize,
    /// Most bytes in one reply, all lines and line ends included.
    pub reply_bytes: usize,
}

impl Default for ReplyLimits {
    fn default() -> Self {
        Self {
            line_bytes: 1000,
            lines: 128,
            reply_bytes: 16 * 1024,
        }
    }
}

/// A three-digit reply code such as `535`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReplyCode(pub u16);

/// An RFC 3463 enhanced status code such as `5.7.8`, serialised as that string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EnhancedCode {
    pub class: u8,
    pub subject: u16,
    pub detail: u16,
}

/// One complete reply: every line shares `code`; `lines` hold the text after the separator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub code: ReplyCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enhanced_code: Option<EnhancedCode>,
    pub lines: Vec<String>,
}

/// Why bytes could not be read as a reply; each variant is fatal for the connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplyError {
    /// A line grew past `ReplyLimits::line_bytes` without a line end.
    LineTooLong,
    /// A reply had more than `ReplyLimits::lines` lines.
    TooManyLines,
    /// A reply had more than `ReplyLimits::reply_bytes` bytes.
    ReplyTooLarge,
    /// A line did not start with a three-digit code and a separator; carries the line.
    Malformed(Vec<u8>),
    /// A continuation line carried another code than the first line.
    MixedCodes { first: ReplyCode, then: ReplyCode },
}

/// Reads replies from a byte stream; keeps at most one partial line and one partial reply.
#[derive(Clone, Debug, Default)]
pub struct ReplyParser {
    limits: ReplyLimits,
    line: Vec<u8>,
    code: Option<ReplyCode>,
    lines: Vec<String>,
    reply_bytes: usize,
}

impl ReplyCode {
    /// The first digit: 2 success, 3 intermediate, 4 transient failure, 5 permanent failure.
    pub fn class(self) -> u8 {
        (self.0 / 100) as u8
    }

    pub fn is_positive(self) -> bool {
        matches!(self.class(), 2 | 3)
    }

    pub fn is_transient(self) -> bool {
        self.class() == 4
    }
}

impl EnhancedCode {
    /// Reads `d.ddd.ddd` at the start of `text`; the rest must start with a space or be empty.
    pub fn parse_prefix(text: &str) -> Option<(EnhancedCode, &str)> {
        let end = text
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(text.len());
        let code = Self::parse(&text[..end])?;
        Some((code, &text[end..]))
    }

    /// Reads exactly `d.ddd.ddd` with class 2, 4 or 5.
    pub fn parse(text: &str) -> Option<EnhancedCode> {
        let mut parts = text.split('.');
        let class = parts.next()?;
        let subject = parts.next()?;
        let detail = parts.next()?;
        let digits = |s: &str, max: usize| {
            !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
        };
        if parts.next().is_some() || !digits(class, 1) || !digits(subject, 3) || !digits(detail, 3)
        {
            return None;
        }
        let class = class.parse().ok().filter(|c| matches!(c, 2 | 4 | 5))?;
        Some(EnhancedCode {
            class,
            subject: subject.parse().ok()?,
            detail: detail.parse().ok()?,
        })
    }
}

impl Reply {
    /// Builds a reply from its parts, reading the enhanced code from the first line when its class matches.
    pub fn new(code: ReplyCode, lines: Vec<String>) -> Self {
        let enhanced_code = lines
            .first()
            .and_then(|line| EnhancedCode::parse_prefix(line))
            .map(|(enhanced, _)| enhanced)
            .filter(|enhanced| enhanced.class == code.class());
        Reply {
            code,
            enhanced_code,
            lines,
        }
    }

    /// All lines joined by newlines, without codes: what a person reads.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }
}

impl ReplyParser {
    pub fn new(limits: ReplyLimits) -> Self {
        Self {
            limits,
            ..Self::default()
        }
    }

    /// Consumes `input` until one reply is complete.
    ///
    /// Returns the reply and how many bytes of `input` it used, or `None` once every byte was
    /// taken without completing a reply. Empty lines between replies are skipped.
    pub fn parse(&mut self, input: &[u8]) -> Result<Option<(Reply, usize)>, ReplyError> {
        for (index, &byte) in input.iter().enumerate() {
            if byte != b'\n' {
                if self.line.len() + 1 >= self.limits.line_bytes {
                    return Err(ReplyError::LineTooLong);
                }
                self.line.push(byte);
                continue;
            }
            if let Some(reply) = self.finish_line()? {
                return Ok(Some((reply, index + 1)));
            }
        }
        Ok(None)
    }

    /// The bytes of the line read so far, for judging a banner that never ends its line.
    pub fn partial_line(&self) -> &[u8] {
        &self.line
    }

    /// True when no byte of an unfinished line or reply is held.
    pub fn is_idle(&self) -> bool {
        self.line.is_empty() && self.code.is_none()
    }

    fn finish_line(&mut self) -> Result<Option<Reply>, ReplyError> {
        let mut line = std::mem::take(&mut self.line);
        self.reply_bytes += line.len() + 1;
        if self.reply_bytes > self.limits.reply_bytes {
            return Err(ReplyError::ReplyTooLarge);
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if line.is_empty() {
            return Ok(None);
        }
        let (code, last, text) =
            split_line(&line).ok_or_else(|| ReplyError::Malformed(line.clone()))?;
        match self.code {
            Some(first) if first != code => {
                return Err(ReplyError::MixedCodes { first, then: code });
            }
            _ => self.code = Some(code),
        }
        if self.lines.len() == self.limits.lines {
            return Err(ReplyError::TooManyLines);
        }
        self.lines.push(display_text(text));
        if !last {
            return Ok(None);
        }
        self.code = None;
        self.reply_bytes = 0;
        Ok(Some(Reply::new(code, std::mem::take(&mut self.lines))))
    }
}

/// Splits `250-text` into (code, is last line, text); `None` when the line is not a reply line.
fn split_line(line: &[u8]) -> Option<(ReplyCode, bool, &[u8])> {
    let digits = line.get(..3)?;
    if !digits.iter().all(u8::is_ascii_digit) || !(b'2'..=b'5').contains(&digits[0]) {
        return None;
    }
    let code = ReplyCode(
        digits
            .iter()
            .fold(0, |acc, d| acc * 10 + u16::from(d - b'0')),
    );
    match line.get(3) {
        None => Some((code, true, &[])),
        Some(b' ') => Some((code, true, &line[4..])),
        Some(b'-') => Some((code, false, &line[4..])),
        Some(_) => None,
    }
}

/// Decodes reply text for display: invalid UTF-8 becomes U+FFFD, control bytes become `\xNN`.
pub(crate) fn display_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for c in String::from_utf8_lossy(bytes).chars() {
        if c.is_control() && c != '\t' {
            out.push_str(&format!("\\x{:02x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

impl fmt::Display for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

impl fmt::Display for EnhancedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

impl Serialize for EnhancedCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EnhancedCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        EnhancedCode::parse(&text)
            .ok_or_else(|| serde::de::Error::custom("not an enhanced status code"))
    }
}

/// The reply as it was on the wire, CRLF line ends included.
impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let last = self.lines.len().saturating_sub(1);
        if self.lines.is_empty() {
            return write!(f, "{}\r\n", self.code);
        }
        for (index, line) in self.lines.iter().enumerate() {
            match (index == last, line.is_empty()) {
                (true, true) => write!(f, "{}\r\n", self.code)?,
                (true, false) => write!(f, "{} {line}\r\n", self.code)?,
                (false, _) => write!(f, "{}-{line}\r\n", self.code)?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for ReplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplyError::LineTooLong => write!(f, "reply line longer than the limit"),
            ReplyError::TooManyLines => write!(f, "reply with more lines than the limit"),
            ReplyError::ReplyTooLarge => write!(f, "reply larger than the limit"),
            ReplyError::Malformed(line) => {
                write!(f, "not an SMTP reply line: {}", display_text(line))
            }
            ReplyError::MixedCodes { first, then } => {
                write!(f, "reply mixes codes {first} and {then}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(input: &[u8]) -> Result<Vec<Reply>, ReplyError> {
        let mut parser = ReplyParser::new(ReplyLimits::default());
        let mut replies = Vec::new();
        let mut rest = input;
        while let Some((reply, used)) = parser.parse(rest)? {
            replies.push(reply);
            rest = &rest[used..];
        }
        Ok(replies)
    }

    #[test]
    fn multi_line_reply_with_enhanced_code() {
        let replies = parse_all(b"250-smtp.example.org\r\n250-AUTH PLAIN\r\n250 2.0.0 OK\r\n")
            .expect("valid");
        assert_eq!(replies.len(), 1);
        assert_eq!(replies[0].code, ReplyCode(250));
        assert_eq!(
            replies[0].lines,
            ["smtp.example.org", "AUTH PLAIN", "2.0.0 OK"]
        );
        assert_eq!(replies[0].enhanced_code, None);
    }

    #[test]
    fn enhanced_code_from_first_line_when_class_matches() {
        let replies = parse_all(b"535 5.7.8 Error: authentication failed\r\n421 5.7.0 odd\r\n")
            .expect("valid");
        assert_eq!(
            replies[0].enhanced_code.map(|c| c.to_string()).as_deref(),
            Some("5.7.8")
        );
        assert_eq!(replies[1].enhanced_code, None);
    }

    #[test]
    fn bare_code_bare_lf_and_any_split() {
        let input = b"\r\n250\n220 ready\r\n";
        for split in 0..input.len() {
            let mut parser = ReplyParser::new(ReplyLimits::default());
            let mut replies = Vec::new();
            for chunk in [&input[..split], &input[split..]] {
                let mut rest = chunk;
                while let Some((reply, used)) = parser.parse(rest).expect("valid") {
                    replies.push(reply.to_string());
                    rest = &rest[used..];
                }
            }
            assert_eq!(replies, ["250\r\n", "220 ready\r\n"], "split at {split}");
        }
    }

    #[test]
    fn rejects_bad_lines() {
        assert!(matches!(
            parse_all(b"2506-me\r\n"),
            Err(ReplyError::Malformed(_))
        ));
        assert!(matches!(
            parse_all(b"SSH-2.0-OpenSSH\r\n"),
            Err(ReplyError::Malformed(_))
        ));
        assert!(matches!(
            parse_all(b"150 not smtp\r\n"),
            Err(ReplyError::Malformed(_))
        ));
        assert_eq!(
            parse_all(b"250-a\r\n550 b\r\n"),
            Err(ReplyError::MixedCodes {
                first: ReplyCode(250),
                then: ReplyCode(550)
            })
        );
    }

    #[test]
    fn enforces_limits() {
        let long = [b'2', b'5', b'0', b' ']
            .iter()
            .copied()
            .chain(std::iter::repeat_n(b'x', 2000))
            .collect::<Vec<_>>();
        assert_eq!(parse_all(&long), Err(ReplyError::LineTooLong));
        let many = "250-x\r\n".repeat(200);
        assert_eq!(parse_all(many.as_bytes()), Err(ReplyError::TooManyLines));
        let big = format!("250-{}\r\n", "y".repeat(900)).repeat(20);
        assert_eq!(parse_all(big.as_bytes()), Err(ReplyError::ReplyTooLarge));
    }

    #[test]
    fn control_bytes_and_invalid_utf8_are_made_visible() {
        let replies = parse_all(b"220 a\x00b\xffc\r\n").expect("valid");
        assert_eq!(replies[0].lines, ["a\\x00b\u{fffd}c"]);
    }
}
