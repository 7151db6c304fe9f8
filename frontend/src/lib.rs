//! The sendready widget: a Leptos client-side app that a host page mounts into an element.
//!
//! `mount` is the only entry point a host page calls; everything else is components and the
//! small HTTP client they use. Rules, types and the report format come from `sendready-shared`.

mod api_client;
mod report_view;
mod save;
mod widget;

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

pub use widget::Widget;

/// Mounts one widget into `target`. `api_base` is the URL prefix of the sendready API (empty
/// for the same origin); `admin_token` is the host application's signed token that allows
/// saving (without it the widget offers the tested settings to copy).
#[wasm_bindgen]
pub fn mount(target: HtmlElement, api_base: Option<String>, admin_token: Option<String>) {
    console_error_panic_hook::set_once();
    let api_base = api_base.unwrap_or_default();
    leptos::mount::mount_to(
        target,
        move || leptos::view! { <Widget api_base=api_base admin_token=admin_token /> },
    )
    .forget();
}
