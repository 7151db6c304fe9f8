//! The relay: its signed HTTP refuses what the worker would never send (bad signature, stale,
//! replayed, a destination its operator did not allow), it bounds what one relay takes on (tests
//! at once, slow clients; the worker passes a busy relay on as its own 503 with `Retry-After`),
//! and the worker → relay → Postfix route streams the same stages as a direct test and says
//! which route it took.
//!
//! Tests that run probes on the run's relay share its slots (`share_the_relay`); the one that
//! fills them all takes them alone (`take_the_relay`).
//!
//! The test Worker runs with `RELAY_URL`, `RELAY_KEY` and `RELAY_HOSTS=127.0.0.1,10.255.255.1`:
//! tests naming the MTA `127.0.0.1` go through the relay, those naming it `localhost` go direct.

use sendready_shared::api::TestEvent;
use sendready_shared::relay::Route;
use sendready_shared::smtp::{Outcome, Stage};
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use sendready_tests::closed_port;
use sendready_tests::relay::{
    OwnRelay, RelayEndpoint, fresh_nonce, probe_request, share_the_relay, take_the_relay,
    unix_now_s,
};
use sendready_tests::{Environment, HttpResponse, test_request};
use serde_json::{Value, json};

/// The `TestEvent` lines of a relay answer.
fn events(response: &HttpResponse) -> Vec<TestEvent> {
    String::from_utf8_lossy(&response.body)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("not an event ({error}): {line}"))
        })
        .collect()
}

/// `POST /api/test` expecting a plain JSON answer, from a client address of this module's own
/// (so the test budget other modules measure is untouched).
fn post_test(environment: &Environment, request: &Value) -> (u16, Value) {
    let response = post_test_answer(environment, request);
    let body = serde_json::from_slice(&response.body).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}",
            String::from_utf8_lossy(&response.body)
        )
    });
    (response.status, body)
}

/// `POST /api/test` from this module's client address, the whole answer.
fn post_test_answer(environment: &Environment, request: &Value) -> HttpResponse {
    let headers = [
        ("content-type", "application/json"),
        ("cf-connecting-ip", "2001:db8:25:25::1"),
    ];
    sendready_tests::http_request(
        environment.worker_port,
        "POST",
        "/api/test",
        &headers,
        request.to_string().as_bytes(),
    )
}

#[test]
fn a_signed_request_runs_once_and_its_replay_is_refused() {
    let _relay = share_the_relay();
    let environment = Environment::from_env();
    let relay = RelayEndpoint::from_env();
    let (user, password) = environment.users[0].clone();
    let body = probe_request(environment.starttls_port, &user, &password);
    let signed = relay.sign(&body, unix_now_s(), &fresh_nonce());
    let first = relay.post(&body, &signed);
    assert_eq!(
        first.status,
        200,
        "{}",
        String::from_utf8_lossy(&first.body)
    );
    assert_eq!(first.header("content-type"), Some("application/x-ndjson"));
    let events = events(&first);
    let Some(TestEvent::Report {
        report,
        attestation,
    }) = events.last()
    else {
        panic!("the stream did not end in a report: {events:#?}");
    };
    assert_eq!(report.probe.outcome, Outcome::Success, "{report:#?}");
    assert_eq!(report.route, Some(Route::Relay));
    assert!(attestation.is_none(), "only the worker attests");
    let started = events
        .iter()
        .filter(|event| matches!(event, TestEvent::Started { .. }))
        .count();
    assert_eq!(started, report.probe.stages.len(), "{events:#?}");

    let again = relay.post(&body, &signed);
    assert_eq!(again.status, 401);
    assert_eq!(again.error_code(), "replayed_request");
}

#[test]
fn forged_stale_and_unsigned_requests_are_refused_before_anything_connects() {
    let environment = Environment::from_env();
    let relay = RelayEndpoint::from_env();
    let (user, password) = environment.users[0].clone();
    let body = probe_request(environment.starttls_port, &user, &password);

    let mut forged = relay.sign(&body, unix_now_s(), &fresh_nonce());
    forged.signature = forged.signature.chars().rev().collect();
    let refused = relay.post(&body, &forged);
    assert_eq!(
        (refused.status, refused.error_code().as_str()),
        (401, "bad_signature")
    );

    // Signed for one body, sent with another (another host).
    let signed = relay.sign(&body, unix_now_s(), &fresh_nonce());
    let other = probe_request(environment.implicit_tls_port, &user, &password);
    let swapped = relay.post(&other, &signed);
    assert_eq!(
        (swapped.status, swapped.error_code().as_str()),
        (401, "bad_signature")
    );

    let stale = relay.sign(&body, unix_now_s() - 61, &fresh_nonce());
    let late = relay.post(&body, &stale);
    assert_eq!(
        (late.status, late.error_code().as_str()),
        (401, "stale_request")
    );
    let early = relay.post(
        &body,
        &relay.sign(&body, unix_now_s() + 120, &fresh_nonce()),
    );
    assert_eq!(
        (early.status, early.error_code().as_str()),
        (401, "stale_request")
    );

    let unsigned = sendready_tests::http_request(
        relay.port,
        "POST",
        "/v1/test",
        &[("content-type", "application/json")],
        &body,
    );
    assert_eq!(
        (unsigned.status, unsigned.error_code().as_str()),
        (401, "unsigned_request")
    );
    // None of the refusals quotes the request.
    for response in [&refused, &swapped, &late, &early, &unsigned] {
        assert!(!String::from_utf8_lossy(&response.body).contains(&password));
    }
}

