//! Every recorded transcript replayed whole and one byte at a time, against its expectations and snapshot.

use std::fs;

use sendready_shared::api::TestEvent;
use sendready_shared::attestation::Attestation;
use sendready_shared::smtp::{Outcome, StageEvent};

use crate::replay::{self, Run, Scenario};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/transcripts");

fn scenarios() -> Vec<Scenario> {
    let mut paths: Vec<_> = fs::read_dir(DIR)
        .expect("transcripts dir")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("file name");
            replay::parse(name, &fs::read_to_string(path).expect("readable"))
        })
        .collect()
}

fn verdict(run: &Run) -> (String, Option<String>) {
    let outcome = match run.report.probe.outcome {
        Outcome::Success => "success",
        Outcome::Failure => "failure",
    };
    (
        outcome.to_owned(),
        run.report.diagnosis.as_ref().map(|d| d.kind.to_string()),
    )
}

#[test]
fn transcripts_end_in_the_expected_verdict() {
    let scenarios = scenarios();
    assert!(
        scenarios.len() >= 50,
        "only {} transcripts",
        scenarios.len()
    );
    for scenario in &scenarios {
        let expected = (
            scenario.expect_outcome.clone(),
            scenario.expect_kind.clone(),
        );
        let whole = replay::run(scenario, None);
        assert_eq!(
            verdict(&whole),
            expected,
            "{}: {:#?}",
            scenario.name,
            whole.report
        );
        let byte_by_byte = replay::run(scenario, Some(1));
        let expected_alone = (
            expected.0.clone(),
            scenario.byte_by_byte_kind.clone().or(expected.1.clone()),
        );
        assert_eq!(
            verdict(&byte_by_byte),
            expected_alone,
            "{} byte by byte",
            scenario.name
        );
        assert_eq!(
            whole.report.probe.outcome == Outcome::Success,
            whole.report.diagnosis.is_none(),
            "{}",
            scenario.name
        );
    }
}

#[test]
fn transcripts_match_snapshots() {
    for scenario in scenarios() {
        let run = replay::run(&scenario, None);
        insta::assert_json_snapshot!(format!("transcript_{}", scenario.name), run.report);
    }
}

#[test]
fn splits_do_not_change_clean_sessions() {
    for scenario in scenarios().iter().filter(|s| s.expect_outcome == "success") {
        let whole = replay::run(scenario, None);
        for split in [1, 2, 3, 7, 64] {
            let run = replay::run(scenario, Some(split));
            assert_eq!(run.report, whole.report, "{} split {split}", scenario.name);
            assert_eq!(run.wire, whole.wire, "{} split {split}", scenario.name);
        }
    }
}

#[test]
fn events_pair_up_with_stages() {
    for scenario in scenarios() {
        let run = replay::run(&scenario, None);
        let finished: Vec<_> = run
            .events
            .iter()
            .filter_map(|e| match e {
                StageEvent::Finished(stage) => Some(stage.clone()),
                StageEvent::Started { .. } => None,
            })
            .collect();
        assert_eq!(finished, run.report.probe.stages, "{}", scenario.name);
        let started = run
            .events
            .iter()
            .filter(|e| matches!(e, StageEvent::Started { .. }))
            .count();
        assert_eq!(
            started,
            finished.len(),
            "{}: a stage started and never finished",
            scenario.name
        );
    }
}

#[test]
fn credentials_only_after_tls() {
    for scenario in scenarios() {
        let run = replay::run(&scenario, None);
        let wire = String::from_utf8_lossy(&run.wire);
        if let Some(auth) = wire.find("AUTH ") {
            let implicit =
                scenario.config.security == sendready_shared::ground::Security::ImplicitTls;
            assert!(
                implicit || wire[..auth].contains("<starttls>"),
                "{}: AUTH before TLS",
                scenario.name
            );
        }
    }
}

/// The widget reads the test stream with `TestEvent::from_line`, not serde's derive: every
/// event of every transcript, as the worker writes it, must read back to the same value both
/// ways, with and without an attestation.
#[test]
fn stream_lines_read_back_as_written() {
    let attestation = Attestation {
        token: "header.claims.mac".to_owned(),
        expires_at: 1_700_000_900,
    };
    for scenario in scenarios() {
        let run = replay::run(&scenario, None);
        let mut events: Vec<TestEvent> = run.events.into_iter().map(TestEvent::from).collect();
        for attestation in [None, Some(attestation.clone())] {
            events.push(TestEvent::Report {
                report: Box::new(run.report.clone()),
                attestation,
            });
        }
        for event in events {
            let line = serde_json::to_string(&event).expect("serialisable");
            let derived: TestEvent = serde_json::from_str(&line).expect("derive reads it");
            assert_eq!(derived, event, "{}", scenario.name);
            let read = TestEvent::from_line(&line).expect("from_line reads it");
            assert_eq!(read, event, "{}", scenario.name);
        }
    }
    for (line, wanted) in [
        (r#"{"event":"ended"}"#, "unknown variant `ended`"),
        (r#"{"stage":"auth"}"#, "missing field `event`"),
        (
            r#"{"event":"started","stage":"auth"}"#,
            "missing field `start_ms`",
        ),
        (
            r#"{"event":"report","report":{}}"#,
            "missing field `outcome`",
        ),
    ] {
        let error = TestEvent::from_line(line).expect_err(line);
        assert!(error.to_string().contains(wanted), "{line}: {error}");
    }
}
