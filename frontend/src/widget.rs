//! The widget's top component: the account form, the Test button, live stages, outcome and saving.

use leptos::prelude::*;
use sendready_shared::api::{TestEvent, TestRequest};
use sendready_shared::secret::Secret;
use sendready_shared::settings::RawForm;

use crate::api_client::{self, ClientError, TestOutcome};
use crate::report_view::{LiveStages, ReportView};
use crate::save::SavePanel;

/// Gives every widget on a page its own element ids, so two widgets never clash.
static NEXT_INSTANCE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The whole widget for one outgoing e-mail account.
#[component]
pub fn Widget(
    /// URL prefix of the sendready API; empty for the page's own origin.
    #[prop(into)]
    api_base: String,
    /// The host application's short-lived admin token; without one, Save becomes "copy settings".
    #[prop(optional_no_strip)]
    admin_token: Option<String>,
) -> impl IntoView {
    let instance = NEXT_INSTANCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let id = move |name: &str| format!("sendready-{instance}-{name}");
    let host = RwSignal::new(String::new());
    let port = RwSignal::new("587".to_owned());
    let security = RwSignal::new("starttls".to_owned());
    let email = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let progress = RwSignal::new(Vec::<TestEvent>::new());

    let current_form = move || RawForm {
        provider: "other".to_owned(),
        host: host.get(),
        port: port.get(),
        security: security.get(),
        email: email.get(),
        username: username.get(),
        password: Secret::new(password.get()),
        ..RawForm::default()
    };
    let save_api_base = api_base.clone();
    let test = Action::new_unsync(move |form: &RawForm| {
        let request = TestRequest {
            form: form.clone(),
            send_test_message: false,
        };
        let api_base = api_base.clone();
        progress.set(Vec::new());
        async move {
            let outcome = api_client::run_test(&api_base, request.clone(), |event| {
                progress.update(|all| all.push(event))
            })
            .await;
            (request.form, outcome)
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        test.dispatch(current_form());
    };
    // Saving is offered only while the form still holds exactly the settings that passed.
    let passed = move || match test.value().get() {
        Some((
            tested,
            Ok(TestOutcome {
                attestation: Some(attestation),
                ..
            }),
        )) if tested == current_form() => Some((tested, attestation)),
        _ => None,
    };
    let text_input = move |name: &'static str,
                           label: &'static str,
                           kind: &'static str,
                           value: RwSignal<String>| {
        view! {
            <div class="sr-field">
                <label for=id(name)>{label}</label>
                <input
                    id=id(name)
                    name=name
                    type=kind
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || value.get()
                    on:input=move |event| value.set(event_target_value(&event))
                />
            </div>
        }
    };

    view! {
        <section class="sendready" aria-label="Outgoing e-mail account">
            <form on:submit=submit novalidate>
                {text_input("host", "SMTP server", "text", host)}
                {text_input("port", "Port", "text", port)}
                <div class="sr-field">
                    <label for=id("security")>"Security"</label>
                    <select
                        id=id("security")
                        name="security"
                        prop:value=move || security.get()
                        on:change=move |event| security.set(event_target_value(&event))
                    >
                        <option value="starttls">"STARTTLS (usually port 587)"</option>
                        <option value="implicit_tls">"Implicit TLS (usually port 465)"</option>
                    </select>
                </div>
                {text_input("email", "E-mail address", "email", email)}
                {text_input("username", "User name (if not the e-mail address)", "text", username)}
                {text_input("password", "App password", "password", password)}
                <button type="submit" disabled=move || test.pending().get()>
                    {move || if test.pending().get() { "Testing…" } else { "Test" }}
                </button>
            </form>
            <div class="sr-outcome" role="status" aria-live="polite">
                {move || {
                    if test.pending().get() {
                        return view! { <LiveStages events=progress.get() /> }.into_any();
                    }
                    match test.value().get() {
                        None => ().into_any(),
                        Some((_, Ok(outcome))) => view! { <ReportView report=outcome.report /> }.into_any(),
                        Some((_, Err(error))) => {
                            view! { <p class="sr-error">{ClientError::message(&error)}</p> }.into_any()
                        }
                    }
                }}
            </div>
            {move || passed().map(|(form, attestation)| view! {
                <SavePanel api_base=save_api_base.clone() admin_token=admin_token.clone() form=form attestation=attestation />
            })}
        </section>
    }
}
