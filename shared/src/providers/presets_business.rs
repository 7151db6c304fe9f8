//! Presets for work and hosted mail: Google Workspace, Microsoft 365, Exchange Server, Zoho,
//! Fastmail, SmarterMail and any other server, each fact next to its source.

use super::guides_business as guides;
use super::presets_personal::{GOOGLE_APP_PASSWORD, GOOGLE_PORTS, GOOGLE_TWO_STEP};
use super::sources as src;
use super::{
    AppPassword, DomainRule, Fact, HostOption, HostRule, Login, Notice, PasswordFormat, PortOption,
    Provider, ProviderId, SecondFactor, UsernameRule,
};
use crate::ground::Security::{ImplicitTls, Starttls};

static MICROSOFT_587: [PortOption; 1] = [PortOption {
    port: 587,
    security: Starttls,
    recommended: true,
    source: &src::M365_SMTP_AUTH,
}];

/// Typed-host presets suggest these; the person's own server decides.
static SUBMISSION_PORTS: [PortOption; 2] = [
    PortOption {
        port: 587,
        security: Starttls,
        recommended: true,
        source: &src::RFC6409,
    },
    PortOption {
        port: 465,
        security: ImplicitTls,
        recommended: false,
        source: &src::RFC8314,
    },
];

static EXCHANGE_PORTS: [PortOption; 1] = [PortOption {
    port: 587,
    security: Starttls,
    recommended: true,
    source: &src::EXCHANGE_AUTH_SMTP,
}];

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

static FASTMAIL_PORTS: [PortOption; 2] = [
    PortOption {
        port: 465,
        security: ImplicitTls,
        recommended: true,
        source: &src::FASTMAIL_SERVERS,
    },
    PortOption {
        port: 587,
        security: Starttls,
        recommended: false,
        source: &src::FASTMAIL_587,
    },
];

/// Paid organisations first: an address on the person's own domain most often means a paid
/// organisation in the US data centre, and the validation warns that this is a guess.
static ZOHO_HOSTS: [HostOption; 14] = [
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
        domains: &[],
    },
    HostOption {
        host: "smtppro.zoho.jp",
        label: "Organisation, paid plan, Japan data centre",
        domains: &[],
    },
    HostOption {
        host: "smtp.zoho.jp",
        label: "Personal or free organisation, Japan data centre",
        domains: &[],
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

static WORKSPACE_NOTICES: [Notice; 1] = [Notice {
    id: "google_workspace.less_secure_apps_off",
    date: "2024-09-30",
    text: "Google Workspace stopped accepting account passwords for IMAP, POP and SMTP on 30 September 2024; app passwords still work where the administrator allows them",
    source: &src::WORKSPACE_LSA_2024,
}];

static M365_NOTICES: [Notice; 2] = [
    Notice {
        id: "microsoft365.basic_auth_off_by_default",
        date: "2026-12",
        text: "from the end of December 2026 Microsoft turns SMTP AUTH with a password (basic authentication) off by default for existing tenants; an administrator can turn it back on, tenants created after December 2026 cannot use it, and Microsoft will announce the final removal date in the second half of 2027",
        source: &src::M365_BASIC_AUTH_2026,
    },
    Notice {
        id: "microsoft365.basic_auth_rejected",
        date: "2026-12",
        text: "once password sign-in is off, the server answers AUTH with \"550 5.7.30 Basic authentication is not supported for Client Submission\"; the application then needs OAuth or another way to send",
        source: &src::M365_BASIC_AUTH_550,
    },
];

pub(super) static GOOGLE_WORKSPACE: Provider = Provider {
    id: ProviderId::GoogleWorkspace,
    name: "Google Workspace",
    covers: "work or school Google accounts on your organisation's own domain",
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
        value: DomainRule::Any,
        source: &src::GOOGLE_APP_PASSWORDS,
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
        source: &src::WORKSPACE_LSA_2024,
    },
    notices: &WORKSPACE_NOTICES,
    guide: &guides::GOOGLE_WORKSPACE,
};

pub(super) static MICROSOFT365: Provider = Provider {
    id: ProviderId::Microsoft365,
    name: "Microsoft 365 (Exchange Online)",
    covers: "work or school Microsoft accounts, including Office 365 and Exchange Online",
    host: Fact {
        value: HostRule::Fixed {
            host: "smtp.office365.com",
        },
        source: &src::M365_SMTP_AUTH,
    },
    ports: &MICROSOFT_587,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::M365_SMTP_AUTH,
    },
    domains: Fact {
        value: DomainRule::Any,
        source: &src::M365_SMTP_AUTH,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "multifactor authentication (MFA)",
            required: true,
            url: Some("https://mysignins.microsoft.com/security-info"),
        },
        source: &src::M365_APP_PASSWORDS,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "app password",
            format: PasswordFormat::Unknown,
            example: None,
            shown_once: true,
            url: Some("https://mysignins.microsoft.com/security-info"),
        },
        source: &src::M365_APP_PASSWORDS,
    }),
    login: Fact {
        value: Login::Ending { from: "2026-12" },
        source: &src::M365_BASIC_AUTH_2026,
    },
    notices: &M365_NOTICES,
    guide: &guides::MICROSOFT365,
};

pub(super) static EXCHANGE: Provider = Provider {
    id: ProviderId::Exchange,
    name: "Exchange Server (on-premises)",
    covers: "your organisation's own Exchange Server, reached through its authenticated SMTP connector",
    host: Fact {
        value: HostRule::Typed {
            example: "mail.example.com",
            usual: None,
        },
        source: &src::EXCHANGE_AUTH_SMTP,
    },
    ports: &EXCHANGE_PORTS,
    username: Fact {
        value: UsernameRule::AccountName {
            hint: "your sign-in name, e.g. name@example.com or EXAMPLE\\name",
        },
        source: &src::EXCHANGE_AUTH_SMTP,
    },
    domains: Fact {
        value: DomainRule::Any,
        source: &src::EXCHANGE_AUTH_SMTP,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "your organisation's MFA",
            required: false,
            url: None,
        },
        source: &src::EXCHANGE_AUTH_SMTP,
    },
    app_password: None,
    login: Fact {
        value: Login::AccountPassword,
        source: &src::EXCHANGE_AUTH_SMTP,
    },
    notices: &[],
    guide: &guides::EXCHANGE,
};

pub(super) static ZOHO: Provider = Provider {
    id: ProviderId::Zoho,
    name: "Zoho Mail",
    covers: "personal Zoho accounts and organisations on their own domain, in every Zoho data centre",
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

pub(super) static OTHER: Provider = Provider {
    id: ProviderId::Other,
    name: "Other provider",
    covers: "any other mail server: enter its name, port and security yourself",
    host: Fact {
        value: HostRule::Typed {
            example: "smtp.example.com",
            usual: None,
        },
        source: &src::RFC6409,
    },
    ports: &SUBMISSION_PORTS,
    username: Fact {
        value: UsernameRule::AccountName {
            hint: "usually your full e-mail address",
        },
        source: &src::RFC6409,
    },
    domains: Fact {
        value: DomainRule::Any,
        source: &src::RFC6409,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "two-factor authentication",
            required: false,
            url: None,
        },
        source: &src::RFC8314,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "app password",
            format: PasswordFormat::Unknown,
            example: None,
            shown_once: true,
            url: None,
        },
        source: &src::RFC8314,
    }),
    login: Fact {
        value: Login::PasswordUntilSecondFactor,
        source: &src::RFC8314,
    },
    notices: &[],
    guide: &guides::OTHER,
};
