//! What a probe is told before it starts (`ProbeConfig`) and what the driver reports about the socket.

use std::fmt;
use std::time::{Duration, SystemTime};

use lettre::Address;
use serde::{Deserialize, Serialize};

use crate::settings::{Secret, Security, SmtpSettings};

/// Monotonic time in milliseconds from an arbitrary origin, supplied by the driver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Millis(pub u64);

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

/// The one message a probe may send: from the account to the account itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestMessage {
    /// The account's own address: envelope sender, envelope recipient, `From` and `To`.
    pub address: Address,
    /// The name shown in `From`; may be empty.
    pub display_name: String,
    /// The `Date` header, from the driver's clock.
    pub date: SystemTime,
    /// The `Message-ID` header including angle brackets, e.g. `<probe-1@sendready.app>`.
    pub message_id: String,
}

/// Everything one probe needs; built from checked settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeConfig {
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

impl Millis {
    /// This instant plus `duration`, saturating.
    pub fn after(self, duration: Duration) -> Millis {
        Millis(
            self.0
                .saturating_add(u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)),
        )
    }

    /// Milliseconds from `earlier` to `self`, zero when `earlier` is later.
    pub fn since(self, earlier: Millis) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl TestMessage {
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
        }
    }

    /// The message for the account in `settings`: its address and display name.
    pub fn from_settings(
        settings: &SmtpSettings,
        date: SystemTime,
        message_id: impl Into<String>,
    ) -> Self {
        Self::new(
            settings.email.clone(),
            settings.display_name.clone(),
            date,
            message_id,
        )
    }
}

impl ProbeConfig {
    /// A probe of `settings` that authenticates with the password and sends no message.
    pub fn from_settings(settings: &SmtpSettings, ehlo_name: &str) -> Self {
        Self {
            host: settings.host.clone(),
            port: settings.port,
            security: settings.security,
            ehlo_name: ehlo_name.to_owned(),
            username: settings.username.clone(),
            credential: Credential::Password(settings.password.clone()),
            test_message: None,
            deadlines: Deadlines::default(),
        }
    }

    /// The same probe, sending `message` after AUTH.
    pub fn with_test_message(mut self, message: TestMessage) -> Self {
        self.test_message = Some(message);
        self
    }

    /// The secret's plain text, for building the redaction list.
    pub(crate) fn secret(&self) -> &Secret {
        match &self.credential {
            Credential::Password(secret) | Credential::OAuthToken(secret) => secret,
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
