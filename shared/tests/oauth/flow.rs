//! The front channel: the authorization URL, the signed state, and the callback's checks
//! against forged, expired, replayed, misdirected and cross-session answers.

use sendready_shared::jwt::SecretKey;
use sendready_shared::oauth::{
    Authorization, AuthorizationRandom, Callback, CallbackError, StateError, begin, challenge_of,
    state,
};
use sendready_shared::providers::ProviderId;
use sendready_shared::secret::Secret;

use super::{client, key};

const NOW: u64 = 1_780_000_000;

fn random(seed: u8) -> AuthorizationRandom {
    AuthorizationRandom {
        verifier: [seed; 32],
        nonce: [seed.wrapping_add(1); 16],
    }
}

fn started(session: &str, seed: u8) -> Authorization {
    begin(
        &client(),
        &key(),
        &Secret::new(session),
        Some("ada@outlook.com"),
        None,
        &random(seed),
        NOW,
    )
}

/// The query parameters of the authorization URL, decoded.
fn parameters(url: &str) -> Vec<(String, String)> {
    let (_, query) = url.split_once('?').expect("a query");
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

fn parameter<'a>(parameters: &'a [(String, String)], name: &str) -> &'a str {
    parameters
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn the_authorization_url_carries_the_challenge_and_state_but_never_the_verifier() {
    let authorization = started("session-a", 7);
    assert!(
        authorization
            .url
            .starts_with("https://127.0.0.1:9443/auth?")
    );
    let query = parameters(&authorization.url);
    assert_eq!(parameter(&query, "client_id"), "sendready-test");
    assert_eq!(parameter(&query, "response_type"), "code");
    assert_eq!(
        parameter(&query, "redirect_uri"),
        "https://127.0.0.1:8987/api/oauth/callback"
    );
    assert_eq!(
        parameter(&query, "scope"),
        "https://outlook.office.com/SMTP.Send offline_access openid email"
    );
    assert_eq!(parameter(&query, "code_challenge_method"), "S256");
    assert_eq!(parameter(&query, "login_hint"), "ada@outlook.com");
    assert_eq!(parameter(&query, "state"), authorization.state);
    let verifier = authorization.pending.verifier.expose();
    assert_eq!(parameter(&query, "code_challenge"), challenge_of(verifier));
    assert!(!authorization.url.contains(verifier));
    assert!(!authorization.state.contains("session-a"));
    assert_eq!(authorization.pending.nonce, hex_of(8, 16));
    assert_eq!(authorization.pending.provider, ProviderId::OutlookCom);
}

fn hex_of(byte: u8, len: usize) -> String {
    format!("{byte:02x}").repeat(len)
}

#[test]
fn a_genuine_state_redeems_its_pending_authorization_exactly_once() {
    let authorization = started("session-a", 7);
    let redirect = &client().redirect_uri;
    let claims = state::open(&key(), &authorization.state, redirect, NOW + 30).expect("genuine");
    assert_eq!(
        claims.session,
        state::session_hash(&Secret::new("session-a"))
    );
    let mut store = Some(authorization.pending.clone());
    let verifier = state::redeem(&claims, store.take(), NOW + 30);
    assert_eq!(
        verifier.as_ref().map(Secret::expose),
        Ok(authorization.pending.verifier.expose())
    );
    // The driver took the entry out; the same state again finds nothing.
    assert_eq!(
        state::redeem(&claims, store.take(), NOW + 31).map(|_| ()),
        Err(StateError::Replayed)
    );
}

