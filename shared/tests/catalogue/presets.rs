//! Every preset: complete, internally consistent, every fact sourced and dated, and the whole
//! catalogue pinned as a JSON snapshot.

use sendready_shared::ground::Security;
use sendready_shared::providers::{
    self, AppPasswords, Category, DomainRule, HostRule, Login, PasswordFormat, Provider,
    ProviderId, Source, SourceKind, UsernameRule,
};
use serde_json::Value;

/// The day the catalogue was last reviewed; no fact can be checked later than this.
const REVIEWED: &str = "2026-11-23";

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [year, month] => digits(year, 4) && digits(month, 2),
        [year, month, day] => digits(year, 4) && digits(month, 2) && digits(day, 2),
        _ => false,
    }
}

fn assert_source(provider: &Provider, what: &str, source: &Source) {
    let id = provider.id.as_str();
    assert!(
        !source.title.is_empty(),
        "{id} {what}: source without a title"
    );
    assert!(
        source.url.starts_with("https://"),
        "{id} {what}: source url {}",
        source.url
    );
    assert!(
        source.checked.len() == 10 && is_date(source.checked),
        "{id} {what}: checked {}",
        source.checked
    );
    assert!(
        source.checked <= REVIEWED,
        "{id} {what}: checked in the future"
    );
}

#[test]
fn the_table_is_in_id_order_and_complete() {
    let catalogue = providers::catalogue();
    assert_eq!(catalogue.providers.len(), ProviderId::ALL.len());
    for id in ProviderId::ALL {
        assert_eq!(id.provider().id, id);
    }
}

#[test]
fn every_fact_has_a_dated_source() {
    for provider in providers::catalogue().providers {
        assert_source(provider, "host", provider.host.source);
        assert_source(provider, "username", provider.username.source);
        assert_source(provider, "domains", provider.domains.source);
        assert_source(provider, "second factor", provider.second_factor.source);
        assert_source(provider, "login", provider.login.source);
        if let Some(app_password) = &provider.app_password {
            assert_source(provider, "app password", app_password.source);
        }
        for option in provider.ports {
            assert_source(provider, "port", option.source);
        }
        for notice in provider.notices {
            assert_source(provider, notice.id, notice.source);
            assert!(
                is_date(notice.date),
                "{}: notice date {}",
                notice.id,
                notice.date
            );
            assert!(
                notice.id.starts_with(&format!("{}.", provider.id.as_str())),
                "{}",
                notice.id
            );
        }
    }
}

#[test]
fn every_fact_in_the_json_carries_its_source() {
    let json = serde_json::to_value(providers::catalogue()).expect("the catalogue serialises");
    let providers = json["providers"].as_array().expect("providers is a list");
    for provider in providers {
        for key in [
            "host",
            "username",
            "domains",
            "second_factor",
            "login",
            "app_password",
        ] {
            let fact = &provider[key];
            if key == "app_password" && fact.is_null() {
                continue;
            }
            assert!(
                fact["value"].is_object(),
                "{}.{key} has no value",
                provider["id"]
            );
            assert!(
                fact["source"]["url"].is_string(),
                "{}.{key} has no source",
                provider["id"]
            );
        }
        for list in ["ports", "notices"] {
            for item in provider[list].as_array().expect("a list") {
                assert!(
                    item["source"]["checked"].is_string(),
                    "{}.{list} item without a source",
                    provider["id"]
                );
            }
        }
    }
    assert_eq!(json["schema"], Value::from(providers::SCHEMA));
}

#[test]
fn every_preset_recommends_exactly_one_port_that_fits_its_tls_mode() {
    for provider in providers::catalogue().providers {
        let id = provider.id.as_str();
        assert_eq!(
            provider
                .ports
                .iter()
                .filter(|option| option.recommended)
                .count(),
            1,
            "{id}"
        );
        for option in provider.ports {
            let expected = if option.port == 465 {
                Security::ImplicitTls
            } else {
                Security::Starttls
            };
            assert_eq!(option.security, expected, "{id} port {}", option.port);
        }
    }
}

