//! The Cloudflare Worker entry point: routes `/api/*` requests; static assets are served by Workers.
//!
//! The worker is a thin adapter. Validation, the SMTP engine, diagnosis and the API types all
//! live in `sendready-shared`; this crate only knows HTTP, JSON transport and sockets.

mod responses;
mod smtp_socket;

use sendready_shared::api::{ApiError, TestRequest};
use sendready_shared::policy::DestinationPolicy;
use sendready_shared::smtp::ProbeConfig;
use worker::{Context, Env, Request, Response, Result, RouteContext, Router, event};

/// Request bodies larger than this are refused before parsing.
const MAX_BODY_BYTES: usize = 16 * 1024;

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    console_error_panic_hook::set_once();
    let started = js_sys::Date::now();
    let method = req.method().to_string();
    let path = req.path();
    let response = Router::new()
        .post_async("/api/test", run_test)
        .run(req, env)
        .await?;
    // One structured line per request; never the body, which may hold a password.
    worker::console_log!(
        "{}",
        serde_json::json!({
            "method": method,
            "path": path,
            "status": response.status_code(),
            "ms": js_sys::Date::now() - started,
        })
    );
    Ok(response)
}

/// `POST /api/test`: validates the form, runs one SMTP probe and returns its report.
async fn run_test(mut req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let request: TestRequest = match responses::read_json(&mut req, MAX_BODY_BYTES).await {
        Ok(request) => request,
        Err(error) => return responses::error(&error),
    };
    let settings = match request.form.check_with(&destination_policy(&ctx)).settings {
        Ok(settings) => settings,
        Err(fields) => return responses::error(&ApiError::invalid_settings(fields)),
    };
    let ehlo_name = ctx
        .var("EHLO_NAME")
        .map(|var| var.to_string())
        .unwrap_or_else(|_| "sendready.invalid".to_owned());
    let config = ProbeConfig::from_settings(&settings, &ehlo_name);
    let report = smtp_socket::run_probe(config).await;
    Response::from_json(&report)
}

/// Strict unless the dev-only `ALLOW_LOOPBACK` variable is `"true"` (local runs and tests).
fn destination_policy(ctx: &RouteContext<()>) -> DestinationPolicy {
    let allow_loopback = ctx.var("ALLOW_LOOPBACK").is_ok_and(|var| var.to_string() == "true");
    DestinationPolicy { allow_loopback, ..DestinationPolicy::default() }
}
