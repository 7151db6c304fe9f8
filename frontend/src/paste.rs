//! "Paste your error": what an application printed, explained in the browser by the shared
//! diagnosis (in its own bundle, loaded when the panel first opens), with the provider's guide
//! step when one applies and today's date from the browser's clock (the shared crate reads
//! none) for advice that changes on a known day. Nothing is sent anywhere.

use leptos::prelude::*;
use sendready_shared::diagnosis::Diagnosis;

use crate::diagnose_bundle::{self, Pasted};
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
    // The diagnosis of the latest paste; an answer to an older paste is dropped.
    let diagnosis = RwSignal::new(None::<Result<Diagnosis, String>>);
    let latest = StoredValue::new(0_u64);
    // The provider as a memo: a keystroke elsewhere in the form neither diagnoses the paste again
    // nor re-renders its card.
    let provider = Memo::new(move |_| draft.with(|d| d.provider));
    Effect::new(move |_| {
        let text = pasted.get();
        let text = text.trim();
        let provider = provider.get();
        let generation = latest.get_value() + 1;
        latest.set_value(generation);
        if text.is_empty() {
            diagnosis.set(None);
            return;
        }
        let pasted = Pasted {
            reply: text.chars().take(PASTE_MAX).collect(),
            provider,
            today_unix_s: (js_sys::Date::now() / 1000.0) as u64,
        };
        leptos::task::spawn_local(async move {
            let answer = diagnose_bundle::diagnose(&pasted).await;
            if latest.get_value() == generation {
                diagnosis.set(Some(answer));
            }
        });
    });
    let shown_guide = move || provider.get();
    view! {
        <details class="sr-paste" on:toggle=move |_| diagnose_bundle::preload()>
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
                {move || diagnosis.get().map(|answer| match answer {
                    Ok(diagnosis) => view! {
                        <DiagnosisCard ids=ids diagnosis=diagnosis shown_guide=shown_guide() />
                    }.into_any(),
                    Err(problem) => view! { <p class="sr-error" role="alert">{problem}</p> }.into_any(),
                })}
            </div>
        </details>
    }
}
