//! The read-only and testing endpoints: providers, validate, diagnose, and the streamed SMTP test.

use futures_channel::mpsc;
use futures_util::StreamExt;
use sendready_shared::api::{
    ApiError, DiagnoseRequest, DiagnoseResponse, ErrorCode, TestEvent, TestRequest,
    ValidateRequest, ValidateResponse,
};
use sendready_shared::diagnosis::{DiagnosisInput, diagnose};
use sendready_shared::providers;
use sendready_shared::session::{SessionError, Step, TestContext, TestOutcome, TestSession};
use sendready_shared::smtp::Stage;
use worker::{Env, Request, Response, Result};

use crate::config::{Config, now_unix_s, random_hex};
use crate::rate_limit;
use crate::relay_route::Plan;
use crate::responses::{error, read_json};

/// Request bodies larger than this are refused before parsing.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

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
    };
    Response::from_json(&DiagnoseResponse {
        diagnosis: diagnose(&input),
    })
}

/// `POST /api/test`: drives the shared `TestSession` — validation and the abuse limits before
/// anything connects, then the probe, whose stage events stream one `TestEvent` per line, and
/// last the report with its diagnosis (and, after a success, the attestation that allows saving).
pub async fn test(mut req: Request, env: &Env, config: &Config) -> Result<Response> {
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
    let mut session = match TestSession::new(&request.form, request.send_test_message, context) {
        Ok(session) => session,
        Err(refused) => return error(&refused.into()),
    };
    // The limits are asked before the answer starts, so a refusal is a plain 4xx.
    let probe_config = loop {
        match session.poll_step() {
            Some(Step::AskLimit(query)) => {
                session.handle_decision(rate_limit::ask(env, &query).await.ok());
            }
            Some(Step::Probe(probe_config)) => break probe_config,
            Some(Step::Refuse(SessionError::Limited(limited))) => {
                return rate_limit::limited_response(limited);
            }
            Some(Step::Refuse(refused)) => return error(&refused.into()),
            Some(Step::RecordFailure(_) | Step::Finish(_)) | None => {
                return error(&ApiError::new(
                    ErrorCode::NotConfigured,
                    "the test session stopped before its probe",
                ));
            }
        }
    };
    let runner = match plan.open(&probe_config).await {
        Ok(runner) => runner,
        Err(refused) => return error(&refused),
    };
    let route = plan.route;
    let received_at = js_sys::Date::now();
    let (sender, receiver) = mpsc::unbounded::<TestEvent>();
    let env = env.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let progress = sender.clone();
        let report = runner
            .run(*probe_config, move |event| {
                let _ = progress.unbounded_send(event.into());
            })
            .await;
        session.handle_report(report, now_unix_s());
        // A refused sign-in is counted before the report goes out, so the client's next
        // attempt already sees it.
        let outcome = loop {
            match session.poll_step() {
                Some(Step::RecordFailure(query)) => {
                    session.handle_recorded(rate_limit::ask(&env, &query).await.is_ok());
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
                "ms": js_sys::Date::now() - received_at,
            })
        );
        let TestOutcome {
            mut report,
            attestation,
            ..
        } = *outcome;
        report.route = Some(route);
        let _ = sender.unbounded_send(TestEvent::Report {
            report: Box::new(report),
            attestation,
        });
    });
    let lines = receiver.map(|event| {
        let mut line = serde_json::to_vec(&event).unwrap_or_default();
        line.push(b'\n');
        Ok::<_, worker::Error>(line)
    });
    let mut response = Response::from_stream(lines)?;
    response
        .headers_mut()
        .set("content-type", "application/x-ndjson")?;
    response.headers_mut().set("cache-control", "no-store")?;
    Ok(response)
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
