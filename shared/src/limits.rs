//! The abuse limits' arithmetic: sliding windows, the keys they are counted under, what counts.
//!
//! Two budgets ration the question "do these credentials work on that host?": tests per client
//! address (`TESTS_PER_CLIENT`) and failed sign-ins per account (`AUTH_FAILURES_PER_ACCOUNT`).
//! This module decides; storing a key's `WindowLog` and serialising access to it is the
//! adapter's job (a Durable Object per key in the worker). Time is passed in as Unix
//! milliseconds.

use core::net::IpAddr;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnosis::{Diagnosis, DiagnosisKind};
use crate::smtp::{ProbeReport, Stage, StageStatus};

/// At most 10 tests a minute from one client address (an IPv6 client's whole /64).
pub const TESTS_PER_CLIENT: Window = Window {
    limit: 10,
    length_ms: 60 * 1000,
};

/// At most 5 failed sign-ins an hour for one (host, username), whoever tries: after that no
/// test tries that account again until the oldest failure is an hour old.
pub const AUTH_FAILURES_PER_ACCOUNT: Window = Window {
    limit: 5,
    length_ms: 60 * 60 * 1000,
};

/// A sliding window: at most `limit` events in any `length_ms` milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Window {
    pub limit: u32,
    pub length_ms: u64,
}

/// What a key's counter is asked to do with its window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// Admit and count one event if the window has room.
    Take,
    /// Say whether the window has room; count nothing.
    Check,
    /// Count one event whatever the window holds.
    Record,
}

/// One question for one key's counter: the adapter routes it to the counter named `key`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct LimitQuery {
    /// `ip:<address>` or `auth:<hex sha256>`; never a user name in clear.
    pub key: String,
    pub operation: Operation,
    pub window: Window,
}

/// The counter's answer: admitted (`None`), or how long until the window has room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Decision {
    pub retry_after_ms: Option<u64>,
}

/// Over a limit: the caller answers 429 with `Retry-After`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limited {
    /// Whole seconds until one more request would be admitted; at least 1.
    pub retry_after_s: u64,
}

/// A key's events still in the window (Unix ms, oldest first), with the window they are
/// counted in. At most `limit` are kept: older ones can no longer decide anything.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct WindowLog {
    pub window: Window,
    pub events: Vec<u64>,
}

impl Decision {
    /// `Ok` when admitted, else how long to wait in whole seconds (at least one).
    pub fn into_result(self) -> Result<(), Limited> {
        match self.retry_after_ms {
            None => Ok(()),
            Some(wait_ms) => Err(Limited {
                retry_after_s: wait_ms.div_ceil(1000).max(1),
            }),
        }
    }
}

impl Limited {
    /// The sentence a person reads with the 429.
    pub fn message(&self) -> String {
        format!(
            "too many tests or failed sign-ins: {} tests a minute per address and {} failed sign-ins an hour \
             per account are allowed; try again in {} seconds",
            TESTS_PER_CLIENT.limit, AUTH_FAILURES_PER_ACCOUNT.limit, self.retry_after_s
        )
    }
}

impl WindowLog {
    pub fn new(window: Window) -> Self {
        Self {
            window,
            events: Vec::new(),
        }
    }

    /// Drops the events that have left the window; true if any did.
    pub fn prune(&mut self, now_ms: u64) -> bool {
        let before = self.events.len();
        let length_ms = self.window.length_ms;
        self.events
            .retain(|&time| time.saturating_add(length_ms) > now_ms);
        self.events.len() != before
    }

    /// Applies `operation` at `now_ms`; returns the decision and whether the log changed (and
    /// must be stored again).
    pub fn apply(&mut self, operation: Operation, now_ms: u64) -> (Decision, bool) {
        let expired = self.prune(now_ms);
        let limit = self.window.limit as usize;
        let full = self.events.len() >= limit;
        let count = match operation {
            Operation::Take => !full,
            Operation::Check => false,
            Operation::Record => true,
        };
        if count {
            self.events.push(now_ms);
            let excess = self.events.len().saturating_sub(limit);
            self.events.drain(..excess);
        }
        let retry_after_ms = match operation {
            Operation::Take | Operation::Check if full => Some(self.wait_ms(now_ms)),
            Operation::Take | Operation::Check | Operation::Record => None,
        };
        (Decision { retry_after_ms }, count || expired)
    }

    /// How long until the newest event leaves the window, after which the log can be deleted.
    pub fn expires_in(&self, now_ms: u64) -> Option<Duration> {
        let newest = self.events.last()?;
        Some(Duration::from_millis(
            newest
                .saturating_add(self.window.length_ms)
                .saturating_sub(now_ms),
        ))
    }

