//! The blind sets of the diagnosis corpus: each set's file and the floor its accuracy must keep;
//! each set's history (where it came from, its first honest figure, the tuning round its misses
//! named) is `docs/blind-sets.md`.
//!
//! A blind set's replies are gathered and labelled, and committed, before the diagnosis is first
//! run on any of them; `corpus` measures them and keeps their texts and sources out of every tuned
//! file. How replies are labelled, and the protocol a set goes through: `docs/labelling.md`.

/// A set of replies labelled and committed before the rules first saw them, with the accuracy it
/// must keep: a floor to catch regressions, set just under its first measurement (so one more miss
/// fails), never a target the rules were tuned to.
pub(crate) struct BlindSet {
    pub(crate) name: &'static str,
    pub(crate) path: &'static str,
    pub(crate) floor: f64,
}

pub(crate) const BLIND_SETS: [BlindSet; 31] = [
    BlindSet {
        name: "blind 1",
        path: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus_blind.jsonl"),
        floor: 0.93,
    },
    BlindSet {
        name: "blind 2",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind2.jsonl"
        ),
        floor: 0.86,
    },
    BlindSet {
        name: "blind 3",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind3.jsonl"
        ),
        floor: 0.895,
    },
    BlindSet {
        name: "blind 4",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind4.jsonl"
        ),
        floor: 0.89,
    },
    BlindSet {
        name: "blind 5",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind5.jsonl"
        ),
        floor: 0.78,
    },
    BlindSet {
        name: "blind 6",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind6.jsonl"
        ),
        floor: 0.885,
    },
    BlindSet {
        name: "blind 7",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind7.jsonl"
        ),
        floor: 0.82,
    },
    BlindSet {
        name: "blind 8",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind8.jsonl"
        ),
        floor: 0.82,
    },
    BlindSet {
        name: "blind 9",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind9.jsonl"
        ),
        floor: 0.70,
    },
    BlindSet {
        name: "blind 10",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind10.jsonl"
        ),
        floor: 0.89,
    },
    BlindSet {
        name: "blind 11",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind11.jsonl"
        ),
        floor: 0.835,
    },
    BlindSet {
        name: "blind 12",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind12.jsonl"
        ),
        floor: 0.67,
    },
    BlindSet {
        name: "blind 13",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind13.jsonl"
        ),
        floor: 0.855,
    },
    BlindSet {
        name: "blind 14",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind14.jsonl"
        ),
        floor: 0.77,
    },
    BlindSet {
        name: "blind 15",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind15.jsonl"
        ),
        floor: 0.755,
    },
    BlindSet {
        name: "blind 16",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind16.jsonl"
        ),
        floor: 0.73,
    },
    BlindSet {
        name: "blind 17",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind17.jsonl"
        ),
        floor: 0.76,
    },
    BlindSet {
        name: "blind 18",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind18.jsonl"
        ),
        floor: 0.83,
    },
    BlindSet {
        name: "blind 19",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind19.jsonl"
        ),
        floor: 0.93,
    },
    BlindSet {
        name: "blind 20",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind20.jsonl"
        ),
        floor: 0.63,
    },
    BlindSet {
        name: "blind 21",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind21.jsonl"
        ),
        floor: 0.865,
    },
    BlindSet {
        name: "blind 22",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind22.jsonl"
        ),
        floor: 0.655,
    },
    BlindSet {
        name: "blind 23",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind23.jsonl"
        ),
        floor: 0.825,
    },
    BlindSet {
        name: "blind 24",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind24.jsonl"
        ),
        floor: 0.93,
    },
    BlindSet {
        name: "blind 25",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind25.jsonl"
        ),
        floor: 0.68,
    },
    BlindSet {
        name: "blind 26",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind26.jsonl"
        ),
        floor: 0.94,
    },
    BlindSet {
        name: "blind 27",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind27.jsonl"
        ),
        floor: 0.72,
    },
    BlindSet {
        name: "blind 28",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind28.jsonl"
        ),
        floor: 0.77,
    },
    BlindSet {
        name: "blind 29",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind29.jsonl"
        ),
        floor: 0.94,
    },
    BlindSet {
        name: "blind 30",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind30.jsonl"
        ),
        floor: 0.92,
    },
    BlindSet {
        name: "blind 31",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind31.jsonl"
        ),
        floor: 0.795,
    },
];
