//! Drives the shared sans-IO probe over a Cloudflare TCP socket, with the Workers timer for deadlines.

use std::time::Duration;

use futures_util::future::{Either, select};
use sendready_shared::ground::Millis;
use sendready_shared::ground::Security;
use sendready_shared::smtp::{Output, Probe, ProbeConfig, ProbeReport, StageEvent, TransportError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use worker::{Delay, SecureTransport, Socket};

/// Bytes asked of the socket per read; the probe's own parser bounds what it keeps.
const READ_CHUNK: usize = 4096;
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
    let socket = Socket::builder()
        .secure_transport(SecureTransport::StartTls)
        .connect(config.host.clone(), config.port);
    let mut socket = match socket {
        Ok(socket) => socket,
        Err(error) => {
            probe.handle_transport_error(TransportError::Io(error.to_string()), now());
            return probe.report();
        }
    };
    match race(socket.opened(), probe).await {
        Some(Ok(_)) => {
            if config.security == Security::ImplicitTls {
                socket = socket.start_tls();
            }
            probe.handle_connected(now());
        }
        Some(Err(error)) => {
            probe.handle_transport_error(TransportError::Io(error.to_string()), now())
        }
        None => probe.handle_timeout(now()),
    }
    let mut buffer = vec![0_u8; READ_CHUNK];
    while !probe.is_finished() {
        while let Some(event) = probe.poll_event() {
            on_event(event);
        }
        while let Some(output) = probe.poll_output() {
            match output {
                Output::Send(bytes) => match race(socket.write_all(&bytes), probe).await {
                    Some(Ok(())) => {}
                    Some(Err(error)) => {
                        probe.handle_transport_error(TransportError::Io(error.to_string()), now())
                    }
                    None => probe.handle_timeout(now()),
                },
                Output::StartTls => {
                    socket = socket.start_tls();
                    probe.handle_tls_established(now());
                }
                Output::Close => {
                    // Closing is best effort and bounded: the report is complete whatever the
                    // peer does.
                    let close = socket.close();
                    let _ = select(Box::pin(close), Delay::from(CLOSE_GRACE)).await;
                }
            }
        }
        if probe.is_finished() {
            break;
        }
        match race(socket.read(&mut buffer), probe).await {
            Some(Ok(0)) => probe.handle_closed(now()),
            Some(Ok(read)) => probe.handle_input(&buffer[..read], now()),
            Some(Err(error)) => {
                probe.handle_transport_error(TransportError::Io(error.to_string()), now())
            }
            None => probe.handle_timeout(now()),
        }
    }
    probe.report()
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
