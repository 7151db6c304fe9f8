//! Pure code shared by the widget, the worker and the relay: no sockets, no clock, no randomness.
//!
//! Everything that touches the outside world (time, random bytes, network I/O) is passed in
//! by the caller, so the same code runs natively, in the browser and on Cloudflare Workers.

pub mod admin_token;
pub mod api;
pub mod attestation;
pub mod diagnosis;
pub mod jwt;
pub mod policy;
pub mod providers;
pub mod settings;
pub mod smtp;
