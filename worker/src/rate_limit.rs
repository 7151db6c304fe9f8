//! Abuse limits: exact sliding-window counters in Durable Objects, each key's log in one object.
//!
//! What is counted, under which key and with which window is decided in
//! `sendready_shared::limits` (the session asks `LimitQuery`s); this adapter routes a query to
//! the counter object that holds its key. A Durable Object handles its requests one at a time,
//! and the counter decides on its in-memory `WindowLog` without awaiting anything in between,
//! so the count is exact under concurrency: of 11 simultaneous tests, exactly one is refused.
//! KV would not do: it has no atomic update and takes up to a minute to agree with itself.
//!
//! The keys of one kind (`ip`, `auth`) are spread over `SHARDS` objects by a hash of the key,
//! not one object per key: every new client would otherwise meet a cold object (constructed,
//! its storage created, an alarm of its own scheduled) before its first test could start. A
//! shard stays warm, keeps one storage row per key, and one alarm for all its keys.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::Duration;

use js_sys::{Function, Object, Promise, Reflect};
use sendready_shared::api::{ApiError, ErrorCode};
use sendready_shared::limits::{Decision, LimitQuery, Limited, Operation, WindowLog};
use sha2::{Digest, Sha256};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use worker::{
    Date, DurableObject, Env, Request, Response, Result, SetAlarmOptions, State, Storage,
    durable_object,
};

use crate::sealing::ask_object;

/// The Durable Object namespace binding in `wrangler.toml` (class [`LimitCounter`]).
const BINDING: &str = "LIMIT_COUNTER";

/// Counter objects per key kind. Each decides in microseconds, so 32 of them take tens of
/// thousands of tests a second, and a client's key always lands in the same one.
const SHARDS: u64 = 32;

/// `429 Too Many Requests` with `Retry-After` and the API's error body.
pub fn limited_response(limited: Limited) -> Result<Response> {
    crate::responses::error_retry_after(
        &ApiError::new(ErrorCode::RateLimited, limited.message()),
        limited.retry_after_s,
    )
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
pub async fn ask(env: &Env, query: &LimitQuery) -> Result<Decision> {
    Ok(ask_counter(env, query).await?.decision)
}

/// `ask`, with whether the counter object was cold.
pub async fn ask_counter(env: &Env, query: &LimitQuery) -> Result<CounterAnswer> {
    ask_object(env, BINDING, &object_name(&query.key), query).await
}

/// The counter object of a key: its kind and a shard number from a hash of the whole key,
/// e.g. `ip#7`.
fn object_name(key: &str) -> String {
    let kind = key.split_once(':').map_or(key, |(kind, _)| kind);
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0_u8; 8];
    first.copy_from_slice(&digest[..8]);
    format!("{kind}#{}", u64::from_be_bytes(first) % SHARDS)
}

/// The counters of the keys that hash to one shard. Each key's log lives in memory while the
/// object is loaded and in a storage row of its own (the key, the log as JSON), so that an
/// evicted, hibernated or restarted object keeps its counts; the alarm deletes a row once every
/// event in it has left the window, so no address or account hash is kept longer than that.
#[durable_object(alarm)]
pub struct LimitCounter {
    state: State,
    /// Every key's log as last decided on; `None` until loaded from storage.
    logs: RefCell<Option<HashMap<String, WindowLog>>>,
    /// When the pending alarm fires (Unix ms); `None` when none is set.
    alarm_at: Cell<Option<u64>>,
    /// True until the first query is answered: that query found the object cold.
    cold: Cell<bool>,
}

