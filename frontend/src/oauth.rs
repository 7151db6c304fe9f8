//! "Sign in with Microsoft/Google": the popup sign-in for presets that send with OAuth.
//!
//! A click opens a popup at once (so no blocker stops it), asks `POST /api/oauth/start` with a
//! random session secret kept only in this page's memory, and sends the popup to the
//! provider. The worker's callback page posts back only a grant handle and the signed-in
//! address (`sendready:oauth`); the widget takes it only from the API's origin. The form then
//! tests and saves with the handle in place of the password, and with the session secret.
//! Where the popup is blocked, this window signs in instead (`oauth_return`).

use leptos::prelude::*;
use sendready_shared::api::OauthSession;
use sendready_shared::api::{ApiError, OauthSignedIn, OauthStartRequest, OauthStartResponse};
use sendready_shared::ground::ProviderId;
use sendready_shared::providers;
use sendready_shared::secret::Secret;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::api_client::{ClientError, post_json};
use crate::draft::Draft;
use crate::ids::Ids;
use crate::oauth_return;

/// A finished sign-in: what the form tests and saves with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub grant: String,
    pub email: String,
    pub provider: ProviderId,
    /// The secret that started the sign-in: the grant works only with it.
    pub session: String,
}

impl SignedIn {
    /// The `oauth` member of test and save requests.
    pub fn session(&self) -> OauthSession {
        OauthSession {
            session: Secret::new(self.session.clone()),
        }
    }
}

/// What the callback page posts.
#[derive(Deserialize)]
struct Posted {
    #[serde(rename = "type")]
    kind: String,
    signed_in: Option<OauthSignedIn>,
    error: Option<ApiError>,
}

/// Who a preset signs in with ("Microsoft", "Google"), or its name for another provider.
pub fn sign_in_with(id: ProviderId) -> &'static str {
    providers::oauth_endpoints(id).map_or(id.provider().name, |row| row.sign_in_with)
}

/// The sign-in button, or who is signed in with a button to sign in again. `scope` names this
/// widget's kept state for a sign-in without popup; `problem` is why the last sign-in failed.
#[component]
pub fn OauthSignIn(
    ids: Ids,
    draft: RwSignal<Draft>,
    api_base: String,
    scope: String,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let pending = RwSignal::new(None::<String>);
    listen(draft, problem, pending, api_origin(&api_base));
    let click = move |_| {
        let Some(provider) = draft.with_untracked(|d| d.provider) else {
            return;
        };
        problem.set(None);
        let Some(session) = session_secret() else {
            problem.set(Some(
                "this browser cannot make a secure random session".to_owned(),
            ));
            return;
        };
        pending.set(Some(session.clone()));
        // Opened within the click, before any await, so popup blockers let it through.
        let popup = web_sys::window().and_then(|window| {
            window
                .open_with_url_and_target_and_features(
                    "",
                    "sendready-oauth",
                    "popup,width=520,height=680",
                )
                .ok()
                .flatten()
        });
        // Without a popup this window goes to the provider: the form waits in the tab's
        // storage, and the callback sends the window back to this page.
        let return_to = match popup {
            Some(_) => None,
            None if draft.with_untracked(|d| oauth_return::keep(&scope, d, &session)) => {
                oauth_return::this_page()
            }
            None => {
                problem.set(Some(
                    "the sign-in window was blocked: allow pop-ups for this page and click again"
                        .to_owned(),
                ));
                return;
            }
        };
        let request = OauthStartRequest {
            provider,
            session: OauthSession {
                session: Secret::new(session),
            },
            login_hint: Some(draft.with_untracked(|d| d.email.trim().to_owned()))
                .filter(|e| !e.is_empty()),
            return_to,
        };
        let api_base = api_base.clone();
        let scope = scope.clone();
        leptos::task::spawn_local(async move {
            match start(&api_base, &request).await {
                Ok(url) => match popup {
                    Some(popup) => {
                        let _ = popup.location().set_href(&url);
                    }
                    // No popup (blocked, or a small screen that refuses one): this window goes
                    // to the provider instead, and the callback brings it back to this page.
                    None => {
                        if let Some(window) = web_sys::window() {
                            let _ = window.location().set_href(&url);
                        }
                    }
                },
                Err(message) => {
                    match popup {
                        Some(popup) => {
                            let _ = popup.close();
                        }
                        None => oauth_return::forget(&scope),
                    }
                    problem.set(Some(message));
                }
            }
        });
    };
    let signed_in = move || draft.with(|d| d.oauth.clone());
    let label = move || {
        let who = draft.with(|d| d.provider.map_or("your provider", sign_in_with));
        match signed_in() {
            Some(_) => format!("Sign in with {who} again"),
            None => format!("Sign in with {who}"),
        }
    };
    view! {
        <div class="sr-field sr-oauth" data-field="oauth" id=ids.of("oauth")>
            {move || signed_in().map(|who| view! {
                <p class="sr-signed-in" id=ids.of("signed-in")>
                    "Signed in as " <strong>{who.email}</strong>
                    ". The test and the saved account send with this sign-in; no password is stored."
                </p>
            })}
            <button type="button" class="sr-oauth-button" on:click=click>{label}</button>
            {move || problem.get().map(|text| view! { <p class="sr-error" role="alert">{text}</p> })}
        </div>
    }
}

