//! Presets for sending services: Amazon SES, Twilio SendGrid and Mailgun, each fact next to its
//! source. They send for domains the customer verified with them and sign in with credentials
//! the service issues (SMTP credentials or an API key), never with the console password.

use super::guides_services as guides;
use super::sources as src;
use super::{
    AppPassword, AppPasswords, Category, DomainRule, Fact, HostOption, HostRule, Login,
    PasswordFormat, PortOption, Provider, ProviderId, SecondFactor, UsernameRule,
};
use crate::ground::Security::{ImplicitTls, Starttls};

static SES_PORTS: [PortOption; 2] = [
    PortOption {
        port: 587,
        security: Starttls,
        recommended: true,
        source: &src::SES_SMTP,
    },
    PortOption {
        port: 465,
        security: ImplicitTls,
        recommended: false,
        source: &src::SES_SMTP,
    },
];

static SENDGRID_PORTS: [PortOption; 3] = [
    PortOption {
        port: 587,
        security: Starttls,
        recommended: true,
        source: &src::SENDGRID_SMTP,
    },
    PortOption {
        port: 465,
        security: ImplicitTls,
        recommended: false,
        source: &src::SENDGRID_SMTP,
    },
    PortOption {
        port: 2525,
        security: Starttls,
        recommended: false,
        source: &src::SENDGRID_SMTP,
    },
];

static MAILGUN_PORTS: [PortOption; 3] = [
    PortOption {
        port: 587,
        security: Starttls,
        recommended: true,
        source: &src::MAILGUN_REGIONS,
    },
    PortOption {
        port: 465,
        security: ImplicitTls,
        recommended: false,
        source: &src::MAILGUN_REGIONS,
    },
    PortOption {
        port: 2525,
        security: Starttls,
        recommended: false,
        source: &src::MAILGUN_REGIONS,
    },
];

/// The sending domain says nothing about the region, so no domains are listed and the
/// validation warns that the US server is a guess.
static MAILGUN_HOSTS: [HostOption; 2] = [
    HostOption {
        host: "smtp.mailgun.org",
        label: "US region",
        domains: &[],
    },
    HostOption {
        host: "smtp.eu.mailgun.org",
        label: "EU region",
        domains: &[],
    },
];

/// SES is typed rather than a `Choice`: it runs in more than twenty regions and adds more,
/// SMTP credentials only work in the region they were made for, and a fixed list would refuse
/// a correct endpoint the day a region is added.
pub(super) static AMAZON_SES: Provider = Provider {
    id: ProviderId::AmazonSes,
    name: "Amazon SES",
    covers: "Amazon Simple Email Service, sending for domains and addresses verified in one AWS region",
    category: Category::SendingService,
    host_suffixes: &["amazonaws.com", "amazonses.com"],
    reply_markers: &["amazonaws", "ses:", "amazonses"],
    mx_suffixes: None,
    app_passwords: AppPasswords::NotUsed,
    host: Fact {
        value: HostRule::Typed {
            example: "email-smtp.us-east-1.amazonaws.com",
            usual: None,
        },
        source: &src::SES_SMTP,
    },
    ports: &SES_PORTS,
    username: Fact {
        value: UsernameRule::AccountName {
            hint: "the SMTP user name from the SES console (it starts with AKIA), not your e-mail address",
        },
        source: &src::SES_SMTP_CREDENTIALS,
    },
    domains: Fact {
        value: DomainRule::Any,
        source: &src::SES_SMTP,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "AWS multi-factor authentication (MFA)",
            required: false,
            url: Some("https://console.aws.amazon.com/iam/home#/security_credentials"),
        },
        source: &src::SES_SMTP_CREDENTIALS,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "SMTP password",
            format: PasswordFormat::Unknown,
            example: None,
            shown_once: true,
            url: Some("https://console.aws.amazon.com/ses/home#/smtp"),
        },
        source: &src::SES_SMTP_CREDENTIALS,
    }),
    login: Fact {
        value: Login::AppPasswordOnly,
        source: &src::SES_SMTP_CREDENTIALS,
    },
    notices: &[],
    guide: &guides::AMAZON_SES,
};

pub(super) static SENDGRID: Provider = Provider {
    id: ProviderId::Sendgrid,
    name: "Twilio SendGrid",
    covers: "SendGrid accounts sending for their verified senders and domains",
    category: Category::SendingService,
    host_suffixes: &["sendgrid.net", "sendgrid.com"],
    reply_markers: &["sendgrid"],
    mx_suffixes: None,
    app_passwords: AppPasswords::NotUsed,
    host: Fact {
        value: HostRule::Fixed {
            host: "smtp.sendgrid.net",
        },
        source: &src::SENDGRID_SMTP,
    },
    ports: &SENDGRID_PORTS,
    username: Fact {
        value: UsernameRule::AccountName {
            hint: "the word apikey, exactly as written, not the key itself",
        },
        source: &src::SENDGRID_SMTP,
    },
    domains: Fact {
        value: DomainRule::Any,
        source: &src::SENDGRID_SMTP,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "two-factor authentication",
            required: true,
            url: Some("https://app.sendgrid.com/settings/auth"),
        },
        source: &src::SENDGRID_API_KEYS,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "API key",
            format: PasswordFormat::Unknown,
            example: None,
            shown_once: true,
            url: Some("https://app.sendgrid.com/settings/api_keys"),
        },
        source: &src::SENDGRID_SMTP,
    }),
    login: Fact {
        value: Login::AppPasswordOnly,
        source: &src::SENDGRID_API_KEYS,
    },
    notices: &[],
    guide: &guides::SENDGRID,
};

pub(super) static MAILGUN: Provider = Provider {
    id: ProviderId::Mailgun,
    name: "Mailgun",
    covers: "Mailgun accounts sending for their verified domains, in the US or EU region",
    category: Category::SendingService,
    host_suffixes: &["mailgun.org", "mailgun.net"],
    reply_markers: &["mailgun"],
    mx_suffixes: None,
    app_passwords: AppPasswords::NotUsed,
    host: Fact {
        value: HostRule::Choice {
            options: &MAILGUN_HOSTS,
        },
        source: &src::MAILGUN_REGIONS,
    },
    ports: &MAILGUN_PORTS,
    username: Fact {
        value: UsernameRule::AccountName {
            hint: "the SMTP login of your sending domain, e.g. postmaster@mg.example.com",
        },
        source: &src::MAILGUN_SMTP,
    },
    domains: Fact {
        value: DomainRule::Any,
        source: &src::MAILGUN_CREDENTIALS,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "two-factor authentication",
            required: false,
            url: Some("https://app.mailgun.com"),
        },
        source: &src::MAILGUN_CREDENTIALS,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "SMTP password",
            format: PasswordFormat::Unknown,
            example: None,
            shown_once: true,
            url: Some("https://app.mailgun.com"),
        },
        source: &src::MAILGUN_CREDENTIALS,
    }),
    login: Fact {
        value: Login::AppPasswordOnly,
        source: &src::MAILGUN_CREDENTIALS,
    },
    notices: &[],
    guide: &guides::MAILGUN,
};
