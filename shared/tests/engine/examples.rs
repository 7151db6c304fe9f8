//! The 59 real replies of `tests/data/examples.jsonl` (each with its public source), classified as labelled.

use sendready_shared::diagnosis::{DiagnosisInput, diagnose};
use sendready_shared::providers;
use sendready_shared::smtp::Stage;
use serde::Deserialize;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/examples.jsonl");

#[derive(Deserialize)]
struct Example {
    reply: String,
    stage: String,
    provider: String,
    kind: String,
    #[serde(default)]
    also_acceptable: Vec<String>,
}

/// Classifies every example; returns the misses as readable lines.
pub fn misses(path: &str) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(path).expect("examples file");
    let examples: Vec<Example> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let misses = examples
        .iter()
        .filter_map(|example| {
            let input = DiagnosisInput {
                reply: example.reply.clone(),
                // The file writes stages as logs do (`AUTH`, `MAIL FROM`, `unknown`).
                stage: Stage::parse_loose(&example.stage),
                host: None,
                // The file names providers as labels with a host inside, e.g. `Gmail (smtp.gmail.com)`.
                provider: providers::from_label(&example.provider),
                today: None,
            };
            let got = diagnose(&input).kind.to_string();
            let ok = got == example.kind || example.also_acceptable.contains(&got);
            (!ok).then(|| format!("got {got}, want {} for {:?}", example.kind, example.reply))
        })
        .collect();
    (examples.len(), misses)
}

#[test]
fn all_examples_classify_as_labelled() {
    let (count, misses) = misses(EXAMPLES);
    assert_eq!(count, 59);
    assert!(
        misses.is_empty(),
        "{} of {count} misclassified:\n{}",
        misses.len(),
        misses.join("\n")
    );
}
