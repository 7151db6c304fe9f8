//! Finding the provider from the address's domain: once the address is complete and its domain
//! is not one the catalogue already knows (gmail.com, …), `GET /api/detect` is asked in the
//! background, a moment after typing stops; an answer for a domain no longer typed is dropped.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use gloo_net::http::Request;
use leptos::prelude::*;
use sendready_shared::discovery::{self, DetectionSummary};
use sendready_shared::policy::DestinationPolicy;
use sendready_shared::providers;

use crate::draft::Draft;

/// How long typing must pause before the domain is looked up.
const DEBOUNCE: Duration = Duration::from_millis(400);

/// Watches the address in `draft` and applies what `GET /api/detect` finds for its domain.
pub fn use_detection(draft: RwSignal<Draft>, api_base: String) {
    let wanted = Memo::new(move |_| draft.with(lookup_target));
    // Each change of the wanted lookup gets a number; a timer or answer of an older number is
    // stale and does nothing.
    let generation = Rc::new(Cell::new(0_u64));
    Effect::new(move |_| {
        let Some((email, domain)) = wanted.get() else {
            return;
        };
        generation.set(generation.get() + 1);
        let this = generation.get();
        let (generation, api_base) = (generation.clone(), api_base.clone());
        set_timeout(
            move || {
                if generation.get() != this {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let Ok(detection) = fetch_detection(&api_base, &email).await else {
                        return;
                    };
                    if generation.get() == this && detection.domain == domain {
                        draft.update(|d| d.apply_detection(&detection));
                    }
                });
            },
            DEBOUNCE,
        );
    });
}

/// The address and its domain when a lookup is worth it: a complete address on a public domain
/// the catalogue does not know, while the person has not chosen a provider.
fn lookup_target(draft: &Draft) -> Option<(String, String)> {
    if draft.provider_chosen {
        return None;
    }
    let email = draft.email.trim();
    let domain = discovery::domain_of(email, &DestinationPolicy::default()).ok()?;
    let (_, top) = domain.rsplit_once('.')?;
    let complete = top.len() >= 2;
    (complete && providers::from_email_domain(&domain).is_none())
        .then(|| (email.to_owned(), domain))
}

/// `GET /api/detect?email=…`; any failure just means no suggestion.
async fn fetch_detection(api_base: &str, email: &str) -> Result<DetectionSummary, gloo_net::Error> {
    let query = js_sys::encode_uri_component(email);
    Request::get(&format!("{api_base}/api/detect?email={query}"))
        .send()
        .await?
        .json()
        .await
}
