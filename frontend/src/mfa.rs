//! `<sendready-mfa>`: two-step verification for the host application's own users. Set up an
//! authenticator app (QR code drawn in the browser, the key in groups, a live countdown of the
//! 30-second window, a confirm field that takes pasted codes), recovery codes shown once, then
//! the challenge with "use a recovery code", "e-mail me a code" and "remember this device".

use leptos::prelude::*;
use qrcode::QrCode;
use qrcode::render::svg;
use web_sys::HtmlElement;

use crate::clipboard::CopyButton;
use crate::host::HostPage;
use crate::ids::Ids;
use crate::mfa_client::{Enrollment, MfaApi, MfaError, Verified};

/// Where the person is in the flow.
#[derive(Clone, Debug, PartialEq)]
enum Screen {
    Loading,
    /// Nothing set up: offer to set it up.
    Start,
    Enrolling(Enrollment),
    /// Shown once, right after confirming.
    RecoveryCodes(Vec<String>),
    Challenge,
    Done(Verified),
    Failed(MfaError),
}

/// The options a page gives `<sendready-mfa>`.
#[derive(Clone, Debug)]
pub struct MfaOptions {
    pub host: HostPage,
    pub user: String,
    /// The user token the host's server signed (attribute `token`).
    pub token: String,
    /// What the authenticator app shows: the issuer and the account name.
    pub issuer: String,
    pub account: String,
}

