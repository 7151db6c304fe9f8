//! The running app and its test peers: a test CA, Postfix + Dovecot, and the Worker under wrangler.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::oidc_stack::{OIDC_USERS, introspection_url};
use crate::process::{Service, output, run, stop_recorded};
use crate::tools::{ensure_build_tools, wrangler};
use crate::{Result, root, scratch};

/// Where `cargo xtask dev` serves the app.
pub const DEV_PORT: u16 = 8787;

/// The submission listeners of the test MTA.
#[derive(Clone, Copy, Debug)]
pub struct MtaPorts {
    pub starttls: u16,
    pub implicit_tls: u16,
    pub plain: u16,
    /// The OpenID Connect provider whose tokens Dovecot accepts with XOAUTH2 (`oidc_stack`);
    /// where none runs, XOAUTH2 is refused.
    pub oidc: u16,
}

/// A running Postfix + Dovecot pair with its test users; stopped on drop.
pub struct Mta {
    pub ports: MtaPorts,
    pub dir: PathBuf,
    /// `(address, password)` of each SASL user; passwords are fresh per run so logs can be
    /// searched for them.
    pub users: Vec<(String, String)>,
    _postfix: Service,
    _dovecot: Service,
}

/// The demo MTA's listeners under `cargo xtask dev`, apart from the test run's.
const DEV_MTA_PORTS: MtaPorts = MtaPorts {
    starttls: 3587,
    implicit_tls: 3465,
    plain: 3525,
    oidc: 3795,
};

/// `cargo xtask dev`: builds and serves the app on loopback with local storage only, with a
/// local Postfix + Dovecot to test against when they are installed.
pub fn dev() -> Result {
    ensure_build_tools()?;
    let pki = test_pki()?;
    let mta = if Path::new("/usr/sbin/postfix").exists() && Path::new("/usr/sbin/dovecot").exists()
    {
        Some(Mta::start(DEV_MTA_PORTS, &pki)?)
    } else {
        eprintln!(
            "xtask: postfix and dovecot are not installed (`cargo xtask test` installs them); no local mail server"
        );
        None
    };
    if let Some(mta) = &mta {
        let (user, password) = &mta.users[0];
        eprintln!(
            "xtask: local mail server: host localhost, port {} (STARTTLS) or {} (implicit TLS), user {user}, password {password}",
            mta.ports.starttls, mta.ports.implicit_tls
        );
    }
    eprintln!("xtask: serving http://127.0.0.1:{DEV_PORT}/ (Ctrl-C to stop)");
    run(&mut wrangler_command(DEV_PORT, &pki, &[]))
}

/// `cargo xtask mta`: the demo MTA alone, for trying the widget or a mail client against it.
pub fn serve_mta() -> Result {
    let mta = Mta::start(DEV_MTA_PORTS, &test_pki()?)?;
    for (user, password) in &mta.users {
        eprintln!("xtask: user {user} password {password}");
    }
    eprintln!(
        "xtask: ports {:?}; logs in {} (Ctrl-C to stop)",
        mta.ports,
        mta.dir.display()
    );
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

/// Creates (once) a test CA and a server certificate for `localhost` and `127.0.0.1`.
pub fn test_pki() -> Result<PathBuf> {
    let pki = scratch().join("pki");
    if pki.join("server.pem").exists() && pki.join("ca.pem").exists() {
        return Ok(pki);
    }
    std::fs::create_dir_all(&pki)
        .map_err(|error| format!("cannot create {}: {error}", pki.display()))?;
    let openssl = |args: &[&str]| run(Command::new("openssl").args(args).current_dir(&pki));
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "3650",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-subj",
        "/CN=sendready test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ])?;
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ])?;
    std::fs::write(
        pki.join("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|error| format!("cannot write server.ext: {error}"))?;
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "3650",
        "-out",
        "server.pem",
        "-extfile",
        "server.ext",
    ])?;
    Ok(pki)
}

