//! Harness for the integration tests: finds the running app and its peers, and speaks HTTP to it.
//!
//! `cargo xtask test` starts the Worker (wrangler dev) and the test MTA, then runs these tests
//! with `SENDREADY_*` variables that say where everything is. A missing variable is a failure,
//! never a skipped test.

pub mod accounts;
pub mod cpu;
pub mod hostile;
pub mod mfa;
pub mod native_profile;
pub mod oidc;
pub mod relay;

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sendready_shared::api::TestEvent;
use sendready_shared::attestation::Attestation;
use sendready_shared::session::TestReport;
use sendready_shared::smtp::StageReport;

/// The running test environment, as `cargo xtask test` describes it.
#[derive(Clone, Debug)]
pub struct Environment {
    /// Port of the local Worker on 127.0.0.1.
    pub worker_port: u16,
    pub starttls_port: u16,
    pub implicit_tls_port: u16,
    pub plain_port: u16,
    /// `(address, password)` of the MTA's SASL users.
    pub users: Vec<(String, String)>,
    /// Postfix and Dovecot state, logs and Maildirs.
    pub mta_dir: String,
    /// Where every service's log is written.
    pub log_dir: String,
}

/// One `POST /api/test` answer: the progress events as they were streamed, then the report.
#[derive(Clone, Debug)]
pub struct TestRun {
    pub status: u16,
    /// Every `started` and `finished` event, in the order streamed (the `report` line is in
    /// `report` and `attestation`).
    pub events: Vec<TestEvent>,
    pub report: TestReport,
    pub attestation: Option<Attestation>,
    /// From sending the request to reading the last byte of the answer.
    pub elapsed: Duration,
}