#[test]
fn fixed_and_listed_hosts_are_lower_case_public_names() {
    for provider in providers::catalogue().providers {
        let hosts: Vec<&str> = match provider.host.value {
            HostRule::Fixed { host } => vec![host],
            HostRule::Choice { options } => options.iter().map(|option| option.host).collect(),
            HostRule::Typed { example, .. } => vec![example],
        };
        for host in hosts {
            assert!(
                host.contains('.') && host == host.to_ascii_lowercase() && !host.contains(' '),
                "{host}"
            );
        }
    }
}

#[test]
fn zoho_covers_personal_and_organisation_hosts_in_every_region() {
    let HostRule::Choice { options } = ProviderId::Zoho.provider().host.value else {
        panic!("zoho offers a choice of hosts");
    };
    let regions = [
        "zoho.com",
        "zoho.eu",
        "zoho.in",
        "zoho.com.au",
        "zoho.jp",
        "zohocloud.ca",
        "zoho.com.cn",
        "zoho.sa",
    ];
    for region in regions {
        for kind in ["smtp", "smtppro"] {
            let host = format!("{kind}.{region}");
            assert!(options.iter().any(|option| option.host == host), "{host}");
        }
    }
    let zoho = ProviderId::Zoho.provider();
    for (domain, host) in [
        ("zohomail.com.au", "smtp.zoho.com.au"),
        ("zoho.jp", "smtp.zoho.jp"),
        ("zohocloud.ca", "smtp.zohocloud.ca"),
    ] {
        assert_eq!(zoho.default_host(domain), Some((host.to_owned(), false)));
    }
}

#[test]
fn gmx_picks_the_platform_from_the_country_domain() {
    let gmx = ProviderId::Gmx.provider();
    for domain in ["gmx.de", "gmx.net", "gmx.at", "gmx.ch"] {
        assert_eq!(
            gmx.default_host(domain).map(|(host, _)| host).as_deref(),
            Some("mail.gmx.net")
        );
    }
    for domain in [
        "gmx.ca",
        "gmx.pt",
        "gmx.se",
        "gmx.fr",
        "gmx.es",
        "gmx.co.uk",
        "gmx.com",
    ] {
        assert_eq!(
            gmx.default_host(domain),
            Some(("mail.gmx.com".to_owned(), false)),
            "{domain}"
        );
    }
}

#[test]
fn categories_follow_the_domain_rule() {
    for provider in providers::catalogue().providers {
        let expected = match (provider.id, provider.domains.value) {
            (ProviderId::Other, _) => Category::Other,
            (ProviderId::AmazonSes | ProviderId::Sendgrid | ProviderId::Mailgun, _) => {
                Category::SendingService
            }
            (_, DomainRule::Any) => Category::Business,
            (_, DomainRule::Only { .. } | DomainRule::Usually { .. }) => Category::Personal,
        };
        assert_eq!(provider.category, expected, "{:?}", provider.id);
    }
}

#[test]
fn app_password_policy_agrees_with_login_and_credentials() {
    for provider in providers::catalogue().providers {
        let id = provider.id;
        match provider.app_passwords {
            AppPasswords::Always => {
                assert_eq!(provider.login.value, Login::AppPasswordOnly, "{id:?}");
                assert!(provider.app_password.is_some(), "{id:?}");
            }
            AppPasswords::UnderMfa => {
                assert!(provider.app_password.is_some(), "{id:?}");
                assert_ne!(provider.login.value, Login::AppPasswordOnly, "{id:?}");
            }
            AppPasswords::NotUsed => assert!(
                provider.app_password.is_none() || provider.category == Category::SendingService,
                "{id:?}"
            ),
        }
    }
}

