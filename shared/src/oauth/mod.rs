//! Sign-in with Microsoft or Google for SMTP: the sans-IO OAuth 2.0 authorization code flow
//! with PKCE, and what keeps its tokens working.
//!
//! The worker drives it: `OauthClient::from_vars` reads the host's client for a preset;
//! `begin` gives the popup's authorization URL, the signed `state` bound to the widget session
//! and the `PendingAuthorization` to keep; on the callback `Callback::parse`, `state::open` and
//! `state::redeem` (each nonce once) give the PKCE verifier for `exchange_code` (a sign-in
//! without a popup goes back to the widget's page with its outcome in the fragment:
//! `Returned`); the token endpoint's answer goes through `parse_token_response` into `Tokens` or a classified
//! `TokenError`; before every use `refresh_due` says when to send `refresh`. Time and random
//! bytes are arguments; nothing here touches the network, storage or a clock.
//! The endpoints and scopes per preset come from `crate::providers::oauth_endpoints`.

mod authorize;
mod client;
mod errors;
mod pkce;
mod returned;
pub mod state;
mod token;

pub use authorize::{Authorization, AuthorizationRandom, Callback, CallbackError, begin};
pub use client::{ClientConfigError, OauthClient};
pub(crate) use errors::{Evidence, Pasted};
pub use errors::{
    MAX_DESCRIPTION, OauthFailure, TokenError, classify, classify_callback, classify_text,
};
pub use pkce::{CHALLENGE_METHOD, Pkce, challenge_of};
pub use returned::Returned;
pub use state::{PendingAuthorization, StateClaims, StateError, session_hash};
pub use token::{
    MAX_RESPONSE_LEN, REFRESH_MARGIN_S, TokenRequest, Tokens, address_from_userinfo, exchange_code,
    parse_token_response, refresh, refresh_due,
};