#[test]
fn forged_expired_and_misdirected_states_are_refused() {
    let authorization = started("session-a", 7);
    let redirect = &client().redirect_uri;
    let other_key = SecretKey::new(&[9; 32]).expect("long enough");
    let forged = begin(
        &client(),
        &other_key,
        &Secret::new("session-a"),
        None,
        None,
        &random(7),
        NOW,
    );
    assert_eq!(
        state::open(&key(), &forged.state, redirect, NOW),
        Err(StateError::Forged)
    );
    let mut altered = authorization.state.clone();
    altered.insert(altered.len() / 2, 'x');
    assert_eq!(
        state::open(&key(), &altered, redirect, NOW),
        Err(StateError::Forged)
    );
    assert_eq!(
        state::open(&key(), "", redirect, NOW),
        Err(StateError::Forged)
    );
    // An admin token or attestation signed with the same key is not a state.
    let not_a_state = sendready_shared::jwt::sign(
        &key(),
        &sendready_shared::jwt::Registered {
            audience: "sendready:accounts",
            scope: "oauth:state",
            issued_at: NOW,
            expires_at: NOW + 60,
        },
        &serde_json::json!({}),
    );
    assert_eq!(
        state::open(&key(), &not_a_state, redirect, NOW),
        Err(StateError::Forged)
    );
    assert_eq!(
        state::open(&key(), &authorization.state, redirect, NOW + 600),
        Err(StateError::Expired)
    );
    assert_eq!(
        state::open(
            &key(),
            &authorization.state,
            "https://evil.example/api/oauth/callback",
            NOW
        ),
        Err(StateError::WrongRedirectUri)
    );
}

#[test]
fn the_return_address_is_signed_into_the_state_and_read_even_once_expired() {
    let page = "https://app.example/settings?tab=mail";
    let returning = begin(
        &client(),
        &key(),
        &Secret::new("session-a"),
        None,
        Some(page),
        &random(7),
        NOW,
    );
    let redirect = &client().redirect_uri;
    let claims = state::open(&key(), &returning.state, redirect, NOW).expect("genuine");
    assert_eq!(claims.return_to.as_deref(), Some(page));
    for at in [NOW + 1, NOW + 600, NOW + 86_400] {
        assert_eq!(
            state::return_address(&key(), &returning.state, redirect, at).as_deref(),
            Some(page)
        );
    }
    let other_key = SecretKey::new(&[9; 32]).expect("long enough");
    assert_eq!(
        state::return_address(&other_key, &returning.state, redirect, NOW),
        None
    );
    assert_eq!(
        state::return_address(&key(), &returning.state, "https://evil.example/cb", NOW),
        None
    );
    // A popup sign-in has no return address.
    let popup = started("session-a", 7);
    assert_eq!(
        state::return_address(&key(), &popup.state, redirect, NOW),
        None
    );
}

#[test]
fn a_code_for_another_session_is_refused() {
    let mine = started("session-a", 7);
    let theirs = started("session-b", 9);
    let redirect = &client().redirect_uri;
    let claims = state::open(&key(), &mine.state, redirect, NOW).expect("genuine");
    // The store answered the nonce with another session's entry (or a tampered one).
    let mut swapped = theirs.pending.clone();
    assert_eq!(
        state::redeem(&claims, Some(swapped.clone()), NOW).map(|_| ()),
        Err(StateError::OtherSession)
    );
    swapped.nonce = mine.pending.nonce.clone();
    assert_eq!(
        state::redeem(&claims, Some(swapped), NOW).map(|_| ()),
        Err(StateError::OtherSession)
    );
    let mut other_preset = mine.pending.clone();
    other_preset.provider = ProviderId::Gmail;
    assert_eq!(
        state::redeem(&claims, Some(other_preset), NOW).map(|_| ()),
        Err(StateError::OtherSession)
    );
    assert_eq!(
        state::redeem(&claims, Some(mine.pending.clone()), NOW + 600).map(|_| ()),
        Err(StateError::Expired)
    );
}

#[test]
fn callbacks_parse_into_a_code_or_an_error() {
    let parsed = Callback::parse("code=abc%2Bdef&state=s.t.x&session_state=ignored");
    match parsed {
        Ok(Callback::Code { code, state }) => {
            assert_eq!(code.expose(), "abc+def");
            assert_eq!(state, "s.t.x");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        Callback::parse("error=access_denied&error_description=The+user+cancelled&state=s"),
        Ok(Callback::Error {
            error: "access_denied".to_owned(),
            description: Some("The user cancelled".to_owned()),
            state: Some("s".to_owned()),
        })
    );
    assert_eq!(
        Callback::parse("code=abc"),
        Err(CallbackError::MissingState)
    );
    assert_eq!(
        Callback::parse("code=abc&state="),
        Err(CallbackError::MissingState)
    );
    assert_eq!(Callback::parse(""), Err(CallbackError::MissingCode));
    assert!(
        !format!(
            "{parsed_code:?}",
            parsed_code = Callback::parse("code=secretcode&state=s")
        )
        .contains("secretcode")
    );
}
