//! Measures one full form check (`RawForm::check`), the work the widget does on every
//! keystroke and the worker on every request. Plain `Instant` loop, no harness; run with
//! `cargo bench -p sendready-shared --bench validate` (or `cargo xtask bench validate`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use sendready_shared::secret::Secret;
use sendready_shared::settings::RawForm;

/// How long each form is measured after warming up.
const MEASURE: Duration = Duration::from_millis(500);

fn form(
    provider: &str,
    email: &str,
    username: &str,
    password: &str,
    host: &str,
    port: &str,
    security: &str,
) -> RawForm {
    RawForm {
        provider: provider.to_owned(),
        display_name: "Ada Lovelace".to_owned(),
        email: email.to_owned(),
        username: username.to_owned(),
        password: Secret::new(password),
        host: host.to_owned(),
        port: port.to_owned(),
        security: security.to_owned(),
    }
}

/// Nanoseconds per check of `form`, averaged over as many runs as fit in `MEASURE`.
fn measure(form: &RawForm) -> f64 {
    for _ in 0..1_000 {
        black_box(black_box(form).check());
    }
    let start = Instant::now();
    let mut runs: u64 = 0;
    while start.elapsed() < MEASURE {
        for _ in 0..256 {
            black_box(black_box(form).check());
        }
        runs += 256;
    }
    start.elapsed().as_nanos() as f64 / runs as f64
}

fn main() {
    let forms = [
        (
            "gmail, valid, pasted app password",
            form(
                "gmail",
                "ada@gmail.com",
                "",
                "abcd efgh ijkl mnop",
                "",
                "",
                "",
            ),
        ),
        (
            "microsoft365, valid, with warning",
            form(
                "microsoft365",
                "ada@contoso.com",
                "",
                "qwertyuiopasdfgh",
                "",
                "587",
                "starttls",
            ),
        ),
        (
            "zoho, custom domain, guessed host",
            form("zoho", "ada@example.com", "", "ab12cd34ef56", "", "", ""),
        ),
        (
            "other, typed host and port",
            form(
                "other",
                "ada@example.com",
                "ada@example.com",
                "hunter2",
                "Mail.Example.COM",
                "465",
                "implicit_tls",
            ),
        ),
        (
            "icloud, custom sender",
            form(
                "icloud",
                "ada@lovelace.dev",
                "ada@icloud.com",
                "abcdefghijklmnop",
                "",
                "",
                "",
            ),
        ),
        (
            "every field broken",
            form("gmail", "Ada <ada@example>", "ada", "", "x", "99999", "tls"),
        ),
    ];
    println!("validate: ns per full RawForm::check");
    let mut worst: f64 = 0.0;
    for (name, form) in &forms {
        let ns = measure(form);
        worst = worst.max(ns);
        println!("  {name:<40} {ns:>9.0} ns");
    }
    println!(
        "  {:<40} {worst:>9.0} ns (goal: far below 1 ms = 1000000 ns)",
        "worst"
    );
}
