//! The read-only and testing endpoints: providers, validate, diagnose, and the streamed SMTP test.

use futures_channel::mpsc;
use futures_util::StreamExt;
use futures_util::future::join_all;
use sendready_shared::api::{
    ApiError, DiagnoseRequest, DiagnoseResponse, ErrorCode, OauthSession, TestEvent, TestRequest,
    ValidateRequest, ValidateResponse,
};
use sendready_shared::diagnosis::{Day, DiagnosisInput, diagnose};
use sendready_shared::limits::{Decision, LimitQuery};
use sendready_shared::oauth::session_hash;
use sendready_shared::providers;
use sendready_shared::session::{SessionError, Step, TestContext, TestOutcome, TestSession};
use sendready_shared::settings::{Field, FieldError, SmtpSettings};
use sendready_shared::smtp::Stage;
use worker::{Env, Request, Response, Result};

use crate::config::{Config, now_unix_s, random_hex};
use crate::oauth_grants;
use crate::rate_limit;
use crate::relay_route::Plan;
use crate::responses::{error, read_json};
use crate::timings::{LimitMark, PhaseMarks, key_kind, mark};

/// Request bodies larger than this are refused before parsing.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// At most this many NDJSON lines are sent as one chunk of a test's stream.
const STREAM_LINES_PER_CHUNK: usize = 32;

/// `GET /api/providers`: the catalogue the widget also compiles in.
pub fn providers() -> Result<Response> {
    let mut response = Response::from_json(&providers::catalogue())?;
    response
        .headers_mut()
        .set("cache-control", "public, max-age=3600")?;
    Ok(response)
}

/// `GET /api/policy`: the destination policy, so the widget validates host names exactly as
/// this deployment will (loopback is allowed only in local development).
pub fn policy(config: &Config) -> Result<Response> {
    let mut response = Response::from_json(&config.policy)?;
    response
        .headers_mut()
        .set("cache-control", "public, max-age=300")?;
    Ok(response)
}

/// `POST /api/validate`: every field error and warning, exactly as the widget shows them.
pub async fn validate(mut req: Request, config: &Config) -> Result<Response> {
    let request: ValidateRequest = match read_json(&mut req, MAX_BODY_BYTES).await {
        Ok(request) => request,
        Err(refused) => return error(&refused),
    };
    let checked = request.form.check_with(&config.policy);
    let errors = checked.errors().to_vec();
    Response::from_json(&ValidateResponse {
        valid: errors.is_empty(),
        errors,
        warnings: checked.warnings,
    })
}

/// `POST /api/diagnose`: explains a pasted server reply.
pub async fn diagnose_reply(mut req: Request) -> Result<Response> {
    let request: DiagnoseRequest = match read_json(&mut req, MAX_BODY_BYTES).await {
        Ok(request) => request,
        Err(refused) => return error(&refused),
    };
    if request.reply.trim().is_empty() {
        return error(&ApiError::new(
            ErrorCode::EmptyReply,
            "paste the server's reply to explain it",
        ));
    }
    let input = DiagnosisInput {
        reply: request.reply,
        stage: request.stage.as_deref().and_then(Stage::parse_loose),
        host: request.host,
        provider: request.provider,
        today: Some(Day::from_unix_seconds(now_unix_s())),
    };
    Response::from_json(&DiagnoseResponse {
        diagnosis: diagnose(&input),
    })
}

