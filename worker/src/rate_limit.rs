//! Abuse limits: exact sliding-window counters in Durable Objects, one object per key.
//!
//! What is counted, under which key and with which window is decided in
//! `sendready_shared::limits` (the session asks `LimitQuery`s); this adapter routes a query to
//! the counter object named by its key. A Durable Object handles one key's requests one at a
//! time, and the counter decides on its in-memory `WindowLog` without awaiting anything in
//! between, so the count is exact under concurrency: of 11 simultaneous tests, exactly one is
//! refused. KV would not do: it has no atomic update and takes up to a minute to agree with
//! itself.

use std::cell::{Cell, RefCell};

use sendready_shared::api::{ApiError, ErrorBody, ErrorCode};
use sendready_shared::limits::{Decision, LimitQuery, Limited, WindowLog};
use worker::{Date, DurableObject, Env, Request, Response, Result, State, durable_object};

use crate::sealing::ask_object;

/// The Durable Object namespace binding in `wrangler.toml` (class [`LimitCounter`]).
const BINDING: &str = "LIMIT_COUNTER";

/// The one storage key of a counter object: the times of the events still in the window.
const LOG_KEY: &str = "log";

/// `429 Too Many Requests` with `Retry-After` and the API's error body.
pub fn limited_response(limited: Limited) -> Result<Response> {
    let body = ErrorBody {
        error: ApiError::new(ErrorCode::RateLimited, limited.message()),
    };
    let mut response = Response::from_json(&body)?.with_status(ErrorCode::RateLimited.status());
    response
        .headers_mut()
        .set("Retry-After", &limited.retry_after_s.to_string())?;
    Ok(response)
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

/// A counter's answer to one query.
#[derive(Clone, Copy, Debug, serde::Deserialize, serde::Serialize)]
pub struct CounterAnswer {
    #[serde(flatten)]
    pub decision: Decision,
    /// Whether the object was constructed for this query (a cold object), for the dev timings.
    pub created: bool,
}

/// Sends one query to its key's counter object and reads the decision.
pub async fn ask(env: &Env, query: &LimitQuery) -> Result<CounterAnswer> {
    ask_object(env, BINDING, &query.key, query).await
}

/// One key's counter. The log lives in memory while the object is loaded and in storage so
/// that an evicted or restarted object keeps its count; an alarm deletes it once every event
/// has left the window, so no address or account hash is kept longer than its window.
#[durable_object(alarm)]
pub struct LimitCounter {
    state: State,
    /// The log as last decided on; `None` until loaded or while storage holds nothing.
    log: RefCell<Option<WindowLog>>,
    /// True until the first query is answered: that query found the object cold.
    cold: Cell<bool>,
}

impl DurableObject for LimitCounter {
    fn new(state: State, _env: Env) -> Self {
        Self {
            state,
            log: RefCell::new(None),
            cold: Cell::new(true),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let created = self.cold.replace(false);
        let LimitQuery {
            operation, window, ..
        } = req.json().await?;
        self.load().await?;
        // From here to the decision nothing is awaited, so no other request to this object
        // runs in between: this is what makes the count exact.
        let now = Date::now().as_millis();
        let (decision, changed) = {
            let mut log = self.log.borrow_mut();
            let log = log.get_or_insert_with(|| WindowLog::new(window));
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
        Response::from_json(&CounterAnswer { decision, created })
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
        if let Some(stored) = self.state.storage().get::<WindowLog>(LOG_KEY).await? {
            self.log.borrow_mut().get_or_insert(stored);
        }
        Ok(())
    }
}
