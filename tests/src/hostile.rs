//! Scripted SMTP servers that misbehave on purpose, for driving the worker's probe into every hostile case.
//!
//! A `HostileServer` listens on a free port of 127.0.0.1, accepts one connection and plays a
//! script of `Step`s: send bytes (at once or one by one), expect a command, pause, upgrade to TLS
//! with the test CA's server certificate (after STARTTLS, or first thing for implicit TLS), or
//! close. When the script ends it keeps reading until the client hangs up, and hands back every
//! line it received, each marked with whether it came over TLS: tests prove from the server's
//! side what the client did and did not send.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};
use sendready_shared::smtp::Outcome;

use crate::{Environment, TestRun, secret_forms, test_request};

/// The password every hostile test types: the log-hygiene test searches the logs for it.
pub const HOSTILE_PASSWORD: &str = "hostile-Pa55-9f2c41d7";

/// How long the server waits for the worker to connect, and for each read. Longer than the
/// probe's 30 s total deadline, so a probe that overruns shows up as a failed test, not a hang.
const PATIENCE: Duration = Duration::from_secs(45);
/// Received lines longer than this are cut: a test only needs their start.
const KEPT_LINE_BYTES: usize = 512;

/// One thing the server does, in script order.
#[derive(Clone, Debug)]
pub enum Step {
    /// Write these bytes in one write.
    Send(Vec<u8>),
    /// Write these bytes one at a time, pausing between them.
    SendSlowly { bytes: Vec<u8>, pause: Duration },
    /// Read one line; it must start with this prefix (ASCII case-insensitive; `""` takes any line).
    Expect(&'static str),
    /// Do nothing for this long.
    Sleep(Duration),
    /// Become the TLS server on this connection (after a `220` to STARTTLS, or at once for
    /// implicit TLS), with the certificate the worker trusts.
    Tls,
    /// Hang up without reading what the client still sends.
    Close,
}

/// A line the server received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    /// The line without its line end, lossily decoded and cut to `KEPT_LINE_BYTES`.
    pub line: String,
    pub over_tls: bool,
}

/// What happened on the connection.
#[derive(Clone, Debug, Default)]
pub struct Session {
    /// Every line received, in order, including what the client sent after the script ended.
    pub received: Vec<Received>,
    /// Where the client left the script (an unexpected command, a failed TLS handshake, a
    /// hang-up); `None` when it followed the script to the end.
    pub deviation: Option<String>,
}

/// A scripted server on 127.0.0.1 for one connection; `finish` waits for it and tells what it saw.
pub struct HostileServer {
    port: u16,
    thread: JoinHandle<Session>,
}

/// The connection, before or after the TLS upgrade.
enum Transport {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
    Closed,
}

/// The connection with its read-ahead buffer and what it received so far.
struct Connection {
    transport: Transport,
    pending: Vec<u8>,
    session: Session,
}

impl HostileServer {
    /// Listens now and plays `script` on the first connection, in a thread of its own. The
    /// certificate and key come from `pki_dir` (`server.pem`, `server.key`) when the script
    /// has a `Step::Tls`.
    pub fn start(pki_dir: &Path, script: Vec<Step>) -> Self {
        let tls = script
            .iter()
            .any(|step| matches!(step, Step::Tls))
            .then(|| tls_config(pki_dir));
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind a free loopback port");
        let port = listener
            .local_addr()
            .expect("the listener's address")
            .port();
        let thread = std::thread::spawn(move || serve(&listener, &script, tls));
        Self { port, thread }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Waits until the client hung up (or `PATIENCE` ran out) and returns what the server saw.
    pub fn finish(self) -> Session {
        self.thread.join().unwrap_or_else(|_| Session {
            deviation: Some("the hostile server's thread panicked".to_owned()),
            ..Session::default()
        })
    }
}

impl Session {
    /// The lines received, as text, for assertion messages and prefix checks.
    pub fn lines(&self) -> Vec<&str> {
        self.received
            .iter()
            .map(|received| received.line.as_str())
            .collect()
    }

    /// True when any line starting with `prefix` (ASCII case-insensitive) arrived in the clear.
    pub fn received_in_clear(&self, prefix: &str) -> bool {
        self.received
            .iter()
            .any(|received| !received.over_tls && starts_with_ignore_case(&received.line, prefix))
    }
}

impl Connection {
    fn play(&mut self, step: &Step, tls: Option<&Arc<ServerConfig>>) -> Result<(), String> {
        match step {
            Step::Send(bytes) => self
                .write(bytes)
                .map_err(|error| format!("writing failed: {error}")),
            Step::SendSlowly { bytes, pause } => {
                for byte in bytes {
                    self.write(std::slice::from_ref(byte))
                        .map_err(|error| format!("writing slowly failed: {error}"))?;
                    std::thread::sleep(*pause);
                }
                Ok(())
            }
            Step::Expect(prefix) => match self.read_line() {
                Some(line) if starts_with_ignore_case(&line, prefix) => Ok(()),
                Some(line) => Err(format!("expected {prefix:?}, got {line:?}")),
                None => Err(format!(
                    "the client hung up while the server expected {prefix:?}"
                )),
            },
            Step::Sleep(pause) => {
                std::thread::sleep(*pause);
                Ok(())
            }
            Step::Tls => {
                self.upgrade(tls.expect("a TLS configuration for a script with Step::Tls"))
            }
            Step::Close => {
                self.close();
                Ok(())
            }
        }
    }

