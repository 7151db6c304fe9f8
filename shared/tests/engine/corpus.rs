//! The sourced corpus of `tests/data/corpus.jsonl`, split once into a tune part and a held-out part.
//!
//! The split rule is fixed: the first hex digit of the SHA-256 of the `reply` text; `0`–`b` is the
//! tune part, `c`–`f` is held out. Rules are tuned on the tune part only; the held-out part is
//! reported (accuracy and confusion table, written straight to stderr so `cargo test` shows them) but never asserted beyond sanity, so it
//! stays an honest estimate of how the rules do on replies nobody tuned them for.
//!
//! The held-out part has since been looked at (issue 13), so the honest figures are the **blind**
//! sets (`BLIND_SETS`, in `blind_sets`): replies gathered and labelled, and committed before the diagnosis was first
//! run on any of them (git history shows the labels commit before the evaluation). No reply text
//! and no source of theirs is in any tuned file. Their labels are not to be changed to match a
//! result, and rules are not to be tuned on their misses: once they are, a set is one more tune
//! set and a new blind set is needed.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;

use crate::blind_sets::BLIND_SETS;
use sendready_shared::diagnosis::{DiagnosisInput, DiagnosisKind, diagnose};
use sendready_shared::providers::ProviderId;
use sendready_shared::smtp::Stage;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus.jsonl");
const WRAPPERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/wrappers.jsonl");
const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/examples.jsonl");
const REPLIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/replies.jsonl");

/// The tune part must stay at least this accurate.
const TUNE_FLOOR: f64 = 0.97;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
    pub(crate) reply: String,
    stage: Option<String>,
    provider: Option<String>,
    pub(crate) kind: String,
    reason: String,
    source: String,
}

/// Every JSON line of a data file (blank lines skipped) as a `T`.
pub(crate) fn load<T: DeserializeOwned>(path: &str) -> Vec<T> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Whether `kind` is one the diagnosis names.
pub(crate) fn is_kind(kind: &str) -> bool {
    DiagnosisKind::ALL.iter().any(|k| k.as_str() == kind)
}

/// `true` for the held-out part: the first hex digit of SHA-256(reply) is `c`–`f`.
fn held_out(reply: &str) -> bool {
    Sha256::digest(reply.as_bytes())[0] >> 4 >= 0xc
}

pub(crate) fn classify(entry: &Entry) -> String {
    let input = DiagnosisInput {
        reply: entry.reply.clone(),
        stage: entry.stage.as_deref().and_then(Stage::parse_loose),
        host: None,
        provider: entry.provider.as_deref().and_then(ProviderId::parse),
        today: None,
    };
    diagnose(&input).kind.to_string()
}

/// Accuracy, the confusion counts (want, got) off the diagonal, and the misses.
struct Score {
    total: usize,
    right: usize,
    confusion: BTreeMap<(String, String), usize>,
    misses: Vec<String>,
}

fn score(entries: &[&Entry]) -> Score {
    let mut score = Score {
        total: entries.len(),
        right: 0,
        confusion: BTreeMap::new(),
        misses: Vec::new(),
    };
    for entry in entries {
        let got = classify(entry);
        if got == entry.kind {
            score.right += 1;
        } else {
            score.misses.push(format!(
                "  want {}, got {got}: {:?}",
                entry.kind, entry.reply
            ));
        }
        *score
            .confusion
            .entry((entry.kind.clone(), got))
            .or_default() += 1;
    }
    score
}

/// Writes to the process's stderr directly, which the test harness does not capture, so the
/// report shows with or without `--nocapture`.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}
pub(crate) use say;

fn report(name: &str, score: &Score) -> f64 {
    let accuracy = score.right as f64 / score.total.max(1) as f64;
    say!(
        "corpus {name}: {}/{} right ({:.1}%)",
        score.right,
        score.total,
        accuracy * 100.0
    );
    say!("  confusion (want -> got: count), diagonal included:");
    for ((want, got), count) in &score.confusion {
        let mark = if want == got { " " } else { "x" };
        say!("  {mark} {want:>28} -> {got:<28} {count}");
    }
    accuracy
}

