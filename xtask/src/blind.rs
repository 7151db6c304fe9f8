//! `cargo xtask blind FILE`: the blind-set protocol's one overlap rule, applied to a new set.
//!
//! `docs/labelling.md` says a new blind set is measured only after every entry that could have
//! been seen is dropped: an entry whose reply (or a longer reply containing it) or source is
//! already in another data file, and every entry past the third from one repository or site, so
//! that one project's strings do not weigh like a dozen pages. Written down here so that every
//! set is cut by the same rule, whoever cuts it.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use crate::Result;

/// A reply this short may be contained in a longer one by chance ("535 Error"); only longer
/// ones count as the same text when another file holds them inside its own.
const CONTAINED_MIN_CHARS: usize = 25;
/// Entries kept from one repository or one site.
const PER_SITE_CAP: usize = 3;
/// Forges where the first two path segments name the project.
const FORGES: [&str; 4] = ["github.com", "gitlab.com", "bitbucket.org", "codeberg.org"];

/// Prints what the rule keeps and drops in `file`; with `--write`, rewrites it with what stays.
pub fn overlap(args: &[String]) -> Result {
    let (file, write) = match args {
        [file] => (file, false),
        [file, flag] if flag == "--write" => (file, true),
        _ => return Err("usage: cargo xtask blind FILE [--write]".to_owned()),
    };
    let new_path = Path::new(file);
    let data_dir = new_path
        .parent()
        .ok_or_else(|| format!("{file}: no directory"))?;
    let seen = Seen::read(data_dir, new_path)?;
    let text = fs::read_to_string(new_path).map_err(|e| format!("{file}: {e}"))?;
    let mut per_site: HashMap<String, usize> = HashMap::new();
    let mut kept = String::new();
    let (mut kept_count, mut dropped_count) = (0, 0);
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let entry: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| format!("{file}:{}: not JSON: {e}", index + 1))?;
        let reply = entry["reply"]
            .as_str()
            .ok_or_else(|| format!("{file}:{}: no reply", index + 1))?;
        let source = entry["source"].as_str().unwrap_or("");
        let why = seen.why_seen(reply, source).or_else(|| {
            let count = per_site.entry(site(source)).or_default();
            *count += 1;
            (*count > PER_SITE_CAP).then(|| format!("past the third from {}", site(source)))
        });
        match why {
            Some(why) => {
                dropped_count += 1;
                println!("drop ({why}): {}", preview(reply));
            }
            None => {
                kept_count += 1;
                kept.push_str(line);
                kept.push('\n');
            }
        }
    }
    println!("{kept_count} kept, {dropped_count} dropped");
    if write {
        fs::write(new_path, kept).map_err(|e| format!("{file}: {e}"))?;
    }
    Ok(())
}

/// What the other data files hold: their replies (normalised) and their sources' addresses.
struct Seen {
    texts: Vec<String>,
    sources: BTreeSet<String>,
}

impl Seen {
    /// Every `*.jsonl` beside the new file but second labels (a second person's labels of a set,
    /// whose replies are that set's own) and the new file itself.
    fn read(data_dir: &Path, new_path: &Path) -> Result<Seen> {
        let mut seen = Seen {
            texts: Vec::new(),
            sources: BTreeSet::new(),
        };
        let entries = fs::read_dir(data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
        for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let is_other_set = name.ends_with(".jsonl")
                && !name.contains("second_labels")
                && path.file_name() != new_path.file_name();
            if !is_other_set {
                continue;
            }
            let text = fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
            for entry in text
                .lines()
                .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            {
                for key in ["reply", "text"] {
                    if let Some(reply) = entry[key].as_str() {
                        seen.texts.push(normalise(reply));
                    }
                }
                let source = entry["source"].as_str().unwrap_or("");
                seen.sources
                    .extend(addresses(source).map(normalise_address));
            }
        }
        Ok(seen)
    }

    /// Why an entry counts as seen, if it does.
    fn why_seen(&self, reply: &str, source: &str) -> Option<String> {
        if addresses(source).any(|address| self.sources.contains(&normalise_address(address))) {
            return Some("its source is cited already".to_owned());
        }
        let reply = normalise(reply);
        self.texts
            .iter()
            .any(|text| {
                *text == reply
                    || (reply.chars().count() > CONTAINED_MIN_CHARS && text.contains(&reply))
            })
            .then(|| "its text is held already".to_owned())
    }
}

/// Lowercased, with every run of white space one space: the same words pasted twice compare
/// equal whatever their line breaks.
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The web addresses in a source field (some older files write "project issue #1 https://…").
fn addresses(source: &str) -> impl Iterator<Item = &str> {
    source
        .split_whitespace()
        .filter(|word| word.starts_with("http://") || word.starts_with("https://"))
}

/// An address without its fragment or trailing slash, lowercased.
fn normalise_address(address: &str) -> String {
    let without_fragment = address.split('#').next().unwrap_or(address);
    without_fragment.trim_end_matches('/').to_lowercase()
}

/// The repository (on a forge) or the host an entry's source is on.
fn site(source: &str) -> String {
    let address = addresses(source).next().unwrap_or(source);
    let rest = address.split("://").nth(1).unwrap_or(address);
    let mut segments = rest.split(['/', '?', '#']).filter(|s| !s.is_empty());
    let host = segments.next().unwrap_or("").to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    match (
        FORGES.contains(&host.as_str()),
        segments.next(),
        segments.next(),
    ) {
        (true, Some(owner), Some(project)) => {
            format!("{host}/{}/{}", owner.to_lowercase(), project.to_lowercase())
        }
        _ => host,
    }
}

/// The first words of a reply, for the report.
fn preview(reply: &str) -> String {
    let flat = normalise(reply);
    match flat.char_indices().nth(90) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}
