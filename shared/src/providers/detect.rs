//! Which preset is on the other end, recognised from a host name, a server reply, a label or an
//! e-mail domain, reading the presets' own `host_suffixes`, `reply_markers` and domain rules.
//!
//! Presets can share a server (Gmail and Google Workspace both answer on smtp.gmail.com;
//! Outlook.com lives under Microsoft 365's outlook.com), so detection walks the presets in one
//! documented order, `DETECTION_ORDER`, and returns the first match. Presets without suffixes or
//! markers (Google Workspace, Exchange, SmarterMail, Other) are never detected from a host or a
//! reply; their family (`ProviderId::family`) is what the server says it is.

use super::{DomainRule, HostRule, PROVIDERS, Provider, ProviderId};

/// The order in which presets are tried. It differs from `ProviderId::ALL` (the picker's order)
/// in one place: Outlook.com comes before Microsoft 365, because its `smtp-mail.outlook.com`,
/// `hotmail.com`, `live.com` and `msn.com` are more specific than Microsoft 365's `outlook.com`.
/// Gmail comes before Google Workspace, so Google's hosts and replies report Gmail.
pub const DETECTION_ORDER: [ProviderId; 19] = [
    ProviderId::Gmail,
    ProviderId::GoogleWorkspace,
    ProviderId::OutlookCom,
    ProviderId::Microsoft365,
    ProviderId::Exchange,
    ProviderId::Yahoo,
    ProviderId::Aol,
    ProviderId::Icloud,
    ProviderId::Zoho,
    ProviderId::Fastmail,
    ProviderId::Smartermail,
    ProviderId::Yandex,
    ProviderId::Gmx,
    ProviderId::Qq,
    ProviderId::Netease,
    ProviderId::AmazonSes,
    ProviderId::Sendgrid,
    ProviderId::Mailgun,
    ProviderId::Other,
];

fn in_detection_order() -> impl Iterator<Item = &'static Provider> {
    DETECTION_ORDER.into_iter().map(ProviderId::provider)
}

/// The preset serving `host`, e.g. `smtp.gmail.com` → Gmail: the first preset in
/// `DETECTION_ORDER` with a suffix equal to the host or to one of its parent domains.
pub fn from_host(host: &str) -> Option<ProviderId> {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    in_detection_order()
        .find(|provider| provider.host_suffixes.iter().any(|s| is_within(&host, s)))
        .map(|provider| provider.id)
}

/// The preset whose inbound servers include the MX host `exchange`, with the suffix that
/// matched: `contoso-com.mail.protection.outlook.com` → (Microsoft 365,
/// `mail.protection.outlook.com`). Reads the presets' `mx_suffixes` in `DETECTION_ORDER`.
pub fn from_mx_host(exchange: &str) -> Option<(ProviderId, &'static str)> {
    let host = exchange.trim().trim_end_matches('.').to_ascii_lowercase();
    in_detection_order().find_map(|provider| {
        let suffixes = provider.mx_suffixes.map(|fact| fact.value).unwrap_or(&[]);
        suffixes
            .iter()
            .find(|suffix| is_within(&host, suffix))
            .map(|suffix| (provider.id, *suffix))
    })
}