impl MfaOptions {
    pub fn from_element(element: HtmlElement) -> Self {
        let attribute = |name: &str| {
            element
                .get_attribute(name)
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        let user = attribute("user");
        Self {
            account: Some(attribute("account"))
                .filter(|a| !a.is_empty())
                .unwrap_or_else(|| user.clone()),
            issuer: Some(attribute("issuer"))
                .filter(|i| !i.is_empty())
                .unwrap_or_else(|| "sendready".to_owned()),
            token: attribute("token"),
            user,
            host: HostPage::from_element(element),
        }
    }
}

/// The whole two-step verification flow for one user.
#[component]
pub fn Mfa(options: MfaOptions) -> impl IntoView {
    let ids = Ids::next();
    let api = MfaApi {
        api_base: options.host.api_base.clone(),
        user: options.user.clone(),
        bearer: options.token.clone(),
    };
    let screen = RwSignal::new(Screen::Loading);
    let device_key = format!("sendready-device:{}", options.user);
    // A remembered device passes without a code; otherwise the status decides the screen.
    leptos::task::spawn_local({
        let api = api.clone();
        let device_key = device_key.clone();
        async move {
            if let Some(token) = stored_device(&device_key)
                && let Ok(verified) = api.remembered(&token).await
            {
                screen.set(Screen::Done(verified));
                return;
            }
            screen.set(match api.status().await {
                Ok(status) if status.totp == "active" || status.email => Screen::Challenge,
                Ok(_) => Screen::Start,
                Err(error) => Screen::Failed(error),
            });
        }
    });
    let host = options.host.clone();
    Effect::new(move |_| {
        if let Screen::Done(verified) = screen.get() {
            if let Some(token) = &verified.device_token {
                store_device(&device_key, token);
            }
            host.announce("sendready:verified", &verified);
        }
    });
    let (issuer, account) = (options.issuer.clone(), options.account.clone());
    view! {
        <section class="sendready sr-mfa" data-theme=options.host.theme.clone() aria-label="Two-step verification">
            {move || match screen.get() {
                Screen::Loading => view! { <p role="status">"Loading…"</p> }.into_any(),
                Screen::Start => {
                    let api = api.clone();
                    let (issuer, account) = (issuer.clone(), account.clone());
                    let start = Action::new_unsync(move |(): &()| {
                        let api = api.clone();
                        let (issuer, account) = (issuer.clone(), account.clone());
                        async move {
                            screen.set(match api.enroll(&account, &issuer).await {
                                Ok(enrollment) => Screen::Enrolling(enrollment),
                                Err(error) => Screen::Failed(error),
                            });
                        }
                    });
                    view! {
                        <h3>"Set up two-step verification"</h3>
                        <p>"Use an authenticator app (for example Google Authenticator, Microsoft Authenticator or 1Password): after your password, it gives you a 6-digit code that changes every 30 seconds."</p>
                        <button type="button" class="sr-primary" on:click=move |_| { start.dispatch(()); }>
                            "Set up an authenticator app"
                        </button>
                    }.into_any()
                }
                Screen::Enrolling(enrollment) => view! { <Enroll ids=ids api=api.clone() enrollment=enrollment screen=screen /> }.into_any(),
                Screen::RecoveryCodes(codes) => view! { <ShowRecoveryCodes ids=ids codes=codes screen=screen /> }.into_any(),
                Screen::Challenge => view! { <Challenge ids=ids api=api.clone() screen=screen /> }.into_any(),
                Screen::Done(verified) => {
                    let how = if verified.device_token.is_some() { " This device is remembered for 30 days." } else { "" };
                    let left = verified.recovery_codes_left.map(|left| format!(" You have {left} recovery codes left; make new ones soon."));
                    view! {
                        <p class="sr-success" role="status">
                            <span aria-hidden="true">"✓ "</span>"Verified."{how}{left}
                        </p>
                    }.into_any()
                }
                Screen::Failed(error) => view! { <p class="sr-error" role="alert" data-code=error.code.clone()>{explain(&error)}</p> }.into_any(),
            }}
        </section>
    }
}

/// Scan, or type the key; then confirm with a first code.
#[component]
fn Enroll(
    ids: Ids,
    api: MfaApi,
    enrollment: Enrollment,
    screen: RwSignal<Screen>,
) -> impl IntoView {
    let qr = QrCode::new(enrollment.uri.as_bytes())
        .map(|code| {
            code.render::<svg::Color>()
                .min_dimensions(200, 200)
                .dark_color(svg::Color("#000000"))
                .light_color(svg::Color("#ffffff"))
                .build()
        })
        .unwrap_or_default();
    let (code, error) = (
        RwSignal::new(String::new()),
        RwSignal::new(None::<MfaError>),
    );
    let confirm = Action::new_unsync(move |typed: &String| {
        let (api, typed) = (api.clone(), typed.clone());
        async move {
            match api.confirm(&typed).await {
                Ok(codes) => screen.set(Screen::RecoveryCodes(codes.recovery_codes)),
                Err(refused) => error.set(Some(refused)),
            }
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        error.set(None);
        confirm.dispatch(code.get_untracked());
    };
    view! {
        <h3>"Set up your authenticator app"</h3>
        <ol class="sr-steps">
            <li>
                <p>"Scan this QR code with the app:"</p>
                <div class="sr-qr" role="img" aria-label="QR code to add this account to an authenticator app" inner_html=qr></div>
            </li>
            <li>
                <p>"Or type this key into the app (time-based, 6 digits):"</p>
                <p class="sr-key" id=ids.of("key")>{enrollment.secret_grouped.clone()}</p>
                <CopyButton text=enrollment.secret.clone() label="Copy the key" />
            </li>
            <li>
                <form on:submit=submit novalidate>
                    <CodeField ids=ids code=code label="Enter the 6-digit code the app shows" />
                    <Countdown />
                    <FailureMessage error=error />
                    <button type="submit" class="sr-primary" disabled=move || confirm.pending().get()>"Turn on two-step verification"</button>
                </form>
            </li>
        </ol>
    }
}

/// The recovery codes, shown this once, with copy and download.
#[component]
fn ShowRecoveryCodes(ids: Ids, codes: Vec<String>, screen: RwSignal<Screen>) -> impl IntoView {
    let text = codes.join("\n");
    let download = format!(
        "data:text/plain;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&format!(
            "sendready recovery codes\n\n{text}\n"
        )))
    );
    view! {
        <h3>"Save your recovery codes"</h3>
        <p id=ids.of("recovery-hint")>"Each code signs you in once if you lose your phone. They are shown only now: copy or download them and keep them somewhere safe."</p>
        <ul class="sr-recovery" aria-describedby=ids.of("recovery-hint")>
            {codes.iter().map(|code| view! { <li><code>{code.clone()}</code></li> }).collect_view()}
        </ul>
        <div class="sr-actions">
            <CopyButton text=text label="Copy the codes" />
            <a class="sr-secondary" href=download download="sendready-recovery-codes.txt">"Download"</a>
            <button type="button" class="sr-primary" on:click=move |_| screen.set(Screen::Challenge)>"I have saved them"</button>
        </div>
    }
}

