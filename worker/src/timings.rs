//! Dev-only phase marks of `POST /api/test`, sent as a last `timings` line where `DEV_TIMINGS` is set.
//!
//! `cargo xtask bench worker` reads them to show where a test's time goes. Every mark is
//! `Date.now()` in milliseconds since the Unix epoch, and in workerd (locally as in
//! production) that clock stands still while code runs and moves only when I/O completes. So
//! the distance between two marks is time spent waiting (for a socket, a Durable Object, the
//! event loop, other requests' turns), never the CPU of the code in between: the bench measures
//! that CPU natively and reads workerd's own CPU time from `/proc`. The marks hold no request
//! data, yet they stay out of every deployment: no configuration file sets the var.

use serde::Serialize;

/// One limit query as the worker saw it.
#[derive(Clone, Debug, Serialize)]
pub struct LimitMark {
    /// The counter's key kind: `ip` (the client's tests) or `auth` (the account's failures).
    pub key: &'static str,
    pub asked_ms: f64,
    pub answered_ms: f64,
    /// Whether the counter object was constructed for this query; `None` when it did not answer.
    pub created: Option<bool>,
}

/// The marks of one test, in the order they are taken.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(tag = "event", rename = "timings")]
pub struct PhaseMarks {
    /// The handler started: the request reached the Worker.
    pub received_ms: f64,
    /// The body is read, parsed and validated into a session.
    pub validated_ms: f64,
    /// Every limit query, in the order asked.
    pub limits: Vec<LimitMark>,
    /// The streamed response is handed to the runtime.
    pub stream_opened_ms: f64,
    /// The probe's task started running.
    pub probe_started_ms: f64,
    pub probe_finished_ms: f64,
    /// The report is diagnosed and, after a success, attested.
    pub explained_ms: f64,
    /// A refused sign-in was counted (only after one).
    pub recorded_ms: Option<f64>,
    /// The report line is queued on the stream.
    pub report_queued_ms: f64,
}

/// `Date.now()`: the time of the last completed I/O.
pub fn mark() -> f64 {
    js_sys::Date::now()
}

/// The kind of a limit key (`ip:…` or `auth:…`), never the key itself.
pub fn key_kind(key: &str) -> &'static str {
    if key.starts_with("ip:") { "ip" } else { "auth" }
}
