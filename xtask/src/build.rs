//! Builds the widget (Leptos → WASM → `dist/`) and the worker (worker-build → `worker/build/`).

use std::path::Path;
use std::process::Command;

use crate::process::run;
use crate::tools::{cargo_bin, tool_path};
use crate::{Result, root, target_dir};

/// Both halves of the app; wrangler's `[build]` command calls this.
pub fn all() -> Result {
    widget()?;
    worker()
}

/// The widget's bundles: (JS/WASM name, cargo feature arguments). A page loads only the
/// bundles of the elements it shows (`frontend/sendready-element.js`), and the setup widget
/// the diagnosis bundle only when someone opens "paste your error".
pub const BUNDLES: [(&str, &[&str]); 3] = [
    ("sendready", &[]),
    (
        "sendready-mfa",
        &["--no-default-features", "--features", "mfa"],
    ),
    (
        "sendready-diagnose",
        &["--no-default-features", "--features", "diagnose"],
    ),
];

/// Compiles the widget's bundles, generates their JS glue with wasm-bindgen and assembles `dist/`.
pub fn widget() -> Result {
    let root = root();
    let dist = root.join("dist");
    let pkg = dist.join("pkg");
    let release = target_dir().join("wasm32-unknown-unknown/release");
    for (name, features) in BUNDLES {
        run(Command::new("cargo")
            .args([
                "build",
                "--release",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "sendready-frontend",
            ])
            .args(features)
            .current_dir(&root))?;
        // Every bundle comes out under one name: keep each under its own, unchanged files
        // keeping their time, so wasm-bindgen (seconds) runs only for what changed.
        let wasm = release.join(format!("{name}.wasm"));
        copy_if_changed(&release.join("sendready_frontend.wasm"), &wasm)?;
        if is_newer(&wasm, &pkg.join(format!("{name}_bg.wasm"))) {
            run(Command::new(cargo_bin("wasm-bindgen"))
                .args([
                    "--target",
                    "web",
                    "--no-typescript",
                    // The name section is a third of the module and only helps debuggers.
                    "--remove-name-section",
                    "--remove-producers-section",
                    "--out-name",
                    name,
                    "--out-dir",
                ])
                .arg(&pkg)
                .arg(&wasm))?;
            shrink(&pkg.join(format!("{name}_bg.wasm")))?;
        }
    }
    prune_snippets(&pkg, &BUNDLES.map(|(name, _)| name))?;
    for file in ["sendready.css", "sendready-element.js"] {
        copy_if_changed(&root.join("frontend").join(file), &pkg.join(file))?;
    }
    for page in ["index.html", "embed.html", "mfa.html"] {
        copy_if_changed(&root.join(page), &dist.join(page))?;
    }
    Ok(())
}

/// Removes the directories of `pkg/snippets/` that no bundle's JS glue imports, and returns
/// their names. wasm-bindgen writes a bundle's inline JS snippets to `snippets/<crate>-<hash>/`,
/// the hash changing with the code, and never removes an old one: left alone, stale copies pile
/// up, to be uploaded with the assets and counted by the widget bench.
fn prune_snippets(pkg: &Path, bundles: &[&str]) -> Result<Vec<String>> {
    let snippets = pkg.join("snippets");
    let Ok(entries) = std::fs::read_dir(&snippets) else {
        return Ok(Vec::new());
    };
    let mut glue = String::new();
    for name in bundles {
        let js = pkg.join(format!("{name}.js"));
        glue += &std::fs::read_to_string(&js)
            .map_err(|error| format!("cannot read {}: {error}", js.display()))?;
    }
    let mut removed = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|error| format!("cannot list {}: {error}", snippets.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if glue.contains(&format!("/snippets/{name}/")) {
            continue;
        }
        let path = entry.path();
        let gone = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        gone.map_err(|error| format!("cannot remove {}: {error}", path.display()))?;
        removed.push(name);
    }
    removed.sort();
    Ok(removed)
}

