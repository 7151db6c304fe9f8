//! The Python test tools in one venv: schemathesis against the local worker, and PyJWT for the
//! host-side examples of `docs/attestation.md`.
//!
//! Property-based API testing from PyPI, installed once into a venv under `.sendready/`. Every
//! documented operation gets valid, boundary and invalid requests (wrong types, missing fields,
//! unsupported methods), and every answer must be documented: no server error, a listed status,
//! the documented content type, headers and body schema. That keeps both the worker ("bad input
//! gets a 4xx, never a 500") and `openapi.yaml` honest.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{output, run as run_command};
use crate::{Result, root, scratch};

/// The release known to install and to accept the options below (its CLI changed across 3.x
/// and 4.x); bump deliberately.
const VERSION: &str = "4.32.5";

/// PyJWT, the library the host-side Python examples of `docs/attestation.md` use; the same venv.
const PYJWT_VERSION: &str = "2.15.1";

/// Every answer must be documented, not merely free of server errors.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_headers_conformance,response_schema_conformance";

/// Generated cases per operation and phase: about 500 requests in all, under half a minute.
const MAX_EXAMPLES: &str = "100";

/// `POST /api/test` connects out whenever a form passes validation, so it gets fewer cases and
/// a timeout longer than the probe's 30 s deadline.
const MAX_EXAMPLES_OF_TEST: &str = "25";

/// A client address of its own, so the generated tests spend a test budget no other test uses
/// (the browser tests after this one speak from 127.0.0.1).
const CLIENT_ADDRESS_HEADER: &str = "CF-Connecting-IP: 198.18.0.1";

/// The dev-only `MFA_API_KEY` of `wrangler.toml` `[env.dev.vars]` (public by design), so the
/// generated requests reach the MFA operations' own answers, not only their 401s. Every other
/// operation refuses it as an admin token (a documented 401).
const MFA_AUTHORIZATION_HEADER: &str =
    "Authorization: Bearer dev-only-mfa-api-key-0123456789abcdef";

/// Runs schemathesis against the worker at `worker_url` (e.g. `http://127.0.0.1:8797`),
/// installing it first when missing.
pub fn run(worker_url: &str) -> Result {
    let st = ensure_installed()?;
    let schema = root().join("openapi.yaml");
    // Hypothesis keeps its example database in the working directory.
    let work_dir = scratch().join("schemathesis");
    std::fs::create_dir_all(&work_dir)
        .map_err(|error| format!("cannot create {}: {error}", work_dir.display()))?;
    let st_run = |filter: &str, max_examples: &str, timeout_s: &str| {
        let mut command = Command::new(&st);
        command
            .args(["--no-color", "run"])
            .arg(&schema)
            .args(["--url", worker_url, "--checks", CHECKS])
            .args(["--header", CLIENT_ADDRESS_HEADER])
            .args(["--header", MFA_AUTHORIZATION_HEADER])
            .args([filter, "/api/test"])
            .args([
                "--max-examples",
                max_examples,
                "--request-timeout",
                timeout_s,
            ])
            .current_dir(&work_dir);
        run_command(&mut command)
    };
    st_run("--exclude-path", MAX_EXAMPLES, "10")?;
    st_run("--include-path", MAX_EXAMPLES_OF_TEST, "40")
}

/// The `st` command of the pinned version, in `.sendready/venv`; creates the venv and installs
/// schemathesis from PyPI only when that version is not there yet.
fn ensure_installed() -> Result<PathBuf> {
    let venv = scratch().join("venv");
    let st = venv.join("bin/st");
    if installed_version(&st).is_some_and(|version| version.contains(VERSION)) {
        return Ok(st);
    }
    if !venv.join("bin/pip").exists() {
        run_command(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    run_command(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("schemathesis=={VERSION}")),
    )?;
    Ok(st)
}

/// Runs the Python examples of `docs/attestation.md` with the real PyJWT against the test
/// vectors (`shared/tests/policy/pyjwt_check.py`), so the documented host code stays true.
pub fn check_token_docs() -> Result {
    ensure_installed()?;
    let python = scratch().join("venv/bin/python");
    let has_pyjwt =
        output(Command::new(&python).args(["-c", "import jwt; print(jwt.__version__)"]))
            .is_some_and(|version| version.trim() == PYJWT_VERSION);
    if !has_pyjwt {
        run_command(
            Command::new(scratch().join("venv/bin/pip"))
                .args(["install", "--quiet", "--disable-pip-version-check"])
                .arg(format!("PyJWT=={PYJWT_VERSION}")),
        )?;
    }
    run_command(
        Command::new(python)
            .arg(root().join("shared/tests/policy/pyjwt_check.py"))
            .current_dir(root()),
    )
}

/// `st --version`, e.g. "st, version 4.32.5"; `None` when it is not installed or does not run.
fn installed_version(st: &Path) -> Option<String> {
    if !st.exists() {
        return None;
    }
    output(Command::new(st).arg("--version"))
}
