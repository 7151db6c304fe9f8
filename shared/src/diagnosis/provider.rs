//! Which mail provider is on the other end, judged from the host name or markers in a reply.

use serde::{Deserialize, Serialize};

/// Providers whose replies or account rules need their own explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    Gmail,
    Microsoft365,
    OutlookCom,
    Yahoo,
    Aol,
    Icloud,
    Zoho,
    Fastmail,
    Yandex,
    Gmx,
    Qq,
    Netease,
    AmazonSes,
    Sendgrid,
    Mailgun,
}

/// When a provider wants an app password instead of the account password for SMTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppPasswords {
    /// The account password never works for SMTP: a rejected login means "use an app password".
    Always,
    /// Only once two-step verification is on; a rejected login may be either cause.
    UnderMfa,
    /// The provider issues SMTP credentials or API keys of its own, or has no app passwords.
    NotUsed,
}

/// Static facts about one provider.
#[derive(Clone, Copy, Debug)]
pub struct ProviderInfo {
    pub provider: Provider,
    pub name: &'static str,
    /// Host names that belong to the provider: the name itself or any subdomain of it.
    pub host_suffixes: &'static [&'static str],
    /// Lower-case substrings that only this provider puts in its replies.
    pub reply_markers: &'static [&'static str],
    pub app_passwords: AppPasswords,
    /// Where the user creates an app password or SMTP credential.
    pub credential_page: Option<&'static str>,
}

