//! `sendready probe` and `sendready diagnose`, the built binary run as a person would run it,
//! against the real Postfix + Dovecot and a scripted server with a certificate for another name.

use std::path::{Path, PathBuf};
use std::process::Command;

use sendready_tests::hostile::{HostileServer, Step, send};
use sendready_tests::relay::run_cli;
use sendready_tests::{Environment, secret_forms};
use serde_json::Value;

/// The seed error lines `sendready diagnose` must explain, each with where it was found.
const SEED_ERRORS: &str = include_str!("../data/seed_errors.jsonl");

fn probe_args<'a>(port: &'a str, security: &'a str, user: &'a str, ca: &'a str) -> Vec<&'a str> {
    vec![
        "probe",
        "--host",
        "localhost",
        "--port",
        port,
        "--security",
        security,
        "--user",
        user,
        "--password-stdin",
        "--ca-file",
        ca,
    ]
}

fn ca_file(environment: &Environment) -> String {
    environment.pki_dir().join("ca.pem").display().to_string()
}

/// Asserts that no form of `password` appears in what the binary printed.
fn assert_no_password(user: &str, password: &str, printed: &str) {
    for form in secret_forms(user, password) {
        assert!(
            !printed.contains(&form),
            "a form of the password was printed: {printed}"
        );
    }
}

#[test]
fn a_correct_password_signs_in_and_the_tls_session_and_certificate_are_described() {
    let environment = Environment::from_env();
    let (user, password) = environment.users[0].clone();
    let ca = ca_file(&environment);
    let port = environment.starttls_port.to_string();
    let mut args = probe_args(&port, "starttls", &user, &ca);
    args.push("--json");
    let run = run_cli(&args, &format!("{password}\n"));
    assert_eq!(run.code, Some(0), "{run:#?}");
    let report = run.json();
    assert_eq!(report["outcome"], "success", "{report:#}");
    assert_eq!(report["tls"], "starttls");
    assert_eq!(report["diagnosis"], Value::Null);
    let tls = &report["tls_details"];
    assert!(
        matches!(tls["protocol"].as_str(), Some("TLSv1.3" | "TLSv1.2")),
        "{tls:#}"
    );
    assert!(
        tls["cipher_suite"]
            .as_str()
            .is_some_and(|suite| suite.starts_with("TLS")),
        "{tls:#}"
    );
    assert_eq!(tls["verified"], true, "{tls:#}");
    let certificate = &tls["certificate"];
    assert!(
        certificate["subject"]
            .as_str()
            .is_some_and(|subject| subject.contains("CN=localhost")),
        "{tls:#}"
    );
    assert!(
        certificate["issuer"]
            .as_str()
            .is_some_and(|issuer| issuer.contains("sendready test CA")),
        "{tls:#}"
    );
    assert!(
        certificate["expires_in_days"]
            .as_i64()
            .is_some_and(|days| days > 0),
        "{tls:#}"
    );
    assert!(
        certificate["not_after"]
            .as_str()
            .is_some_and(|date| !date.is_empty()),
        "{tls:#}"
    );
    assert_eq!(certificate["name_matches"], true, "{tls:#}");
    // TCP, EHLO, STARTTLS, the TLS handshake, EHLO, AUTH, QUIT: nothing more.
    assert_eq!(report["round_trips"], 7, "{report:#}");
    assert_no_password(&user, &password, &format!("{}{}", run.stdout, run.stderr));

    // The same over implicit TLS, read by a person: stages, TLS facts and the verdict.
    let port = environment.implicit_tls_port.to_string();
    let args = probe_args(&port, "tls", &user, &ca);
    let run = run_cli(&args, &format!("{password}\n"));
    assert_eq!(run.code, Some(0), "{run:#?}");
    for expected in [
        "greeting",
        "auth",
        "tls: TLSv1.",
        "certificate subject: CN=localhost",
        "the host name matches",
        "result: success",
    ] {
        assert!(
            run.stdout.contains(expected),
            "{expected:?} missing from {}",
            run.stdout
        );
    }
}

