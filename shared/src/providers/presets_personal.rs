//! Presets for personal mail services: Gmail, Outlook.com, Yahoo, iCloud, AOL and GMX, each
//! fact next to its source. Google's shared tables are also used by the Workspace preset.

use super::guides_personal as guides;
use super::sources as src;
use super::{
    AppPassword, AppPasswords, Category, DomainRule, Fact, HostOption, HostRule, Login, Notice,
    PasswordFormat, PortOption, Provider, ProviderId, SecondFactor, UsernameRule,
};
use crate::ground::Security::{ImplicitTls, Starttls};

pub(super) const SIXTEEN_LETTERS: PasswordFormat = PasswordFormat::Letters { len: 16, group: 4 };

pub(super) static GOOGLE_PORTS: [PortOption; 2] = [
    PortOption {
        port: 465,
        security: ImplicitTls,
        recommended: true,
        source: &src::GMAIL_SMTP,
    },
    PortOption {
        port: 587,
        security: Starttls,
        recommended: false,
        source: &src::GMAIL_SMTP,
    },
];

pub(super) static GOOGLE_APP_PASSWORD: AppPassword = AppPassword {
    name: "app password",
    format: SIXTEEN_LETTERS,
    example: Some("abcd efgh ijkl mnop"),
    shown_once: true,
    url: Some("https://myaccount.google.com/apppasswords"),
};

pub(super) static GOOGLE_TWO_STEP: SecondFactor = SecondFactor {
    name: "2-Step Verification",
    required: true,
    url: Some("https://myaccount.google.com/signinoptions/twosv"),
};

static OUTLOOK_COM_587: [PortOption; 1] = [PortOption {
    port: 587,
    security: Starttls,
    recommended: true,
    source: &src::OUTLOOK_COM_SMTP,
}];

static YAHOO_PORTS: [PortOption; 2] = [
    PortOption {
        port: 465,
        security: ImplicitTls,
        recommended: true,
        source: &src::YAHOO_SMTP,
    },
    PortOption {
        port: 587,
        security: Starttls,
        recommended: false,
        source: &src::YAHOO_SMTP,
    },
];

static ICLOUD_PORTS: [PortOption; 1] = [PortOption {
    port: 587,
    security: Starttls,
    recommended: true,
    source: &src::ICLOUD_SMTP,
}];

static AOL_PORTS: [PortOption; 2] = [
    PortOption {
        port: 465,
        security: ImplicitTls,
        recommended: true,
        source: &src::AOL_SMTP,
    },
    PortOption {
        port: 587,
        security: Starttls,
        recommended: false,
        source: &src::AOL_SMTP,
    },
];

static GMX_PORTS: [PortOption; 2] = [
    PortOption {
        port: 587,
        security: Starttls,
        recommended: true,
        source: &src::GMX_SMTP,
    },
    PortOption {
        port: 465,
        security: ImplicitTls,
        recommended: false,
        source: &src::GMX_SMTP,
    },
];

/// GMX runs two platforms: the German one (mail.gmx.net) for the German-speaking domains and
/// the international one (mail.gmx.com) for every other country's domain, as listed in
/// Thunderbird's ISPDB. An unlisted gmx.* address gets the German server as a flagged guess.
static GMX_HOSTS: [HostOption; 2] = [
    HostOption {
        host: "mail.gmx.net",
        label: "GMX Germany, Austria, Switzerland",
        domains: &[
            "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.eu", "gmx.biz", "gmx.org", "gmx.info",
        ],
    },
    HostOption {
        host: "mail.gmx.com",
        label: "GMX international",
        domains: &[
            "gmx.com",
            "gmx.us",
            "gmx.co.uk",
            "gmx.fr",
            "gmx.es",
            "gmx.it",
            "gmx.ca",
            "gmx.pt",
            "gmx.se",
            "gmx.ie",
            "gmx.li",
            "gmx.tm",
            "gmx.cn",
            "gmx.co.in",
            "gmx.com.br",
            "gmx.com.my",
            "gmx.com.tr",
            "gmx.hk",
            "gmx.ph",
            "gmx.ru",
            "gmx.sg",
            "gmx.tw",
        ],
    },
];

static GOOGLE_NOTICES: [Notice; 1] = [Notice {
    id: "gmail.less_secure_apps_off",
    date: "2022-05-30",
    text: "Google stopped accepting the account password from other apps on 30 May 2022; only an app password (or OAuth sign-in) works for SMTP",
    source: &src::GMAIL_LSA_2022,
}];