    fn upgrade(&mut self, config: &Arc<ServerConfig>) -> Result<(), String> {
        if !self.pending.is_empty() {
            return Err(format!(
                "the client sent {} bytes before the TLS handshake",
                self.pending.len()
            ));
        }
        let Transport::Plain(socket) = std::mem::replace(&mut self.transport, Transport::Closed)
        else {
            return Err("the connection is not in plaintext".to_owned());
        };
        let connection =
            ServerConnection::new(Arc::clone(config)).map_err(|error| error.to_string())?;
        let mut stream = StreamOwned::new(connection, socket);
        while stream.conn.is_handshaking() {
            stream
                .conn
                .complete_io(&mut stream.sock)
                .map_err(|error| format!("the TLS handshake failed: {error}"))?;
        }
        self.transport = Transport::Tls(Box::new(stream));
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match &mut self.transport {
            Transport::Plain(socket) => socket.write_all(bytes),
            Transport::Tls(stream) => stream.write_all(bytes).and_then(|()| stream.flush()),
            Transport::Closed => Err(io::Error::from(io::ErrorKind::NotConnected)),
        }
    }

    /// The next line, recorded; at EOF, the unterminated rest (if any) and then `None`.
    fn read_line(&mut self) -> Option<String> {
        loop {
            if let Some(end) = self.pending.iter().position(|&byte| byte == b'\n') {
                let line: Vec<u8> = self.pending.drain(..=end).collect();
                return Some(self.record(&line));
            }
            let mut buffer = [0_u8; 4096];
            let read = match &mut self.transport {
                Transport::Plain(socket) => socket.read(&mut buffer),
                Transport::Tls(stream) => stream.read(&mut buffer),
                Transport::Closed => Ok(0),
            };
            match read {
                Ok(read) if read > 0 => self.pending.extend_from_slice(&buffer[..read]),
                _ if self.pending.is_empty() => return None,
                _ => {
                    let rest = std::mem::take(&mut self.pending);
                    return Some(self.record(&rest));
                }
            }
        }
    }

    fn record(&mut self, raw: &[u8]) -> String {
        let text = String::from_utf8_lossy(raw);
        let line: String = text
            .trim_end_matches(['\r', '\n'])
            .chars()
            .take(KEPT_LINE_BYTES)
            .collect();
        let over_tls = matches!(self.transport, Transport::Tls(_));
        self.session.received.push(Received {
            line: line.clone(),
            over_tls,
        });
        line
    }

    fn close(&mut self) {
        match std::mem::replace(&mut self.transport, Transport::Closed) {
            Transport::Plain(socket) => {
                let _ = socket.shutdown(std::net::Shutdown::Both);
            }
            Transport::Tls(mut stream) => {
                stream.conn.send_close_notify();
                let _ = stream.flush();
                let _ = stream.sock.shutdown(std::net::Shutdown::Both);
            }
            Transport::Closed => {}
        }
    }
}

/// Accepts one connection, plays the script, then reads until the client hangs up.
fn serve(listener: &TcpListener, script: &[Step], tls: Option<Arc<ServerConfig>>) -> Session {
    let Some(socket) = accept(listener) else {
        return Session {
            deviation: Some(format!("nobody connected within {PATIENCE:?}")),
            ..Session::default()
        };
    };
    play(socket, script, tls.as_ref())
}

/// Plays the script on one connection, then reads until the client hangs up.
fn play(socket: TcpStream, script: &[Step], tls: Option<&Arc<ServerConfig>>) -> Session {
    let _ = socket.set_read_timeout(Some(PATIENCE));
    let _ = socket.set_nodelay(true);
    let mut connection = Connection {
        transport: Transport::Plain(socket),
        pending: Vec::new(),
        session: Session::default(),
    };
    for step in script {
        if let Err(deviation) = connection.play(step, tls) {
            connection.session.deviation = Some(deviation);
            break;
        }
    }
    while connection.read_line().is_some() {}
    connection.close();
    connection.session
}

/// Listens on a free port of 127.0.0.1 and plays `script` on every connection, each in a thread
/// of its own, until the process ends; returns the port. Without pauses in the script this is
/// a server that answers as fast as the machine allows: the worker bench's instant peer.
pub fn serve_every_connection(pki_dir: &Path, script: Vec<Step>) -> u16 {
    let tls = script
        .iter()
        .any(|step| matches!(step, Step::Tls))
        .then(|| tls_config(pki_dir));
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind a free loopback port");
    let port = listener
        .local_addr()
        .expect("the listener's address")
        .port();
    let script = Arc::new(script);
    std::thread::spawn(move || {
        for socket in listener.incoming().flatten() {
            let (script, tls) = (Arc::clone(&script), tls.clone());
            std::thread::spawn(move || play(socket, &script, tls.as_ref()));
        }
    });
    port
}

/// The first connection within `PATIENCE`; the listener stops listening when it is dropped.
fn accept(listener: &TcpListener) -> Option<TcpStream> {
    listener.set_nonblocking(true).ok()?;
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        match listener.accept() {
            Ok((socket, _)) => {
                socket.set_nonblocking(false).ok()?;
                return Some(socket);
            }
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(10))
            }
            Err(_) => return None,
        }
    }
    None
}

