//! Sign-in with OAuth end to end with real parts: the worker, the tests' OpenID Connect provider
//! (npm `oidc-provider`), and the private Postfix whose Dovecot checks XOAUTH2 tokens at that
//! provider's introspection endpoint. The tests sign in on the provider's own login form.

use std::io::{Read, Write};
use std::net::TcpStream;

use sendready_shared::oauth::Returned;
use sendready_shared::providers::ProviderId;
use sendready_tests::Environment;
use sendready_tests::accounts::save_account;
use sendready_tests::oidc::{
    Browser, Provider, callback, oauth_test_request, session_secret, sign_in, signed_in, start,
    stored_grant,
};
use serde_json::{Value, json};

#[test]
fn the_deployment_names_exactly_the_presets_it_has_a_client_for() {
    let environment = Environment::from_env();
    // The stack registers a client for Microsoft (its endpoints at the local provider for
    // Microsoft 365; Outlook.com keeps the catalogue's) and for "other"; none for Google.
    let answer = environment.request("GET", "/api/oauth/providers", b"");
    assert_eq!(answer.status, 200);
    let configured: Value = serde_json::from_slice(&answer.body).expect("JSON");
    assert_eq!(
        configured,
        json!({ "providers": ["microsoft365", "outlook_com", "other"] })
    );
    // A preset it does not name cannot start, and says why.
    let refused = json!({ "provider": "gmail", "session": session_secret() });
    let (status, answer) = environment.post_json("/api/oauth/start", &refused);
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["error"]["code"], "oauth_not_offered");
}

/// The stored row of a grant that must be there.
fn grant_row(environment: &Environment, grant: &str) -> (String, String) {
    stored_grant(environment, grant).expect("the grant is stored")
}

#[test]
fn a_sign_in_tests_with_xoauth2_saves_and_refreshes_with_a_rotated_sealed_token() {
    let environment = Environment::from_env();
    let provider = Provider::from_env();
    let user = &provider.users[0];
    let (session, grant) = signed_in(&environment, &provider, user);
    let (sealed_first, _) = grant_row(&environment, &grant);

    let request = oauth_test_request(&environment, user, &grant, &session);
    let run = environment.run_test(&request);
    assert_eq!(run.report.diagnosis, None, "{}", run.pretty());
    let transcript = run.report.probe.transcript.join("\n");
    assert!(transcript.contains("AUTH XOAUTH2"), "{transcript}");
    assert!(!transcript.contains(&grant));
    let attestation = run.attestation.expect("attested after success");

    // Access tokens live 2 minutes, inside the 5-minute margin: every use refreshes, and the
    // provider rotates the refresh token, which replaces the stored one, sealed.
    let (sealed_second, _) = grant_row(&environment, &grant);
    assert_ne!(
        sealed_first, sealed_second,
        "the rotated refresh token is stored"
    );
    for sealed in [&sealed_first, &sealed_second] {
        let (nonce, ciphertext) = sealed.split_once(' ').expect("nonce and ciphertext");
        assert_eq!(nonce.len(), 16, "a 96-bit nonce in base64");
        assert!(ciphertext.len() > 40 && !ciphertext.contains(&grant));
    }

    let saved = save_account(&environment, "oauth-tenant", &request, &attestation.token);
    assert_eq!(
        saved.status,
        201,
        "{}",
        String::from_utf8_lossy(&saved.body)
    );
    let body = String::from_utf8_lossy(&saved.body);
    assert!(
        !body.contains(&grant) && body.contains(user.as_str()),
        "{body}"
    );

    // Another use refreshes again.
    let again = environment.run_test(&oauth_test_request(&environment, user, &grant, &session));
    assert_eq!(again.report.diagnosis, None, "{}", again.pretty());
    assert_ne!(grant_row(&environment, &grant).0, sealed_second);
}

#[test]
fn after_the_grant_is_revoked_at_the_provider_the_next_test_says_so() {
    let environment = Environment::from_env();
    let provider = Provider::from_env();
    let user = &provider.users[1];
    let (session, grant) = signed_in(&environment, &provider, user);
    let request = oauth_test_request(&environment, user, &grant, &session);
    let run = environment.run_test(&request);
    assert_eq!(run.report.diagnosis, None, "{}", run.pretty());

    let revoke = format!("{}/test/revoke?account={}", provider.url, user);
    let (status, _, text) = Browser::default().provider("POST", &revoke, Some(""));
    assert_eq!(status, 200, "{text}");
    let (status, answer) = environment.post_json("/api/test", &request);
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["error"]["code"], "oauth_refused");
    assert_eq!(answer["error"]["diagnosis"]["kind"], "oauth_grant_revoked");
}

