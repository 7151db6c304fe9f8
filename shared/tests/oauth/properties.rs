//! Property tests: whatever a provider or a browser sends back, the OAuth parsers answer with a
//! value or a typed error, never a panic, and never keep more of a description than allowed.

use proptest::prelude::*;
use sendready_shared::oauth::{
    Callback, MAX_DESCRIPTION, classify, classify_callback, parse_token_response, state,
};

use super::{client, key};

/// JSON-ish bytes around the fields the parsers look at.
fn token_bodies() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        any::<Vec<u8>>(),
        (
            "[a-z_]{0,24}",
            any::<String>(),
            proptest::collection::vec(any::<u32>(), 0..4)
        )
            .prop_map(|(error, description, codes)| {
                serde_json::json!({
                    "error": error, "error_description": description, "error_codes": codes
                })
                .to_string()
                .into_bytes()
            }),
        (
            any::<String>(),
            any::<String>(),
            any::<i64>(),
            any::<String>()
        )
            .prop_map(|(access, kind, lifetime, id_token)| {
                serde_json::json!({
                    "access_token": access, "token_type": kind,
                    "expires_in": lifetime, "id_token": id_token
                })
                .to_string()
                .into_bytes()
            }),
    ]
}

proptest! {
    #[test]
    fn token_responses_never_panic(status in 0_u16..600, body in token_bodies()) {
        match parse_token_response(status, &body, 1_780_000_000) {
            Ok(tokens) => prop_assert!((200..300).contains(&status) && !tokens.access_token.is_empty()),
            Err(error) => {
                let kept = error.description.map_or(0, |d| d.chars().count());
                prop_assert!(kept <= MAX_DESCRIPTION);
            }
        }
        let _ = classify(status, &body);
    }

    #[test]
    fn callbacks_and_states_never_panic(query in "[a-z_=&%0-9A-F.+-]{0,80}", text in any::<String>()) {
        let _ = Callback::parse(&query);
        let _ = Callback::parse(&text);
        let _ = classify_callback(&text, Some(&text));
        let opened = state::open(&key(), &text, &client().redirect_uri, 1_780_000_000);
        prop_assert!(opened.is_err());
    }
}