/// An HTTP response: status, headers (lowercase names) and the whole body.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Environment {
    /// Reads the environment; panics with the reason when not run through `cargo xtask test`.
    pub fn from_env() -> Self {
        let port = |name: &str| -> u16 {
            required(name)
                .parse()
                .unwrap_or_else(|_| panic!("{name} is not a port number"))
        };
        let worker_url = required("SENDREADY_URL");
        let worker_port = worker_url
            .rsplit(':')
            .next()
            .and_then(|port| port.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("SENDREADY_URL has no port: {worker_url}"));
        let users = (0..)
            .map_while(|index| {
                let user = std::env::var(format!("SENDREADY_USER_{index}")).ok()?;
                Some((user, required(&format!("SENDREADY_PASSWORD_{index}"))))
            })
            .collect();
        Self {
            worker_port,
            starttls_port: port("SENDREADY_SMTP_STARTTLS_PORT"),
            implicit_tls_port: port("SENDREADY_SMTP_IMPLICIT_TLS_PORT"),
            plain_port: port("SENDREADY_SMTP_PLAIN_PORT"),
            users,
            mta_dir: required("SENDREADY_MTA_DIR"),
            log_dir: required("SENDREADY_LOG_DIR"),
        }
    }

    /// Sends one request to the Worker and reads the whole response.
    pub fn request(&self, method: &str, path: &str, body: &[u8]) -> HttpResponse {
        http_request(
            self.worker_port,
            method,
            path,
            &[("content-type", "application/json")],
            body,
        )
    }

    /// `POST path` with a JSON body, returning the status and the parsed JSON answer.
    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
        let response = self.request("POST", path, body.to_string().as_bytes());
        let json = serde_json::from_slice(&response.body).unwrap_or_else(|error| {
            panic!(
                "{path} answered {} with non-JSON ({error}): {}",
                response.status,
                String::from_utf8_lossy(&response.body)
            )
        });
        (response.status, json)
    }

    /// `POST /api/test` with `body`, speaking for the client address `client`
    /// (`CF-Connecting-IP`): the whole answer, whatever its status.
    pub fn post_test_as(&self, client: &str, body: &serde_json::Value) -> HttpResponse {
        http_request(
            self.worker_port,
            "POST",
            "/api/test",
            &[
                ("content-type", "application/json"),
                ("cf-connecting-ip", client),
            ],
            body.to_string().as_bytes(),
        )
    }

    /// `POST /api/test` with `request`, which must pass validation: panics with the answer when
    /// the worker does not answer `200` with a stream that ends in exactly one report.
    ///
    /// Each call speaks for a client address of its own (`CF-Connecting-IP`, which `wrangler dev`
    /// passes through), so the suite's many tests do not exhaust the per-client test budget that
    /// the rate-limit tests measure.
    pub fn run_test(&self, request: &serde_json::Value) -> TestRun {
        let client = own_client_address();
        let headers = [
            ("content-type", "application/json"),
            ("cf-connecting-ip", client.as_str()),
        ];
        let started = Instant::now();
        let response = send(
            self.worker_port,
            "POST",
            "/api/test",
            &headers,
            request.to_string().as_bytes(),
        );
        let status = response.status().as_u16();
        let content_type = header_text(&response, "content-type");
        let mut body = BufReader::new(response.into_body().into_reader());
        if status != 200 || !content_type.starts_with("application/x-ndjson") {
            let mut text = String::new();
            let _ = body.read_to_string(&mut text);
            panic!("POST /api/test answered {status} {content_type:?}: {text}");
        }
        // One event per line, parsed as it arrives.
        let mut stream = TestStream::default();
        let mut line = String::new();
        while body
            .read_line(&mut line)
            .unwrap_or_else(|error| panic!("reading the test stream failed ({error}): {stream:?}"))
            > 0
        {
            stream.push(&line);
            line.clear();
        }
        let elapsed = started.elapsed();
        let (events, report, attestation) = stream.finish();
        TestRun {
            status,
            events,
            report,
            attestation,
            elapsed,
        }
    }

    /// The test CA's directory: `server.pem` and `server.key` are what the MTA presents.
    pub fn pki_dir(&self) -> PathBuf {
        PathBuf::from(&self.log_dir).join("pki")
    }

    /// Postfix's log of this run.
    pub fn postfix_log(&self) -> PathBuf {
        PathBuf::from(&self.mta_dir).join("postfix.log")
    }

    /// Dovecot's log of this run.
    pub fn dovecot_log(&self) -> PathBuf {
        PathBuf::from(&self.mta_dir).join("dovecot.log")
    }

    /// The Maildir where Dovecot delivers `user`'s mail.
    pub fn maildir(&self, user: &str) -> PathBuf {
        PathBuf::from(&self.mta_dir).join("mail").join(user)
    }

    /// The worker's log, as `wrangler dev` wrote it during this run.
    pub fn wrangler_log(&self) -> PathBuf {
        PathBuf::from(&self.log_dir).join(format!("wrangler-{}.log", self.worker_port))
    }
}

impl TestRun {
    /// True when the probe sent an AUTH command, as its (redacted) transcript shows.
    pub fn sent_auth(&self) -> bool {
        self.report
            .probe
            .transcript
            .iter()
            .any(|line| line.starts_with("C: AUTH"))
    }

    /// The diagnosis kind as serialised (`"bad_credentials"`), or `"none"` after a success.
    pub fn kind(&self) -> String {
        self.report
            .diagnosis
            .as_ref()
            .map_or_else(|| "none".to_owned(), |diagnosis| diagnosis.kind.to_string())
    }

    /// Checks that the stream was in step with the report: each stage that started finished,
    /// and the `finished` events are the report's stages, in order.
    pub fn assert_streamed(&self) {
        let finished: Vec<&StageReport> = self
            .events
            .iter()
            .filter_map(|event| match event {
                TestEvent::Finished(stage) => Some(stage),
                _ => None,
            })
            .collect();
        let stages: Vec<&StageReport> = self.report.probe.stages.iter().collect();
        assert_eq!(
            finished, stages,
            "finished events out of step with the report: {:#?}",
            self.events
        );
        let started = self
            .events
            .iter()
            .filter(|event| matches!(event, TestEvent::Started { .. }))
            .count();
        assert_eq!(
            started,
            finished.len(),
            "a stage started and never finished: {:#?}",
            self.events
        );
    }

