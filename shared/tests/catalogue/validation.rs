//! The form rules, one test per rule, through the public `RawForm::check` entry point.

use sendready_shared::ground::Security;
use sendready_shared::policy::DestinationPolicy;
use sendready_shared::providers::ProviderId;
use sendready_shared::secret::Secret;
use sendready_shared::settings::{Field, RawForm};

use super::{error_codes, form, warning_codes};

pub(crate) const GMAIL_APP_PASSWORD: &str = "abcd efgh ijkl mnop";

pub(crate) fn other(host: &str, port: &str, security: &str) -> RawForm {
    RawForm {
        host: host.to_owned(),
        port: port.to_owned(),
        security: security.to_owned(),
        ..form("other", "ada@example.com", "secret")
    }
}

fn endpoint(raw: &RawForm) -> Option<(String, u16, Security)> {
    raw.parse()
        .ok()
        .map(|settings| (settings.host, settings.port, settings.security))
}

#[test]
fn an_empty_form_reports_every_required_field_at_once() {
    let checked = RawForm::default().check();
    assert_eq!(
        error_codes(&checked),
        [
            "provider:required",
            "email:required",
            "password:required",
            "host:required"
        ]
    );
}

#[test]
fn line_breaks_and_nul_are_rejected_in_every_field() {
    let raw = RawForm {
        provider: "gmail\r\n".to_owned(),
        display_name: "Ada\r\nBcc: victim@example.com".to_owned(),
        email: "ada@gmail.com\n".to_owned(),
        username: "ada\0".to_owned(),
        password: Secret::new("pass\nword"),
        host: "smtp.example.com\r".to_owned(),
        port: "587\n".to_owned(),
        security: "starttls\0".to_owned(),
    };
    let checked = raw.check();
    let codes = error_codes(&checked);
    for field in [
        "provider",
        "display_name",
        "email",
        "username",
        "password",
        "host",
        "port",
        "security",
    ] {
        assert!(
            codes.contains(&format!("{field}:control_character")),
            "{field} in {codes:?}"
        );
    }
}

#[test]
fn a_valid_gmail_form_parses_into_settings() {
    let raw = RawForm {
        display_name: " Ada Lovelace ".to_owned(),
        ..form("gmail", "Ada@Gmail.com", GMAIL_APP_PASSWORD)
    };
    let checked = raw.check();
    assert!(checked.warnings.is_empty(), "{:?}", checked.warnings);
    let settings = checked.settings.expect("valid");
    assert_eq!(settings.provider, ProviderId::Gmail);
    assert_eq!(settings.display_name, "Ada Lovelace");
    assert_eq!(settings.email.to_string(), "Ada@Gmail.com");
    assert_eq!(settings.username, "Ada@Gmail.com");
    assert_eq!(settings.password.expose(), "abcdefghijklmnop");
    assert_eq!(
        (settings.host.as_str(), settings.port, settings.security),
        ("smtp.gmail.com", 465, Security::ImplicitTls)
    );
}

#[test]
fn provider_must_be_known() {
    assert_eq!(
        error_codes(&form("hotmail", "a@b.com", "x").check())[0],
        "provider:unknown_provider"
    );
    assert!(
        form("GMAIL", "ada@gmail.com", GMAIL_APP_PASSWORD)
            .parse()
            .is_ok()
    );
}

#[test]
fn outlook_com_is_refused_because_password_sign_in_ended() {
    let checked = form("outlook_com", "ada@outlook.com", "anything").check();
    assert_eq!(error_codes(&checked), ["provider:password_sign_in_removed"]);
    assert!(checked.errors()[0].message.contains("16 September 2024"));
}

#[test]
fn microsoft_365_warns_about_the_end_of_2026() {
    let checked = form("microsoft365", "ada@contoso.com", "app-password").check();
    assert!(checked.settings.is_ok());
    let warning = checked
        .warnings
        .iter()
        .find(|warning| warning.code == "password_sign_in_ending")
        .expect("warned");
    assert_eq!(warning.field, Field::Provider);
    assert!(warning.message.contains("December 2026"));
    assert_eq!(warning.step.as_deref(), Some("microsoft365.plan_for_oauth"));
}

