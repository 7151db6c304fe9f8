//! One form field with its messages: label, input, hint, and the shared rules' error or
//! warnings for it, tied to the input with `aria-describedby` and shown once the field was left.

use leptos::prelude::*;
use sendready_shared::settings::{Checked, Field, FieldError, FieldWarning};

use crate::draft::{Draft, error_on, warnings_on};
use crate::ids::Ids;

/// How an input is written into the draft.
pub type Setter = fn(&mut Draft, String);

/// A labelled text input bound to one field of the draft.
#[component]
pub fn TextField(
    ids: Ids,
    draft: RwSignal<Draft>,
    /// The shared rules' verdict on the whole form.
    checked: Memo<Checked>,
    /// The field; its name (`Field::name`) is the input's name and id.
    field: Field,
    label: &'static str,
    /// `text`, `email`, `password`.
    #[prop(default = "text")]
    kind: &'static str,
    /// The `autocomplete` token.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Help shown under the label.
    #[prop(optional, into)]
    hint: Signal<Option<String>>,
    #[prop(optional, into)] placeholder: Signal<Option<String>>,
    /// Reads the field's value from the draft.
    read: fn(&Draft) -> String,
    write: Setter,
    /// A password field gets a show/hide button.
    #[prop(default = false)]
    revealable: bool,
) -> impl IntoView {
    let name = field.name();
    let input_id = ids.of(name);
    let shown = shown_on(draft, checked, field);
    // The input's value as a memo: a keystroke in another field does not set this one's.
    let value = Memo::new(move |_| draft.with(read));
    let revealed = RwSignal::new(false);
    let input_type = move || {
        if revealable && revealed.get() {
            "text"
        } else {
            kind
        }
    };
    let reveal = revealable.then(|| {
        view! {
            <button
                type="button"
                class="sr-reveal"
                aria-controls=input_id.clone()
                aria-pressed=move || revealed.get().to_string()
                on:click=move |_| revealed.update(|shown| *shown = !*shown)
            >
                {move || if revealed.get() { "Hide" } else { "Show" }}
            </button>
        }
    });
    view! {
        <div class="sr-field" data-field=name>
            <label for=input_id.clone()>{label}</label>
            {move || hint.get().map(|text| view! { <p class="sr-hint" id=ids.of(&format!("{name}-hint"))>{text}</p> })}
            <div class="sr-input-row">
                <input
                    id=input_id.clone()
                    name=name
                    type=input_type
                    autocomplete=autocomplete
                    spellcheck="false"
                    autocapitalize="off"
                    placeholder=move || placeholder.get()
                    aria-invalid=move || matches!(shown.get(), Shown::Error(_)).to_string()
                    aria-describedby=move || described_by(ids, name, &shown.get(), hint.get().is_some())
                    prop:value=move || value.get()
                    on:input=move |event| draft.update(|d| write(d, event_target_value(&event)))
                    on:blur=move |event| touch_after_click(draft, field, &event)
                />
                {reveal}
            </div>
            {messages(ids, name, shown)}
        </div>
    }
}

/// What one field shows under it: nothing, its error, or else its warnings.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Nothing,
    Error(FieldError),
    Warnings(Vec<FieldWarning>),
}

/// What `field` shows now, as a memo: it changes only when that field's message does.
fn shown_on(draft: RwSignal<Draft>, checked: Memo<Checked>, field: Field) -> Memo<Shown> {
    Memo::new(move |_| {
        if !draft.with(|d| d.is_touched(field)) {
            return Shown::Nothing;
        }
        checked.with(|verdict| match error_on(verdict, field) {
            Some(error) => Shown::Error(error),
            None => match warnings_on(verdict, field) {
                warnings if warnings.is_empty() => Shown::Nothing,
                warnings => Shown::Warnings(warnings),
            },
        })
    })
}

/// The error (or else the warnings) for one field, once it was left. Each field keeps its own
/// memo of what it shows, so a keystroke in one field re-renders only the messages that change.
#[component]
pub fn FieldMessages(
    ids: Ids,
    draft: RwSignal<Draft>,
    checked: Memo<Checked>,
    field: Field,
) -> impl IntoView {
    messages(ids, field.name(), shown_on(draft, checked, field))
}

