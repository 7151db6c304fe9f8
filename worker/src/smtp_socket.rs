//! Drives the shared sans-IO probe over a Cloudflare TCP socket, with the Workers timer for deadlines.
//!
//! The socket's streams are used directly: one reader and one writer per transport (plain, then
//! TLS), released only to upgrade, instead of a lock taken and released around every read and
//! write.

use std::time::Duration;

use futures_util::future::{Either, select};
use js_sys::{Object, Reflect, Uint8Array};
use sendready_shared::ground::Millis;
use sendready_shared::ground::Security;
use sendready_shared::smtp::{Output, Probe, ProbeConfig, ProbeReport, StageEvent, TransportError};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, ReadableStreamReadResult, WritableStreamDefaultWriter};
use worker::Delay;
use worker::worker_sys::{self, Socket};

/// How long a close may take before the worker stops waiting for the peer.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// Runs one probe to the end and returns its report; every failure ends up in the report.
/// `on_event` hears each stage start and finish as it happens.
pub async fn run_probe(config: ProbeConfig, mut on_event: impl FnMut(StageEvent)) -> ProbeReport {
    let mut probe = Probe::new(config.clone(), now());
    let report = drive(&mut probe, &config, &mut on_event).await;
    while let Some(event) = probe.poll_event() {
        on_event(event);
    }
    report
}

async fn drive(
    probe: &mut Probe,
    config: &ProbeConfig,
    on_event: &mut impl FnMut(StageEvent),
) -> ProbeReport {
    // Implicit TLS is opened in STARTTLS mode and upgraded at once: a refused connection then
    // fails at `opened()`, and a failed handshake at the first read, where the probe can tell a
    // plaintext server on a TLS port (wrong TLS mode) from a broken connection.
    let mut connection = match Connection::open(&config.host, config.port) {
        Ok(connection) => connection,
        Err(error) => {
            probe.handle_transport_error(TransportError::Io(error), now());
            return probe.report();
        }
    };
    match race(connection.opened(), probe).await {
        Some(Ok(())) => {
            if config.security == Security::ImplicitTls {
                connection = match connection.start_tls() {
                    Ok(upgraded) => upgraded,
                    Err(error) => {
                        probe.handle_transport_error(TransportError::Tls(error), now());
                        return probe.report();
                    }
                };
            }
            probe.handle_connected(now());
        }
        Some(Err(error)) => probe.handle_transport_error(TransportError::Io(error), now()),
        None => probe.handle_timeout(now()),
    }
    while !probe.is_finished() {
        while let Some(event) = probe.poll_event() {
            on_event(event);
        }
        while let Some(output) = probe.poll_output() {
            match output {
                Output::Send(bytes) => match race(connection.write(&bytes), probe).await {
                    Some(Ok(())) => {}
                    Some(Err(error)) => {
                        probe.handle_transport_error(TransportError::Io(error), now())
                    }
                    None => probe.handle_timeout(now()),
                },
                Output::StartTls => match connection.start_tls() {
                    Ok(upgraded) => {
                        connection = upgraded;
                        probe.handle_tls_established(now());
                    }
                    Err(error) => {
                        probe.handle_transport_error(TransportError::Tls(error), now());
                        return probe.report();
                    }
                },
                Output::Close => {
                    // Closing is best effort and bounded: the report is complete whatever the
                    // peer does.
                    let _ = select(Box::pin(connection.close()), Delay::from(CLOSE_GRACE)).await;
                }
            }
        }
        if probe.is_finished() {
            break;
        }
        match race(connection.read(), probe).await {
            Some(Ok(Some(bytes))) => probe.handle_input(&bytes, now()),
            Some(Ok(None)) => probe.handle_closed(now()),
            Some(Err(error)) => probe.handle_transport_error(TransportError::Io(error), now()),
            None => probe.handle_timeout(now()),
        }
    }
    probe.report()
}

/// One TCP connection with the reader and writer of its current transport.
struct Connection {
    socket: Socket,
    reader: ReadableStreamDefaultReader,
    writer: WritableStreamDefaultWriter,
    /// A read the deadline interrupted: the next read waits for it, so no bytes are lost.
    pending_read: Option<JsFuture>,
}

