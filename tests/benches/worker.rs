//! `cargo xtask bench worker`: where an SMTP test's time goes in the local Worker, phase by phase.
//!
//! Runs STARTTLS + AUTH tests through the Worker under `wrangler dev` at 1 (sequential), 50 and
//! 200 concurrent, against two servers: the test Postfix, and an instant responder on
//! 127.0.0.1 (the scripted server of `hostile`, STARTTLS with the test CA, AUTH accepted, one
//! thread per connection) so the worker's own share stands alone. The configurations run
//! interleaved, `SENDREADY_BENCH_ROUNDS` times (default 2), because the machine is shared.
//!
//! The Worker runs with the dev-only `DEV_TIMINGS`, so each stream ends with a `timings` line
//! of `Date.now()` marks (worker/src/timings.rs). workerd's clock moves only when I/O
//! completes, so those phases are waiting time; the CPU in between is measured here natively
//! (the shared session without its probe) and, per process, from `/proc` (`cpu`): wrangler's dev
//! proxy, the workerd running the Worker, wrangler's node and this process. Their sum bounds what
//! a burst can take on this machine's cores; two floors (a validate request and a static asset,
//! 200 at once) show what the local runtime costs before any of our code runs.

use std::hint::black_box;
use std::sync::Barrier;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sendready_shared::api::{TestEvent, TestRequest};
use sendready_shared::attestation::SecretKey;
use sendready_shared::limits::Decision;
use sendready_shared::policy::DestinationPolicy;
use sendready_shared::session::{Step, TestContext, TestReport, TestSession};
use sendready_shared::smtp::{Outcome, ProbeReport, Stage};
use sendready_tests::cpu::{
    RuntimeCpu, cpu_accounting, profile_isolate, runtime_cpu, worker_group,
};
use sendready_tests::hostile::{self, Step as Script, send, serve_every_connection};
use sendready_tests::{Environment, http_request, test_request};
use serde_json::Value;

/// Concurrency levels; at 1 the tests run one after another.
const LEVELS: [usize; 3] = [1, 50, 200];
/// Sequential tests per round at concurrency 1.
const SEQUENTIAL_TESTS: usize = 20;
/// The instant responder's account: its own limit key, apart from Postfix's user.
const INSTANT_USER: &str = "instant@example.test";

/// Client addresses handed out so far: every test comes from an address of its own, so the
/// per-client budget (10 a minute) never refuses one, and every client object is new.
static CLIENTS: AtomicU32 = AtomicU32::new(0);

/// One finished test as the client and the worker's marks saw it.
struct Sample {
    sent_ms: f64,
    done_ms: f64,
    probe_ms: f64,
    connect_ms: f64,
    marks: Value,
    report: ProbeReport,
}

/// Every sample of one (server, level) pair over all rounds.
#[derive(Default)]
struct Results {
    samples: Vec<Sample>,
    failed: usize,
    /// CPU spent over every run of this configuration, by role.
    cpu: RuntimeCpu,
    wall_ms: Vec<f64>,
    /// The p99 overhead of each round, to show the noise.
    p99_overhead_by_round: Vec<f64>,
}