/// The message under a field, re-rendered when what it shows changes; a `TextField` passes the
/// memo its input's `aria-invalid` and `aria-describedby` read too.
fn messages(ids: Ids, name: &'static str, shown: Memo<Shown>) -> impl IntoView {
    move || match shown.get() {
        Shown::Nothing => ().into_any(),
        Shown::Error(error) => view! {
            <p class="sr-field-error" id=ids.of(&format!("{name}-error")) data-code=error.code>
                <span class="sr-icon" aria-hidden="true">"✗ "</span>
                <span class="sr-visually-hidden">"Error: "</span>
                {sentence(&error.message)}
            </p>
        }
        .into_any(),
        Shown::Warnings(warnings) => view! {
            <div id=ids.of(&format!("{name}-warning"))>
                {warnings.into_iter().map(|warning| view! {
                    <p class="sr-field-warning" data-code=warning.code>
                        <span class="sr-icon" aria-hidden="true">"! "</span>
                        <span class="sr-visually-hidden">"Warning: "</span>
                        {sentence(&warning.message)}
                    </p>
                }).collect_view()}
            </div>
        }
        .into_any(),
    }
}

/// How long after leaving a field its messages appear: long enough for the click that moved
/// the focus to finish, so a message cannot push its target from under the pointer between
/// mouse-down and mouse-up.
const AFTER_CLICK: std::time::Duration = std::time::Duration::from_millis(250);

/// Marks `field` as left, a moment later; not at all when focus went to the submit button,
/// whose click checks every field at once.
fn touch_after_click(draft: RwSignal<Draft>, field: Field, event: &leptos::ev::FocusEvent) {
    use wasm_bindgen::JsCast;
    let to_submit = event
        .related_target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlButtonElement>().ok())
        .is_some_and(|button| button.type_() == "submit");
    if !to_submit {
        set_timeout(
            move || {
                draft.try_update(|d| d.touch(field));
            },
            AFTER_CLICK,
        );
    }
}

/// The ids of the hint and of the message shown now, for `aria-describedby`.
fn described_by(ids: Ids, name: &str, shown: &Shown, has_hint: bool) -> Option<String> {
    let mut parts = Vec::new();
    if has_hint {
        parts.push(ids.of(&format!("{name}-hint")));
    }
    match shown {
        Shown::Error(_) => parts.push(ids.of(&format!("{name}-error"))),
        Shown::Warnings(_) => parts.push(ids.of(&format!("{name}-warning"))),
        Shown::Nothing => {}
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// After a Test with errors, "There is a problem" above the form with a link to each field
/// (the GOV.UK error summary), focused so keyboard and screen-reader users land on it; it goes
/// once the errors are fixed.
#[component]
pub fn ErrorSummary(
    ids: Ids,
    checked: Memo<Checked>,
    /// Tests asked for while errors remained; each one brings the focus back here.
    attempts: RwSignal<u32>,
) -> impl IntoView {
    let summary = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if attempts.get() > 0
            && let Some(element) = summary.get()
        {
            let _ = element.focus();
        }
    });
    move || {
        // Until the first attempt it does not even listen to the rules' verdict.
        if attempts.get() == 0 {
            return None;
        }
        let errors = checked.with(|checked| checked.errors().to_vec());
        (!errors.is_empty()).then(|| {
            let links = errors
                .into_iter()
                .map(|error| {
                    view! {
                        <li><a href=format!("#{}", ids.of(error.field.name()))>{sentence(&error.message)}</a></li>
                    }
                })
                .collect_view();
            view! {
                <div class="sr-error-summary" node_ref=summary tabindex="-1" role="alert"
                    aria-labelledby=ids.of("summary-title")>
                    <h3 id=ids.of("summary-title")>"There is a problem"</h3>
                    <ul>{links}</ul>
                </div>
            }
        })
    }
}

/// A message of the shared rules or the API (lowercase at their boundary) as a sentence on the
/// page: its first letter capitalised.
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A message of the shared rules or the API shown as a paragraph of its own: a sentence that
/// ends with a full stop.
pub fn paragraph(message: &str) -> String {
    let mut text = sentence(message);
    if !text.is_empty() && !text.ends_with(['.', '!', '?', '…']) {
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_sentences() {
        assert_eq!(sentence("enter the port"), "Enter the port");
        assert_eq!(sentence("échec de connexion"), "Échec de connexion");
        assert_eq!(sentence(""), "");
        assert_eq!(
            paragraph("try again in 5 seconds"),
            "Try again in 5 seconds."
        );
        assert_eq!(paragraph("is it down?"), "Is it down?");
        assert_eq!(paragraph(""), "");
    }
}
