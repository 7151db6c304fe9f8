//! The sendready widget: a Leptos client-side app, registered as the custom element
//! `<sendready-setup>` or mounted into any element by a host page.
//!
//! The `sendready-element.js` loader defines the elements and, when one is connected, loads its
//! bundle and calls `mount_setup_element` or `mount_mfa_element` (so a page needs one script
//! tag); `mount` is the setup widget for pages that prefer to call it themselves.
//! Rules, types and the report format come from `sendready-shared`.

#[cfg(feature = "setup")]
mod api_client;
#[cfg(any(feature = "setup", feature = "mfa"))]
mod clipboard;
#[cfg(feature = "setup")]
mod detect;
#[cfg(any(feature = "setup", feature = "diagnose"))]
mod diagnose_bundle;
#[cfg(feature = "setup")]
mod draft;
#[cfg(feature = "setup")]
mod fields;
#[cfg(feature = "setup")]
mod guide;
#[cfg(any(feature = "setup", feature = "mfa"))]
mod host;
#[cfg(any(feature = "setup", feature = "mfa"))]
mod ids;
#[cfg(feature = "mfa")]
mod mfa;
#[cfg(feature = "mfa")]
mod mfa_client;
#[cfg(feature = "setup")]
mod oauth;
#[cfg(feature = "setup")]
mod oauth_return;
#[cfg(feature = "setup")]
mod paste;
#[cfg(feature = "setup")]
mod picker;
#[cfg(feature = "setup")]
mod report_view;
#[cfg(feature = "setup")]
mod save;
#[cfg(feature = "setup")]
mod setup;

#[cfg(feature = "diagnose")]
pub use crate::diagnose_bundle::diagnose_pasted;
#[cfg(any(feature = "setup", feature = "mfa"))]
use wasm_bindgen::prelude::*;
#[cfg(any(feature = "setup", feature = "mfa"))]
use web_sys::HtmlElement;

#[cfg(feature = "setup")]
use crate::host::{AdminToken, HostPage, SetupOptions};
#[cfg(feature = "setup")]
pub use crate::setup::Setup;

/// Mounts the setup widget into a `<sendready-setup>` element, configured by its attributes
/// (`api-base`, `providers`, `default-provider`, `admin-token`, `theme`) and an optional
/// `getAdminToken` async function property. The loader (`sendready-element.js`) calls it when
/// such an element is connected to the page.
#[cfg(feature = "setup")]
#[wasm_bindgen]
pub fn mount_setup_element(element: HtmlElement) {
    console_error_panic_hook::set_once();
    let options = SetupOptions::from_element(&element);
    let host = HostPage::from_element(element.clone());
    leptos::mount::mount_to(
        element,
        move || leptos::view! { <Setup host=host options=options /> },
    )
    .forget();
}

/// Mounts the two-step verification widget into a `<sendready-mfa>` element (attributes
/// `api-base`, `user`, `token`, `issuer`, `account`, `theme`).
#[cfg(feature = "mfa")]
#[wasm_bindgen]
pub fn mount_mfa_element(element: HtmlElement) {
    console_error_panic_hook::set_once();
    let options = mfa::MfaOptions::from_element(element.clone());
    leptos::mount::mount_to(
        element,
        move || leptos::view! { <mfa::Mfa options=options /> },
    )
    .forget();
}

/// Mounts one setup widget into `target`. `api_base` is the URL prefix of the sendready API (empty
/// for the same origin); `admin_token` is the host application's signed token that allows
/// saving (without it the widget offers the tested settings to copy).
#[cfg(feature = "setup")]
#[wasm_bindgen]
pub fn mount(target: HtmlElement, api_base: Option<String>, admin_token: Option<String>) {
    console_error_panic_hook::set_once();
    let host = HostPage {
        element: Some(target.clone()),
        api_base: api_base.unwrap_or_default(),
        theme: None,
    };
    let options = SetupOptions {
        providers: sendready_shared::ground::ProviderId::ALL.to_vec(),
        default_provider: None,
        admin_token: admin_token.map_or(AdminToken::None, AdminToken::Given),
        oauth: crate::host::oauth_presets(),
    };
    leptos::mount::mount_to(
        target,
        move || leptos::view! { <Setup host=host options=options /> },
    )
    .forget();
}