    /// The report as pretty JSON, for assertion messages.
    pub fn pretty(&self) -> String {
        serde_json::to_string_pretty(&self.report)
            .unwrap_or_else(|error| format!("unprintable report: {error}"))
    }
}

/// A loopback port with nothing listening: a probe to it fails at connect, fast.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener
        .local_addr()
        .expect("the listener's address")
        .port()
}

/// The body of `POST /api/test` for `user` on `localhost:port`, with `user` as the address too.
pub fn test_request(
    port: u16,
    security: &str,
    user: &str,
    password: &str,
    send_test_message: bool,
) -> serde_json::Value {
    serde_json::json!({
        "form": {
            "provider": "other", "host": "localhost", "port": port.to_string(), "security": security,
            "email": user, "username": user, "password": password,
        },
        "send_test_message": send_test_message,
    })
}

/// Every form in which `password` could leak: as typed, the AUTH PLAIN blob
/// (`\0user\0password`), the AUTH LOGIN answer, and the base64 runs that any blob embedding the
/// password contains whatever its offset (the redactor's own rule, checked from outside).
pub fn secret_forms(user: &str, password: &str) -> Vec<String> {
    let mut forms = vec![
        password.to_owned(),
        STANDARD.encode(format!("\0{user}\0{password}")),
        STANDARD.encode(password),
    ];
    for offset in 0..3 {
        let mut blob = vec![0_u8; offset];
        blob.extend_from_slice(password.as_bytes());
        let encoded = STANDARD.encode(&blob);
        let first = (8 * offset).div_ceil(6);
        let end = 8 * (offset + password.len()) / 6;
        forms.push(encoded[first..end].to_owned());
    }
    forms
}

/// A documentation-range IPv6 address in a /64 of its own (the limiter counts per /64), fresh
/// for each call and each run, which the rate-limit tests' IPv4 ranges never meet.
fn own_client_address() -> String {
    static CALLS: AtomicU32 = AtomicU32::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    format!("2001:db8:{:x}:{call:x}::1", std::process::id() & 0xffff)
}

