//! `sendready probe` and `sendready diagnose`: the shared test session and diagnosis on the
//! command line, for administrators and support staff.
//!
//! `probe` drives the same `TestSession` as the worker (validation, then the probe, then the
//! diagnosis), answering its limit questions itself since one person runs it by hand, and adds
//! what only a native client sees: the TLS session and the server's certificate.

use std::io::{BufRead, IsTerminal, Read};
use std::time::{SystemTime, UNIX_EPOCH};

use sendready_shared::api::DiagnoseRequest;
use sendready_shared::attestation::SecretKey;
use sendready_shared::diagnosis::{Day, Diagnosis, DiagnosisInput, diagnose};
use sendready_shared::ground::ProviderId;
use sendready_shared::limits::Decision;
use sendready_shared::policy::DestinationPolicy;
use sendready_shared::secret::Secret;
use sendready_shared::session::{Step, TestContext, TestReport, TestSession};
use sendready_shared::settings::RawForm;
use sendready_shared::smtp::{Outcome, Stage};
use serde::Serialize;

use crate::driver::{Finished, resolve, run_probe};
use crate::render;
use crate::tls::{TlsDetails, Trust};
use crate::{Exit, ProbeArgs};

/// The environment variable a password may come from instead of stdin or a prompt.
pub const PASSWORD_VAR: &str = "SENDREADY_PASSWORD";

/// The command-line tester tests the administrator's own servers: private networks, loopback
/// and port 25 are theirs to test.
const CLI_POLICY: DestinationPolicy = DestinationPolicy {
    allow_loopback: true,
    allow_port_25: true,
    allow_private_networks: true,
};

/// `sendready probe --json`: the report with its diagnosis, plus the native-only facts.
#[derive(Serialize)]
struct ProbeOutput<'a> {
    #[serde(flatten)]
    report: &'a TestReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    tls_details: Option<&'a TlsDetails>,
    round_trips: u32,
}

/// Runs `sendready probe`; the exit code says success, a diagnosed failure or bad input.
pub async fn probe(args: ProbeArgs) -> Result<Exit, (Exit, String)> {
    let password = read_password(args.password_stdin)?;
    let trust = Trust::new(args.ca_file.as_deref()).map_err(|error| (Exit::Environment, error))?;
    let form = RawForm {
        provider: args
            .provider
            .unwrap_or(ProviderId::Other)
            .as_str()
            .to_owned(),
        display_name: String::new(),
        email: args.email.clone().unwrap_or_else(|| args.user.clone()),
        username: args.user.clone(),
        password,
        host: args.host.clone(),
        port: args.port.to_string(),
        security: args.security.wire_name().to_owned(),
    };
    let mut session = TestSession::new(&form, args.send_to_self, cli_context(&args.ehlo)?)
        .map_err(|error| (Exit::BadInput, render::session_error(&error)))?;
    let mut finished: Option<Finished> = None;
    loop {
        match session.poll_step() {
            // One person at a terminal: no budget to ask, nothing to count.
            Some(Step::AskLimit(_)) => session.handle_decision(Some(Decision {
                retry_after_ms: None,
            })),
            Some(Step::RecordFailure(_)) => session.handle_recorded(true),
            // Only `TestSession::new_oauth` asks for a token; the command line signs in with a
            // password.
            Some(Step::NeedAccessToken) => {
                return Err((
                    Exit::BadInput,
                    "the command line signs in with a password only".to_owned(),
                ));
            }
            Some(Step::Probe(config)) => {
                let addresses = resolve(&config.host, config.port).await;
                let human = !args.json;
                let run = run_probe(*config, addresses, &trust, |event| {
                    if human {
                        render::progress(&event);
                    }
                })
                .await;
                session.handle_report(run.report.clone(), unix_now_s());
                finished = Some(run);
            }
            Some(Step::Finish(outcome)) => {
                let run = finished.take();
                let tls = run.as_ref().and_then(|run| run.tls.as_ref());
                let round_trips = run.as_ref().map_or(0, |run| run.round_trips);
                if args.json {
                    let output = ProbeOutput {
                        report: &outcome.report,
                        tls_details: tls,
                        round_trips,
                    };
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&output).unwrap_or_default()
                    );
                } else {
                    print!("{}", render::report(&outcome.report, tls, round_trips));
                }
                return Ok(match outcome.report.probe.outcome {
                    Outcome::Success => Exit::Success,
                    Outcome::Failure => Exit::Diagnosed,
                });
            }
            Some(Step::Refuse(error)) => {
                return Err((Exit::BadInput, render::session_error(&error)));
            }
            None => {
                return Err((
                    Exit::Environment,
                    "the test session stopped early".to_owned(),
                ));
            }
        }
    }
}

/// Runs `sendready diagnose`: the text given, or stdin as one reply or as JSON lines.
pub fn diagnose_command(
    text: Vec<String>,
    context: DiagnoseRequest,
    json: bool,
) -> Result<Exit, (Exit, String)> {
    let requests = if text.is_empty() {
        let mut input = String::new();
        std::io::stdin()
            .read_to_string(&mut input)
            .map_err(|error| (Exit::BadInput, format!("cannot read stdin: {error}")))?;
        requests_from(&input, &context)?
    } else {
        vec![DiagnoseRequest {
            reply: text.join(" "),
            ..context
        }]
    };
    for request in &requests {
        let diagnosis = diagnose_one(request)?;
        if json {
            println!("{}", serde_json::to_string(&diagnosis).unwrap_or_default());
        } else {
            print!("{}", render::diagnosis(&diagnosis));
        }
    }
    Ok(Exit::Success)
}

