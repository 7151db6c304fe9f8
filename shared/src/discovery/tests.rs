//! The combiner's precedence and confidence, the address rules and the autoconfig locations.

use super::*;

fn mx(records: &[(u16, &str)]) -> Evidence {
    let records: Vec<MxRecord> = records
        .iter()
        .map(|(preference, exchange)| MxRecord {
            preference: *preference,
            exchange: (*exchange).to_owned(),
        })
        .collect();
    Evidence::from_mx(&records)
}

fn srv(source: Lookup, records: &[(u16, u16, u16, &str)]) -> Evidence {
    let records: Vec<SrvRecord> = records
        .iter()
        .map(|(priority, weight, port, target)| SrvRecord {
            priority: *priority,
            weight: *weight,
            port: *port,
            target: (*target).to_owned(),
        })
        .collect();
    Evidence::from_srv(source, &records)
}

fn server(host: &str, port: u16, security: Security) -> Server {
    Server {
        host: host.to_owned(),
        port,
        security,
    }
}

#[test]
fn each_source_alone() {
    // (evidence, provider, confidence, server, summary)
    let cases = [
        (
            vec![mx(&[(0, "contoso-com.mail.protection.outlook.com")])],
            ProviderId::Microsoft365,
            Confidence::High,
            Some(server("smtp.office365.com", 587, Security::Starttls)),
            Some("MX: contoso-com.mail.protection.outlook.com"),
        ),
        (
            vec![mx(&[(10, "mx2.zoho.eu"), (5, "mx.zoho.eu")])],
            ProviderId::Zoho,
            Confidence::High,
            Some(server("smtppro.zoho.eu", 465, Security::ImplicitTls)),
            Some("MX: mx.zoho.eu"),
        ),
        (
            vec![srv(
                Lookup::SrvSubmissions,
                &[
                    (10, 0, 465, "mail.example.net"),
                    (0, 0, 465, "smtp.example.net"),
                ],
            )],
            ProviderId::Other,
            Confidence::Low,
            Some(server("smtp.example.net", 465, Security::ImplicitTls)),
            Some("SRV _submissions._tcp: smtp.example.net:465"),
        ),
        (
            vec![Evidence::from_autoconfig(server(
                "smtp.fastmail.com",
                465,
                Security::ImplicitTls,
            ))],
            ProviderId::Fastmail,
            Confidence::High,
            Some(server("smtp.fastmail.com", 465, Security::ImplicitTls)),
            Some("autoconfig: smtp.fastmail.com:465"),
        ),
        (
            vec![mx(&[(10, "mail.example.org")])],
            ProviderId::Other,
            Confidence::None,
            None,
            None,
        ),
    ];
    for (evidence, provider, confidence, expected_server, summary) in cases {
        let detection = combine("example.org", evidence);
        assert_eq!(detection.provider, provider, "{detection:?}");
        assert_eq!(detection.confidence, confidence, "{detection:?}");
        assert_eq!(detection.server, expected_server, "{detection:?}");
        assert_eq!(detection.summary.as_deref(), summary, "{detection:?}");
    }
}

#[test]
fn the_domains_own_submission_settings_win_over_mx() {
    let detection = combine(
        "example.org",
        vec![
            mx(&[(1, "aspmx.l.google.com")]),
            srv(Lookup::SrvSubmission, &[(0, 0, 587, "mail.example.org")]),
            Evidence::from_autoconfig(server("smtp.fastmail.com", 465, Security::ImplicitTls)),
        ],
    );
    assert_eq!(detection.provider, ProviderId::Fastmail);
    assert_eq!(detection.basis, Some(Lookup::Autoconfig));
    assert_eq!(detection.confidence, Confidence::Medium, "MX disagrees");
    let without_autoconfig = combine(
        "example.org",
        vec![
            mx(&[(1, "aspmx.l.google.com")]),
            srv(Lookup::SrvSubmission, &[(0, 0, 587, "mail.example.org")]),
        ],
    );
    assert_eq!(without_autoconfig.provider, ProviderId::Other);
    assert_eq!(without_autoconfig.basis, Some(Lookup::SrvSubmission));
    assert_eq!(without_autoconfig.confidence, Confidence::Medium);
    assert_eq!(
        without_autoconfig.server,
        Some(server("mail.example.org", 587, Security::Starttls))
    );
}

