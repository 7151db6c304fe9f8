//! Destination policy: which hosts and ports the worker and the relay may connect to.
//!
//! sendready opens TCP connections to hosts that anyone can type, so it must not become a way
//! into private networks (SSRF) or a port scanner. The policy is a deny-list of special address
//! ranges (the IANA special-purpose registries) plus strict syntax: odd IP notations that some
//! resolvers accept (`127.1`, `0x7f000001`, `0177.0.0.1`) are refused rather than interpreted,
//! because two parsers that disagree are how filters get bypassed. Cloudflare refuses some of
//! these destinations itself, but the relay and local runs have no such guard, so the policy
//! holds on its own. `check_destination` runs before connecting; the relay also runs
//! `check_resolved` on every address DNS returns, since a public name can point anywhere.

use core::fmt;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Longest DNS name (RFC 1035 §2.3.4, without the trailing dot) and longest label.
const NAME_MAX: usize = 253;
const LABEL_MAX: usize = 63;

/// Ports open to everyone: implicit TLS, STARTTLS, and the common alternative submission port.
const SUBMISSION_PORTS: [u16; 3] = [465, 587, 2525];

/// Lowest unprivileged port; local test servers run without root, so loopback may use these.
const UNPRIVILEGED_PORTS: u16 = 1024;

/// Top-level names that never reach a public mail server: RFC 6761 (`test`, `example`,
/// `invalid`, `localhost`), RFC 6762 (`local`), RFC 9476 (`alt`), RFC 7686 (`onion`), reverse
/// DNS (`arpa`, including RFC 8375's `home.arpa`), ICANN's private-use `internal`, and the
/// suffixes home routers and old intranets use.
const RESERVED_SUFFIXES: [&str; 13] = [
    "local",
    "internal",
    "lan",
    "home",
    "corp",
    "localdomain",
    "arpa",
    "invalid",
    "test",
    "example",
    "alt",
    "onion",
    "intranet",
];

/// IPv4 special-purpose blocks as (network, prefix length, range); more specific blocks first.
const V4_BLOCKS: [(u32, u32, SpecialRange); 17] = [
    (0x0000_0000, 32, SpecialRange::Unspecified),
    (0xFFFF_FFFF, 32, SpecialRange::Broadcast),
    (0x0000_0000, 8, SpecialRange::ThisNetwork),
    (0x0A00_0000, 8, SpecialRange::Private),
    (0x6440_0000, 10, SpecialRange::SharedNat),
    (0x7F00_0000, 8, SpecialRange::Loopback),
    (0xA9FE_0000, 16, SpecialRange::LinkLocal),
    (0xAC10_0000, 12, SpecialRange::Private),
    (0xC000_0000, 24, SpecialRange::IetfProtocol),
    (0xC000_0200, 24, SpecialRange::Documentation),
    (0xC058_6300, 24, SpecialRange::Relay6to4),
    (0xC0A8_0000, 16, SpecialRange::Private),
    (0xC612_0000, 15, SpecialRange::Benchmarking),
    (0xC633_6400, 24, SpecialRange::Documentation),
    (0xCB00_7100, 24, SpecialRange::Documentation),
    (0xE000_0000, 4, SpecialRange::Multicast),
    (0xF000_0000, 4, SpecialRange::Reserved),
];

/// IPv6 special-purpose blocks that carry no IPv4 address; more specific blocks first. Anything
/// else outside global unicast `2000::/3` is `Reserved`.
const V6_BLOCKS: [(u128, u32, SpecialRange); 12] = [
    (0, 128, SpecialRange::Unspecified),
    (1, 128, SpecialRange::Loopback),
    (0x0064_ff9b_0001 << 80, 48, SpecialRange::Translation),
    (0x0100 << 112, 64, SpecialRange::Discard),
    (0x2001_0000 << 96, 32, SpecialRange::Teredo),
    (0x2001_0000 << 96, 23, SpecialRange::IetfProtocol),
    (0x2001_0db8 << 96, 32, SpecialRange::Documentation),
    (0x3fff << 112, 20, SpecialRange::Documentation),
    (0xfc00 << 112, 7, SpecialRange::UniqueLocal),
    (0xfe80 << 112, 10, SpecialRange::LinkLocal),
    (0xfec0 << 112, 10, SpecialRange::SiteLocal),
    (0xff00 << 112, 8, SpecialRange::Multicast),
];

