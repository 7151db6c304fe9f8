//! Fuzzes the diagnosis: any text, stage and host classify without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sendready_shared::diagnosis::{DiagnosisInput, diagnose};
use sendready_shared::smtp::Stage;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(text);
    let (host, reply) = text.split_once('\u{1}').unwrap_or(("", &text));
    let input = DiagnosisInput {
        reply: reply.to_owned(),
        stage: Stage::ALL.get(usize::from(selector) % 12).copied(),
        host: (!host.is_empty()).then(|| host.to_owned()),
        provider: None,
    };
    let diagnosis = diagnose(&input);
    assert!(!diagnosis.title.is_empty());
});
