//! `cargo xtask bench worker`: 200 concurrent SMTP tests through the local Worker against Postfix.
//!
//! Prints how many completed, p50/p99 latency, and the worker's overhead: the time a client
//! waits beyond the probe's own duration (which the report measures from the first connect).

use std::time::{Duration, Instant};

use sendready_shared::api::TestEvent;
use sendready_shared::smtp::Outcome;
use sendready_tests::{Environment, http_request, test_request};

const CONCURRENT_TESTS: usize = 200;

fn main() {
    let environment = Environment::from_env();
    let (user, password) = environment.users[0].clone();
    let body = test_request(
        environment.starttls_port,
        "starttls",
        &user,
        &password,
        false,
    )
    .to_string();
    let started = Instant::now();
    let runs: Vec<Option<(Duration, u64)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CONCURRENT_TESTS)
            .map(|index| {
                let body = body.as_str();
                let port = environment.worker_port;
                scope.spawn(move || {
                    // Each simulated client has its own address, so the per-client limit
                    // (10 tests a minute) does not apply across them.
                    let address = format!("198.18.{}.{}", index / 250, index % 250 + 1);
                    let sent = Instant::now();
                    let response = http_request(
                        port,
                        "POST",
                        "/api/test",
                        &[
                            ("content-type", "application/json"),
                            ("cf-connecting-ip", &address),
                        ],
                        body.as_bytes(),
                    );
                    let latency = sent.elapsed();
                    let text = String::from_utf8_lossy(&response.body);
                    let last = text.lines().last()?;
                    let TestEvent::Report { report, .. } = serde_json::from_str(last).ok()? else {
                        return None;
                    };
                    (response.status == 200 && report.probe.outcome == Outcome::Success)
                        .then_some((latency, report.probe.duration_ms))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().ok().flatten())
            .collect()
    });
    let wall = started.elapsed();
    let mut latencies: Vec<Duration> = runs.iter().flatten().map(|(latency, _)| *latency).collect();
    latencies.sort();
    let completed = latencies.len();
    let percentile = |fraction: f64| {
        latencies
            .get(((completed as f64 * fraction).ceil() as usize).saturating_sub(1))
            .map_or(0, Duration::as_millis)
    };
    let overheads: Vec<u128> = runs
        .iter()
        .flatten()
        .map(|(latency, probe_ms)| latency.as_millis().saturating_sub(u128::from(*probe_ms)))
        .collect();
    let mean_overhead = overheads.iter().sum::<u128>() / overheads.len().max(1) as u128;
    println!("worker bench: {CONCURRENT_TESTS} concurrent tests against Postfix (STARTTLS + AUTH)");
    println!(
        "  completed successfully: {completed}/{CONCURRENT_TESTS} in {} ms wall",
        wall.as_millis()
    );
    println!(
        "  latency p50 {} ms, p99 {} ms",
        percentile(0.50),
        percentile(0.99)
    );
    println!("  worker overhead over the probe's own duration: mean {mean_overhead} ms");
}
