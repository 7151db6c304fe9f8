//! Tidy: checks the invariants ARCHITECTURE.md promises, on the source tree as text.

use std::path::{Path, PathBuf};

/// Crates and APIs that mean I/O, a clock or randomness; `shared` must use none of them.
const IMPURE_IN_SHARED: &[&str] = &[
    "std::net",
    "std::fs",
    "std::process",
    "SystemTime::now",
    "Instant::now",
    "std::thread",
    "getrandom",
    "rand::",
    "tokio",
    "worker::",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "_current(",
];
const IMPURE_DEPENDENCIES: &[&str] = &[
    "tokio",
    "worker",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "getrandom",
    "rand",
    "reqwest",
    "gloo",
];
/// Logging macros of every adapter.
const LOG_CALLS: &[&str] = &[
    "console_log!",
    "console_error!",
    "console_warn!",
    "println!",
    "eprintln!",
    "log::",
];
/// Words that must never appear inside a log call's arguments.
const SECRET_WORDS: &[&str] = &[
    "password",
    "secret",
    "expose()",
    "token",
    "totp",
    "recovery_code",
];
/// STYLE.md: files stay small enough to read in one sitting.
const MAX_LINES: usize = 600;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir()
            && !matches!(
                name.to_str(),
                Some("target" | "build" | "node_modules" | "fuzz" | "data")
            )
        {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
    files
}

fn source_files() -> Vec<PathBuf> {
    ["shared", "frontend", "worker", "tests", "xtask"]
        .iter()
        .flat_map(|dir| rust_files(&root().join(dir)))
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

#[test]
fn every_rust_file_opens_with_a_doc_line_saying_what_it_is_for() {
    let undocumented: Vec<_> = source_files()
        .into_iter()
        .filter(|path| !read(path).trim_start().starts_with("//!"))
        .collect();
    assert!(
        undocumented.is_empty(),
        "files without a leading //! line: {undocumented:#?}"
    );
}

#[test]
fn no_rust_file_is_longer_than_the_style_allows() {
    let long: Vec<_> = source_files()
        .into_iter()
        .map(|path| (read(&path).lines().count(), path))
        .filter(|(lines, _)| *lines > MAX_LINES)
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:#?}");
}

#[test]
fn shared_has_no_io_clock_or_randomness() {
    for path in rust_files(&root().join("shared/src")) {
        let text = read(&path);
        for needle in IMPURE_IN_SHARED {
            assert!(
                !text.contains(needle),
                "{} uses {needle}: shared must stay pure",
                path.display()
            );
        }
    }
    let manifest = read(&root().join("shared/Cargo.toml"));
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap_or("")
        .split("\n[")
        .next()
        .unwrap_or("");
    for line in dependencies.lines() {
        let name = line.split(['=', ' ', '.']).next().unwrap_or("").trim();
        assert!(
            !IMPURE_DEPENDENCIES.contains(&name),
            "shared depends on {name}, an I/O or platform crate"
        );
    }
}

#[test]
fn no_log_call_mentions_a_secret() {
    for path in source_files() {
        if path.starts_with(root().join("xtask")) || path.starts_with(root().join("tests")) {
            continue;
        }
        let text = read(&path);
        for call in LOG_CALLS {
            for (offset, _) in text.match_indices(call) {
                let arguments: String = text[offset..]
                    .chars()
                    .take_while(|&character| character != ';')
                    .collect();
                let lowered = arguments.to_lowercase();
                for word in SECRET_WORDS {
                    assert!(
                        !lowered.contains(word),
                        "{}: a log call mentions {word}: {arguments}",
                        path.display()
                    );
                }
            }
        }
    }
}

#[test]
fn the_code_map_names_every_module_of_every_crate() {
    let architecture = read(&root().join("ARCHITECTURE.md"));
    for crate_dir in [
        "shared/src",
        "frontend/src",
        "worker/src",
        "xtask/src",
        "tests/src",
    ] {
        let Ok(entries) = std::fs::read_dir(root().join(crate_dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned();
            if matches!(name.as_str(), "lib" | "main" | "mod") {
                continue;
            }
            assert!(
                architecture.contains(&format!("`{name}`")),
                "ARCHITECTURE.md's code map does not name `{name}` ({crate_dir})"
            );
        }
    }
}