/// Which destinations are allowed. `Default` is strict: public hosts on submission ports only.
/// `GET /api/policy` serves the deployment's, so the widget checks host names as the worker will.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DestinationPolicy {
    /// Lets exactly `localhost`, `127.0.0.1` and `::1` through, on submission ports or any port
    /// from 1024 up. Only for local development and the test suite (a dev-only wrangler var).
    pub allow_loopback: bool,
    /// Lets port 25 through; only the relay sets it, since Workers cannot connect to port 25.
    pub allow_port_25: bool,
    /// Lets private addresses (RFC 1918, CGNAT, unique local) and internal names (no dot, reserved
    /// suffixes) through: only for hosts a relay's operator listed, and the command line.
    #[serde(default)]
    pub allow_private_networks: bool,
}

/// A host and port that passed the policy, ready to connect to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    pub host: DestinationHost,
    pub port: u16,
}

/// The host part of a `Destination`; its `Display` is what `connect()` takes (IPv6 unbracketed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DestinationHost {
    /// A lower-case DNS name, without a trailing dot. The relay checks what it resolves to.
    Name(String),
    /// A canonical IP literal.
    Ip(IpAddr),
}

/// An IANA special-purpose range, named as in its registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecialRange {
    /// `0.0.0.0` and `::`.
    Unspecified,
    /// `0.0.0.0/8`, "this network".
    ThisNetwork,
    /// `127.0.0.0/8` and `::1`.
    Loopback,
    /// `10/8`, `172.16/12`, `192.168/16` (RFC 1918).
    Private,
    /// `100.64/10`, carrier-grade NAT (RFC 6598).
    SharedNat,
    /// `169.254/16` (including cloud metadata `169.254.169.254`) and `fe80::/10`.
    LinkLocal,
    /// `192.0.0/24` and `2001::/23`.
    IetfProtocol,
    /// `192.0.2/24`, `198.51.100/24`, `203.0.113/24`, `2001:db8::/32` and `3fff::/20`.
    Documentation,
    /// `192.88.99/24`, the retired 6to4 relay anycast.
    Relay6to4,
    /// `198.18/15`, network benchmarking.
    Benchmarking,
    /// `224/4` and `ff00::/8`.
    Multicast,
    /// `240/4` (except broadcast) and IPv6 outside `2000::/3` not listed elsewhere.
    Reserved,
    /// `255.255.255.255`.
    Broadcast,
    /// `64:ff9b:1::/48`, local-use IPv4/IPv6 translation.
    Translation,
    /// `100::/64`, discard-only.
    Discard,
    /// `2001::/32`, Teredo tunnels.
    Teredo,
    /// `fc00::/7`, unique local addresses (the IPv6 private range).
    UniqueLocal,
    /// `fec0::/10`, deprecated site-local addresses.
    SiteLocal,
}

/// An IPv6 form that carries an IPv4 address; refused outright, whatever that address is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Embedding {
    /// `::ffff:0:0/96`, IPv4-mapped.
    Mapped,
    /// `::/96` other than `::` and `::1`, the deprecated IPv4-compatible form.
    Compatible,
    /// `64:ff9b::/96`, the NAT64 well-known prefix.
    Nat64,
    /// `2002::/16`, 6to4.
    SixToFour,
}