/// `POST /api/test`: drives the shared `TestSession` — validation and the abuse limits before
/// anything connects, then the probe, whose stage events stream one `TestEvent` per line, and
/// last the report with its diagnosis (and, after a success, the attestation that allows saving).
pub async fn test(mut req: Request, env: &Env, config: &Config) -> Result<Response> {
    let mut marks = PhaseMarks {
        received_ms: mark(),
        ..PhaseMarks::default()
    };
    let client_ip = rate_limit::client_ip(&req);
    let request: TestRequest = match read_json(&mut req, MAX_BODY_BYTES).await {
        Ok(request) => request,
        Err(refused) => return error(&refused),
    };
    // Direct, or through the relay (which also decides the destination policy of the form).
    let plan = Plan::for_form(env, &request.form, config.policy);
    let context = match test_context(config, client_ip) {
        Ok(context) => TestContext {
            policy: plan.policy,
            ..context
        },
        Err(refused) => return error(&refused),
    };
    let started = match &request.oauth {
        None => TestSession::new(&request.form, request.send_test_message, context),
        Some(_) => TestSession::new_oauth(&request.form, request.send_test_message, context),
    };
    let mut session = match started {
        Ok(session) => session,
        Err(refused) => return error(&refused.into()),
    };
    // A test signed in with OAuth: its grant must be this widget session's, for the address
    // and preset of the settings. Read without calling the provider: the token is fetched
    // (and refreshed when due) only once the limits admitted the test.
    let mut grant = match &request.oauth {
        None => None,
        Some(oauth) => match signed_in_grant(env, session.settings(), oauth).await {
            Ok(grant) => Some(grant),
            Err(refused) => return error(&refused),
        },
    };
    marks.validated_ms = mark();
    // The limits are asked before the answer starts, so a refusal is a plain 4xx. The session
    // hands out every query before it needs an answer: they are asked at once.
    let probe_config = loop {
        let mut queries = Vec::new();
        let step = loop {
            match session.poll_step() {
                Some(Step::AskLimit(query)) => queries.push(query),
                other => break other,
            }
        };
        if !queries.is_empty() {
            let answers = join_all(queries.iter().map(|query| ask_timed(env, query))).await;
            for (decision, limit) in answers {
                marks.limits.push(limit);
                session.handle_decision(decision);
            }
            continue;
        }
        match step {
            Some(Step::NeedAccessToken) => {
                let token = match grant.take() {
                    Some(grant) => grant.access_token(env, now_unix_s()).await,
                    None => Err(ApiError::new(
                        ErrorCode::OauthRefused,
                        "this test needs an oauth sign-in",
                    )),
                };
                match token {
                    Ok(token) => session.handle_access_token(token),
                    Err(refused) => return error(&refused),
                }
            }
            Some(Step::Probe(probe_config)) => break probe_config,
            Some(Step::Refuse(SessionError::Limited(limited))) => {
                return rate_limit::limited_response(limited);
            }
            Some(Step::Refuse(refused)) => return error(&refused.into()),
            _ => {
                return error(&ApiError::new(
                    ErrorCode::NotConfigured,
                    "the test session stopped before its probe",
                ));
            }
        }
    };
    let runner = match plan.open(&probe_config).await {
        Ok(runner) => runner,
        Err(refused) => return refused.response(),
    };
    let route = plan.route;
    let (sender, receiver) = mpsc::unbounded::<Vec<u8>>();
    let env = env.clone();
    let dev_timings = config.dev_timings;
    // The task runs once the response below is returned, which takes no I/O: this is its mark.
    marks.stream_opened_ms = mark();
    wasm_bindgen_futures::spawn_local(async move {
        marks.probe_started_ms = mark();
        let progress = sender.clone();
        let report = runner
            .run(*probe_config, move |event| {
                let _ = progress.unbounded_send(ndjson_line(&TestEvent::from(event)));
            })
            .await;
        marks.probe_finished_ms = mark();
        session.handle_report(report, now_unix_s());
        marks.explained_ms = mark();
        // A refused sign-in is counted before the report goes out, so the client's next
        // attempt already sees it.
        let outcome = loop {
            match session.poll_step() {
                Some(Step::RecordFailure(query)) => {
                    session.handle_recorded(rate_limit::ask(&env, &query).await.is_ok());
                    marks.recorded_ms = Some(mark());
                }
                Some(Step::Finish(outcome)) => break outcome,
                _ => return,
            }
        };
        if outcome.failure_counted == Some(false) {
            worker::console_error!(
                "{}",
                serde_json::json!({ "event": "auth_failure_not_counted" })
            );
        }
        let report = &outcome.report;
        // The request's own log line: written when the stream ends, with the outcome. Only
        // the verdict and timings; the report's transcript stays out of logs.
        worker::console_log!(
            "{}",
            serde_json::json!({
                "method": "POST",
                "path": "/api/test",
                "status": 200,
                "outcome": report.probe.outcome,
                "kind": report.diagnosis.as_ref().map(|diagnosis| diagnosis.kind),
                "tls": report.probe.tls,
                "route": route,
                "probe_ms": report.probe.duration_ms,
                "ms": mark() - marks.received_ms,
            })
        );
        let TestOutcome {
            mut report,
            attestation,
            ..
        } = *outcome;
        report.route = Some(route);
        let _ = sender.unbounded_send(ndjson_line(&TestEvent::Report {
            report: Box::new(report),
            attestation,
        }));
        if dev_timings {
            marks.report_queued_ms = mark();
            let _ = sender.unbounded_send(ndjson_line(&marks));
        }
    });
    // Lines queued in the same turn (a stage finished and the next one started) leave as one
    // chunk: every chunk costs a write here and in every proxy on the way.
    let chunks = receiver
        .ready_chunks(STREAM_LINES_PER_CHUNK)
        .map(|lines| Ok::<_, worker::Error>(lines.concat()));
    let mut response = Response::from_stream(chunks)?;
    response
        .headers_mut()
        .set("content-type", "application/x-ndjson")?;
    response.headers_mut().set("cache-control", "no-store")?;
    Ok(response)
}

