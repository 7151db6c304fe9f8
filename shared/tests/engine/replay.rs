//! Replays `S:`/`C:` transcript files through the probe with a deterministic clock.
//!
//! File format, one directive per line:
//! - `# config key=value …` (host, provider, port, security, credential, message, username,
//!   connect)
//! - `# expect outcome=… kind=… [byte_by_byte_kind=…]`; other `#` lines are comments
//! - `S: text` server line + CRLF; `S-LF: text` + bare LF; `S-RAW: esc` raw bytes (`\r \n \xNN`);
//!   `S-REPEAT n: text` n lines; `S-LONG n: prefix` prefix + n × `x` + CRLF.
//!   Consecutive server lines arrive as one read.
//! - `C: text` a line the client must send (redacted transcript form), in order
//! - `* tls`, `* close`, `* connected`, `* wait <ms>`, `* error <dns|refused|unreachable|tls|io> [message]`

use std::time::{Duration, UNIX_EPOCH};

use sendready_shared::diagnosis;
use sendready_shared::ground::{Millis, Security};
use sendready_shared::providers::ProviderId;
use sendready_shared::secret::Secret;
use sendready_shared::session::TestReport;
use sendready_shared::smtp::{
    Credential, Deadlines, Output, Probe, ProbeConfig, StageEvent, TestMessage, TransportError,
};

pub const PASSWORD: &str = "s3cret-Passw0rd!";
pub const USERNAME: &str = "ada@example.org";

pub enum Step {
    Server(Vec<u8>),
    Client(String),
    Tls,
    Close,
    Connected,
    Wait(u64),
    Error(TransportError),
}

pub struct Scenario {
    pub name: String,
    pub config: ProbeConfig,
    pub manual_connect: bool,
    pub steps: Vec<Step>,
    pub expect_outcome: String,
    pub expect_kind: Option<String>,
    /// The kind when every byte arrives alone, if it differs: unsolicited data is only visible
    /// when it shares a read with the reply before it.
    pub byte_by_byte_kind: Option<String>,
}

/// What one replay produced.
pub struct Run {
    /// The probe report with its diagnosis, as the API sends it.
    pub report: TestReport,
    pub wire: Vec<u8>,
    pub events: Vec<StageEvent>,
}

pub fn parse(name: &str, text: &str) -> Scenario {
    let mut config = base_config();
    let mut manual_connect = false;
    let mut steps = Vec::new();
    let mut expect_outcome = String::new();
    let mut expect_kind = None;
    let mut byte_by_byte_kind = None;
    let mut chunk: Vec<u8> = Vec::new();
    for line in text.lines() {
        let server = server_bytes(line);
        if server.is_none() && !chunk.is_empty() {
            steps.push(Step::Server(std::mem::take(&mut chunk)));
        }
        if let Some(bytes) = server {
            chunk.extend(bytes);
        } else if let Some(rest) = line.strip_prefix("# config ") {
            for (key, value) in pairs(rest) {
                apply(&mut config, &mut manual_connect, key, value);
            }
        } else if let Some(rest) = line.strip_prefix("# expect ") {
            for (key, value) in pairs(rest) {
                match key {
                    "outcome" => expect_outcome = value.to_owned(),
                    "kind" => expect_kind = Some(value.to_owned()),
                    "byte_by_byte_kind" => byte_by_byte_kind = Some(value.to_owned()),
                    other => panic!("{name}: unknown expectation {other}"),
                }
            }
        } else if let Some(rest) = line.strip_prefix("C: ") {
            steps.push(Step::Client(rest.to_owned()));
        } else if let Some(rest) = line.strip_prefix("* ") {
            steps.push(event(name, rest));
        } else {
            assert!(
                line.is_empty() || line.starts_with('#'),
                "{name}: cannot read line {line:?}"
            );
        }
    }
    if !chunk.is_empty() {
        steps.push(Step::Server(chunk));
    }
    assert!(
        !expect_outcome.is_empty(),
        "{name}: missing # expect outcome="
    );
    Scenario {
        name: name.to_owned(),
        config,
        manual_connect,
        steps,
        expect_outcome,
        expect_kind,
        byte_by_byte_kind,
    }
}

/// Runs the scenario, delivering each server read in pieces of at most `split` bytes.
pub fn run(scenario: &Scenario, split: Option<usize>) -> Run {
    let mut now = 1_000;
    let mut probe = Probe::new(scenario.config.clone(), Millis(now));
    let mut wire = Vec::new();
    let mut events = Vec::new();
    let mut expected_client = Vec::new();
    if !scenario.manual_connect {
        now += 3;
        probe.handle_connected(Millis(now));
    }
    drain(&mut probe, &mut wire, &mut events);
    for step in &scenario.steps {
        match step {
            Step::Server(bytes) => {
                now += 5;
                for piece in bytes.chunks(split.unwrap_or(bytes.len()).max(1)) {
                    probe.handle_input(piece, Millis(now));
                    drain(&mut probe, &mut wire, &mut events);
                }
            }
            Step::Client(line) => expected_client.push(line.clone()),
            Step::Tls => {
                now += 20;
                probe.handle_tls_established(Millis(now));
            }
            Step::Close => probe.handle_closed(Millis(now)),
            Step::Connected => {
                now += 3;
                probe.handle_connected(Millis(now));
            }
            Step::Wait(ms) => {
                now += ms;
                probe.handle_timeout(Millis(now));
            }
            Step::Error(error) => probe.handle_transport_error(error.clone(), Millis(now)),
        }
        drain(&mut probe, &mut wire, &mut events);
    }
    assert!(
        probe.is_finished(),
        "{}: the probe did not finish",
        scenario.name
    );
    assert_eq!(
        probe.poll_timeout(),
        None,
        "{}: finished probe still wants a timer",
        scenario.name
    );
    let report = probe.report();
    let sent: Vec<&str> = report
        .transcript
        .iter()
        .filter_map(|l| l.strip_prefix("C: "))
        .collect();
    let mut sent_iter = sent.iter();
    for expected in &expected_client {
        assert!(
            sent_iter.any(|line| line == expected),
            "{}: client line {expected:?} not sent in order; sent {sent:#?}",
            scenario.name
        );
    }
    Run {
        report: TestReport {
            diagnosis: diagnosis::explain(&report, None),
            probe: report,
            route: None,
        },
        wire,
        events,
    }
}