/// Stdin as requests: every non-empty line a JSON `DiagnoseRequest` when the first one is JSON,
/// otherwise the whole text as one reply.
fn requests_from(
    input: &str,
    context: &DiagnoseRequest,
) -> Result<Vec<DiagnoseRequest>, (Exit, String)> {
    let lines: Vec<&str> = input
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    if !lines
        .first()
        .is_some_and(|line| line.trim_start().starts_with('{'))
    {
        return Ok(vec![DiagnoseRequest {
            reply: input.to_owned(),
            ..context.clone()
        }]);
    }
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            serde_json::from_str::<DiagnoseRequest>(line).map_err(|error| {
                (
                    Exit::BadInput,
                    format!(
                        "line {} of stdin is not a diagnose request ({{\"reply\": …}}): {error}",
                        index + 1
                    ),
                )
            })
        })
        .collect()
}

fn diagnose_one(request: &DiagnoseRequest) -> Result<Diagnosis, (Exit, String)> {
    if request.reply.trim().is_empty() {
        return Err((
            Exit::BadInput,
            "paste the server's reply to explain it".to_owned(),
        ));
    }
    let stage = match request.stage.as_deref() {
        Some(text) => Some(Stage::parse_loose(text).ok_or_else(|| {
            (
                Exit::BadInput,
                format!("{text:?} is not a stage; use greeting, ehlo, starttls, auth, mail_from, rcpt_to, data or quit"),
            )
        })?),
        None => None,
    };
    Ok(diagnose(&DiagnosisInput {
        reply: request.reply.clone(),
        stage,
        host: request.host.clone(),
        provider: request.provider,
        today: Some(Day::from_unix_seconds(unix_now_s())),
    }))
}

/// A provider id as typed on the command line.
pub fn parse_provider(text: &str) -> Result<ProviderId, String> {
    ProviderId::parse(text)
        .ok_or_else(|| format!("{text:?} is not a provider id (see GET /api/providers)"))
}

/// The password from stdin (first line), `SENDREADY_PASSWORD`, or a prompt on a terminal.
fn read_password(from_stdin: bool) -> Result<Secret, (Exit, String)> {
    let bad = |message: &str| (Exit::BadInput, message.to_owned());
    let text = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|_| bad("cannot read the password from stdin"))?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else if let Ok(value) = std::env::var(PASSWORD_VAR) {
        value
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password("password: ")
            .map_err(|_| bad("cannot read the password from the terminal"))?
    } else {
        return Err(bad(
            "no password: pass --password-stdin and pipe it in, or set SENDREADY_PASSWORD (never as an argument)",
        ));
    };
    if text.is_empty() {
        return Err(bad("the password is empty"));
    }
    Ok(Secret::new(text))
}

/// What the session needs from this process: the permissive policy, names, time and a nonce.
fn cli_context(ehlo: &str) -> Result<TestContext, (Exit, String)> {
    let mut random = [0_u8; 48];
    getrandom::getrandom(&mut random).map_err(|error| {
        (
            Exit::Environment,
            format!("the system gave no random bytes: {error}"),
        )
    })?;
    // The attestation a successful test earns is of no use here; its key is thrown away.
    let attestation_key =
        SecretKey::new(&random[16..]).map_err(|error| (Exit::Environment, error.to_string()))?;
    Ok(TestContext {
        policy: CLI_POLICY,
        ehlo_name: ehlo.to_owned(),
        client_ip: "command-line".to_owned(),
        now_unix_ms: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_millis() as u64),
        nonce: hex::encode(&random[..16]),
        attestation_key,
    })
}

fn unix_now_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdin_is_json_lines_or_one_pasted_reply() {
        let context = DiagnoseRequest::default();
        let pasted = "535 5.7.8 Error: authentication failed\nsecond line\n";
        let one = requests_from(pasted, &context).expect("plain text");
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].reply, pasted);
        let lines =
            "{\"reply\": \"535 5.7.8 nope\", \"stage\": \"auth\"}\n\n{\"reply\": \"421 busy\"}\n";
        let two = requests_from(lines, &context).expect("json lines");
        assert_eq!(two.len(), 2);
        assert_eq!(two[0].stage.as_deref(), Some("auth"));
        let broken = requests_from("{\"reply\": 5}\n", &context).expect_err("not a request");
        assert_eq!(broken.0, Exit::BadInput);
        assert!(broken.1.contains("line 1"), "{}", broken.1);
    }

    #[test]
    fn an_unknown_stage_is_bad_input() {
        let request = DiagnoseRequest {
            reply: "535 no".to_owned(),
            stage: Some("handshake-ish".to_owned()),
            ..DiagnoseRequest::default()
        };
        assert_eq!(
            diagnose_one(&request).expect_err("bad stage").0,
            Exit::BadInput
        );
    }
}
