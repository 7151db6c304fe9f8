//! The probe's results as plain serde data (stages, server facts, transcript, the typed failure),
//! and the redaction that keeps the secret out of them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ground::ProviderId;
use crate::ground::Security;
use crate::smtp::reply::Reply;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// The steps of a probe, in the order they run; also the stage vocabulary of the diagnosis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Connect,
    Greeting,
    Ehlo,
    Starttls,
    Tls,
    Auth,
    MailFrom,
    RcptTo,
    Data,
    Quit,
}

/// How a stage ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    Ok,
    Failed,
    TimedOut,
}

/// One finished stage: when it started (from the probe's start), how long it took, its reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageReport {
    pub stage: Stage,
    pub start_ms: u64,
    pub duration_ms: u64,
    pub status: StageStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<Reply>,
}

/// Progress for streaming to the UI, in the order it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum StageEvent {
    Started { stage: Stage, start_ms: u64 },
    Finished(StageReport),
}

/// The overall verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    Failure,
}

/// Which encryption protected the session when credentials were sent (or would have been).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsMode {
    None,
    Starttls,
    Implicit,
}

/// The EHLO extensions the probe cares about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    /// The domain the server named in its first EHLO line.
    pub domain: String,
    /// SASL mechanisms from `AUTH` (and the obsolete `AUTH=` form), upper-case.
    pub auth: Vec<String>,
    pub starttls: bool,
    /// The `SIZE` limit in bytes; `Some(0)` means "no fixed limit".
    pub size: Option<u64>,
    pub pipelining: bool,
    pub eight_bit_mime: bool,
    pub smtputf8: bool,
}

/// What the server told about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerFacts {
    /// The greeting text, without the code.
    pub greeting: Option<String>,
    /// The capabilities of the last EHLO: after TLS when TLS was set up.
    pub capabilities: Option<Capabilities>,
}

/// What went wrong, as the engine saw it. `crate::diagnosis` turns it into words and fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureCause {
    /// The server answered with an error reply (in `ProbeFailure::reply`).
    Refused,
    /// The host name did not resolve.
    DnsFailed,
    /// The TCP connection could not be opened, or broke before the greeting.
    ConnectFailed,
    /// The server closed the connection without greeting: it turned this client away.
    ConnectionRejected,
    /// A deadline passed with no answer.
    Timeout,
    /// The TLS handshake failed (certificate, version, or the server broke off).
    TlsFailed,
    /// Implicit TLS against a plaintext port, or plaintext against an implicit-TLS port.
    WrongTlsMode,
    /// Another service (web, SSH, POP3, IMAP, FTP) answered.
    NotSmtp,
    /// The server offered no TLS, so the secret was not sent.
    InsecureServer,
    /// No SASL mechanism both sides support.
    AuthMechanismUnsupported,
    /// The server broke the protocol: malformed, oversized or unsolicited bytes, early close.
    ProtocolError,
}

/// Why a probe failed: where, on which reply, and what the engine saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeFailure {
    /// The stage that failed; `None` only before the probe began one.
    pub stage: Option<Stage>,
    pub cause: FailureCause,
    /// The server's error reply, redacted, when `cause` is `refused`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<Reply>,
    /// The evidence in one line, redacted, when there is no reply: what the socket or the
    /// engine saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Which kind of secret signed in: it changes what a refused login means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// A password or app password (AUTH PLAIN or LOGIN).
    Password,
    /// An OAuth 2 access token (AUTH XOAUTH2).
    OauthToken,
}

/// Everything one probe found, for the API, the UI and logs. Never contains the secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeReport {
    pub outcome: Outcome,
    /// The provider the settings named; `None` when they named none (the "other" preset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderId>,
    pub credential: CredentialKind,
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub tls: TlsMode,
    /// True when the test message was accepted by the server.
    pub message_sent: bool,
    pub duration_ms: u64,
    pub stages: Vec<StageReport>,
    pub server: ServerFacts,
    /// `S: ` and `C: ` lines, credentials redacted.
    pub transcript: Vec<String>,
    /// Why the probe failed; `None` on success.
    pub failure: Option<ProbeFailure>,
}

impl Stage {
    /// Every stage, in probe order.
    pub const ALL: [Stage; 10] = [
        Stage::Connect,
        Stage::Greeting,
        Stage::Ehlo,
        Stage::Starttls,
        Stage::Tls,
        Stage::Auth,
        Stage::MailFrom,
        Stage::RcptTo,
        Stage::Data,
        Stage::Quit,
    ];