impl Mta {
    /// Starts a private Postfix (config from `tests/mta/`) with Dovecot as SASL and LMTP backend.
    pub fn start(ports: MtaPorts, pki: &Path) -> Result<Self> {
        let dir = scratch().join(format!("mta-{}", ports.starttls));
        if dir.exists() {
            stop_mta(&dir);
            std::thread::sleep(Duration::from_millis(500));
            let _ = std::fs::remove_dir_all(&dir);
        }
        for sub in ["queue", "data", "mail", "dovecot-run", "dovecot-state"] {
            std::fs::create_dir_all(dir.join(sub))
                .map_err(|error| format!("cannot create mta dirs: {error}"))?;
        }
        let uid = output(Command::new("id").args(["-u", "dovecot"])).unwrap_or_default();
        let gid = output(Command::new("id").args(["-g", "dovecot"])).unwrap_or_default();
        run(Command::new("chown")
            .arg(format!("{}:{}", uid.trim(), gid.trim()))
            .arg(dir.join("mail")))?;
        run(Command::new("chown")
            .arg("postfix:postfix")
            .arg(dir.join("data")))?;
        let fill = |template: &str| {
            template
                .replace("@DIR@", &dir.display().to_string())
                .replace("@PKI@", &pki.display().to_string())
                .replace("@PORT_STARTTLS@", &ports.starttls.to_string())
                .replace("@PORT_IMPLICIT@", &ports.implicit_tls.to_string())
                .replace("@PORT_PLAIN@", &ports.plain.to_string())
                .replace("@INTROSPECTION_URL@", &introspection_url(ports.oidc))
                .replace("@UID@", uid.trim())
                .replace("@GID@", gid.trim())
        };
        for file in [
            "main.cf",
            "master.cf",
            "dovecot.conf",
            "dovecot-oauth2.conf.ext",
        ] {
            let template = std::fs::read_to_string(root().join("tests/mta").join(file))
                .map_err(|error| format!("cannot read tests/mta/{file}: {error}"))?;
            std::fs::write(dir.join(file), fill(&template))
                .map_err(|error| format!("cannot write {file}: {error}"))?;
        }
        let users: Vec<(String, String)> = ["alice@example.test", "bob@example.test"]
            .iter()
            .map(|address| (address.to_string(), fresh_password()))
            .collect();
        // The OAuth users sign in with tokens only; their lines (with passwords nobody knows)
        // let LMTP deliver their test messages.
        let oauth_users: Vec<(String, String)> = OIDC_USERS
            .iter()
            .map(|address| (address.to_string(), fresh_password()))
            .collect();
        let passwd: String = users
            .iter()
            .chain(&oauth_users)
            .map(|(user, password)| format!("{user}:{{PLAIN}}{password}\n"))
            .collect();
        std::fs::write(dir.join("users"), passwd)
            .map_err(|error| format!("cannot write users: {error}"))?;

        let dovecot_log = dir.join("dovecot.log");
        let mut dovecot_command = Command::new("dovecot");
        dovecot_command
            .arg("-F")
            .arg("-c")
            .arg(dir.join("dovecot.conf"));
        let mut dovecot = Service::start("dovecot", dovecot_command, &dovecot_log)?;
        dovecot.wait_until("the dovecot auth socket", Duration::from_secs(20), || {
            dir.join("auth").exists()
        })?;

        // A leftover MTA on these ports would answer the readiness check and take the tests'
        // connections; refuse to start next to one.
        for port in [ports.starttls, ports.implicit_tls, ports.plain] {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Err(format!(
                    "port {port} is already in use; stop whatever listens there first"
                ));
            }
        }
        let mut postfix = start_postfix(&dir)?;
        for port in [ports.starttls, ports.implicit_tls, ports.plain] {
            postfix.wait_until(&format!("port {port}"), Duration::from_secs(30), || {
                TcpStream::connect(("127.0.0.1", port)).is_ok()
            })?;
        }
        Ok(Self {
            ports,
            dir,
            users,
            _postfix: postfix,
            _dovecot: dovecot,
        })
    }
}