/// Merges identical functions and drops unreferenced ones, in place, with binaryen's wasm-opt
/// (npm `binaryen`, never Debian's older one).
///
/// Only these two passes: they take 2.3 KB off the gzipped setup bundle, while `-Oz`, `-Os` and
/// `-O1` make the module smaller raw but 13–20 KB larger gzipped and brotli-compressed (they
/// reorder and rewrite code into less repetitive, less compressible forms). Measured with
/// `cargo xtask bench widget`; see ARCHITECTURE.md, Build.
fn shrink(wasm: &Path) -> Result {
    run(Command::new(root().join("node_modules/.bin/wasm-opt"))
        // Exactly the features rustc's wasm32 target emits: with more enabled, wasm-opt may
        // write encodings browsers reject (compact imports).
        .args([
            "--enable-bulk-memory",
            "--enable-multivalue",
            "--enable-mutable-globals",
            "--enable-nontrapping-float-to-int",
            "--enable-reference-types",
            "--enable-sign-ext",
            "--duplicate-function-elimination",
            "--remove-unused-module-elements",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(wasm)
        .env("PATH", tool_path()))
}

/// Runs worker-build with local tools, because its own downloads fail offline.
pub fn worker() -> Result {
    let root = root();
    run(Command::new(cargo_bin("worker-build"))
        .arg("--release")
        .current_dir(root.join("worker"))
        .env("PATH", tool_path())
        .env("WASM_BINDGEN_BIN", cargo_bin("wasm-bindgen"))
        .env(
            "ESBUILD_BIN",
            root.join("node_modules/@esbuild/linux-x64/bin/esbuild"),
        )
        .env("WASM_OPT_BIN", root.join("node_modules/.bin/wasm-opt")))
}

/// True when `output` is missing or older than `input`.
fn is_newer(input: &Path, output: &Path) -> bool {
    let modified = |path: &Path| {
        std::fs::metadata(path)
            .and_then(|meta| meta.modified())
            .ok()
    };
    match (modified(input), modified(output)) {
        (Some(input), Some(output)) => input > output,
        _ => true,
    }
}

fn copy_if_changed(from: &Path, to: &Path) -> Result {
    let wanted =
        std::fs::read(from).map_err(|error| format!("cannot read {}: {error}", from.display()))?;
    if std::fs::read(to).ok().as_deref() == Some(wanted.as_slice()) {
        return Ok(());
    }
    std::fs::write(to, wanted).map_err(|error| format!("cannot write {}: {error}", to.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_snippet_directories_a_bundle_imports_are_kept() {
        let pkg = std::env::temp_dir().join(format!("xtask-snippets-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&pkg);
        let write = |path: &str, text: &str| {
            let path = pkg.join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("create a dir");
            std::fs::write(path, text).expect("write a file");
        };
        write(
            "sendready.js",
            "import * as import1 from \"./snippets/sendready-frontend-0cb3bcafe75905da/inline0.js\"\n",
        );
        write("sendready-mfa.js", "export default function init() {}\n");
        write(
            "snippets/sendready-frontend-0cb3bcafe75905da/inline0.js",
            "export {}",
        );
        write(
            "snippets/sendready-frontend-5e7f3a4b9c1d2e60/inline0.js",
            "export {}",
        );
        write("snippets/stray.js", "export {}");

        let removed = prune_snippets(&pkg, &["sendready", "sendready-mfa"]).expect("prunes");
        assert_eq!(removed, ["sendready-frontend-5e7f3a4b9c1d2e60", "stray.js"]);
        let left: Vec<String> = std::fs::read_dir(pkg.join("snippets"))
            .expect("the snippets dir stays")
            .map(|entry| {
                entry
                    .expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(left, ["sendready-frontend-0cb3bcafe75905da"]);
        assert!(
            pkg.join("snippets/sendready-frontend-0cb3bcafe75905da/inline0.js")
                .exists()
        );
        // Pruning again changes nothing; a bundle whose glue is missing is an error, not a
        // reason to remove what it may import.
        assert!(
            prune_snippets(&pkg, &["sendready", "sendready-mfa"])
                .expect("prunes")
                .is_empty()
        );
        assert!(prune_snippets(&pkg, &["sendready-diagnose"]).is_err());
        assert!(
            pkg.join("snippets/sendready-frontend-0cb3bcafe75905da")
                .exists()
        );
        let _ = std::fs::remove_dir_all(&pkg);
    }

    #[test]
    fn a_build_without_snippets_has_nothing_to_prune() {
        let pkg = std::env::temp_dir().join(format!("xtask-no-snippets-{}", std::process::id()));
        assert_eq!(prune_snippets(&pkg, &["sendready"]), Ok(Vec::new()));
    }
}
