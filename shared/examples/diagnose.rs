//! Batch diagnosis for logs and checks: JSON lines `{"reply", "stage", "host"}` in, one `Diagnosis` per line out.
//!
//! `cargo run -q -p sendready-shared --example diagnose < replies.jsonl`. Stages are read loosely
//! (`auth`, `AUTH`, `MAIL FROM`); `provider` may name a provider id (`gmail`) or a label with a
//! host in it. A line that is not valid JSON yields `{"error": "…"}` so outputs stay aligned.

use std::io::{self, BufRead, BufWriter, Write};

use sendready_shared::diagnosis::{DiagnosisInput, diagnose};
use sendready_shared::providers::{self, ProviderId};
use sendready_shared::smtp::Stage;
use serde::Deserialize;

#[derive(Deserialize)]
struct Line {
    reply: String,
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    provider: Option<String>,
}

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let json = match serde_json::from_str::<Line>(&line) {
            Ok(input) => serde_json::to_string(&diagnose(&to_input(input))),
            Err(error) => serde_json::to_string(&serde_json::json!({ "error": error.to_string() })),
        };
        writeln!(out, "{}", json.map_err(io::Error::other)?)?;
    }
    out.flush()
}

fn to_input(line: Line) -> DiagnosisInput {
    let provider = line
        .provider
        .as_deref()
        .and_then(|text| ProviderId::parse(text).or_else(|| providers::from_label(text)));
    DiagnosisInput {
        reply: line.reply,
        stage: line.stage.as_deref().and_then(Stage::parse_loose),
        host: line.host,
        provider,
        today: None,
    }
}
