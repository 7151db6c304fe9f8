//! Runs a test directly or through the operator's self-hosted relay (`RELAY_URL`, `RELAY_KEY`,
//! `RELAY_HOSTS`): on-premises presets, port 25 and the listed hosts go through the relay.
//!
//! The worker still validates the form, asks the limits and signs the attestation; the relay only
//! runs the probe and streams the same `TestEvent` lines back, which are passed on as they come.
//! A relay that cannot be reached or refuses is an API error of its own, before the stream starts;
//! a busy one (503 `relay_busy`) is passed on as the API's own 503 `relay_busy`, with the relay's
//! `Retry-After` bounded to a minute, so the widget counts down instead of showing a failure.

use futures_util::StreamExt;
use sendready_shared::api::{ApiError, ErrorCode, TestEvent, relay_busy_wait_s};
use sendready_shared::attestation::SecretKey;
use sendready_shared::ground::Millis;
use sendready_shared::policy::DestinationPolicy;
use sendready_shared::relay::{RELAY_TEST_PATH, RelayProbeRequest, RelayRouting, Route};
use sendready_shared::request_signing::{
    self, HEADER_NONCE, HEADER_SIGNATURE, HEADER_TIMESTAMP, SignedParts,
};
use sendready_shared::settings::RawForm;
use sendready_shared::smtp::{Probe, ProbeConfig, ProbeReport, StageEvent, TransportError};
use worker::{Env, Fetch, Headers, Method, Request, RequestInit, Response};

use crate::config::{hmac_key, now_unix_s, random_hex};
use crate::responses;
use crate::smtp_socket::run_probe;

/// The longest NDJSON line accepted from the relay; a longer one means the stream is broken.
const MAX_LINE_BYTES: usize = 256 * 1024;

/// Which route one test takes and the policy its form is validated with.
pub struct Plan {
    pub route: Route,
    pub policy: DestinationPolicy,
    relay: Option<RelayTarget>,
}

/// Where the relay is and the key requests to it are signed with.
struct RelayTarget {
    url: String,
    key: Result<SecretKey, ApiError>,
}

/// Why a relayed test did not start: the API's error, and the seconds to wait when the relay is
/// busy.
pub struct Refusal {
    pub error: ApiError,
    pub retry_after_s: Option<u64>,
}

/// How the probe of one test runs once admitted.
pub enum Runner {
    Direct,
    /// The relay accepted the request; its answer streams the events.
    Relay(Response),
}

impl Plan {
    /// The route of `form` under this deployment's relay settings; always direct without
    /// `RELAY_URL`.
    pub fn for_form(env: &Env, form: &RawForm, direct: DestinationPolicy) -> Self {
        let text = |name: &str| env.var(name).map(|var| var.to_string()).ok();
        let Some(url) = text("RELAY_URL").filter(|url| !url.trim().is_empty()) else {
            return Self {
                route: Route::Direct,
                policy: direct,
                relay: None,
            };
        };
        let routing = RelayRouting {
            hosts: text("RELAY_HOSTS")
                .unwrap_or_default()
                .split(',')
                .map(|host| host.trim().to_ascii_lowercase())
                .filter(|host| !host.is_empty())
                .collect(),
        };
        let route = routing.route(form);
        Self {
            route,
            policy: routing.policy_for(form, route, direct),
            relay: Some(RelayTarget {
                url: url.trim().trim_end_matches('/').to_owned(),
                key: hmac_key(env, "RELAY_KEY"),
            }),
        }
    }

    /// Opens the relay's answer for a relayed test (its refusals become API errors); nothing to
    /// open for a direct one.
    pub async fn open(&self, config: &ProbeConfig) -> Result<Runner, Refusal> {
        match (&self.relay, self.route) {
            (Some(relay), Route::Relay) => relay.open(config).await.map(Runner::Relay),
            _ => Ok(Runner::Direct),
        }
    }
}

