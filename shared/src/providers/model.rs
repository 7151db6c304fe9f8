//! The catalogue's types: a preset (`Provider`) and everything it is made of, each fact
//! paired with the `Source` it was taken from, plus the small helpers that read them.

use serde::{Deserialize, Serialize};

use super::{PasswordFormat, ProviderId};
use crate::ground::Security;

/// The whole catalogue as served by `GET /api/providers`.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Catalogue {
    pub schema: u32,
    pub providers: &'static [&'static Provider],
}

/// One preset: where to connect, how to sign in, and how to get there with MFA turned on.
#[derive(Debug, Serialize)]
pub struct Provider {
    pub id: ProviderId,
    /// Name shown in the picker, e.g. "Gmail".
    pub name: &'static str,
    /// Which accounts the preset is for, in one line.
    pub covers: &'static str,
    /// The group the widget's picker lists the preset under.
    pub category: Category,
    /// Host names that belong to the provider: the name itself or any subdomain of it.
    /// Detection (`from_host`) reads them in `detect::DETECTION_ORDER`.
    pub host_suffixes: &'static [&'static str],
    /// Lower-case substrings that only this provider puts in its SMTP replies.
    pub reply_markers: &'static [&'static str],
    /// Host names of the provider's inbound mail servers, as a domain's MX records name them:
    /// the name itself or any subdomain of it (`mail.protection.outlook.com` matches
    /// `contoso-com.mail.protection.outlook.com`). Detection (`from_mx_host`) reads them.
    pub mx_suffixes: Option<Fact<&'static [&'static str]>>,
    /// When the provider wants an app password instead of the account password for SMTP.
    pub app_passwords: AppPasswords,
    pub host: Fact<HostRule>,
    /// Port and TLS combinations the server accepts; exactly one is recommended.
    pub ports: &'static [PortOption],
    pub username: Fact<UsernameRule>,
    /// Which e-mail domains sign in here.
    pub domains: Fact<DomainRule>,
    pub second_factor: Fact<SecondFactor>,
    /// `None` where the provider has no app passwords that work for SMTP.
    pub app_password: Option<Fact<AppPassword>>,
    /// Whether password sign-in works at all, and until when.
    pub login: Fact<Login>,
    /// Dated changes a person setting this up should know about.
    pub notices: &'static [Notice],
    /// Step-by-step instructions, in the order a person follows them.
    pub guide: &'static [Step],
}

/// A value together with where it comes from.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Fact<T> {
    pub value: T,
    pub source: &'static Source,
}

/// A page a fact was taken from.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    pub title: &'static str,
    pub url: &'static str,
    pub kind: SourceKind,
    /// ISO date (`YYYY-MM-DD`) on which the fact was last compared with this page.
    pub checked: &'static str,
}

/// How much weight a source carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// The provider's own documentation or announcement.
    Official,
    /// A standard (RFC) or the provider's published configuration data.
    Standard,
    /// A third party's page: likely right, re-check before relying on it.
    Secondary,
}

/// Where the SMTP server is.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HostRule {
    /// One fixed server; the form's host field is ignored.
    Fixed { host: &'static str },
    /// One of a few fixed servers, picked from the e-mail domain when the form leaves it empty.
    Choice { options: &'static [HostOption] },
    /// The person types the server name; `usual` is a pattern such as `mail.{domain}`.
    Typed {
        example: &'static str,
        usual: Option<&'static str>,
    },
}

/// One server of a `HostRule::Choice`.
#[derive(Debug, Serialize)]
pub struct HostOption {
    pub host: &'static str,
    pub label: &'static str,
    /// E-mail domains for which this server is the default.
    pub domains: &'static [&'static str],
}

/// One port the server accepts, with the TLS mode it needs.
#[derive(Debug, Serialize)]
pub struct PortOption {
    pub port: u16,
    pub security: Security,
    pub recommended: bool,
    pub source: &'static Source,
}

/// What to type as the user name.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UsernameRule {
    /// The full e-mail address; an empty user name means the e-mail address.
    EmailAddress,
    /// A server-specific account name; an empty user name still means the e-mail address.
    AccountName { hint: &'static str },
}

/// Which e-mail domains belong to a preset. A pattern ending in `.*` matches any ending
/// (`yahoo.*` matches `yahoo.co.uk`).
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DomainRule {
    /// Organisations bring their own domains.
    Any,
    /// Only these domains sign in here; anything else is an error.
    Only { domains: &'static [&'static str] },
    /// Usually these domains; anything else is worth a warning.
    Usually { domains: &'static [&'static str] },
}

/// The second factor the provider wants before it hands out app passwords.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct SecondFactor {
    /// The provider's own name for it, e.g. "2-Step Verification".
    pub name: &'static str,
    /// True when app passwords only exist once the second factor is on.
    pub required: bool,
    /// Where it is turned on.
    pub url: Option<&'static str>,
}

/// The provider's app passwords: their name, shape and where they are made.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct AppPassword {
    /// The provider's own name, e.g. "app-specific password".
    pub name: &'static str,
    pub format: PasswordFormat,
    /// What one looks like on screen, for a placeholder.
    pub example: Option<&'static str>,
    /// True when the provider shows it once and never again.
    pub shown_once: bool,
    /// Where it is created.
    pub url: Option<&'static str>,
}

