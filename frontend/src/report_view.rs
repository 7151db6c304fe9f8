//! The result of a test as a person reads it: what was verified, or the diagnosis with its fix
//! and the guide step that helps, then the stages with the server's replies and the redacted
//! conversation with a copy button for a support ticket.

use std::time::Duration;

use leptos::prelude::*;
use sendready_shared::api::TestEvent;
use sendready_shared::diagnosis::{Diagnosis, DiagnosisKind};
use sendready_shared::ground::ProviderId;
use sendready_shared::providers;
use sendready_shared::session::TestReport;
use sendready_shared::smtp::{CredentialKind, Outcome, Stage, StageReport, StageStatus, TlsMode};

use crate::api_client::Wait;
use crate::clipboard::CopyButton;
use crate::guide::{StepCard, step_anchor};
use crate::ids::Ids;

/// The outcome of one test.
#[component]
pub fn ReportView(
    ids: Ids,
    report: TestReport,
    /// The preset whose guide the page shows, so a diagnosis can link into it.
    shown_guide: ProviderId,
    /// Another way out, shown under a failure's diagnosis (e.g. "sign in instead").
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let probe = &report.probe;
    let headline = match probe.outcome {
        Outcome::Success => view! {
            <div class="sr-success">
                <h3><span aria-hidden="true">"✓ "</span>"Connected successfully"</h3>
                <ul class="sr-verified">{verified(&report)}</ul>
            </div>
        }
        .into_any(),
        Outcome::Failure => {
            let failed_at = probe
                .stages
                .iter()
                .find(|stage| stage.status != StageStatus::Ok)
                .map(|stage| stage_label(stage.stage));
            let lead = failed_at.map_or_else(
                || "Test connection failed.".to_owned(),
                |stage| format!("Test connection failed at {stage}."),
            );
            view! {
                <div class="sr-failure">
                    <p class="sr-verdict"><span aria-hidden="true">"✗ "</span>{lead}</p>
                    {report.diagnosis.clone().map(|diagnosis| view! {
                        <DiagnosisCard ids=ids diagnosis=diagnosis shown_guide=Some(shown_guide) />
                    })}
                    {children.map(|children| children())}
                </div>
            }
            .into_any()
        }
    };
    let transcript = probe.transcript.join("\n");
    let stages = probe.stages.iter().map(stage_item).collect_view();
    view! {
        <div class="sr-report" data-outcome=outcome_name(probe.outcome)>
            {headline}
            <h4 class="sr-subheading">"Stages"</h4>
            <ol class="sr-stages" aria-label="Test stages">{stages}</ol>
            <details class="sr-transcript">
                <summary>"Conversation with the server"</summary>
                <p class="sr-hint">"Passwords are replaced by [redacted]; safe to paste into a support ticket."</p>
                <pre>{transcript.clone()}</pre>
                <CopyButton text=transcript label="Copy the conversation" />
            </details>
        </div>
    }
}

/// A diagnosis: title, why, numbered fix steps, and the guide step that helps.
#[component]
pub fn DiagnosisCard(
    ids: Ids,
    diagnosis: Diagnosis,
    /// The preset whose guide the page shows; `None` where no guide is on the page.
    shown_guide: Option<ProviderId>,
) -> impl IntoView {
    let step = diagnosis
        .guide_step
        .as_deref()
        .and_then(providers::step)
        .map(|(owner, step)| {
            let in_page = shown_guide == Some(owner);
            let href = format!("#{}", step_anchor(ids, step.id));
            view! {
                <div class="sr-guide-link">
                    {in_page.then(|| view! {
                        <a href=href>{format!("Show me the step in the guide: {}", step.title)}</a>
                    })}
                    {(!in_page).then(|| view! { <StepCard step=step /> })}
                </div>
            }
        });
    let detail = diagnosis
        .detail
        .clone()
        .map(|detail| view! { <p class="sr-detail">"What we saw: "{detail}</p> });
    let why = diagnosis.evidence.as_ref().map(|grounds| {
        let decided = grounds.decided(diagnosis.provider, diagnosis.stage);
        // An unknown reply was not recognised, so its words are what was read, not a reason; a
        // kind judged from the code alone is said to be a guess (right about half the time).
        let (lead, tail) = if diagnosis.kind == DiagnosisKind::Unknown {
            ("What we read in it: ", ".")
        } else if grounds.is_tentative() {
            (
                "Our best guess, from ",
                " alone: the server's words name no cause we know.",
            )
        } else {
            ("Why we think so: ", ".")
        };
        view! { <p class="sr-detail sr-why">{lead}{decided}{tail}</p> }
    });
    view! {
        <div class="sr-diagnosis" data-kind=diagnosis.kind.as_str()>
            <h3>{diagnosis.title.clone()}</h3>
            <p>{diagnosis.explanation.clone()}</p>
            {detail}
            {why}
            <ol class="sr-fix">
                {diagnosis.fix_steps.iter().map(|step| view! { <li>{step.clone()}</li> }).collect_view()}
            </ol>
            {step}
        </div>
    }
}

