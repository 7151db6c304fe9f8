//! The widget's top component: the account form, the Test button and the test's outcome.

use leptos::prelude::*;
use sendready_shared::settings::{RawForm, Secret};

use crate::api_client::{self, ClientError};
use crate::report_view::ReportView;

/// Gives every widget on a page its own element ids, so two widgets never clash.
static NEXT_INSTANCE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The whole widget for one outgoing e-mail account.
#[component]
pub fn Widget(
    /// URL prefix of the sendready API; empty for the page's own origin.
    #[prop(into)]
    api_base: String,
) -> impl IntoView {
    let instance = NEXT_INSTANCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let id = move |name: &str| format!("sendready-{instance}-{name}");
    let host = RwSignal::new(String::new());
    let port = RwSignal::new("587".to_owned());
    let security = RwSignal::new("starttls".to_owned());
    let email = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let test = Action::new_unsync(move |form: &RawForm| {
        let form = form.clone();
        let api_base = api_base.clone();
        async move { api_client::run_test(&api_base, form).await }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        test.dispatch(RawForm {
            provider: "other".to_owned(),
            host: host.get_untracked(),
            port: port.get_untracked(),
            security: security.get_untracked(),
            email: email.get_untracked(),
            username: username.get_untracked(),
            password: Secret::new(password.get_untracked()),
            ..RawForm::default()
        });
    };
    let text_input = move |name: &'static str, label: &'static str, kind: &'static str, value: RwSignal<String>| {
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
                {move || match test.value().get() {
                    None => ().into_any(),
                    Some(Ok(report)) => view! { <ReportView report=report /> }.into_any(),
                    Some(Err(error)) => view! { <p class="sr-error">{ClientError::message(&error)}</p> }.into_any(),
                }}
            </div>
        </section>
    }
}