/// Calls `check` every 100 ms until it gives a value or `limit` has passed.
pub fn eventually<T>(limit: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(value) = check() {
            return Some(value);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A log or mail file as text (lossily decoded); empty when it does not exist yet.
pub fn read_text(path: &std::path::Path) -> String {
    std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// Every place a password of `passwords` stands in one of `logs`, in any of its
/// `secret_forms`, as one line per hit naming the log, the user and an example line.
pub fn password_leaks(logs: &[PathBuf], passwords: &[(String, String)]) -> Vec<String> {
    let mut hits = Vec::new();
    for log in logs {
        let text = read_text(log);
        for (user, password) in passwords {
            for form in secret_forms(user, password) {
                let count = text.matches(form.as_str()).count();
                if count > 0 {
                    let line = text
                        .lines()
                        .find(|line| line.contains(form.as_str()))
                        .unwrap_or_default();
                    hits.push(format!(
                        "{}: {count} × a form of {user}'s password, e.g. in {line:?}",
                        log.display()
                    ));
                }
            }
        }
    }
    hits
}

/// Every `(user, password)` the suites type: each MTA user's password, its `-wrong` variant,
/// and the scripted servers' password.
pub fn typed_passwords(environment: &Environment) -> Vec<(String, String)> {
    let mut passwords = Vec::new();
    for (user, password) in &environment.users {
        passwords.push((user.clone(), password.clone()));
        passwords.push((user.clone(), format!("{password}-wrong")));
    }
    passwords.push((
        "logs@hostile.test".to_owned(),
        hostile::HOSTILE_PASSWORD.to_owned(),
    ));
    passwords
}

/// The NDJSON answer as read so far: progress events, then exactly one report, last.
#[derive(Debug, Default)]
struct TestStream {
    /// Every line received, for failure messages.
    text: String,
    events: Vec<TestEvent>,
    last: Option<(TestReport, Option<Attestation>)>,
}

impl TestStream {
    fn push(&mut self, line: &str) {
        self.text.push_str(line);
        if line.trim().is_empty() {
            return;
        }
        let text = &self.text;
        let event: TestEvent = serde_json::from_str(line)
            .unwrap_or_else(|error| panic!("not a test event ({error}): {line}\nin {text}"));
        assert!(
            self.last.is_none(),
            "an event followed the report: {line}\nin {text}"
        );
        match event {
            TestEvent::Report {
                report,
                attestation,
            } => self.last = Some((*report, attestation)),
            progress => self.events.push(progress),
        }
    }

    fn finish(self) -> (Vec<TestEvent>, TestReport, Option<Attestation>) {
        let text = self.text;
        let (report, attestation) = self
            .last
            .unwrap_or_else(|| panic!("the stream ended without a report: {text}"));
        (self.events, report, attestation)
    }
}

/// One request per connection (no keep-alive, as the old hand-written client did), any status
/// taken as an answer, and a bound well above the probe's 30 s deadline.
static AGENT: LazyLock<ureq::Agent> = LazyLock::new(|| {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_idle_connections(0)
        .timeout_global(Some(Duration::from_secs(90)))
        .build()
        .into()
});

/// Sends one request to the worker on 127.0.0.1 and returns the response with its body unread.
fn send(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> ureq::http::Response<ureq::Body> {
    let mut request = ureq::http::Request::builder()
        .method(method)
        .uri(format!("http://127.0.0.1:{port}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let answer = if body.is_empty() {
        AGENT.run(request.body(()).expect("a well-formed request"))
    } else {
        AGENT.run(request.body(body).expect("a well-formed request"))
    };
    answer.unwrap_or_else(|error| panic!("{method} {path} failed: {error}"))
}

fn header_text(response: &ureq::http::Response<ureq::Body>, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Sends one request to the worker on 127.0.0.1 and reads the whole response.
pub fn http_request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> HttpResponse {
    let response = send(port, method, path, headers, body);
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = response
        .into_body()
        .read_to_vec()
        .unwrap_or_else(|error| panic!("{method} {path}: reading the body failed: {error}"));
    HttpResponse {
        status,
        headers,
        body,
    }
}

impl HttpResponse {
    /// The first header called `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The body as JSON, `Null` when it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `error.code` of an error answer, empty when there is none.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

pub(crate) fn required(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} is not set: run these tests through `cargo xtask test`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_any_of_its_forms_is_found() {
        let dir = std::env::temp_dir().join(format!("sendready-leaks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create a temp dir");
        let passwords = vec![(
            "alice@example.test".to_owned(),
            "0123456789abcdef".to_owned(),
        )];
        let (user, password) = &passwords[0];
        let plain_blob = STANDARD.encode(format!("\0{user}\0{password}"));
        let log = dir.join("postfix.log");
        for leaked in [
            format!("pass={password}"),
            format!("C: AUTH PLAIN {plain_blob}"),
        ] {
            std::fs::write(&log, &leaked).expect("write a temp log");
            assert!(
                !password_leaks(std::slice::from_ref(&log), &passwords).is_empty(),
                "{leaked}"
            );
        }
        std::fs::write(&log, "C: AUTH PLAIN [redacted]\n").expect("write a temp log");
        assert!(password_leaks(std::slice::from_ref(&log), &passwords).is_empty());
        let _ = std::fs::remove_dir_all(dir);
    }
}
