//! The form rules across fields: ports and security per preset, every error at once, message
//! style, JSON transport, and the sending services' own logins.

use sendready_shared::secret::Secret;
use sendready_shared::settings::RawForm;

use super::validation::{GMAIL_APP_PASSWORD, other};
use super::{error_codes, form, warning_codes};

#[test]
fn presets_only_accept_the_ports_they_offer() {
    let microsoft = |port: &str, security: &str| {
        let raw = RawForm {
            port: port.to_owned(),
            security: security.to_owned(),
            ..form("microsoft365", "a@contoso.com", "x")
        };
        error_codes(&raw.check())
    };
    assert_eq!(microsoft("465", ""), ["port:not_offered"]);
    assert_eq!(microsoft("", "implicit_tls"), ["security:not_offered"]);
    assert!(microsoft("587", "starttls").is_empty());
    let gmail = RawForm {
        port: "2525".to_owned(),
        ..form("gmail", "a@gmail.com", GMAIL_APP_PASSWORD)
    };
    let checked = gmail.check();
    assert_eq!(error_codes(&checked), ["port:not_offered"]);
    assert!(
        checked.errors()[0]
            .message
            .contains("port 465 with implicit TLS or port 587 with STARTTLS")
    );
}

#[test]
fn security_must_be_one_of_the_two_modes() {
    assert_eq!(
        error_codes(&other("smtp.example.com", "587", "ssl").check()),
        ["security:invalid_security"]
    );
    assert!(other("smtp.example.com", "587", "STARTTLS").parse().is_ok());
}

#[test]
fn every_broken_field_is_reported_together() {
    let raw = RawForm {
        provider: "gmail".to_owned(),
        display_name: "x".repeat(100),
        email: "ada@example.com".to_owned(),
        username: "ada".to_owned(),
        password: Secret::default(),
        host: String::new(),
        port: "99999".to_owned(),
        security: "tls".to_owned(),
    };
    let codes = error_codes(&raw.check());
    assert_eq!(
        codes,
        [
            "display_name:too_long",
            "username:invalid_username",
            "password:required",
            "port:invalid_port",
            "security:invalid_security"
        ]
    );
}

#[test]
fn messages_are_sentences_without_a_full_stop() {
    let forms = [
        RawForm::default(),
        form("gmail", "ada@example.com", "hunter2"),
        form("outlook_com", "ada@outlook.com", "x"),
        other("mail", "465", "starttls"),
        form("zoho", "ada@example.com", "x"),
    ];
    for raw in forms {
        let checked = raw.check();
        let messages = checked
            .errors()
            .iter()
            .map(|e| &e.message)
            .chain(checked.warnings.iter().map(|w| &w.message));
        for message in messages {
            assert!(!message.ends_with('.') && !message.is_empty(), "{message}");
        }
    }
}

#[test]
fn the_form_and_warnings_travel_as_json() {
    let raw: RawForm = serde_json::from_str(
        r#"{"provider":"gmail","email":"ada@gmail.com","password":"hunter2hunter2"}"#,
    )
    .expect("a partial form deserialises");
    let checked = raw.check();
    let json = serde_json::to_value(&checked.warnings).expect("warnings serialise");
    assert_eq!(json[0]["field"], "password");
    assert_eq!(json[0]["step"], "gmail.create_app_password");
    assert!(
        !serde_json::to_string(&checked.warnings)
            .expect("warnings serialise")
            .contains("hunter2"),
        "a warning never quotes the password"
    );
}

#[test]
fn sending_services_need_their_own_smtp_login_and_send_for_any_address() {
    let sendgrid = form(
        "sendgrid",
        "ada@gmail.com",
        "SG.abcdefghijklmnopqrstuv.wxyz0123456789",
    );
    let checked = sendgrid.check();
    assert_eq!(error_codes(&checked), ["username:required"]);
    assert!(
        checked.errors()[0].message.contains("apikey"),
        "{:?}",
        checked.errors()
    );
    let with_login = RawForm {
        username: "apikey".to_owned(),
        ..sendgrid
    };
    let checked = with_login.check();
    assert_eq!(error_codes(&checked), Vec::<String>::new());
    assert_eq!(
        warning_codes(&checked),
        Vec::<String>::new(),
        "a Gmail sender through SendGrid is not a reason to pick Gmail"
    );
    assert_eq!(
        with_login
            .parse()
            .map(|settings| settings.username)
            .ok()
            .as_deref(),
        Some("apikey")
    );
}
