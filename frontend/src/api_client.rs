//! The widget's HTTP client: posts to the API and turns every answer into typed values.
//!
//! `POST /api/test` answers with one JSON event per line while the test runs; the client reads
//! the body as a stream so the widget can show each stage as it happens.

use gloo_net::http::{Request, Response};
use js_sys::Uint8Array;
use sendready_shared::api::{ErrorBody, ErrorCode, TestEvent, TestRequest};
use sendready_shared::attestation::Attestation;
use sendready_shared::session::TestReport;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, ReadableStreamReadResult};

/// Why a test could not produce a report.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientError {
    /// The API refused the request and said why.
    Refused(ErrorBody),
    /// The API's abuse limit refused the request (429), or the relay is running its maximum
    /// number of tests (503 `relay_busy`), and the answer said when to come back.
    Limited {
        body: ErrorBody,
        wait: Wait,
        retry_after_s: u32,
    },
    /// The API could not be reached or answered something unreadable.
    Unreachable(String),
}

/// What a refusal that says when to come back waits for; the widget counts either down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// The API's abuse limits (429): this page ran many tests in a short time.
    Limits,
    /// The operator's relay, which reaches the mail server for the API, is running its maximum
    /// number of tests (503 `relay_busy`).
    BusyRelay,
}

/// The end of a test: the report, and the proof that allows saving after a success.
#[derive(Clone, Debug, PartialEq)]
pub struct TestOutcome {
    pub report: TestReport,
    pub attestation: Option<Attestation>,
}

impl ClientError {
    /// The request or its answer failed on the way.
    pub fn unreachable(error: gloo_net::Error) -> Self {
        Self::Unreachable(error.to_string())
    }

    /// A sentence for the person at the form.
    pub fn message(&self) -> String {
        match self {
            Self::Refused(body) | Self::Limited { body, .. } => body.error.message.clone(),
            Self::Unreachable(_) => "the sendready service could not be reached: check the \
                                     network connection and try again in a moment"
                .to_owned(),
        }
    }

    /// What the browser said when the service could not be reached, for a support ticket.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Self::Unreachable(detail) => Some(detail),
            Self::Refused(_) | Self::Limited { .. } => None,
        }
    }
}

impl Wait {
    /// The wait an error answer asks for, when the widget counts it down: a 429, or a 503
    /// `relay_busy`, with `Retry-After` in whole seconds.
    pub fn of(code: ErrorCode, retry_after: Option<&str>) -> Option<(Self, u32)> {
        let wait = match code {
            ErrorCode::RelayBusy => Self::BusyRelay,
            _ => Self::Limits,
        };
        let seconds = code.wait_s(retry_after)?.try_into().ok()?;
        Some((wait, seconds))
    }

    /// The API's code for the wait, which the notice carries in `data-code`.
    pub fn code(self) -> ErrorCode {
        match self {
            Self::Limits => ErrorCode::RateLimited,
            Self::BusyRelay => ErrorCode::RelayBusy,
        }
    }

    /// Who is busy, in the words of a sentence's end: the notice and the Test button say it.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Limits => "this page ran many tests in a short time",
            Self::BusyRelay => "the relay that reaches your mail server is busy",
        }
    }
}

/// Posts `body` as JSON, with `authorization` when given: a 2xx answer comes back to be read,
/// any other is the API's refusal.
pub async fn post_json(
    url: &str,
    authorization: Option<&str>,
    body: &impl Serialize,
) -> Result<Response, ClientError> {
    let mut request = Request::post(url);
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let response = request
        .json(body)
        .map_err(ClientError::unreachable)?
        .send()
        .await
        .map_err(ClientError::unreachable)?;
    if !response.ok() {
        let retry_after = response.headers().get("retry-after");
        let body = response
            .json::<ErrorBody>()
            .await
            .map_err(ClientError::unreachable)?;
        return Err(match Wait::of(body.error.code, retry_after.as_deref()) {
            Some((wait, retry_after_s)) => ClientError::Limited {
                body,
                wait,
                retry_after_s,
            },
            None => ClientError::Refused(body),
        });
    }
    Ok(response)
}

/// What the deployment says of itself at `path` (`/api/policy`, `/api/oauth/providers`): read
/// once when a widget starts, so it checks and offers exactly what the worker will accept.
pub async fn fetch_deployment<T: DeserializeOwned>(
    api_base: &str,
    path: &str,
) -> Result<T, ClientError> {
    let response = Request::get(&format!("{api_base}{path}"))
        .send()
        .await
        .map_err(ClientError::unreachable)?;
    if !response.ok() {
        return Err(ClientError::Unreachable(format!(
            "{path} answered {}",
            response.status()
        )));
    }
    response.json().await.map_err(ClientError::unreachable)
}

/// Runs one SMTP test through the API, calling `on_event` for each progress event.
pub async fn run_test(
    api_base: &str,
    request: TestRequest,
    mut on_event: impl FnMut(TestEvent),
) -> Result<TestOutcome, ClientError> {
    let response = post_json(&format!("{api_base}/api/test"), None, &request).await?;
    let body = response
        .body()
        .ok_or_else(|| ClientError::Unreachable("the answer had no body".to_owned()))?;
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut pending = Vec::new();
    loop {
        let chunk: ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(js_error)?
            .unchecked_into();
        if chunk.get_done().unwrap_or(true) {
            break;
        }
        pending.extend(chunk.get_value().unchecked_into::<Uint8Array>().to_vec());
        while let Some(end) = pending.iter().position(|&byte| byte == b'\n') {
            let line: Vec<u8> = pending.drain(..=end).collect();
            let line = String::from_utf8(line).map_err(|_| {
                ClientError::Unreachable("unreadable progress: not UTF-8".to_owned())
            })?;
            match TestEvent::from_line(&line) {
                Ok(TestEvent::Report {
                    report,
                    attestation,
                }) => {
                    return Ok(TestOutcome {
                        report: *report,
                        attestation,
                    });
                }
                Ok(event) => on_event(event),
                Err(error) => {
                    return Err(ClientError::Unreachable(format!(
                        "unreadable progress: {error}"
                    )));
                }
            }
        }
    }
    Err(ClientError::Unreachable(
        "the test ended without a report".to_owned(),
    ))
}

fn js_error(error: JsValue) -> ClientError {
    ClientError::Unreachable(
        error
            .as_string()
            .unwrap_or_else(|| "the connection broke".to_owned()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_limits_and_a_busy_relay_are_counted_down_and_nothing_else() {
        assert_eq!(
            Wait::of(ErrorCode::RateLimited, Some("42")),
            Some((Wait::Limits, 42))
        );
        assert_eq!(
            Wait::of(ErrorCode::RelayBusy, Some(" 5 ")),
            Some((Wait::BusyRelay, 5))
        );
        // Without a number of seconds there is nothing to count down.
        assert_eq!(Wait::of(ErrorCode::RelayBusy, None), None);
        // Other refusals are not waits: the deployment is missing something.
        assert_eq!(Wait::of(ErrorCode::NotConfigured, Some("5")), None);
        assert_eq!(Wait::of(ErrorCode::RelayRefused, Some("5")), None);
        // More seconds than the notice can count are no countdown.
        assert_eq!(Wait::of(ErrorCode::RateLimited, Some("99999999999")), None);
        assert_eq!(Wait::BusyRelay.code(), ErrorCode::RelayBusy);
        assert!(Wait::BusyRelay.reason().starts_with("the relay"));
    }
}
