//! The probe state machine: one SMTP session from connect to QUIT, driven from outside.

mod failure;

use std::collections::VecDeque;
use std::time::Duration;

use crate::ground::{Millis, Security};
use crate::smtp::command::{Command, Mechanism, build_message, dot_stuff, payload_transcript};
use crate::smtp::config::{Credential, ProbeConfig};
use crate::smtp::reply::{Reply, ReplyLimits, ReplyParser};
use crate::smtp::report::{
    Capabilities, FailureCause, Outcome, ProbeFailure, ProbeReport, Redactor, ServerFacts, Stage,
    StageEvent, StageReport, StageStatus, TlsMode,
};

/// At most this many `334` challenges in one AUTH exchange (security.md §3.4).
const MAX_AUTH_ROUNDS: u8 = 3;
/// Transcript lines longer than this are cut, so hostile replies cannot bloat the report.
const TRANSCRIPT_LINE_CHARS: usize = 200;

/// What the driver must do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Write these bytes to the socket, in full and in order, before reading again.
    Send(Vec<u8>),
    /// Upgrade the socket to TLS now (STARTTLS), then call `Probe::handle_tls_established`, or
    /// `Probe::handle_transport_error` if the upgrade failed. Read nothing in plaintext meanwhile.
    StartTls,
    /// Close the socket. The probe will not send anything more; check `Probe::is_finished`.
    Close,
}

/// Where the session is; each variant waits for one thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Connecting,
    Greeting,
    Ehlo,
    StartTls,
    TlsHandshake,
    Auth { mechanism: Mechanism, rounds: u8 },
    MailFrom,
    RcptTo,
    DataStart,
    DataEnd,
    Quit,
    Done,
}

/// One SMTP probe, sans I/O: the driver feeds events in and polls outputs out.
///
/// Driver loop: `Probe::new`, open the socket, `handle_connected`; then repeat: drain
/// `poll_output` (write `Send`, upgrade on `StartTls` and call `handle_tls_established`, close on
/// `Close`) and `poll_event`; stop when `is_finished`; otherwise read until `poll_timeout` and call
/// `handle_input`, `handle_closed`, `handle_transport_error` or `handle_timeout`. Then `report`.
/// Credentials are sent only after TLS is up; the report never contains them.
#[derive(Debug)]
pub struct Probe {
    config: ProbeConfig,
    ehlo_name: String,
    redactor: Redactor,
    phase: Phase,
    parser: ReplyParser,
    start: Millis,
    last_seen: Millis,
    end: Option<Millis>,
    total_deadline: Millis,
    stage_deadline: Option<Millis>,
    current: Option<(Stage, Millis)>,
    /// True from TLS being set up until the first byte read over it: errors then are TLS errors.
    awaiting_secure_bytes: bool,
    tls: TlsMode,
    message_sent: bool,
    outputs: VecDeque<Output>,
    events: VecDeque<StageEvent>,
    stages: Vec<StageReport>,
    transcript: Vec<String>,
    server: ServerFacts,
    failure: Option<ProbeFailure>,
}

impl Probe {
    /// Starts in the connecting stage with the connect deadline armed.
    pub fn new(config: ProbeConfig, now: Millis) -> Self {
        let mut probe = Probe {
            ehlo_name: sanitize_domain(&config.ehlo_name),
            redactor: Redactor::new(config.secret().expose()),
            total_deadline: now.after(config.deadlines.total),
            config,
            phase: Phase::Connecting,
            parser: ReplyParser::new(ReplyLimits::default()),
            start: now,
            last_seen: now,
            end: None,
            stage_deadline: None,
            current: None,
            awaiting_secure_bytes: false,
            tls: TlsMode::None,
            message_sent: false,
            outputs: VecDeque::new(),
            events: VecDeque::new(),
            stages: Vec::new(),
            transcript: Vec::new(),
            server: ServerFacts::default(),
            failure: None,
        };
        probe.begin(Stage::Connect, probe.config.deadlines.connect, now);
        probe
    }

    /// The TCP connection is open; for implicit TLS, TCP and TLS are.
    pub fn handle_connected(&mut self, now: Millis) {
        self.last_seen = now;
        if self.phase != Phase::Connecting {
            return;
        }
        self.finish(StageStatus::Ok, None, now);
        if self.config.security == Security::ImplicitTls {
            self.tls = TlsMode::Implicit;
            self.awaiting_secure_bytes = true;
        }
        self.begin(Stage::Greeting, self.config.deadlines.greeting, now);
        self.phase = Phase::Greeting;
    }

