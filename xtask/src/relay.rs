//! The native `sendready` binary in the test stack: built once, started as the relay the test
//! Worker routes to, and handed to the integration tests (which run its `probe` and `diagnose`).

use std::io::Read;
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::process::{Service, run};
use crate::{Result, root, scratch, target_dir};

/// Hosts the test Worker sends through the relay (`RELAY_HOSTS`): the MTA by its address (tests
/// that name it `localhost` go direct), and a private address the relay does not allow.
pub const RELAYED_HOSTS: &str = "127.0.0.1,10.255.255.1";

/// A running relay and what the tests need to talk to it.
pub struct Relay {
    pub url: String,
    pub key: String,
    pub key_file: PathBuf,
    _service: Service,
}

/// Builds the `sendready` binary (once per run; cargo skips it when nothing changed).
pub fn build() -> Result<PathBuf> {
    run(Command::new("cargo")
        .args([
            "build",
            "--quiet",
            "-p",
            "sendready-relay",
            "--bin",
            "sendready",
        ])
        .current_dir(root()))?;
    Ok(target_dir().join("debug/sendready"))
}

impl Relay {
    /// Starts `sendready relay` on 127.0.0.1:`port` with a fresh key, trusting the test CA and
    /// allowing loopback (development only), and waits until it accepts connections.
    pub fn start(binary: &Path, port: u16, pki: &Path) -> Result<Self> {
        let key = fresh_key();
        let key_file = scratch().join(format!("relay-{port}.key"));
        std::fs::write(&key_file, &key)
            .and_then(|()| {
                std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600))
            })
            .map_err(|error| format!("cannot write {}: {error}", key_file.display()))?;
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Err(format!(
                "port {port} is already in use; stop whatever listens there first"
            ));
        }
        let mut command = Command::new(binary);
        command
            .args(["relay", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--key-file")
            .arg(&key_file)
            .arg("--ca-file")
            .arg(pki.join("ca.pem"))
            .arg("--allow-loopback");
        let log = scratch().join(format!("relay-{port}.log"));
        let _ = std::fs::remove_file(&log);
        let mut service = Service::start("sendready relay", command, &log)?;
        service.wait_until("the relay", Duration::from_secs(30), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        })?;
        Ok(Self {
            url: format!("http://127.0.0.1:{port}"),
            key,
            key_file,
            _service: service,
        })
    }

    /// The Worker's variables that route tests here.
    pub fn worker_vars(&self) -> Vec<(&'static str, String)> {
        vec![
            ("RELAY_URL", self.url.clone()),
            ("RELAY_KEY", self.key.clone()),
            ("RELAY_HOSTS", RELAYED_HOSTS.to_owned()),
        ]
    }

    /// The tests' variables: the binary, the relay and its key file.
    pub fn test_environment(&self, binary: &Path) -> Vec<(String, String)> {
        vec![
            (
                "SENDREADY_RELAY_BIN".to_owned(),
                binary.display().to_string(),
            ),
            ("SENDREADY_RELAY_URL".to_owned(), self.url.clone()),
            (
                "SENDREADY_RELAY_KEY_FILE".to_owned(),
                self.key_file.display().to_string(),
            ),
        ]
    }
}

/// 32 random bytes from the kernel as 64 hex characters.
fn fresh_key() -> String {
    let mut bytes = [0_u8; 32];
    if let Ok(mut random) = std::fs::File::open("/dev/urandom") {
        let _ = random.read_exact(&mut bytes);
    }
    hex::encode(bytes)
}
