//! The destination policy against address tricks, reserved names, loopback in dev mode and ports.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use proptest::prelude::*;
use sendready_shared::policy::{
    Destination, DestinationHost, DestinationPolicy, PolicyError, SpecialRange,
};

const STRICT: DestinationPolicy = DestinationPolicy {
    allow_loopback: false,
    allow_port_25: false,
    allow_private_networks: false,
};
const DEV: DestinationPolicy = DestinationPolicy {
    allow_loopback: true,
    allow_port_25: false,
    allow_private_networks: false,
};
const RELAY: DestinationPolicy = DestinationPolicy {
    allow_loopback: false,
    allow_port_25: true,
    allow_private_networks: false,
};

/// Hosts refused in strict mode on an allowed port, with the code each is refused with.
const TRICKS: &[(&str, &str)] = &[
    // IPv4 special ranges.
    ("127.0.0.1", "blocked_address"),
    ("127.0.0.2", "blocked_address"),
    ("127.255.255.254", "blocked_address"),
    ("10.0.0.1", "blocked_address"),
    ("10.255.255.255", "blocked_address"),
    ("172.16.0.1", "blocked_address"),
    ("172.31.255.255", "blocked_address"),
    ("192.168.1.1", "blocked_address"),
    ("169.254.169.254", "blocked_address"),
    ("100.64.0.1", "blocked_address"),
    ("100.127.255.255", "blocked_address"),
    ("0.0.0.0", "blocked_address"),
    ("0.1.2.3", "blocked_address"),
    ("255.255.255.255", "blocked_address"),
    ("224.0.0.1", "blocked_address"),
    ("239.255.255.250", "blocked_address"),
    ("240.0.0.1", "blocked_address"),
    ("198.18.0.1", "blocked_address"),
    ("198.19.255.255", "blocked_address"),
    ("192.0.2.1", "blocked_address"),
    ("198.51.100.7", "blocked_address"),
    ("203.0.113.9", "blocked_address"),
    ("192.0.0.8", "blocked_address"),
    ("192.88.99.1", "blocked_address"),
    // IPv4 in notations that inet_aton, URL parsers or old Rust read differently.
    ("127.1", "non_canonical_ip"),
    ("127.0.1", "non_canonical_ip"),
    ("2130706433", "non_canonical_ip"),
    ("017700000001", "non_canonical_ip"),
    ("0x7f000001", "non_canonical_ip"),
    ("0X7F000001", "non_canonical_ip"),
    ("0x7f.0.0.1", "non_canonical_ip"),
    ("0177.0.0.1", "non_canonical_ip"),
    ("127.000.000.001", "non_canonical_ip"),
    ("127.0.0.01", "non_canonical_ip"),
    ("012.0.0.1", "non_canonical_ip"),
    ("10.0.0.0x1", "non_canonical_ip"),
    ("1.2.3.4.5", "non_canonical_ip"),
    ("mail.example.123", "non_canonical_ip"),
    ("127.0.0.1.", "trailing_dot"),
    // IPv6 special ranges, with and without brackets.
    ("::1", "blocked_address"),
    ("[::1]", "blocked_address"),
    ("::", "blocked_address"),
    ("[::]", "blocked_address"),
    ("0:0:0:0:0:0:0:1", "blocked_address"),
    ("fe80::1", "blocked_address"),
    ("[FE80::1]", "blocked_address"),
    ("febf::1", "blocked_address"),
    ("fc00::1", "blocked_address"),
    ("fd12:3456:789a::1", "blocked_address"),
    ("fec0::1", "blocked_address"),
    ("ff02::1", "blocked_address"),
    ("100::1", "blocked_address"),
    ("2001::1", "blocked_address"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "blocked_address"),
    ("2001:10::1", "blocked_address"),
    ("2001:db8::1", "blocked_address"),
    ("3fff::1", "blocked_address"),
    ("64:ff9b:1::a00:1", "blocked_address"),
    ("4000::1", "blocked_address"),
    // IPv6 forms that carry an IPv4 address, public or not.
    ("::ffff:127.0.0.1", "embedded_ipv4_address"),
    ("::ffff:7f00:1", "embedded_ipv4_address"),
    ("[::ffff:10.0.0.1]", "embedded_ipv4_address"),
    ("::ffff:8.8.8.8", "embedded_ipv4_address"),
    ("::127.0.0.1", "embedded_ipv4_address"),
    ("::7f00:1", "embedded_ipv4_address"),
    ("64:ff9b::7f00:1", "embedded_ipv4_address"),
    ("64:ff9b::808:808", "embedded_ipv4_address"),
    ("2002:7f00:1::", "embedded_ipv4_address"),
    ("2002:c0a8:101::1", "embedded_ipv4_address"),
    // Zone ids and percent-encoding.
    ("fe80::1%eth0", "percent_in_host"),
    ("[fe80::1%25eth0]", "percent_in_host"),
    ("smtp%2egmail.com", "percent_in_host"),
    // Names that stay inside a network.
    ("localhost", "localhost"),
    ("LOCALHOST", "localhost"),
    ("LOCALHOST.", "trailing_dot"),
    ("foo.localhost", "localhost"),
    ("localhost.localdomain", "reserved_name"),
    ("printer.local", "reserved_name"),
    ("metadata.google.internal", "reserved_name"),
    ("router.lan", "reserved_name"),
    ("router.home.arpa", "reserved_name"),
    ("1.0.0.127.in-addr.arpa", "reserved_name"),
    ("smtp.test", "reserved_name"),
    ("smtp.example", "reserved_name"),
    ("smtp.invalid", "reserved_name"),
    ("mail.corp", "reserved_name"),
    ("abcdefghijklmnop.onion", "reserved_name"),
    ("intranet", "single_label_host"),
    ("mail", "single_label_host"),
    // Not a host at all.
    ("", "empty_host"),
    (" smtp.gmail.com", "whitespace_in_host"),
    ("smtp.gmail.com ", "whitespace_in_host"),
    ("smtp.gmail.com\r\nQUIT", "whitespace_in_host"),
    ("smtp\0.gmail.com", "whitespace_in_host"),
    ("\tsmtp.gmail.com", "whitespace_in_host"),
    ("smtp://smtp.gmail.com", "scheme_in_host"),
    ("user@smtp.gmail.com", "userinfo_in_host"),
    ("user:pass@10.0.0.1", "userinfo_in_host"),
    ("smtp.gmail.com:587", "port_in_host"),
    ("[::1]:587", "port_in_host"),
    ("smtp.gmail.com/path", "path_in_host"),
    ("smtp.gmail.com\\x", "path_in_host"),
    ("smtp.gmail.com?x=1", "path_in_host"),
    ("smtp.gmail.com#x", "path_in_host"),
    ("smtp_1.gmail.com", "invalid_host_character"),
    ("[127.0.0.1]", "invalid_host_character"),
    ("[smtp.gmail.com]", "invalid_host_character"),
    ("smtp.gmail.com.", "trailing_dot"),
    ("smtp.gmail..com", "bad_host_label"),
    (".smtp.gmail.com", "bad_host_label"),
    ("-smtp.gmail.com", "bad_host_label"),
    ("smtp-.gmail.com", "bad_host_label"),
    ("smtp.gm\u{0430}il.com", "non_ascii_host"),
    ("b\u{fc}cher.de", "non_ascii_host"),
    ("smtp\u{ff0e}gmail.com", "non_ascii_host"),
];

