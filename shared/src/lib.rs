//! Pure code shared by the widget, the worker and the relay: no sockets, no clock, no randomness.
//!
//! Everything that touches the outside world (time, random bytes, network I/O) is passed in
//! by the caller, so the same code runs natively, in the browser and on Cloudflare Workers.

pub mod admin_token;
pub mod api;
pub mod attestation;
pub mod diagnosis;
pub mod discovery;
pub mod ground;
pub mod jwt;
pub mod limits;
pub mod mfa;
pub mod oauth;
pub mod policy;
pub mod providers;
pub mod relay;
pub mod request_signing;
pub mod secret;
pub mod session;
pub mod settings;
pub mod smtp;
