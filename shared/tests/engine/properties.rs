//! Property tests: whatever a server sends, in whatever pieces, the probe ends with a report and no secret.

use proptest::prelude::*;
use sendready_shared::ground::Millis;
use sendready_shared::ground::Security;
use sendready_shared::secret::Secret;
use sendready_shared::smtp::{Credential, Deadlines, Output, Probe, ProbeConfig};

use crate::replay::{PASSWORD, USERNAME};

fn config(security: Security) -> ProbeConfig {
    ProbeConfig {
        provider: None,
        host: "smtp.example.org".into(),
        port: 587,
        security,
        ehlo_name: "client.sendready.test".into(),
        username: USERNAME.into(),
        credential: Credential::Password(Secret::new(PASSWORD)),
        test_message: None,
        deadlines: Deadlines::default(),
    }
}

/// Server lines that steer the probe through every stage, plus noise.
fn server_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"220 ready\r\n".to_vec()),
        Just(b"250-x\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n".to_vec()),
        Just(b"250 ok\r\n".to_vec()),
        Just(b"334 \r\n".to_vec()),
        Just(b"235 2.7.0 ok\r\n".to_vec()),
        Just(b"354 go\r\n".to_vec()),
        Just(b"221 bye\r\n".to_vec()),
        Just(b"535 5.7.8 no\r\n".to_vec()),
        Just(b"421 busy\r\n".to_vec()),
        Just(b"\n".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..64),
    ]
}

#[derive(Clone, Debug)]
enum Event {
    Input(Vec<u8>, usize),
    Tls,
    Close,
    Wait(u64),
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        6 => (server_line(), 1usize..16).prop_map(|(bytes, split)| Event::Input(bytes, split)),
        1 => Just(Event::Tls),
        1 => Just(Event::Close),
        1 => (0u64..20_000).prop_map(Event::Wait),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_server_ends_in_a_report(events in proptest::collection::vec(event(), 0..40), implicit in any::<bool>()) {
        let security = if implicit { Security::ImplicitTls } else { Security::Starttls };
        let mut probe = Probe::new(config(security), Millis(0));
        let mut now = 0;
        probe.handle_connected(Millis(now));
        let mut wire = Vec::new();
        let mut tls_up = implicit;
        for event in events {
            while let Some(output) = probe.poll_output() {
                match output {
                    Output::Send(bytes) => {
                        let text = String::from_utf8_lossy(&bytes).into_owned();
                        prop_assert!(tls_up || !text.starts_with("AUTH"), "AUTH before TLS");
                        wire.extend(bytes);
                    }
                    Output::StartTls => tls_up = true,
                    Output::Close => {}
                }
            }
            now += 1;
            match event {
                Event::Input(bytes, split) => bytes.chunks(split).for_each(|piece| probe.handle_input(piece, Millis(now))),
                Event::Tls => probe.handle_tls_established(Millis(now)),
                Event::Close => probe.handle_closed(Millis(now)),
                Event::Wait(ms) => {
                    now += ms;
                    probe.handle_timeout(Millis(now));
                }
            }
        }
        // Whatever happened, the total deadline ends the probe.
        probe.handle_timeout(Millis(now + 30_000));
        while probe.poll_output().is_some() {}
        prop_assert!(probe.is_finished());
        let json = serde_json::to_string(&probe.report()).expect("json");
        prop_assert!(!json.contains(PASSWORD));
        prop_assert!(probe.report().transcript.len() < 2_000);
    }

    /// Pasted text is anything: multi-byte characters right after a code must not break the
    /// reading of it (schemathesis once found `]$º…` panicking the worker).
    #[test]
    fn diagnose_never_panics(
        reply in "[0-9 ,\"'\\-\\[\\]()a-z.º€é\u{1c}\n]{0,40}|\\PC{0,60}",
        host in proptest::option::of("[a-z.]{1,20}"),
    ) {
        let diagnosis = sendready_shared::diagnosis::diagnose(&sendready_shared::diagnosis::DiagnosisInput {
            reply,
            stage: None,
            host,
            provider: None,
            today: None,
        });
        prop_assert!(!diagnosis.title.is_empty());
    }
}