fn code(policy: DestinationPolicy, host: &str, port: u16) -> Result<String, &'static str> {
    policy
        .check_destination(host, port)
        .map(|destination| destination.host.to_string())
        .map_err(|error| error.code())
}

#[test]
fn strict_mode_refuses_every_trick() {
    assert!(TRICKS.len() >= 100, "{} tricks", TRICKS.len());
    for &(host, expected) in TRICKS {
        for port in [465, 587, 2525] {
            assert_eq!(
                code(STRICT, host, port),
                Err(expected),
                "{host:?} on {port}"
            );
        }
    }
}

#[test]
fn dev_mode_refuses_the_same_tricks_except_the_three_loopback_forms() {
    // `0:0:0:0:0:0:0:1` is loopback spelled unusually: refused in dev mode for its spelling.
    let differ_in_dev = [
        "127.0.0.1",
        "::1",
        "[::1]",
        "localhost",
        "LOCALHOST",
        "0:0:0:0:0:0:0:1",
    ];
    for &(host, expected) in TRICKS
        .iter()
        .filter(|(host, _)| !differ_in_dev.contains(host))
    {
        assert_eq!(code(DEV, host, 587), Err(expected), "{host:?}");
    }
    assert_eq!(code(DEV, "127.0.0.1", 587), Ok("127.0.0.1".to_owned()));
    assert_eq!(code(DEV, "::1", 465), Ok("::1".to_owned()));
    assert_eq!(code(DEV, "[::1]", 2525), Ok("::1".to_owned()));
    assert_eq!(code(DEV, "LOCALHOST", 587), Ok("localhost".to_owned()));
}

