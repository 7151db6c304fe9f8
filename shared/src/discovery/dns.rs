//! DNS messages in wire format (RFC 1035), as DNS-over-HTTPS carries them (RFC 8484): the
//! query for one name and type, and the answer read into MX, SRV or address records with
//! the time they may be cached. The `simple-dns` crate does the encoding and decoding.

use core::fmt;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use simple_dns::rdata::RData;
use simple_dns::{CLASS, Name, Packet, PacketFlag, Question, RCODE, TYPE};

use super::{MxRecord, SrvRecord};

/// The largest answer read; a DNS message over HTTPS is at most 65 535 bytes (RFC 8484 §6),
/// and MX, SRV and address answers for one name fit in far less.
pub const MAX_ANSWER_BYTES: usize = 16 * 1024;
/// How long a negative answer is kept when it carries no SOA (RFC 2308 §5).
const NEGATIVE_TTL_S: u32 = 300;

/// The record types detection asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordType {
    Mx,
    Srv,
    A,
    Aaaa,
}

/// The records of an answer, of the type asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Records {
    Mx(Vec<MxRecord>),
    Srv(Vec<SrvRecord>),
    Addresses(Vec<IpAddr>),
}

/// A read answer: what was found (empty when the name has none, or does not exist) and for
/// how long it may be cached, in seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// True for NXDOMAIN: the name does not exist at all.
    pub no_such_name: bool,
    pub records: Records,
    pub ttl_s: u32,
}

/// Why a query could not be built or an answer not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DnsError {
    /// The name is not a valid DNS name.
    BadName,
    /// The answer is larger than `MAX_ANSWER_BYTES`.
    TooLarge(usize),
    /// The bytes are not a DNS message.
    Malformed,
    /// A DNS message that is a query, or that answers another question.
    NotTheAnswer,
    /// The answer was cut short (TC set); DNS-over-HTTPS answers are never truncated.
    Truncated,
    /// The resolver answered with an error code other than NXDOMAIN (SERVFAIL, REFUSED, …).
    Refused(u16),
}

impl RecordType {
    fn wire(self) -> TYPE {
        match self {
            Self::Mx => TYPE::MX,
            Self::Srv => TYPE::SRV,
            Self::A => TYPE::A,
            Self::Aaaa => TYPE::AAAA,
        }
    }

    fn empty(self) -> Records {
        match self {
            Self::Mx => Records::Mx(Vec::new()),
            Self::Srv => Records::Srv(Vec::new()),
            Self::A | Self::Aaaa => Records::Addresses(Vec::new()),
        }
    }
}

impl Records {
    fn push(&mut self, rdata: &RData<'_>) {
        match (self, rdata) {
            (Self::Mx(all), RData::MX(mx)) => all.push(MxRecord {
                preference: mx.preference,
                exchange: host_text(&mx.exchange),
            }),
            (Self::Srv(all), RData::SRV(srv)) => all.push(SrvRecord {
                priority: srv.priority,
                weight: srv.weight,
                port: srv.port,
                target: host_text(&srv.target),
            }),
            (Self::Addresses(all), RData::A(a)) => all.push(IpAddr::V4(Ipv4Addr::from(a.address))),
            (Self::Addresses(all), RData::AAAA(aaaa)) => {
                all.push(IpAddr::V6(Ipv6Addr::from(aaaa.address)));
            }
            // CNAMEs the resolver followed, and anything else: the records that count are
            // the ones of the type asked for, whatever name they hang on.
            _ => {}
        }
    }
}

/// The query for `name` and `record_type`, with id 0 as RFC 8484 §4.1 asks (so HTTP caches can
/// share answers) and recursion desired.
pub fn query(name: &str, record_type: RecordType) -> Result<Vec<u8>, DnsError> {
    let name = name.trim_end_matches('.');
    // `simple-dns` skips empty labels (`a..b`) instead of refusing them; refuse them here.
    if name.is_empty() || name.split('.').any(str::is_empty) {
        return Err(DnsError::BadName);
    }
    let name = Name::new(name).map_err(|_| DnsError::BadName)?;
    let mut packet = Packet::new_query(0);
    packet.set_flags(PacketFlag::RECURSION_DESIRED);
    packet.questions.push(Question::new(
        name,
        record_type.wire().into(),
        CLASS::IN.into(),
        false,
    ));
    packet.build_bytes_vec().map_err(|_| DnsError::BadName)
}

/// Reads the answer to the query for `name` and `record_type`.
pub fn parse_answer(bytes: &[u8], name: &str, record_type: RecordType) -> Result<Answer, DnsError> {
    if bytes.len() > MAX_ANSWER_BYTES {
        return Err(DnsError::TooLarge(bytes.len()));
    }
    let packet = Packet::parse(bytes).map_err(|_| DnsError::Malformed)?;
    let asked = name.trim_end_matches('.');
    let answers_us = packet.has_flags(PacketFlag::RESPONSE)
        && packet.questions.len() == 1
        && packet.questions.iter().all(|question| {
            host_text(&question.qname).eq_ignore_ascii_case(asked)
                && question.qtype == record_type.wire().into()
        });
    if !answers_us {
        return Err(DnsError::NotTheAnswer);
    }
    if packet.has_flags(PacketFlag::TRUNCATION) {
        return Err(DnsError::Truncated);
    }
    let no_such_name = match packet.rcode() {
        RCODE::NoError => false,
        RCODE::NameError => true,
        other => return Err(DnsError::Refused(other as u16)),
    };
    let mut records = record_type.empty();
    let mut ttl_s: Option<u32> = None;
    for record in packet
        .answers
        .iter()
        .filter(|r| r.match_qtype(record_type.wire().into()))
    {
        records.push(&record.rdata);
        ttl_s = Some(ttl_s.map_or(record.ttl, |ttl| ttl.min(record.ttl)));
    }
    // A negative answer is cached for the SOA's TTL, capped by its MINIMUM (RFC 2308 §5).
    let negative_ttl = || {
        packet
            .name_servers
            .iter()
            .find_map(|record| match &record.rdata {
                RData::SOA(soa) => Some(record.ttl.min(soa.minimum)),
                _ => None,
            })
    };
    Ok(Answer {
        no_such_name,
        records,
        ttl_s: ttl_s.or_else(negative_ttl).unwrap_or(NEGATIVE_TTL_S),
    })
}

/// A name as lower-case text without the trailing dot; the root (`.`) is empty.
fn host_text(name: &Name<'_>) -> String {
    name.to_string().trim_end_matches('.').to_ascii_lowercase()
}

impl fmt::Display for DnsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadName => write!(f, "the name is not a valid dns name"),
            Self::TooLarge(len) => write!(
                f,
                "the dns answer is {len} bytes, more than the {MAX_ANSWER_BYTES} read"
            ),
            Self::Malformed => write!(f, "the dns answer is not a dns message"),
            Self::NotTheAnswer => write!(f, "the dns answer is for another question"),
            Self::Truncated => write!(f, "the dns answer was truncated"),
            Self::Refused(code) => write!(f, "the resolver answered with error code {code}"),
        }
    }
}

impl std::error::Error for DnsError {}