    /// Bytes read from the socket, split anywhere.
    pub fn handle_input(&mut self, bytes: &[u8], now: Millis) {
        self.last_seen = now;
        if self.phase == Phase::Connecting {
            self.handle_connected(now);
        }
        if self.phase == Phase::Done || bytes.is_empty() {
            return;
        }
        if self.phase == Phase::TlsHandshake {
            return self.fail_kind(
                FailureCause::ProtocolError,
                "the server sent plaintext during the TLS upgrade",
                false,
                now,
            );
        }
        self.awaiting_secure_bytes = false;
        let mut rest = bytes;
        while !rest.is_empty() && self.phase != Phase::Done {
            match self.parser.parse(rest) {
                Ok(Some((mut reply, used))) => {
                    rest = &rest[used..];
                    // Redacted before anything reads it: a server may echo the secret anywhere.
                    for line in &mut reply.lines {
                        *line = self.redactor.redact(line);
                    }
                    self.record_reply(&reply);
                    self.on_reply(reply, !rest.is_empty(), now);
                    let unsolicited = rest.iter().any(|b| !b.is_ascii_whitespace());
                    if unsolicited && self.phase != Phase::Done {
                        let detail = "the server sent data before the next command (pipelining without being asked)";
                        return self.fail_kind(FailureCause::ProtocolError, detail, false, now);
                    }
                }
                Ok(None) => {
                    rest = &[];
                    if self.phase == Phase::Greeting
                        && let Some((kind, detail)) =
                            failure::classify_early(self.parser.partial_line())
                    {
                        self.record_partial();
                        return self.fail_kind(kind, detail, false, now);
                    }
                }
                Err(error) => return self.on_parse_error(error, now),
            }
        }
    }

    /// The STARTTLS upgrade the probe asked for succeeded.
    pub fn handle_tls_established(&mut self, now: Millis) {
        self.last_seen = now;
        if self.phase != Phase::TlsHandshake {
            return;
        }
        self.finish(StageStatus::Ok, None, now);
        self.tls = TlsMode::Starttls;
        self.awaiting_secure_bytes = true;
        // RFC 3207 §4.2: forget everything learnt before TLS.
        self.parser = ReplyParser::new(ReplyLimits::default());
        self.server.capabilities = None;
        self.send_ehlo(now);
    }

    /// The next output, in order; `None` when there is nothing to do.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// When `handle_timeout` should be called next; `None` once finished.
    pub fn poll_timeout(&self) -> Option<Millis> {
        if self.phase == Phase::Done {
            return None;
        }
        Some(
            self.stage_deadline
                .map_or(self.total_deadline, |stage| stage.min(self.total_deadline)),
        )
    }

    /// The next progress event, for streaming to the UI.
    pub fn poll_event(&mut self) -> Option<StageEvent> {
        self.events.pop_front()
    }

    /// True once the session is over and every output was taken: call `report` now.
    pub fn is_finished(&self) -> bool {
        self.phase == Phase::Done && self.outputs.is_empty()
    }

    /// The findings so far; complete once `is_finished`.
    pub fn report(&self) -> ProbeReport {
        let outcome = if self.phase == Phase::Done && self.failure.is_none() {
            Outcome::Success
        } else {
            Outcome::Failure
        };
        ProbeReport {
            outcome,
            provider: self.config.provider,
            credential: self.config.credential_kind(),
            host: self.config.host.clone(),
            port: self.config.port,
            security: self.config.security,
            tls: self.tls,
            message_sent: self.message_sent,
            duration_ms: self.end.unwrap_or(self.last_seen).since(self.start),
            stages: self.stages.clone(),
            server: self.server.clone(),
            transcript: self.transcript.clone(),
            failure: self.failure.clone(),
        }
    }