fn drain(probe: &mut Probe, wire: &mut Vec<u8>, events: &mut Vec<StageEvent>) {
    while let Some(output) = probe.poll_output() {
        match output {
            Output::Send(bytes) => wire.extend(bytes),
            Output::StartTls => wire.extend(b"<starttls>"),
            Output::Close => wire.extend(b"<close>"),
        }
    }
    events.extend(std::iter::from_fn(|| probe.poll_event()));
}

fn base_config() -> ProbeConfig {
    ProbeConfig {
        provider: None,
        host: "smtp.example.org".into(),
        port: 587,
        security: Security::Starttls,
        ehlo_name: "client.sendready.test".into(),
        username: USERNAME.into(),
        credential: Credential::Password(Secret::new(PASSWORD)),
        test_message: None,
        deadlines: Deadlines::default(),
    }
}

fn apply(config: &mut ProbeConfig, manual_connect: &mut bool, key: &str, value: &str) {
    match key {
        "host" => config.host = value.to_owned(),
        "provider" => config.provider = ProviderId::parse(value),
        "port" => config.port = value.parse().expect("port"),
        "security" => config.security = Security::parse(value).expect("starttls or implicit_tls"),
        "credential" if value == "oauth" => {
            config.credential = Credential::OAuthToken(Secret::new("ya29.token-value"))
        }
        "credential" => {}
        "username" => config.username = value.to_owned(),
        "connect" => *manual_connect = value == "manual",
        "message" if value == "yes" => {
            config.test_message = Some(TestMessage::new(
                USERNAME.parse().expect("address"),
                "Ada Lovelace",
                UNIX_EPOCH + Duration::from_secs(1_700_000_000),
                "<probe-1@sendready.test>",
            ))
        }
        "message" => {}
        other => panic!("unknown config key {other}"),
    }
}

fn pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split_whitespace()
        .map(|pair| pair.split_once('=').expect("key=value"))
}

fn event(name: &str, text: &str) -> Step {
    let (word, rest) = text.split_once(' ').unwrap_or((text, ""));
    match word {
        "tls" => Step::Tls,
        "close" => Step::Close,
        "connected" => Step::Connected,
        "wait" => Step::Wait(rest.trim().parse().expect("milliseconds")),
        "error" => {
            let (kind, message) = rest.split_once(' ').unwrap_or((rest, ""));
            Step::Error(match kind {
                "dns" => TransportError::DnsFailed(message.to_owned()),
                "refused" => TransportError::ConnectionRefused,
                "unreachable" => TransportError::Unreachable(message.to_owned()),
                "tls" => TransportError::Tls(message.to_owned()),
                _ => TransportError::Io(message.to_owned()),
            })
        }
        other => panic!("{name}: unknown event {other}"),
    }
}

fn server_bytes(line: &str) -> Option<Vec<u8>> {
    if let Some(text) = line
        .strip_prefix("S: ")
        .or_else(|| (line == "S:").then_some(""))
    {
        return Some([text.as_bytes(), b"\r\n"].concat());
    }
    if let Some(text) = line.strip_prefix("S-LF: ") {
        return Some([text.as_bytes(), b"\n"].concat());
    }
    if let Some(text) = line.strip_prefix("S-RAW: ") {
        return Some(unescape(text));
    }
    let (head, text) = line.split_once(": ")?;
    let (directive, count) = head.split_once(' ')?;
    let count: usize = count.parse().ok()?;
    match directive {
        "S-REPEAT" => Some([text.as_bytes(), b"\r\n"].concat().repeat(count)),
        "S-LONG" => Some([text.as_bytes(), &b"x".repeat(count), b"\r\n"].concat()),
        _ => None,
    }
}

fn unescape(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let (byte, used) = match (bytes[index], bytes.get(index + 1)) {
            (b'\\', Some(b'r')) => (b'\r', 2),
            (b'\\', Some(b'n')) => (b'\n', 2),
            (b'\\', Some(b'\\')) => (b'\\', 2),
            (b'\\', Some(b'x')) => (
                u8::from_str_radix(&text[index + 2..index + 4], 16).expect("hex escape"),
                4,
            ),
            (byte, _) => (byte, 1),
        };
        out.push(byte);
        index += used;
    }
    out
}
