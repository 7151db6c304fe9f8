//! How far the labels themselves can be trusted: blind sets labelled a second time by someone who
//! saw neither the first labels nor the diagnosis, and a third reading of every reply the two
//! read differently.
//!
//! Two people's agreement (with Cohen's kappa) bounds the accuracy any rules can show; where they
//! disagree, a third reader's label, given blind to both, settles the reply when it sides with
//! one of them. The rules' accuracy on the labels two or three readers share is printed beside
//! the first labels' figure of each set.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use crate::blind_sets::{BLIND_SETS, BlindSet};
use crate::corpus::{Entry, classify, is_kind, load, say};
use serde::Deserialize;

const THIRD_LABELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/third_labels.jsonl");
const PANEL_LABELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/panel_labels.jsonl");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus.jsonl");

/// A second person's labels of a blind set (its index in `BLIND_SETS`), given without the first
/// labels or the diagnosis (one per reply, with how sure they were).
const SECOND_LABELS: [(usize, &str); 20] = [
    (
        2,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind3_second_labels.jsonl"
        ),
    ),
    (
        12,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind13_second_labels.jsonl"
        ),
    ),
    (
        13,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind14_second_labels.jsonl"
        ),
    ),
    (
        14,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind15_second_labels.jsonl"
        ),
    ),
    (
        15,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind16_second_labels.jsonl"
        ),
    ),
    (
        16,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind17_second_labels.jsonl"
        ),
    ),
    (
        17,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind18_second_labels.jsonl"
        ),
    ),
    (
        18,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind19_second_labels.jsonl"
        ),
    ),
    (
        19,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind20_second_labels.jsonl"
        ),
    ),
    (
        20,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind21_second_labels.jsonl"
        ),
    ),
    (
        21,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind22_second_labels.jsonl"
        ),
    ),
    (
        22,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind23_second_labels.jsonl"
        ),
    ),
    (
        23,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind24_second_labels.jsonl"
        ),
    ),
    (
        24,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind25_second_labels.jsonl"
        ),
    ),
    (
        25,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind26_second_labels.jsonl"
        ),
    ),
    (
        26,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind27_second_labels.jsonl"
        ),
    ),
    (
        27,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind28_second_labels.jsonl"
        ),
    ),
    (
        28,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind29_second_labels.jsonl"
        ),
    ),
    (
        29,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind30_second_labels.jsonl"
        ),
    ),
    (
        30,
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/blind31_second_labels.jsonl"
        ),
    ),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecondLabel {
    reply: String,
    kind: String,
    confidence: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThirdLabel {
    /// The blind set's file name, e.g. `corpus_blind13.jsonl`.
    set: String,
    reply: String,
    kind: String,
    confidence: String,
    reason: String,
}

/// What the readers of one set, or of all, came to.
#[derive(Default)]
struct Readings {
    replies: usize,
    agreed: usize,
    rules_on_agreed: usize,
    disputed: usize,
    /// Disputed replies a third reader labelled, and how many of those sided with the first
    /// label, with the second, or with neither.
    read_thrice: usize,
    with_first: usize,
    with_second: usize,
    /// The rules' right answers on the replies two of three readers label alike.
    rules_on_settled: usize,
}

fn is_confidence(confidence: &str) -> bool {
    ["high", "medium", "low"].contains(&confidence)
}

/// How often two people label the same reply alike bounds the accuracy any rules can show on
/// it: printed with Cohen's kappa, and the rules' accuracy on the replies both agree on. A third
/// reader's label of a disputed reply settles it when it sides with one of the two.
#[test]
fn labellers_agree_on_the_sets_labelled_twice() {
    let mut third: HashMap<(String, String), ThirdLabel> = HashMap::new();
    for label in load::<ThirdLabel>(THIRD_LABELS) {
        assert!(is_kind(&label.kind), "third label's kind {}", label.kind);
        assert!(is_confidence(&label.confidence));
        assert!(
            !label.reason.trim().is_empty(),
            "a reason for {}",
            label.reply
        );
        let key = (label.set.clone(), label.reply.clone());
        assert!(
            third.insert(key, label).is_none(),
            "one third label per reply"
        );
    }
    let mut all = Readings::default();
    for (index, path) in SECOND_LABELS {
        let set = &BLIND_SETS[index];
        let readings = three_readers(set, path, &mut third);
        all.replies += readings.replies;
        all.agreed += readings.agreed;
        all.rules_on_agreed += readings.rules_on_agreed;
        all.disputed += readings.disputed;
        all.read_thrice += readings.read_thrice;
        all.with_first += readings.with_first;
        all.with_second += readings.with_second;
        all.rules_on_settled += readings.rules_on_settled;
    }
    let strays: Vec<&String> = third.keys().map(|(_, reply)| reply).collect();
    assert!(
        strays.is_empty(),
        "third labels of replies no two labellers disputed: {strays:?}"
    );
    let settled = all.with_first + all.with_second;
    say!(
        "labelled twice: {} replies, the two agree on {}; a third reader read {} of the {} \
         disputed: sides with the first on {}, the second on {}, neither on {}",
        all.replies,
        all.agreed,
        all.read_thrice,
        all.disputed,
        all.with_first,
        all.with_second,
        all.read_thrice - settled
    );
    say!(
        "the rules on the labels two or three readers share: {}/{} ({:.1}%)",
        all.rules_on_agreed + all.rules_on_settled,
        all.agreed + settled,
        (all.rules_on_agreed + all.rules_on_settled) as f64 * 100.0 / (all.agreed + settled) as f64
    );
}

/// One set's readings; the third labels it uses are taken out of `third`.
fn three_readers(
    set: &BlindSet,
    second_labels: &str,
    third: &mut HashMap<(String, String), ThirdLabel>,
) -> Readings {
    let first: Vec<Entry> = load(set.path);
    let second: Vec<SecondLabel> = load(second_labels);
    assert_eq!(first.len(), second.len(), "one second label per reply");
    let file = set.path.rsplit('/').next().expect("a file name");
    let mut first_counts: BTreeMap<&str, f64> = BTreeMap::new();
    let mut second_counts: BTreeMap<&str, f64> = BTreeMap::new();
    let mut readings = Readings {
        replies: first.len(),
        ..Readings::default()
    };
    for (entry, label) in first.iter().zip(&second) {
        assert_eq!(
            entry.reply, label.reply,
            "the same reply, in the same order"
        );
        assert!(is_kind(&label.kind), "kind {}", label.kind);
        assert!(is_confidence(&label.confidence));
        *first_counts.entry(&entry.kind).or_default() += 1.0;
        *second_counts.entry(&label.kind).or_default() += 1.0;
        if entry.kind == label.kind {
            readings.agreed += 1;
            readings.rules_on_agreed += usize::from(classify(entry) == entry.kind);
            continue;
        }
        readings.disputed += 1;
        let Some(third) = third.remove(&(file.to_owned(), entry.reply.clone())) else {
            continue;
        };
        readings.read_thrice += 1;
        let settled = if third.kind == entry.kind {
            readings.with_first += 1;
            &entry.kind
        } else if third.kind == label.kind {
            readings.with_second += 1;
            &label.kind
        } else {
            continue;
        };
        readings.rules_on_settled += usize::from(&classify(entry) == settled);
    }
    let total = first.len() as f64;
    let observed = readings.agreed as f64 / total;
    let by_chance: f64 = first_counts
        .iter()
        .map(|(kind, count)| count * second_counts.get(kind).unwrap_or(&0.0))
        .sum::<f64>()
        / (total * total);
    let kappa = (observed - by_chance) / (1.0 - by_chance);
    say!(
        "{}, two labellers: agree on {}/{} ({:.1}%), Cohen's kappa {kappa:.3}; the rules are right \
         on {}/{} of the replies both agree on; a third reader settles {} of the {} disputed ({} \
         with the first label)",
        set.name,
        readings.agreed,
        first.len(),
        observed * 100.0,
        readings.rules_on_agreed,
        readings.agreed,
        readings.with_first + readings.with_second,
        readings.disputed,
        readings.with_first,
    );
    assert!(
        kappa > 0.8,
        "{}: the labels themselves disagree: kappa {kappa:.3}",
        set.name
    );
    readings
}

/// Three readers' labels, blind to each other and to the tune labels, of tune replies whose
/// conventions blind sets' labellers kept reading otherwise.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PanelLabel {
    reply: String,
    kinds: [String; 3],
    reasons: [String; 3],
}

/// A tune reply a panel of three read keeps the label two or three of them gave it.
#[test]
fn the_tune_corpus_keeps_the_labels_a_panel_of_three_settled() {
    let corpus: Vec<Entry> = load(CORPUS);
    for panel in load::<PanelLabel>(PANEL_LABELS) {
        assert!(panel.kinds.iter().all(|kind| is_kind(kind)));
        assert!(panel.reasons.iter().all(|reason| !reason.trim().is_empty()));
        let settled = panel
            .kinds
            .iter()
            .find(|kind| panel.kinds.iter().filter(|other| other == kind).count() >= 2)
            .expect("two of three readers agree");
        let entry = corpus
            .iter()
            .find(|entry| entry.reply == panel.reply)
            .unwrap_or_else(|| panic!("a tune reply: {}", panel.reply));
        assert_eq!(&entry.kind, settled, "{}", panel.reply);
    }
}
