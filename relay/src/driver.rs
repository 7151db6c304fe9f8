//! Drives the shared sans-IO probe over a tokio TCP socket with rustls, deadlines from the probe.
//!
//! The same loop as the worker's `smtp_socket`: drain the probe's outputs (send, upgrade to TLS,
//! close) and events, then read until its next deadline, and feed back what happened. The
//! connection goes to addresses the caller resolved (and, in the relay, checked): the name is
//! never looked up a second time, so DNS cannot answer differently between check and connect.

use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;
use sendready_shared::ground::{Millis, Security};
use sendready_shared::smtp::{Output, Probe, ProbeConfig, ProbeReport, StageEvent, TransportError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use crate::tls::{TlsDetails, Trust, server_name};

/// Bytes asked of the socket per read; the probe's own parser bounds what it keeps.
const READ_CHUNK: usize = 4096;
/// How long a close may take before the probe stops waiting for the peer.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// What one probe found: the shared report, the TLS facts, and how many times it waited for
/// the network (TCP connect, TLS handshake, and each flight of commands).
#[derive(Clone, Debug)]
pub struct Finished {
    pub report: ProbeReport,
    pub tls: Option<TlsDetails>,
    pub round_trips: u32,
}

/// The socket, before and after the upgrade.
enum Connection {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
    /// Between taking the plain socket and getting it back as TLS, or after a failed upgrade.
    Gone,
}

/// Resolves `host` for `port`: every address DNS gives, or the failure as the probe names it.
pub async fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, TransportError> {
    match tokio::net::lookup_host((host, port)).await {
        Ok(addresses) => {
            let addresses: Vec<SocketAddr> = addresses.collect();
            if addresses.is_empty() {
                Err(TransportError::DnsFailed(format!("{host} has no address")))
            } else {
                Ok(addresses)
            }
        }
        Err(error) => Err(TransportError::DnsFailed(error.to_string())),
    }
}

/// Runs one probe to the end against `addresses` (or the resolution failure), telling
/// `on_event` each stage as it starts and finishes.
pub async fn run_probe(
    config: ProbeConfig,
    addresses: Result<Vec<SocketAddr>, TransportError>,
    trust: &Trust,
    mut on_event: impl FnMut(StageEvent),
) -> Finished {
    let clock = Clock(Instant::now());
    let mut probe = Probe::new(config.clone(), clock.now());
    let mut run = Run {
        clock,
        round_trips: 0,
        tls: None,
    };
    run.drive(&mut probe, &config, addresses, trust, &mut on_event)
        .await;
    while let Some(event) = probe.poll_event() {
        on_event(event);
    }
    Finished {
        report: probe.report(),
        tls: run.tls,
        round_trips: run.round_trips,
    }
}

/// Milliseconds since the probe began, from a monotonic clock.
#[derive(Clone, Copy)]
struct Clock(Instant);

/// The state of one drive besides the probe itself.
struct Run {
    clock: Clock,
    round_trips: u32,
    tls: Option<TlsDetails>,
}

impl Clock {
    fn now(self) -> Millis {
        Millis(self.0.elapsed().as_millis() as u64)
    }

    fn instant(self, at: Millis) -> tokio::time::Instant {
        tokio::time::Instant::from_std(self.0 + Duration::from_millis(at.0))
    }
}

impl Run {
    async fn drive(
        &mut self,
        probe: &mut Probe,
        config: &ProbeConfig,
        addresses: Result<Vec<SocketAddr>, TransportError>,
        trust: &Trust,
        on_event: &mut impl FnMut(StageEvent),
    ) {
        let addresses = match addresses {
            Ok(addresses) => addresses,
            Err(error) => return probe.handle_transport_error(error, self.clock.now()),
        };
        let name = match server_name(&config.host) {
            Ok(name) => name,
            Err(detail) => {
                return probe.handle_transport_error(TransportError::Tls(detail), self.clock.now());
            }
        };
        self.round_trips += 1;
        let tcp = match self.race(probe, TcpStream::connect(&addresses[..])).await {
            Some(Ok(tcp)) => tcp,
            Some(Err(error)) => {
                return probe.handle_transport_error(connect_error(&error), self.clock.now());
            }
            None => return probe.handle_timeout(self.clock.now()),
        };
        let _ = tcp.set_nodelay(true);
        let mut connection = Connection::Plain(tcp);
        if config.security == Security::ImplicitTls {
            match self
                .upgrade(probe, connection, &name, &config.host, trust)
                .await
            {
                Ok(upgraded) => connection = upgraded,
                Err(error) => return probe.handle_transport_error(error, self.clock.now()),
            }
        }
        probe.handle_connected(self.clock.now());
        let mut buffer = vec![0_u8; READ_CHUNK];
        while !probe.is_finished() {
            while let Some(event) = probe.poll_event() {
                on_event(event);
            }
            let mut sent = false;
            while let Some(output) = probe.poll_output() {
                match output {
                    Output::Send(bytes) => {
                        sent = true;
                        match self.race(probe, connection.write_all(&bytes)).await {
                            Some(Ok(())) => {}
                            Some(Err(error)) => probe.handle_transport_error(
                                TransportError::Io(error.to_string()),
                                self.clock.now(),
                            ),
                            None => probe.handle_timeout(self.clock.now()),
                        }
                    }
                    Output::StartTls => {
                        let plain = std::mem::replace(&mut connection, Connection::Gone);
                        match self.upgrade(probe, plain, &name, &config.host, trust).await {
                            Ok(upgraded) => {
                                connection = upgraded;
                                probe.handle_tls_established(self.clock.now());
                            }
                            Err(error) => probe.handle_transport_error(error, self.clock.now()),
                        }
                    }
                    Output::Close => {
                        let _ = tokio::time::timeout(CLOSE_GRACE, connection.shutdown()).await;
                    }
                }
            }
            if probe.is_finished() {
                break;
            }
            // Waiting for the server's answer to what was just sent is one round trip.
            if sent {
                self.round_trips += 1;
            }
            match self.race(probe, connection.read(&mut buffer)).await {
                Some(Ok(0)) => probe.handle_closed(self.clock.now()),
                Some(Ok(read)) => probe.handle_input(&buffer[..read], self.clock.now()),
                Some(Err(error)) => probe.handle_transport_error(
                    TransportError::Io(error.to_string()),
                    self.clock.now(),
                ),
                None => probe.handle_timeout(self.clock.now()),
            }
        }
    }

    /// The TLS handshake over `connection`, recording what the session and certificate were.
    async fn upgrade(
        &mut self,
        probe: &Probe,
        connection: Connection,
        name: &ServerName<'static>,
        host: &str,
        trust: &Trust,
    ) -> Result<Connection, TransportError> {
        let Connection::Plain(tcp) = connection else {
            return Err(TransportError::Tls(
                "the connection was already encrypted".to_owned(),
            ));
        };
        let (config, verifier) = trust.client_config().map_err(TransportError::Tls)?;
        self.round_trips += 1;
        let handshake = TlsConnector::from(config).connect(name.clone(), tcp);
        match self.race(probe, handshake).await {
            Some(Ok(stream)) => {
                self.tls = verifier.details(host, Some(stream.get_ref().1));
                Ok(Connection::Tls(Box::new(stream)))
            }
            Some(Err(error)) => {
                self.tls = verifier.details(host, None);
                Err(TransportError::Tls(tls_error_text(&error)))
            }
            None => {
                self.tls = verifier.details(host, None);
                Err(TransportError::Io("the TLS handshake timed out".to_owned()))
            }
        }
    }

    /// Waits for `operation` or the probe's next deadline, whichever comes first (`None`: deadline).
    async fn race<T>(&self, probe: &Probe, operation: impl Future<Output = T>) -> Option<T> {
        match probe.poll_timeout() {
            Some(deadline) => tokio::time::timeout_at(self.clock.instant(deadline), operation)
                .await
                .ok(),
            None => Some(operation.await),
        }
    }
}

impl Connection {
    async fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        match self {
            Connection::Plain(tcp) => tcp.read(buffer).await,
            Connection::Tls(tls) => tls.read(buffer).await,
            Connection::Gone => Ok(0),
        }
    }

    async fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Connection::Plain(tcp) => tcp.write_all(bytes).await,
            Connection::Tls(tls) => tls.write_all(bytes).await,
            Connection::Gone => Err(io::Error::new(
                io::ErrorKind::NotConnected,
                "the connection is gone",
            )),
        }
    }

    async fn shutdown(&mut self) -> io::Result<()> {
        match self {
            Connection::Plain(tcp) => tcp.shutdown().await,
            Connection::Tls(tls) => tls.shutdown().await,
            Connection::Gone => Ok(()),
        }
    }
}

/// A failed TCP connect as the probe classifies it.
fn connect_error(error: &io::Error) -> TransportError {
    match error.kind() {
        io::ErrorKind::ConnectionRefused => TransportError::ConnectionRefused,
        io::ErrorKind::NetworkUnreachable | io::ErrorKind::HostUnreachable => {
            TransportError::Unreachable(error.to_string())
        }
        _ => TransportError::Io(error.to_string()),
    }
}

/// The rustls reason inside an I/O error, e.g. "invalid peer certificate: NotValidForName".
fn tls_error_text(error: &io::Error) -> String {
    error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .map_or_else(|| error.to_string(), rustls::Error::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_and_unreachable_connects_keep_their_meaning() {
        let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
        assert_eq!(connect_error(&refused), TransportError::ConnectionRefused);
        let unreachable = io::Error::from(io::ErrorKind::NetworkUnreachable);
        assert!(matches!(
            connect_error(&unreachable),
            TransportError::Unreachable(_)
        ));
    }
}
