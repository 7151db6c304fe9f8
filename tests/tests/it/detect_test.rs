//! `GET /api/detect` end to end: the built Worker asks the real test resolver (Unbound behind
//! dnsdist's DNS-over-HTTPS) and fetches autoconfig files from the real HTTPS test server; the
//! test domains are the zones in `tests/detect/zones.conf`.

use sendready_tests::Environment;
use serde_json::Value;

/// `GET /api/detect?email=…` → (status, JSON body, `x-sendready-cache`).
fn detect(email: &str) -> (u16, Value, String) {
    let environment = Environment::from_env();
    let path = format!("/api/detect?email={}", email.replace('@', "%40"));
    let response = environment.request("GET", &path, b"");
    let json = serde_json::from_slice(&response.body).unwrap_or_else(|error| {
        panic!(
            "{path} answered {} with non-JSON ({error}): {}",
            response.status,
            String::from_utf8_lossy(&response.body)
        )
    });
    let cache = response.header("x-sendready-cache").unwrap_or_default();
    (response.status, json, cache.to_owned())
}

/// The evidence of one source.
fn evidence<'a>(answer: &'a Value, source: &str) -> &'a Value {
    answer["evidence"]
        .as_array()
        .and_then(|all| all.iter().find(|item| item["source"] == source))
        .unwrap_or_else(|| panic!("no {source} evidence in {answer:#}"))
}

#[test]
fn mx_alone_names_microsoft_365_and_fills_its_server() {
    let (status, answer, _) = detect("anna@m365.sendready-detect.net");
    assert_eq!(status, 200, "{answer:#}");
    assert_eq!(answer["provider"], "microsoft365", "{answer:#}");
    assert_eq!(answer["confidence"], "high");
    assert_eq!(answer["basis"], "mx");
    assert_eq!(answer["server"]["host"], "smtp.office365.com");
    assert_eq!(answer["server"]["port"], 587);
    assert_eq!(answer["server"]["security"], "starttls");
    assert_eq!(
        answer["summary"],
        "MX: m365-sendready-detect-net.mail.protection.outlook.com"
    );
    assert_eq!(evidence(&answer, "srv_submission")["status"], "not_found");
    assert_eq!(evidence(&answer, "autoconfig")["status"], "not_found");
}

#[test]
fn srv_alone_gives_the_domains_server_and_a_dot_target_is_not_offered() {
    let (status, answer, _) = detect("anna@srv.sendready-detect.net");
    assert_eq!(status, 200, "{answer:#}");
    assert_eq!(answer["provider"], "other", "{answer:#}");
    assert_eq!(answer["confidence"], "low");
    assert_eq!(answer["basis"], "srv_submissions");
    assert_eq!(answer["server"]["host"], "mail.srv.sendready-detect.net");
    assert_eq!(answer["server"]["port"], 465);
    assert_eq!(answer["server"]["security"], "implicit_tls");
    assert_eq!(evidence(&answer, "srv_submission")["status"], "not_offered");
    assert_eq!(evidence(&answer, "mx")["status"], "not_found");
}

#[test]
fn autoconfig_alone_gives_its_encrypted_smtp_server() {
    let (status, answer, _) = detect("anna@autoconfig-only.sendready-detect.net");
    assert_eq!(status, 200, "{answer:#}");
    assert_eq!(answer["basis"], "autoconfig", "{answer:#}");
    assert_eq!(
        answer["server"]["host"], "smtp.autoconfig-only.sendready-detect.net",
        "the plain port-25 server listed first is skipped"
    );
    assert_eq!(answer["server"]["port"], 465);
    assert_eq!(answer["server"]["security"], "implicit_tls");
}

#[test]
fn the_well_known_location_is_tried_second() {
    let (status, answer, _) = detect("anna@wellknown.sendready-detect.net");
    assert_eq!(status, 200, "{answer:#}");
    assert_eq!(answer["basis"], "autoconfig", "{answer:#}");
    assert_eq!(
        answer["server"]["host"],
        "smtp.wellknown.sendready-detect.net"
    );
    assert_eq!(answer["server"]["security"], "starttls");
}