/// Listens for the callback page's message for as long as the page lives.
fn listen(
    draft: RwSignal<Draft>,
    problem: RwSignal<Option<String>>,
    pending: RwSignal<Option<String>>,
    origin: String,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let handler =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if event.origin() != origin {
                return;
            }
            let text = js_sys::JSON::stringify(&event.data())
                .ok()
                .and_then(|text| text.as_string())
                .unwrap_or_default();
            let Ok(posted) = serde_json::from_str::<Posted>(&text) else {
                return;
            };
            if posted.kind != "sendready:oauth" {
                return;
            }
            let Some(session) = pending.get_untracked() else {
                return;
            };
            match (posted.signed_in, posted.error) {
                (Some(signed_in), _) => {
                    pending.set(None);
                    draft.update(|d| {
                        d.email = signed_in.email.clone();
                        d.username = String::new();
                        d.oauth = Some(SignedIn {
                            grant: signed_in.grant,
                            email: signed_in.email,
                            provider: signed_in.provider,
                            session,
                        });
                    });
                }
                (None, Some(error)) => {
                    let text = error.diagnosis.map_or(error.message, |diagnosis| {
                        oauth_return::sentences(&diagnosis)
                    });
                    problem.set(Some(text));
                }
                (None, None) => {}
            }
        });
    let _ = window.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
    handler.forget();
}

/// `POST /api/oauth/start`: the provider's URL, or why there is none.
async fn start(api_base: &str, request: &OauthStartRequest) -> Result<String, String> {
    let response = post_json(&format!("{api_base}/api/oauth/start"), None, request)
        .await
        .map_err(|refused| refused.message())?;
    let answer: OauthStartResponse = response
        .json()
        .await
        .map_err(|error| ClientError::unreachable(error).message())?;
    Ok(answer.url)
}

/// The origin the callback page posts from: the API's, or this page's for a same-origin API.
fn api_origin(api_base: &str) -> String {
    let after_scheme = api_base.find("://").map(|at| at + 3);
    match after_scheme {
        Some(start) => {
            let end = api_base[start..]
                .find('/')
                .map_or(api_base.len(), |at| start + at);
            api_base[..end].to_owned()
        }
        None => web_sys::window()
            .and_then(|window| window.location().origin().ok())
            .unwrap_or_default(),
    }
}

/// 32 random bytes from the browser's CSPRNG, as hex; `None` without one.
fn session_secret() -> Option<String> {
    let mut bytes = [0_u8; 32];
    let crypto = web_sys::window()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}
