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

/// The workspace being tested: cargo's run-time `CARGO_MANIFEST_DIR` first, because a test binary
/// built by another checkout sharing the target dir would otherwise read that checkout's files.
fn root() -> PathBuf {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned());
    Path::new(&manifest_dir)
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
    ["shared", "frontend", "worker", "tests", "xtask", "relay"]
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

/// Module paths of a crate's `src`, nested ones included: `smtp`, `smtp::probe`,
/// `smtp::probe::failure`, … (`lib`, `main` and `mod` files name their directory's module).
fn module_paths(src: &Path) -> Vec<String> {
    let mut paths: Vec<String> = rust_files(src)
        .iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(src).ok()?.with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("lib" | "main" | "mod")
            ) {
                parts.pop();
            }
            (!parts.is_empty()).then(|| parts.join("::"))
        })
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The part of ARCHITECTURE.md's code map about one crate: from its `### \`dir/\`` heading to
/// the next heading.
fn code_map_section(architecture: &str, crate_dir: &str) -> String {
    let heading = format!("### `{crate_dir}/`");
    architecture
        .split_once(&heading)
        .map(|(_, rest)| rest.split("\n#").next().unwrap_or(rest).to_owned())
        .unwrap_or_default()
}

#[test]
fn the_code_map_names_every_module_of_every_crate_by_its_exact_path() {
    let architecture = read(&root().join("ARCHITECTURE.md"));
    for crate_dir in ["shared", "frontend", "worker", "xtask", "tests", "relay"] {
        let section = code_map_section(&architecture, crate_dir);
        assert!(
            !section.is_empty(),
            "ARCHITECTURE.md has no code map section for {crate_dir}/"
        );
        for path in module_paths(&root().join(crate_dir).join("src")) {
            assert!(
                section.contains(&format!("`{path}`")),
                "ARCHITECTURE.md's code map for {crate_dir}/ does not name `{path}`"
            );
        }
    }
}

/// The layers of `shared` as ARCHITECTURE.md lists them, bottom first: the numbered lines
/// after "Layers of `shared`", each naming its modules in backticks.
fn shared_layers(architecture: &str) -> Vec<Vec<String>> {
    let Some((_, rest)) = architecture.split_once("Layers of `shared`") else {
        return Vec::new();
    };
    rest.lines()
        .skip(1)
        .skip_while(|line| !line.trim_start().starts_with("1."))
        .take_while(|line| {
            line.trim_start()
                .split_once(". ")
                .is_some_and(|(number, _)| number.parse::<u32>().is_ok())
        })
        .map(|line| {
            line.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

#[test]
fn shared_modules_import_only_from_layers_below_them() {
    let architecture = read(&root().join("ARCHITECTURE.md"));
    let layers = shared_layers(&architecture);
    let layer_of = |module: &str| {
        layers
            .iter()
            .position(|layer| layer.iter().any(|m| m == module))
    };
    let src = root().join("shared/src");
    let top_level: Vec<String> = module_paths(&src)
        .into_iter()
        .filter(|path| !path.contains("::"))
        .collect();
    for module in &top_level {
        assert!(
            layer_of(module).is_some(),
            "ARCHITECTURE.md's layers of `shared` do not place `{module}`"
        );
    }
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).unwrap_or(&file);
        let Some(own) = relative
            .components()
            .next()
            .map(|part| {
                part.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_owned()
            })
            .filter(|own| own != "lib")
        else {
            continue;
        };
        // Code only: a doc comment may name a module above without depending on it.
        let code: String = read(&file)
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for (offset, _) in code.match_indices("crate::") {
            let used: String = code[offset + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if used == own || !top_level.contains(&used) {
                continue;
            }
            assert!(
                layer_of(&used) < layer_of(&own),
                "{} uses crate::{used}, which is not in a layer below `{own}`",
                file.display()
            );
        }
    }
}
