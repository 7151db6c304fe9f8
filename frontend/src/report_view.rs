//! Renders a `TestReport`: the verdict, the diagnosis with its fix, every stage and the transcript.

use leptos::prelude::*;
use sendready_shared::api::TestEvent;
use sendready_shared::session::TestReport;
use sendready_shared::smtp::{Outcome, Stage, StageReport, StageStatus, TlsMode};

/// The outcome of one test, as a person reads it.
#[component]
pub fn ReportView(
    /// The report the API returned.
    report: TestReport,
) -> impl IntoView {
    let failed_stage = report
        .probe
        .stages
        .iter()
        .find(|stage| stage.status != StageStatus::Ok)
        .map(|stage| stage.stage);
    let verdict = match (report.probe.outcome, failed_stage) {
        (Outcome::Success, _) => {
            format!("Connected successfully ({}).", tls_label(report.probe.tls))
        }
        (Outcome::Failure, Some(stage)) => {
            format!("The test failed at the {} stage.", stage_label(stage))
        }
        (Outcome::Failure, None) => "The test failed.".to_owned(),
    };
    let diagnosis = report.diagnosis.clone().map(|diagnosis| {
        view! {
            <div class="sr-diagnosis" data-kind=format!("{:?}", diagnosis.kind)>
                <h3>{diagnosis.title.clone()}</h3>
                <p>{diagnosis.explanation.clone()}</p>
                <ol class="sr-fix">
                    {diagnosis.fix_steps.iter().map(|step| view! { <li>{step.clone()}</li> }).collect_view()}
                </ol>
            </div>
        }
    });
    let transcript = report.probe.transcript.join("\n");
    let stages: Vec<_> = report.probe.stages.iter().map(stage_item).collect();
    view! {
        <div class="sr-report" data-outcome=outcome_name(report.probe.outcome)>
            <p class="sr-verdict"><strong>{verdict}</strong></p>
            {diagnosis}
            <ol class="sr-stages" aria-label="Test stages">
                {stages}
            </ol>
            <details class="sr-transcript">
                <summary>"Conversation with the server"</summary>
                <pre>{transcript}</pre>
            </details>
        </div>
    }
}

/// The stages of a test still running: finished ones with their replies, then the current one.
#[component]
pub fn LiveStages(
    /// Progress events received so far, in order.
    events: Vec<TestEvent>,
) -> impl IntoView {
    let finished: Vec<_> = events
        .iter()
        .filter_map(|event| match event {
            TestEvent::Finished(stage) => Some(stage_item(stage)),
            _ => None,
        })
        .collect();
    let running = match events.last() {
        Some(TestEvent::Started { stage, .. }) => Some(*stage),
        _ => None,
    };
    view! {
        <ol class="sr-stages sr-live" aria-label="Test stages" aria-busy="true">
            {finished}
            {running.map(|stage| view! {
                <li class="sr-stage" data-stage=stage.as_str() data-status="running">
                    <span aria-hidden="true">"… "</span>
                    <span class="sr-stage-name">{stage_label(stage)}</span>
                </li>
            })}
        </ol>
    }
}

fn stage_item(stage: &StageReport) -> impl IntoView + use<> {
    let status = match stage.status {
        StageStatus::Ok => "ok",
        StageStatus::Failed => "failed",
        StageStatus::TimedOut => "timed_out",
    };
    let symbol = match stage.status {
        StageStatus::Ok => "✓",
        StageStatus::Failed => "✗",
        StageStatus::TimedOut => "⧗",
    };
    let reply = stage.reply.as_ref().map(|reply| {
        let text: Vec<String> = reply
            .lines
            .iter()
            .map(|line| format!("{} {line}", reply.code))
            .collect();
        view! { <pre class="sr-reply">{text.join("\n")}</pre> }
    });
    view! {
        <li class="sr-stage" data-stage=stage.stage.as_str() data-status=status>
            <span aria-hidden="true">{symbol}" "</span>
            <span class="sr-stage-name">{stage_label(stage.stage)}</span>
            <span class="sr-stage-time">{format!(" {} ms", stage.duration_ms)}</span>
            {reply}
        </li>
    }
}

fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Success => "success",
        Outcome::Failure => "failure",
    }
}

/// Stage names as a person knows them.
fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Connect => "connect",
        Stage::Greeting => "server greeting",
        Stage::Ehlo => "EHLO",
        Stage::Starttls => "STARTTLS",
        Stage::Tls => "TLS",
        Stage::Auth => "AUTH (sign-in)",
        Stage::MailFrom => "MAIL FROM",
        Stage::RcptTo => "RCPT TO",
        Stage::Data => "DATA (test message)",
        Stage::Quit => "QUIT",
    }
}

fn tls_label(tls: TlsMode) -> &'static str {
    match tls {
        TlsMode::Starttls => "signed in over STARTTLS",
        TlsMode::Implicit => "signed in over implicit TLS",
        TlsMode::None => "without encryption",
    }
}