    /// How long until the window has room: until the oldest of the `limit` newest events leaves.
    fn wait_ms(&self, now_ms: u64) -> u64 {
        let oldest_that_counts = self.events.len().saturating_sub(self.window.limit as usize);
        self.events.get(oldest_that_counts).map_or(0, |&time| {
            time.saturating_add(self.window.length_ms)
                .saturating_sub(now_ms)
        })
    }
}

/// Takes one test from the client's budget.
pub fn take_test(client_ip: &str) -> LimitQuery {
    LimitQuery {
        key: client_key(client_ip),
        operation: Operation::Take,
        window: TESTS_PER_CLIENT,
    }
}

/// Asks, without counting, whether the account may be tried again.
pub fn check_account(host: &str, username: &str) -> LimitQuery {
    LimitQuery {
        key: account_key(host, username),
        operation: Operation::Check,
        window: AUTH_FAILURES_PER_ACCOUNT,
    }
}

/// Counts one failed sign-in against the account.
pub fn record_auth_failure(host: &str, username: &str) -> LimitQuery {
    LimitQuery {
        key: account_key(host, username),
        operation: Operation::Record,
        window: AUTH_FAILURES_PER_ACCOUNT,
    }
}

/// `ip:<address>`, with an IPv6 address cut to its /64: one subscriber usually holds a whole
/// /64, so counting single addresses would give them 2^64 budgets. IPv4-mapped addresses count
/// as the IPv4 address they carry; anything unreadable shares the one `ip:unknown` budget.
pub fn client_key(client_ip: &str) -> String {
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
/// so `User@` and `user@` share one budget, and the username never appears in a key.
pub fn account_key(host: &str, username: &str) -> String {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let username = username.trim().to_lowercase();
    let digest = Sha256::digest(format!("{host}|{username}").as_bytes());
    format!("auth:{}", hex::encode(digest))
}

/// True when the server refused the credentials themselves, which is what
/// `record_auth_failure` counts; a dropped connection or a timeout at AUTH is not the
/// account's fault and does not count.
pub fn is_auth_failure(report: &ProbeReport, diagnosis: Option<&Diagnosis>) -> bool {
    let refused_kind = diagnosis.is_some_and(|diagnosis| {
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

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOW: Window = Window {
        limit: 3,
        length_ms: 1_000,
    };

    #[test]
    fn take_admits_up_to_the_limit_then_says_how_long_to_wait() {
        let mut log = WindowLog::new(WINDOW);
        for now in [0, 100, 200] {
            assert_eq!(log.apply(Operation::Take, now).0.retry_after_ms, None);
        }
        let (refused, changed) = log.apply(Operation::Take, 300);
        assert_eq!(refused.retry_after_ms, Some(700));
        assert!(!changed, "a refused take counts nothing");
        assert_eq!(refused.into_result(), Err(Limited { retry_after_s: 1 }));
        assert_eq!(log.apply(Operation::Take, 1_000).0.retry_after_ms, None);
    }

    #[test]
    fn check_counts_nothing_and_record_counts_always() {
        let mut log = WindowLog::new(WINDOW);
        assert_eq!(
            log.apply(Operation::Check, 0),
            (
                Decision {
                    retry_after_ms: None
                },
                false
            )
        );
        for now in 0..5 {
            log.apply(Operation::Record, now);
        }
        assert_eq!(
            log.events,
            [2, 3, 4],
            "only the newest `limit` events are kept"
        );
        assert_eq!(log.apply(Operation::Check, 10).0.retry_after_ms, Some(992));
        assert_eq!(log.expires_in(10), Some(Duration::from_millis(994)));
        assert!(log.prune(2_000));
        assert_eq!(log.expires_in(2_000), None);
    }

    #[test]
    fn client_keys_group_an_ipv6_subscriber_and_unwrap_mapped_addresses() {
        assert_eq!(client_key("203.0.113.7"), "ip:203.0.113.7");
        assert_eq!(client_key("::ffff:203.0.113.7"), "ip:203.0.113.7");
        assert_eq!(
            client_key("2001:db8:1:2:3:4:5:6"),
            client_key("2001:db8:1:2:ffff::1")
        );
        assert_eq!(client_key("2001:db8:1:2::9"), "ip:2001:db8:1:2::/64");
        assert_eq!(client_key("not an address"), "ip:unknown");
    }

    #[test]
    fn account_keys_ignore_case_and_never_hold_the_username() {
        let key = account_key("SMTP.Example.org.", "Ada@Example.org");
        assert_eq!(key, account_key("smtp.example.org", "ada@example.org"));
        assert!(key.starts_with("auth:") && key.len() == 5 + 64);
        assert!(!key.contains("ada"));
        assert_ne!(key, account_key("smtp.example.org", "bob@example.org"));
    }
}