fn main() {
    let environment = Environment::from_env();
    let rounds: usize = std::env::var("SENDREADY_BENCH_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(2);
    let (postfix_user, postfix_password) = environment.users[0].clone();
    let instant_port = serve_every_connection(&environment.pki_dir(), instant_script());
    let servers = [
        (
            "postfix",
            test_request(
                environment.starttls_port,
                "starttls",
                &postfix_user,
                &postfix_password,
                false,
            ),
        ),
        (
            "instant",
            test_request(
                instant_port,
                "starttls",
                INSTANT_USER,
                "instant-Pa55-0",
                false,
            ),
        ),
    ];
    let bodies: Vec<String> = servers.iter().map(|(_, body)| body.to_string()).collect();
    // One test each first, so the first measured test does not pay for the runtime's start;
    // the instant server's report is the one the native measurement explains and attests.
    let warm_ups: Vec<Option<Sample>> = bodies
        .iter()
        .map(|body| run_one(environment.worker_port, body))
        .collect();
    let Some(Some(instant_sample)) = warm_ups.last() else {
        panic!("the warm-up test against the instant responder failed");
    };
    let group = worker_group();
    let port = environment.worker_port;
    let cpu_now = || group.map(|root| runtime_cpu(root, port));
    let mut results: Vec<Vec<Results>> = servers
        .iter()
        .map(|_| LEVELS.iter().map(|_| Results::default()).collect())
        .collect();
    let validate_body = serde_json::json!({ "form": servers[1].1["form"] }).to_string();
    // The floors: the same form through `POST /api/validate` (the Worker, no limits, no socket),
    // and the help-center page (a static asset: the local runtime alone, none of our code).
    let floors = [
        Floor {
            label: "POST /api/validate of the same form (no limits, no socket)",
            method: "POST",
            path: "/api/validate",
            with_form: true,
        },
        Floor {
            label: "GET / (a static asset: the local runtime alone, none of our code)",
            method: "GET",
            path: "/",
            with_form: false,
        },
    ];
    let mut floor_runs: Vec<(Vec<f64>, RuntimeCpu)> =
        floors.iter().map(|_| Default::default()).collect();
    for _ in 0..rounds {
        for (floor, (latencies, cpu)) in floors.iter().zip(&mut floor_runs) {
            let before = cpu_now();
            let body = if floor.with_form { &validate_body } else { "" };
            latencies.extend(burst(port, floor.method, floor.path, body));
            if let (Some(before), Some(after)) = (before, cpu_now()) {
                cpu.add(&after.since(&before));
            }
        }
        for (level_index, &level) in LEVELS.iter().enumerate() {
            for (server_index, body) in bodies.iter().enumerate() {
                let cpu_before = cpu_now();
                let started = Instant::now();
                let runs = run_level(port, body, level);
                let wall = started.elapsed().as_secs_f64() * 1000.0;
                let cpu_after = cpu_now();
                let results = &mut results[server_index][level_index];
                if let (Some(before), Some(after)) = (cpu_before, cpu_after) {
                    results.cpu.add(&after.since(&before));
                }
                results.wall_ms.push(wall);
                let mut overheads = Vec::new();
                for run in runs {
                    match run {
                        Some(sample) => {
                            overheads.push(sample.done_ms - sample.sent_ms - sample.probe_ms);
                            results.samples.push(sample);
                        }
                        None => results.failed += 1,
                    }
                }
                results.p99_overhead_by_round.push(Stats::of(overheads).p99);
            }
        }
    }
    println!(
        "worker bench: POST /api/test (STARTTLS + AUTH) through the local Worker, {rounds} rounds, \
         configurations interleaved"
    );
    println!(
        "  servers: postfix = the test Postfix on 127.0.0.1:{}; instant = a responder on \
         127.0.0.1:{instant_port} that answers at once",
        environment.starttls_port
    );
    let (session_us, report_us) = native_session_us(&bodies[1], &instant_sample.report);
    println!(
        "  native CPU of the shared session on this machine (no probe): parse + validate + limit \
         keys {session_us:.1} µs, explain + attest {report_us:.1} µs"
    );
    println!(
        "  phases are Date.now() marks in workerd, whose clock moves only on I/O: they are waiting \
         time, and CPU-only phases read 0"
    );
    println!(
        "  CPU per request by process (utime + stime from /proc): proxy = wrangler's dev proxy \
         (workerd, local only), worker = the workerd running the Worker, its assets and objects, \
         wrangler = node printing the logs, bench = this process (clients + instant responder)"
    );
    for (floor, (latencies, cpu)) in floors.iter().zip(&floor_runs) {
        let stats = Stats::of(latencies.clone());
        println!(
            "  floor, {} concurrent {}: {} answered, latency mean {:.1} / p50 {:.1} / p99 {:.1} ms",
            LEVELS[2],
            floor.label,
            latencies.len(),
            stats.mean,
            stats.p50,
            stats.p99,
        );
        println!("    {}", cpu_accounting(cpu, latencies.len(), LEVELS[2]));
    }
    for (server_index, (server, _)) in servers.iter().enumerate() {
        for (level_index, level) in LEVELS.iter().enumerate() {
            print_results(server, *level, &results[server_index][level_index]);
        }
    }
    if let Some(root) = group {
        let level = LEVELS[2];
        println!(
            "\n  where the Worker's CPU goes: instant, {level} concurrent, one more round with its \
             isolate sampled through wrangler's inspector"
        );
        let profile = profile_isolate(root, port, || {
            let runs = run_level(port, &bodies[1], level);
            println!("    {} of {level} ok", runs.iter().flatten().count());
            runs.len()
        });
        match profile {
            Ok(lines) => lines.iter().for_each(|line| println!("    {line}")),
            Err(why) => println!("    not measured: {why}"),
        }
    }
}

/// EHLO, STARTTLS, EHLO, AUTH PLAIN accepted, QUIT: a server with no work of its own.
fn instant_script() -> Vec<Script> {
    let mut script = hostile::starttls_opening(
        "220 instant ESMTP\r\n",
        "250-instant\r\n250-PIPELINING\r\n250 STARTTLS\r\n",
        "250-instant\r\n250 AUTH PLAIN LOGIN\r\n",
    );
    script.extend([
        Script::Expect("AUTH PLAIN"),
        send("235 2.7.0 Authentication successful\r\n"),
        Script::Expect("QUIT"),
        send("221 2.0.0 Bye\r\n"),
        Script::Close,
    ]);
    script
}

/// `level` tests: one after another at 1, else all released at once.
fn run_level(port: u16, body: &str, level: usize) -> Vec<Option<Sample>> {
    if level == 1 {
        return (0..SEQUENTIAL_TESTS).map(|_| run_one(port, body)).collect();
    }
    let barrier = Barrier::new(level);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..level)
            .map(|_| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    run_one(port, body)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().ok().flatten())
            .collect()
    })
}

