//! How a probe fails: classifying EOF, socket errors, timeouts and non-SMTP banners by stage.
//!
//! A failure without a reply is judged from where the session stood: before connecting, during
//! or just after a TLS handshake (Workers only surface TLS errors at the next read), or while
//! waiting for a greeting that turned out to be another protocol's banner.

use super::{Phase, Probe, clip};
use crate::ground::{Millis, Security};
use crate::smtp::command::Command;
use crate::smtp::config::TransportError;
use crate::smtp::reply::{Reply, ReplyError, display_text};
use crate::smtp::report::{FailureCause, ProbeFailure, Stage, StageStatus, TlsMode};

/// Ports where a server speaks plain SMTP first; implicit TLS there is the wrong mode.
const PLAINTEXT_PORTS: &[u16] = &[25, 587, 2525, 2587];
/// The implicit-TLS submission port; a plaintext greeting never comes there.
const IMPLICIT_TLS_PORT: u16 = 465;

/// A first-line prefix and what it means. `eager` prefixes are judged before a line end arrives
/// (binary TLS records never send one).
struct Signature {
    prefix: &'static [u8],
    kind: FailureCause,
    detail: &'static str,
    eager: bool,
}

const SIGNATURES: &[Signature] = &[
    Signature {
        prefix: b"\x16\x03",
        kind: FailureCause::WrongTlsMode,
        detail: "the server sent a TLS handshake record: the port expects implicit TLS",
        eager: true,
    },
    Signature {
        prefix: b"\x15\x03",
        kind: FailureCause::WrongTlsMode,
        detail: "the server sent a TLS alert: the port expects implicit TLS",
        eager: true,
    },
    Signature {
        prefix: b"HTTP/",
        kind: FailureCause::NotSmtp,
        detail: "a web server answered",
        eager: false,
    },
    Signature {
        prefix: b"<",
        kind: FailureCause::NotSmtp,
        detail: "a web server answered with HTML",
        eager: false,
    },
    Signature {
        prefix: b"SSH-",
        kind: FailureCause::NotSmtp,
        detail: "an SSH server answered",
        eager: false,
    },
    Signature {
        prefix: b"+OK",
        kind: FailureCause::NotSmtp,
        detail: "a POP3 server answered",
        eager: false,
    },
    Signature {
        prefix: b"-ERR",
        kind: FailureCause::NotSmtp,
        detail: "a POP3 server answered",
        eager: false,
    },
    Signature {
        prefix: b"* OK",
        kind: FailureCause::NotSmtp,
        detail: "an IMAP server answered",
        eager: false,
    },
    Signature {
        prefix: b"* PREAUTH",
        kind: FailureCause::NotSmtp,
        detail: "an IMAP server answered",
        eager: false,
    },
    Signature {
        prefix: b"* BYE",
        kind: FailureCause::NotSmtp,
        detail: "an IMAP server answered",
        eager: false,
    },
];

/// What a first line (complete, or cut off by EOF or a timeout) says about the service.
pub(crate) fn classify(first_bytes: &[u8]) -> Option<(FailureCause, &'static str)> {
    let trimmed = trim_start(first_bytes);
    SIGNATURES
        .iter()
        .find(|signature| starts_with_ignore_case(trimmed, signature.prefix))
        .map(|signature| (signature.kind, signature.detail))
}

/// Like `classify`, but only for signatures that need no line end.
pub(crate) fn classify_early(first_bytes: &[u8]) -> Option<(FailureCause, &'static str)> {
    SIGNATURES
        .iter()
        .find(|signature| signature.eager && first_bytes.starts_with(signature.prefix))
        .map(|signature| (signature.kind, signature.detail))
}