#[test]
fn dev_mode_lets_loopback_use_unprivileged_ports_only() {
    for host in ["localhost", "127.0.0.1", "::1"] {
        for port in [2587, 2465, 1024, 65535] {
            assert!(DEV.check_destination(host, port).is_ok(), "{host}:{port}");
        }
        for (port, expected) in [
            (25, "port_25_blocked"),
            (22, "port_not_allowed"),
            (80, "port_not_allowed"),
            (1023, "port_not_allowed"),
        ] {
            assert_eq!(code(DEV, host, port), Err(expected), "{host}:{port}");
        }
    }
    assert_eq!(code(DEV, "smtp.gmail.com", 2587), Err("port_not_allowed"));
    assert_eq!(code(DEV, "8.8.8.8", 2465), Err("port_not_allowed"));
}

#[test]
fn public_names_and_addresses_pass_lower_cased() {
    let name = |text: &str| DestinationHost::Name(text.to_owned());
    let ip = |text: &str| DestinationHost::Ip(text.parse().expect("an address"));
    let long_name = format!(
        "{}.{}.{}.{}.com",
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(57)
    );
    assert_eq!(long_name.len(), 253);
    let cases = [
        ("smtp.gmail.com", name("smtp.gmail.com")),
        ("SMTP.Office365.com", name("smtp.office365.com")),
        ("smtp.mail.yahoo.com", name("smtp.mail.yahoo.com")),
        ("smtp.163.com", name("smtp.163.com")),
        ("mail-1.example.co.uk", name("mail-1.example.co.uk")),
        ("xn--bcher-kva.de", name("xn--bcher-kva.de")),
        ("127.0.0.1.nip.io", name("127.0.0.1.nip.io")),
        (long_name.as_str(), name(&long_name)),
        ("8.8.8.8", ip("8.8.8.8")),
        ("203.0.114.7", ip("203.0.114.7")),
        ("198.20.0.1", ip("198.20.0.1")),
        ("100.128.0.1", ip("100.128.0.1")),
        ("172.15.255.255", ip("172.15.255.255")),
        ("172.32.0.1", ip("172.32.0.1")),
        ("192.169.0.1", ip("192.169.0.1")),
        ("223.255.255.255", ip("223.255.255.255")),
        ("2a00:1450:4001:80b::200e", ip("2a00:1450:4001:80b::200e")),
        ("[2606:4700::1111]", ip("2606:4700::1111")),
        ("2001:200::1", ip("2001:200::1")),
        ("3fff:1000::1", ip("3fff:1000::1")),
    ];
    for (host, expected) in cases {
        for policy in [STRICT, DEV, RELAY] {
            assert_eq!(
                policy.check_destination(host, 587),
                Ok(Destination {
                    host: expected.clone(),
                    port: 587
                }),
                "{host}"
            );
        }
    }
}

#[test]
fn names_and_labels_have_dns_length_limits() {
    let label_64 = format!("{}.com", "a".repeat(64));
    let name_254 = format!(
        "{}.{}.{}.{}.com",
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(58)
    );
    assert_eq!(code(STRICT, &label_64, 587), Err("host_label_too_long"));
    assert_eq!(code(STRICT, &name_254, 587), Err("host_too_long"));
}

#[test]
fn ipv6_must_be_written_in_its_usual_form() {
    let refused = STRICT.check_destination("2a00:1450:4001:080b:0:0:0:200e", 465);
    let usual: Ipv6Addr = "2a00:1450:4001:80b::200e".parse().expect("an address");
    assert_eq!(refused, Err(PolicyError::NonCanonicalIpv6(usual)));
    assert_eq!(code(DEV, "0:0:0:0:0:0:0:1", 587), Err("non_canonical_ip"));
    assert_eq!(
        code(STRICT, "2A00:1450:4001:80B::200E", 465),
        Ok("2a00:1450:4001:80b::200e".to_owned())
    );
}

#[test]
fn only_submission_ports_are_open_and_25_only_for_the_relay() {
    for port in [465, 587, 2525] {
        assert!(
            STRICT.check_destination("smtp.gmail.com", port).is_ok(),
            "{port}"
        );
    }
    assert_eq!(code(STRICT, "smtp.gmail.com", 25), Err("port_25_blocked"));
    assert_eq!(
        code(RELAY, "smtp.gmail.com", 25),
        Ok("smtp.gmail.com".to_owned())
    );
    for port in [
        0, 1, 22, 24, 26, 80, 110, 143, 443, 993, 995, 2465, 2587, 3306, 6379, 8080, 65535,
    ] {
        for policy in [STRICT, RELAY] {
            assert_eq!(
                policy.check_destination("smtp.gmail.com", port),
                Err(PolicyError::Port(port)),
                "{port}"
            );
        }
    }
}

