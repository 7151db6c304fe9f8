//! Recognising the provider: from a host name, a server reply, a label or an e-mail domain,
//! for every preset, and the domain rules that decide which addresses a preset serves.

use sendready_shared::providers::{
    self, DETECTION_ORDER, HostRule, ProviderId, from_email_domain, from_host, from_label,
    from_reply,
};
use sendready_shared::settings::RawForm;

use super::{form, warning_codes};

/// Every server a preset names (fixed, listed, or the typed example where it is the
/// provider's own) is recognised as that preset or the preset of its family.
#[test]
fn the_hosts_of_every_preset_are_detected_as_that_preset() {
    for provider in providers::catalogue().providers {
        let hosts: Vec<&str> = match provider.host.value {
            HostRule::Fixed { host } => vec![host],
            HostRule::Choice { options } => options.iter().map(|option| option.host).collect(),
            HostRule::Typed { example, .. } if !provider.host_suffixes.is_empty() => vec![example],
            HostRule::Typed { .. } => vec![],
        };
        for host in hosts {
            assert_eq!(
                from_host(host).map(ProviderId::family),
                Some(provider.id.family()),
                "{host} of {:?}",
                provider.id
            );
        }
    }
}

#[test]
fn presets_with_suffixes_are_detected_from_each_suffix_and_its_subdomains() {
    for provider in providers::catalogue().providers {
        for suffix in provider.host_suffixes {
            for host in [suffix.to_string(), format!("smtp.{suffix}")] {
                let found = from_host(&host).expect("a listed suffix is detected");
                // A more specific preset earlier in the order may claim a host (Outlook.com's
                // hotmail.com before Microsoft 365); it must then be the same family.
                assert_eq!(found.family(), provider.id.family(), "{host}");
            }
        }
    }
}

#[test]
fn shared_servers_resolve_in_the_documented_order() {
    assert_eq!(from_host("smtp.gmail.com"), Some(ProviderId::Gmail));
    assert_eq!(from_host("smtp-relay.gmail.com"), Some(ProviderId::Gmail));
    assert_eq!(
        from_host("smtp-mail.outlook.com"),
        Some(ProviderId::OutlookCom)
    );
    assert_eq!(from_host("mx.hotmail.com"), Some(ProviderId::OutlookCom));
    assert_eq!(
        from_host("outlook.office365.com"),
        Some(ProviderId::Microsoft365)
    );
    assert_eq!(
        from_host("x.mail.protection.outlook.com"),
        Some(ProviderId::Microsoft365)
    );
    let outlook = DETECTION_ORDER
        .iter()
        .position(|id| *id == ProviderId::OutlookCom);
    let microsoft = DETECTION_ORDER
        .iter()
        .position(|id| *id == ProviderId::Microsoft365);
    assert!(outlook < microsoft);
}

#[test]
fn every_preset_with_markers_is_detected_from_a_reply() {
    for provider in providers::catalogue().providers {
        for marker in provider.reply_markers {
            let reply = format!("535 5.7.8 authentication failed {marker} x");
            let found = from_reply(&reply).expect("a marker is detected");
            // Markers are substrings: an earlier preset may own a shorter one ("qq.com" in
            // "mail.qq.com"), but never one from another family.
            assert_eq!(found.family(), provider.id.family(), "{marker}");
        }
    }
    assert_eq!(
        from_reply("535 5.7.0 (#auth005) too many bad auth attempts"),
        Some(ProviderId::Yahoo)
    );
    assert_eq!(from_reply("250 ok"), None);
}

#[test]
fn labels_name_the_provider_by_its_server() {
    assert_eq!(
        from_label("SendGrid (smtp.sendgrid.net:587)"),
        Some(ProviderId::Sendgrid)
    );
    assert_eq!(from_label("QQ [smtp.qq.com]"), Some(ProviderId::Qq));
    assert_eq!(from_label("my own server"), None);
}

#[test]
fn typing_an_address_suggests_the_consumer_preset() {
    let cases = [
        ("gmail.com", ProviderId::Gmail),
        ("googlemail.com", ProviderId::Gmail),
        ("outlook.com", ProviderId::OutlookCom),
        ("hotmail.com", ProviderId::OutlookCom),
        ("live.com", ProviderId::OutlookCom),
        ("icloud.com", ProviderId::Icloud),
        ("me.com", ProviderId::Icloud),
        ("mac.com", ProviderId::Icloud),
        ("yahoo.co.uk", ProviderId::Yahoo),
        ("aol.com", ProviderId::Aol),
        ("gmx.de", ProviderId::Gmx),
        ("gmx.ca", ProviderId::Gmx),
        ("qq.com", ProviderId::Qq),
        ("163.com", ProviderId::Netease),
        ("126.com", ProviderId::Netease),
        ("yandex.ru", ProviderId::Yandex),
        ("zohomail.eu", ProviderId::Zoho),
        ("zohomail.com.au", ProviderId::Zoho),
    ];
    for (domain, expected) in cases {
        assert_eq!(from_email_domain(domain), Some(expected), "{domain}");
    }
    for domain in ["example.com", "lovelace.dev", ""] {
        assert_eq!(from_email_domain(domain), None, "{domain}");
    }
}

#[test]
fn every_consumer_preset_is_suggested_by_its_own_domains() {
    for provider in providers::catalogue().providers {
        for pattern in provider.domains.value.patterns() {
            let domain = pattern.replace(".*", ".com");
            assert_eq!(from_email_domain(&domain), Some(provider.id), "{domain}");
        }
    }
}

/// iCloud+ custom-domain addresses send through smtp.mail.me.com, signing in with the iCloud
/// address: a custom domain is only worth a warning, and none once the login is an iCloud one.
#[test]
fn icloud_custom_domains_are_allowed() {
    let custom = form("icloud", "ada@lovelace.dev", "abcd-efgh-ijkl-mnop");
    let checked = custom.check();
    assert!(checked.settings.is_ok());
    assert_eq!(warning_codes(&checked), ["email:unusual_domain"]);
    let with_login = RawForm {
        username: "ada@icloud.com".to_owned(),
        ..custom
    };
    assert_eq!(warning_codes(&with_login.check()), ["email:sender_differs"]);
}
