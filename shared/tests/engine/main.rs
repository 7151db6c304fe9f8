//! Integration tests of the SMTP probe and the diagnosis, one module per area.

mod examples;
mod properties;
mod redaction;
mod replay;
mod replies;
mod session;
mod transcripts;
mod wire;
