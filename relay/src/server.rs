//! `sendready relay`: the HTTP service that runs probes for the worker, next to mail servers the
//! cloud cannot reach, and streams back the same NDJSON `TestEvent`s as `POST /api/test`.
//!
//! One endpoint, `POST /v1/test`. Before anything else a request must carry a fresh, unused
//! HMAC signature (`sendready_shared::request_signing`); then the destination is checked by name
//! and on every resolved address, and only then does the answer start. Errors are JSON
//! `{"error": {"code", "message"}}` and never quote the request.
//!
//! What one relay takes on is bounded: connections (the rest wait in the kernel's backlog),
//! the time to send the headers and the body (a client that trickles them is cut off), and
//! the probes running at once (`--max-tests`; one more is answered 503 `relay_busy` with
//! `Retry-After`, after its signature was checked, so strangers cannot fill the slots).

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use sendready_shared::api::TestEvent;
use sendready_shared::attestation::SecretKey;
use sendready_shared::diagnosis;
use sendready_shared::relay::{BUSY_RETRY_AFTER_S, RELAY_TEST_PATH, RelayProbeRequest, Route};
use sendready_shared::request_signing::{
    HEADER_NONCE, HEADER_SIGNATURE, HEADER_TIMESTAMP, ReplayGuard,
};
use sendready_shared::session::TestReport;
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::destinations::{Destinations, Network};
use crate::driver::{resolve, run_probe};
use crate::tls::Trust;
use crate::{Exit, RelayArgs};

/// Probe requests are small; anything larger is refused before it is read.
const MAX_BODY_BYTES: usize = 16 * 1024;
/// Nonces remembered at once: far above what one relay serves in two minutes.
const REPLAY_CAPACITY: usize = 100_000;
/// Connections served at once; further ones wait to be accepted.
const MAX_CONNECTIONS: usize = 256;
/// The longest a client may take to send a request's headers, and then its body.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
const BODY_TIMEOUT: Duration = Duration::from_secs(10);

type Body = BoxBody<Bytes, Infallible>;

/// What every request shares.
struct Relay {
    key: SecretKey,
    guard: Mutex<ReplayGuard>,
    destinations: Destinations,
    trust: Trust,
    /// One permit per probe allowed to run at once.
    probes: Arc<Semaphore>,
    max_probes: u16,
}

/// Reads the key and the operator's networks, binds, and serves until the process ends.
pub async fn serve(args: RelayArgs) -> Result<Exit, (Exit, String)> {
    let environment = |message: String| (Exit::Environment, message);
    let key_text = std::fs::read_to_string(&args.key_file).map_err(|error| {
        environment(format!(
            "cannot read the key file {}: {error}",
            args.key_file.display()
        ))
    })?;
    let key = SecretKey::new(key_text.trim().as_bytes()).map_err(|error| {
        environment(format!("the key file {}: {error}", args.key_file.display()))
    })?;
    let networks = args
        .allow_networks
        .iter()
        .map(|text| Network::parse(text))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|message| (Exit::BadInput, message))?;
    let relay = Arc::new(Relay {
        key,
        guard: Mutex::new(ReplayGuard::new(REPLAY_CAPACITY)),
        destinations: Destinations::new(args.allow_loopback, networks),
        trust: Trust::new(args.ca_file.as_deref()).map_err(environment)?,
        probes: Arc::new(Semaphore::new(usize::from(args.max_tests))),
        max_probes: args.max_tests,
    });
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let listener = TcpListener::bind(args.listen)
        .await
        .map_err(|error| environment(format!("cannot listen on {}: {error}", args.listen)))?;
    eprintln!("sendready relay: listening on http://{}", args.listen);
    loop {
        let Ok(connection) = connections.clone().acquire_owned().await else {
            return Err(environment("the connection limit closed".to_owned()));
        };
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let relay = relay.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| answer(request, relay.clone()));
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(connection);
        });
    }
}

/// One request, with its log line (method, path, status, time; never a header or the body).
async fn answer(
    request: Request<Incoming>,
    relay: Arc<Relay>,
) -> Result<Response<Body>, Infallible> {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = handle(request, &relay)
        .await
        .unwrap_or_else(|refusal| refusal);
    eprintln!(
        "{}",
        serde_json::json!({
            "method": method.as_str(),
            "path": path,
            "status": response.status().as_u16(),
            "ms": started.elapsed().as_millis() as u64,
        })
    );
    Ok(response)
}