/// A burst of plain requests: the least any request takes in the local runtime at that level.
struct Floor {
    label: &'static str,
    method: &'static str,
    path: &'static str,
    /// Whether the request carries the tests' form.
    with_form: bool,
}

/// 200 concurrent requests from fresh addresses; the latency of each answered with 200.
fn burst(port: u16, method: &str, path: &str, body: &str) -> Vec<f64> {
    let level = LEVELS[2];
    let barrier = Barrier::new(level);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..level)
            .map(|_| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    let sent_ms = epoch_ms();
                    let response = http_request(
                        port,
                        method,
                        path,
                        &[
                            ("content-type", "application/json"),
                            ("cf-connecting-ip", &fresh_address()),
                        ],
                        body.as_bytes(),
                    );
                    (response.status == 200).then(|| epoch_ms() - sent_ms)
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|handle| handle.join().ok().flatten())
            .collect()
    })
}

/// A client address no test used before.
fn fresh_address() -> String {
    let client = CLIENTS.fetch_add(1, Ordering::Relaxed);
    format!(
        "198.{}.{}.{}",
        18 + client / 65_536,
        client / 256 % 256,
        client % 256
    )
}

/// One test from a fresh client address; `None` unless it succeeded with the worker's marks.
fn run_one(port: u16, body: &str) -> Option<Sample> {
    let address = fresh_address();
    let sent_ms = epoch_ms();
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
    let done_ms = epoch_ms();
    let text = String::from_utf8_lossy(&response.body);
    let mut lines = text.lines().rev();
    let marks: Value = serde_json::from_str(lines.next()?).ok()?;
    let TestEvent::Report { report, .. } = serde_json::from_str(lines.next()?).ok()? else {
        return None;
    };
    (response.status == 200 && report.probe.outcome == Outcome::Success).then(|| Sample {
        sent_ms,
        done_ms,
        probe_ms: report.probe.duration_ms as f64,
        connect_ms: stage_ms(&report, Stage::Connect),
        marks,
        report: report.probe,
    })
}

fn stage_ms(report: &TestReport, stage: Stage) -> f64 {
    report
        .probe
        .stages
        .iter()
        .find(|report| report.stage == stage)
        .map_or(0.0, |report| report.duration_ms as f64)
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64() * 1000.0)
}

/// A phase's mean, median and 99th percentile in milliseconds.
struct Stats {
    mean: f64,
    p50: f64,
    p99: f64,
}

impl Stats {
    fn of(mut values: Vec<f64>) -> Self {
        values.sort_by(f64::total_cmp);
        let at = |fraction: f64| {
            values
                .get(((values.len() as f64 * fraction).ceil() as usize).saturating_sub(1))
                .copied()
                .unwrap_or(0.0)
        };
        Self {
            mean: values.iter().sum::<f64>() / values.len().max(1) as f64,
            p50: at(0.50),
            p99: at(0.99),
        }
    }
}

/// A mark of the worker's `timings` line.
fn mark(marks: &Value, name: &str) -> f64 {
    marks[name].as_f64().unwrap_or(0.0)
}

/// The limit query of this key kind (`ip` or `auth`): (asked, answered, created).
fn limit(marks: &Value, key: &str) -> Option<(f64, f64, bool)> {
    let limit = marks["limits"]
        .as_array()?
        .iter()
        .find(|limit| limit["key"] == key)?;
    Some((
        limit["asked_ms"].as_f64()?,
        limit["answered_ms"].as_f64()?,
        limit["created"].as_bool()?,
    ))
}