#[test]
fn email_is_parsed_as_an_address() {
    let code = |email: &str| {
        error_codes(&form("other", email, "x").check())
            .into_iter()
            .find(|code| code.starts_with("email:"))
    };
    assert_eq!(code("ada"), Some("email:invalid_email".to_owned()));
    assert_eq!(
        code("Ada <ada@example.com>"),
        Some("email:invalid_email".to_owned())
    );
    assert_eq!(
        code("ada@exa mple.com"),
        Some("email:invalid_email".to_owned())
    );
    assert_eq!(
        code(&format!("{}@example.com", "a".repeat(65))),
        Some("email:too_long".to_owned())
    );
    assert_eq!(
        code(&format!("ada@{}.com", "a".repeat(260))),
        Some("email:too_long".to_owned())
    );
    assert_eq!(code("ada@example.com"), None);
    let message = form("other", "Ada <ada@example.com>", "x").check().errors()[0]
        .message
        .clone();
    assert!(message.contains("without a name"), "{message}");
}

#[test]
fn gmail_needs_a_gmail_address() {
    let checked = form("gmail", "ada@example.com", GMAIL_APP_PASSWORD).check();
    assert_eq!(error_codes(&checked), ["email:wrong_domain"]);
    assert!(checked.errors()[0].message.contains("@gmail.com"));
    assert!(
        form("gmail", "ada@googlemail.com", GMAIL_APP_PASSWORD)
            .parse()
            .is_ok()
    );
}

#[test]
fn organisation_presets_accept_any_domain_but_point_out_consumer_addresses() {
    for provider in ["google_workspace", "microsoft365", "zoho"] {
        assert!(
            form(provider, "ada@example.org", "abcdefghijkl")
                .parse()
                .is_ok(),
            "{provider}"
        );
    }
    let checked = form("google_workspace", "ada@gmail.com", GMAIL_APP_PASSWORD).check();
    assert!(checked.settings.is_ok());
    assert_eq!(warning_codes(&checked), ["email:other_provider"]);
    assert!(checked.warnings[0].message.contains("choose Gmail"));
}

#[test]
fn unusual_domains_are_warned_about_not_refused() {
    let checked = form("yahoo", "ada@example.com", "abcdefghijklmnop").check();
    assert!(checked.settings.is_ok());
    assert_eq!(warning_codes(&checked), ["email:unusual_domain"]);
}

#[test]
fn the_domain_rule_applies_to_the_address_that_signs_in() {
    let custom = form("gmail", "ada@lovelace.dev", GMAIL_APP_PASSWORD);
    assert_eq!(error_codes(&custom.check()), ["email:wrong_domain"]);
    let with_login = RawForm {
        username: "ada@gmail.com".to_owned(),
        ..custom
    };
    let checked = with_login.check();
    assert_eq!(
        checked.settings.as_ref().map(|s| s.username.as_str()).ok(),
        Some("ada@gmail.com")
    );
    assert_eq!(warning_codes(&checked), ["email:sender_differs"]);
}

#[test]
fn username_rules_follow_the_preset() {
    let gmail = RawForm {
        username: "ada".to_owned(),
        ..form("gmail", "ada@gmail.com", GMAIL_APP_PASSWORD)
    };
    assert_eq!(error_codes(&gmail.check()), ["username:invalid_username"]);
    let exchange = RawForm {
        username: "CORP\\ada".to_owned(),
        host: "mail.contoso.com".to_owned(),
        ..form("exchange", "ada@contoso.com", "Winter2026!")
    };
    assert_eq!(
        exchange
            .parse()
            .map(|settings| settings.username)
            .ok()
            .as_deref(),
        Some("CORP\\ada")
    );
    let long = RawForm {
        username: "a".repeat(200),
        ..other("smtp.example.com", "", "")
    };
    assert_eq!(error_codes(&long.check()), ["username:too_long"]);
}

#[test]
fn display_names_are_limited() {
    let ok = RawForm {
        display_name: "Zoë Ångström — Ops".to_owned(),
        ..other("smtp.example.com", "", "")
    };
    assert!(ok.parse().is_ok());
    let long = RawForm {
        display_name: "x".repeat(65),
        ..other("smtp.example.com", "", "")
    };
    assert_eq!(error_codes(&long.check()), ["display_name:too_long"]);
}