#[test]
fn sources_that_agree_keep_high_confidence() {
    let detection = combine(
        "example.org",
        vec![
            mx(&[(0, "contoso-com.mail.protection.outlook.com")]),
            srv(Lookup::SrvSubmission, &[(0, 0, 587, "smtp.office365.com")]),
        ],
    );
    assert_eq!(detection.provider, ProviderId::Microsoft365);
    assert_eq!(detection.confidence, Confidence::High);
    assert_eq!(detection.basis, Some(Lookup::SrvSubmission));
}

#[test]
fn a_dot_target_or_null_mx_means_not_offered() {
    assert_eq!(
        srv(Lookup::SrvSubmission, &[(0, 0, 0, "")]).finding,
        Finding::NotOffered
    );
    assert_eq!(mx(&[(0, "")]).finding, Finding::NotOffered);
    assert_eq!(mx(&[]).finding, Finding::NotFound);
    let nothing = combine(
        "example.org",
        vec![
            srv(Lookup::SrvSubmissions, &[(0, 0, 0, "")]),
            Evidence::failed(Lookup::Autoconfig, "timed out"),
        ],
    );
    assert_eq!(nothing.provider, ProviderId::Other);
    assert_eq!(nothing.confidence, Confidence::None);
    assert_eq!(nothing.evidence.len(), 2, "failures stay in the evidence");
}

#[test]
fn addresses_are_parsed_and_their_domains_checked() {
    let policy = DestinationPolicy::default();
    assert_eq!(
        domain_of(" Anna@Firma.DE ", &policy),
        Ok("firma.de".to_owned())
    );
    assert_eq!(domain_of("", &policy), Err(AddressError::Missing));
    assert_eq!(domain_of("anna", &policy), Err(AddressError::Invalid));
    assert_eq!(domain_of("anna@", &policy), Err(AddressError::Invalid));
    assert!(matches!(
        domain_of("anna@firma.test", &policy),
        Err(AddressError::Domain(PolicyError::ReservedName("test")))
    ));
    assert!(matches!(
        domain_of("anna@localhost", &policy),
        Err(AddressError::Domain(_))
    ));
    let message = domain_of("anna@firma.local", &policy)
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert!(message.starts_with("the address's domain"), "{message}");
}

#[test]
fn autoconfig_is_looked_for_where_thunderbird_looks() {
    let [first, second] = autoconfig_locations("firma.de", "anna+crm@firma.de");
    assert_eq!(first.0, "autoconfig.firma.de");
    assert_eq!(
        first.1,
        "/mail/config-v1.1.xml?emailaddress=anna%2Bcrm%40firma.de"
    );
    assert_eq!(second.0, "firma.de");
    assert_eq!(second.1, "/.well-known/autoconfig/mail/config-v1.1.xml");
    assert_eq!(
        srv_name(Lookup::SrvSubmissions, "firma.de"),
        "_submissions._tcp.firma.de"
    );
}

#[test]
fn the_answer_serialises_with_the_evidence_of_each_source() {
    let detection = combine(
        "example.org",
        vec![mx(&[(0, "contoso-com.mail.protection.outlook.com")])],
    );
    let json = serde_json::to_value(&detection).unwrap_or_default();
    assert_eq!(json["provider"], "microsoft365");
    assert_eq!(json["confidence"], "high");
    assert_eq!(json["basis"], "mx");
    assert_eq!(json["evidence"][0]["source"], "mx");
    assert_eq!(json["evidence"][0]["status"], "found");
    assert_eq!(json["server"]["security"], "starttls");
    let back: Result<Detection, _> = serde_json::from_value(json.clone());
    assert_eq!(back.ok(), Some(detection.clone()));
    let summary: Result<DetectionSummary, _> = serde_json::from_value(json);
    assert_eq!(
        summary.ok().map(|s| (s.provider, s.server, s.summary)),
        Some((detection.provider, detection.server, detection.summary))
    );
}
