//! After a successful test: save the tested settings (with the host's admin token) or copy them.

use gloo_net::http::Request;
use leptos::prelude::*;
use sendready_shared::api::{ErrorBody, SaveAccountRequest, SavedAccount};
use sendready_shared::attestation::Attestation;
use sendready_shared::settings::RawForm;

/// Offers Save when the host application gave an admin token, otherwise the settings to copy.
#[component]
pub fn SavePanel(
    /// URL prefix of the sendready API.
    api_base: String,
    /// The host application's admin token, if it gave one.
    admin_token: Option<String>,
    /// Exactly the settings that passed the test.
    form: RawForm,
    /// The proof of that test.
    attestation: Attestation,
) -> impl IntoView {
    let Some(admin_token) = admin_token else {
        return view! { <CopySettings form=form /> }.into_any();
    };
    let save = Action::new_unsync(move |(): &()| {
        let request = SaveAccountRequest {
            form: form.clone(),
            attestation: attestation.token.clone(),
        };
        let url = format!("{api_base}/api/accounts");
        let bearer = format!("Bearer {admin_token}");
        async move { save_account(&url, &bearer, &request).await }
    });
    view! {
        <div class="sr-save">
            <button type="button" on:click=move |_| { save.dispatch(()); } disabled=move || save.pending().get()>
                "Save"
            </button>
            <p role="status">
                {move || match save.value().get() {
                    None => String::new(),
                    Some(Ok(account)) => format!("Saved: {} will send through {}.", account.email, account.host),
                    Some(Err(message)) => message,
                }}
            </p>
        </div>
    }
    .into_any()
}

/// The tested settings as text, for pages that cannot save (the public help center).
#[component]
fn CopySettings(
    /// The settings that passed the test.
    form: RawForm,
) -> impl IntoView {
    let username = if form.username.trim().is_empty() {
        form.email.clone()
    } else {
        form.username.clone()
    };
    let security = if form.security == "implicit_tls" {
        "SSL/TLS (implicit TLS)"
    } else {
        "STARTTLS"
    };
    let text = format!(
        "SMTP server: {}\nPort: {}\nSecurity: {security}\nUser name: {username}\nPassword: the app password you just tested",
        form.host, form.port
    );
    view! {
        <div class="sr-copy">
            <p>"These settings work. Enter them in your application:"</p>
            <pre>{text}</pre>
        </div>
    }
}

async fn save_account(
    url: &str,
    bearer: &str,
    request: &SaveAccountRequest,
) -> Result<SavedAccount, String> {
    let unreachable =
        |error: gloo_net::Error| format!("the sendready service could not be reached ({error})");
    let response = Request::post(url)
        .header("authorization", bearer)
        .json(request)
        .map_err(unreachable)?
        .send()
        .await
        .map_err(unreachable)?;
    if response.ok() {
        response.json::<SavedAccount>().await.map_err(unreachable)
    } else {
        Err(response
            .json::<ErrorBody>()
            .await
            .map_err(unreachable)?
            .error
            .message)
    }
}