#[test]
fn pasted_app_passwords_are_normalised_per_provider() {
    let password = |provider: &str, email: &str, typed: &str| {
        form(provider, email, typed)
            .parse()
            .map(|settings| settings.password.expose().to_owned())
            .ok()
    };
    assert_eq!(
        password("gmail", "a@gmail.com", " abcd efgh ijkl mnop "),
        Some("abcdefghijklmnop".to_owned())
    );
    assert_eq!(
        password("icloud", "a@icloud.com", "abcdefghijklmnop"),
        Some("abcd-efgh-ijkl-mnop".to_owned())
    );
    assert_eq!(
        password("zoho", "a@zohomail.com", "ab12 cd34 ef56"),
        Some("ab12cd34ef56".to_owned())
    );
    let typed = " my pass phrase ";
    assert_eq!(
        password("other", "a@example.com", typed).as_deref(),
        None,
        "other needs a host"
    );
    let other = RawForm {
        password: Secret::new(typed),
        ..other("smtp.example.com", "", "")
    };
    assert_eq!(
        other
            .parse()
            .map(|settings| settings.password.expose().to_owned())
            .ok()
            .as_deref(),
        Some(typed)
    );
}

#[test]
fn a_normal_password_on_an_app_password_provider_is_warned_about() {
    let checked = form("gmail", "ada@gmail.com", "hunter2hunter2").check();
    assert!(checked.settings.is_ok());
    let warning = &checked.warnings[0];
    assert_eq!(
        (warning.field, warning.code.as_str()),
        (Field::Password, "not_app_password")
    );
    assert_eq!(
        warning.message,
        "this looks like your normal password; Gmail needs the 16-letter app password"
    );
    assert_eq!(warning.step.as_deref(), Some("gmail.create_app_password"));
    // Zoho still accepts the account password without MFA; Fastmail's format is undocumented.
    assert!(
        form("zoho", "ada@zohomail.com", "hunter2")
            .check()
            .warnings
            .is_empty()
    );
    assert!(
        form("fastmail", "ada@fastmail.com", "hunter2")
            .check()
            .warnings
            .is_empty()
    );
}

#[test]
fn passwords_are_required_and_bounded() {
    assert_eq!(
        error_codes(&form("gmail", "ada@gmail.com", "").check()),
        ["password:required"]
    );
    assert_eq!(
        error_codes(&form("gmail", "ada@gmail.com", &"x".repeat(129)).check()),
        ["password:too_long"]
    );
}

#[test]
fn presets_fix_their_host_and_ignore_the_field() {
    let raw = RawForm {
        host: "attacker.example".to_owned(),
        ..form("gmail", "ada@gmail.com", GMAIL_APP_PASSWORD)
    };
    assert_eq!(
        endpoint(&raw).map(|(host, ..)| host).as_deref(),
        Some("smtp.gmail.com")
    );
}

#[test]
fn zoho_picks_the_host_from_the_address_or_a_listed_choice() {
    let personal = form("zoho", "ada@zohomail.eu", "hunter2");
    assert_eq!(
        endpoint(&personal).map(|(host, ..)| host).as_deref(),
        Some("smtp.zoho.eu")
    );
    assert!(personal.check().warnings.is_empty());
    let organisation = form("zoho", "ada@example.com", "hunter2");
    let checked = organisation.check();
    assert_eq!(
        checked.settings.as_ref().map(|s| s.host.as_str()).ok(),
        Some("smtppro.zoho.com")
    );
    assert_eq!(warning_codes(&checked), ["host:host_guessed"]);
    assert_eq!(
        checked.warnings[0].step.as_deref(),
        Some("zoho.choose_server")
    );
    let chosen = RawForm {
        host: "SMTPPRO.zoho.in".to_owned(),
        ..organisation.clone()
    };
    assert_eq!(
        endpoint(&chosen).map(|(host, ..)| host).as_deref(),
        Some("smtppro.zoho.in")
    );
    let wrong = RawForm {
        host: "smtp.gmail.com".to_owned(),
        ..organisation
    };
    assert_eq!(error_codes(&wrong.check()), ["host:host_not_offered"]);
}

