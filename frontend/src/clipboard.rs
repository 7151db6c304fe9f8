//! A button that copies text to the clipboard and says so, for transcripts and settings.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Copies `text`; the button's own label confirms it for a few seconds.
#[component]
pub fn CopyButton(
    /// What to copy.
    text: String,
    /// The button's words, e.g. "Copy the conversation".
    label: &'static str,
) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            let done = match web_sys::window() {
                Some(window) => JsFuture::from(window.navigator().clipboard().write_text(&text))
                    .await
                    .is_ok(),
                None => false,
            };
            copied.set(Some(done));
        });
    };
    view! {
        <button type="button" class="sr-secondary" on:click=copy>
            {move || match copied.get() {
                Some(true) => "Copied",
                Some(false) => "Copy failed: select the text instead",
                None => label,
            }}
        </button>
    }
}
