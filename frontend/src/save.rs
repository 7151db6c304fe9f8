//! After a successful test of exactly the current settings: Save (with the host application's
//! admin token) or, without one, the tested settings to copy. Both tell the host page through
//! DOM events, never with the password.

use leptos::prelude::*;
use sendready_shared::api::{OauthSession, PublicSettings, SaveAccountRequest, SavedAccount};
use sendready_shared::attestation::Attestation;
use sendready_shared::ground::Security;
use sendready_shared::settings::{RawForm, SmtpSettings};

use crate::api_client::{ClientError, post_json};
use crate::clipboard::CopyButton;
use crate::host::{AdminToken, HostPage, SavedDetail};

/// Save or copy, for the settings that passed.
#[component]
pub fn SavePanel(
    /// URL prefix of the sendready API.
    api_base: String,
    host: HostPage,
    /// Where the admin token comes from; `None` offers the settings to copy.
    admin_token: AdminToken,
    /// The form exactly as tested (with its password, for the save request only).
    form: RawForm,
    /// The same settings as the rules parsed them: what is shown and announced.
    settings: SmtpSettings,
    /// The proof of that test.
    attestation: Attestation,
    /// The OAuth sign-in the form tested with, if any.
    oauth: Option<OauthSession>,
) -> impl IntoView {
    let tested = PublicSettings::from(&settings);
    if admin_token == AdminToken::None {
        return view! { <CopySettings settings=tested /> }.into_any();
    }
    let save = Action::new_unsync(move |(): &()| {
        let request = SaveAccountRequest {
            form: form.clone(),
            attestation: attestation.token.clone(),
            oauth: oauth.clone(),
        };
        let url = format!("{api_base}/api/accounts");
        let (host, admin_token) = (host.clone(), admin_token.clone());
        async move {
            let token = admin_token.fetch().await?;
            let saved = save_account(&url, &format!("Bearer {token}"), &request).await?;
            host.announce("sendready:saved", &SavedDetail { account: &saved });
            Ok::<_, String>(saved)
        }
    });
    view! {
        <div class="sr-save">
            <button type="button" class="sr-primary" on:click=move |_| { save.dispatch(()); } disabled=move || save.pending().get()>
                {move || if save.pending().get() { "Saving…" } else { "Save these settings" }}
            </button>
            <p role="status" class="sr-save-status">
                {move || match save.value().get() {
                    None => String::new(),
                    Some(Ok(account)) => format!("Saved. {} will send through {}.", account.settings.email, account.settings.host),
                    Some(Err(message)) => format!("Not saved: {message}"),
                }}
            </p>
        </div>
    }
    .into_any()
}

/// The tested settings as text, for pages that cannot save (the public help center).
#[component]
fn CopySettings(
    /// Exactly the settings that passed.
    settings: PublicSettings,
) -> impl IntoView {
    let security = match settings.security {
        Security::ImplicitTls => "SSL/TLS (implicit TLS)",
        Security::Starttls => "STARTTLS",
    };
    let text = format!(
        "SMTP server: {}\nPort: {}\nSecurity: {security}\nUser name: {}\nPassword: the app password you just tested",
        settings.host, settings.port, settings.username
    );
    view! {
        <div class="sr-copy">
            <p>"These settings work. Enter them in your application:"</p>
            <pre>{text.clone()}</pre>
            <CopyButton text=text label="Copy the settings" />
        </div>
    }
}

async fn save_account(
    url: &str,
    bearer: &str,
    request: &SaveAccountRequest,
) -> Result<SavedAccount, String> {
    let response = post_json(url, Some(bearer), request)
        .await
        .map_err(|refused| refused.message())?;
    let body = response
        .text()
        .await
        .map_err(|error| ClientError::unreachable(error).message())?;
    SavedAccount::from_json(&body).map_err(|error| format!("unreadable answer: {error}"))
}
