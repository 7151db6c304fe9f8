//! Property tests: checking never panics, and whatever it accepts is safe to put on the wire.

use proptest::prelude::*;
use sendready_shared::providers::ProviderId;
use sendready_shared::secret::Secret;
use sendready_shared::settings::RawForm;

/// Any text, weighted towards the characters that break naive parsers.
fn wild() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z0-9@.:\\[\\]\\-_ <>\"\\\\/%\r\n\u{0}\u{a0}é]{0,40}",
        Just(String::new()),
    ]
}

/// Text that looks like a real form, so the deeper rules run too.
fn plausible() -> impl Strategy<Value = RawForm> {
    let provider = prop_oneof![
        proptest::sample::select(
            ProviderId::ALL
                .iter()
                .map(|id| id.as_str().to_owned())
                .collect::<Vec<_>>()
        ),
        wild(),
    ];
    let email = prop_oneof![
        "[a-z]{1,8}@(gmail|example|zohomail|icloud|yahoo)\\.(com|eu|co\\.uk)",
        wild()
    ];
    let host = prop_oneof![
        "([a-z0-9-]{1,10}\\.){1,3}[a-z]{2,4}",
        "[0-9]{1,3}(\\.[0-9]{1,3}){3}",
        wild()
    ];
    let port = prop_oneof![
        "[0-9]{0,6}",
        Just("465".to_owned()),
        Just("587".to_owned()),
        wild()
    ];
    let security = prop_oneof![
        Just("starttls".to_owned()),
        Just("implicit_tls".to_owned()),
        Just(String::new()),
        wild()
    ];
    (
        provider,
        wild(),
        email,
        wild(),
        wild(),
        host,
        port,
        security,
    )
        .prop_map(
            |(provider, display_name, email, username, password, host, port, security)| RawForm {
                provider,
                display_name,
                email,
                username,
                password: Secret::new(password),
                host,
                port,
                security,
            },
        )
}

fn arbitrary() -> impl Strategy<Value = RawForm> {
    (
        wild(),
        wild(),
        wild(),
        wild(),
        wild(),
        wild(),
        wild(),
        wild(),
    )
        .prop_map(
            |(provider, display_name, email, username, password, host, port, security)| RawForm {
                provider,
                display_name,
                email,
                username,
                password: Secret::new(password),
                host,
                port,
                security,
            },
        )
}

fn assert_safe(form: &RawForm) {
    let checked = form.check();
    assert_eq!(form.parse(), checked.settings.clone());
    match &checked.settings {
        Ok(settings) => {
            let wire = [
                settings.email.to_string(),
                settings.username.clone(),
                settings.display_name.clone(),
                settings.host.clone(),
            ];
            for text in wire.iter().chain([&settings.password.expose().to_owned()]) {
                assert!(!text.contains(['\r', '\n', '\0']), "{text:?}");
            }
            assert!(settings.port > 0);
            assert!(!settings.host.is_empty() && !settings.host.contains(char::is_whitespace));
            assert!(!settings.username.is_empty() && !settings.password.is_empty());
        }
        Err(errors) => assert!(!errors.is_empty(), "a refused form must say why"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn checking_arbitrary_forms_never_panics(form in arbitrary()) {
        assert_safe(&form);
    }

    #[test]
    fn checking_plausible_forms_never_panics(form in plausible()) {
        assert_safe(&form);
    }
}
