//! Integration tests of the SMTP probe and the diagnosis, one module per area.

mod blind_sets;
mod corpus;
mod examples;
mod grounds;
mod labellers;
mod properties;
mod redaction;
mod replay;
mod replies;
mod session;
mod transcripts;
mod wire;
mod wrappers;
