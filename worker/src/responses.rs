//! JSON in and out: bounded body reading and the one error shape every endpoint answers with.

use sendready_shared::api::{ApiError, ErrorBody};
use serde::de::DeserializeOwned;
use worker::{Headers, Request, Response, Result};

/// Reads a JSON body of at most `limit` bytes, refusing larger or malformed ones with a
/// specific error instead of a server error.
pub async fn read_json<T: DeserializeOwned>(
    req: &mut Request,
    limit: usize,
) -> std::result::Result<T, ApiError> {
    if declared_length(req.headers()).is_some_and(|length| length > limit) {
        return Err(ApiError::body_too_large(limit));
    }
    let bytes = req
        .bytes()
        .await
        .map_err(|_| ApiError::invalid_json("the request body could not be read"))?;
    if bytes.len() > limit {
        return Err(ApiError::body_too_large(limit));
    }
    serde_json::from_slice(&bytes).map_err(|error| ApiError::invalid_json(&describe(&error)))
}

/// The `Content-Length` a request or response declares, when it declares a number.
pub fn declared_length(headers: &Headers) -> Option<usize> {
    headers
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|value| value.parse().ok())
}

/// Says where and what kind of JSON error it was without quoting the body: serde's own
/// messages echo values, and a value may be a password.
fn describe(error: &serde_json::Error) -> String {
    let kind = match error.classify() {
        serde_json::error::Category::Io => "unreadable body",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "a field is missing or has the wrong type",
        serde_json::error::Category::Eof => "the body ends too early",
    };
    format!("{kind} at line {} column {}", error.line(), error.column())
}

/// Answers with `{"error": {...}}` and the status that fits the error's code.
pub fn error(error: &ApiError) -> Result<Response> {
    Ok(Response::from_json(&ErrorBody {
        error: error.clone(),
    })?
    .with_status(error.code.status()))
}

/// `error`, with the `Retry-After` (whole seconds) that says when to try again.
pub fn error_retry_after(error: &ApiError, retry_after_s: u64) -> Result<Response> {
    let mut response = self::error(error)?;
    response
        .headers_mut()
        .set("Retry-After", &retry_after_s.to_string())?;
    Ok(response)
}
