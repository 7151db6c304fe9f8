//! Which provider hosts a domain's mail, from what the domain publishes: its MX records, its
//! RFC 6186/8314 submission SRV records and its autoconfig file, combined into one answer
//! with the evidence of each source and how sure it is.
//!
//! Sans-IO: the caller looks the records up (the worker through DNS-over-HTTPS) and passes in
//! what it found; `dns` builds the queries and reads the answers, `autoconfig` reads the
//! Thunderbird file (both behind the `detect` feature, so the widget carries neither parser).
//!
//! Precedence when sources disagree: the autoconfig file first, then the SRV records, then MX.
//! The first two are the domain owner's own statements about *outgoing* mail (Thunderbird also
//! tries the autoconfig file before any DNS); MX says only who *receives* the domain's mail,
//! which is often a filtering gateway in front of the real mailbox, or a provider the domain
//! has left while its own submission server stayed. A disagreement lowers the confidence to
//! `Medium` and stays visible in the evidence.

#[cfg(feature = "detect")]
pub mod autoconfig;
#[cfg(feature = "detect")]
pub mod dns;

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::ground::Security;
use crate::policy::{DestinationHost, DestinationPolicy, PolicyError};
use crate::providers::{self, HostRule, ProviderId};

/// Longest address looked up (RFC 5321 §4.5.3.1: 64 + 1 + 255).
const EMAIL_MAX: usize = 320;

/// Where a piece of evidence comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lookup {
    /// The domain's MX records.
    Mx,
    /// `_submissions._tcp.<domain>` SRV (implicit TLS, RFC 8314 §5.1).
    SrvSubmissions,
    /// `_submission._tcp.<domain>` SRV (STARTTLS, RFC 6186).
    SrvSubmission,
    /// The domain's Thunderbird autoconfig file (config-v1.1).
    Autoconfig,
}

/// An SMTP server, port and TLS mode to suggest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

/// One MX record (RFC 1035 §3.3.9).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MxRecord {
    pub preference: u16,
    /// The mail exchanger, lower case, without the trailing dot; empty for a null MX (RFC 7505).
    pub exchange: String,
}

/// One SRV record (RFC 2782).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SrvRecord {
    pub priority: u16,
    pub weight: u16,
    pub port: u16,
    /// The target, lower case, without the trailing dot; empty for `.` ("not offered").
    pub target: String,
}

/// What one source said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub source: Lookup,
    #[serde(flatten)]
    pub finding: Finding,
}

/// The outcome of one lookup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Finding {
    /// Records or a file were found. `records` are as published (`10 mx.example.com`);
    /// `provider` is the preset they name, `server` the submission server they give.
    Found {
        records: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider: Option<ProviderId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<Server>,
    },
    /// The name does not exist or has no such records, or there is no file.
    NotFound,
    /// The domain says the service is not offered: an SRV target of `.`, a null MX.
    NotOffered,
    /// The lookup could not be completed: a timeout, an oversized or malformed answer, an
    /// address the destination policy refuses. `detail` says which, in lower case.
    Failed { detail: String },
}

/// How sure the answer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Nothing points anywhere: the person chooses.
    None,
    /// The domain names a server but no preset: the settings are its own.
    Low,
    /// A preset or server was found, but another source disagrees.
    Medium,
    /// A preset was found and no source disagrees.
    High,
}

/// The combined answer for one domain: the preset (or `Other`), the settings to suggest,
/// which source decided, and everything that was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detection {
    pub domain: String,
    pub provider: ProviderId,
    pub confidence: Confidence,
    /// The submission server to use: the deciding source's, or the preset's recommended one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<Server>,
    /// The source that decided, absent when none did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Lookup>,
    /// One line for the person, e.g. `MX: contoso-com.mail.protection.outlook.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// What the widget reads of a `Detection`: the same JSON without the evidence, so the widget
/// carries no code for reading evidence it does not show.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct DetectionSummary {
    pub domain: String,
    pub provider: ProviderId,
    pub confidence: Confidence,
    #[serde(default)]
    pub server: Option<Server>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// Why an address cannot be looked up. Messages are lower case and say what to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressError {
    /// No `email` parameter, or an empty one.
    Missing,
    /// Not an e-mail address.
    Invalid,
    /// The domain is an address literal (`name@[192.0.2.1]`), which has no DNS records.
    AddressLiteral,
    /// The domain is a name that never has public mail records.
    Domain(PolicyError),
}