/// Why a destination was refused. Messages are lower-case and say how to fix the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyError {
    /// The host is empty.
    Empty,
    /// The host has non-ASCII characters (internationalised names must be in `xn--` form).
    NotAscii,
    /// The host has whitespace or control characters.
    Whitespace,
    /// The host starts with a URL scheme such as `smtp://`.
    Scheme,
    /// The host has `user@` in front.
    Userinfo,
    /// The host ends with `:port` (or `[ipv6]:port`).
    PortInHost,
    /// The host has a path, query or fragment (`/`, `\`, `?`, `#`).
    Path,
    /// The host has `%`: percent-encoding or an IPv6 zone id.
    PercentEncoding,
    /// The host has another character no host name contains, such as `_` or `!`.
    Character(char),
    /// The host ends with a dot.
    TrailingDot,
    /// The host has an empty label, or a label that starts or ends with a hyphen.
    BadLabel,
    /// The host is longer than 253 characters.
    NameTooLong,
    /// A label is longer than 63 characters.
    LabelTooLong,
    /// Digits or hex where an IPv4 address would be, but not a plain dotted quad: `127.1`,
    /// `2130706433`, `0x7f000001`, `0177.0.0.1`, `1.2.3.04`, or a numeric top-level label.
    NonCanonicalIpv4,
    /// An IPv6 address not written in its RFC 5952 form, e.g. with leading zeros.
    NonCanonicalIpv6(Ipv6Addr),
    /// `localhost` or a name under `.localhost`.
    Localhost,
    /// A name without a dot, which resolvers complete with local search domains.
    SingleLabel,
    /// A name under a suffix that never reaches a public server (the suffix is given).
    ReservedName(&'static str),
    /// An address in a special-purpose range.
    BlockedAddress(IpAddr, SpecialRange),
    /// An IPv6 address that embeds an IPv4 one, with the range of the embedded address if any.
    EmbeddedIpv4 {
        ip: Ipv6Addr,
        embedding: Embedding,
        ipv4: Ipv4Addr,
        range: Option<SpecialRange>,
    },
    /// Port 25, when the policy does not allow it.
    Port25,
    /// Any other port outside the allowed list.
    Port(u16),
}

impl DestinationPolicy {
    /// Checks a host (a name or an IP literal, IPv6 optionally bracketed) and a port.
    pub fn check_destination(&self, host: &str, port: u16) -> Result<Destination, PolicyError> {
        let host = self.check_host(host)?;
        let loopback = match &host {
            DestinationHost::Name(name) => name == "localhost",
            DestinationHost::Ip(ip) => ip.is_loopback(),
        };
        self.check_port(port, loopback)?;
        Ok(Destination { host, port })
    }

    /// Checks an address a name resolved to (the relay, after DNS and before connecting).
    pub fn check_resolved(&self, ip: IpAddr) -> Result<(), PolicyError> {
        if self.allow_loopback && is_dev_loopback(ip) {
            return Ok(());
        }
        let checked = match ip {
            IpAddr::V4(v4) => {
                v4_range(v4).map_or(Ok(()), |range| Err(PolicyError::BlockedAddress(ip, range)))
            }
            IpAddr::V6(v6) => check_v6(v6),
        };
        match checked {
            Err(PolicyError::BlockedAddress(_, range))
                if self.allow_private_networks && range.is_private_network() =>
            {
                Ok(())
            }
            other => other,
        }
    }

    /// Checks a host name or IP literal alone, also for destinations that are not SMTP servers
    /// (the HTTPS hosts provider detection fetches from); their ports are the caller's business.
    pub fn check_host(&self, text: &str) -> Result<DestinationHost, PolicyError> {
        syntax(text)?;
        let text = text.to_ascii_lowercase();
        if let Some(inner) = text.strip_prefix('[') {
            return match inner
                .strip_suffix(']')
                .and_then(|inner| inner.parse::<Ipv6Addr>().ok())
            {
                Some(ip) => self.check_literal(IpAddr::V6(ip), inner.trim_end_matches(']')),
                None if inner.contains("]:") => Err(PolicyError::PortInHost),
                None => Err(PolicyError::Character('[')),
            };
        }
        if text.contains(':') {
            return match text.parse::<Ipv6Addr>() {
                Ok(ip) => self.check_literal(IpAddr::V6(ip), &text),
                Err(_) => Err(PolicyError::PortInHost),
            };
        }
        if let Some(c) = text
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        {
            return Err(PolicyError::Character(c));
        }
        if text.ends_with('.') {
            return Err(PolicyError::TrailingDot);
        }
        let top = text.rsplit('.').next().unwrap_or_default();
        if is_numeric_label(top) {
            // A resolver reads a numeric last label as an IPv4 address in whatever notation it
            // supports; only the plain dotted quad means the same thing to every parser.
            return match text.parse::<Ipv4Addr>() {
                Ok(ip) if ip.to_string() == text => self.check_literal(IpAddr::V4(ip), &text),
                _ => Err(PolicyError::NonCanonicalIpv4),
            };
        }
        self.check_name(text)
    }

