//! The read-only and testing endpoints: providers, validate, diagnose, and the streamed SMTP test.

use std::time::{Duration, SystemTime};

use futures_channel::mpsc;
use futures_util::StreamExt;
use sendready_shared::api::{
    ApiError, DiagnoseRequest, DiagnoseResponse, ErrorCode, TestEvent, TestRequest,
    ValidateRequest, ValidateResponse,
};
use sendready_shared::attestation;
use sendready_shared::diagnosis::{DiagnosisInput, diagnose};
use sendready_shared::providers;
use sendready_shared::smtp::{Outcome, ProbeConfig, Stage, TestMessage};
use worker::{Env, Request, Response, Result};

use crate::config::{Config, hmac_key, now_unix_s, random_hex};
use crate::rate_limit;
use crate::responses::{error, read_json};
use crate::smtp_socket::run_probe;

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
        ..DiagnosisInput::default()
    };
    Response::from_json(&DiagnoseResponse {
        diagnosis: diagnose(&input),
    })
}

/// `POST /api/test`: validates, then streams one `TestEvent` per line while the probe runs,
/// ending with the report (and, after a success, the attestation that allows saving).
pub async fn test(mut req: Request, env: &Env, config: &Config) -> Result<Response> {
    let client_ip = rate_limit::client_ip(&req);
    let request: TestRequest = match read_json(&mut req, MAX_BODY_BYTES).await {
        Ok(request) => request,
        Err(refused) => return error(&refused),
    };
    let settings = match request.form.check_with(&config.policy).settings {
        Ok(settings) => settings,
        Err(fields) => return error(&ApiError::invalid_settings(fields)),
    };
    // Abuse limits before anything connects: the client's test budget, then the account's
    // recent failed sign-ins. Without a working limiter nothing is tested (fail closed).
    let admitted = match rate_limit::admit_test(env, &client_ip).await {
        Ok(Ok(())) => rate_limit::admit_auth(env, &settings.host, &settings.username).await,
        refused_or_failed => refused_or_failed,
    };
    match admitted {
        Ok(Ok(())) => {}
        Ok(Err(limited)) => return limited.response(),
        Err(_) => {
            return error(&ApiError::new(
                ErrorCode::NotConfigured,
                "the abuse limits are unavailable, so no test can run; try again later",
            ));
        }
    }
    let key = match hmac_key(env, "ATTESTATION_KEY") {
        Ok(key) => key,
        Err(refused) => return error(&refused),
    };
    let mut probe_config = ProbeConfig::from_settings(&settings, &config.ehlo_name);
    if request.send_test_message {
        let id = match random_hex::<16>() {
            Ok(id) => id,
            Err(refused) => return error(&refused),
        };
        let date = SystemTime::UNIX_EPOCH + Duration::from_millis(js_sys::Date::now() as u64);
        probe_config.test_message = Some(TestMessage::new(
            settings.email.clone(),
            settings.display_name.clone(),
            date,
            format!("<sendready-test-{id}@{}>", config.ehlo_name),
        ));
    }
    let received_at = js_sys::Date::now();
    let (sender, receiver) = mpsc::unbounded::<TestEvent>();
    let env = env.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let progress = sender.clone();
        let report = run_probe(probe_config, move |event| {
            let _ = progress.unbounded_send(event.into());
        })
        .await;
        // Counted before the report goes out, so the client's next attempt already sees it.
        if rate_limit::is_auth_failure(&report)
            && rate_limit::record_auth_failure(&env, &settings.host, &settings.username)
                .await
                .is_err()
        {
            worker::console_error!(
                "{}",
                serde_json::json!({ "event": "auth_failure_not_counted" })
            );
        }
        let attestation = (report.outcome == Outcome::Success)
            .then(|| attestation::issue(&key, &settings, now_unix_s()));
        // The request's own log line: written when the stream ends, with the outcome. Only
        // the verdict and timings; the report's transcript stays out of logs.
        worker::console_log!(
            "{}",
            serde_json::json!({
                "method": "POST",
                "path": "/api/test",
                "status": 200,
                "outcome": report.outcome,
                "kind": report.diagnosis.as_ref().map(|diagnosis| diagnosis.kind),
                "tls": report.tls,
                "probe_ms": report.duration_ms,
                "ms": js_sys::Date::now() - received_at,
            })
        );
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
