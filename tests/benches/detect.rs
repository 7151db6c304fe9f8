//! `cargo xtask bench detect`: the latency of `GET /api/detect` through the local Worker, cold
//! (a domain never seen: three DNS-over-HTTPS queries plus the autoconfig hosts' addresses, all
//! against the test resolver on loopback) and cached (the same domain again, answered from the
//! Workers Cache API). Cold domains are fresh names under `bench.sendready-detect.net`, which
//! the test resolver answers with a Microsoft 365 MX record.

use std::time::{Duration, Instant};

use sendready_tests::Environment;

const COLD: usize = 40;
const CACHED: usize = 200;

fn main() {
    let environment = Environment::from_env();
    let run = std::process::id();
    let cold: Vec<Duration> = (0..COLD)
        .map(|index| {
            timed(
                &environment,
                &format!("a@r{run}-{index}.bench.sendready-detect.net"),
                "miss",
            )
        })
        .collect();
    let warm = format!("a@r{run}-0.bench.sendready-detect.net");
    let cached: Vec<Duration> = (0..CACHED)
        .map(|_| timed(&environment, &warm, "hit"))
        .collect();
    report("cold (DoH + autoconfig lookups)", cold);
    report("cached (Workers Cache API)", cached);
}

/// One sequential request; panics unless it found Microsoft 365 and came from where expected.
fn timed(environment: &Environment, email: &str, cache: &str) -> Duration {
    let path = format!("/api/detect?email={}", email.replace('@', "%40"));
    let started = Instant::now();
    let response = environment.request("GET", &path, b"");
    let elapsed = started.elapsed();
    let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap_or_default();
    assert_eq!(response.status, 200, "{body}");
    assert_eq!(body["provider"], "microsoft365", "{body}");
    assert_eq!(response.header("x-sendready-cache"), Some(cache), "{email}");
    elapsed
}

fn report(label: &str, mut latencies: Vec<Duration>) {
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    println!(
        "detect {label}: n={} p50={:.1} ms p90={:.1} ms max={:.1} ms",
        latencies.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.9).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3,
    );
}