    fn on_reply(&mut self, reply: Reply, more_bytes: bool, now: Millis) {
        let code = reply.code.0;
        match self.phase {
            Phase::Greeting if code == 220 => {
                let text = reply.text();
                if failure::is_ftp_greeting(&text) {
                    return self.fail_kind(
                        FailureCause::NotSmtp,
                        "an FTP server answered",
                        false,
                        now,
                    );
                }
                self.server.greeting = Some(self.redactor.redact(&text));
                self.finish(StageStatus::Ok, Some(reply), now);
                self.send_ehlo(now);
            }
            Phase::Ehlo if code == 250 => {
                let capabilities = Capabilities::from_ehlo(&reply);
                self.finish(StageStatus::Ok, Some(reply), now);
                self.after_ehlo(capabilities, now);
            }
            Phase::StartTls if code == 220 => {
                if more_bytes || !self.parser.is_idle() {
                    let detail = "bytes followed the 220 reply to STARTTLS: possible command injection (RFC 3207)";
                    return self.fail_kind(FailureCause::ProtocolError, detail, false, now);
                }
                self.finish(StageStatus::Ok, Some(reply), now);
                self.outputs.push_back(Output::StartTls);
                self.begin(Stage::Tls, self.config.deadlines.connect, now);
                self.phase = Phase::TlsHandshake;
            }
            Phase::Auth { .. } if code == 235 => {
                self.finish(StageStatus::Ok, Some(reply), now);
                match self.config.test_message.as_ref().map(|m| m.address.clone()) {
                    Some(address) => self.command(
                        Phase::MailFrom,
                        Stage::MailFrom,
                        Command::MailFrom { address },
                        now,
                    ),
                    None => self.quit(now),
                }
            }
            Phase::Auth { mechanism, rounds } if code == 334 => {
                self.answer_challenge(mechanism, rounds + 1, now)
            }
            Phase::MailFrom if code == 250 => {
                self.finish(StageStatus::Ok, Some(reply), now);
                if let Some(address) = self
                    .config
                    .test_message
                    .as_ref()
                    .map(|m| m.recipient().clone())
                {
                    self.command(
                        Phase::RcptTo,
                        Stage::RcptTo,
                        Command::RcptTo { address },
                        now,
                    );
                }
            }
            Phase::RcptTo if code == 250 || code == 251 => {
                self.finish(StageStatus::Ok, Some(reply), now);
                self.command(Phase::DataStart, Stage::Data, Command::Data, now);
            }
            Phase::DataStart if code == 354 => self.send_message(now),
            Phase::DataEnd if code == 250 => {
                self.message_sent = true;
                self.finish(StageStatus::Ok, Some(reply), now);
                self.quit(now);
            }
            Phase::Quit => {
                let status = if code == 221 {
                    StageStatus::Ok
                } else {
                    StageStatus::Failed
                };
                self.finish(status, Some(reply), now);
                self.close(now);
            }
            Phase::Connecting | Phase::TlsHandshake | Phase::Done => {}
            _ => self.fail_reply(reply, now),
        }
    }

    fn after_ehlo(&mut self, capabilities: Capabilities, now: Millis) {
        let offers_starttls = capabilities.starttls;
        self.server.capabilities = Some(capabilities);
        if self.tls != TlsMode::None {
            return self.start_auth(now);
        }
        self.begin(Stage::Starttls, self.config.deadlines.command, now);
        if !offers_starttls {
            let detail = "the server did not offer STARTTLS, so the password was not sent";
            return self.fail_kind(FailureCause::InsecureServer, detail, true, now);
        }
        self.send(Command::StartTls);
        self.phase = Phase::StartTls;
    }

    fn start_auth(&mut self, now: Millis) {
        self.begin(Stage::Auth, self.config.deadlines.command, now);
        if self.tls == TlsMode::None {
            return self.fail_kind(
                FailureCause::InsecureServer,
                "no TLS, so the password was not sent",
                true,
                now,
            );
        }
        let offered = self
            .server
            .capabilities
            .as_ref()
            .map(|c| c.auth.clone())
            .unwrap_or_default();
        let has = |name: &str| offered.iter().any(|m| m == name);
        let username = self.config.username.clone();
        let command = match &self.config.credential {
            Credential::Password(password) if has("PLAIN") => {
                Command::auth_plain(&username, password)
            }
            Credential::Password(_) if has("LOGIN") => Command::Auth {
                mechanism: Mechanism::Login,
                initial_response: None,
            },
            Credential::OAuthToken(token) if has("XOAUTH2") => {
                Command::auth_xoauth2(&username, token)
            }
            _ => {
                let detail = if offered.is_empty() {
                    "the server offered no AUTH mechanism".to_owned()
                } else {
                    format!("the server offered only {}", offered.join(", "))
                };
                return self.fail_kind(FailureCause::AuthMechanismUnsupported, &detail, true, now);
            }
        };
        let mechanism = match &command {
            Command::Auth { mechanism, .. } => *mechanism,
            _ => Mechanism::Plain,
        };
        self.send(command);
        self.phase = Phase::Auth {
            mechanism,
            rounds: 0,
        };
    }