static OUTLOOK_COM_NOTICES: [Notice; 1] = [Notice {
    id: "outlook_com.basic_auth_removed",
    date: "2024-09-16",
    text: "since 16 September 2024 Outlook.com, Hotmail, Live and MSN accounts refuse passwords and app passwords from other apps; only OAuth (\"Sign in with Microsoft\") works",
    source: &src::OUTLOOK_COM_MODERN_AUTH,
}];

pub(super) static GMAIL: Provider = Provider {
    id: ProviderId::Gmail,
    name: "Gmail",
    covers: "personal Google accounts ending in @gmail.com or @googlemail.com",
    category: Category::Personal,
    host_suffixes: &["gmail.com", "googlemail.com", "google.com"],
    reply_markers: &[
        "gsmtp",
        "support.google.com",
        "accounts.google.com",
        "username and password not accepted",
    ],
    mx_suffixes: None,
    app_passwords: AppPasswords::Always,
    host: Fact {
        value: HostRule::Fixed {
            host: "smtp.gmail.com",
        },
        source: &src::GMAIL_SMTP,
    },
    ports: &GOOGLE_PORTS,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::GMAIL_SMTP,
    },
    domains: Fact {
        value: DomainRule::Only {
            domains: &["gmail.com", "googlemail.com"],
        },
        source: &src::GMAIL_SMTP,
    },
    second_factor: Fact {
        value: GOOGLE_TWO_STEP,
        source: &src::GOOGLE_APP_PASSWORDS,
    },
    app_password: Some(Fact {
        value: GOOGLE_APP_PASSWORD,
        source: &src::GOOGLE_APP_PASSWORDS,
    }),
    login: Fact {
        value: Login::AppPasswordOnly,
        source: &src::GMAIL_LSA_2022,
    },
    notices: &GOOGLE_NOTICES,
    guide: &guides::GMAIL,
};

pub(super) static OUTLOOK_COM: Provider = Provider {
    id: ProviderId::OutlookCom,
    name: "Outlook.com (Hotmail, Live, MSN)",
    covers: "personal Microsoft accounts such as @outlook.com, @hotmail.com, @live.com and @msn.com",
    category: Category::Personal,
    host_suffixes: &[
        "smtp-mail.outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
    ],
    reply_markers: &[],
    mx_suffixes: None,
    app_passwords: AppPasswords::NotUsed,
    host: Fact {
        value: HostRule::Fixed {
            host: "smtp-mail.outlook.com",
        },
        source: &src::OUTLOOK_COM_SMTP,
    },
    ports: &OUTLOOK_COM_587,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::OUTLOOK_COM_SMTP,
    },
    domains: Fact {
        value: DomainRule::Usually {
            domains: &["outlook.*", "hotmail.*", "live.*", "msn.com"],
        },
        source: &src::OUTLOOK_COM_MODERN_AUTH,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "two-step verification",
            required: false,
            url: Some("https://account.microsoft.com/security"),
        },
        source: &src::OUTLOOK_COM_MODERN_AUTH,
    },
    app_password: None,
    login: Fact {
        value: Login::OauthOnly {
            since: "2024-09-16",
        },
        source: &src::OUTLOOK_COM_MODERN_AUTH,
    },
    notices: &OUTLOOK_COM_NOTICES,
    guide: &guides::OUTLOOK_COM,
};

pub(super) static YAHOO: Provider = Provider {
    id: ProviderId::Yahoo,
    name: "Yahoo Mail",
    covers: "Yahoo accounts such as @yahoo.com, @ymail.com and @rocketmail.com",
    category: Category::Personal,
    host_suffixes: &["yahoo.com", "yahoodns.net", "ymail.com"],
    reply_markers: &["yahoo", "#auth005"],
    mx_suffixes: None,
    app_passwords: AppPasswords::Always,
    host: Fact {
        value: HostRule::Fixed {
            host: "smtp.mail.yahoo.com",
        },
        source: &src::YAHOO_SMTP,
    },
    ports: &YAHOO_PORTS,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::YAHOO_SMTP,
    },
    domains: Fact {
        value: DomainRule::Usually {
            domains: &["yahoo.*", "ymail.com", "rocketmail.com"],
        },
        source: &src::YAHOO_SMTP,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "two-step verification",
            required: false,
            url: Some("https://login.yahoo.com/account/security"),
        },
        source: &src::YAHOO_APP_PASSWORDS,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "app password",
            format: SIXTEEN_LETTERS,
            example: Some("abcdefghijklmnop"),
            shown_once: true,
            url: Some("https://login.yahoo.com/account/security"),
        },
        source: &src::YAHOO_APP_PASSWORDS,
    }),
    login: Fact {
        value: Login::AppPasswordOnly,
        source: &src::YAHOO_APP_PASSWORDS,
    },
    notices: &[],
    guide: &guides::YAHOO,
};

