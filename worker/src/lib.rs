//! The Cloudflare Worker entry point: routes `/api/*`, applies CORS, logs one line per request.
//!
//! The worker is a thin adapter. Validation, the SMTP engine, diagnosis, attestations and the
//! API types live in `sendready-shared`; this crate only knows HTTP, JSON transport, sockets,
//! storage and secrets. Static files (the help-center page, the widget) are Workers assets.

mod accounts;
mod config;
mod detect;
mod endpoints;
mod mfa;
mod mfa_email;
mod mfa_store;
mod mfa_verify;
mod oauth;
mod oauth_grants;
mod rate_limit;
mod relay_route;
mod responses;
mod sealing;
mod smtp_socket;
mod timings;

use sendready_shared::api::{ApiError, ErrorCode};
use worker::{Context, Env, Method, Request, Response, Result, event};

use crate::config::Config;

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    console_error_panic_hook::set_once();
    let started = js_sys::Date::now();
    let method = req.method();
    let path = req.path();
    let config = Config::from_env(&env);
    let origin = req.headers().get("origin").ok().flatten();
    let cross_origin = origin
        .as_deref()
        .filter(|origin| !is_same_origin(&req, origin))
        .map(str::to_owned);
    let allowed = cross_origin
        .as_ref()
        .is_none_or(|origin| config.allowed_origins.contains(origin));
    let mut response = if !allowed {
        responses::error(&ApiError::new(
            ErrorCode::OriginNotAllowed,
            "this site is not allowed to use the sendready API",
        ))?
    } else if method == Method::Options {
        Response::empty()?.with_status(204)
    } else {
        route(req, &env, &config, &method, &path).await?
    };
    if let (Some(origin), true) = (&cross_origin, allowed) {
        let headers = response.headers_mut();
        headers.set("access-control-allow-origin", origin)?;
        headers.set("access-control-allow-methods", "GET, POST, OPTIONS")?;
        headers.set(
            "access-control-allow-headers",
            "content-type, authorization",
        )?;
        headers.set("access-control-max-age", "600")?;
        // Lets an embedding page read when a rate-limited test may be retried.
        headers.set("access-control-expose-headers", "retry-after")?;
        headers.set("vary", "origin")?;
    }
    // One structured line per request; never a body, which may hold a password. A streamed
    // test logs its own line when the stream ends, with the outcome.
    let streamed = path == "/api/test" && response.status_code() == 200;
    if streamed {
        return Ok(response);
    }
    worker::console_log!(
        "{}",
        serde_json::json!({
            "method": method.to_string(),
            "path": path,
            "status": response.status_code(),
            "ms": js_sys::Date::now() - started,
            "cross_origin": cross_origin.is_some(),
        })
    );
    Ok(response)
}

/// Every endpoint, by method and path; a known path with another method is a 405.
async fn route(
    req: Request,
    env: &Env,
    config: &Config,
    method: &Method,
    path: &str,
) -> Result<Response> {
    match (method, path) {
        (Method::Get, "/api/providers") => endpoints::providers(),
        (Method::Get, "/api/policy") => endpoints::policy(config),
        (Method::Get, "/api/detect") => detect::detect(&req, env, config).await,
        (Method::Post, "/api/validate") => endpoints::validate(req, config).await,
        (Method::Post, "/api/test") => endpoints::test(req, env, config).await,
        (Method::Post, "/api/diagnose") => endpoints::diagnose_reply(req).await,
        (Method::Post, "/api/accounts") => accounts::save(req, env, config).await,
        (Method::Get, "/api/oauth/providers") => oauth::providers(env),
        (Method::Post, "/api/oauth/start") => oauth::start(req, env, config).await,
        (Method::Get, "/api/oauth/callback") => oauth::callback(req, env, config).await,
        (Method::Get, "/dev/admin-token") => accounts::dev_admin_token(env, config),
        (Method::Get, "/dev/mfa-token") => mfa::dev_mfa_token(&req, env, config),
        (Method::Post, "/dev/mfa-storage-fault") => mfa::dev_storage_fault(&req, env, config).await,
        (_, mfa_path) if mfa_path.starts_with(mfa::PREFIX) => {
            mfa::route(req, env, method, mfa_path).await
        }
        (
            _,
            "/api/providers"
            | "/api/policy"
            | "/api/detect"
            | "/api/oauth/providers"
            | "/api/oauth/callback",
        ) => method_not_allowed(path, Method::Get),
        (
            _,
            "/api/validate" | "/api/test" | "/api/diagnose" | "/api/accounts" | "/api/oauth/start",
        ) => method_not_allowed(path, Method::Post),
        _ => responses::error(&ApiError::new(
            ErrorCode::NotFound,
            format!("there is no endpoint {path}"),
        )),
    }
}

fn method_not_allowed(path: &str, allowed: Method) -> Result<Response> {
    responses::error(&ApiError::new(
        ErrorCode::MethodNotAllowed,
        format!("{path} accepts {allowed}"),
    ))
}

/// A page served by this worker sends its own origin; that is never a cross-origin call.
fn is_same_origin(req: &Request, origin: &str) -> bool {
    req.url()
        .is_ok_and(|url| url.origin().ascii_serialization() == origin)
}