    fn answer_challenge(&mut self, mechanism: Mechanism, rounds: u8, now: Millis) {
        if rounds > MAX_AUTH_ROUNDS {
            let detail = format!("the server sent more than {MAX_AUTH_ROUNDS} AUTH challenges");
            return self.fail_kind(FailureCause::ProtocolError, &detail, true, now);
        }
        let username = self.config.username.as_str();
        let response = match mechanism {
            Mechanism::Plain => Command::plain_answer(username, self.config.secret()),
            Mechanism::Login if rounds == 1 => Command::login_username(username),
            Mechanism::Login => Command::login_password(self.config.secret()),
            // XOAUTH2 reports an error as a challenge; an empty line asks for the final reply.
            Mechanism::Xoauth2 => Command::xoauth2_acknowledgement(),
        };
        self.send(response);
        self.stage_deadline = Some(now.after(self.config.deadlines.command));
        self.phase = Phase::Auth { mechanism, rounds };
    }

    fn send_message(&mut self, now: Millis) {
        let built = self
            .config
            .test_message
            .as_ref()
            .map(|message| (message, build_message(message)));
        let Some((message, Ok(raw))) = built else {
            return self.fail_kind(
                FailureCause::ProtocolError,
                "the test message could not be built",
                true,
                now,
            );
        };
        let payload = dot_stuff(&raw);
        for line in payload_transcript(message, &payload) {
            self.transcript
                .push(format!("C: {}", self.redactor.redact(&line)));
        }
        self.outputs.push_back(Output::Send(payload));
        self.stage_deadline = Some(now.after(self.config.deadlines.data_end));
        self.phase = Phase::DataEnd;
    }

    fn send_ehlo(&mut self, now: Millis) {
        self.command(
            Phase::Ehlo,
            Stage::Ehlo,
            Command::Ehlo {
                domain: self.ehlo_name.clone(),
            },
            now,
        );
    }

    fn quit(&mut self, now: Millis) {
        self.command(Phase::Quit, Stage::Quit, Command::Quit, now);
    }

    fn command(&mut self, phase: Phase, stage: Stage, command: Command, now: Millis) {
        self.begin(stage, self.config.deadlines.command, now);
        self.send(command);
        self.phase = phase;
    }

    fn send(&mut self, command: Command) {
        self.transcript.push(format!(
            "C: {}",
            self.redactor.redact(&command.transcript_line())
        ));
        self.outputs
            .push_back(Output::Send(command.to_string().into_bytes()));
    }

    fn begin(&mut self, stage: Stage, deadline: Duration, now: Millis) {
        self.current = Some((stage, now));
        self.stage_deadline = Some(now.after(deadline));
        self.events.push_back(StageEvent::Started {
            stage,
            start_ms: now.since(self.start),
        });
    }

    fn finish(&mut self, status: StageStatus, reply: Option<Reply>, now: Millis) {
        let Some((stage, started)) = self.current.take() else {
            return;
        };
        let report = StageReport {
            stage,
            start_ms: started.since(self.start),
            duration_ms: now.since(started),
            status,
            reply,
        };
        self.events.push_back(StageEvent::Finished(report.clone()));
        self.stages.push(report);
    }

    fn close(&mut self, now: Millis) {
        self.outputs.push_back(Output::Close);
        self.phase = Phase::Done;
        self.stage_deadline = None;
        self.end = Some(now);
    }

    fn record_reply(&mut self, reply: &Reply) {
        for line in reply.to_string().lines() {
            self.transcript.push(format!("S: {}", clip(line)));
        }
    }
}

/// Keeps only characters valid in an EHLO domain or address literal, so no CRLF can be injected.
fn sanitize_domain(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || ".-[]:_".contains(*c))
        .collect();
    if clean.is_empty() {
        "localhost".to_owned()
    } else {
        clean
    }
}

fn clip(text: &str) -> String {
    match text.char_indices().nth(TRANSCRIPT_LINE_CHARS) {
        Some((index, _)) => format!("{}…", &text[..index]),
        None => text.to_owned(),
    }
}