/// The stages of a test still running: finished ones with their replies, then the current one.
#[component]
pub fn LiveStages(
    /// Progress events received so far, in order.
    events: Vec<TestEvent>,
) -> impl IntoView {
    let finished = events
        .iter()
        .filter_map(|event| match event {
            TestEvent::Finished(stage) => Some(stage_item(stage)),
            _ => None,
        })
        .collect_view();
    let running = match events.last() {
        Some(TestEvent::Started { stage, .. }) => Some(*stage),
        _ => None,
    };
    view! {
        <ol class="sr-stages sr-live" aria-label="Test stages" aria-busy="true">
            {finished}
            {running.map(|stage| view! {
                <li class="sr-stage" data-stage=stage.as_str() data-status="running">
                    <span class="sr-spinner" aria-hidden="true"></span>
                    <span class="sr-stage-name">{running_label(stage)}</span>
                </li>
            })}
        </ol>
    }
}

/// The API's limit or a busy relay refused a test: when this page may test again, counted down
/// each second into `remaining` (which the Test button reads), with who is busy and the API's
/// own words.
#[component]
pub fn RetryWait(
    /// What the page waits for.
    wait: Wait,
    /// The API's `Retry-After`.
    seconds: u32,
    /// Seconds left, kept up to date while this is shown; 0 once it is gone.
    remaining: RwSignal<u32>,
    /// The API's sentence: its limits, or the relay's.
    limits: String,
) -> impl IntoView {
    let until = js_sys::Date::now() + f64::from(seconds) * 1000.0;
    let tick = move || {
        let left = ((until - js_sys::Date::now()) / 1000.0).ceil().max(0.0);
        remaining.set(left as u32);
    };
    tick();
    let interval = set_interval_with_handle(tick, Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(interval) = interval {
            interval.clear();
        }
        remaining.set(0);
    });
    view! {
        <div class="sr-error sr-wait" role="alert" data-code=wait.code().as_str()>
            <p>
                <strong>{format!("{}. ", crate::fields::sentence(wait.reason()))}</strong>
                <span aria-live="off">{move || match remaining.get() {
                    0 => "You can test again now.".to_owned(),
                    left => format!("You can test again in {left} s."),
                }}</span>
            </p>
            <p class="sr-detail">{crate::fields::paragraph(&limits)}</p>
        </div>
    }
}

/// What a person reads while a stage runs, for the live region.
pub fn running_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Connect => "Connecting to the server…",
        Stage::Greeting => "Waiting for the server's greeting…",
        Stage::Ehlo => "Introducing ourselves (EHLO)…",
        Stage::Starttls => "Asking for encryption (STARTTLS)…",
        Stage::Tls => "Setting up encryption (TLS)…",
        Stage::Auth => "Signing in…",
        Stage::MailFrom | Stage::RcptTo | Stage::Data => "Sending the test message…",
        Stage::Quit => "Saying goodbye…",
    }
}

fn verified(report: &TestReport) -> impl IntoView + use<> {
    let probe = &report.probe;
    let mut lines = vec![match probe.tls {
        TlsMode::Starttls => "The connection is encrypted (STARTTLS).".to_owned(),
        TlsMode::Implicit => "The connection is encrypted (implicit TLS).".to_owned(),
        TlsMode::None => "The connection was not encrypted.".to_owned(),
    }];
    let what = match probe.credential {
        CredentialKind::Password => "the user name and password",
        CredentialKind::OauthToken => "the sign-in (OAuth, XOAUTH2)",
    };
    lines.push(format!("{}:{} accepted {what}.", probe.host, probe.port));
    if probe.message_sent {
        lines.push(
            "The server accepted a test message to your own address; check your inbox.".to_owned(),
        );
    }
    lines
        .into_iter()
        .map(|line| view! { <li>{line}</li> })
        .collect_view()
}

fn stage_item(stage: &StageReport) -> impl IntoView + use<> {
    let (status, symbol) = match stage.status {
        StageStatus::Ok => ("ok", "✓"),
        StageStatus::Failed => ("failed", "✗"),
        // "⧗" is missing from common fonts; the status and the time say it timed out.
        StageStatus::TimedOut => ("timed_out", "✗"),
    };
    // The replies that tell something: a failure's, the greeting's and the sign-in's; the rest
    // (long EHLO lists) stay in the conversation below.
    let telling = stage.status != StageStatus::Ok
        || matches!(stage.stage, Stage::Greeting | Stage::Auth | Stage::Data);
    let reply = stage.reply.as_ref().filter(|_| telling).map(|reply| {
        let text: Vec<String> = reply
            .lines
            .iter()
            .map(|line| format!("{} {line}", reply.code))
            .collect();
        view! { <pre class="sr-reply">{text.join("\n")}</pre> }
    });
    view! {
        <li class="sr-stage" data-stage=stage.stage.as_str() data-status=status>
            <span class="sr-icon" aria-hidden="true">{symbol}" "</span>
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
        Stage::Auth => "sign-in (AUTH)",
        Stage::MailFrom => "sender (MAIL FROM)",
        Stage::RcptTo => "recipient (RCPT TO)",
        Stage::Data => "message (DATA)",
        Stage::Quit => "QUIT",
    }
}
