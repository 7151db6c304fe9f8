//! The Thunderbird autoconfig file (`config-v1.1.xml`) a domain publishes, read for its
//! outgoing SMTP server: `<clientConfig><emailProvider><outgoingServer type="smtp">` with
//! `hostname`, `port` and `socketType`. The `roxmltree` crate parses the XML.
//!
//! Only encrypted servers are taken: `socketType` `SSL` is implicit TLS, `STARTTLS` is
//! STARTTLS, and `plain` is skipped, since sendready never sends AUTH without TLS.

use core::fmt;

use super::Server;
use crate::ground::Security;

/// The largest file read; real autoconfig files are a few kilobytes.
pub const MAX_FILE_BYTES: usize = 64 * 1024;

/// Why a file gives no outgoing server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutoconfigError {
    /// The file is larger than `MAX_FILE_BYTES`.
    TooLarge(usize),
    /// The file is not well-formed XML; the parser's words.
    Malformed(String),
    /// Well-formed XML whose root is not `clientConfig`.
    NotClientConfig,
    /// No `outgoingServer` of type `smtp`.
    NoSmtpServer,
    /// Only unencrypted (`plain`) SMTP servers, which sendready does not use.
    OnlyPlain,
    /// An SMTP server without a usable host name or port.
    Incomplete,
}

/// The first encrypted outgoing SMTP server of the file, with `%EMAILDOMAIN%` in its host name
/// replaced by `email_domain`.
pub fn outgoing_server(xml: &str, email_domain: &str) -> Result<Server, AutoconfigError> {
    if xml.len() > MAX_FILE_BYTES {
        return Err(AutoconfigError::TooLarge(xml.len()));
    }
    let document = roxmltree::Document::parse(xml)
        .map_err(|error| AutoconfigError::Malformed(error.to_string()))?;
    let root = document.root_element();
    if !root.has_tag_name("clientConfig") {
        return Err(AutoconfigError::NotClientConfig);
    }
    let servers: Vec<roxmltree::Node<'_, '_>> = root
        .descendants()
        .filter(|node| {
            node.has_tag_name("outgoingServer") && node.attribute("type") == Some("smtp")
        })
        .collect();
    if servers.is_empty() {
        return Err(AutoconfigError::NoSmtpServer);
    }
    let encrypted = servers
        .iter()
        .filter_map(|server| security_of(child_text(*server, "socketType")?).map(|s| (*server, s)))
        .collect::<Vec<_>>();
    let (server, security) = encrypted.first().ok_or(AutoconfigError::OnlyPlain)?;
    let host = child_text(*server, "hostname")
        .map(|host| {
            host.replace("%EMAILDOMAIN%", email_domain)
                .to_ascii_lowercase()
        })
        .filter(|host| !host.is_empty() && !host.contains('%'))
        .ok_or(AutoconfigError::Incomplete)?;
    let port = child_text(*server, "port")
        .and_then(|port| port.parse::<u16>().ok())
        .filter(|port| *port != 0)
        .ok_or(AutoconfigError::Incomplete)?;
    Ok(Server {
        host,
        port,
        security: *security,
    })
}

/// The trimmed text of the first child element named `name`.
fn child_text<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|child| child.has_tag_name(name))
        .and_then(|child| child.text())
        .map(str::trim)
}

/// `SSL` and `TLS` (an older spelling) are implicit TLS; `plain` and unknown values are not used.
fn security_of(socket_type: &str) -> Option<Security> {
    match socket_type.to_ascii_uppercase().as_str() {
        "SSL" | "TLS" => Some(Security::ImplicitTls),
        "STARTTLS" => Some(Security::Starttls),
        _ => None,
    }
}

impl fmt::Display for AutoconfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge(len) => write!(
                f,
                "the autoconfig file is {len} bytes, more than the {MAX_FILE_BYTES} read"
            ),
            Self::Malformed(why) => write!(f, "the autoconfig file is not well-formed xml: {why}"),
            Self::NotClientConfig => write!(f, "the autoconfig file has no clientConfig element"),
            Self::NoSmtpServer => write!(f, "the autoconfig file names no outgoing smtp server"),
            Self::OnlyPlain => write!(
                f,
                "the autoconfig file names only unencrypted smtp servers, which are not used"
            ),
            Self::Incomplete => write!(
                f,
                "the autoconfig file's smtp server has no usable host name or port"
            ),
        }
    }
}

impl std::error::Error for AutoconfigError {}