/// Which code the challenge asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CodeKind {
    App,
    Recovery,
    /// A code e-mailed to the address the host set.
    Email,
}

impl CodeKind {
    fn method(self) -> &'static str {
        match self {
            CodeKind::App => "totp",
            CodeKind::Recovery => "recovery_code",
            CodeKind::Email => "email",
        }
    }
}

/// The sign-in check: a code from the app, a recovery code or an e-mailed code, and
/// "remember this device".
#[component]
fn Challenge(ids: Ids, api: MfaApi, screen: RwSignal<Screen>) -> impl IntoView {
    let (code, error) = (
        RwSignal::new(String::new()),
        RwSignal::new(None::<MfaError>),
    );
    let kind = RwSignal::new(CodeKind::App);
    let emailed = RwSignal::new(false);
    let remember = RwSignal::new(false);
    let email_code = Action::new_unsync({
        let api = api.clone();
        move |(): &()| {
            let api = api.clone();
            async move {
                match api.email_code().await {
                    Ok(_) => {
                        kind.set(CodeKind::Email);
                        emailed.set(true);
                    }
                    Err(refused) => error.set(Some(refused)),
                }
            }
        }
    });
    let verify = Action::new_unsync(
        move |(method, typed, remember): &(&'static str, String, bool)| {
            let (api, method, typed, remember) = (api.clone(), *method, typed.clone(), *remember);
            async move {
                match api.verify(method, &typed, remember).await {
                    Ok(verified) => screen.set(Screen::Done(verified)),
                    Err(refused) => error.set(Some(refused)),
                }
            }
        },
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        error.set(None);
        let method = kind.get_untracked().method();
        verify.dispatch((method, code.get_untracked(), remember.get_untracked()));
    };
    view! {
        <h3>"Two-step verification"</h3>
        <form on:submit=submit novalidate>
            {move || match kind.get() {
                CodeKind::Recovery => view! { <CodeField ids=ids code=code label="Enter one of your recovery codes" recovery=true /> }.into_any(),
                CodeKind::Email => view! {
                    <p class="sr-hint" role="status">"We e-mailed you an 8-digit code. It is valid for 10 minutes; the newest code replaces earlier ones."</p>
                    <CodeField ids=ids code=code label="Enter the 8-digit code from the e-mail" />
                }.into_any(),
                CodeKind::App => view! { <CodeField ids=ids code=code label="Enter the 6-digit code from your authenticator app" /> }.into_any(),
            }}
            <div class="sr-field sr-checkbox">
                <input id=ids.of("remember") type="checkbox" prop:checked=move || remember.get()
                    on:change=move |event| remember.set(event_target_checked(&event)) />
                <label for=ids.of("remember")>"Remember this device for 30 days"</label>
            </div>
            <FailureMessage error=error />
            <div class="sr-actions">
                <button type="submit" class="sr-primary" disabled=move || verify.pending().get()>"Verify"</button>
                <button type="button" class="sr-link-button" on:click=move |_| {
                    kind.update(|kind| *kind = if *kind == CodeKind::Recovery { CodeKind::App } else { CodeKind::Recovery });
                    code.set(String::new());
                    error.set(None);
                }>
                    {move || if kind.get() == CodeKind::Recovery { "Use the authenticator app" } else { "Use a recovery code" }}
                </button>
                <button type="button" class="sr-link-button" disabled=move || email_code.pending().get() on:click=move |_| {
                    code.set(String::new());
                    error.set(None);
                    email_code.dispatch(());
                }>
                    {move || if emailed.get() { "E-mail me a new code" } else { "E-mail me a code" }}
                </button>
            </div>
        </form>
    }
}

