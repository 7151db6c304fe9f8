//! Measures the engine's CPU work per whole probe (goal: under 100 µs, 1 % of the Workers 10 ms
//! budget) and per `diagnose` call. Plain `Instant` loop, no harness; run with
//! `cargo bench -p sendready-shared --bench engine` (or `cargo xtask bench engine`).

use std::hint::black_box;
use std::time::{Duration, Instant, UNIX_EPOCH};

use sendready_shared::diagnosis::{DiagnosisInput, diagnose};
use sendready_shared::ground::Millis;
use sendready_shared::ground::Security;
use sendready_shared::secret::Secret;
use sendready_shared::smtp::{
    Credential, Deadlines, Output, Probe, ProbeConfig, Stage, TestMessage,
};

/// How long each case is measured after warming up.
const MEASURE: Duration = Duration::from_millis(700);

/// The server side of a successful session with a test message, one read per reply.
const SERVER: &[&[u8]] = &[
    b"220 smtp.example.org ESMTP Postfix\r\n",
    b"250-smtp.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n",
    b"220 2.0.0 Ready to start TLS\r\n",
    b"250-smtp.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-AUTH PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
    b"235 2.7.0 Authentication successful\r\n",
    b"250 2.1.0 Ok\r\n",
    b"250 2.1.5 Ok\r\n",
    b"354 End data with <CR><LF>.<CR><LF>\r\n",
    b"250 2.0.0 Ok: queued as 4ABC\r\n",
    b"221 2.0.0 Bye\r\n",
];

/// Replies worth classifying, across providers and stages.
const REPLIES: &str = include_str!("../tests/data/replies.jsonl");

fn config(message: bool) -> ProbeConfig {
    let address = "ada@example.org".parse().expect("address");
    ProbeConfig {
        provider: None,
        host: "smtp.example.org".into(),
        port: 587,
        security: Security::Starttls,
        ehlo_name: "client.sendready.test".into(),
        username: "ada@example.org".into(),
        credential: Credential::Password(Secret::new("s3cret-Passw0rd!")),
        test_message: message.then(|| {
            let date = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
            TestMessage::new(address, "Ada Lovelace", date, "<probe-1@sendready.test>")
        }),
        deadlines: Deadlines::default(),
    }
}

/// One whole session through the engine, returning the bytes written.
fn probe(message: bool, json: bool) -> usize {
    let mut probe = Probe::new(config(message), Millis(0));
    probe.handle_connected(Millis(1));
    let mut written = 0;
    let replies = SERVER
        .iter()
        .filter(|r| message || !(r.starts_with(b"250 2.") || r.starts_with(b"354")));
    for (step, reply) in replies.enumerate() {
        let now = Millis(2 + step as u64);
        probe.handle_input(reply, now);
        while let Some(output) = probe.poll_output() {
            match output {
                Output::Send(bytes) => written += bytes.len(),
                Output::StartTls => probe.handle_tls_established(now),
                Output::Close => {}
            }
        }
        while probe.poll_event().is_some() {}
    }
    assert!(probe.is_finished());
    let report = probe.report();
    if json {
        written += serde_json::to_string(&report).expect("json").len();
    }
    written + report.stages.len()
}

fn measure(name: &str, mut work: impl FnMut() -> usize) {
    for _ in 0..100 {
        black_box(work());
    }
    let start = Instant::now();
    let mut runs = 0u64;
    while start.elapsed() < MEASURE {
        for _ in 0..50 {
            black_box(work());
        }
        runs += 50;
    }
    let per_run = start.elapsed().as_nanos() / u128::from(runs);
    println!("{name:<48} {per_run:>9} ns/iter ({runs} runs)");
}

fn main() {
    let inputs: Vec<DiagnosisInput> = REPLIES
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("json");
            DiagnosisInput {
                reply: value["reply"].as_str().unwrap_or_default().to_owned(),
                stage: value["stage"].as_str().and_then(Stage::parse_loose),
                host: value["host"].as_str().map(str::to_owned),
                provider: None,
                today: None,
            }
        })
        .collect();
    measure("probe: STARTTLS + AUTH PLAIN + QUIT", || {
        probe(false, false)
    });
    measure("probe: STARTTLS + AUTH + test message + QUIT", || {
        probe(true, false)
    });
    measure("probe with message, report serialised to JSON", || {
        probe(true, true)
    });
    let mut index = 0;
    measure(
        &format!("diagnose: one call (mean over {} replies)", inputs.len()),
        || {
            index = (index + 1) % inputs.len();
            diagnose(black_box(&inputs[index])).fix_steps.len()
        },
    );
}
