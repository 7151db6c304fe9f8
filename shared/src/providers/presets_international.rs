//! Presets for consumer mail services outside the English-speaking world: Yandex Mail, QQ Mail
//! and NetEase (163, 126, yeah.net), each fact next to its source. QQ and NetEase call their
//! app passwords "authorisation codes" (授权码).

use super::guides_international as guides;
use super::sources as src;
use super::{
    AppPassword, AppPasswords, Category, DomainRule, Fact, HostOption, HostRule, Login, Notice,
    PasswordFormat, PortOption, Provider, ProviderId, SecondFactor, UsernameRule,
};
use crate::ground::Security::ImplicitTls;

static YANDEX_PORTS: [PortOption; 1] = [PortOption {
    port: 465,
    security: ImplicitTls,
    recommended: true,
    source: &src::YANDEX_SMTP,
}];

static QQ_PORTS: [PortOption; 1] = [PortOption {
    port: 465,
    security: ImplicitTls,
    recommended: true,
    source: &src::QQ_SMTP,
}];

static NETEASE_PORTS: [PortOption; 1] = [PortOption {
    port: 465,
    security: ImplicitTls,
    recommended: true,
    source: &src::NETEASE_SMTP,
}];

/// Each NetEase brand has its own server; the address's domain picks it.
static NETEASE_HOSTS: [HostOption; 3] = [
    HostOption {
        host: "smtp.163.com",
        label: "163.com",
        domains: &["163.com"],
    },
    HostOption {
        host: "smtp.126.com",
        label: "126.com",
        domains: &["126.com"],
    },
    HostOption {
        host: "smtp.yeah.net",
        label: "yeah.net",
        domains: &["yeah.net"],
    },
];

static QQ_NOTICES: [Notice; 1] = [Notice {
    id: "qq.authorisation_code_only",
    date: "2022-11-01",
    text: "since 1 November 2022 QQ Mail accepts only an authorisation code (授权码) from mail programs; the QQ password and the mailbox's separate password are refused",
    source: &src::QQ_AUTH_CODE_ONLY,
}];

pub(super) static YANDEX: Provider = Provider {
    id: ProviderId::Yandex,
    name: "Yandex Mail",
    covers: "Yandex accounts such as @yandex.ru, @yandex.com and @ya.ru",
    category: Category::Personal,
    host_suffixes: &["yandex.ru", "yandex.com", "yandex.net"],
    reply_markers: &["yandex", "ya.cc"],
    mx_suffixes: Some(Fact {
        value: &["mx.yandex.net", "mx.yandex.ru"],
        source: &src::YANDEX_MX,
    }),
    app_passwords: AppPasswords::UnderMfa,
    host: Fact {
        value: HostRule::Fixed {
            host: "smtp.yandex.com",
        },
        source: &src::YANDEX_SMTP,
    },
    ports: &YANDEX_PORTS,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::YANDEX_SMTP,
    },
    domains: Fact {
        value: DomainRule::Usually {
            domains: &["yandex.*", "ya.ru", "narod.ru"],
        },
        source: &src::YANDEX_APP_PASSWORDS,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "two-factor authentication",
            required: false,
            url: Some("https://id.yandex.com/security"),
        },
        source: &src::YANDEX_APP_PASSWORDS,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "app password",
            format: PasswordFormat::Unknown,
            example: None,
            shown_once: true,
            url: Some("https://id.yandex.com/security/app-passwords"),
        },
        source: &src::YANDEX_APP_PASSWORDS,
    }),
    login: Fact {
        value: Login::PasswordUntilSecondFactor,
        source: &src::YANDEX_APP_PASSWORDS,
    },
    notices: &[],
    guide: &guides::YANDEX,
};

pub(super) static QQ: Provider = Provider {
    id: ProviderId::Qq,
    name: "QQ Mail",
    covers: "QQ Mail accounts such as @qq.com and @foxmail.com",
    category: Category::Personal,
    host_suffixes: &["qq.com", "foxmail.com"],
    reply_markers: &["mail.qq.com", "qq.com"],
    mx_suffixes: None,
    app_passwords: AppPasswords::Always,
    host: Fact {
        value: HostRule::Fixed {
            host: "smtp.qq.com",
        },
        source: &src::QQ_SMTP,
    },
    ports: &QQ_PORTS,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::QQ_SMTP,
    },
    domains: Fact {
        value: DomainRule::Usually {
            domains: &["qq.com", "vip.qq.com", "foxmail.com"],
        },
        source: &src::QQ_SMTP,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "security verification with the bound phone or WeChat",
            required: true,
            url: Some("https://mail.qq.com"),
        },
        source: &src::QQ_AUTH_CODE,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "authorisation code (授权码)",
            format: PasswordFormat::Unknown,
            example: None,
            shown_once: true,
            url: Some("https://mail.qq.com"),
        },
        source: &src::QQ_AUTH_CODE,
    }),
    login: Fact {
        value: Login::AppPasswordOnly,
        source: &src::QQ_AUTH_CODE_ONLY,
    },
    notices: &QQ_NOTICES,
    guide: &guides::QQ,
};

pub(super) static NETEASE: Provider = Provider {
    id: ProviderId::Netease,
    name: "NetEase Mail (163, 126, yeah.net)",
    covers: "NetEase free mail accounts ending in @163.com, @126.com or @yeah.net",
    category: Category::Personal,
    host_suffixes: &["163.com", "126.com", "yeah.net"],
    reply_markers: &["163.com", "126.com", "netease"],
    mx_suffixes: None,
    app_passwords: AppPasswords::Always,
    host: Fact {
        value: HostRule::Choice {
            options: &NETEASE_HOSTS,
        },
        source: &src::NETEASE_SMTP,
    },
    ports: &NETEASE_PORTS,
    username: Fact {
        value: UsernameRule::EmailAddress,
        source: &src::NETEASE_SMTP,
    },
    domains: Fact {
        value: DomainRule::Usually {
            domains: &["163.com", "126.com", "yeah.net"],
        },
        source: &src::NETEASE_SMTP,
    },
    second_factor: Fact {
        value: SecondFactor {
            name: "verification with the bound mobile phone",
            required: true,
            url: Some("https://mail.163.com"),
        },
        source: &src::NETEASE_AUTH_CODE,
    },
    app_password: Some(Fact {
        value: AppPassword {
            name: "client authorisation code (授权码)",
            format: PasswordFormat::Unknown,
            example: None,
            shown_once: true,
            url: Some("https://mail.163.com"),
        },
        source: &src::NETEASE_AUTH_CODE,
    }),
    login: Fact {
        value: Login::AppPasswordOnly,
        source: &src::NETEASE_AUTH_CODE,
    },
    notices: &[],
    guide: &guides::NETEASE,
};
