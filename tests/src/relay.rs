//! The native `sendready` binary in tests: runs its `probe` and `diagnose` as a person would, and
//! speaks the relay's signed HTTP as the worker does (or, on purpose, as the worker does not).
//!
//! `cargo xtask test` builds the binary once and starts one relay for the run; the variables
//! `SENDREADY_RELAY_BIN`, `SENDREADY_RELAY_URL` and `SENDREADY_RELAY_KEY_FILE` say where they are.

use std::io::Write;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sendready_shared::attestation::SecretKey;
use sendready_shared::relay::RELAY_TEST_PATH;
use sendready_shared::request_signing::{
    HEADER_NONCE, HEADER_SIGNATURE, HEADER_TIMESTAMP, SignatureHeaders, SignedParts, sign,
};

use crate::{HttpResponse, http_request, required};

/// What one run of the binary did.
#[derive(Clone, Debug)]
pub struct CliRun {
    /// The exit code; `None` when a signal ended it.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// The built `sendready` binary.
pub fn binary() -> PathBuf {
    PathBuf::from(required("SENDREADY_RELAY_BIN"))
}

/// Runs `sendready ARGS` with `stdin` piped in (and no password in its environment).
pub fn run_cli(args: &[&str], stdin: &str) -> CliRun {
    let mut child = Command::new(binary())
        .args(args)
        .env_remove("SENDREADY_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run sendready {args:?}: {error}"));
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin.as_bytes());
    }
    let output = child
        .wait_with_output()
        .unwrap_or_else(|error| panic!("sendready {args:?} did not finish: {error}"));
    CliRun {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

impl CliRun {
    /// Stdout as JSON; panics with the whole run when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {self:#?}"))
    }
}

/// The run's relay's test slots, for the tests of one process: a test that runs probes on that
/// relay (signed, or through the worker) shares them; the test that fills every slot to see the
/// relay busy takes them alone, so that no other test meets a busy relay meanwhile.
static SLOTS: RwLock<()> = RwLock::new(());

/// Held while a test runs probes on the run's relay.
pub fn share_the_relay() -> RwLockReadGuard<'static, ()> {
    SLOTS.read().unwrap_or_else(PoisonError::into_inner)
}

/// Held while a test fills every slot of the run's relay.
pub fn take_the_relay() -> RwLockWriteGuard<'static, ()> {
    SLOTS.write().unwrap_or_else(PoisonError::into_inner)
}

/// The relay of this run: its port and the key it shares with the worker.
pub struct RelayEndpoint {
    pub port: u16,
    key: SecretKey,
}

impl RelayEndpoint {
    pub fn from_env() -> Self {
        let url = required("SENDREADY_RELAY_URL");
        let port = url
            .rsplit(':')
            .next()
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("SENDREADY_RELAY_URL has no port: {url}"));
        let key_file = required("SENDREADY_RELAY_KEY_FILE");
        let text = std::fs::read_to_string(&key_file)
            .unwrap_or_else(|error| panic!("cannot read {key_file}: {error}"));
        let key = SecretKey::new(text.trim().as_bytes()).expect("the relay key is long enough");
        Self { port, key }
    }

    /// The signature headers for `body` at `timestamp_s` with `nonce`, under the relay's key.
    pub fn sign(&self, body: &[u8], timestamp_s: u64, nonce: &str) -> SignatureHeaders {
        sign(
            &self.key,
            &SignedParts {
                method: "POST",
                path: RELAY_TEST_PATH,
                timestamp_s,
                nonce,
                body,
            },
        )
    }

    /// `POST /v1/test` with `body` and exactly these signature headers.
    pub fn post(&self, body: &[u8], signed: &SignatureHeaders) -> HttpResponse {
        let headers = [
            ("content-type", "application/json"),
            (HEADER_TIMESTAMP, signed.timestamp.as_str()),
            (HEADER_NONCE, signed.nonce.as_str()),
            (HEADER_SIGNATURE, signed.signature.as_str()),
        ];
        http_request(self.port, "POST", RELAY_TEST_PATH, &headers, body)
    }
}

/// A relay of a test's own (`sendready relay … EXTRA`), on a fresh loopback port with the run's
/// key, stopped (by its own PID) when dropped: for limits the shared relay must not reach.
pub struct OwnRelay {
    pub endpoint: RelayEndpoint,
    child: Child,
}

impl OwnRelay {
    pub fn start(extra: &[&str]) -> Self {
        let shared = RelayEndpoint::from_env();
        let port = crate::closed_port();
        let child = Command::new(binary())
            .args(["relay", "--listen", &format!("127.0.0.1:{port}")])
            .args(["--key-file", &required("SENDREADY_RELAY_KEY_FILE")])
            .arg("--allow-loopback")
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start a relay: {error}"));
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the relay on port {port} did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self {
            endpoint: RelayEndpoint {
                port,
                key: shared.key,
            },
            child,
        }
    }
}

impl Drop for OwnRelay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Unix seconds now.
pub fn unix_now_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

/// A fresh hex nonce: the process id and a counter, unique within and across runs.
pub fn fresh_nonce() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static CALLS: AtomicU32 = AtomicU32::new(0);
    format!(
        "{:016x}{:08x}{:08x}",
        unix_now_s(),
        std::process::id(),
        CALLS.fetch_add(1, Ordering::Relaxed)
    )
}

/// A probe request for the relay: `user` on the test MTA at `127.0.0.1:port` with STARTTLS.
pub fn probe_request(port: u16, user: &str, password: &str) -> Vec<u8> {
    serde_json::json!({
        "host": "127.0.0.1", "port": port, "security": "starttls", "ehlo_name": "localhost",
        "username": user, "credential": "password", "secret": password,
    })
    .to_string()
    .into_bytes()
}