/// A one-time-code input: numeric keyboard, autofill from SMS or the app, pasted spaces kept.
#[component]
fn CodeField(
    ids: Ids,
    code: RwSignal<String>,
    label: &'static str,
    #[prop(default = false)] recovery: bool,
) -> impl IntoView {
    let id = ids.of(if recovery { "recovery-code" } else { "code" });
    view! {
        <div class="sr-field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name="code"
                type="text"
                autocomplete="one-time-code"
                inputmode=if recovery { "text" } else { "numeric" }
                spellcheck="false"
                autocapitalize="off"
                prop:value=move || code.get()
                on:input=move |event| code.set(event_target_value(&event))
            />
        </div>
    }
}

/// Seconds left in the current 30-second window, so people know when a code is about to change.
#[component]
fn Countdown() -> impl IntoView {
    let left = RwSignal::new(seconds_left());
    let handle = set_interval_with_handle(
        move || left.set(seconds_left()),
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(handle) = handle {
            handle.clear();
        }
    });
    view! {
        <p class="sr-hint sr-countdown" aria-live="off">
            {move || format!("This code changes in {} s.", left.get())}
        </p>
    }
}

fn seconds_left() -> u64 {
    30 - ((js_sys::Date::now() / 1000.0) as u64 % 30)
}

/// The refusal in words a person can act on.
#[component]
fn FailureMessage(error: RwSignal<Option<MfaError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            view! { <p class="sr-field-error" role="alert" data-code=error.code.clone()>{explain(&error)}</p> }
        })
    }
}

fn explain(error: &MfaError) -> String {
    match (error.code.as_str(), error.retry_after_s) {
        ("mfa_wrong_code", _) if error.message.contains("no tries") => "That code is not right, and no tries are left. E-mail yourself a new code.".to_owned(),
        ("mfa_wrong_code", _) if error.message.contains("tries left") => format!("That code is not right; {}.", error.message.trim_start_matches("this code is not valid; ")),
        ("mfa_wrong_code", _) => "That code is not right. Check that the app shows this account, and type the current code.".to_owned(),
        ("mfa_code_expired", _) => "That code has expired or was used up. E-mail yourself a new one.".to_owned(),
        ("mfa_too_many_codes", Some(wait)) => format!("Several codes were sent already. You can ask for another in {}.", minutes(wait)),
        ("mfa_email_unavailable", _) => "A code cannot be e-mailed right now. Use your authenticator app or a recovery code, or try again later.".to_owned(),
        ("mfa_code_reused", _) => "That code was already used. Wait for the app to show the next one.".to_owned(),
        ("mfa_clock_drift", _) => format!("That code is for another time: {} Set your phone's clock to automatic.", error.message),
        ("mfa_locked", Some(wait)) => format!("Too many wrong codes. Try again in {}.", minutes(wait)),
        ("mfa_locked", None) => "Too many wrong codes. Ask your administrator to unlock your account.".to_owned(),
        _ => error.message.clone(),
    }
}

fn minutes(seconds: u64) -> String {
    match seconds {
        0..=59 => format!("{seconds} seconds"),
        60..=119 => "1 minute".to_owned(),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

fn stored_device(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

fn store_device(key: &str, token: &str) {
    if let Some(storage) =
        web_sys::window().and_then(|window| window.local_storage().ok().flatten())
    {
        let _ = storage.set_item(key, token);
    }
}
