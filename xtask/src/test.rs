//! `cargo xtask test` and `cargo xtask bench`: every check, in order from cheapest to slowest.

use std::process::Command;

use crate::detect_stack::{DetectPeers, DetectPorts};
use crate::oidc_stack::OidcProvider;
use crate::process::run;
use crate::relay::{self, Relay};
use crate::stack::{INSPECTOR_PORT_OFFSET, Mta, MtaPorts, start_worker, test_pki};
use crate::tools::{ensure_test_tools, node_bin_dir, tool_path};
use crate::{Result, build, deploy, root, schemathesis, scratch, target_dir};

/// Every port the test stack listens on, apart from the dev server's so both can run at once.
#[derive(Clone, Copy, Debug)]
struct TestPorts {
    worker: u16,
    relay: u16,
    /// Postfix's listeners, and the OpenID Connect provider Dovecot asks.
    mta: MtaPorts,
    detect: DetectPorts,
}

/// The stack's ports before `SENDREADY_PORT_OFFSET`, which shifts them all so parallel runs on
/// one machine do not collide. Their last two digits differ pairwise, so two runs whose offsets
/// differ by a multiple of 100 never share a port; wrangler's inspector, `INSPECTOR_PORT_OFFSET`
/// (1000) above the Worker, shares the Worker's digits but is farther than any offset up to 900
/// reaches. `stacks_whose_offsets_differ_by_hundreds_share_no_port` checks both.
const BASE_PORTS: TestPorts = TestPorts {
    worker: 8797,
    relay: 8796,
    mta: MtaPorts {
        starttls: 2587,
        implicit_tls: 2465,
        plain: 2525,
        oidc: 8795,
    },
    detect: DetectPorts {
        dns: 2953,
        doh: 2854,
        autoconfig: 2443,
    },
};

impl TestPorts {
    /// The ports of a run with `SENDREADY_PORT_OFFSET=offset`.
    fn at(offset: u16) -> Self {
        let base = BASE_PORTS;
        Self {
            worker: base.worker + offset,
            relay: base.relay + offset,
            mta: MtaPorts {
                starttls: base.mta.starttls + offset,
                implicit_tls: base.mta.implicit_tls + offset,
                plain: base.mta.plain + offset,
                oidc: base.mta.oidc + offset,
            },
            detect: DetectPorts {
                dns: base.detect.dns + offset,
                doh: base.detect.doh + offset,
                autoconfig: base.detect.autoconfig + offset,
            },
        }
    }

    /// wrangler's inspector port for the Worker.
    fn inspector(&self) -> u16 {
        self.worker + INSPECTOR_PORT_OFFSET
    }

