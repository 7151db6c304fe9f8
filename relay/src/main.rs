//! `sendready`: the native command line (`probe`, `diagnose`) and the self-hosted relay (`relay`).
//!
//! Exit codes: 0 success; 1 the test ran and failed (the diagnosis is printed); 2 bad input
//! (arguments, settings, a missing password); 3 the environment failed (a CA or key file that
//! cannot be read, an address that cannot be bound).

mod cli;
mod destinations;
mod driver;
mod render;
mod server;
mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use sendready_shared::api::DiagnoseRequest;
use sendready_shared::ground::ProviderId;

/// How the command ended; the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: the test passed, or the diagnosis was given.
    Success = 0,
    /// 1: the test ran and failed; the diagnosis says why.
    Diagnosed = 1,
    /// 2: the arguments or settings are not acceptable (clap's usage errors are 2 too).
    BadInput = 2,
    /// 3: a file, the network or the system failed before anything could be tested.
    Environment = 3,
}

#[derive(Parser)]
#[command(
    name = "sendready",
    version,
    about = "Test SMTP submission settings, explain server replies, and relay tests for the sendready worker"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sign in to an SMTP server as a mail client would, and explain any failure.
    Probe(ProbeArgs),
    /// Explain a server reply: the text given, or stdin (one pasted error, or JSON lines).
    Diagnose(DiagnoseArgs),
    /// Run tests for the worker over HTTP, next to a mail server the cloud cannot reach.
    Relay(RelayArgs),
}

/// `sendready probe`.
#[derive(Args)]
pub struct ProbeArgs {
    /// The SMTP server's name or IP address, e.g. smtp.office365.com.
    #[arg(long)]
    pub host: String,
    /// The port: 587 (STARTTLS), 465 (implicit TLS), 25 or 2525.
    #[arg(long)]
    pub port: u16,
    /// How the connection is encrypted.
    #[arg(long, value_enum)]
    pub security: SecurityArg,
    /// The sign-in name (often the e-mail address).
    #[arg(long)]
    pub user: String,
    /// The account's address, for the test message; the user name when not given.
    #[arg(long)]
    pub email: Option<String>,
    /// Read the password from the first line of stdin. Without it: $SENDREADY_PASSWORD, or a prompt.
    #[arg(long)]
    pub password_stdin: bool,
    /// The preset id (e.g. gmail, microsoft365, exchange): its advice and guide steps apply.
    #[arg(long, value_parser = cli::parse_provider)]
    pub provider: Option<ProviderId>,
    /// After signing in, send one test message to the account itself.
    #[arg(long)]
    pub send_to_self: bool,
    /// Print the report as JSON (the API's report with its diagnosis, plus `tls_details`).
    #[arg(long)]
    pub json: bool,
    /// A PEM file of extra trusted CA certificates (besides the public roots).
    #[arg(long)]
    pub ca_file: Option<PathBuf>,
    /// The name given in EHLO.
    #[arg(long, default_value = "localhost")]
    pub ehlo: String,
}

/// `sendready diagnose`.
#[derive(Args)]
struct DiagnoseArgs {
    /// The reply, e.g. "535 5.7.8 Username and Password not accepted"; stdin when absent.
    text: Vec<String>,
    /// Where the reply came: greeting, ehlo, starttls, auth, mail_from, rcpt_to, data, quit.
    #[arg(long)]
    stage: Option<String>,
    /// The SMTP host the reply came from.
    #[arg(long)]
    host: Option<String>,
    #[arg(long, value_parser = cli::parse_provider)]
    provider: Option<ProviderId>,
    /// One JSON diagnosis per line.
    #[arg(long)]
    json: bool,
}

/// `sendready relay`.
#[derive(Args)]
pub struct RelayArgs {
    /// The address to listen on, e.g. 127.0.0.1:8025 (put TLS in front for other machines).
    #[arg(long)]
    pub listen: SocketAddr,
    /// A file holding the key shared with the worker's RELAY_KEY (at least 32 bytes).
    #[arg(long)]
    pub key_file: PathBuf,
    /// A private network (CIDR) the relay may connect to, e.g. 10.20.0.0/16; repeatable.
    #[arg(long = "allow-network")]
    pub allow_networks: Vec<String>,
    /// Development only: let 127.0.0.1, ::1 and localhost through, as the worker's ALLOW_LOOPBACK.
    #[arg(long)]
    pub allow_loopback: bool,
    /// A PEM file of extra trusted CA certificates (besides the public roots).
    #[arg(long)]
    pub ca_file: Option<PathBuf>,
    /// Tests run at once; one more is refused (503 relay_busy, Retry-After: 5).
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub max_tests: u16,
}

/// `--security`: how the connection is encrypted.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SecurityArg {
    /// Plain connection upgraded with STARTTLS (usually port 587 or 25).
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

impl SecurityArg {
    /// The form's value for it.
    pub fn wire_name(self) -> &'static str {
        match self {
            SecurityArg::Starttls => "starttls",
            SecurityArg::Tls => "implicit_tls",
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("sendready: cannot start the runtime: {error}");
            return ExitCode::from(Exit::Environment as u8);
        }
    };
    let outcome = match cli.command {
        Command::Probe(args) => runtime.block_on(cli::probe(args)),
        Command::Diagnose(args) => cli::diagnose_command(
            args.text,
            DiagnoseRequest {
                reply: String::new(),
                stage: args.stage,
                host: args.host,
                provider: args.provider,
            },
            args.json,
        ),
        Command::Relay(args) => runtime.block_on(server::serve(args)),
    };
    match outcome {
        Ok(exit) => ExitCode::from(exit as u8),
        Err((exit, message)) => {
            eprintln!("sendready: {message}");
            ExitCode::from(exit as u8)
        }
    }
}
