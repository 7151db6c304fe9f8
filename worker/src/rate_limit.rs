//! Abuse limits: exact sliding-window counters in Durable Objects, one object per key.
//!
//! Two budgets ration the endpoint that answers "do these credentials work on that host?":
//! tests per client address ([`TESTS_PER_CLIENT`]) and failed sign-ins per account
//! ([`AUTH_FAILURES_PER_ACCOUNT`]). Each key (`ip:<address>`, `auth:<sha256(host|username)>`)
//! names its own [`LimitCounter`] object. A Durable Object handles one key's requests one at a
//! time, and the counter decides on its in-memory log without awaiting anything in between,
//! so the count is exact under concurrency: of 11 simultaneous tests, exactly one is refused.
//! KV would not do: it has no atomic update and takes up to a minute to agree with itself.

use std::cell::RefCell;
use std::net::IpAddr;
use std::time::Duration;

use crate::config::hex;
use sendready_shared::api::{ApiError, ErrorBody, ErrorCode};
use sendready_shared::diagnosis::DiagnosisKind;
use sendready_shared::smtp::{ProbeReport, Stage, StageStatus};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use worker::{
    Date, DurableObject, Env, Method, Request, RequestInit, Response, Result, State, durable_object,
};

/// At most 10 tests a minute from one client address (an IPv6 client's whole /64).
pub const TESTS_PER_CLIENT: Window = Window {
    limit: 10,
    length_ms: 60 * 1000,
};

/// At most 5 failed sign-ins an hour for one (host, username), whoever tries: after that the
/// worker refuses to try that account again until the oldest failure is an hour old.
pub const AUTH_FAILURES_PER_ACCOUNT: Window = Window {
    limit: 5,
    length_ms: 60 * 60 * 1000,
};

/// The Durable Object namespace binding in `wrangler.toml` (class [`LimitCounter`]).
const BINDING: &str = "LIMIT_COUNTER";

/// The one storage key of a counter object: the times of the events still in the window.
const LOG_KEY: &str = "log";

/// A sliding window: at most `limit` events in any `length_ms` milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Window {
    pub limit: u32,
    pub length_ms: u64,
}

/// Over a limit: the caller answers 429 (see [`Limited::response`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limited {
    /// Whole seconds until one more request would be admitted; at least 1.
    pub retry_after_s: u64,
}

impl Limited {
    /// `429 Too Many Requests` with `Retry-After` and the API's error body.
    pub fn response(&self) -> Result<Response> {
        let message = format!(
            "too many tests or failed sign-ins: {} tests a minute per address and {} failed sign-ins an hour \
             per account are allowed; try again in {} seconds",
            TESTS_PER_CLIENT.limit, AUTH_FAILURES_PER_ACCOUNT.limit, self.retry_after_s
        );
        let body = ErrorBody {
            error: ApiError::new(ErrorCode::RateLimited, message),
        };
        let mut response = Response::from_json(&body)?.with_status(ErrorCode::RateLimited.status());
        response
            .headers_mut()
            .set("Retry-After", &self.retry_after_s.to_string())?;
        Ok(response)
    }
}

