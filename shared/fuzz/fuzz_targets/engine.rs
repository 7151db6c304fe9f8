//! Fuzzes the probe: the input scripts a server (bytes in any pieces, TLS, EOF, errors, time);
//! the probe must never panic, never send AUTH before TLS, always finish by the total deadline
//! and never put the password in its report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sendready_shared::ground::Security;
use sendready_shared::secret::Secret;
use sendready_shared::ground::Millis;
use sendready_shared::smtp::{Credential, Deadlines, Output, Probe, ProbeConfig, TestMessage, TransportError};

const PASSWORD: &str = "fuzz-Secret-42!";

fuzz_target!(|data: &[u8]| {
    let Some((&flags, mut script)) = data.split_first() else { return };
    let implicit = flags & 1 == 1;
    let address = "ada@example.org".parse().expect("address");
    let config = ProbeConfig {
        host: "smtp.example.org".into(),
        port: if flags & 2 == 2 { 465 } else { 587 },
        security: if implicit { Security::ImplicitTls } else { Security::Starttls },
        ehlo_name: "fuzz.test".into(),
        username: "ada@example.org".into(),
        credential: if flags & 4 == 4 {
            Credential::OAuthToken(Secret::new(PASSWORD))
        } else {
            Credential::Password(Secret::new(PASSWORD))
        },
        test_message: (flags & 8 == 8).then(|| {
            TestMessage::new(address, "Ada", std::time::UNIX_EPOCH, "<fuzz@sendready.test>")
        }),
        deadlines: Deadlines::default(),
    };
    let mut probe = Probe::new(config, Millis(0));
    let mut now = 0;
    let mut tls = implicit;
    if flags & 16 == 0 {
        probe.handle_connected(Millis(now));
    }
    while let Some((&op, rest)) = script.split_first() {
        drain(&mut probe, &mut tls);
        now += 1;
        script = rest;
        match op % 8 {
            0 => probe.handle_tls_established(Millis(now)),
            1 => probe.handle_closed(Millis(now)),
            2 => {
                now += u64::from(op) * 100;
                probe.handle_timeout(Millis(now));
            }
            3 => {
                let error = match op / 8 % 4 {
                    0 => TransportError::Io("opaque".into()),
                    1 => TransportError::Tls("wrong version number".into()),
                    2 => TransportError::ConnectionRefused,
                    _ => TransportError::DnsFailed("nx".into()),
                };
                probe.handle_transport_error(error, Millis(now));
            }
            _ => {
                let len = usize::from(op / 8).min(script.len());
                let (bytes, rest) = script.split_at(len);
                probe.handle_input(bytes, Millis(now));
                script = rest;
            }
        }
    }
    drain(&mut probe, &mut tls);
    probe.handle_timeout(Millis(now + 30_001));
    drain(&mut probe, &mut tls);
    assert!(probe.is_finished());
    assert_eq!(probe.poll_timeout(), None);
    let json = serde_json::to_string(&probe.report()).expect("report serialises");
    assert!(!json.contains(PASSWORD));
});

fn drain(probe: &mut Probe, tls: &mut bool) {
    while let Some(output) = probe.poll_output() {
        match output {
            Output::Send(bytes) => assert!(*tls || !bytes.starts_with(b"AUTH")),
            Output::StartTls => *tls = true,
            Output::Close => {}
        }
    }
    while probe.poll_event().is_some() {}
}
