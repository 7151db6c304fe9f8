//! The ground types every layer of `shared` speaks: security modes, time, the provider id.
//!
//! They sit at the bottom of the crate and import nothing from it, so `providers`, `settings`,
//! `smtp`, `diagnosis` and `session` can all use them without depending on one another.
//! `ProviderId` names a preset of the catalogue; `crate::providers` re-exports it next to the
//! catalogue entries it keys (`ProviderId::provider`).
//! `Secret` has its own module (`crate::secret`) because of its redaction rules.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How the connection is secured before AUTH.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// Plain TCP, then `STARTTLS` (RFC 3207), usually port 587.
    Starttls,
    /// TLS from the first byte (RFC 8314), usually port 465.
    ImplicitTls,
}

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
    Yandex,
    Qq,
    Netease,
    AmazonSes,
    Sendgrid,
    Mailgun,
    Other,
}

/// Monotonic time in milliseconds from an arbitrary origin, supplied by the driver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Millis(pub u64);

impl Security {
    /// Every mode, in the order forms list them.
    pub const ALL: [Security; 2] = [Security::Starttls, Security::ImplicitTls];

    /// The wire name, as serialised and as typed in forms: `starttls` or `implicit_tls`.
    pub fn as_str(self) -> &'static str {
        match self {
            Security::Starttls => "starttls",
            Security::ImplicitTls => "implicit_tls",
        }
    }

    /// Reads a wire name; `None` for anything else.
    pub fn parse(text: &str) -> Option<Security> {
        Security::ALL.into_iter().find(|mode| mode.as_str() == text)
    }
}

impl ProviderId {
    /// Every preset, in the order the widget lists them.
    pub const ALL: [ProviderId; 19] = [
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
        ProviderId::Yandex,
        ProviderId::Qq,
        ProviderId::Netease,
        ProviderId::AmazonSes,
        ProviderId::Sendgrid,
        ProviderId::Mailgun,
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
            ProviderId::Yandex => "yandex",
            ProviderId::Qq => "qq",
            ProviderId::Netease => "netease",
            ProviderId::AmazonSes => "amazon_ses",
            ProviderId::Sendgrid => "sendgrid",
            ProviderId::Mailgun => "mailgun",
            ProviderId::Other => "other",
        }
    }

    /// Reads an identifier as written in forms; `None` for anything else.
    pub fn parse(text: &str) -> Option<ProviderId> {
        ProviderId::ALL.into_iter().find(|id| id.as_str() == text)
    }

    /// The preset whose replies and advice this one shares: Google Workspace runs on Gmail's
    /// servers and Outlook.com on Microsoft 365's, so they answer alike; every other preset is
    /// its own family.
    pub fn family(self) -> ProviderId {
        match self {
            ProviderId::GoogleWorkspace => ProviderId::Gmail,
            ProviderId::OutlookCom => ProviderId::Microsoft365,
            other => other,
        }
    }

    /// True for Microsoft's hosted mail, consumer or business: they share reply formats.
    pub fn is_microsoft(self) -> bool {
        matches!(self, ProviderId::Microsoft365 | ProviderId::OutlookCom)
    }
}

impl Millis {
    /// This instant plus `duration`, saturating.
    pub fn after(self, duration: Duration) -> Millis {
        Millis(
            self.0
                .saturating_add(u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)),
        )
    }

    /// Milliseconds from `earlier` to `self`, zero when `earlier` is later.
    pub fn since(self, earlier: Millis) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl fmt::Display for Security {
    /// The name people see in mail programs' settings.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Security::Starttls => "STARTTLS",
            Security::ImplicitTls => "implicit TLS",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_wire_names_round_trip_through_serde() {
        for mode in Security::ALL {
            assert_eq!(Security::parse(mode.as_str()), Some(mode));
            assert_eq!(
                serde_json::to_value(mode).ok(),
                Some(serde_json::Value::from(mode.as_str()))
            );
        }
        assert_eq!(Security::parse("STARTTLS"), None);
    }

    #[test]
    fn security_names_match_mail_programs() {
        assert_eq!(Security::Starttls.to_string(), "STARTTLS");
        assert_eq!(Security::ImplicitTls.to_string(), "implicit TLS");
    }

    #[test]
    fn millis_saturate() {
        assert_eq!(Millis(5).since(Millis(9)), 0);
        assert_eq!(
            Millis(u64::MAX).after(Duration::from_secs(1)),
            Millis(u64::MAX)
        );
        assert_eq!(
            Millis(1_000).after(Duration::from_millis(250)),
            Millis(1_250)
        );
    }
}