/// The domain of `email`, lower case, once the address parses and the domain is a public
/// DNS name under `policy` (no IP literals, no reserved names such as `.test` or `.local`).
pub fn domain_of(email: &str, policy: &DestinationPolicy) -> Result<String, AddressError> {
    let email = email.trim();
    if email.is_empty() {
        return Err(AddressError::Missing);
    }
    if email.len() > EMAIL_MAX {
        return Err(AddressError::Invalid);
    }
    let address: lettre::Address = email.parse().map_err(|_| AddressError::Invalid)?;
    match policy.check_host(address.domain()) {
        Ok(DestinationHost::Name(name)) => Ok(name),
        Ok(DestinationHost::Ip(_)) => Err(AddressError::AddressLiteral),
        Err(error) => Err(AddressError::Domain(error)),
    }
}

/// The DNS names detection asks about for `domain`: MX at the domain, and the two SRV names.
pub fn srv_name(source: Lookup, domain: &str) -> String {
    match source {
        Lookup::SrvSubmissions => format!("_submissions._tcp.{domain}"),
        _ => format!("_submission._tcp.{domain}"),
    }
}

/// The autoconfig locations Thunderbird tries, in order: the `autoconfig.` host with the
/// address as a parameter, then the domain's `.well-known` path. HTTPS only; the plain HTTP
/// variants are deprecated. Each is (host, path and query).
pub fn autoconfig_locations(domain: &str, email: &str) -> [(String, String); 2] {
    [
        (
            format!("autoconfig.{domain}"),
            format!(
                "/mail/config-v1.1.xml?emailaddress={}",
                percent_encode(email.trim())
            ),
        ),
        (
            domain.to_owned(),
            "/.well-known/autoconfig/mail/config-v1.1.xml".to_owned(),
        ),
    ]
}

/// RFC 3986 query encoding: unreserved characters stay, every other byte becomes `%XX`.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

impl Lookup {
    /// The order sources are trusted in when they disagree (see the module docs).
    pub const PRECEDENCE: [Lookup; 4] = [
        Lookup::Autoconfig,
        Lookup::SrvSubmissions,
        Lookup::SrvSubmission,
        Lookup::Mx,
    ];

    /// A short label for the summary line.
    pub fn label(self) -> &'static str {
        match self {
            Self::Mx => "MX",
            Self::SrvSubmissions => "SRV _submissions._tcp",
            Self::SrvSubmission => "SRV _submission._tcp",
            Self::Autoconfig => "autoconfig",
        }
    }
}

impl Evidence {
    /// MX records: the most preferred one naming a preset decides; a single record with an
    /// empty exchange is a null MX (RFC 7505, the domain receives no mail).
    pub fn from_mx(records: &[MxRecord]) -> Self {
        let finding = match records {
            [] => Finding::NotFound,
            [only] if only.exchange.is_empty() => Finding::NotOffered,
            _ => {
                let mut sorted = records.to_vec();
                sorted
                    .sort_by(|a, b| (a.preference, &a.exchange).cmp(&(b.preference, &b.exchange)));
                let matched = sorted
                    .iter()
                    .find_map(|record| providers::from_mx_host(&record.exchange));
                Finding::Found {
                    records: sorted
                        .iter()
                        .map(|r| format!("{} {}", r.preference, r.exchange))
                        .collect(),
                    provider: matched.map(|(id, _)| id),
                    server: matched.and_then(|(id, suffix)| preset_server(id, suffix)),
                }
            }
        };
        Self {
            source: Lookup::Mx,
            finding,
        }
    }

    /// SRV records for `_submissions._tcp` (`implicit_tls`) or `_submission._tcp`: the lowest
    /// priority, then highest weight, decides; a lone target of `.` means not offered.
    pub fn from_srv(source: Lookup, records: &[SrvRecord]) -> Self {
        let security = match source {
            Lookup::SrvSubmissions => Security::ImplicitTls,
            _ => Security::Starttls,
        };
        let mut sorted: Vec<&SrvRecord> = records.iter().filter(|r| !r.target.is_empty()).collect();
        sorted.sort_by(|a, b| {
            (a.priority, u16::MAX - a.weight).cmp(&(b.priority, u16::MAX - b.weight))
        });
        let finding = match (records, sorted.first()) {
            ([], _) => Finding::NotFound,
            (_, None) => Finding::NotOffered,
            (_, Some(best)) => Finding::Found {
                records: sorted
                    .iter()
                    .map(|r| format!("{} {} {} {}", r.priority, r.weight, r.port, r.target))
                    .collect(),
                provider: providers::from_host(&best.target),
                server: Some(Server {
                    host: best.target.clone(),
                    port: best.port,
                    security,
                }),
            },
        };
        Self { source, finding }
    }