impl Connection {
    /// Connects in STARTTLS mode (plain until upgraded); errors are the runtime's words.
    fn open(host: &str, port: u16) -> Result<Self, String> {
        let address = Object::new();
        let options = Object::new();
        let set = |target: &Object, key: &str, value: JsValue| {
            Reflect::set(target, &JsValue::from_str(key), &value).map(|_| ())
        };
        set(&address, "hostname", JsValue::from_str(host))
            .and_then(|()| set(&address, "port", JsValue::from(port)))
            .and_then(|()| set(&options, "secureTransport", JsValue::from_str("starttls")))
            .and_then(|()| set(&options, "allowHalfOpen", JsValue::FALSE))
            .and_then(|()| worker_sys::connect(address.into(), options.into()))
            .and_then(Self::attach)
            .map_err(runtime_error)
    }

    /// Takes the reader and the writer of `socket`'s streams for as long as it is used.
    fn attach(socket: Socket) -> Result<Self, JsValue> {
        let reader = socket.readable()?.get_reader().dyn_into()?;
        let writer = socket.writable()?.get_writer()?;
        Ok(Self {
            socket,
            reader,
            writer,
            pending_read: None,
        })
    }

    async fn opened(&self) -> Result<(), String> {
        let opened = self.socket.opened().map_err(runtime_error)?;
        JsFuture::from(opened)
            .await
            .map(drop)
            .map_err(runtime_error)
    }

    /// Upgrades to TLS: the plain streams' locks are released, the TLS streams' taken.
    fn start_tls(self) -> Result<Self, String> {
        self.reader.release_lock();
        self.writer.release_lock();
        self.socket
            .start_tls()
            .and_then(Self::attach)
            .map_err(stream_error)
    }

    async fn write(&self, bytes: &[u8]) -> Result<(), String> {
        let chunk = Uint8Array::from(bytes);
        JsFuture::from(self.writer.write_with_chunk(&chunk))
            .await
            .map(drop)
            .map_err(stream_error)
    }

    /// The next bytes, or `None` once the peer closed its side.
    async fn read(&mut self) -> Result<Option<Vec<u8>>, String> {
        let reader = &self.reader;
        let pending = self
            .pending_read
            .get_or_insert_with(|| JsFuture::from(reader.read()));
        let result = pending.await;
        self.pending_read = None;
        let result: ReadableStreamReadResult = result.map_err(stream_error)?.unchecked_into();
        if result.get_done().unwrap_or(false) {
            return Ok(None);
        }
        Ok(Some(Uint8Array::new(&result.get_value()).to_vec()))
    }

    async fn close(&self) {
        if let Ok(closing) = self.socket.close() {
            let _ = JsFuture::from(closing).await;
        }
    }
}

/// A connect or open failure in the runtime's words, as `worker::Error` renders them.
fn runtime_error(error: JsValue) -> String {
    in_words(worker::Error::from(error).to_string())
}

/// A stream failure in the runtime's words (a TLS handshake that failed surfaces here).
fn stream_error(error: JsValue) -> String {
    in_words(
        match (error.as_string(), error.dyn_ref::<js_sys::Error>()) {
            (Some(text), _) => text,
            (None, Some(error)) => error.to_string().into(),
            (None, None) => format!("{error:?}"),
        },
    )
}

/// workerd's words for a failure it does not explain (a TLS handshake the server did not
/// complete, among others), followed by a reference only its operators can look up.
const OPAQUE_RUNTIME_ERROR: &str = "internal error; reference";

/// The runtime's words for a person: an opaque failure says so instead of showing the
/// runtime's reference, on every path a failure takes.
fn in_words(text: String) -> String {
    if text.contains(OPAQUE_RUNTIME_ERROR) {
        "the connection failed and the runtime gave no reason".to_owned()
    } else {
        text
    }
}

/// Waits for `operation` or the probe's next deadline, whichever comes first (`None`: deadline).
async fn race<T>(operation: impl Future<Output = T>, probe: &Probe) -> Option<T> {
    let Some(deadline) = probe.poll_timeout() else {
        return Some(operation.await);
    };
    let wait = Duration::from_millis(deadline.0.saturating_sub(now().0));
    match select(Box::pin(operation), Delay::from(wait)).await {
        Either::Left((value, _)) => Some(value),
        Either::Right(_) => None,
    }
}

/// Milliseconds from the Unix epoch: Workers freeze the clock during CPU work, which is
/// exactly the I/O-bound time the deadlines are about.
fn now() -> Millis {
    Millis(js_sys::Date::now() as u64)
}
