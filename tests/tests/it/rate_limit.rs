//! Abuse limits through the running Worker: tests per client address and failed sign-ins per
//! account, counted exactly by Durable Objects even when requests arrive at once.
//!
//! Each test speaks for its own client addresses (`CF-Connecting-IP`, which `wrangler dev`
//! passes through when the client sets it), from documentation ranges no other test uses, so
//! the budgets here are not shared with the rest of the suite.

use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sendready_tests::{Environment, HttpResponse, closed_port};
use serde_json::{Value, json};

/// The limits in `worker/src/rate_limit.rs`.
pub(crate) const TESTS_PER_CLIENT_PER_MINUTE: usize = 10;
const AUTH_FAILURES_PER_ACCOUNT_PER_HOUR: usize = 5;

/// A client address of its own for each run and purpose, so a rerun against the same worker
/// within a minute does not inherit the previous run's count.
fn client_ip(range: &str) -> String {
    format!("{range}.{}", std::process::id() % 250 + 1)
}

fn test_request(environment: &Environment, client_ip: &str, form: &Value) -> HttpResponse {
    environment.post_test_as(client_ip, &json!({ "form": form }))
}

fn header<'a>(response: &'a HttpResponse, name: &str) -> Option<&'a str> {
    response
        .headers
        .iter()
        .find(|(header, _)| header == name)
        .map(|(_, value)| value.as_str())
}

/// Checks a refusal: 429, a whole number of seconds to wait, and the API's error body.
fn assert_rate_limited(response: &HttpResponse, max_wait_s: u64) {
    let body = String::from_utf8_lossy(&response.body);
    assert_eq!(response.status, 429, "{body}");
    let retry_after: u64 = header(response, "retry-after")
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("no numeric Retry-After in {:?}", response.headers));
    assert!(
        (1..=max_wait_s).contains(&retry_after),
        "Retry-After {retry_after} outside 1..={max_wait_s}"
    );
    let json: Value =
        serde_json::from_str(&body).unwrap_or_else(|error| panic!("not JSON ({error}): {body}"));
    assert_eq!(json["error"]["code"], "rate_limited", "{body}");
    assert!(
        json["error"]["message"]
            .as_str()
            .is_some_and(|message| !message.is_empty()),
        "{body}"
    );
}

#[test]
fn eleven_concurrent_tests_from_one_address_admit_exactly_ten() {
    // The tests name the MTA `127.0.0.1`, so they run on the run's relay.
    let _relay = sendready_tests::relay::share_the_relay();
    let environment = Environment::from_env();
    let port = closed_port();
    let form = json!({
        "provider": "other", "host": "127.0.0.1", "port": port.to_string(), "security": "starttls",
        "email": "limits@example.com", "username": "limits@example.com", "password": "not-a-real-password",
    });
    let address = client_ip("203.0.113");
    let responses: Vec<HttpResponse> = thread::scope(|scope| {
        let requests: Vec<_> = (0..=TESTS_PER_CLIENT_PER_MINUTE)
            .map(|_| scope.spawn(|| test_request(&environment, &address, &form)))
            .collect();
        requests
            .into_iter()
            .map(|request| request.join().expect("a request thread"))
            .collect()
    });
    let statuses: Vec<u16> = responses.iter().map(|response| response.status).collect();
    let refused: Vec<&HttpResponse> = responses
        .iter()
        .filter(|response| response.status == 429)
        .collect();
    assert_eq!(
        refused.len(),
        1,
        "exactly one of eleven must be refused: {statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&status| status == 200).count(),
        TESTS_PER_CLIENT_PER_MINUTE,
        "the other ten must run: {statuses:?}"
    );
    assert_rate_limited(refused[0], 60);
    for response in responses.iter().filter(|response| response.status == 200) {
        let body = String::from_utf8_lossy(&response.body);
        assert!(
            body.contains("connect"),
            "a test that ran must report the failed connection: {body}"
        );
    }

    // The budget is the address's own: another client is still admitted.
    let other = test_request(&environment, &client_ip("198.51.100"), &form);
    assert_eq!(
        other.status,
        200,
        "{}",
        String::from_utf8_lossy(&other.body)
    );
}

#[test]
fn the_sixth_sign_in_after_five_failures_is_refused_before_connecting() {
    let environment = Environment::from_env();
    let (user, _) = &environment.users[0];
    let domain = user
        .rsplit_once('@')
        .map_or("example.com", |(_, domain)| domain);
    // An account name of its own, so the suite's other wrong-password tests do not share its budget.
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let username = format!("limits-{}-{nanos}@{domain}", std::process::id());
    let form = json!({
        "provider": "other", "host": "localhost", "port": environment.starttls_port.to_string(),
        "security": "starttls", "email": username, "username": username, "password": "wrong-password-for-limits",
    });
    let address = client_ip("192.0.2");
    for attempt in 1..=AUTH_FAILURES_PER_ACCOUNT_PER_HOUR {
        let response = test_request(&environment, &address, &form);
        let body = String::from_utf8_lossy(&response.body);
        assert_eq!(response.status, 200, "attempt {attempt}: {body}");
        assert!(
            body.contains("535"),
            "attempt {attempt} must fail at AUTH with 535: {body}"
        );
    }

    let started = Instant::now();
    let refused = test_request(&environment, &address, &form);
    assert_rate_limited(&refused, 3600);
    assert!(
        !String::from_utf8_lossy(&refused.body).contains("535"),
        "the refused attempt must not reach the server"
    );
    // Refused before connecting: no TLS handshake, no AUTH round trip.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the refusal took {:?}",
        started.elapsed()
    );

    // Case does not buy a fresh budget: servers treat the username case-insensitively.
    let mut shouted = form.clone();
    shouted["username"] = json!(username.to_uppercase());
    shouted["host"] = json!("LOCALHOST");
    assert_rate_limited(&test_request(&environment, &address, &shouted), 3600);
}