#[test]
fn resolved_addresses_are_checked_like_literals() {
    let ip = |text: &str| -> IpAddr { text.parse().expect("an address") };
    for text in ["8.8.8.8", "2a00:1450:4001:80b::200e"] {
        assert_eq!(STRICT.check_resolved(ip(text)), Ok(()), "{text}");
    }
    for text in [
        "127.0.0.1",
        "10.1.2.3",
        "169.254.169.254",
        "::1",
        "fd00::1",
        "::ffff:8.8.8.8",
        "64:ff9b::a00:1",
    ] {
        assert!(STRICT.check_resolved(ip(text)).is_err(), "{text}");
    }
    assert_eq!(DEV.check_resolved(ip("127.0.0.1")), Ok(()));
    assert_eq!(DEV.check_resolved(ip("::1")), Ok(()));
    assert_eq!(
        DEV.check_resolved(ip("127.0.0.53")),
        Err(PolicyError::BlockedAddress(
            ip("127.0.0.53"),
            SpecialRange::Loopback
        ))
    );
    assert!(DEV.check_resolved(ip("192.168.0.10")).is_err());
}

#[test]
fn messages_say_what_is_wrong_in_plain_words() {
    let message = |host: &str, port: u16| {
        STRICT
            .check_destination(host, port)
            .map_err(|error| error.to_string())
            .err()
    };
    assert_eq!(
        message("smtp.gmail.com", 25).as_deref(),
        Some("port 25 is blocked; use 587 (STARTTLS) or 465 (implicit TLS)")
    );
    assert_eq!(
        message("127.0.0.1", 587).as_deref(),
        Some("127.0.0.1 is a loopback address; sendready only connects to public mail servers")
    );
    assert_eq!(
        message("::ffff:7f00:1", 587).as_deref(),
        Some(
            "::ffff:127.0.0.1 is an ipv4-mapped ipv6 address for 127.0.0.1, a loopback address; sendready only connects to public mail servers"
        )
    );
    assert_eq!(
        message("::ffff:8.8.8.8", 587).as_deref(),
        Some(
            "::ffff:8.8.8.8 is an ipv4-mapped ipv6 address for 8.8.8.8; enter the ipv4 address 8.8.8.8 itself"
        )
    );
    assert_eq!(
        message("printer.local", 587).as_deref(),
        Some(
            "names ending in .local are not public internet names; sendready only connects to public mail servers"
        )
    );
    for &(host, _) in TRICKS {
        let text = message(host, 587).unwrap_or_default();
        assert!(
            !text.is_empty() && !text.ends_with('.') && !text.starts_with(char::is_uppercase),
            "{host:?}: {text}"
        );
        assert!(!text.contains(['\r', '\n', '\0', '\t']), "{host:?}: {text}");
    }
}

/// Whatever std calls special must be refused; the policy's table is a superset.
fn std_says_special(ip: Ipv4Addr) -> bool {
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || ip.is_unspecified()
}

proptest! {
    #[test]
    fn any_text_gets_an_answer_and_accepted_names_are_plain(host in "\\PC{0,80}", port in any::<u16>()) {
        if let Ok(destination) = STRICT.check_destination(&host, port) {
            let text = destination.host.to_string();
            prop_assert!(text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b".-:".contains(&b)));
        }
    }

    #[test]
    fn ipv4_literals_agree_with_resolved_checks(bits in any::<u32>()) {
        let ip = Ipv4Addr::from(bits);
        let literal = STRICT.check_destination(&ip.to_string(), 587).map(|_| ());
        prop_assert_eq!(&literal, &STRICT.check_resolved(IpAddr::V4(ip)));
        if std_says_special(ip) {
            prop_assert!(literal.is_err());
        }
    }

    #[test]
    fn ipv6_literals_agree_with_resolved_checks(bits in any::<u128>()) {
        let ip = Ipv6Addr::from(bits);
        let literal = STRICT.check_destination(&ip.to_string(), 587).map(|_| ());
        prop_assert_eq!(&literal, &STRICT.check_resolved(IpAddr::V6(ip)));
        if ip.is_loopback() || ip.is_unspecified() || ip.is_multicast() || ip.to_ipv4_mapped().is_some() {
            prop_assert!(literal.is_err());
        }
    }
}

#[test]
fn private_networks_pass_only_where_the_operator_allowed_them() {
    let operator = DestinationPolicy {
        allow_private_networks: true,
        ..RELAY
    };
    for host in [
        "10.1.2.3",
        "192.168.0.10",
        "fd00::25",
        "exchange01",
        "mail.corp",
    ] {
        assert!(RELAY.check_destination(host, 25).is_err(), "{host}");
        assert!(operator.check_destination(host, 25).is_ok(), "{host}");
    }
    for host in [
        "127.0.0.2",
        "169.254.169.254",
        "localhost",
        "mail.example.com:25",
    ] {
        assert!(operator.check_destination(host, 25).is_err(), "{host}");
    }
}