#[test]
fn in_a_conflict_the_autoconfig_file_wins_and_confidence_drops() {
    // MX says Google Workspace, SRV says the domain's own server, autoconfig says Fastmail: the
    // domain's own statement about outgoing mail wins over who receives its mail (MX).
    let (status, answer, _) = detect("anna@conflict.sendready-detect.net");
    assert_eq!(status, 200, "{answer:#}");
    assert_eq!(answer["provider"], "fastmail", "{answer:#}");
    assert_eq!(answer["basis"], "autoconfig");
    assert_eq!(answer["confidence"], "medium");
    assert_eq!(answer["server"]["host"], "smtp.fastmail.com");
    assert_eq!(evidence(&answer, "mx")["provider"], "google_workspace");
    assert_eq!(
        evidence(&answer, "srv_submission")["server"]["host"],
        "mail.conflict.sendready-detect.net"
    );
}

#[test]
fn a_domain_that_does_not_exist_finds_nothing() {
    let (status, answer, _) = detect("anna@nx.sendready-detect.net");
    assert_eq!(status, 200, "{answer:#}");
    assert_eq!(answer["provider"], "other");
    assert_eq!(answer["confidence"], "none");
    assert!(answer.get("server").is_none(), "{answer:#}");
    for source in ["mx", "srv_submissions", "srv_submission", "autoconfig"] {
        assert_eq!(evidence(&answer, source)["status"], "not_found", "{source}");
    }
}

#[test]
fn an_oversized_dns_answer_is_refused() {
    let (status, answer, _) = detect("anna@oversized.sendready-detect.net");
    assert_eq!(status, 200, "{answer:#}");
    let mx = evidence(&answer, "mx");
    assert_eq!(mx["status"], "failed", "{answer:#}");
    let detail = mx["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("bytes") || detail.contains("truncated"),
        "{detail}"
    );
    assert_eq!(answer["confidence"], "none");
}

/// Detects `email` and checks that its autoconfig evidence failed with `detail` in its words,
/// while the answer as a whole still came (200).
fn autoconfig_failed(email: &str, detail: &str) {
    let (status, answer, _) = detect(email);
    assert_eq!(status, 200, "{answer:#}");
    let autoconfig = evidence(&answer, "autoconfig");
    assert_eq!(autoconfig["status"], "failed", "{answer:#}");
    let words = autoconfig["detail"].as_str().unwrap_or_default();
    assert!(words.contains(detail), "{answer:#}");
}

#[test]
fn a_slow_autoconfig_server_is_given_up_on() {
    autoconfig_failed("anna@slow.sendready-detect.net", "did not answer within");
}

#[test]
fn an_oversized_autoconfig_file_is_refused() {
    autoconfig_failed("anna@huge.sendready-detect.net", "more than 65536 bytes");
}

#[test]
fn a_malformed_autoconfig_file_is_reported() {
    autoconfig_failed("anna@badxml.sendready-detect.net", "not well-formed xml");
}

#[test]
fn an_autoconfig_host_at_a_private_address_is_not_fetched() {
    let (_, answer, _) = detect("anna@private.sendready-detect.net");
    let autoconfig = evidence(&answer, "autoconfig");
    assert_eq!(autoconfig["status"], "failed", "{answer:#}");
    let detail = autoconfig["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("autoconfig.private.sendready-detect.net resolves to a refused address"),
        "{detail}"
    );
    assert!(detail.contains("10.0.0.5"), "{detail}");
}

#[test]
fn a_second_lookup_comes_from_the_cache() {
    let (_, first, _) = detect("first@srv.sendready-detect.net");
    let (status, second, cache) = detect("second@srv.sendready-detect.net");
    assert_eq!(status, 200);
    assert_eq!(cache, "hit");
    assert_eq!(first, second);
}

#[test]
fn bad_addresses_get_a_specific_error() {
    for (email, words) in [
        ("", "add the e-mail address"),
        ("anna", "not a valid e-mail address"),
        ("anna@firma.test", "not public internet names"),
        ("anna@[127.0.0.1]", ""),
    ] {
        let (status, answer, _) = detect(email);
        assert_eq!(status, 422, "{email}: {answer:#}");
        assert_eq!(answer["error"]["code"], "invalid_email", "{email}");
        assert_eq!(answer["error"]["field"], "email", "{email}");
        let message = answer["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(words), "{email}: {message}");
    }
    let environment = Environment::from_env();
    let post = environment.request("POST", "/api/detect?email=a%40b.com", b"");
    assert_eq!(post.status, 405);
}