pub(super) static ICLOUD: Provider = Provider {
    id: ProviderId::Icloud,
    name: "iCloud Mail",
    covers: "Apple accounts with @icloud.com, @me.com or @mac.com addresses, and iCloud+ custom-domain addresses",
    category: Category::Personal,
    host_suffixes: &["mail.me.com", "me.com", "icloud.com", "mac.com"],
    reply_markers: &["icloud", "apple.com"],
    mx_suffixes: Some(Fact {
        value: &["mail.icloud.com"],
        source: &src::ICLOUD_MX,
    }),
    app_passwords: AppPasswords::Always,
    host: Fact {
        value: HostRule::Fixed {
            host: "smtp.mail.me.com",
        },
        source: &src::ICLOUD_SMTP,
    },
    ports: &ICLOUD_PORTS,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::ICLOUD_SMTP,
    },
    domains: Fact {
        // Usually, not Only: iCloud+ custom-domain addresses also send through
        // smtp.mail.me.com, signing in with the account's iCloud address.
        value: DomainRule::Usually {
            domains: &["icloud.com", "me.com", "mac.com"],
        },
        source: &src::ICLOUD_SMTP,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "two-factor authentication",
            required: true,
            url: Some("https://account.apple.com"),
        },
        source: &src::APPLE_APP_PASSWORDS,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "app-specific password",
            format: PasswordFormat::DashedLetters {
                groups: 4,
                group: 4,
            },
            example: Some("abcd-efgh-ijkl-mnop"),
            shown_once: true,
            url: Some("https://account.apple.com"),
        },
        source: &src::APPLE_APP_PASSWORDS,
    }),
    login: Fact {
        value: Login::AppPasswordOnly,
        source: &src::APPLE_APP_PASSWORDS,
    },
    notices: &[],
    guide: &guides::ICLOUD,
};

pub(super) static AOL: Provider = Provider {
    id: ProviderId::Aol,
    name: "AOL Mail",
    covers: "AOL accounts such as @aol.com and @aim.com",
    category: Category::Personal,
    host_suffixes: &["aol.com"],
    reply_markers: &["aol.com"],
    mx_suffixes: None,
    app_passwords: AppPasswords::Always,
    host: Fact {
        value: HostRule::Fixed {
            host: "smtp.aol.com",
        },
        source: &src::AOL_SMTP,
    },
    ports: &AOL_PORTS,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::AOL_SMTP,
    },
    domains: Fact {
        value: DomainRule::Usually {
            domains: &["aol.*", "aim.com"],
        },
        source: &src::AOL_SMTP,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "2-step verification",
            required: false,
            url: Some("https://login.aol.com/account/security"),
        },
        source: &src::AOL_APP_PASSWORDS,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "app password",
            format: SIXTEEN_LETTERS,
            example: Some("abcdefghijklmnop"),
            shown_once: true,
            url: Some("https://login.aol.com/account/security"),
        },
        source: &src::AOL_APP_PASSWORDS,
    }),
    login: Fact {
        value: Login::AppPasswordOnly,
        source: &src::AOL_APP_PASSWORDS,
    },
    notices: &[],
    guide: &guides::AOL,
};

pub(super) static GMX: Provider = Provider {
    id: ProviderId::Gmx,
    name: "GMX",
    covers: "GMX accounts such as @gmx.de, @gmx.net, @gmx.at, @gmx.ch and @gmx.com",
    category: Category::Personal,
    host_suffixes: &["gmx.net", "gmx.com", "gmx.de", "web.de", "mail.com"],
    reply_markers: &["gmx", "web.de"],
    mx_suffixes: None,
    app_passwords: AppPasswords::UnderMfa,
    host: Fact {
        value: HostRule::Choice {
            options: &GMX_HOSTS,
        },
        source: &src::GMX_SERVERS,
    },
    ports: &GMX_PORTS,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::GMX_SMTP,
    },
    domains: Fact {
        value: DomainRule::Usually {
            domains: &["gmx.*"],
        },
        source: &src::GMX_SMTP,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "Zwei-Faktor-Authentifizierung (2FA)",
            required: true,
            url: None,
        },
        source: &src::GMX_APP_PASSWORDS,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "application-specific password",
            format: PasswordFormat::Unknown,
            example: None,
            shown_once: true,
            url: None,
        },
        source: &src::GMX_APP_PASSWORDS,
    }),
    login: Fact {
        value: Login::PasswordUntilSecondFactor,
        source: &src::GMX_TWO_FACTOR,
    },
    notices: &[],
    guide: &guides::GMX,
};
