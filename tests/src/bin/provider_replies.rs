//! Scripted SMTP servers for the browser tests: one per failure family a person meets, each
//! answering every connection with a provider's real words (from the diagnosis corpus), so the
//! widget's result card can be seen and checked for each. Prints `{"family": port, …}` as one
//! JSON line, then serves until it is stopped.
//!
//! Run by `tests/e2e/failures.test.mjs` with the stack's environment (`SENDREADY_LOG_DIR` holds
//! the test CA, whose server certificate the worker trusts).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use sendready_tests::hostile::{
    Step, login_exchange, send, serve_every_connection, starttls_opening,
};

/// A well-behaved opening: STARTTLS, then AUTH LOGIN offered over TLS.
fn opening() -> Vec<Step> {
    starttls_opening(
        "220 smtp.scripted.example ESMTP ready\r\n",
        "250-smtp.scripted.example\r\n250-SIZE 35882577\r\n250 STARTTLS\r\n",
        "250-smtp.scripted.example\r\n250-SIZE 35882577\r\n250 AUTH LOGIN\r\n",
    )
}

/// `opening`, then AUTH LOGIN answered with `reply`.
fn sign_in_answered(reply: &str) -> Vec<Step> {
    opening().into_iter().chain(login_exchange(reply)).collect()
}

/// Every family, by the name the browser tests use.
fn scripts() -> Vec<(&'static str, Vec<Step>)> {
    vec![
        // Gmail with 2-Step Verification on and the account password typed.
        (
            "app_password_required",
            sign_in_answered(
                "534-5.7.9 Application-specific password required. Learn more at\r\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor l2sm3.1 - gsmtp\r\n",
            ),
        ),
        // Microsoft 365 with security defaults on.
        (
            "smtp_auth_disabled",
            sign_in_answered(
                "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator. [BN9PR03CA0001.namprd03.prod.outlook.com]\r\n",
            ),
        ),
        // Too many sign-ins in a short time.
        (
            "rate_limited",
            sign_in_answered(
                "454 4.7.0 Too many login attempts, please try again later. l2sm3.1 - gsmtp\r\n",
            ),
        ),
        // Signed in, then refused at the sender: the account was blocked after abuse (seed 002).
        (
            "account_blocked",
            sign_in_answered("235 2.7.0 Authentication successful\r\n")
                .into_iter()
                .chain([
                    Step::Expect("MAIL FROM"),
                    send(
                        "554 5.7.1 Account <ada@scripted.example> has been blocked from sending due to abusive activity. Please update password and (re-)enable 2FA to be unblocked\r\n",
                    ),
                ])
                .collect(),
        ),
        // A plain greeting where the client expects TLS from the first byte (port mix-up).
        (
            "wrong_tls_mode",
            vec![send("220 smtp.scripted.example ESMTP ready\r\n")],
        ),
        // Accepts and never speaks: the greeting never comes.
        ("silent", vec![Step::Sleep(Duration::from_secs(60))]),
        // A slow sign-in that succeeds, to watch the stages arrive.
        (
            "slow_success",
            opening()
                .into_iter()
                .chain([
                    Step::Expect("AUTH LOGIN"),
                    send("334 VXNlcm5hbWU6\r\n"),
                    Step::Expect(""),
                    send("334 UGFzc3dvcmQ6\r\n"),
                    Step::Expect(""),
                    Step::Sleep(Duration::from_secs(3)),
                    send("235 2.7.0 Authentication successful\r\n"),
                    Step::Expect("QUIT"),
                    send("221 2.0.0 Bye\r\n"),
                ])
                .collect(),
        ),
    ]
}

fn main() {
    let log_dir = std::env::var("SENDREADY_LOG_DIR")
        .expect("SENDREADY_LOG_DIR is set by cargo xtask (the test CA is under it)");
    let pki = PathBuf::from(log_dir).join("pki");
    let ports: BTreeMap<&str, u16> = scripts()
        .into_iter()
        .map(|(family, script)| (family, serve_every_connection(&pki, script)))
        .collect();
    println!("{}", serde_json::to_string(&ports).expect("ports as JSON"));
    loop {
        std::thread::park();
    }
}