#[test]
fn a_wrong_password_exits_1_with_the_diagnosis() {
    let environment = Environment::from_env();
    let (user, password) = environment.users[1].clone();
    let wrong = format!("{password}-wrong");
    let ca = ca_file(&environment);
    let port = environment.starttls_port.to_string();
    let mut args = probe_args(&port, "starttls", &user, &ca);
    let human = run_cli(&args, &format!("{wrong}\n"));
    assert_eq!(human.code, Some(1), "{human:#?}");
    assert!(human.stdout.contains("result: failure"), "{}", human.stdout);
    assert!(
        human.stdout.contains("(bad_credentials)"),
        "{}",
        human.stdout
    );
    args.push("--json");
    let run = run_cli(&args, &format!("{wrong}\n"));
    assert_eq!(run.code, Some(1), "{run:#?}");
    let report = run.json();
    assert_eq!(report["diagnosis"]["kind"], "bad_credentials", "{report:#}");
    assert_eq!(report["failure"]["stage"], "auth", "{report:#}");
    assert!(
        report["failure"]["reply"]["lines"]
            .to_string()
            .contains("authentication failed"),
        "{report:#}"
    );
    let printed = format!(
        "{}{}{}{}",
        human.stdout, human.stderr, run.stdout, run.stderr
    );
    assert_no_password(&user, &wrong, &printed);
}

#[test]
fn a_certificate_for_another_name_is_refused_and_the_password_never_sent() {
    let environment = Environment::from_env();
    let pki = wrong_host_pki(&environment);
    let mut script = vec![
        send("220 mail.wrong.example ESMTP\r\n"),
        Step::Expect("EHLO "),
    ];
    script.extend([
        send("250-mail.wrong.example\r\n250-AUTH PLAIN LOGIN\r\n250 STARTTLS\r\n"),
        Step::Expect("STARTTLS"),
        send("220 2.0.0 Ready to start TLS\r\n"),
        Step::Tls,
        Step::Expect("EHLO "),
    ]);
    let server = HostileServer::start(&pki, script);
    let port = server.port().to_string();
    let ca = ca_file(&environment);
    let args = [
        "probe",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--security",
        "starttls",
        "--user",
        "cli@wrong.example",
        "--password-stdin",
        "--ca-file",
        &ca,
        "--json",
    ];
    let password = sendready_tests::hostile::HOSTILE_PASSWORD;
    let run = run_cli(&args, &format!("{password}\n"));
    let session = server.finish();
    assert_eq!(run.code, Some(1), "{run:#?}");
    let report = run.json();
    assert_eq!(report["diagnosis"]["kind"], "tls_failed", "{report:#}");
    let tls = &report["tls_details"];
    assert_eq!(tls["verified"], false, "{tls:#}");
    assert_eq!(tls["certificate"]["name_matches"], false, "{tls:#}");
    assert_eq!(
        tls["certificate"]["names"],
        serde_json::json!(["wrong.example"]),
        "{tls:#}"
    );
    assert!(
        tls["refused_because"]
            .as_str()
            .is_some_and(|why| why.contains("not valid for name")),
        "{tls:#}"
    );
    assert!(
        !session
            .lines()
            .iter()
            .any(|line| line.to_ascii_uppercase().starts_with("AUTH")),
        "the server received AUTH: {:?}",
        session.lines()
    );
    assert!(!run.stdout.contains("C: AUTH"), "{}", run.stdout);
}

#[test]
fn passwords_come_only_from_stdin_the_environment_or_a_prompt() {
    let environment = Environment::from_env();
    let (user, password) = environment.users[0].clone();
    let port = environment.starttls_port.to_string();
    let ca = ca_file(&environment);
    let args = [
        "probe",
        "--host",
        "localhost",
        "--port",
        &port,
        "--security",
        "starttls",
        "--user",
        &user,
        "--ca-file",
        &ca,
    ];
    // No terminal, no variable, no --password-stdin: bad input, nothing connected.
    let missing = run_cli(&args, "");
    assert_eq!(missing.code, Some(2), "{missing:#?}");
    assert!(
        missing.stderr.contains("SENDREADY_PASSWORD"),
        "{missing:#?}"
    );
    let from_env = Command::new(sendready_tests::relay::binary())
        .args(args)
        .env("SENDREADY_PASSWORD", &password)
        .output()
        .expect("run sendready");
    assert_eq!(from_env.status.code(), Some(0), "{from_env:?}");
    // There is no argument that takes a password.
    let mut with_argument = args.to_vec();
    with_argument.extend(["--password", "x"]);
    assert_eq!(run_cli(&with_argument, "").code, Some(2));
}

