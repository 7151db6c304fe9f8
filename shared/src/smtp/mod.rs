//! The sans-IO SMTP probe: bytes in, bytes and "start TLS now" out, time passed in.
//!
//! `Probe` runs one submission session (greeting, EHLO, STARTTLS or implicit TLS, EHLO, AUTH,
//! optionally one message: the test message to the account itself or, for e-mailed codes, a
//! message to one recipient whose body is never recorded, QUIT) without touching a socket or a
//! clock: the driver feeds it events and carries out its `Output`s. The result is a
//! `ProbeReport` with every stage, the server's facts, a redacted transcript and, on failure,
//! a typed `ProbeFailure`; the diagnosis that explains it is composed above (`crate::session`).

mod command;
mod config;
mod probe;
mod reply;
mod report;

pub use command::{Command, Mechanism};
pub use config::{Credential, Deadlines, MessageContent, ProbeConfig, TestMessage, TransportError};
pub use lettre::Address;
pub use probe::{Output, Probe};
pub use reply::{EnhancedCode, Reply, ReplyCode, ReplyError, ReplyLimits, ReplyParser};
pub use report::{
    Capabilities, CredentialKind, FailureCause, Outcome, ProbeFailure, ProbeReport, ServerFacts,
    Stage, StageEvent, StageReport, StageStatus, TlsMode,
};
