//! The last check of a test run: no log the run wrote may hold a test password in any form.
//!
//! `tests/it/logs_test.rs` checks the scenarios it runs itself; this audit runs after every
//! suite, the browser tests included (`cargo xtask test` calls it by name; plain `cargo test`
//! skips it), over every `*.log` in the run's log directory and the MTA directories below it.

use std::path::{Path, PathBuf};

use sendready_tests::{Environment, password_leaks, typed_passwords};

/// `*.log` files in `dir` and, `depth` levels down, in its subdirectories.
fn log_files(dir: &Path, depth: usize) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
    {
        if path.is_dir() && depth > 0 {
            files.extend(log_files(&path, depth - 1));
        } else if path.extension().is_some_and(|extension| extension == "log") {
            files.push(path);
        }
    }
    files
}

#[test]
fn every_log_of_the_run_is_free_of_every_test_password() {
    let environment = Environment::from_env();
    let logs = log_files(Path::new(&environment.log_dir), 1);
    for expected in [
        environment.wrangler_log(),
        environment.postfix_log(),
        environment.dovecot_log(),
    ] {
        assert!(
            logs.contains(&expected),
            "{} was not written",
            expected.display()
        );
    }
    let hits = password_leaks(&logs, &typed_passwords(&environment));
    assert!(
        hits.is_empty(),
        "passwords in the logs:\n{}",
        hits.join("\n")
    );
}