    /// Every port, named.
    #[cfg(test)]
    fn all(&self) -> [(&'static str, u16); 10] {
        [
            ("worker", self.worker),
            ("inspector", self.inspector()),
            ("relay", self.relay),
            ("smtp starttls", self.mta.starttls),
            ("smtp implicit tls", self.mta.implicit_tls),
            ("smtp plain", self.mta.plain),
            ("oidc provider", self.mta.oidc),
            ("dns", self.detect.dns),
            ("doh", self.detect.doh),
            ("autoconfig", self.detect.autoconfig),
        ]
    }
}

pub fn port_offset() -> u16 {
    std::env::var("SENDREADY_PORT_OFFSET")
        .ok()
        .and_then(|offset| offset.parse().ok())
        .unwrap_or(0)
}

/// Formatting, lints, unit tests, a deployment dry run, then the built app against a real MTA
/// and a real browser.
pub fn all() -> Result {
    ensure_test_tools()?;
    let root = root();
    let cargo = |args: &[&str]| run(Command::new("cargo").args(args).current_dir(&root));
    cargo(&["fmt", "--all", "--check"])?;
    cargo(&[
        "clippy",
        "--quiet",
        "-p",
        "sendready-shared",
        "-p",
        "sendready-tests",
        "-p",
        "xtask",
        "-p",
        "sendready-relay",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    // The worker, and each of the widget's bundles with the features it is built with.
    let wasm_clippy = |packages: &[&str]| {
        let mut args = vec![
            "clippy",
            "--quiet",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
        ];
        args.extend_from_slice(packages);
        args.extend_from_slice(&["--", "-D", "warnings"]);
        cargo(&args)
    };
    wasm_clippy(&["-p", "sendready-worker"])?;
    for (_, features) in build::BUNDLES {
        wasm_clippy(&[&["-p", "sendready-frontend"], features].concat())?;
    }
    cargo(&[
        "test",
        "-p",
        "sendready-shared",
        "-p",
        "sendready-frontend",
        "-p",
        "xtask",
        "-p",
        "sendready-relay",
    ])?;
    schemathesis::check_token_docs()?;
    deploy::dry_run()?;
    end_to_end()
}

/// The built app against a real MTA and a real browser: integration tests, schemathesis,
/// browser tests, and last the audit of every log the run wrote.
pub fn end_to_end() -> Result {
    with_stack(&[], |stack| {
        run(stack
            .command("cargo")
            .args(["test", "-p", "sendready-tests"]))?;
        schemathesis::run(stack.worker_url())?;
        run_browser_tests(stack, &["tests/e2e/*.test.mjs".to_owned()])?;
        // Last, after the browser tests too: no log of the run holds a test password.
        run(stack
            .command("cargo")
            .args(["test", "-p", "sendready-tests", "--test", "log_audit"]))
    })
}

/// `cargo xtask e2e FILTER…`: only the integration tests whose names contain one of `filters`
/// (cargo's test-name filters), against the same stack; for iterating on a few tests.
pub fn integration(filters: &[String]) -> Result {
    with_stack(&[], |stack| {
        run(stack
            .command("cargo")
            .args(["test", "-p", "sendready-tests", "--test", "it", "--"])
            .args(filters))
    })
}

/// `cargo xtask browser [FILE…]`: only the browser tests of `tests/e2e/FILE.test.mjs` (all
/// without names), against the same stack; for iterating on the widget.
pub fn browser(names: &[String]) -> Result {
    let files: Vec<String> = if names.is_empty() {
        vec!["tests/e2e/*.test.mjs".to_owned()]
    } else {
        names
            .iter()
            .map(|name| format!("tests/e2e/{name}.test.mjs"))
            .collect()
    };
    with_stack(&[], |stack| run_browser_tests(stack, &files))
}

/// Node's test runner over `files` (globs), one file at a time, with the stack's variables and
/// the scripted provider servers' binary (`SENDREADY_PROVIDER_REPLIES_BIN`).
fn run_browser_tests(stack: &TestStack, files: &[String]) -> Result {
    run(Command::new("cargo")
        .args([
            "build",
            "--quiet",
            "-p",
            "sendready-tests",
            "--bin",
            "provider_replies",
        ])
        .current_dir(root()))?;
    run(stack
        .command(node_bin_dir().join("node"))
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .args(files)
        .env("PATH", tool_path())
        .env(
            "SENDREADY_PROVIDER_REPLIES_BIN",
            target_dir().join("debug/provider_replies"),
        ))
}

/// The running test MTA and Worker, as the test programs are told about them.
struct TestStack {
    root: std::path::PathBuf,
    /// `SENDREADY_*` variables: where the Worker and the MTA are, the users and passwords.
    environment: Vec<(String, String)>,
}

impl TestStack {
    /// A command run from the workspace root with the stack's variables set.
    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command
            .current_dir(&self.root)
            .envs(self.environment.iter().map(|(name, value)| (name, value)));
        command
    }

    fn worker_url(&self) -> &str {
        self.environment
            .iter()
            .find(|(name, _)| name == "SENDREADY_URL")
            .map_or("", |(_, url)| url)
    }
}

/// Starts the test MTA and the Worker (with these extra vars), runs `body` against them,
/// stops both.
fn with_stack(vars: &[(&str, &str)], body: impl FnOnce(&TestStack) -> Result) -> Result {
    ensure_test_tools()?;
    let pki = test_pki()?;
    let ports = TestPorts::at(port_offset());
    let worker_port = ports.worker;
    let oidc = OidcProvider::start(ports.mta.oidc, worker_port)?;
    let mta = Mta::start(ports.mta, &pki)?;
    // The native binary once for the whole run: the relay the Worker routes to, and the CLI
    // the tests run.
    let relay_binary = relay::build()?;
    let relay = Relay::start(&relay_binary, ports.relay, &pki)?;
    let detect = DetectPeers::start(ports.detect, &pki)?;
    let relay_vars = relay.worker_vars();
    let detect_vars = detect.worker_vars();
    let oidc_vars = oidc.worker_vars();
    let worker_vars: Vec<(&str, &str)> = relay_vars
        .iter()
        .chain(detect_vars.iter())
        .chain(oidc_vars.iter())
        .map(|(name, value)| (*name, value.as_str()))
        .chain(vars.iter().copied())
        .collect();
    let worker = start_worker(worker_port, &pki, &worker_vars)?;
    let mut environment = test_environment(&mta, worker_port);
    environment.extend(relay.test_environment(&relay_binary));
    environment.extend(oidc.test_environment());
    // wrangler's process group, where the benchmarks find the workerd that runs the Worker.
    environment.push(("SENDREADY_WORKER_GROUP".to_owned(), worker.id().to_string()));
    body(&TestStack {
        root: root(),
        environment,
    })
}

/// `cargo xtask bench NAME`: runs one benchmark, which prints its own figures.
pub fn bench(name: &str) -> Result {
    match name {
        "validate" | "engine" => run(Command::new("cargo")
            .args(["bench", "-p", "sendready-shared", "--bench", name])
            .current_dir(root())),
        // The worker bench reads the dev-only phase marks that end each test's stream.
        // It also samples the Worker's isolate through wrangler's inspector.
        "worker" => with_stack(&[("DEV_TIMINGS", "true")], |stack| {
            let inspector = format!(
                "ws://127.0.0.1:{}/ws",
                TestPorts::at(port_offset()).inspector()
            );
            run(stack
                .command("cargo")
                .args(["bench", "-p", "sendready-tests", "--bench", name])
                .env("SENDREADY_INSPECTOR_URL", inspector)
                .env("SENDREADY_NODE", node_bin_dir().join("node")))
        }),
        "mfa" | "detect" => with_stack(&[], |stack| {
            run(stack
                .command("cargo")
                .args(["bench", "-p", "sendready-tests", "--bench", name]))
        }),
        "widget" => with_stack(&[], |stack| {
            run(stack
                .command(node_bin_dir().join("node"))
                .arg("tests/bench/widget.mjs")
                .env("PATH", tool_path()))
        }),
        "rtt" => crate::bench_rtt::rtt(port_offset()),
        _ => Err(format!(
            "unknown benchmark {name:?}; choose validate, engine, worker, mfa, detect, widget or rtt"
        )),
    }
}

/// What the integration and browser tests need to find the running app and its peers.
fn test_environment(mta: &Mta, worker_port: u16) -> Vec<(String, String)> {
    let mut environment = vec![
        (
            "SENDREADY_URL".to_owned(),
            format!("http://127.0.0.1:{worker_port}"),
        ),
        (
            "SENDREADY_SMTP_STARTTLS_PORT".to_owned(),
            mta.ports.starttls.to_string(),
        ),
        (
            "SENDREADY_SMTP_IMPLICIT_TLS_PORT".to_owned(),
            mta.ports.implicit_tls.to_string(),
        ),
        (
            "SENDREADY_SMTP_PLAIN_PORT".to_owned(),
            mta.ports.plain.to_string(),
        ),
        (
            "SENDREADY_MTA_DIR".to_owned(),
            mta.dir.display().to_string(),
        ),
        (
            "SENDREADY_LOG_DIR".to_owned(),
            scratch().display().to_string(),
        ),
    ];
    for (index, (user, password)) in mta.users.iter().enumerate() {
        environment.push((format!("SENDREADY_USER_{index}"), user.clone()));
        environment.push((format!("SENDREADY_PASSWORD_{index}"), password.clone()));
    }
    environment
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn stacks_whose_offsets_differ_by_hundreds_share_no_port() {
        let mut taken: HashMap<u16, (u16, &str)> = HashMap::new();
        for offset in (0..=900).step_by(100) {
            for (name, port) in TestPorts::at(offset).all() {
                if let Some((other_offset, other)) = taken.insert(port, (offset, name)) {
                    panic!(
                        "port {port} is the {other} at offset {other_offset} and the {name} at offset {offset}"
                    );
                }
            }
        }
    }
}