/// Every entry names a known kind, stage and provider, has a reason and a source URL with one of
/// `schemes`, and no reply text appears twice.
fn assert_well_formed(entries: &[Entry], schemes: &[&str]) {
    let mut replies = HashSet::new();
    for entry in entries {
        assert!(is_kind(&entry.kind), "kind {}", entry.kind);
        assert!(
            schemes.iter().any(|s| entry.source.starts_with(s)),
            "source {}",
            entry.source
        );
        assert!(
            !entry.reason.trim().is_empty(),
            "reason for {:?}",
            entry.reply
        );
        assert!(
            replies.insert(entry.reply.as_str()),
            "duplicate {:?}",
            entry.reply
        );
        if let Some(stage) = &entry.stage {
            assert!(Stage::parse_loose(stage).is_some(), "stage {stage}");
        }
        if let Some(provider) = &entry.provider {
            assert!(ProviderId::parse(provider).is_some(), "provider {provider}");
        }
    }
}

#[test]
fn corpus_entries_are_well_formed() {
    let entries: Vec<Entry> = load(CORPUS);
    assert!(entries.len() >= 460, "only {} entries", entries.len());
    assert_well_formed(&entries, &["https://"]);
}

#[test]
fn blind_entries_are_well_formed_and_new() {
    // Every text and source the rules were tuned or tested on, then each earlier blind set's.
    let mut used: Vec<(String, String)> = [CORPUS, WRAPPERS, EXAMPLES, REPLIES]
        .iter()
        .flat_map(|path| tuned_texts(path))
        .collect();
    for set in BLIND_SETS {
        let blind: Vec<Entry> = load(set.path);
        // Under 30 replies a set's 95 % interval spans more than 35 points: it says too little.
        assert!(
            blind.len() >= 30,
            "only {} entries in {}",
            blind.len(),
            set.name
        );
        // A few pages (old Outlook Express help pages) are only served over http.
        assert_well_formed(&blind, &["https://", "http://"]);
        for entry in &blind {
            assert!(
                !used
                    .iter()
                    .any(|(reply, source)| *reply == entry.reply || *source == entry.source),
                "{}: text or source already used elsewhere: {}",
                set.name,
                entry.source
            );
        }
        used.extend(blind.into_iter().map(|e| (e.reply, e.source)));
    }
}

/// (text, source) of every line of a tuned data file, whatever its other fields.
fn tuned_texts(path: &str) -> Vec<(String, String)> {
    load::<serde_json::Value>(path)
        .into_iter()
        .map(|line| {
            let text = line["reply"]
                .as_str()
                .or(line["text"].as_str())
                .unwrap_or("");
            let source = line["source"].as_str().unwrap_or("");
            (text.to_owned(), source.to_owned())
        })
        .collect()
}

#[test]
fn corpus_accuracy_on_tune_and_held_out_parts() {
    let entries: Vec<Entry> = load(CORPUS);
    let (held, tune): (Vec<&Entry>, Vec<&Entry>) = entries.iter().partition(|e| held_out(&e.reply));
    let tune_score = score(&tune);
    let held_score = score(&held);
    let tune_accuracy = report("tune", &tune_score);
    report("held-out", &held_score);
    if !tune_score.misses.is_empty() {
        say!("tune misses:\n{}", tune_score.misses.join("\n"));
    }
    assert!(held.len() * 8 >= entries.len(), "held-out part too small");
    assert!(
        tune_accuracy >= TUNE_FLOOR,
        "tune accuracy {:.3} below {TUNE_FLOOR}:\n{}",
        tune_accuracy,
        tune_score.misses.join("\n")
    );
}

#[test]
fn corpus_accuracy_on_the_blind_sets() {
    let mut below = Vec::new();
    for set in BLIND_SETS {
        let blind: Vec<Entry> = load(set.path);
        let entries: Vec<&Entry> = blind.iter().collect();
        let blind_score = score(&entries);
        let accuracy = report(set.name, &blind_score);
        if !blind_score.misses.is_empty() {
            say!("{} misses:\n{}", set.name, blind_score.misses.join("\n"));
        }
        if accuracy < set.floor {
            below.push(format!(
                "{} accuracy {accuracy:.3} below {}",
                set.name, set.floor
            ));
        }
    }
    assert!(below.is_empty(), "{}", below.join("; "));
}
