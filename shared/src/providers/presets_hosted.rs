//! Presets for hosted mail on the customer's own domains: Zoho Mail (every data centre),
//! Fastmail and SmarterMail servers run by a host, each fact next to its source.

use super::guides_hosted as guides;
use super::presets_business::SUBMISSION_PORTS;
use super::sources as src;
use super::{
    AppPassword, AppPasswords, Category, DomainRule, Fact, HostOption, HostRule, Login,
    PasswordFormat, PortOption, Provider, ProviderId, SecondFactor, UsernameRule,
};
use crate::ground::Security::{ImplicitTls, Starttls};

static ZOHO_PORTS: [PortOption; 2] = [
    PortOption {
        port: 465,
        security: ImplicitTls,
        recommended: true,
        source: &src::ZOHO_SMTP,
    },
    PortOption {
        port: 587,
        security: Starttls,
        recommended: false,
        source: &src::ZOHO_SMTP,
    },
];

/// Fastmail's own page lists only 465 with implicit TLS ("SSL/TLS, but not STARTTLS").
static FASTMAIL_PORTS: [PortOption; 1] = [PortOption {
    port: 465,
    security: ImplicitTls,
    recommended: true,
    source: &src::FASTMAIL_SERVERS,
}];

/// Paid organisations first: an address on the person's own domain most often means a paid
/// organisation in the US data centre, and the validation warns that this is a guess.
static ZOHO_HOSTS: [HostOption; 16] = [
    HostOption {
        host: "smtppro.zoho.com",
        label: "Organisation, paid plan, US data centre",
        domains: &[],
    },
    HostOption {
        host: "smtp.zoho.com",
        label: "Personal or free organisation, US data centre",
        domains: &["zohomail.com", "zoho.com"],
    },
    HostOption {
        host: "smtppro.zoho.eu",
        label: "Organisation, paid plan, EU data centre",
        domains: &[],
    },
    HostOption {
        host: "smtp.zoho.eu",
        label: "Personal or free organisation, EU data centre",
        domains: &["zohomail.eu", "zoho.eu"],
    },
    HostOption {
        host: "smtppro.zoho.in",
        label: "Organisation, paid plan, India data centre",
        domains: &[],
    },
    HostOption {
        host: "smtp.zoho.in",
        label: "Personal or free organisation, India data centre",
        domains: &["zohomail.in", "zoho.in"],
    },
    HostOption {
        host: "smtppro.zoho.com.au",
        label: "Organisation, paid plan, Australia data centre",
        domains: &[],
    },
    HostOption {
        host: "smtp.zoho.com.au",
        label: "Personal or free organisation, Australia data centre",
        domains: &["zohomail.com.au", "zoho.com.au"],
    },
    HostOption {
        host: "smtppro.zoho.jp",
        label: "Organisation, paid plan, Japan data centre",
        domains: &[],
    },
    HostOption {
        host: "smtp.zoho.jp",
        label: "Personal or free organisation, Japan data centre",
        domains: &["zohomail.jp", "zoho.jp"],
    },
    HostOption {
        host: "smtppro.zohocloud.ca",
        label: "Organisation, paid plan, Canada data centre",
        domains: &[],
    },
    HostOption {
        host: "smtp.zohocloud.ca",
        label: "Personal or free organisation, Canada data centre",
        domains: &["zohomailcloud.ca", "zohocloud.ca"],
    },
    HostOption {
        host: "smtppro.zoho.com.cn",
        label: "Organisation, paid plan, China data centre",
        domains: &[],
    },
    HostOption {
        host: "smtp.zoho.com.cn",
        label: "Personal or free organisation, China data centre",
        domains: &[],
    },
    HostOption {
        host: "smtppro.zoho.sa",
        label: "Organisation, paid plan, Saudi Arabia data centre",
        domains: &[],
    },
    HostOption {
        host: "smtp.zoho.sa",
        label: "Personal or free organisation, Saudi Arabia data centre",
        domains: &[],
    },
];