#[test]
fn forged_replayed_misdirected_and_other_session_answers_are_refused() {
    let environment = Environment::from_env();
    let provider = Provider::from_env();
    let user = &provider.users[0];
    let kind = |message: &Value| message["error"]["diagnosis"]["kind"].clone();

    let (status, forged) = callback(
        &environment,
        "/api/oauth/callback?code=abc&state=forged.state.x",
    );
    assert_eq!((status, kind(&forged)), (409, json!("oauth_state_invalid")));
    let (status, cancelled) = callback(
        &environment,
        "/api/oauth/callback?error=access_denied&state=x",
    );
    assert_eq!(
        (status, kind(&cancelled)),
        (409, json!("oauth_access_denied"))
    );

    // The same answer twice: the second is a replay.
    let session = session_secret();
    let path = sign_in(&provider, &start(&environment, &session, user), user);
    let (status, first) = callback(&environment, &path);
    assert_eq!(status, 200, "{first}");
    let (status, replayed) = callback(&environment, &path);
    assert_eq!(
        (status, kind(&replayed)),
        (409, json!("oauth_state_invalid"))
    );
    assert!(
        replayed["error"]["diagnosis"]["detail"]
            .as_str()
            .is_some_and(|detail| detail.contains("already used"))
    );

    // A valid answer reaching the worker under another name than the registered redirect URI.
    let path = sign_in(
        &provider,
        &start(&environment, &session_secret(), user),
        user,
    );
    let page = get_with_host(environment.worker_port, &path, "localhost");
    assert!(page.contains("\"oauth_state_invalid\"") && page.contains("another redirect uri"));

    // The grant works only with the session that started the sign-in.
    let grant = first["signed_in"]["grant"].as_str().expect("a grant");
    let stranger = oauth_test_request(&environment, user, grant, &session_secret());
    let (status, answer) = environment.post_json("/api/test", &stranger);
    assert_eq!(status, 409, "{answer}");
    assert!(
        answer["error"]["diagnosis"]["detail"]
            .as_str()
            .is_some_and(|detail| detail.contains("another session"))
    );
}

/// `POST /api/oauth/start` for a sign-in without popup that comes back to `page`.
fn start_returning(environment: &Environment, session: &str, page: &str) -> (u16, Value) {
    let request = json!({ "provider": "other", "session": session, "return_to": page });
    environment.post_json("/api/oauth/start", &request)
}

/// The callback's 303 (read raw: the harness's agent would follow it): where it sends the
/// browser, split at the fragment, read as the widget reads it.
fn returned(environment: &Environment, path: &str) -> (String, Option<Returned>) {
    let answer = get_with_host(environment.worker_port, path, "127.0.0.1");
    let (head, _) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    assert_eq!(head.split_whitespace().nth(1), Some("303"), "{answer}");
    let header = |name: &str| {
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    };
    assert_eq!(header("referrer-policy").as_deref(), Some("no-referrer"));
    let location = header("location").expect("a location");
    let (page, fragment) = location.split_once('#').expect("a fragment");
    assert!(
        !page.contains("code=") && !page.contains("state="),
        "{page}"
    );
    (page.to_owned(), Returned::from_fragment(fragment))
}

#[test]
fn without_a_popup_the_callback_sends_the_window_back_to_its_allowed_page() {
    let environment = Environment::from_env();
    let provider = Provider::from_env();
    let user = &provider.users[0];
    let own = format!("http://127.0.0.1:{}", environment.worker_port);

    // Only pages of the API's own origin or of ALLOWED_ORIGINS (`[env.dev]`: port 8788).
    let too_long = format!("{own}/{}", "x".repeat(3000));
    for page in [
        "https://evil.example/settings",
        "http://127.0.0.1:8789/settings",
        "javascript:alert(1)",
        "not a url",
        too_long.as_str(),
    ] {
        let (status, answer) = start_returning(&environment, &session_secret(), page);
        assert_eq!(status, 422, "{page}: {answer}");
        assert_eq!(answer["error"]["code"], "oauth_return_not_allowed");
        let message = answer["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("return_to"), "{message}");
    }
    let (status, answer) =
        start_returning(&environment, &session_secret(), "http://127.0.0.1:8788/app");
    assert_eq!(status, 200, "an allowed origin: {answer}");

    // Signed in: a 303 to the page (its old fragment replaced) with the handle in the fragment,
    // and the grant tests with the session that started it.
    let session = session_secret();
    let page = format!("{own}/embed.html?tab=mail");
    let (status, answer) = start_returning(&environment, &session, &format!("{page}#old"));
    assert_eq!(status, 200, "{answer}");
    let path = sign_in(&provider, answer["url"].as_str().expect("a url"), user);
    let (back, outcome) = returned(&environment, &path);
    assert_eq!(back, page);
    let Some(Returned::SignedIn {
        grant,
        email,
        provider: preset,
    }) = outcome
    else {
        panic!("not signed in: {outcome:?}");
    };
    assert_eq!((email.as_str(), preset), (user.as_str(), ProviderId::Other));
    let run = environment.run_test(&oauth_test_request(&environment, user, &grant, &session));
    assert_eq!(run.report.diagnosis, None, "{}", run.pretty());

    // The same answer again is refused, and goes back to the page with the kind.
    let (back, outcome) = returned(&environment, &path);
    assert_eq!(back, page);
    assert!(
        matches!(&outcome, Some(Returned::Refused { kind, .. }) if kind == "oauth_state_invalid"),
        "{outcome:?}"
    );

    // A sign-in cancelled at the provider goes back with its kind too.
    let (_, answer) = start_returning(&environment, &session_secret(), &page);
    let url = answer["url"].as_str().expect("a url");
    let (_, query) = url.split_once('?').expect("a query");
    let state = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("state="))
        .expect("a state");
    let cancelled = format!("/api/oauth/callback?error=access_denied&state={state}");
    let (back, outcome) = returned(&environment, &cancelled);
    assert_eq!(back, page);
    assert!(
        matches!(&outcome, Some(Returned::Refused { kind, provider: Some(ProviderId::Other) }) if kind == "oauth_access_denied"),
        "{outcome:?}"
    );
}

/// `GET path` with its own `Host` header, read whole (HTTP/1.0, the server closes).
fn get_with_host(port: u16, path: &str, host: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the worker listens");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}:{port}\r\n\r\n").expect("sent");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}