/// True when a `220` greeting is an FTP server's: it uses the same code as SMTP.
pub(crate) fn is_ftp_greeting(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("ftp") && !lower.contains("smtp") && !lower.contains("mail")
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

impl Probe {
    /// The peer closed the connection (EOF).
    pub fn handle_closed(&mut self, now: Millis) {
        self.last_seen = now;
        let (kind, detail) = match self.phase {
            Phase::Done => return,
            Phase::Quit => {
                self.finish(StageStatus::Ok, None, now);
                return self.close(now);
            }
            Phase::Connecting => (
                FailureCause::ConnectFailed,
                "the connection closed before it was established",
            ),
            Phase::TlsHandshake => (
                FailureCause::TlsFailed,
                "the connection closed during the TLS handshake",
            ),
            _ if self.awaiting_secure_bytes => (
                self.tls_failure_kind(""),
                "the connection closed right after TLS was set up",
            ),
            Phase::Greeting if !self.parser.is_idle() => {
                self.record_partial();
                classify(self.parser.partial_line()).unwrap_or((
                    FailureCause::ProtocolError,
                    "the connection closed in the middle of the greeting",
                ))
            }
            Phase::Greeting if self.config.port == IMPLICIT_TLS_PORT => (
                FailureCause::WrongTlsMode,
                "the server closed the connection without a greeting: port 465 expects implicit TLS",
            ),
            Phase::Greeting => (
                FailureCause::ConnectionRejected,
                "the server closed the connection without a greeting",
            ),
            _ if !self.parser.is_idle() => (
                FailureCause::ProtocolError,
                "the connection closed in the middle of a reply",
            ),
            _ => (
                FailureCause::ProtocolError,
                "the server closed the connection without replying",
            ),
        };
        self.fail_kind(kind, detail, false, now);
    }

    /// The socket failed; classified by the stage the probe is in.
    pub fn handle_transport_error(&mut self, error: TransportError, now: Millis) {
        self.last_seen = now;
        // Some runtimes (Workers) report a handshake that failed only as an I/O error at the
        // next read or write: while the first encrypted bytes are awaited, it is the handshake.
        let detail = match &error {
            TransportError::Io(message) if self.awaiting_secure_bytes => {
                TransportError::Tls(message.clone()).to_string()
            }
            _ => error.to_string(),
        };
        let kind = match (&error, self.phase) {
            (_, Phase::Done) => return,
            (_, Phase::Quit) => {
                self.finish(StageStatus::Failed, None, now);
                return self.close(now);
            }
            (TransportError::DnsFailed(_), _) => FailureCause::DnsFailed,
            (TransportError::Tls(message), Phase::Connecting) => self.tls_failure_kind(message),
            (_, Phase::Connecting) => FailureCause::ConnectFailed,
            (_, Phase::TlsHandshake) => FailureCause::TlsFailed,
            (TransportError::Tls(message) | TransportError::Io(message), _)
                if self.awaiting_secure_bytes =>
            {
                self.tls_failure_kind(message)
            }
            (TransportError::Tls(_), _) => FailureCause::TlsFailed,
            (_, Phase::Greeting) => FailureCause::ConnectFailed,
            _ => FailureCause::ProtocolError,
        };
        self.fail_kind(kind, &detail, false, now);
    }

    /// The driver's timer fired; early or late calls are fine.
    pub fn handle_timeout(&mut self, now: Millis) {
        self.last_seen = now;
        let stage_expired = self.stage_deadline.is_some_and(|deadline| now >= deadline);
        let total_expired = now >= self.total_deadline;
        if self.phase == Phase::Done || !(stage_expired || total_expired) {
            return;
        }
        if self.phase == Phase::Quit {
            self.finish(StageStatus::TimedOut, None, now);
            return self.close(now);
        }
        let stage = self.current.map_or(Stage::Connect, |(stage, _)| stage);
        let waited = self.current.map_or(0, |(_, started)| now.since(started)) / 1000;
        let detail = if total_expired && !stage_expired {
            format!(
                "the whole test took longer than {} s",
                self.config.deadlines.total.as_secs()
            )
        } else {
            format!("no answer during {stage} within {waited} s")
        };
        let plain_port = PLAINTEXT_PORTS.contains(&self.config.port);
        let kind = match self.phase {
            Phase::Greeting if !self.parser.is_idle() => {
                self.record_partial();
                classify(self.parser.partial_line()).map_or(FailureCause::Timeout, |(kind, _)| kind)
            }
            Phase::Greeting if self.awaiting_secure_bytes && plain_port => {
                FailureCause::WrongTlsMode
            }
            Phase::Greeting
                if self.tls == TlsMode::None && self.config.port == IMPLICIT_TLS_PORT =>
            {
                FailureCause::WrongTlsMode
            }
            Phase::Connecting if self.config.security == Security::ImplicitTls && plain_port => {
                FailureCause::WrongTlsMode
            }
            _ => FailureCause::Timeout,
        };
        let failure = ProbeFailure {
            stage: Some(stage),
            cause: kind,
            reply: None,
            detail: Some(detail),
        };
        self.fail_with(failure, StageStatus::TimedOut, None, false, now);
    }

    /// The server answered with an error: the reply is the evidence the diagnosis reads.
    pub(super) fn fail_reply(&mut self, reply: Reply, now: Millis) {
        let failure = ProbeFailure {
            stage: self.current.map(|(stage, _)| stage),
            cause: FailureCause::Refused,
            reply: Some(reply.clone()),
            detail: None,
        };
        let quit = reply.code.0 != 421;
        self.fail_with(failure, StageStatus::Failed, Some(reply), quit, now);
    }

    pub(super) fn fail_kind(&mut self, cause: FailureCause, detail: &str, quit: bool, now: Millis) {
        let failure = ProbeFailure {
            stage: self.current.map(|(stage, _)| stage),
            cause,
            reply: None,
            detail: Some(detail.to_owned()).filter(|detail| !detail.is_empty()),
        };
        self.fail_with(failure, StageStatus::Failed, None, quit, now);
    }

    /// Ends the probe with `failure`; says QUIT first when the session is still in step.
    fn fail_with(
        &mut self,
        mut failure: ProbeFailure,
        status: StageStatus,
        reply: Option<Reply>,
        quit: bool,
        now: Millis,
    ) {
        self.finish(status, reply, now);
        // Details quote the server or the socket, which may echo the secret back.
        failure.detail = failure.detail.map(|detail| self.redactor.redact(&detail));
        self.failure = Some(failure);
        if quit {
            self.send(Command::Quit);
        }
        self.close(now);
    }

    pub(super) fn on_parse_error(&mut self, error: ReplyError, now: Millis) {
        let line = match &error {
            ReplyError::Malformed(line) => line.clone(),
            _ => self.parser.partial_line().to_vec(),
        };
        self.transcript.push(format!(
            "S: {}",
            clip(&self.redactor.redact(&display_text(&line)))
        ));
        let first_line =
            self.phase == Phase::Greeting && self.stages.iter().all(|s| s.stage != Stage::Greeting);
        let (kind, detail) = match classify(&line) {
            Some((kind, detail)) if first_line => (kind, detail.to_owned()),
            _ => (FailureCause::ProtocolError, error.to_string()),
        };
        self.fail_kind(kind, &clip(&self.redactor.redact(&detail)), false, now);
    }

    /// TLS failed before any byte came through it: the wrong mode when the port speaks plaintext.
    fn tls_failure_kind(&self, message: &str) -> FailureCause {
        let message = message.to_ascii_lowercase();
        let plaintext_hint = [
            "wrong version number",
            "packet length too long",
            "unexpected message",
            "record",
        ]
        .iter()
        .any(|hint| message.contains(hint));
        let implicit_on_plain_port = self.config.security == Security::ImplicitTls
            && PLAINTEXT_PORTS.contains(&self.config.port);
        if implicit_on_plain_port
            || (self.config.security == Security::ImplicitTls && plaintext_hint)
        {
            FailureCause::WrongTlsMode
        } else {
            FailureCause::TlsFailed
        }
    }

    pub(super) fn record_partial(&mut self) {
        let line = clip(
            &self
                .redactor
                .redact(&display_text(self.parser.partial_line())),
        );
        self.transcript.push(format!("S: {line}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banners() {
        let cases: [(&[u8], Option<FailureCause>); 8] = [
            (b"SSH-2.0-OpenSSH_9.6", Some(FailureCause::NotSmtp)),
            (b"HTTP/1.1 400 Bad Request", Some(FailureCause::NotSmtp)),
            (b"<!DOCTYPE html>", Some(FailureCause::NotSmtp)),
            (b"+OK Dovecot ready.", Some(FailureCause::NotSmtp)),
            (
                b"* OK [CAPABILITY IMAP4rev1] ready",
                Some(FailureCause::NotSmtp),
            ),
            (
                b"\x15\x03\x01\x00\x02\x02\x46",
                Some(FailureCause::WrongTlsMode),
            ),
            (b"garbage", None),
            (b"", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(classify(bytes).map(|c| c.0), expected, "{bytes:?}");
        }
        assert!(classify_early(b"\x16\x03").is_some());
        assert!(classify_early(b"SSH-").is_none());
        assert!(is_ftp_greeting("(vsFTPd 3.0.3)"));
        assert!(!is_ftp_greeting("mail.example.org ESMTP Postfix"));
    }
}