/// The client's address as Cloudflare reports it (`CF-Connecting-IP`; `wrangler dev` sets it
/// too), or `"unknown"`, which then shares one budget with every other unknown client.
pub fn client_ip(req: &Request) -> String {
    req.headers()
        .get("CF-Connecting-IP")
        .ok()
        .flatten()
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Admits one test from `client_ip` and counts it, or refuses it when the client has used its
/// budget. Call before anything connects.
pub async fn admit_test(env: &Env, client_ip: &str) -> Result<std::result::Result<(), Limited>> {
    ask(
        env,
        &client_key(client_ip),
        Operation::Take,
        TESTS_PER_CLIENT,
    )
    .await
}

/// Refuses to try an account that failed to sign in too often lately; counts nothing. Call
/// after validation, before connecting.
pub async fn admit_auth(
    env: &Env,
    host: &str,
    username: &str,
) -> Result<std::result::Result<(), Limited>> {
    ask(
        env,
        &account_key(host, username),
        Operation::Check,
        AUTH_FAILURES_PER_ACCOUNT,
    )
    .await
}

/// Counts one failed sign-in (the server refused the credentials) against the account.
pub async fn record_auth_failure(env: &Env, host: &str, username: &str) -> Result<()> {
    ask(
        env,
        &account_key(host, username),
        Operation::Record,
        AUTH_FAILURES_PER_ACCOUNT,
    )
    .await
    .map(|_| ())
}

/// True when the server refused the credentials themselves, which is what
/// [`record_auth_failure`] counts; a dropped connection or a timeout at AUTH is not the
/// account's fault and does not count.
pub fn is_auth_failure(report: &ProbeReport) -> bool {
    let refused_kind = report.diagnosis.as_ref().is_some_and(|diagnosis| {
        matches!(
            diagnosis.kind,
            DiagnosisKind::BadCredentials
                | DiagnosisKind::AppPasswordRequired
                | DiagnosisKind::SmtpAuthDisabled
        )
    });
    let refused_reply = report.stages.iter().any(|stage| {
        stage.stage == Stage::Auth
            && stage.status == StageStatus::Failed
            && stage
                .reply
                .as_ref()
                .is_some_and(|reply| reply.code.0 == 535)
    });
    refused_kind || refused_reply
}

/// `ip:<address>`, with an IPv6 address cut to its /64: one subscriber usually holds a whole
/// /64, so counting single addresses would give them 2^64 budgets. IPv4-mapped addresses count
/// as the IPv4 address they carry.
fn client_key(client_ip: &str) -> String {
    match client_ip
        .trim()
        .parse::<IpAddr>()
        .map(|address| address.to_canonical())
    {
        Ok(IpAddr::V4(address)) => format!("ip:{address}"),
        Ok(IpAddr::V6(address)) => {
            let segments = address.segments();
            format!(
                "ip:{:x}:{:x}:{:x}:{:x}::/64",
                segments[0], segments[1], segments[2], segments[3]
            )
        }
        Err(_) => "ip:unknown".to_owned(),
    }
}

/// `auth:<hex sha256(host|username)>`, both lowercased: servers treat them case-insensitively,
/// so `User@` and `user@` share one budget, and the username never appears in an object id.
fn account_key(host: &str, username: &str) -> String {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let username = username.trim().to_lowercase();
    let digest = Sha256::digest(format!("{host}|{username}").as_bytes());
    format!("auth:{}", hex(&digest))
}

/// Sends one operation to the key's counter object and reads its decision.
async fn ask(
    env: &Env,
    key: &str,
    operation: Operation,
    window: Window,
) -> Result<std::result::Result<(), Limited>> {
    let stub = env.durable_object(BINDING)?.id_from_name(key)?.get_stub()?;
    let body = serde_json::to_string(&Ask { operation, window })?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_body(Some(body.into()));
    // The host is a placeholder: a stub delivers every request to its own object.
    let request = Request::new_with_init("https://limit-counter.invalid/", &init)?;
    let mut response = stub.fetch_with_request(request).await?;
    if response.status_code() != 200 {
        return Err(worker::Error::RustError(format!(
            "the limit counter answered {}",
            response.status_code()
        )));
    }
    let decision: Decision = response.json().await?;
    Ok(match decision.retry_after_ms {
        None => Ok(()),
        Some(wait_ms) => Err(Limited {
            retry_after_s: wait_ms.div_ceil(1000).max(1),
        }),
    })
}

/// What a counter object is asked to do with its window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
enum Operation {
    /// Admit and count one event if the window has room.
    Take,
    /// Say whether the window has room; count nothing.
    Check,
    /// Count one event whatever the window holds.
    Record,
}

/// The request body a counter object receives.
#[derive(Debug, Deserialize, Serialize)]
struct Ask {
    operation: Operation,
    window: Window,
}

/// The counter's answer: admitted (`None`), or how long until the window has room.
#[derive(Debug, Deserialize, Serialize)]
struct Decision {
    retry_after_ms: Option<u64>,
}

/// A key's events still in the window (ms since the Unix epoch, oldest first), with the window
/// they are counted in. At most `limit` are kept: older ones can no longer decide anything.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
struct Log {
    window: Window,
    events: Vec<u64>,
}

impl Log {
    fn new(window: Window) -> Self {
        Self {
            window,
            events: Vec::new(),
        }
    }

    /// Drops the events that have left the window; true if any did.
    fn prune(&mut self, now: u64) -> bool {
        let before = self.events.len();
        let length_ms = self.window.length_ms;
        self.events
            .retain(|&time| time.saturating_add(length_ms) > now);
        self.events.len() != before
    }

    /// Applies `operation` at `now`; returns the decision and whether the log changed.
    fn apply(&mut self, operation: Operation, now: u64) -> (Decision, bool) {
        let expired = self.prune(now);
        let limit = self.window.limit as usize;
        let full = self.events.len() >= limit;
        let count = match operation {
            Operation::Take => !full,
            Operation::Check => false,
            Operation::Record => true,
        };
        if count {
            self.events.push(now);
            let excess = self.events.len().saturating_sub(limit);
            self.events.drain(..excess);
        }
        let retry_after_ms = match operation {
            Operation::Take | Operation::Check if full => Some(self.wait_ms(now)),
            Operation::Take | Operation::Check | Operation::Record => None,
        };
        (Decision { retry_after_ms }, count || expired)
    }

    /// How long until the window has room: until the oldest of the `limit` newest events leaves.
    fn wait_ms(&self, now: u64) -> u64 {
        let oldest_that_counts = self.events.len().saturating_sub(self.window.limit as usize);
        self.events.get(oldest_that_counts).map_or(0, |&time| {
            time.saturating_add(self.window.length_ms)
                .saturating_sub(now)
        })
    }

    /// How long until the newest event leaves the window, after which the log can be deleted.
    fn expires_in(&self, now: u64) -> Option<Duration> {
        let newest = self.events.last()?;
        Some(Duration::from_millis(
            newest
                .saturating_add(self.window.length_ms)
                .saturating_sub(now),
        ))
    }
}

/// One key's counter. The log lives in memory while the object is loaded and in storage so
/// that an evicted or restarted object keeps its count; an alarm deletes it once every event
/// has left the window, so no address or account hash is kept longer than its window.
#[durable_object(alarm)]
pub struct LimitCounter {
    state: State,
    /// The log as last decided on; `None` until loaded or while storage holds nothing.
    log: RefCell<Option<Log>>,
}

impl DurableObject for LimitCounter {
    fn new(state: State, _env: Env) -> Self {
        Self {
            state,
            log: RefCell::new(None),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let Ask { operation, window } = req.json().await?;
        self.load().await?;
        // From here to the decision nothing is awaited, so no other request to this object
        // runs in between: this is what makes the count exact.
        let now = Date::now().as_millis();
        let (decision, changed) = {
            let mut log = self.log.borrow_mut();
            let log = log.get_or_insert_with(|| Log::new(window));
            log.window = window;
            let (decision, changed) = log.apply(operation, now);
            (decision, changed.then(|| log.clone()))
        };
        // Writes are applied in the order they are issued, so storage ends with the newest log.
        if let Some(log) = changed {
            let storage = self.state.storage();
            storage.put(LOG_KEY, &log).await?;
            if let Some(expires_in) = log.expires_in(now) {
                storage.set_alarm(expires_in).await?;
            }
        }
        Response::from_json(&decision)
    }

    async fn alarm(&self) -> Result<Response> {
        self.load().await?;
        let now = Date::now().as_millis();
        let expires_in = {
            let mut log = self.log.borrow_mut();
            let remaining = log.as_mut().and_then(|log| {
                log.prune(now);
                log.expires_in(now)
            });
            if remaining.is_none() {
                *log = None;
            }
            remaining
        };
        let storage = self.state.storage();
        match expires_in {
            Some(expires_in) => storage.set_alarm(expires_in).await?,
            None => storage.delete_all().await?,
        }
        Response::ok("")
    }
}

impl LimitCounter {
    /// Reads the log from storage unless memory has it. If another request filled memory while
    /// this one waited for storage, that copy wins: it may already hold newer events.
    async fn load(&self) -> Result<()> {
        if self.log.borrow().is_some() {
            return Ok(());
        }
        if let Some(stored) = self.state.storage().get::<Log>(LOG_KEY).await? {
            self.log.borrow_mut().get_or_insert(stored);
        }
        Ok(())
    }
}