/// A TLS server configuration with the certificate the MTA uses, which the worker trusts.
fn tls_config(pki_dir: &Path) -> Arc<ServerConfig> {
    let certificate = pki_dir.join("server.pem");
    let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&certificate)
        .and_then(Iterator::collect)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", certificate.display()));
    let key_file = pki_dir.join("server.key");
    let key = PrivateKeyDer::from_pem_file(&key_file)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", key_file.display()));
    let config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .and_then(|builder| {
                builder
                    .with_no_client_auth()
                    .with_single_cert(certificates, key)
            })
            .unwrap_or_else(|error| {
                panic!("cannot build the hostile server's TLS configuration: {error}")
            });
    Arc::new(config)
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// `Step::Send` of a text, which carries its own line ends.
pub fn send(text: &str) -> Step {
    Step::Send(text.as_bytes().to_vec())
}

/// An AUTH LOGIN exchange: asks for the user name and the password, then answers `reply`.
pub fn login_exchange(reply: &str) -> Vec<Step> {
    vec![
        Step::Expect("AUTH LOGIN"),
        send("334 VXNlcm5hbWU6\r\n"),
        Step::Expect(""),
        send("334 UGFzc3dvcmQ6\r\n"),
        Step::Expect(""),
        send(reply),
    ]
}

/// A well-behaved opening up to the second EHLO over STARTTLS: `greeting` and `ehlo` are whole
/// replies with line ends; `ehlo_after_tls` is the reply to the EHLO over TLS.
pub fn starttls_opening(greeting: &str, ehlo: &str, ehlo_after_tls: &str) -> Vec<Step> {
    vec![
        send(greeting),
        Step::Expect("EHLO "),
        send(ehlo),
        Step::Expect("STARTTLS"),
        send("220 2.0.0 Ready to start TLS\r\n"),
        Step::Tls,
        Step::Expect("EHLO "),
        send(ehlo_after_tls),
    ]
}

/// A well-behaved opening up to EHLO over implicit TLS.
pub fn implicit_tls_opening(greeting: &str, ehlo: &str) -> Vec<Step> {
    vec![Step::Tls, send(greeting), Step::Expect("EHLO "), send(ehlo)]
}

/// Runs one test through the worker against a hostile server playing `script`, as `user` with
/// `HOSTILE_PASSWORD`, and checks what every hostile case must keep: a `200` with a report
/// within the probe's 30 s deadline, a diagnosis exactly when it failed, the stream in step
/// with the report, no trace of the password in the answer, and no AUTH in the clear.
pub fn run_through_worker(
    environment: &Environment,
    security: &str,
    user: &str,
    script: Vec<Step>,
) -> (TestRun, Session) {
    let server = HostileServer::start(&environment.pki_dir(), script);
    let run = environment.run_test(&test_request(
        server.port(),
        security,
        user,
        HOSTILE_PASSWORD,
        false,
    ));
    let session = server.finish();
    let context = format!(
        "{}\nthe server received {:#?}",
        run.pretty(),
        session.received
    );
    assert!(
        run.elapsed < Duration::from_secs(30),
        "the answer took {:?}\n{context}",
        run.elapsed
    );
    assert_eq!(
        run.report.diagnosis.is_some(),
        run.report.probe.outcome == Outcome::Failure,
        "{context}"
    );
    run.assert_streamed();
    let answer = serde_json::to_string(&run.report).unwrap_or_default();
    for form in secret_forms(user, HOSTILE_PASSWORD) {
        assert!(
            !answer.contains(&form),
            "the report contains the password as {form:?}\n{context}"
        );
    }
    assert!(
        !session.received_in_clear("AUTH"),
        "AUTH was sent in the clear\n{context}"
    );
    (run, session)
}