#[test]
fn typed_hosts_must_pass_the_destination_policy() {
    let code = |host: &str| error_codes(&other(host, "", "").check()).first().cloned();
    let expected = [
        ("", "host:required"),
        ("smtp://mail.example.com", "host:scheme_in_host"),
        ("mail.example.com:587", "host:port_in_host"),
        ("mail", "host:single_label_host"),
        ("nas.local", "host:reserved_name"),
        ("192.168.1.10", "host:blocked_address"),
        ("0177.0.0.1", "host:non_canonical_ip"),
    ];
    for (host, error) in expected {
        assert_eq!(code(host).as_deref(), Some(error), "{host}");
    }
    assert_eq!(code("Mail.Example.COM"), None);
    let ipv6 = endpoint(&other("[2a00:1450:4001:80b::200e]", "", ""));
    assert_eq!(
        ipv6.map(|(host, ..)| host).as_deref(),
        Some("2a00:1450:4001:80b::200e")
    );
}

#[test]
fn the_caller_may_pass_a_looser_policy_for_local_development() {
    let local = other("localhost", "2525", "starttls");
    assert_eq!(error_codes(&local.check()), ["host:localhost"]);
    let dev = DestinationPolicy {
        allow_loopback: true,
        ..DestinationPolicy::default()
    };
    let host = local
        .check_with(&dev)
        .settings
        .map(|settings| settings.host)
        .ok();
    assert_eq!(host.as_deref(), Some("localhost"));
}

#[test]
fn smartermail_suggests_the_usual_host() {
    let checked = form("smartermail", "ada@example.com", "abc").check();
    assert_eq!(error_codes(&checked), ["host:required"]);
    assert!(
        checked.errors()[0].message.contains("mail.example.com"),
        "{}",
        checked.errors()[0].message
    );
}

#[test]
fn ports_must_be_numbers_from_1_to_65535() {
    for port in ["0", "65536", "abc", "-1", "58 7"] {
        assert_eq!(
            error_codes(&other("smtp.example.com", port, "").check()),
            ["port:invalid_port"],
            "{port}"
        );
    }
}

#[test]
fn unusual_ports_are_warned_about() {
    let unusual = other("smtp.example.com", "2526", "starttls").check();
    assert!(unusual.settings.is_ok());
    assert_eq!(warning_codes(&unusual), ["port:unusual_port"]);
    assert_eq!(
        warning_codes(&other("smtp.example.com", "25", "").check()),
        ["port:port_25"]
    );
    assert!(
        other("smtp.example.com", "2525", "starttls")
            .check()
            .warnings
            .is_empty()
    );
}

#[test]
fn port_and_tls_mismatches_are_refused() {
    assert_eq!(
        error_codes(&other("smtp.example.com", "465", "starttls").check()),
        ["security:tls_mismatch"]
    );
    assert_eq!(
        error_codes(&other("smtp.example.com", "587", "implicit_tls").check()),
        ["security:tls_mismatch"]
    );
    let gmail = RawForm {
        port: "465".to_owned(),
        security: "starttls".to_owned(),
        ..form("gmail", "a@gmail.com", GMAIL_APP_PASSWORD)
    };
    assert_eq!(error_codes(&gmail.check()), ["security:tls_mismatch"]);
}

#[test]
fn empty_port_or_security_is_filled_in() {
    assert_eq!(
        endpoint(&other("smtp.example.com", "", "")),
        Some(("smtp.example.com".to_owned(), 587, Security::Starttls))
    );
    assert_eq!(
        endpoint(&other("smtp.example.com", "465", "")).map(|e| e.2),
        Some(Security::ImplicitTls)
    );
    assert_eq!(
        endpoint(&other("smtp.example.com", "", "implicit_tls")).map(|e| e.1),
        Some(465)
    );
    let gmail = |port: &str, security: &str| {
        endpoint(&RawForm {
            port: port.to_owned(),
            security: security.to_owned(),
            ..form("gmail", "a@gmail.com", GMAIL_APP_PASSWORD)
        })
        .map(|(_, port, security)| (port, security))
    };
    assert_eq!(gmail("587", ""), Some((587, Security::Starttls)));
    assert_eq!(gmail("", "starttls"), Some((587, Security::Starttls)));
    assert_eq!(gmail("", ""), Some((465, Security::ImplicitTls)));
}