#[test]
fn bad_settings_exit_2_naming_the_field() {
    let environment = Environment::from_env();
    let ca = ca_file(&environment);
    let args = [
        "probe",
        "--host",
        "smtp://mail.example.com",
        "--port",
        "587",
        "--security",
        "starttls",
        "--user",
        "a@example.com",
        "--password-stdin",
        "--ca-file",
        &ca,
    ];
    let run = run_cli(&args, "not-used-password\n");
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(
        run.stderr.contains("server") && run.stderr.contains("scheme"),
        "{run:#?}"
    );
    let unknown = run_cli(
        &[
            "probe",
            "--host",
            "a.example.com",
            "--port",
            "587",
            "--security",
            "ssl",
            "--user",
            "a",
            "--password-stdin",
        ],
        "",
    );
    assert_eq!(unknown.code, Some(2), "{unknown:#?}");
}

#[test]
fn diagnose_explains_the_seed_errors_as_text_and_as_json_lines() {
    let cases: Vec<Value> = SEED_ERRORS
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("a seed error line"))
        .collect();
    assert!(cases.len() >= 3, "{cases:?}");
    for case in &cases {
        let reply = case["reply"].as_str().expect("reply");
        let kind = case["kind"].as_str().expect("kind");
        let run = run_cli(&["diagnose", reply], "");
        assert_eq!(run.code, Some(0), "{run:#?}");
        assert!(
            run.stdout.contains(&format!("({kind})")),
            "{} ({}): {}",
            reply,
            case["source"],
            run.stdout
        );
    }
    // Every line at once on stdin, answered line for line in JSON.
    let run = run_cli(&["diagnose", "--json"], SEED_ERRORS);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let kinds: Vec<String> = run
        .stdout
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).expect("a diagnosis")["kind"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    let expected: Vec<&str> = cases
        .iter()
        .map(|case| case["kind"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(kinds, expected);
    // A pasted error of several lines is one reply; nothing pasted is bad input.
    let pasted = run_cli(
        &["diagnose", "--provider", "microsoft365"],
        "535 5.7.139 Authentication unsuccessful,\nSmtpClientAuthentication is disabled for the Tenant.\n",
    );
    assert_eq!(pasted.code, Some(0), "{pasted:#?}");
    assert!(
        pasted.stdout.contains("(smtp_auth_disabled)"),
        "{}",
        pasted.stdout
    );
    assert_eq!(run_cli(&["diagnose"], "  \n").code, Some(2));
}

/// A CA-signed certificate for `wrong.example` only, in a directory of its own as the scripted
/// server expects (`server.pem`, `server.key`).
fn wrong_host_pki(environment: &Environment) -> PathBuf {
    let ca_dir = environment.pki_dir();
    let dir =
        PathBuf::from(&environment.log_dir).join(format!("pki-wrong-host-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create the wrong-host pki dir");
    let openssl = |args: &[&str]| {
        let status = Command::new("openssl")
            .args(args)
            .current_dir(&dir)
            .status()
            .expect("run openssl");
        assert!(status.success(), "openssl {args:?} failed");
    };
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
        "/CN=wrong.example",
    ]);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:wrong.example\nextendedKeyUsage=serverAuth\n",
    )
    .expect("write server.ext");
    let ca = |name: &str| path_text(&ca_dir.join(name));
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        &ca("ca.pem"),
        "-CAkey",
        &ca("ca.key"),
        "-set_serial",
        "4242",
        "-days",
        "30",
        "-out",
        "server.pem",
        "-extfile",
        "server.ext",
    ]);
    dir
}

fn path_text(path: &Path) -> String {
    path.display().to_string()
}
