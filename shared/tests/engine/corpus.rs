//! The sourced corpus of `tests/data/corpus.jsonl`, split once into a tune part and a held-out part.
//!
//! The split rule is fixed: the first hex digit of the SHA-256 of the `reply` text; `0`–`b` is the
//! tune part, `c`–`f` is held out. Rules are tuned on the tune part only; the held-out part is
//! reported (accuracy and confusion table, written straight to stderr so `cargo test` shows them) but never asserted beyond sanity, so it
//! stays an honest estimate of how the rules do on replies nobody tuned them for.
//!
//! The held-out part has since been looked at (issue 13), so the honest figure is the **blind**
//! set of `tests/data/corpus_blind.jsonl`: replies gathered and labelled on 2026-12-03 and
//! committed before the diagnosis was first run on any of them (git history shows the labels
//! commit before this test's). No reply text and no source of it is in `corpus.jsonl`. Its labels
//! are not to be changed to match a result, and rules are not to be tuned on its misses: once
//! they are, it is one more tune set and a new blind set is needed.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;

use sendready_shared::diagnosis::{DiagnosisInput, DiagnosisKind, diagnose};
use sendready_shared::providers::ProviderId;
use sendready_shared::smtp::Stage;
use serde::Deserialize;
use sha2::{Digest, Sha256};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus.jsonl");
const BLIND: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus_blind.jsonl");

/// The tune part must stay at least this accurate.
const TUNE_FLOOR: f64 = 0.97;

/// The blind set must stay at least this accurate: a floor to catch regressions, set just under
/// the first measurement (73/86 = 84.9 % on 2026-12-03, so one more miss fails), not a target
/// the rules were tuned to.
const BLIND_FLOOR: f64 = 0.84;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    reply: String,
    stage: Option<String>,
    provider: Option<String>,
    kind: String,
    reason: String,
    source: String,
}

fn load(path: &str) -> Vec<Entry> {
    let text = std::fs::read_to_string(path).expect("corpus file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// `true` for the held-out part: the first hex digit of SHA-256(reply) is `c`–`f`.
fn held_out(reply: &str) -> bool {
    Sha256::digest(reply.as_bytes())[0] >> 4 >= 0xc
}

fn classify(entry: &Entry) -> String {
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
    let kinds: Vec<&str> = DiagnosisKind::ALL.iter().map(|k| k.as_str()).collect();
    let mut replies = HashSet::new();
    for entry in entries {
        assert!(kinds.contains(&entry.kind.as_str()), "kind {}", entry.kind);
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
    let entries = load(CORPUS);
    assert!(entries.len() >= 460, "only {} entries", entries.len());
    assert_well_formed(&entries, &["https://"]);
}

#[test]
fn blind_entries_are_well_formed_and_new() {
    let blind = load(BLIND);
    assert!(blind.len() >= 60, "only {} blind entries", blind.len());
    // A few pages (old Outlook Express help pages) are only served over http.
    assert_well_formed(&blind, &["https://", "http://"]);
    let corpus = load(CORPUS);
    let replies: HashSet<&str> = corpus.iter().map(|e| e.reply.as_str()).collect();
    let sources: HashSet<&str> = corpus.iter().map(|e| e.source.as_str()).collect();
    for entry in &blind {
        assert!(
            !replies.contains(entry.reply.as_str()),
            "already in corpus.jsonl: {:?}",
            entry.reply
        );
        assert!(
            !sources.contains(entry.source.as_str()),
            "source already in corpus.jsonl: {}",
            entry.source
        );
    }
}

#[test]
fn corpus_accuracy_on_tune_and_held_out_parts() {
    let entries = load(CORPUS);
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
fn corpus_accuracy_on_the_blind_set() {
    let blind = load(BLIND);
    let entries: Vec<&Entry> = blind.iter().collect();
    let blind_score = score(&entries);
    let accuracy = report("blind", &blind_score);
    if !blind_score.misses.is_empty() {
        say!("blind misses:\n{}", blind_score.misses.join("\n"));
    }
    assert!(
        accuracy >= BLIND_FLOOR,
        "blind accuracy {:.3} below {BLIND_FLOOR}:\n{}",
        accuracy,
        blind_score.misses.join("\n")
    );
}