#[test]
fn domain_rules_follow_seed_004() {
    let gmail = ProviderId::Gmail.provider().domains.value;
    assert!(matches!(gmail, DomainRule::Only { .. }));
    assert!(
        gmail.lists("gmail.com") && gmail.lists("googlemail.com") && !gmail.lists("example.com")
    );
    for id in [
        ProviderId::GoogleWorkspace,
        ProviderId::Microsoft365,
        ProviderId::Zoho,
        ProviderId::Other,
    ] {
        assert!(
            matches!(id.provider().domains.value, DomainRule::Any),
            "{id:?}"
        );
    }
    assert!(ProviderId::Icloud.provider().domains.value.lists("me.com"));
    assert!(
        ProviderId::Yahoo
            .provider()
            .domains
            .value
            .lists("yahoo.co.uk")
    );
}

#[test]
fn username_rules() {
    for provider in providers::catalogue().providers {
        let expected_account_name = matches!(
            provider.id,
            ProviderId::Exchange
                | ProviderId::Other
                | ProviderId::AmazonSes
                | ProviderId::Sendgrid
                | ProviderId::Mailgun
        );
        let is_account_name = matches!(provider.username.value, UsernameRule::AccountName { .. });
        assert_eq!(is_account_name, expected_account_name, "{:?}", provider.id);
    }
}

#[test]
fn app_password_formats_match_what_providers_print() {
    let format = |id: ProviderId| {
        id.provider()
            .app_password
            .as_ref()
            .map(|fact| fact.value.format)
    };
    assert_eq!(
        format(ProviderId::Gmail),
        Some(PasswordFormat::Letters { len: 16, group: 4 })
    );
    assert_eq!(
        format(ProviderId::Icloud),
        Some(PasswordFormat::DashedLetters {
            groups: 4,
            group: 4
        })
    );
    assert_eq!(
        format(ProviderId::Zoho),
        Some(PasswordFormat::Alphanumeric { len: 12 })
    );
    assert_eq!(format(ProviderId::OutlookCom), None);
    assert_eq!(format(ProviderId::Exchange), None);
    for provider in providers::catalogue().providers {
        if let (Some(app_password), Some(example)) = (
            &provider.app_password,
            provider.app_password.as_ref().and_then(|f| f.value.example),
        ) {
            assert!(
                app_password.value.format.normalise(example).is_some(),
                "{:?} example {example}",
                provider.id
            );
        }
    }
}

#[test]
fn second_factor_prerequisites() {
    for id in [
        ProviderId::Gmail,
        ProviderId::GoogleWorkspace,
        ProviderId::Icloud,
        ProviderId::Gmx,
        ProviderId::Smartermail,
    ] {
        assert!(id.provider().second_factor.value.required, "{id:?}");
    }
    for id in [ProviderId::Fastmail, ProviderId::Yahoo, ProviderId::Aol] {
        assert!(!id.provider().second_factor.value.required, "{id:?}");
        assert_eq!(id.provider().login.value, Login::AppPasswordOnly, "{id:?}");
    }
}

#[test]
fn deprecations_are_dated() {
    let outlook = ProviderId::OutlookCom.provider();
    assert_eq!(
        outlook.login.value,
        Login::OauthOnly {
            since: "2024-09-16"
        }
    );
    let microsoft = ProviderId::Microsoft365.provider();
    assert_eq!(microsoft.login.value, Login::Ending { from: "2026-12" });
    assert!(
        microsoft
            .notices
            .iter()
            .any(|notice| notice.text.contains("550 5.7.30"))
    );
    assert_eq!(microsoft.login.source.kind, SourceKind::Official);
    assert!(microsoft.login.source.url.contains("4489835"));
}

/// Pins the catalogue's JSON so every change to a preset, a source or a guide is deliberate.
#[test]
fn catalogue_json_is_pinned() {
    let json =
        serde_json::to_string_pretty(&providers::catalogue()).expect("the catalogue serialises");
    insta::assert_snapshot!("catalogue", json);
}
