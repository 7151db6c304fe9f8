//! "Paste your error": what an application printed, explained at once in the browser by the
//! shared diagnosis, with the provider's guide step when one applies and today's date from the
//! browser's clock (the shared crate reads none) for advice that changes on a known day. Nothing
//! is sent anywhere.

use leptos::prelude::*;
use sendready_shared::diagnosis::{Day, DiagnosisInput, diagnose};

use crate::draft::Draft;
use crate::ids::Ids;
use crate::report_view::DiagnosisCard;

/// Longest paste read; an application's error message is far shorter.
const PASTE_MAX: usize = 8 * 1024;

/// A text box and the diagnosis of what is pasted into it.
#[component]
pub fn PasteError(
    ids: Ids,
    /// The form, for the provider the person chose.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let pasted = RwSignal::new(String::new());
    let area_id = ids.of("paste");
    let hint_id = ids.of("paste-hint");
    let diagnosis = Memo::new(move |_| {
        let text = pasted.get();
        let text = text.trim();
        (!text.is_empty()).then(|| {
            let reply: String = text.chars().take(PASTE_MAX).collect();
            diagnose(&DiagnosisInput {
                reply,
                stage: None,
                host: None,
                provider: draft.with(|d| d.provider),
                today: Some(today()),
            })
        })
    });
    let shown_guide = move || draft.with(|d| d.provider);
    view! {
        <details class="sr-paste">
            <summary>"Already have an error message? Paste it here"</summary>
            <label for=area_id.clone()>"The error your application showed"</label>
            <p class="sr-hint" id=hint_id.clone()>
                "Paste the whole message, e.g. \u{201c}SMTP Error: [554] 5.7.1 …\u{201d}. It is explained here in your browser and sent nowhere."
            </p>
            <textarea
                id=area_id
                rows="4"
                spellcheck="false"
                aria-describedby=hint_id
                prop:value=move || pasted.get()
                on:input=move |event| pasted.set(event_target_value(&event))
            ></textarea>
            <div class="sr-paste-result" aria-live="polite">
                {move || diagnosis.get().map(|diagnosis| view! {
                    <DiagnosisCard ids=ids diagnosis=diagnosis shown_guide=shown_guide() />
                })}
            </div>
        </details>
    }
}

/// Today (UTC) by the browser's clock.
fn today() -> Day {
    Day::from_unix_seconds((js_sys::Date::now() / 1000.0) as u64)
}
