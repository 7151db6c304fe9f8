//! The provider picker: the catalogue's presets grouped as people think of them, and the
//! suggestion made from the e-mail address (its domain in the catalogue, or the domain's mail
//! records through `detect`), which the person can take or ignore.

use leptos::prelude::*;
use sendready_shared::ground::ProviderId;
use sendready_shared::providers::Category;

use crate::draft::Draft;
use crate::guide::short_name;
use crate::ids::Ids;

/// The groups of the list, in order, with their headings.
const GROUPS: [(Category, &str); 4] = [
    (Category::Personal, "Personal mail"),
    (Category::Business, "Work or organisation mail"),
    (Category::SendingService, "Sending services"),
    (Category::Other, "Anything else"),
];

/// A list of the offered presets, and "Looks like Gmail" when the address says so.
#[component]
pub fn ProviderPicker(
    ids: Ids,
    /// The form; the picker reads and sets its provider.
    draft: RwSignal<Draft>,
    /// The presets this page offers, in catalogue order.
    offered: Vec<ProviderId>,
) -> impl IntoView {
    // What the list and its hint show, as memos: a keystroke in another field changes none of
    // them, so none of the options' effects runs for it.
    let chosen = Memo::new(move |_| draft.with(|d| d.provider));
    let select_id = ids.of("provider");
    let hint_id = ids.of("provider-hint");
    let groups = GROUPS
        .iter()
        .filter_map(|(category, heading)| {
            let members: Vec<ProviderId> = offered
                .iter()
                .copied()
                .filter(|id| id.provider().category == *category)
                .collect();
            (!members.is_empty()).then(|| {
                let options = members
                    .into_iter()
                    .map(|id| {
                        view! {
                            <option
                                value=id.as_str()
                                selected=move || chosen.get() == Some(id)
                            >
                                {id.provider().name}
                            </option>
                        }
                    })
                    .collect_view();
                view! { <optgroup label=*heading>{options}</optgroup> }
            })
        })
        .collect_view();
    let suggestion = Memo::new(move |_| {
        draft.with(|d| {
            d.suggested_provider()
                .filter(|id| d.provider_chosen && offered.contains(id))
        })
    });
    let from_address = Memo::new(move |_| draft.with(Draft::provider_from_address));
    let covers = move || {
        let preset = chosen.get().unwrap_or(ProviderId::Other).provider();
        crate::fields::sentence(preset.covers)
    };
    view! {
        <div class="sr-field">
            <label for=select_id.clone()>"Mail provider"</label>
            <select
                id=select_id
                name="provider"
                aria-describedby=hint_id.clone()
                on:change=move |event| {
                    if let Some(id) = ProviderId::parse(&event_target_value(&event)) {
                        draft.update(|d| d.choose_provider(id));
                    }
                }
            >
                <option value="" disabled=true selected=move || chosen.get().is_none()>
                    "Choose your provider"
                </option>
                {groups}
            </select>
            <p class="sr-hint" id=hint_id>{covers}</p>
            {move || from_address.get().then(|| {
                let text = draft.with(|d| match &d.detected {
                    Some(found) => format!("Found from your domain's mail records ({}); choose another if that is wrong.", found.summary),
                    None => "Picked from your e-mail address; choose another if that is wrong.".to_owned(),
                });
                view! { <p class="sr-suggestion" data-detected=move || draft.with(|d| d.detected.is_some()).to_string()>{text}</p> }
            })}
            {move || suggestion.get().map(|id| {
                let name = short_name(id.provider());
                view! {
                    <p class="sr-suggestion">
                        {format!("Your address looks like {name}.")}" "
                        <button type="button" class="sr-link-button" on:click=move |_| draft.update(|d| d.choose_provider(id))>
                            {format!("Use {name}")}
                        </button>
                    </p>
                }
            })}
        </div>
    }
}