/// Runs Postfix's `master` from `dir` in the foreground, without the `postfix` command: that
/// command accepts `-c DIR` only for directories the system's own `main.cf` lists, and this
/// instance must not edit that file. `master -d` stays in the process group it was started in,
/// logs to stdout (`maillog_file`), and passes `dir` on to every daemon it spawns.
fn start_postfix(dir: &Path) -> Result<Service> {
    let postconf = |name: &str| {
        output(
            Command::new("postconf")
                .arg("-c")
                .arg(dir)
                .args(["-h", name]),
        )
        .map(|value| value.trim().to_owned())
        .ok_or_else(|| format!("postconf cannot read {name} from {}", dir.display()))
    };
    let daemons = PathBuf::from(postconf("daemon_directory")?);
    // What `postfix start` does first: the queue directories, owned as Postfix wants them,
    // created by Postfix's own script under `dir` (the system's files are left alone).
    run(Command::new(daemons.join("post-install"))
        .arg(format!("config_directory={}", dir.display()))
        .arg(format!("meta_directory={}", postconf("meta_directory")?))
        .arg("create-missing"))?;
    let mut master = Command::new(daemons.join("master"));
    master.arg("-d").arg("-c").arg(dir);
    Service::start("postfix", master, &dir.join("postfix.log"))
}

/// Stops the Postfix and Dovecot an interrupted run (Ctrl-C never drops the `Mta`) left running
/// from `dir`, by the PIDs they recorded there, once each PID is proven to be still theirs.
fn stop_mta(dir: &Path) {
    let dir_text = dir.display().to_string();
    stop_recorded(
        &dir.join("queue/pid/master.pid"),
        "master",
        &["-c", &dir_text],
    );
    let dovecot_conf = dir.join("dovecot.conf").display().to_string();
    stop_recorded(
        &dir.join("dovecot-run/master.pid"),
        "dovecot",
        &["-c", &dovecot_conf],
    );
}

/// wrangler's inspector listens this far above the Worker's port.
pub const INSPECTOR_PORT_OFFSET: u16 = 1000;

/// Starts the Worker under `wrangler dev` on `port` and waits until it serves the page.
pub fn start_worker(port: u16, pki: &Path, vars: &[(&str, &str)]) -> Result<Service> {
    let log = scratch().join(format!("wrangler-{port}.log"));
    let _ = std::fs::remove_file(&log);
    // Each test run starts from empty local storage of its own.
    let state = scratch().join(format!("wrangler-state-{port}"));
    let _ = std::fs::remove_dir_all(&state);
    let mut command = wrangler_command(port, pki, vars);
    command.arg("--persist-to").arg(&state);
    let mut service = Service::start("wrangler dev", command, &log)?;
    // The first start builds the widget and the worker from scratch: minutes on two cores.
    service.wait_until("the local worker", Duration::from_secs(1200), || {
        http_status(port, "/").is_some_and(|status| status == 200)
    })?;
    Ok(service)
}

/// `GET path` on loopback, returning the HTTP status if the server answered.
pub fn http_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut head = [0_u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

fn wrangler_command(port: u16, pki: &Path, vars: &[(&str, &str)]) -> Command {
    let mut command = wrangler();
    command
        .args([
            "dev",
            "--env",
            "dev",
            "--ip",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--show-interactive-dev-session=false",
        ])
        .args([
            "--inspector-port",
            &(port + INSPECTOR_PORT_OFFSET).to_string(),
        ])
        .env("NODE_EXTRA_CA_CERTS", pki.join("ca.pem"))
        .env("XDG_CONFIG_HOME", scratch().join("config"))
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false");
    for (name, value) in vars {
        command.arg("--var").arg(format!("{name}:{value}"));
    }
    command
}

/// A password nobody would type: 24 hex characters from the kernel's random source.
pub fn fresh_password() -> String {
    let mut bytes = [0_u8; 12];
    if let Ok(mut random) = std::fs::File::open("/dev/urandom") {
        let _ = random.read_exact(&mut bytes);
    }
    hex::encode(bytes)
}