impl RelayTarget {
    async fn open(&self, config: &ProbeConfig) -> Result<Response, Refusal> {
        let key = self.key.clone()?;
        let url = format!("{}{RELAY_TEST_PATH}", self.url);
        let unavailable = |detail: String| {
            ApiError::new(
                ErrorCode::RelayUnavailable,
                format!("the relay at {} could not be reached: {detail}", self.url),
            )
        };
        let body = serde_json::to_string(&RelayProbeRequest::from(config))
            .map_err(|error| unavailable(error.to_string()))?;
        let nonce = random_hex::<16>()?;
        let signed = request_signing::sign(
            &key,
            &SignedParts {
                method: "POST",
                path: RELAY_TEST_PATH,
                timestamp_s: now_unix_s(),
                nonce: &nonce,
                body: body.as_bytes(),
            },
        );
        let headers = Headers::new();
        for (name, value) in [
            ("content-type", "application/json"),
            (HEADER_TIMESTAMP, signed.timestamp.as_str()),
            (HEADER_NONCE, signed.nonce.as_str()),
            (HEADER_SIGNATURE, signed.signature.as_str()),
        ] {
            headers
                .set(name, value)
                .map_err(|error| unavailable(error.to_string()))?;
        }
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_headers(headers)
            .with_body(Some(wasm_bindgen::JsValue::from_str(&body)));
        let request =
            Request::new_with_init(&url, &init).map_err(|error| unavailable(error.to_string()))?;
        let mut response = Fetch::Request(request)
            .send()
            .await
            .map_err(|error| unavailable(error.to_string()))?;
        if response.status_code() == 200 {
            return Ok(response);
        }
        let status = response.status_code();
        let retry_after = response.headers().get("retry-after").ok().flatten();
        let text = response.text().await.unwrap_or_default();
        let json = serde_json::from_str::<serde_json::Value>(&text).ok();
        let error = |field: &str| {
            json.as_ref()
                .and_then(|json| json["error"][field].as_str().map(str::to_owned))
        };
        let code = json
            .as_ref()
            .and_then(|json| serde_json::from_value(json["error"]["code"].clone()).ok());
        if let Some(wait) = relay_busy_wait_s(status, code, retry_after.as_deref()) {
            return Err(Refusal {
                error: ApiError::relay_busy(),
                retry_after_s: Some(wait),
            });
        }
        let reason = error("message").unwrap_or_else(|| format!("it answered {status}"));
        Err(ApiError::new(
            ErrorCode::RelayRefused,
            format!("the relay refused the test: {reason}"),
        )
        .into())
    }
}

impl Refusal {
    /// The API's answer: the error, with `Retry-After` for a busy relay.
    pub fn response(&self) -> worker::Result<Response> {
        match self.retry_after_s {
            Some(seconds) => responses::error_retry_after(&self.error, seconds),
            None => responses::error(&self.error),
        }
    }
}

impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Self {
        Self {
            error,
            retry_after_s: None,
        }
    }
}

impl Runner {
    /// Runs the probe (here, or by following the relay's stream) and returns its report;
    /// `on_event` hears each stage as it starts and finishes.
    pub async fn run(
        self,
        config: ProbeConfig,
        mut on_event: impl FnMut(StageEvent),
    ) -> ProbeReport {
        let mut response = match self {
            Runner::Direct => return run_probe(config, on_event).await,
            Runner::Relay(response) => response,
        };
        let mut stream = match response.stream() {
            Ok(stream) => stream,
            Err(error) => return broken(config, &error.to_string()),
        };
        let mut pending: Vec<u8> = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(error) => return broken(config, &error.to_string()),
            };
            pending.extend_from_slice(&chunk);
            while let Some(end) = pending.iter().position(|&byte| byte == b'\n') {
                let line: Vec<u8> = pending.drain(..=end).collect();
                match serde_json::from_slice::<TestEvent>(&line) {
                    Ok(TestEvent::Started { stage, start_ms }) => {
                        on_event(StageEvent::Started { stage, start_ms })
                    }
                    Ok(TestEvent::Finished(stage)) => on_event(StageEvent::Finished(stage)),
                    Ok(TestEvent::Report { report, .. }) => return report.probe,
                    Err(_) if line.trim_ascii().is_empty() => {}
                    Err(error) => return broken(config, &format!("an unreadable line ({error})")),
                }
            }
            if pending.len() > MAX_LINE_BYTES {
                return broken(config, "a line longer than the relay ever sends");
            }
        }
        broken(config, "the stream ended without a report")
    }
}

/// The report of a relayed probe whose stream broke: a failed connection, in the relay's words.
fn broken(config: ProbeConfig, detail: &str) -> ProbeReport {
    let mut probe = Probe::new(config, Millis(0));
    probe.handle_transport_error(
        TransportError::Io(format!("the relay stopped answering: {detail}")),
        Millis(0),
    );
    probe.report()
}
