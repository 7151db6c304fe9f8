//! `cargo xtask`: the project's automation in plain Rust — install tools, build, run, test, bench.
//!
//! Every command installs what it needs first and skips what is already there, so the same two
//! commands work on a fresh machine and stay fast on a warm one.

mod bench_rtt;
mod blind;
mod build;
mod deploy;
mod detect_stack;
mod oidc_stack;
mod process;
mod relay;
mod schemathesis;
mod stack;
mod test;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  dev            install tools, build, and run the app on http://127.0.0.1:8787
  build          build the widget into dist/ and the worker into worker/build/
  deploy         build and deploy the Worker to Cloudflare (wrangler deploy; see README)
  wrangler ARGS  run wrangler under Node 22, e.g. login, d1 create, secret put
  mta            run the test Postfix + Dovecot on 127.0.0.1 until interrupted
  test           install test dependencies and run every test (fmt, clippy, unit, integration, browser)
  e2e            only the integration and browser tests against the running app
  e2e FILTER...  only the integration tests whose names contain a FILTER, against the app
  browser [FILE...]  only the browser tests (tests/e2e/FILE.test.mjs; default all) against the app
  bench <name>   run a benchmark: validate, engine, worker, mfa, widget, detect, rtt
  blind FILE [--write]  the blind-set overlap rule (docs/labelling.md) on a new set";

/// Errors abort the command with a message; xtask has no caller to recover.
type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["dev"] => stack::dev(),
        ["build"] => tools::ensure_build_tools().and_then(|()| build::all()),
        ["deploy"] => deploy::deploy(),
        ["wrangler", ..] => {
            tools::ensure_npm_packages().and_then(|()| deploy::wrangler_with(&args[1..]))
        }
        ["mta"] => stack::serve_mta(),
        ["test"] => test::all(),
        ["e2e"] => test::end_to_end(),
        ["e2e", ..] => test::integration(&args[1..]),
        ["browser", ..] => test::browser(&args[1..]),
        ["bench", name] => test::bench(name),
        ["blind", ..] => blind::overlap(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root, whatever directory cargo was started from. `cargo run` names the
/// manifest directory at run time; that wins over the one compiled in, because checkouts that
/// share one cargo target directory (CI keeps it outside the clone) can end up running a binary
/// built from another checkout, which must still work on the checkout that invoked it.
fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set (CI keeps it across clones).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Scratch space for generated certificates, MTA state and logs; ignored by git.
fn scratch() -> PathBuf {
    root().join(".sendready")
}