/// The grant of settings signed in with OAuth (a test, or a save), read without calling the
/// provider: the widget session's, for the address and preset it signed in with.
pub async fn signed_in_grant(
    env: &Env,
    settings: &SmtpSettings,
    oauth: &OauthSession,
) -> std::result::Result<oauth_grants::Grant, ApiError> {
    let handle = settings.grant_handle().unwrap_or_default();
    let session = session_hash(&oauth.session);
    let grant = oauth_grants::grant(env, handle, Some(&session)).await?;
    check_signed_in(settings, &grant)?;
    Ok(grant)
}

/// The settings must send as the signed-in address through the preset it signed in with.
fn check_signed_in(
    settings: &SmtpSettings,
    grant: &oauth_grants::Grant,
) -> std::result::Result<(), ApiError> {
    if settings.provider != grant.provider {
        return Err(ApiError::new(
            ErrorCode::OauthRefused,
            "this sign-in was for another provider; sign in again",
        ));
    }
    let same = |text: &str| text.eq_ignore_ascii_case(&grant.email);
    if !same(settings.email.as_ref()) || !same(&settings.username) {
        let message = format!(
            "you signed in as {}; use that address as the e-mail address and user name",
            grant.email
        );
        return Err(ApiError::invalid_settings(vec![FieldError {
            field: Field::Email,
            code: "not_signed_in_address".to_owned(),
            message,
        }]));
    }
    Ok(())
}

/// Asks one limit query and notes when it was asked and answered; a counter that could not
/// answer gives `None`, which the session treats as a refusal.
async fn ask_timed(env: &Env, query: &LimitQuery) -> (Option<Decision>, LimitMark) {
    let asked_ms = mark();
    let answer = rate_limit::ask_counter(env, query).await.ok();
    let limit = LimitMark {
        key: key_kind(&query.key),
        asked_ms,
        answered_ms: mark(),
        created: answer.map(|answer| answer.created),
    };
    (answer.map(|answer| answer.decision), limit)
}

/// One NDJSON line: the value as JSON and a line feed.
fn ndjson_line(value: &impl serde::Serialize) -> Vec<u8> {
    let mut line = serde_json::to_vec(value).unwrap_or_default();
    line.push(b'\n');
    line
}

/// What the session needs from the deployment: policy, names, the key, time and a nonce.
fn test_context(config: &Config, client_ip: String) -> std::result::Result<TestContext, ApiError> {
    Ok(TestContext {
        policy: config.policy,
        ehlo_name: config.ehlo_name.clone(),
        client_ip,
        now_unix_ms: js_sys::Date::now() as u64,
        nonce: random_hex::<16>()?,
        attestation_key: config.attestation_key.clone()?,
    })
}
