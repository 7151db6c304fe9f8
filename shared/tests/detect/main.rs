//! Provider detection's parsers on recorded data: DNS answers the test resolver gave (Unbound
//! behind dnsdist, `tests/detect/zones.conf`), recorded as hex by POSTing the queries to its
//! DNS-over-HTTPS endpoint, and autoconfig files (`tests/data/autoconfig/` and the files the
//! integration tests serve from `tests/detect/autoconfig/`).

use std::net::IpAddr;
use std::path::PathBuf;

use sendready_shared::discovery::autoconfig::{self, AutoconfigError};
use sendready_shared::discovery::dns::{self, DnsError, RecordType, Records};
use sendready_shared::discovery::{Evidence, Finding, Lookup, MxRecord, Server, SrvRecord};
use sendready_shared::ground::{ProviderId, Security};

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn recorded(name: &str, record_type: &str) -> Vec<u8> {
    let path = data(&format!("tests/data/dns/{name}.{record_type}.hex"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    hex::decode(text.trim()).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn mx(preference: u16, exchange: &str) -> MxRecord {
    MxRecord {
        preference,
        exchange: exchange.to_owned(),
    }
}

#[test]
fn recorded_answers_read_into_records_with_their_ttl() {
    // (name, type, NXDOMAIN, records, TTL)
    let cases: Vec<(&str, RecordType, &str, bool, Records, u32)> = vec![
        (
            "m365.sendready-detect.net",
            RecordType::Mx,
            "MX",
            false,
            Records::Mx(vec![mx(
                0,
                "m365-sendready-detect-net.mail.protection.outlook.com",
            )]),
            300,
        ),
        (
            "_submissions._tcp.srv.sendready-detect.net",
            RecordType::Srv,
            "SRV",
            false,
            Records::Srv(vec![SrvRecord {
                priority: 0,
                weight: 1,
                port: 465,
                target: "mail.srv.sendready-detect.net".to_owned(),
            }]),
            600,
        ),
        (
            "_submission._tcp.srv.sendready-detect.net",
            RecordType::Srv,
            "SRV",
            false,
            Records::Srv(vec![SrvRecord {
                priority: 0,
                weight: 0,
                port: 0,
                target: String::new(),
            }]),
            600,
        ),
        (
            // NXDOMAIN: cached for the SOA's negative TTL (its MINIMUM, 120 s).
            "nx.sendready-detect.net",
            RecordType::Mx,
            "MX",
            true,
            Records::Mx(Vec::new()),
            120,
        ),
        (
            "autoconfig.private.sendready-detect.net",
            RecordType::A,
            "A",
            false,
            Records::Addresses(vec![IpAddr::from([10, 0, 0, 5])]),
            300,
        ),
        (
            // The name exists without AAAA records: NODATA, no addresses.
            "autoconfig.private.sendready-detect.net",
            RecordType::Aaaa,
            "AAAA",
            false,
            Records::Addresses(Vec::new()),
            120,
        ),
        (
            "conflict.sendready-detect.net",
            RecordType::Mx,
            "MX",
            false,
            Records::Mx(vec![mx(1, "aspmx.l.google.com")]),
            300,
        ),
    ];
    for (name, record_type, file_type, no_such_name, records, ttl_s) in cases {
        let answer = dns::parse_answer(&recorded(name, file_type), name, record_type)
            .unwrap_or_else(|error| panic!("{name} {file_type}: {error}"));
        assert_eq!(answer.no_such_name, no_such_name, "{name} {file_type}");
        assert_eq!(answer.records, records, "{name} {file_type}");
        assert_eq!(answer.ttl_s, ttl_s, "{name} {file_type}");
    }
}

#[test]
fn answers_for_another_question_or_garbage_are_refused() {
    let answer = recorded("m365.sendready-detect.net", "MX");
    assert_eq!(
        dns::parse_answer(&answer, "other.sendready-detect.net", RecordType::Mx),
        Err(DnsError::NotTheAnswer)
    );
    assert_eq!(
        dns::parse_answer(&answer, "m365.sendready-detect.net", RecordType::Srv),
        Err(DnsError::NotTheAnswer)
    );
    let query = dns::query("m365.sendready-detect.net", RecordType::Mx).unwrap_or_default();
    assert_eq!(
        dns::parse_answer(&query, "m365.sendready-detect.net", RecordType::Mx),
        Err(DnsError::NotTheAnswer),
        "a query is not an answer"
    );
    assert_eq!(
        dns::parse_answer(&answer[..20], "m365.sendready-detect.net", RecordType::Mx),
        Err(DnsError::Malformed)
    );
    let oversized = vec![0_u8; dns::MAX_ANSWER_BYTES + 1];
    assert_eq!(
        dns::parse_answer(&oversized, "x.example", RecordType::Mx),
        Err(DnsError::TooLarge(dns::MAX_ANSWER_BYTES + 1))
    );
    let mut truncated = answer.clone();
    truncated[2] |= 0x02;
    assert_eq!(
        dns::parse_answer(&truncated, "m365.sendready-detect.net", RecordType::Mx),
        Err(DnsError::Truncated)
    );
    let mut servfail = answer;
    servfail[3] = (servfail[3] & 0xf0) | 2;
    assert_eq!(
        dns::parse_answer(&servfail, "m365.sendready-detect.net", RecordType::Mx),
        Err(DnsError::Refused(2))
    );
}

#[test]
fn queries_are_rfc_8484_wire_format() {
    let query = dns::query("m365.sendready-detect.net.", RecordType::Mx).unwrap_or_default();
    // Id 0, RD set, one question, then the name as labels, type 15 (MX), class 1 (IN).
    assert_eq!(&query[..6], &[0, 0, 0x01, 0x00, 0, 1]);
    assert_eq!(&query[query.len() - 4..], &[0, 15, 0, 1]);
    assert!(query.windows(5).any(|w| w == b"\x04m365"));
    let long_label = format!("{}.example.net", "a".repeat(64));
    for bad in ["bad..name", "", long_label.as_str()] {
        assert_eq!(
            dns::query(bad, RecordType::A),
            Err(DnsError::BadName),
            "{bad}"
        );
    }
}

#[test]
fn recorded_answers_become_evidence() {
    let name = "_submission._tcp.srv.sendready-detect.net";
    let Ok(answer) = dns::parse_answer(&recorded(name, "SRV"), name, RecordType::Srv) else {
        panic!("the recorded SRV answer parses");
    };
    let Records::Srv(records) = answer.records else {
        panic!("SRV records");
    };
    assert_eq!(
        Evidence::from_srv(Lookup::SrvSubmission, &records).finding,
        Finding::NotOffered
    );
    let name = "m365.sendready-detect.net";
    let Ok(answer) = dns::parse_answer(&recorded(name, "MX"), name, RecordType::Mx) else {
        panic!("the recorded MX answer parses");
    };
    let Records::Mx(records) = answer.records else {
        panic!("MX records");
    };
    let Finding::Found { provider, .. } = Evidence::from_mx(&records).finding else {
        panic!("found");
    };
    assert_eq!(provider, Some(ProviderId::Microsoft365));
}

#[test]
fn autoconfig_files_give_their_first_encrypted_smtp_server() {
    let server = |host: &str, port, security| {
        Ok(Server {
            host: host.to_owned(),
            port,
            security,
        })
    };
    let cases: Vec<(&str, Result<Server, AutoconfigError>)> = vec![
        (
            "../tests/detect/autoconfig/autoconfig.autoconfig-only.sendready-detect.net.xml",
            server(
                "smtp.autoconfig-only.sendready-detect.net",
                465,
                Security::ImplicitTls,
            ),
        ),
        (
            "../tests/detect/autoconfig/wellknown.sendready-detect.net.xml",
            server("smtp.example.net", 587, Security::Starttls),
        ),
        (
            "../tests/detect/autoconfig/autoconfig.conflict.sendready-detect.net.xml",
            server("smtp.fastmail.com", 465, Security::ImplicitTls),
        ),
        (
            "tests/data/autoconfig/office365.xml",
            server("smtp.office365.com", 587, Security::Starttls),
        ),
        (
            "tests/data/autoconfig/only-plain.xml",
            Err(AutoconfigError::OnlyPlain),
        ),
        (
            "tests/data/autoconfig/imap-only.xml",
            Err(AutoconfigError::NoSmtpServer),
        ),
        (
            "tests/data/autoconfig/not-client-config.xml",
            Err(AutoconfigError::NotClientConfig),
        ),
        (
            "tests/data/autoconfig/no-port.xml",
            Err(AutoconfigError::Incomplete),
        ),
    ];
    for (file, expected) in cases {
        let xml = std::fs::read_to_string(data(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            autoconfig::outgoing_server(&xml, "example.net"),
            expected,
            "{file}"
        );
    }
}

#[test]
fn malformed_oversized_and_entity_files_are_refused() {
    for file in [
        "../tests/detect/autoconfig/autoconfig.badxml.sendready-detect.net.xml",
        "tests/data/autoconfig/entity.xml",
    ] {
        let xml = std::fs::read_to_string(data(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let outcome = autoconfig::outgoing_server(&xml, "example.net");
        assert!(
            matches!(outcome, Err(AutoconfigError::Malformed(_))),
            "{file}: {outcome:?}"
        );
    }
    let huge = format!(
        "<clientConfig>{}</clientConfig>",
        " ".repeat(autoconfig::MAX_FILE_BYTES)
    );
    assert!(matches!(
        autoconfig::outgoing_server(&huge, "example.net"),
        Err(AutoconfigError::TooLarge(_))
    ));
}