async fn handle(
    request: Request<Incoming>,
    relay: &Relay,
) -> Result<Response<Body>, Response<Body>> {
    if request.uri().path() != RELAY_TEST_PATH {
        return Err(error(
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("the relay serves only {RELAY_TEST_PATH}"),
        ));
    }
    if request.method() != Method::POST {
        return Err(error(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            &format!("{RELAY_TEST_PATH} accepts POST"),
        ));
    }
    let (parts, body) = request.into_parts();
    let body = tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, MAX_BODY_BYTES).collect())
        .await
        .map_err(|_| {
            error(
                StatusCode::REQUEST_TIMEOUT,
                "body_too_slow",
                &format!(
                    "the request body did not arrive within {} seconds",
                    BODY_TIMEOUT.as_secs()
                ),
            )
        })?
        .map_err(|_| {
            error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                &format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
            )
        })?
        .to_bytes();
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    let headers = [
        header(HEADER_TIMESTAMP),
        header(HEADER_NONCE),
        header(HEADER_SIGNATURE),
    ];
    let verified = match relay.guard.lock() {
        Ok(mut guard) => guard.verify(
            &relay.key,
            headers,
            parts.method.as_str(),
            RELAY_TEST_PATH,
            &body,
            unix_now_s(),
        ),
        Err(_) => {
            return Err(error(
                StatusCode::SERVICE_UNAVAILABLE,
                "relay_busy",
                "the relay's replay guard is unusable; restart it",
            ));
        }
    };
    verified.map_err(|refused| {
        error(
            StatusCode::UNAUTHORIZED,
            refused.code(),
            &refused.to_string(),
        )
    })?;
    let probe_request: RelayProbeRequest = serde_json::from_slice(&body).map_err(|parse| {
        let detail = format!(
            "the body is not a probe request ({:?} error at line {} column {})",
            parse.classify(),
            parse.line(),
            parse.column()
        );
        error(StatusCode::BAD_REQUEST, "invalid_json", &detail)
    })?;
    let config = probe_request.into_config().map_err(|bad| {
        error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            &bad.to_string(),
        )
    })?;
    let refuse = |refused: sendready_shared::policy::PolicyError| {
        error(
            StatusCode::FORBIDDEN,
            "destination_refused",
            &format!("the relay refused {}: {refused}", config.host),
        )
    };
    relay
        .destinations
        .check_name(&config.host, config.port)
        .map_err(refuse)?;
    let addresses = resolve(&config.host, config.port).await;
    if let Ok(resolved) = &addresses {
        relay
            .destinations
            .check_addresses(resolved)
            .map_err(refuse)?;
    }
    let permit = relay
        .probes
        .clone()
        .try_acquire_owned()
        .map_err(|_| busy(relay.max_probes))?;
    let (sender, receiver) = futures_channel::mpsc::unbounded::<Bytes>();
    let trust = relay.trust.clone();
    tokio::spawn(async move {
        let _running: OwnedSemaphorePermit = permit;
        let progress = sender.clone();
        let finished = run_probe(config, addresses, &trust, move |event| {
            let _ = progress.unbounded_send(line(&TestEvent::from(event)));
        })
        .await;
        let report = TestReport {
            diagnosis: diagnosis::explain(
                &finished.report,
                Some(diagnosis::Day::from_unix_seconds(unix_now_s())),
            ),
            probe: finished.report,
            route: Some(Route::Relay),
        };
        let _ = sender.unbounded_send(line(&TestEvent::Report {
            report: Box::new(report),
            attestation: None,
        }));
    });
    let stream = receiver.map(|bytes| Ok::<_, Infallible>(Frame::data(bytes)));
    let mut response = Response::new(BodyExt::boxed(StreamBody::new(stream)));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    Ok(response)
}

/// 503 `relay_busy`: `max_probes` tests are running.
fn busy(max_probes: u16) -> Response<Body> {
    let mut busy = error(
        StatusCode::SERVICE_UNAVAILABLE,
        "relay_busy",
        &format!(
            "the relay is running its limit of {max_probes} tests at once; try again in a few seconds"
        ),
    );
    busy.headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(BUSY_RETRY_AFTER_S));
    busy
}

/// One NDJSON line.
fn line(event: &TestEvent) -> Bytes {
    let mut bytes = serde_json::to_vec(event).unwrap_or_default();
    bytes.push(b'\n');
    Bytes::from(bytes)
}

/// `{"error": {"code", "message"}}` with `status`.
fn error(status: StatusCode, code: &str, message: &str) -> Response<Body> {
    let body = serde_json::json!({ "error": { "code": code, "message": message } }).to_string();
    let mut response = Response::new(BodyExt::boxed(Full::new(Bytes::from(body))));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn unix_now_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}