impl DurableObject for LimitCounter {
    fn new(state: State, _env: Env) -> Self {
        Self {
            state,
            logs: RefCell::new(None),
            alarm_at: Cell::new(None),
            cold: Cell::new(true),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let created = self.cold.replace(false);
        let LimitQuery {
            key,
            operation,
            window,
        } = req.json().await?;
        self.load().await?;
        // From here to the decision nothing is awaited, so no other request to this object
        // runs in between: this is what makes the count exact.
        let now = Date::now().as_millis();
        let (decision, changed) = {
            let mut logs = self.logs.borrow_mut();
            let log = logs
                .get_or_insert_with(HashMap::new)
                .entry(key.clone())
                .or_insert_with(|| WindowLog::new(window));
            log.window = window;
            let (decision, changed) = log.apply(operation, now);
            (decision, changed.then(|| log.clone()))
        };
        // Writes are applied in the order they are issued, so storage ends with the newest log.
        if let Some(log) = changed {
            let row = serde_json::to_string(&log)?;
            if operation == Operation::Take {
                put_unconfirmed(&self.state.storage(), &key, &row).await?;
            } else {
                self.state.storage().put(&key, row).await?;
            }
            if let Some(expires_in) = log.expires_in(now) {
                self.schedule(now, expires_in).await?;
            }
        }
        Response::from_json(&CounterAnswer { decision, created })
    }

    async fn alarm(&self) -> Result<Response> {
        self.load().await?;
        // This alarm is the pending one, and it is firing: the next must be set anew.
        self.alarm_at.set(None);
        let now = Date::now().as_millis();
        let mut expired = Vec::new();
        let mut next: Option<Duration> = None;
        if let Some(logs) = self.logs.borrow_mut().as_mut() {
            logs.retain(|key, log| {
                log.prune(now);
                match log.expires_in(now) {
                    Some(expires_in) => {
                        next = Some(next.map_or(expires_in, |next| next.min(expires_in)));
                        true
                    }
                    None => {
                        expired.push(key.clone());
                        false
                    }
                }
            });
        }
        // Only rows with nothing left in their window are deleted: a row that still counts is
        // kept as written (the next decision prunes it), so a query answered while this alarm
        // awaits storage can never be overwritten by an older copy. With nothing left at all,
        // everything goes, including rows this version cannot read (an older layout).
        match next {
            Some(next) => {
                if !expired.is_empty() {
                    self.state.storage().delete_multiple(expired).await?;
                }
                self.schedule(now, next).await?;
            }
            None => self.state.storage().delete_all().await?,
        }
        Response::ok("")
    }
}

impl LimitCounter {
    /// Reads every key's log from storage unless memory has them. If another request filled
    /// memory while this one waited for storage, that copy wins: it may hold newer events.
    async fn load(&self) -> Result<()> {
        if self.logs.borrow().is_some() {
            return Ok(());
        }
        let storage = self.state.storage();
        let rows = storage.list().await?;
        let alarm_at = storage.get_alarm().await?;
        if self.logs.borrow().is_some() {
            return Ok(());
        }
        let mut logs = HashMap::new();
        rows.for_each(&mut |value: JsValue, key: JsValue| {
            let log = value
                .as_string()
                .and_then(|json| serde_json::from_str::<WindowLog>(&json).ok());
            if let (Some(key), Some(log)) = (key.as_string(), log) {
                logs.insert(key, log);
            }
        });
        *self.logs.borrow_mut() = Some(logs);
        self.alarm_at
            .set(alarm_at.and_then(|at| u64::try_from(at).ok()));
        Ok(())
    }

    /// Makes sure an alarm fires by `now + due`: one alarm serves every key of the object, so
    /// it is set only when none is pending or the pending one is later.
    async fn schedule(&self, now: u64, due: Duration) -> Result<()> {
        let at = now.saturating_add(u64::try_from(due.as_millis()).unwrap_or(u64::MAX));
        if self.alarm_at.get().is_some_and(|pending| pending <= at) {
            return Ok(());
        }
        self.alarm_at.set(Some(at));
        let unconfirmed = SetAlarmOptions {
            allow_unconfirmed: Some(true),
            ..SetAlarmOptions::default()
        };
        self.state
            .storage()
            .set_alarm_with_options(due, unconfirmed)
            .await
    }
}

/// `storage.put(key, row, { allowUnconfirmed: true })` (workers-rs has no put options): the
/// answer does not wait until the row is confirmed on disk. The decision was made in memory, so
/// the count stays exact under concurrency, and the row is written moments later, so it
/// survives hibernation and eviction; only a storage failure in that moment loses the count,
/// and the runtime then resets the object. A client's test is answered that way; a failed
/// sign-in, which bars an account for an hour, is confirmed before the answer.
async fn put_unconfirmed(storage: &Storage, key: &str, row: &str) -> Result<()> {
    let raw: &JsValue = storage.as_raw().as_ref();
    let put: Function = Reflect::get(raw, &JsValue::from_str("put"))?.dyn_into()?;
    let options = Object::new();
    Reflect::set(
        &options,
        &JsValue::from_str("allowUnconfirmed"),
        &JsValue::TRUE,
    )?;
    let written = put.call3(
        raw,
        &JsValue::from_str(key),
        &JsValue::from_str(row),
        &options,
    )?;
    JsFuture::from(Promise::from(written)).await?;
    Ok(())
}