    fn check_literal(&self, ip: IpAddr, text: &str) -> Result<DestinationHost, PolicyError> {
        self.check_resolved(ip)?;
        match ip {
            IpAddr::V6(v6) if v6.to_string() != text => Err(PolicyError::NonCanonicalIpv6(v6)),
            _ => Ok(DestinationHost::Ip(ip)),
        }
    }

    fn check_name(&self, name: String) -> Result<DestinationHost, PolicyError> {
        if name.len() > NAME_MAX {
            return Err(PolicyError::NameTooLong);
        }
        for label in name.split('.') {
            if label.is_empty() || label.starts_with('-') || label.ends_with('-') {
                return Err(PolicyError::BadLabel);
            }
            if label.len() > LABEL_MAX {
                return Err(PolicyError::LabelTooLong);
            }
        }
        if name == "localhost" && self.allow_loopback {
            return Ok(DestinationHost::Name(name));
        }
        if name == "localhost" || name.ends_with(".localhost") {
            return Err(PolicyError::Localhost);
        }
        let Some((_, top)) = name.rsplit_once('.') else {
            return if self.allow_private_networks {
                Ok(DestinationHost::Name(name))
            } else {
                Err(PolicyError::SingleLabel)
            };
        };
        match RESERVED_SUFFIXES.iter().find(|&&suffix| suffix == top) {
            Some(suffix) if !self.allow_private_networks => Err(PolicyError::ReservedName(suffix)),
            _ => Ok(DestinationHost::Name(name)),
        }
    }

    fn check_port(&self, port: u16, loopback: bool) -> Result<(), PolicyError> {
        match port {
            _ if SUBMISSION_PORTS.contains(&port) => Ok(()),
            25 if self.allow_port_25 => Ok(()),
            25 => Err(PolicyError::Port25),
            _ if loopback && port >= UNPRIVILEGED_PORTS => Ok(()),
            _ => Err(PolicyError::Port(port)),
        }
    }
}

impl PolicyError {
    /// The stable machine-readable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            PolicyError::Empty => "empty_host",
            PolicyError::NotAscii => "non_ascii_host",
            PolicyError::Whitespace => "whitespace_in_host",
            PolicyError::Scheme => "scheme_in_host",
            PolicyError::Userinfo => "userinfo_in_host",
            PolicyError::PortInHost => "port_in_host",
            PolicyError::Path => "path_in_host",
            PolicyError::PercentEncoding => "percent_in_host",
            PolicyError::Character(_) => "invalid_host_character",
            PolicyError::TrailingDot => "trailing_dot",
            PolicyError::BadLabel => "bad_host_label",
            PolicyError::NameTooLong => "host_too_long",
            PolicyError::LabelTooLong => "host_label_too_long",
            PolicyError::NonCanonicalIpv4 | PolicyError::NonCanonicalIpv6(_) => "non_canonical_ip",
            PolicyError::Localhost => "localhost",
            PolicyError::SingleLabel => "single_label_host",
            PolicyError::ReservedName(_) => "reserved_name",
            PolicyError::BlockedAddress(..) => "blocked_address",
            PolicyError::EmbeddedIpv4 { .. } => "embedded_ipv4_address",
            PolicyError::Port25 => "port_25_blocked",
            PolicyError::Port(_) => "port_not_allowed",
        }
    }
}

impl SpecialRange {
    /// True for the ranges organisations number their own networks from (RFC 1918, CGNAT, ULA).
    pub fn is_private_network(self) -> bool {
        matches!(
            self,
            SpecialRange::Private | SpecialRange::SharedNat | SpecialRange::UniqueLocal
        )
    }

    /// The range as a noun phrase, e.g. "a loopback address".
    pub fn description(self) -> &'static str {
        match self {
            SpecialRange::Unspecified => "the unspecified address",
            SpecialRange::ThisNetwork => "a \"this network\" address",
            SpecialRange::Loopback => "a loopback address",
            SpecialRange::Private => "a private network address",
            SpecialRange::SharedNat => "a carrier-grade nat address",
            SpecialRange::LinkLocal => "a link-local address",
            SpecialRange::IetfProtocol => "an ietf protocol address",
            SpecialRange::Documentation => "a documentation example address",
            SpecialRange::Relay6to4 => "a 6to4 relay address",
            SpecialRange::Benchmarking => "a benchmarking address",
            SpecialRange::Multicast => "a multicast address",
            SpecialRange::Reserved => "a reserved address",
            SpecialRange::Broadcast => "the broadcast address",
            SpecialRange::Translation => "a local ipv4/ipv6 translation address",
            SpecialRange::Discard => "a discard-only address",
            SpecialRange::Teredo => "a teredo tunnel address",
            SpecialRange::UniqueLocal => "a unique local (private) address",
            SpecialRange::SiteLocal => "a site-local address",
        }
    }
}