    /// The snake_case name, e.g. `mail_from`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Connect => "connect",
            Stage::Greeting => "greeting",
            Stage::Ehlo => "ehlo",
            Stage::Starttls => "starttls",
            Stage::Tls => "tls",
            Stage::Auth => "auth",
            Stage::MailFrom => "mail_from",
            Stage::RcptTo => "rcpt_to",
            Stage::Data => "data",
            Stage::Quit => "quit",
        }
    }

    /// Reads a stage as logs write it: `mail_from`, `MAIL FROM`, `AUTH`, `helo`; `None` otherwise.
    pub fn parse_loose(text: &str) -> Option<Stage> {
        let key: String = text
            .trim()
            .chars()
            .map(|c| {
                if c == ' ' || c == '-' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        match key.as_str() {
            "helo" | "lhlo" => Some(Stage::Ehlo),
            "banner" | "connection" => Some(Stage::Greeting),
            "end_of_data" | "message" => Some(Stage::Data),
            _ => Stage::ALL.into_iter().find(|stage| stage.as_str() == key),
        }
    }
}

impl Capabilities {
    /// Reads the capability lines of a `250` EHLO reply (lines after the first).
    pub fn from_ehlo(reply: &Reply) -> Self {
        let mut caps = Capabilities {
            domain: reply
                .lines
                .first()
                .and_then(|l| l.split_whitespace().next())
                .unwrap_or_default()
                .to_owned(),
            ..Capabilities::default()
        };
        for line in reply.lines.iter().skip(1) {
            let mut words = line.split_whitespace();
            let Some(keyword) = words.next() else {
                continue;
            };
            let keyword = keyword.to_ascii_uppercase();
            let (keyword, inline) = match keyword.split_once('=') {
                Some((key, first)) => (key.to_owned(), Some(first.to_owned())),
                None => (keyword, None),
            };
            match keyword.as_str() {
                "AUTH" => {
                    for mechanism in inline.into_iter().chain(words.map(str::to_ascii_uppercase)) {
                        if !mechanism.is_empty() && !caps.auth.contains(&mechanism) {
                            caps.auth.push(mechanism);
                        }
                    }
                }
                "STARTTLS" => caps.starttls = true,
                "SIZE" => caps.size = Some(words.next().and_then(|s| s.parse().ok()).unwrap_or(0)),
                "PIPELINING" => caps.pipelining = true,
                "8BITMIME" => caps.eight_bit_mime = true,
                "SMTPUTF8" => caps.smtputf8 = true,
                _ => {}
            }
        }
        caps
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Replaces every occurrence of the secret's forms by `[redacted]`.
///
/// A base64 blob that embeds the secret (AUTH PLAIN, XOAUTH2, AUTH LOGIN) contains, depending on
/// the secret's byte offset modulo 3, one of three fixed character runs. Redacting those runs
/// removes the secret from any base64 text a server might echo back, whatever surrounds it.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    needles: Vec<String>,
}

/// Shorter needles would blank out ordinary words; such secrets are refused by providers anyway.
const MIN_NEEDLE: usize = 4;

impl Redactor {
    pub(crate) fn new(secret: &str) -> Self {
        let mut needles = vec![secret.to_owned()];
        needles.extend((0..3).map(|offset| base64_core(secret.as_bytes(), offset)));
        needles.retain(|needle| needle.len() >= MIN_NEEDLE);
        needles.sort_by_key(|needle| std::cmp::Reverse(needle.len()));
        needles.dedup();
        Self { needles }
    }

    pub(crate) fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), "[redacted]");
            }
        }
        out
    }
}

/// The base64 characters fully determined by `secret` when it starts `offset` bytes into a blob.
fn base64_core(secret: &[u8], offset: usize) -> String {
    let mut blob = vec![0u8; offset];
    blob.extend_from_slice(secret);
    let encoded = STANDARD.encode(&blob);
    let first = (8 * offset).div_ceil(6);
    let end = (8 * (offset + secret.len())) / 6;
    encoded.get(first..end).unwrap_or_default().to_owned()
}

/// Shows how many forms are redacted, never the forms themselves.
impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} forms)", self.needles.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smtp::reply::ReplyCode;
    use proptest::prelude::*;

    #[test]
    fn reads_capabilities() {
        let lines = [
            "smtp.example.org at your service",
            "SIZE 35882577",
            "8BITMIME",
            "AUTH LOGIN PLAIN XOAUTH2",
            "AUTH=LOGIN",
            "starttls",
            "PIPELINING",
            "SMTPUTF8",
        ];
        let reply = Reply::new(
            ReplyCode(250),
            lines.iter().map(|l| l.to_string()).collect(),
        );
        let caps = Capabilities::from_ehlo(&reply);
        assert_eq!(caps.domain, "smtp.example.org");
        assert_eq!(caps.auth, ["LOGIN", "PLAIN", "XOAUTH2"]);
        assert!(caps.starttls && caps.pipelining && caps.eight_bit_mime && caps.smtputf8);
        assert_eq!(caps.size, Some(35_882_577));
    }

    #[test]
    fn stages_read_loosely() {
        assert_eq!(Stage::parse_loose("MAIL FROM"), Some(Stage::MailFrom));
        assert_eq!(Stage::parse_loose("RCPT TO"), Some(Stage::RcptTo));
        assert_eq!(Stage::parse_loose("AUTH"), Some(Stage::Auth));
        assert_eq!(Stage::parse_loose("greeting"), Some(Stage::Greeting));
        assert_eq!(Stage::parse_loose("unknown"), None);
    }

    proptest! {
        #[test]
        fn any_blob_embedding_the_secret_is_redacted(
            secret in "[ -~]{6,40}",
            prefix in proptest::collection::vec(any::<u8>(), 0..20),
            suffix in proptest::collection::vec(any::<u8>(), 0..20),
        ) {
            let redactor = Redactor::new(&secret);
            let mut blob = prefix.clone();
            blob.extend_from_slice(secret.as_bytes());
            blob.extend_from_slice(&suffix);
            let encoded = STANDARD.encode(&blob);
            let text = format!("C: AUTH PLAIN {encoded} and {secret}");
            let redacted = redactor.redact(&text);
            prop_assert!(!redacted.contains(&secret));
            let decoded_tail = redacted.split_whitespace().nth(3).unwrap_or_default().to_owned();
            prop_assert!(!decoded_tail.contains(&base64_core(secret.as_bytes(), prefix.len() % 3)));
        }
    }

    #[test]
    fn plain_and_login_forms() {
        let redactor = Redactor::new("hunter2!");
        let plain = STANDARD.encode("\0user\0hunter2!");
        let login = STANDARD.encode("hunter2!");
        assert_eq!(
            redactor
                .redact(&format!("x {plain} y"))
                .matches("[redacted]")
                .count(),
            1
        );
        assert!(!redactor.redact(&plain).contains("aHVudGVy"));
        assert!(!redactor.redact(&login).contains(&login));
    }
}