    /// The outgoing server an autoconfig file names.
    pub fn from_autoconfig(server: Server) -> Self {
        Self {
            source: Lookup::Autoconfig,
            finding: Finding::Found {
                records: vec![format!(
                    "{}:{} {}",
                    server.host, server.port, server.security
                )],
                provider: providers::from_host(&server.host),
                server: Some(server),
            },
        }
    }

    /// A lookup that failed, with why.
    pub fn failed(source: Lookup, detail: impl Into<String>) -> Self {
        Self {
            source,
            finding: Finding::Failed {
                detail: detail.into(),
            },
        }
    }

    fn provider(&self) -> Option<ProviderId> {
        match &self.finding {
            Finding::Found { provider, .. } => *provider,
            _ => None,
        }
    }

    fn server(&self) -> Option<&Server> {
        match &self.finding {
            Finding::Found { server, .. } => server.as_ref(),
            _ => None,
        }
    }
}

/// Combines the evidence of every source into one answer, in `Lookup::PRECEDENCE`: the first
/// source naming a preset or a server decides; any other source naming a different preset
/// lowers the confidence to `Medium`.
pub fn combine(domain: &str, evidence: Vec<Evidence>) -> Detection {
    let by_precedence = |wanted: fn(&Evidence) -> bool| {
        Lookup::PRECEDENCE.into_iter().find_map(|source| {
            evidence
                .iter()
                .find(|item| item.source == source && wanted(item))
        })
    };
    let deciding = by_precedence(|item| item.provider().is_some() || item.server().is_some());
    let Some(deciding) = deciding else {
        return Detection {
            domain: domain.to_owned(),
            provider: ProviderId::Other,
            confidence: Confidence::None,
            server: None,
            basis: None,
            summary: None,
            evidence,
        };
    };
    let provider = deciding.provider().unwrap_or(ProviderId::Other);
    let disagrees = evidence.iter().any(|item| {
        item.provider().is_some_and(|other| {
            other.family() != provider.family() || provider == ProviderId::Other
        })
    });
    let confidence = match (provider, disagrees) {
        (_, true) => Confidence::Medium,
        (ProviderId::Other, false) => Confidence::Low,
        (_, false) => Confidence::High,
    };
    let server = deciding
        .server()
        .cloned()
        .or_else(|| preset_server(provider, ""));
    let summary = match &deciding.finding {
        Finding::Found { records, .. } => {
            let first = records.first().map(String::as_str).unwrap_or_default();
            // What a person can check: the host (and port), not preferences and weights.
            let shown = match (deciding.source, deciding.server()) {
                (Lookup::Mx, _) => first.rsplit(' ').next().unwrap_or(first).to_owned(),
                (_, Some(server)) => format!("{}:{}", server.host, server.port),
                (_, None) => first.to_owned(),
            };
            Some(format!("{}: {shown}", deciding.source.label()))
        }
        _ => None,
    };
    Detection {
        domain: domain.to_owned(),
        provider,
        confidence,
        server,
        basis: Some(deciding.source),
        summary,
        evidence,
    }
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => write!(f, "add the e-mail address as ?email=name@example.com"),
            Self::Invalid => write!(
                f,
                "this is not a valid e-mail address; check for typos, for example name@example.com"
            ),
            Self::AddressLiteral => write!(
                f,
                "the address ends in an ip address, which has no mail records; use an address at a domain name"
            ),
            Self::Domain(why) => write!(f, "the address's domain cannot have mail records: {why}"),
        }
    }
}

impl std::error::Error for AddressError {}

/// The preset's recommended submission server: its fixed host, or the `Choice` option under
/// the same suffix as the MX host that matched (Zoho's `mx.zoho.eu` → `smtppro.zoho.eu`, the
/// first option for that region, which is the organisation server).
fn preset_server(provider: ProviderId, matched_suffix: &str) -> Option<Server> {
    let preset = provider.provider();
    let port = preset.recommended_port()?;
    let host = match preset.host.value {
        HostRule::Fixed { host } => host,
        HostRule::Choice { options } => {
            options
                .iter()
                .find(|option| option.host.ends_with(&format!(".{matched_suffix}")))
                .or(options.first())?
                .host
        }
        HostRule::Typed { .. } => return None,
    };
    Some(Server {
        host: host.to_owned(),
        port: port.port,
        security: port.security,
    })
}

#[cfg(test)]
mod tests;
