//! Presets for organisation mail on the customer's own domains: Google Workspace, Microsoft 365,
//! Exchange Server, and the catch-all for any other server, each fact next to its source.

use super::guides_business as guides;
use super::presets_personal::{GOOGLE_APP_PASSWORD, GOOGLE_PORTS, GOOGLE_TWO_STEP};
use super::sources as src;
use super::{
    AppPassword, AppPasswords, Category, DomainRule, Fact, HostRule, Login, Notice, PasswordFormat,
    PortOption, Provider, ProviderId, SecondFactor, UsernameRule,
};
use crate::ground::Security::{ImplicitTls, Starttls};

static MICROSOFT_587: [PortOption; 1] = [PortOption {
    port: 587,
    security: Starttls,
    recommended: true,
    source: &src::M365_SMTP_SUBMISSION,
}];

/// Typed-host presets suggest these; the person's own server decides.
pub(super) static SUBMISSION_PORTS: [PortOption; 2] = [
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
        text: "at the end of December 2026 Microsoft switches SMTP AUTH with a password (basic authentication) off by default for existing tenants, and an administrator can switch it back on for now; for tenants created after December 2026 it is unavailable by default and OAuth is the supported sign-in. Microsoft will announce the final removal date in the second half of 2027",
        source: &src::M365_BASIC_AUTH_2026,
    },
    Notice {
        id: "microsoft365.basic_auth_rejected",
        date: "2026-12",
        text: "while password sign-in is merely switched off, the server refuses AUTH with a 535 5.7.139 \"Authentication unsuccessful\" reply that an administrator can fix; only after the final removal does it answer \"550 5.7.30 Basic authentication is not supported for Client Submission\", and then the application needs OAuth or another way to send",
        source: &src::M365_BASIC_AUTH_550,
    },
];

pub(super) static GOOGLE_WORKSPACE: Provider = Provider {
    id: ProviderId::GoogleWorkspace,
    name: "Google Workspace",
    covers: "work or school Google accounts on your organisation's own domain",
    category: Category::Business,
    host_suffixes: &[],
    reply_markers: &[],
    mx_suffixes: Some(Fact {
        value: &["google.com", "googlemail.com"],
        source: &src::GOOGLE_WORKSPACE_MX,
    }),
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
    category: Category::Business,
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
    mx_suffixes: Some(Fact {
        value: &["mail.protection.outlook.com"],
        source: &src::M365_MX,
    }),
    app_passwords: AppPasswords::UnderMfa,
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
    category: Category::Business,
    host_suffixes: &[],
    reply_markers: &[],
    mx_suffixes: None,
    app_passwords: AppPasswords::NotUsed,
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

pub(super) static OTHER: Provider = Provider {
    id: ProviderId::Other,
    name: "Other provider",
    covers: "any other mail server: enter its name, port and security yourself",
    category: Category::Other,
    host_suffixes: &[],
    reply_markers: &[],
    mx_suffixes: None,
    app_passwords: AppPasswords::UnderMfa,
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
