//! The sign-in without a popup: when the browser blocks it, the widget's own window goes to
//! the provider and comes back. Before leaving, the widget keeps what it needs to resume in the
//! tab's `sessionStorage` (which survives same-tab navigation and no other tab sees): the
//! session secret, the preset and the typed address, display name and server, never a
//! password. The callback's 303 brings the page back with the outcome in its fragment
//! (`oauth::Returned`); on load the widget with kept state takes the fragment off the address
//! bar, restores the form and shows "Signed in as …" (or the diagnosis) as after a popup.

use leptos::prelude::*;
use sendready_shared::diagnosis::{Diagnosis, DiagnosisKind};
use sendready_shared::ground::ProviderId;
use sendready_shared::oauth::{Returned, state::STATE_LIFETIME_S};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::draft::Draft;
use crate::oauth::SignedIn;

/// The `sessionStorage` key of one widget's kept sign-in.
const KEY_PREFIX: &str = "sendready-oauth:";

/// What a widget keeps while its window is at the provider.
#[derive(Serialize, Deserialize)]
struct Kept {
    session: String,
    provider: Option<ProviderId>,
    provider_chosen: bool,
    display_name: String,
    email: String,
    host: String,
    port: String,
    security: String,
    /// `Date.now()` when it left, in milliseconds: a state lives 10 minutes.
    left_at_ms: f64,
}

/// Keeps what the widget `scope` needs to resume after its window went to the provider;
/// false when this browser keeps nothing for the tab (storage off).
pub fn keep(scope: &str, draft: &Draft, session: &str) -> bool {
    let kept = Kept {
        session: session.to_owned(),
        provider: draft.provider,
        provider_chosen: draft.provider_chosen,
        display_name: draft.display_name.clone(),
        email: draft.email.clone(),
        host: draft.host.clone(),
        port: draft.port.clone(),
        security: draft.security.clone(),
        left_at_ms: js_sys::Date::now(),
    };
    let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&kept)) else {
        return false;
    };
    storage.set_item(&key(scope), &text).is_ok()
}

/// Forgets the kept sign-in of `scope` (its start failed, the window stays).
pub fn forget(scope: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&key(scope));
    }
}

/// This page's URL without its fragment: where the callback sends the window back.
pub fn this_page() -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    Some(
        href.split_once('#')
            .map_or(href.clone(), |(page, _)| page.to_owned()),
    )
}

/// On load: if the page came back from a sign-in the widget `scope` started, restores the form,
/// takes the outcome out of the address bar, and returns the sign-in or the diagnosis' words.
pub fn resume(scope: &str, draft: RwSignal<Draft>, problem: RwSignal<Option<String>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let hash = window.location().hash().unwrap_or_default();
    let Some(returned) = Returned::from_fragment(hash.trim_start_matches('#')) else {
        return;
    };
    // Another widget on the page may have started it: only the one with kept state takes it.
    let Some(storage) = storage() else {
        return;
    };
    let Some(text) = storage.get_item(&key(scope)).ok().flatten() else {
        return;
    };
    let _ = storage.remove_item(&key(scope));
    if let (Some(history), Some(page)) = (window.history().ok(), this_page()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&page));
    }
    let Ok(kept) = serde_json::from_str::<Kept>(&text) else {
        return;
    };
    let age_ms = js_sys::Date::now() - kept.left_at_ms;
    if !(0.0..=(STATE_LIFETIME_S as f64) * 1000.0).contains(&age_ms) {
        return;
    }
    draft.update(|d| {
        d.provider = kept.provider;
        d.provider_chosen = kept.provider_chosen;
        d.display_name = kept.display_name;
        d.email = kept.email;
        d.host = kept.host;
        d.port = kept.port;
        d.security = kept.security;
    });
    match returned {
        Returned::SignedIn {
            grant,
            email,
            provider,
        } => draft.update(|d| {
            d.email = email.clone();
            d.username = String::new();
            d.oauth = Some(SignedIn {
                grant,
                email,
                provider,
                session: kept.session,
            });
        }),
        Returned::Refused { kind, provider } => problem.set(Some(words(&kind, provider))),
    }
}

/// The words of a refusal's kind, from the same table the worker's diagnosis uses.
fn words(kind: &str, provider: Option<ProviderId>) -> String {
    DiagnosisKind::ALL
        .into_iter()
        .find(|known| known.as_str() == kind)
        .map_or_else(
            || "The sign-in was not finished. Click Sign in again.".to_owned(),
            |kind| sentences(&Diagnosis::of_kind(kind, None, provider, "")),
        )
}

/// A refusal's diagnosis as the widget shows it: its title, then its explanation.
pub fn sentences(diagnosis: &Diagnosis) -> String {
    let title = diagnosis.title.trim_end_matches('.');
    format!("{title}. {}", diagnosis.explanation)
}

fn key(scope: &str) -> String {
    format!("{KEY_PREFIX}{scope}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}