pub(super) static ZOHO: Provider = Provider {
    id: ProviderId::Zoho,
    name: "Zoho Mail",
    covers: "personal Zoho accounts and organisations on their own domain, in the US, EU, India, Australia, Japan, Canada, China and Saudi Arabia data centres",
    category: Category::Business,
    host_suffixes: &[
        "zoho.com",
        "zoho.eu",
        "zoho.in",
        "zoho.com.au",
        "zoho.jp",
        "zoho.com.cn",
        "zoho.sa",
        "zohocloud.ca",
        "zohomail.com",
    ],
    reply_markers: &["zoho"],
    mx_suffixes: Some(Fact {
        value: &["zoho.com", "zoho.eu", "zoho.in", "zoho.com.au", "zoho.jp"],
        source: &src::ZOHO_MX,
    }),
    app_passwords: AppPasswords::UnderMfa,
    host: Fact {
        value: HostRule::Choice {
            options: &ZOHO_HOSTS,
        },
        source: &src::ZOHO_REGIONS,
    },
    ports: &ZOHO_PORTS,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::ZOHO_SMTP,
    },
    domains: Fact {
        value: DomainRule::Any,
        source: &src::ZOHO_SMTP,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "multi-factor authentication (MFA)",
            required: false,
            url: Some("https://accounts.zoho.com/home#security"),
        },
        source: &src::ZOHO_APP_PASSWORDS,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "application-specific password",
            format: PasswordFormat::Alphanumeric { len: 12 },
            example: None,
            shown_once: true,
            url: Some("https://accounts.zoho.com/home#security"),
        },
        source: &src::ZOHO_APP_PASSWORDS,
    }),
    login: Fact {
        value: Login::PasswordUntilSecondFactor,
        source: &src::ZOHO_APP_PASSWORDS,
    },
    notices: &[],
    guide: &guides::ZOHO,
};

pub(super) static FASTMAIL: Provider = Provider {
    id: ProviderId::Fastmail,
    name: "Fastmail",
    covers: "Fastmail accounts, including your own domains hosted at Fastmail",
    category: Category::Business,
    host_suffixes: &["fastmail.com", "messagingengine.com"],
    reply_markers: &["fastmail", "messagingengine"],
    mx_suffixes: Some(Fact {
        value: &["messagingengine.com"],
        source: &src::FASTMAIL_MX,
    }),
    app_passwords: AppPasswords::Always,
    host: Fact {
        value: HostRule::Fixed {
            host: "smtp.fastmail.com",
        },
        source: &src::FASTMAIL_SERVERS,
    },
    ports: &FASTMAIL_PORTS,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::FASTMAIL_SERVERS,
    },
    domains: Fact {
        value: DomainRule::Any,
        source: &src::FASTMAIL_SERVERS,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "two-step verification",
            required: false,
            url: Some("https://app.fastmail.com/settings/security"),
        },
        source: &src::FASTMAIL_APP_PASSWORDS,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "app password",
            format: PasswordFormat::Unknown,
            example: None,
            shown_once: true,
            url: Some("https://app.fastmail.com/settings/security"),
        },
        source: &src::FASTMAIL_APP_PASSWORDS,
    }),
    login: Fact {
        value: Login::AppPasswordOnly,
        source: &src::FASTMAIL_SERVERS,
    },
    notices: &[],
    guide: &guides::FASTMAIL,
};

pub(super) static SMARTERMAIL: Provider = Provider {
    id: ProviderId::Smartermail,
    name: "SmarterMail (hosted)",
    covers: "mailboxes on a SmarterMail server run by your host, usually reached as mail.<your domain>",
    category: Category::Business,
    host_suffixes: &[],
    reply_markers: &[],
    mx_suffixes: None,
    app_passwords: AppPasswords::UnderMfa,
    host: Fact {
        value: HostRule::Typed {
            example: "mail.example.com",
            usual: Some("mail.{domain}"),
        },
        source: &src::SMARTERMAIL_TWO_STEP,
    },
    ports: &SUBMISSION_PORTS,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::SMARTERMAIL_TWO_STEP,
    },
    domains: Fact {
        value: DomainRule::Any,
        source: &src::SMARTERMAIL_TWO_STEP,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "Two-Step Authentication",
            required: true,
            url: None,
        },
        source: &src::SMARTERMAIL_TWO_STEP,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "application password",
            format: PasswordFormat::Unknown,
            example: None,
            shown_once: false,
            url: None,
        },
        source: &src::SMARTERMAIL_APP_PASSWORD,
    }),
    login: Fact {
        value: Login::PasswordUntilSecondFactor,
        source: &src::SMARTERMAIL_APP_PASSWORD,
    },
    notices: &[],
    guide: &guides::SMARTERMAIL,
};