/// The table, most specific first: a host matches the first row whose suffix fits.
pub const PROVIDERS: &[ProviderInfo] = &[
    ProviderInfo {
        provider: Provider::Gmail,
        name: "Gmail",
        host_suffixes: &["gmail.com", "googlemail.com", "google.com"],
        reply_markers: &[
            "gsmtp",
            "support.google.com",
            "accounts.google.com",
            "username and password not accepted",
        ],
        app_passwords: AppPasswords::Always,
        credential_page: Some("https://myaccount.google.com/apppasswords"),
    },
    ProviderInfo {
        provider: Provider::OutlookCom,
        name: "Outlook.com",
        host_suffixes: &[
            "smtp-mail.outlook.com",
            "hotmail.com",
            "live.com",
            "msn.com",
        ],
        reply_markers: &[],
        app_passwords: AppPasswords::NotUsed,
        credential_page: None,
    },
    ProviderInfo {
        provider: Provider::Microsoft365,
        name: "Microsoft 365",
        host_suffixes: &[
            "office365.com",
            "office365.us",
            "outlook.com",
            "office.com",
            "partner.outlook.cn",
        ],
        reply_markers: &[
            "outlook.com",
            "exchangelabs.com",
            "storedrv",
            "aka.ms/",
            "microsoft.com",
            "office365",
        ],
        app_passwords: AppPasswords::UnderMfa,
        credential_page: Some("https://mysignins.microsoft.com/security-info"),
    },
    ProviderInfo {
        provider: Provider::Yahoo,
        name: "Yahoo Mail",
        host_suffixes: &["yahoo.com", "yahoodns.net", "ymail.com"],
        reply_markers: &["yahoo", "#auth005"],
        app_passwords: AppPasswords::Always,
        credential_page: Some("https://login.yahoo.com/account/security"),
    },
    ProviderInfo {
        provider: Provider::Aol,
        name: "AOL Mail",
        host_suffixes: &["aol.com"],
        reply_markers: &["aol.com"],
        app_passwords: AppPasswords::Always,
        credential_page: Some("https://login.aol.com/account/security"),
    },
    ProviderInfo {
        provider: Provider::Icloud,
        name: "iCloud Mail",
        host_suffixes: &["mail.me.com", "me.com", "icloud.com", "mac.com"],
        reply_markers: &["icloud", "apple.com"],
        app_passwords: AppPasswords::Always,
        credential_page: Some("https://account.apple.com"),
    },
    ProviderInfo {
        provider: Provider::Zoho,
        name: "Zoho Mail",
        host_suffixes: &[
            "zoho.com",
            "zoho.eu",
            "zoho.in",
            "zoho.com.au",
            "zoho.jp",
            "zoho.com.cn",
            "zoho.sa",
            "zohomail.com",
        ],
        reply_markers: &["zoho"],
        app_passwords: AppPasswords::UnderMfa,
        credential_page: Some("https://accounts.zoho.com/home#security/app_password"),
    },
    ProviderInfo {
        provider: Provider::Fastmail,
        name: "Fastmail",
        host_suffixes: &["fastmail.com", "messagingengine.com"],
        reply_markers: &["fastmail", "messagingengine"],
        app_passwords: AppPasswords::Always,
        credential_page: Some("https://app.fastmail.com/settings/security/apps"),
    },
    ProviderInfo {
        provider: Provider::Yandex,
        name: "Yandex Mail",
        host_suffixes: &["yandex.ru", "yandex.com", "yandex.net"],
        reply_markers: &["yandex", "ya.cc"],
        app_passwords: AppPasswords::UnderMfa,
        credential_page: Some("https://id.yandex.com/security/app-passwords"),
    },
    ProviderInfo {
        provider: Provider::Gmx,
        name: "GMX",
        host_suffixes: &["gmx.net", "gmx.com", "gmx.de", "web.de", "mail.com"],
        reply_markers: &["gmx", "web.de"],
        app_passwords: AppPasswords::UnderMfa,
        credential_page: None,
    },
    ProviderInfo {
        provider: Provider::Qq,
        name: "QQ Mail",
        host_suffixes: &["qq.com", "foxmail.com"],
        reply_markers: &["mail.qq.com", "qq.com"],
        app_passwords: AppPasswords::Always,
        credential_page: Some("https://mail.qq.com"),
    },
    ProviderInfo {
        provider: Provider::Netease,
        name: "NetEase Mail (163/126)",
        host_suffixes: &["163.com", "126.com", "yeah.net"],
        reply_markers: &["163.com", "126.com", "netease"],
        app_passwords: AppPasswords::Always,
        credential_page: Some("https://mail.163.com"),
    },
    ProviderInfo {
        provider: Provider::AmazonSes,
        name: "Amazon SES",
        host_suffixes: &["amazonaws.com", "amazonses.com"],
        reply_markers: &["amazonaws", "ses:", "amazonses"],
        app_passwords: AppPasswords::NotUsed,
        credential_page: Some("https://console.aws.amazon.com/ses/home#/smtp"),
    },
    ProviderInfo {
        provider: Provider::Sendgrid,
        name: "SendGrid",
        host_suffixes: &["sendgrid.net", "sendgrid.com"],
        reply_markers: &["sendgrid"],
        app_passwords: AppPasswords::NotUsed,
        credential_page: Some("https://app.sendgrid.com/settings/api_keys"),
    },
    ProviderInfo {
        provider: Provider::Mailgun,
        name: "Mailgun",
        host_suffixes: &["mailgun.org", "mailgun.net"],
        reply_markers: &["mailgun"],
        app_passwords: AppPasswords::NotUsed,
        credential_page: Some("https://app.mailgun.com"),
    },
];

impl Provider {
    /// The provider serving `host`, e.g. `smtp.gmail.com` → Gmail.
    pub fn from_host(host: &str) -> Option<Provider> {
        let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
        PROVIDERS
            .iter()
            .find(|info| {
                info.host_suffixes.iter().any(|suffix| {
                    host == *suffix
                        || host
                            .strip_suffix(suffix)
                            .is_some_and(|rest| rest.ends_with('.'))
                })
            })
            .map(|info| info.provider)
    }