fn print_results(server: &str, level: usize, results: &Results) {
    let samples = &results.samples;
    let count = samples.len();
    let phase = |value: &dyn Fn(&Sample) -> f64| Stats::of(samples.iter().map(value).collect());
    let limits_end = |sample: &Sample| {
        ["ip", "auth"]
            .iter()
            .filter_map(|key| limit(&sample.marks, key).map(|(_, answered, _)| answered))
            .fold(mark(&sample.marks, "validated_ms"), f64::max)
    };
    let created = |key: &str| {
        samples
            .iter()
            .filter(|sample| limit(&sample.marks, key).is_some_and(|(.., created)| created))
            .count()
    };
    let rows: [(&str, Stats); 12] = [
        (
            "request in (client to handler)",
            phase(&|s| mark(&s.marks, "received_ms") - s.sent_ms),
        ),
        (
            "read + parse + validate",
            phase(&|s| mark(&s.marks, "validated_ms") - mark(&s.marks, "received_ms")),
        ),
        (
            "limit ip (take)",
            phase(&|s| limit(&s.marks, "ip").map_or(0.0, |(asked, answered, _)| answered - asked)),
        ),
        (
            "limit account (check)",
            phase(&|s| {
                limit(&s.marks, "auth").map_or(0.0, |(asked, answered, _)| answered - asked)
            }),
        ),
        (
            "limits, validated to admitted",
            phase(&|s| limits_end(s) - mark(&s.marks, "validated_ms")),
        ),
        (
            "admitted to probe start",
            phase(&|s| mark(&s.marks, "probe_started_ms") - limits_end(s)),
        ),
        ("socket connect", phase(&|s| s.connect_ms)),
        ("probe after connect", phase(&|s| s.probe_ms - s.connect_ms)),
        (
            "explain + attest",
            phase(&|s| mark(&s.marks, "explained_ms") - mark(&s.marks, "probe_finished_ms")),
        ),
        (
            "report to client (stream)",
            phase(&|s| s.done_ms - mark(&s.marks, "report_queued_ms")),
        ),
        (
            "overhead beyond the probe",
            phase(&|s| s.done_ms - s.sent_ms - s.probe_ms),
        ),
        ("total", phase(&|s| s.done_ms - s.sent_ms)),
    ];
    let mean_wall = results.wall_ms.iter().sum::<f64>() / results.wall_ms.len().max(1) as f64;
    println!(
        "\n  {server}, {} : {count}/{} ok, {mean_wall:.0} ms wall per run; cold objects: ip \
         {}/{count}, account {}/{count}",
        if level == 1 {
            format!("{SEQUENTIAL_TESTS} sequential")
        } else {
            format!("{level} concurrent")
        },
        count + results.failed,
        created("ip"),
        created("auth"),
    );
    println!(
        "    {:<32}{:>9}{:>9}{:>9}",
        "phase (ms)", "mean", "p50", "p99"
    );
    for (name, stats) in rows {
        println!(
            "    {name:<32}{:>9.1}{:>9.1}{:>9.1}",
            stats.mean, stats.p50, stats.p99
        );
    }
    let by_round: Vec<String> = results
        .p99_overhead_by_round
        .iter()
        .map(|p99| format!("{p99:.0}"))
        .collect();
    println!("    overhead p99 by round: {} ms", by_round.join(", "));
    let tests = count + results.failed;
    println!("    {}", cpu_accounting(&results.cpu, tests, level));
    if server == "postfix" {
        println!("    (Postfix and Dovecot are not in the sum; the machine's busy time has them)");
    }
}

/// Mean microseconds of the session's own work around a probe, natively: the request parsed,
/// the form validated and the limit keys hashed; then a successful report explained and
/// attested.
fn native_session_us(body: &str, report: &ProbeReport) -> (f64, f64) {
    let key = SecretKey::new(&[7; 32]).expect("a key");
    let context = TestContext {
        policy: DestinationPolicy {
            allow_loopback: true,
            ..DestinationPolicy::default()
        },
        ehlo_name: "localhost".to_owned(),
        client_ip: "198.18.0.1".to_owned(),
        now_unix_ms: 1_800_000_000_000,
        nonce: "00".repeat(16),
        attestation_key: key,
    };
    let admitted = || {
        let request: TestRequest = serde_json::from_str(body).expect("the bench's request");
        let mut session =
            TestSession::new(&request.form, false, context.clone()).expect("valid settings");
        while let Some(Step::AskLimit(_)) = session.poll_step() {
            session.handle_decision(Some(Decision {
                retry_after_ms: None,
            }));
        }
        session
    };
    let session_us = per_call_us(|| {
        black_box(admitted());
    });
    let report_us = per_call_us(|| {
        let mut session = admitted();
        session.handle_report(report.clone(), 1_800_000_000);
        black_box(session.poll_step());
    }) - session_us;
    (session_us, report_us)
}

/// Mean microseconds per call of `work`, after a warm-up.
fn per_call_us(mut work: impl FnMut()) -> f64 {
    let measure = Duration::from_millis(300);
    let warm = Instant::now();
    while warm.elapsed() < measure / 4 {
        work();
    }
    let started = Instant::now();
    let mut calls = 0_u32;
    while started.elapsed() < measure {
        work();
        calls += 1;
    }
    started.elapsed().as_secs_f64() * 1e6 / f64::from(calls)
}