impl Embedding {
    /// The form as a noun phrase, e.g. "an ipv4-mapped address".
    pub fn description(self) -> &'static str {
        match self {
            Embedding::Mapped => "an ipv4-mapped ipv6 address",
            Embedding::Compatible => "an ipv4-compatible ipv6 address",
            Embedding::Nat64 => "a nat64 address",
            Embedding::SixToFour => "a 6to4 address",
        }
    }
}

impl fmt::Display for DestinationHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DestinationHost::Name(name) => f.write_str(name),
            DestinationHost::Ip(ip) => write!(f, "{ip}"),
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const PUBLIC_ONLY: &str = "sendready only connects to public mail servers";
        const USE_SUBMISSION: &str = "use 587 (STARTTLS) or 465 (implicit TLS)";
        match self {
            PolicyError::Empty => f.write_str("the server name is empty"),
            PolicyError::NotAscii => {
                f.write_str("the server name has non-ascii characters; enter an internationalised name in its xn-- form")
            }
            PolicyError::Whitespace => f.write_str("the server name contains spaces or control characters"),
            PolicyError::Scheme => f.write_str("the server name starts with a scheme such as smtp://; enter only the name"),
            PolicyError::Userinfo => {
                f.write_str("the server name contains @; enter only the server name, the user name has its own field")
            }
            PolicyError::PortInHost => f.write_str("the server name contains a port; enter the port in its own field"),
            PolicyError::Path => f.write_str("the server name contains /, \\, ? or #; enter only the name"),
            PolicyError::PercentEncoding => {
                f.write_str("the server name contains %; percent-encoding and ipv6 zone ids are not accepted")
            }
            PolicyError::Character(c) => write!(f, "the server name contains '{c}', which host names never contain"),
            PolicyError::TrailingDot => f.write_str("the server name ends with a dot; remove it"),
            PolicyError::BadLabel => {
                f.write_str("the server name has an empty part or a part that starts or ends with a hyphen")
            }
            PolicyError::NameTooLong => write!(f, "the server name is longer than {NAME_MAX} characters"),
            PolicyError::LabelTooLong => write!(f, "a part of the server name is longer than {LABEL_MAX} characters"),
            PolicyError::NonCanonicalIpv4 => f.write_str(
                "the server name looks like an ip address in an unusual notation; write ipv4 addresses as four \
                 decimal numbers without leading zeros",
            ),
            PolicyError::NonCanonicalIpv6(ip) => write!(f, "the ipv6 address is not in its usual form; write it as {ip}"),
            PolicyError::Localhost => write!(f, "localhost is this machine itself; {PUBLIC_ONLY}"),
            PolicyError::SingleLabel => f.write_str("the server name has no dot; enter the full name, such as smtp.example.com"),
            PolicyError::ReservedName(suffix) => {
                write!(f, "names ending in .{suffix} are not public internet names; {PUBLIC_ONLY}")
            }
            PolicyError::BlockedAddress(ip, range) => write!(f, "{ip} is {}; {PUBLIC_ONLY}", range.description()),
            PolicyError::EmbeddedIpv4 { ip, embedding, ipv4, range: Some(range) } => {
                write!(f, "{ip} is {} for {ipv4}, {}; {PUBLIC_ONLY}", embedding.description(), range.description())
            }
            PolicyError::EmbeddedIpv4 { ip, embedding, ipv4, range: None } => {
                write!(f, "{ip} is {} for {ipv4}; enter the ipv4 address {ipv4} itself", embedding.description())
            }
            PolicyError::Port25 => write!(f, "port 25 is blocked; {USE_SUBMISSION}"),
            PolicyError::Port(port) => write!(f, "port {port} is not a mail submission port; {USE_SUBMISSION}"),
        }
    }
}

impl std::error::Error for PolicyError {}