/// Whether signing in with a password (account or app password) still works.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Login {
    /// Only an app password works; the account password is refused.
    AppPasswordOnly,
    /// The account password works until a second factor is on; then an app password is needed.
    PasswordUntilSecondFactor,
    /// The account's own password; the server has no app passwords.
    AccountPassword,
    /// Works today; switched off by default from `from` (`YYYY-MM` or `YYYY-MM-DD`).
    Ending { from: &'static str },
    /// Switched off on `since`; only OAuth sign-in works.
    OauthOnly { since: &'static str },
}

/// A dated change, e.g. a deprecation.
#[derive(Debug, Serialize)]
pub struct Notice {
    pub id: &'static str,
    /// `YYYY-MM` or `YYYY-MM-DD`.
    pub date: &'static str,
    pub text: &'static str,
    pub source: &'static Source,
}

/// One step of a guide.
#[derive(Debug, Serialize)]
pub struct Step {
    /// Stable id, `<provider>.<name>`.
    pub id: &'static str,
    pub phase: Phase,
    pub title: &'static str,
    /// What to do, in one or two sentences.
    pub text: &'static str,
    /// Smaller actions, in order.
    pub substeps: &'static [&'static str],
    /// Things that go wrong or are easy to miss.
    pub notes: &'static [&'static str],
    pub links: &'static [Link],
}

/// Which part of the job a step belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Checks and admin settings needed before anything else.
    Prepare,
    /// Turning on 2FA / MFA / two-step verification.
    TurnOnSecondFactor,
    /// Creating (or finding) the app password.
    CreateAppPassword,
    /// Typing the settings into the application and testing them.
    EnterPassword,
    /// Keeping it working: resets, revocations, deprecations.
    KeepWorking,
}

/// A link to the page where something is done.
#[derive(Debug, Serialize)]
pub struct Link {
    pub label: &'static str,
    pub url: &'static str,
}

/// The group a preset belongs to in the picker.
///
/// The rule: `Personal` presets serve the provider's own consumer domains (their domain rule
/// lists them), `Business` presets serve an organisation's own domains (`DomainRule::Any`),
/// `SendingService` presets send for verified domains with credentials that are not a
/// mailbox's, and `Other` is the catch-all preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Personal,
    Business,
    SendingService,
    Other,
}

/// When a provider wants an app password instead of the account password for SMTP; the
/// diagnosis reads it to decide whether a refused login means "use an app password".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppPasswords {
    /// The account password never works for SMTP: a rejected login means "use an app password".
    Always,
    /// Only once two-step verification is on; a rejected login may be either cause.
    UnderMfa,
    /// The provider issues SMTP credentials or API keys of its own, or has no app passwords.
    NotUsed,
}

impl Provider {
    /// The recommended port option; the catalogue test checks every preset has exactly one.
    pub fn recommended_port(&self) -> Option<&'static PortOption> {
        self.ports.iter().find(|option| option.recommended)
    }

    /// The server for an e-mail domain when the person did not pick one: the fixed host, the
    /// `Choice` option listing that domain, or `usual` filled in. The flag is true when the
    /// choice is a guess the person should confirm.
    pub fn default_host(&self, email_domain: &str) -> Option<(String, bool)> {
        match self.host.value {
            HostRule::Fixed { host } => Some((host.to_owned(), false)),
            HostRule::Choice { options } => {
                let listed = options.iter().find(|option| {
                    option
                        .domains
                        .iter()
                        .any(|d| d.eq_ignore_ascii_case(email_domain))
                });
                match listed {
                    Some(option) => Some((option.host.to_owned(), false)),
                    None => options.first().map(|option| (option.host.to_owned(), true)),
                }
            }
            HostRule::Typed { usual, .. } => usual
                .filter(|_| !email_domain.is_empty())
                .map(|pattern| (pattern.replace("{domain}", email_domain), true)),
        }
    }
}

impl DomainRule {
    /// The domain patterns, empty for `Any`.
    pub fn patterns(self) -> &'static [&'static str] {
        match self {
            DomainRule::Any => &[],
            DomainRule::Only { domains } | DomainRule::Usually { domains } => domains,
        }
    }

    /// True when `domain` (any case) matches one of the patterns.
    pub fn lists(self, domain: &str) -> bool {
        self.patterns()
            .iter()
            .any(|pattern| match pattern.strip_suffix(".*") {
                Some(brand) => domain.get(..brand.len()).is_some_and(|head| {
                    head.eq_ignore_ascii_case(brand) && domain[brand.len()..].starts_with('.')
                }),
                None => pattern.eq_ignore_ascii_case(domain),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_patterns_match_any_country_ending() {
        let rule = DomainRule::Usually {
            domains: &["yahoo.*", "ymail.com"],
        };
        assert!(rule.lists("yahoo.co.uk"));
        assert!(rule.lists("YAHOO.com"));
        assert!(rule.lists("ymail.com"));
        assert!(!rule.lists("yahoofans.com"));
        assert!(!rule.lists("yahoo"));
        assert!(!DomainRule::Any.lists("yahoo.com"));
    }

    #[test]
    fn choice_hosts_follow_the_email_domain() {
        let zoho = ProviderId::Zoho.provider();
        assert_eq!(
            zoho.default_host("zohomail.eu"),
            Some(("smtp.zoho.eu".to_owned(), false))
        );
        assert_eq!(
            zoho.default_host("zohomailcloud.ca"),
            Some(("smtp.zohocloud.ca".to_owned(), false))
        );
        assert_eq!(
            zoho.default_host("example.com").map(|(_, guessed)| guessed),
            Some(true)
        );
        let gmx = ProviderId::Gmx.provider();
        assert_eq!(
            gmx.default_host("gmx.ca"),
            Some(("mail.gmx.com".to_owned(), false))
        );
        assert_eq!(
            gmx.default_host("gmx.at"),
            Some(("mail.gmx.net".to_owned(), false))
        );
        let smartermail = ProviderId::Smartermail.provider();
        assert_eq!(
            smartermail.default_host("example.com"),
            Some(("mail.example.com".to_owned(), true))
        );
        assert_eq!(
            ProviderId::Other.provider().default_host("example.com"),
            None
        );
    }
}