    /// The provider whose markers appear in `text` (lower-cased by the caller).
    pub fn from_reply(text_lower: &str) -> Option<Provider> {
        PROVIDERS
            .iter()
            .find(|info| {
                info.reply_markers
                    .iter()
                    .any(|marker| text_lower.contains(marker))
            })
            .map(|info| info.provider)
    }

    /// Host names and provider labels mentioned anywhere in free text, e.g. `Gmail (smtp.gmail.com)`.
    pub fn from_label(label: &str) -> Option<Provider> {
        label
            .split(|c: char| c.is_whitespace() || "()[],;/:".contains(c))
            .find_map(Provider::from_host)
    }

    pub fn info(self) -> &'static ProviderInfo {
        PROVIDERS
            .iter()
            .find(|info| info.provider == self)
            .unwrap_or(&PROVIDERS[0])
    }

    /// The provider a preset's replies come from; `None` for presets without one of their own
    /// (Exchange, SmarterMail and "other" run on any host).
    pub fn from_preset(id: crate::providers::ProviderId) -> Option<Provider> {
        use crate::providers::ProviderId as Id;
        match id {
            Id::Gmail | Id::GoogleWorkspace => Some(Provider::Gmail),
            Id::Microsoft365 => Some(Provider::Microsoft365),
            Id::OutlookCom => Some(Provider::OutlookCom),
            Id::Yahoo => Some(Provider::Yahoo),
            Id::Icloud => Some(Provider::Icloud),
            Id::Zoho => Some(Provider::Zoho),
            Id::Fastmail => Some(Provider::Fastmail),
            Id::Aol => Some(Provider::Aol),
            Id::Gmx => Some(Provider::Gmx),
            Id::Exchange | Id::Smartermail | Id::Other => None,
        }
    }

    /// The preset whose guide covers this provider.
    pub fn preset(self) -> Option<crate::providers::ProviderId> {
        crate::providers::ProviderId::ALL
            .into_iter()
            .find(|id| Provider::from_preset(*id) == Some(self))
    }

    /// True for Microsoft's hosted mail, consumer or business: they share reply formats.
    pub fn is_microsoft(self) -> bool {
        matches!(self, Provider::Microsoft365 | Provider::OutlookCom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let cases = [
            ("smtp.gmail.com", Some(Provider::Gmail)),
            ("smtp-relay.gmail.com.", Some(Provider::Gmail)),
            ("smtp.office365.com", Some(Provider::Microsoft365)),
            ("smtp-mail.outlook.com", Some(Provider::OutlookCom)),
            ("SMTP.MAIL.YAHOO.COM", Some(Provider::Yahoo)),
            ("smtppro.zoho.eu", Some(Provider::Zoho)),
            ("smtp.zoho.com.au", Some(Provider::Zoho)),
            ("smtp.mail.me.com", Some(Provider::Icloud)),
            ("smtp.fastmail.com", Some(Provider::Fastmail)),
            (
                "email-smtp.us-east-1.amazonaws.com",
                Some(Provider::AmazonSes),
            ),
            ("notgmail.com", None),
            ("mail.example.org", None),
        ];
        for (host, expected) in cases {
            assert_eq!(Provider::from_host(host), expected, "{host}");
        }
    }

    #[test]
    fn every_provider_has_info() {
        for info in PROVIDERS {
            assert_eq!(info.provider.info().provider, info.provider);
        }
    }

    #[test]
    fn labels_and_markers() {
        assert_eq!(
            Provider::from_label("Zoho Mail (smtp.zoho.eu)"),
            Some(Provider::Zoho)
        );
        assert_eq!(
            Provider::from_label("Yahoo Mail (smtp.mail.yahoo.com:587)"),
            Some(Provider::Yahoo)
        );
        assert_eq!(
            Provider::from_reply("535 5.7.139 [x.prod.outlook.com]"),
            Some(Provider::Microsoft365)
        );
        assert_eq!(
            Provider::from_reply("h6sm1103848vkf.11 - gsmtp"),
            Some(Provider::Gmail)
        );
    }
}