#[test]
fn the_relay_refuses_a_private_address_its_operator_did_not_list() {
    let relay = RelayEndpoint::from_env();
    let mut request: Value =
        serde_json::from_slice(&probe_request(25, "a@example.test", "unused-password-1"))
            .expect("json");
    request["host"] = json!("10.255.255.1");
    let body = request.to_string().into_bytes();
    let response = relay.post(&body, &relay.sign(&body, unix_now_s(), &fresh_nonce()));
    assert_eq!(
        response.status,
        403,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    assert_eq!(response.error_code(), "destination_refused");
    assert!(String::from_utf8_lossy(&response.body).contains("private network"));
}

#[test]
fn worker_relay_postfix_streams_the_stages_and_says_the_route() {
    let _relay = share_the_relay();
    let environment = Environment::from_env();
    let (user, password) = environment.users[0].clone();
    let mut relayed = test_request(
        environment.starttls_port,
        "starttls",
        &user,
        &password,
        false,
    );
    relayed["form"]["host"] = json!("127.0.0.1");
    let run = environment.run_test(&relayed);
    assert_eq!(
        run.report.probe.outcome,
        Outcome::Success,
        "{}",
        run.pretty()
    );
    assert_eq!(run.report.route, Some(Route::Relay), "{}", run.pretty());
    assert!(
        run.attestation.is_some(),
        "the worker attests a relayed success"
    );
    run.assert_streamed();
    let stages: Vec<Stage> = run
        .report
        .probe
        .stages
        .iter()
        .map(|stage| stage.stage)
        .collect();
    assert!(
        stages.contains(&Stage::Tls) && stages.contains(&Stage::Auth),
        "{stages:?}"
    );

    let mut wrong = relayed.clone();
    wrong["form"]["password"] = json!(format!("{password}-wrong"));
    let refused = environment.run_test(&wrong);
    assert_eq!(refused.kind(), "bad_credentials", "{}", refused.pretty());
    assert_eq!(refused.report.route, Some(Route::Relay));

    let direct = environment.run_test(&test_request(
        environment.starttls_port,
        "starttls",
        &user,
        &password,
        false,
    ));
    assert_eq!(
        direct.report.route,
        Some(Route::Direct),
        "{}",
        direct.pretty()
    );
}

#[test]
fn port_25_and_private_addresses_are_reached_only_through_the_relay_and_only_when_allowed() {
    let _relay = share_the_relay();
    let environment = Environment::from_env();
    let (user, password) = environment.users[0].clone();
    // Port 25 goes through the relay, which may connect there (nothing listens: refused).
    let port_25 = environment.run_test(&test_request(25, "starttls", &user, &password, false));
    assert_eq!(
        port_25.report.route,
        Some(Route::Relay),
        "{}",
        port_25.pretty()
    );
    assert_eq!(port_25.kind(), "connect_failed", "{}", port_25.pretty());

    // A listed private address passes the worker's check, and the relay refuses it: its
    // operator allowed no private network.
    let mut listed = test_request(587, "starttls", &user, &password, false);
    listed["form"]["host"] = json!("10.255.255.1");
    let (status, body) = post_test(&environment, &listed);
    assert_eq!(status, 502, "{body:#}");
    assert_eq!(body["error"]["code"], "relay_refused", "{body:#}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains("private network")),
        "{body:#}"
    );

    // An unlisted private address is never tested: the worker's own policy refuses it.
    listed["form"]["host"] = json!("10.255.255.2");
    let (status, body) = post_test(&environment, &listed);
    assert_eq!(status, 422, "{body:#}");
    assert_eq!(body["error"]["fields"][0]["field"], "host", "{body:#}");
}

/// A signed probe of a throwaway account on `127.0.0.1:port`, through `relay`.
fn signed_probe(relay: &RelayEndpoint, port: u16) -> sendready_tests::HttpResponse {
    let body = probe_request(port, "a@example.test", "unused-password-1");
    relay.post(&body, &relay.sign(&body, unix_now_s(), &fresh_nonce()))
}

#[test]
fn a_relay_at_its_test_limit_says_busy_and_takes_the_next_once_one_ends() {
    let own = OwnRelay::start(&["--max-tests", "1"]);
    let relay = &own.endpoint;
    // A server that accepts and says nothing: the first probe waits for its greeting.
    let silent = TcpListener::bind("127.0.0.1:0").expect("bind a silent server");
    let silent_port = silent.local_addr().expect("its address").port();
    std::thread::scope(|scope| {
        let first = scope.spawn(|| signed_probe(relay, silent_port));
        let (held, _) = silent.accept().expect("the first probe connects");
        let busy = signed_probe(relay, closed_port());
        assert_eq!(busy.status, 503, "{}", String::from_utf8_lossy(&busy.body));
        assert_eq!(busy.error_code(), "relay_busy");
        assert_eq!(busy.header("retry-after"), Some("5"));
        assert!(String::from_utf8_lossy(&busy.body).contains("limit of 1 tests"));
        drop(held);
        let first = first.join().expect("the first request ends");
        assert_eq!(first.status, 200);
        assert!(matches!(
            events(&first).last(),
            Some(TestEvent::Report { .. })
        ));
    });
    let next = signed_probe(relay, closed_port());
    assert_eq!(
        next.status,
        200,
        "the slot is free again: {}",
        String::from_utf8_lossy(&next.body)
    );
}

#[test]
fn a_busy_relay_reaches_the_person_as_the_apis_own_503_with_the_relays_retry_after() {
    let environment = Environment::from_env();
    let relay = RelayEndpoint::from_env();
    let _alone = take_the_relay();
    // A server that accepts and says nothing: each probe held there waits for its greeting.
    let silent = TcpListener::bind("127.0.0.1:0").expect("bind a silent server");
    silent
        .set_nonblocking(true)
        .expect("a non-blocking listener");
    let silent_port = silent.local_addr().expect("its address").port();
    std::thread::scope(|scope| {
        let relay = &relay;
        let mut held = Vec::new();
        let mut running = Vec::new();
        // Probes fill the relay's slots, however many it has: the first it refuses says it is full.
        let refused = 'fill: loop {
            assert!(running.len() < 1024, "the relay never said it was busy");
            let probe = scope.spawn(move || signed_probe(relay, silent_port));
            let started = Instant::now();
            loop {
                match silent.accept() {
                    Ok((stream, _)) => {
                        held.push(stream);
                        running.push(probe);
                        break;
                    }
                    Err(error) if error.kind() == ErrorKind::WouldBlock => {}
                    Err(error) => panic!("the silent server cannot accept: {error}"),
                }
                if probe.is_finished() {
                    break 'fill probe.join().expect("the refused probe");
                }
                assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "a probe neither connected nor was refused"
                );
                std::thread::sleep(Duration::from_millis(5));
            }
        };
        assert_eq!(
            refused.status,
            503,
            "{}",
            String::from_utf8_lossy(&refused.body)
        );
        assert_eq!(refused.error_code(), "relay_busy");

        // Through the worker, the same moment: the API's own error, not a refusal.
        let (user, password) = environment.users[0].clone();
        let mut relayed = test_request(silent_port, "starttls", &user, &password, false);
        relayed["form"]["host"] = json!("127.0.0.1");
        let busy = post_test_answer(&environment, &relayed);
        let body = String::from_utf8_lossy(&busy.body);
        assert_eq!(busy.status, 503, "{body}");
        assert_eq!(busy.error_code(), "relay_busy", "{body}");
        assert_eq!(busy.header("retry-after"), Some("5"), "{body}");
        assert!(
            body.contains("the relay is running its maximum number of tests"),
            "{body}"
        );
        assert!(!body.contains(&password), "{body}");

        drop(held);
        for probe in running {
            let answer = probe.join().expect("a held probe ends");
            assert_eq!(answer.status, 200);
            assert!(matches!(
                events(&answer).last(),
                Some(TestEvent::Report { .. })
            ));
        }
    });
}

#[test]
fn clients_that_trickle_their_headers_or_body_are_cut_off() {
    let own = OwnRelay::start(&[]);
    let port = own.endpoint.port;
    let after = |sent: &'static [u8]| {
        move || {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            stream.write_all(sent).expect("send the start");
            stream
                .set_read_timeout(Some(Duration::from_secs(40)))
                .expect("a read timeout");
            let started = Instant::now();
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer);
            (
                started.elapsed(),
                String::from_utf8_lossy(&answer).into_owned(),
            )
        }
    };
    let headers = std::thread::spawn(after(b"POST /v1/test HTTP/1.1\r\nHost: relay\r\n"));
    let body = std::thread::spawn(after(
        b"POST /v1/test HTTP/1.1\r\nHost: relay\r\nContent-Length: 100\r\n\r\n{\"host\"",
    ));
    // Both are cut off after the relay's 10 seconds, long before hyper's own 30 (or never).
    let (waited, answer) = headers.join().expect("the headers connection ends");
    assert!(waited < Duration::from_secs(25), "{waited:?}: {answer}");
    let (waited, answer) = body.join().expect("the body connection ends");
    assert!(waited < Duration::from_secs(25), "{waited:?}: {answer}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"body_too_slow\""), "{answer}");
}
