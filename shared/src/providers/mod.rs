//! The provider catalogue: SMTP presets, app-password rules and MFA guides, as static data.
//!
//! Everything here is a `&'static` table compiled into the binary: the widget reads it without
//! parsing anything, the worker serialises the same values for `GET /api/providers`, and every
//! fact carries the `Source` it was taken from and the date it was last compared with it.
//! Guide steps have stable ids `<provider>.<name>` (e.g. `gmail.create_app_password`) that
//! never change once published, so the diagnosis and the widget can point into a guide.
//! The tables live in `presets_personal` and `presets_business` (one `Provider` each),
//! `guides_personal` and `guides_business` (guide text) and `sources` (citations); validation
//! rules that read them live in `crate::settings`.

mod guides_business;
mod guides_personal;
mod password;
mod presets_business;
mod presets_personal;
mod sources;

use serde::{Deserialize, Serialize};

use crate::ground::Security;

pub use password::PasswordFormat;

/// Version of the catalogue's JSON shape; bumped when a field changes meaning.
pub const SCHEMA: u32 = 1;

/// Every preset, in `ProviderId::ALL` order (a catalogue test pins the order).
static PROVIDERS: [&Provider; 13] = [
    &presets_personal::GMAIL,
    &presets_business::GOOGLE_WORKSPACE,
    &presets_business::MICROSOFT365,
    &presets_personal::OUTLOOK_COM,
    &presets_business::EXCHANGE,
    &presets_personal::YAHOO,
    &presets_personal::ICLOUD,
    &presets_business::ZOHO,
    &presets_business::FASTMAIL,
    &presets_business::SMARTERMAIL,
    &presets_personal::AOL,
    &presets_personal::GMX,
    &presets_business::OTHER,
];

/// Stable identifier of a preset, as sent in `RawForm::provider` and in the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderId {
    Gmail,
    GoogleWorkspace,
    Microsoft365,
    OutlookCom,
    Exchange,
    Yahoo,
    Icloud,
    Zoho,
    Fastmail,
    Smartermail,
    Aol,
    Gmx,
    Other,
}

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

impl ProviderId {
    /// Every preset, in the order the widget lists them.
    pub const ALL: [ProviderId; 13] = [
        ProviderId::Gmail,
        ProviderId::GoogleWorkspace,
        ProviderId::Microsoft365,
        ProviderId::OutlookCom,
        ProviderId::Exchange,
        ProviderId::Yahoo,
        ProviderId::Icloud,
        ProviderId::Zoho,
        ProviderId::Fastmail,
        ProviderId::Smartermail,
        ProviderId::Aol,
        ProviderId::Gmx,
        ProviderId::Other,
    ];

    /// The identifier as written in forms and JSON, e.g. `google_workspace`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderId::Gmail => "gmail",
            ProviderId::GoogleWorkspace => "google_workspace",
            ProviderId::Microsoft365 => "microsoft365",
            ProviderId::OutlookCom => "outlook_com",
            ProviderId::Exchange => "exchange",
            ProviderId::Yahoo => "yahoo",
            ProviderId::Icloud => "icloud",
            ProviderId::Zoho => "zoho",
            ProviderId::Fastmail => "fastmail",
            ProviderId::Smartermail => "smartermail",
            ProviderId::Aol => "aol",
            ProviderId::Gmx => "gmx",
            ProviderId::Other => "other",
        }
    }

    /// Reads an identifier as written in forms; `None` for anything else.
    pub fn parse(text: &str) -> Option<ProviderId> {
        ProviderId::ALL.into_iter().find(|id| id.as_str() == text)
    }

    /// The preset's catalogue entry.
    pub fn provider(self) -> &'static Provider {
        PROVIDERS[self as usize]
    }
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

/// The whole catalogue, for `GET /api/providers` and for the widget.
pub fn catalogue() -> Catalogue {
    Catalogue {
        schema: SCHEMA,
        providers: &PROVIDERS,
    }
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

/// The step `step_id` of a provider's guide; `step_id` may be the full id
/// (`gmail.create_app_password`) or just its name (`create_app_password`).
pub fn guide_step(provider: ProviderId, step_id: &str) -> Option<&'static Step> {
    let prefix = provider.as_str();
    let name = step_id
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('.'))
        .unwrap_or(step_id);
    provider.provider().guide.iter().find(|step| {
        step.id
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('.'))
            == Some(name)
    })
}

/// Any step by its full id, with the provider it belongs to.
pub fn step(full_id: &str) -> Option<(ProviderId, &'static Step)> {
    let (provider, _) = full_id.split_once('.')?;
    let provider = ProviderId::parse(provider)?;
    guide_step(provider, full_id).map(|step| (provider, step))
}

/// The id of the provider's step in `phase`, preferring one whose name is `preferred`.
pub fn step_in_phase(provider: ProviderId, phase: Phase, preferred: &str) -> Option<&'static str> {
    let steps = provider.provider().guide;
    guide_step(provider, preferred)
        .filter(|step| step.phase == phase)
        .or_else(|| steps.iter().find(|step| step.phase == phase))
        .map(|step| step.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_serde() {
        for id in ProviderId::ALL {
            assert_eq!(ProviderId::parse(id.as_str()), Some(id));
            assert_eq!(
                serde_json::to_value(id).ok(),
                Some(serde_json::Value::from(id.as_str()))
            );
        }
        assert_eq!(ProviderId::parse("Gmail"), None);
    }

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
            zoho.default_host("example.com").map(|(_, guessed)| guessed),
            Some(true)
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

    #[test]
    fn gmail_owns_gmail_addresses() {
        assert_eq!(
            owner_of_domain("gmail.com", ProviderId::GoogleWorkspace).map(|p| p.id),
            Some(ProviderId::Gmail)
        );
        assert!(owner_of_domain("gmail.com", ProviderId::Gmail).is_none());
        assert!(owner_of_domain("example.com", ProviderId::Other).is_none());
    }

    #[test]
    fn steps_are_found_by_full_id_and_by_name() {
        let by_name = guide_step(ProviderId::Gmail, "create_app_password").map(|step| step.id);
        assert_eq!(by_name, Some("gmail.create_app_password"));
        let by_id = guide_step(ProviderId::Gmail, "gmail.create_app_password").map(|step| step.id);
        assert_eq!(by_id, by_name);
        assert_eq!(
            step("gmail.create_app_password").map(|(id, _)| id),
            Some(ProviderId::Gmail)
        );
        assert!(step("gmail.nothing_here").is_none());
        assert!(step("nowhere.create_app_password").is_none());
        assert!(guide_step(ProviderId::Yahoo, "gmail.create_app_password").is_none());
    }

    #[test]
    fn phase_lookup_falls_back_to_the_first_step_of_the_phase() {
        let id = step_in_phase(ProviderId::Gmail, Phase::CreateAppPassword, "no_such_step");
        assert_eq!(id, Some("gmail.create_app_password"));
    }
}
