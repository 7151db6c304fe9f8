//! After every test has run: no log of the run may contain a test password in any form.
//!
//! The integration suite checks its own scenarios; this audit runs last, after the browser
//! tests too, over every log the run wrote (wrangler, Postfix, Dovecot), for every SASL user's
//! password as typed, as the AUTH PLAIN blob, as the AUTH LOGIN answer, and as the base64 run
//! it leaves at any offset inside a longer blob.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::Result;

/// Fails, naming the file and the form, if any log holds a password; prints one closing line.
pub fn audit(log_dirs: &[PathBuf], users: &[(String, String)]) -> Result {
    let logs: Vec<PathBuf> = log_dirs.iter().flat_map(|dir| log_files(dir, 1)).collect();
    let mut leaks = Vec::new();
    for log in &logs {
        let text = std::fs::read(log)
            .map_err(|error| format!("cannot read {}: {error}", log.display()))?;
        for (user, password) in users {
            for (form, needle) in secret_forms(user, password) {
                if text
                    .windows(needle.len())
                    .any(|window| window == needle.as_bytes())
                {
                    leaks.push(format!("{}: {user}'s password as {form}", log.display()));
                }
            }
        }
    }
    let checked = logs.len();
    if leaks.is_empty() {
        println!("log audit: {checked} passed, 0 failed");
        Ok(())
    } else {
        println!(
            "log audit: {} passed, {} failed",
            checked.saturating_sub(leaks.len()),
            leaks.len()
        );
        Err(format!(
            "test passwords found in logs:\n{}",
            leaks.join("\n")
        ))
    }
}

/// The forms a password can take on the wire and in a transcript, named for the report.
fn secret_forms(user: &str, password: &str) -> Vec<(&'static str, String)> {
    let mut forms = vec![
        ("plain text", password.to_owned()),
        (
            "AUTH PLAIN blob",
            STANDARD.encode(format!("\0{user}\0{password}")),
        ),
        ("AUTH LOGIN answer", STANDARD.encode(password)),
    ];
    // Inside a longer blob the password's base64 depends on its offset modulo 3; the middle
    // of each of the three encodings is stable whatever surrounds it.
    for offset in 0..3 {
        let mut blob = vec![0_u8; offset];
        blob.extend_from_slice(password.as_bytes());
        let encoded = STANDARD.encode(&blob);
        let start = (8 * offset).div_ceil(6);
        let end = 8 * (offset + password.len()) / 6;
        forms.push(("base64 inside a blob", encoded[start..end].to_owned()));
    }
    forms
}

/// `*.log` files in `dir` and, `depth` levels down, in its subdirectories (each MTA writes
/// into a directory of its own; wrangler state and the venv are never deeper than that).
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

#[cfg(test)]
mod tests {
    use super::*;

    fn log_dir_with(name: &str, content: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("sendready-audit-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("mta")).expect("create a temp log dir");
        std::fs::write(dir.join("mta/postfix.log"), content).expect("write a temp log");
        dir
    }

    #[test]
    fn a_password_in_any_of_its_forms_fails_the_audit() {
        let users = vec![(
            "alice@example.test".to_owned(),
            "0123456789abcdef".to_owned(),
        )];
        let plain_blob = STANDARD.encode(format!("\0{}\0{}", users[0].0, users[0].1));
        for leaked in [
            "pass=0123456789abcdef",
            &format!("C: AUTH PLAIN {plain_blob}"),
        ] {
            let dir = log_dir_with("leak", leaked);
            assert!(
                audit(std::slice::from_ref(&dir), &users).is_err(),
                "{leaked} went unnoticed"
            );
            let _ = std::fs::remove_dir_all(dir);
        }
        let dir = log_dir_with("clean", "C: AUTH PLAIN [redacted]\n");
        assert!(audit(std::slice::from_ref(&dir), &users).is_ok());
        let _ = std::fs::remove_dir_all(dir);
    }
}