/// True when `host` (lower case, no trailing dot) is `suffix` or a name under it.
fn is_within(host: &str, suffix: &str) -> bool {
    host == suffix
        || host
            .strip_suffix(suffix)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// The preset whose markers appear in `text_lower` (lower-cased by the caller).
pub fn from_reply(text_lower: &str) -> Option<ProviderId> {
    in_detection_order()
        .find(|provider| {
            provider
                .reply_markers
                .iter()
                .any(|marker| text_lower.contains(marker))
        })
        .map(|provider| provider.id)
}

/// The preset of the first host name mentioned in free text, e.g. `Gmail (smtp.gmail.com)`.
pub fn from_label(label: &str) -> Option<ProviderId> {
    label
        .split(|c: char| c.is_whitespace() || "()[],;/:".contains(c))
        .find_map(from_host)
}

/// The preset an address at `domain` most likely belongs to, for "typing the address suggests
/// the preset": the first preset in `ProviderId::ALL` whose domain rule lists the domain, else
/// the preset with a `Choice` server listed for it (Zoho's `zohomail.eu`). `None` for an
/// organisation's own domain, which any business preset may serve.
pub fn from_email_domain(domain: &str) -> Option<ProviderId> {
    let domain = domain.trim().trim_end_matches('.');
    let by_rule = PROVIDERS
        .iter()
        .find(|provider| provider.domains.value.lists(domain));
    let by_server = || {
        PROVIDERS.iter().find(|provider| match provider.host.value {
            HostRule::Choice { options } => options.iter().any(|option| {
                option
                    .domains
                    .iter()
                    .any(|listed| listed.eq_ignore_ascii_case(domain))
            }),
            HostRule::Fixed { .. } | HostRule::Typed { .. } => false,
        })
    };
    by_rule.or_else(by_server).map(|provider| provider.id)
}

/// The preset whose `Only` domain list names `domain`, if it is not `except`: used to say
/// "this is a Gmail address" when someone picked a preset meant for their own domain.
pub fn owner_of_domain(domain: &str, except: ProviderId) -> Option<&'static Provider> {
    PROVIDERS
        .iter()
        .copied()
        .filter(|provider| provider.id != except)
        .find(|provider| {
            matches!(provider.domains.value, DomainRule::Only { .. })
                && provider.domains.value.lists(domain)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let cases = [
            ("smtp.gmail.com", Some(ProviderId::Gmail)),
            ("smtp-relay.gmail.com.", Some(ProviderId::Gmail)),
            ("smtp.office365.com", Some(ProviderId::Microsoft365)),
            ("smtp-mail.outlook.com", Some(ProviderId::OutlookCom)),
            ("SMTP.MAIL.YAHOO.COM", Some(ProviderId::Yahoo)),
            ("smtppro.zoho.eu", Some(ProviderId::Zoho)),
            ("smtp.zoho.com.au", Some(ProviderId::Zoho)),
            ("smtp.mail.me.com", Some(ProviderId::Icloud)),
            ("smtp.fastmail.com", Some(ProviderId::Fastmail)),
            (
                "email-smtp.us-east-1.amazonaws.com",
                Some(ProviderId::AmazonSes),
            ),
            ("notgmail.com", None),
            ("mail.example.org", None),
        ];
        for (host, expected) in cases {
            assert_eq!(from_host(host), expected, "{host}");
        }
    }

    #[test]
    fn mx_hosts() {
        let cases = [
            (
                "contoso-com.mail.protection.outlook.com.",
                Some((ProviderId::Microsoft365, "mail.protection.outlook.com")),
            ),
            (
                "ASPMX.L.GOOGLE.COM",
                Some((ProviderId::GoogleWorkspace, "google.com")),
            ),
            (
                "smtp.google.com",
                Some((ProviderId::GoogleWorkspace, "google.com")),
            ),
            (
                "aspmx2.googlemail.com",
                Some((ProviderId::GoogleWorkspace, "googlemail.com")),
            ),
            ("mx2.zoho.eu", Some((ProviderId::Zoho, "zoho.eu"))),
            (
                "in1-smtp.messagingengine.com",
                Some((ProviderId::Fastmail, "messagingengine.com")),
            ),
            (
                "mx01.mail.icloud.com",
                Some((ProviderId::Icloud, "mail.icloud.com")),
            ),
            ("mx.yandex.net", Some((ProviderId::Yandex, "mx.yandex.net"))),
            // Outlook.com's own inbound servers are not a tenant's: no Microsoft 365 from them.
            ("hotmail-com.olc.protection.outlook.com", None),
            ("notgoogle.com", None),
            ("mail.example.org", None),
        ];
        for (host, expected) in cases {
            assert_eq!(from_mx_host(host), expected, "{host}");
        }
    }

    #[test]
    fn the_order_names_every_preset_once() {
        let mut ordered = DETECTION_ORDER.to_vec();
        ordered.sort_by_key(|id| *id as usize);
        assert_eq!(ordered, ProviderId::ALL.to_vec());
    }

    #[test]
    fn labels_and_markers() {
        assert_eq!(
            from_label("Zoho Mail (smtp.zoho.eu)"),
            Some(ProviderId::Zoho)
        );
        assert_eq!(
            from_label("Yahoo Mail (smtp.mail.yahoo.com:587)"),
            Some(ProviderId::Yahoo)
        );
        assert_eq!(
            from_reply("535 5.7.139 [x.prod.outlook.com]"),
            Some(ProviderId::Microsoft365)
        );
        assert_eq!(
            from_reply("h6sm1103848vkf.11 - gsmtp"),
            Some(ProviderId::Gmail)
        );
    }

    #[test]
    fn email_domains_suggest_consumer_presets_only() {
        assert_eq!(from_email_domain("gmail.com"), Some(ProviderId::Gmail));
        assert_eq!(
            from_email_domain("Hotmail.co.uk"),
            Some(ProviderId::OutlookCom)
        );
        assert_eq!(from_email_domain("zohomail.eu"), Some(ProviderId::Zoho));
        assert_eq!(from_email_domain("example.com"), None);
    }

    #[test]
    fn gmail_owns_gmail_addresses() {
        assert_eq!(
            owner_of_domain("gmail.com", ProviderId::GoogleWorkspace).map(|p| p.id),
            Some(ProviderId::Gmail)
        );
        assert!(owner_of_domain("gmail.com", ProviderId::Gmail).is_none());
        assert!(owner_of_domain("example.com", ProviderId::Other).is_none());
    }
}
