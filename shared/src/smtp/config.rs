//! What a probe is told before it starts (`ProbeConfig`, its optional message) and what the driver reports about the socket.

use std::fmt;
use std::time::{Duration, SystemTime};

use lettre::Address;

use crate::ground::ProviderId;
use crate::ground::Security;
use crate::secret::Secret;
use crate::smtp::report::CredentialKind;

/// How long each stage may take before the probe gives up on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadlines {
    /// TCP connect, plus the TLS handshake for implicit TLS; also the STARTTLS handshake.
    pub connect: Duration,
    /// From connected to the complete `220` greeting.
    pub greeting: Duration,
    /// From a command being queued to its complete reply.
    pub command: Duration,
    /// From the end-of-data dot to the final reply.
    pub data_end: Duration,
    /// The whole probe, from `Probe::new`.
    pub total: Duration,
}

/// The secret used for AUTH.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// A password or app password, sent with AUTH PLAIN or AUTH LOGIN.
    Password(Secret),
    /// An OAuth 2 access token, sent with AUTH XOAUTH2.
    OAuthToken(Secret),
}

/// The one message a probe may send after AUTH: sendready's test message to the account
/// itself, or a message with content of its own (an e-mailed code) to one recipient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestMessage {
    /// The account's own address: envelope sender and `From` (and, for the test message to
    /// itself, envelope recipient and `To`).
    pub address: Address,
    /// The name shown in `From`; may be empty.
    pub display_name: String,
    /// The `Date` header, from the driver's clock.
    pub date: SystemTime,
    /// The `Message-ID` header including angle brackets, e.g. `<probe-1@sendready.app>`.
    pub message_id: String,
    /// What the message says and to whom.
    pub content: MessageContent,
}

/// The content of a probe's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageContent {
    /// sendready's fixed test message, to the account itself; its text is recorded.
    SelfTest,
    /// A plain-text and an HTML alternative for `to`. The bodies may carry a secret (a code),
    /// so the transcript shows the headers and never the body.
    Alternative {
        /// Envelope recipient and `To`.
        to: Address,
        subject: String,
        text: Secret,
        html: Secret,
    },
}

/// Everything one probe needs; `crate::session` builds it from checked settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeConfig {
    /// The provider the settings named, carried into the report for the diagnosis; `None`
    /// for the "other" preset.
    pub provider: Option<ProviderId>,
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The client's EHLO domain.
    pub ehlo_name: String,
    pub username: String,
    pub credential: Credential,
    /// `Some` sends this message after AUTH succeeded; `None` stops after AUTH.
    pub test_message: Option<TestMessage>,
    pub deadlines: Deadlines,
}

/// What went wrong with the socket, as far as the driver can tell.
///
/// The probe classifies these by the stage it is in: an I/O error before `handle_connected` is a
/// failed connect, right after `Output::StartTls` (or before the first byte on implicit TLS) a
/// failed TLS handshake, since Cloudflare Workers only report TLS failures at the next read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// The host name did not resolve.
    DnsFailed(String),
    /// The server answered the TCP connect with a reset.
    ConnectionRefused,
    /// No route to the host, or the connect was blocked (e.g. a platform policy).
    Unreachable(String),
    /// The driver knows the TLS handshake failed (certificate, version, wrong protocol).
    Tls(String),
    /// Any other I/O error; on Workers often opaque.
    Io(String),
}

impl Default for Deadlines {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            greeting: Duration::from_secs(15),
            command: Duration::from_secs(10),
            data_end: Duration::from_secs(20),
            total: Duration::from_secs(30),
        }
    }
}

impl TestMessage {
    /// sendready's test message from the account to itself.
    pub fn new(
        address: Address,
        display_name: impl Into<String>,
        date: SystemTime,
        message_id: impl Into<String>,
    ) -> Self {
        Self {
            address,
            display_name: display_name.into(),
            date,
            message_id: message_id.into(),
            content: MessageContent::SelfTest,
        }
    }

    /// The same envelope and headers with `content` instead of the test text.
    pub fn with_content(self, content: MessageContent) -> Self {
        Self { content, ..self }
    }

    /// The envelope recipient: `to`, or the account itself for the test message.
    pub fn recipient(&self) -> &Address {
        match &self.content {
            MessageContent::SelfTest => &self.address,
            MessageContent::Alternative { to, .. } => to,
        }
    }

    /// Whether the transcript may show the body: only sendready's own fixed text.
    pub fn body_is_recordable(&self) -> bool {
        self.content == MessageContent::SelfTest
    }
}

impl ProbeConfig {
    /// The secret's plain text, for building the redaction list.
    pub(crate) fn secret(&self) -> &Secret {
        match &self.credential {
            Credential::Password(secret) | Credential::OAuthToken(secret) => secret,
        }
    }

    /// Which kind of secret the probe signs in with.
    pub fn credential_kind(&self) -> CredentialKind {
        match self.credential {
            Credential::Password(_) => CredentialKind::Password,
            Credential::OAuthToken(_) => CredentialKind::OauthToken,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::DnsFailed(detail) => write!(f, "name lookup failed: {detail}"),
            TransportError::ConnectionRefused => write!(f, "connection refused"),
            TransportError::Unreachable(detail) => write!(f, "host unreachable: {detail}"),
            TransportError::Tls(detail) => write!(f, "tls handshake failed: {detail}"),
            TransportError::Io(detail) => write!(f, "i/o error: {detail}"),
        }
    }
}