/// The checks that need no parsing: characters that make the text something other than a host.
fn syntax(text: &str) -> Result<(), PolicyError> {
    if text.is_empty() {
        return Err(PolicyError::Empty);
    }
    if !text.is_ascii() {
        return Err(PolicyError::NotAscii);
    }
    if text
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return Err(PolicyError::Whitespace);
    }
    if text.contains("://") {
        return Err(PolicyError::Scheme);
    }
    if text.contains('@') {
        return Err(PolicyError::Userinfo);
    }
    if text.contains('%') {
        return Err(PolicyError::PercentEncoding);
    }
    if text.contains(['/', '\\', '?', '#']) {
        return Err(PolicyError::Path);
    }
    Ok(())
}

/// True for a label that `inet_aton` or a URL parser would read as a number: decimal digits,
/// or `0x` followed by hex digits (octal is a subset of decimal digits).
fn is_numeric_label(label: &str) -> bool {
    let hex = label
        .strip_prefix("0x")
        .is_some_and(|digits| digits.bytes().all(|b| b.is_ascii_hexdigit()));
    hex || (!label.is_empty() && label.bytes().all(|b| b.is_ascii_digit()))
}

/// The loopback forms `allow_loopback` lets through: `127.0.0.1` and `::1`, nothing else.
fn is_dev_loopback(ip: IpAddr) -> bool {
    ip == IpAddr::V4(Ipv4Addr::LOCALHOST) || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
}

/// The special range an IPv4 address is in, if any.
fn v4_range(ip: Ipv4Addr) -> Option<SpecialRange> {
    let bits = u32::from(ip);
    V4_BLOCKS
        .iter()
        .find(|&&(network, len, _)| prefix_matches(bits.into(), network.into(), len, 32))
        .map(|&(.., range)| range)
}

/// Refuses special ranges, IPv6 forms that embed IPv4, and everything outside `2000::/3`.
fn check_v6(ip: Ipv6Addr) -> Result<(), PolicyError> {
    let bits = u128::from(ip);
    let blocked = |range| Err(PolicyError::BlockedAddress(IpAddr::V6(ip), range));
    let special = V6_BLOCKS
        .iter()
        .find(|&&(network, len, _)| prefix_matches(bits, network, len, 128));
    if let Some(&(.., range)) = special {
        return blocked(range);
    }
    // The low 32 bits for the /96 forms; 6to4 puts the address right after the 2002 prefix.
    let embedded = match bits {
        _ if prefix_matches(bits, 0xffff << 32, 96, 128) => Some((Embedding::Mapped, bits)),
        _ if prefix_matches(bits, 0, 96, 128) => Some((Embedding::Compatible, bits)),
        _ if prefix_matches(bits, 0x0064_ff9b << 96, 96, 128) => Some((Embedding::Nat64, bits)),
        _ if prefix_matches(bits, 0x2002 << 112, 16, 128) => {
            Some((Embedding::SixToFour, bits >> 80))
        }
        _ => None,
    };
    if let Some((embedding, v4)) = embedded {
        let ipv4 = Ipv4Addr::from(v4 as u32);
        return Err(PolicyError::EmbeddedIpv4 {
            ip,
            embedding,
            ipv4,
            range: v4_range(ipv4),
        });
    }
    if prefix_matches(bits, 0x2000 << 112, 3, 128) {
        Ok(())
    } else {
        blocked(SpecialRange::Reserved)
    }
}

/// True when the top `len` of `width` bits of `address` and `network` agree.
fn prefix_matches(address: u128, network: u128, len: u32, width: u32) -> bool {
    address >> (width - len) == network >> (width - len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_block_lies_on_its_prefix_boundary() {
        for (network, len, range) in V4_BLOCKS {
            assert_eq!(network.checked_shl(len).unwrap_or(0), 0, "{range:?}");
        }
        for (network, len, range) in V6_BLOCKS {
            assert_eq!(network.checked_shl(len).unwrap_or(0), 0, "{range:?}");
        }
    }

    #[test]
    fn numeric_labels_are_what_inet_aton_reads_as_numbers() {
        let numeric = ["0", "127", "0177", "0x7f", "0x", "0xffffffff"];
        assert!(numeric.iter().all(|label| is_numeric_label(label)));
        let names = ["", "com", "1e3", "x7f", "0x7g", "-1"];
        assert!(!names.iter().any(|label| is_numeric_label(label)));
    }
}
