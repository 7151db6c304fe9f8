//! The setup widget: your address and provider, the provider's guide, the app password and
//! server, Test with live stages, the result, and Save only after a passing test of exactly
//! the settings on screen.

use leptos::prelude::*;
use sendready_shared::api::{ErrorCode, OauthProviders, PublicSettings, TestEvent, TestRequest};
use sendready_shared::ground::ProviderId;
use sendready_shared::policy::DestinationPolicy;
use sendready_shared::providers::{HostRule, Login, UsernameRule};
use sendready_shared::settings::{Field, RawForm};

use crate::api_client::{self, ClientError, TestOutcome, Wait};
use crate::draft::{Draft, ServerFields, check_form, why_not_ready};
use crate::fields::{ErrorSummary, FieldMessages, TextField, paragraph};
use crate::guide::{Guide, SignInLead, short_name};
use crate::host::{HostPage, SetupOptions, TestedDetail};
use crate::ids::Ids;
use crate::oauth::{OauthSignIn, SignedIn, sign_in_with};
use crate::paste::PasteError;
use crate::picker::ProviderPicker;
use crate::report_view::{LiveStages, ReportView, RetryWait, running_label};
use crate::save::SavePanel;

/// The whole setup flow for one outgoing e-mail account.
#[component]
pub fn Setup(
    /// Options and events of the host page.
    host: HostPage,
    /// The presets to offer, the preselected one, and where the admin token comes from.
    options: SetupOptions,
) -> impl IntoView {
    let ids = Ids::next();
    let draft = RwSignal::new(Draft::for_provider(options.default_provider));
    // Strict until the deployment says otherwise; the worker checks again either way.
    let policy = RwSignal::new(DestinationPolicy::default());
    let checked = Memo::new(move |_| draft.with(|d| d.check(&policy.get())));
    let progress = RwSignal::new(Vec::<TestEvent>::new());
    // Seconds until the API takes another test from this page, after its limit refused one.
    let wait_s = RwSignal::new(0_u32);
    // Tests asked for while the form had errors: the error summary shows after the first.
    let attempts = RwSignal::new(0_u32);
    let api_base = host.api_base.clone();
    crate::detect::use_detection(draft, api_base.clone());
    leptos::task::spawn_local({
        let api_base = api_base.clone();
        async move {
            if let Ok(deployed) = api_client::fetch_deployment(&api_base, "/api/policy").await {
                policy.set(deployed);
            }
        }
    });
    // "Sign in with …" only where the host offers it and the deployment can start it; if the
    // deployment cannot be asked, the host's list stands (a start would then say what is wrong).
    let oauth_offered = RwSignal::new(Vec::<ProviderId>::new());
    leptos::task::spawn_local({
        let api_base = api_base.clone();
        let host_list = options.oauth.clone();
        async move {
            let offered = match api_client::fetch_deployment::<OauthProviders>(
                &api_base,
                "/api/oauth/providers",
            )
            .await
            {
                Ok(configured) => host_list
                    .into_iter()
                    .filter(|id| configured.providers.contains(id))
                    .collect(),
                Err(_) => host_list,
            };
            oauth_offered.set(offered);
        }
    });
    let test = Action::new_unsync({
        let api_base = api_base.clone();
        move |request: &TestRequest| {
            let request = request.clone();
            let api_base = api_base.clone();
            progress.set(Vec::new());
            async move {
                let outcome = api_client::run_test(&api_base, request.clone(), |event| {
                    progress.update(|all| all.push(event))
                })
                .await;
                (request.form, outcome)
            }
        }
    });
    let announce_host = host.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        draft.update(Draft::touch_all);
        let waiting = wait_s.get_untracked() > 0;
        if checked.with(|c| c.settings.is_err()) {
            attempts.update(|count| *count += 1);
        } else if !test.pending().get_untracked() && !waiting {
            let (form, send_test_message) = draft.with(|d| (d.raw(), d.send_test_message));
            test.dispatch(TestRequest {
                form,
                send_test_message,
                oauth: draft.with_untracked(|d| d.oauth.as_ref().map(SignedIn::session)),
            });
        }
    };
    // The settings that passed, while the form still holds exactly them; until a test passed it
    // does not read the form, so a keystroke costs it nothing.
    let passed = Memo::new(move |_| {
        let (tested, attestation) = test.value().with(|value| match value {
            Some((
                tested,
                Ok(TestOutcome {
                    attestation: Some(attestation),
                    ..
                }),
            )) => Some((tested.clone(), attestation.clone())),
            _ => None,
        })?;
        if draft.with(|d| d.raw() != tested) {
            return None;
        }
        let oauth = draft.with(|d| d.oauth.is_some());
        let settings = check_form(&tested, oauth, &policy.get()).settings.ok()?;
        Some((tested, settings, attestation))
    });
    Effect::new(move |announced: Option<Option<RawForm>>| {
        let now = passed.get();
        let now_form = now.as_ref().map(|(form, _, _)| form.clone());
        if let Some((_, settings, attestation)) = now.filter(|_| announced.flatten() != now_form) {
            announce_host.announce(
                "sendready:tested",
                &TestedDetail {
                    settings: PublicSettings::from(&settings),
                    attestation: &attestation,
                },
            );
        }
        now_form
    });
    // Why Test cannot run yet, worked out once per keystroke for the three places that read it.
    let why_memo = Memo::new(move |_| match wait_s.get() {
        0 => checked.with(why_not_ready),
        seconds => {
            let wait = test.value().with(|value| match value {
                Some((_, Err(ClientError::Limited { wait, .. }))) => *wait,
                _ => Wait::Limits,
            });
            Some(format!("To test, wait {seconds} s: {}.", wait.reason()))
        }
    });
    let why = move || why_memo.get();
    let send_test_message = Memo::new(move |_| draft.with(|d| d.send_test_message));
    // Memos, so the guide and the field groups re-render when what they show changes, not
    // on every keystroke (which would also take the focus away from the field being typed in).
    let provider_memo = Memo::new(move |_| draft.with(|d| d.provider));
    let provider = move || provider_memo.get();
    let username_shown = Memo::new(move |_| username_needed(draft));
    let live = move || {
        progress.with(|events| match events.last() {
            Some(TestEvent::Started { stage, .. }) => running_label(*stage).to_owned(),
            _ if test.pending().get() => "Starting the test…".to_owned(),
            _ => String::new(),
        })
    };
    // Sign-in with OAuth where it is offered for the preset; the password field goes once
    // signed in, and for presets that take no password (Outlook.com).
    let oauth_shown = Memo::new(move |_| {
        let preset = draft.with(|d| d.provider);
        oauth_offered.with(|offered| preset.is_some_and(|id| offered.contains(&id)))
    });
    // Where password sign-in is being switched off (Microsoft 365), sign-in leads and the app
    // password guide follows as the other way.
    let sign_in_leads = Memo::new(move |_| {
        oauth_shown.get() && draft.with(|d| matches!(d.preset().login.value, Login::Ending { .. }))
    });
    let password_shown = Memo::new(move |_| {
        let oauth_only = draft.with(|d| matches!(d.preset().login.value, Login::OauthOnly { .. }));
        draft.with(|d| d.oauth.is_none()) && !(oauth_only && oauth_shown.get())
    });
    // A sign-in without popup comes back to this page: the widget that started it resumes.
    let oauth_problem = RwSignal::new(None::<String>);
    let oauth_scope = host
        .element
        .as_ref()
        .map(|element| element.id())
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| ids.of("oauth"));
    crate::oauth_return::resume(&oauth_scope, draft, oauth_problem);
    // The one sign-in control, placed where the flow puts it: leading the guide, or beside the
    // password.
    let sign_in = {
        let api_base = api_base.clone();
        move || {
            view! {
                <OauthSignIn ids=ids draft=draft api_base=api_base.clone() scope=oauth_scope.clone() problem=oauth_problem />
            }
        }
    };
    let leading_sign_in = sign_in.clone();
    let save_host = host.clone();
    let save_options = options.clone();
    let save_api_base = api_base.clone();
    view! {
        <section class="sendready" data-theme=host.theme.clone() aria-label="Set up the outgoing e-mail account">
            <form on:submit=submit novalidate>
                <ErrorSummary ids=ids checked=checked attempts=attempts />
                <h3 class="sr-section">"1. Your address"</h3>
                <TextField ids=ids draft=draft checked=checked field=Field::DisplayName
                    label="Display name" autocomplete="name"
                    hint=Signal::derive(|| Some("Shown as the sender, e.g. \u{201c}Acme Support\u{201d}. Optional.".to_owned()))
                    read=|d| d.display_name.clone() write=|d, v| d.display_name = v />
                <TextField ids=ids draft=draft checked=checked field=Field::Email
                    label="E-mail address" kind="email" autocomplete="email"
                    read=|d| d.email.clone() write=Draft::set_email />
                <ProviderPicker ids=ids draft=draft offered=options.providers.clone() />
                <FieldMessages ids=ids draft=draft checked=checked field=Field::Provider />

                {move || provider().map(|id| if sign_in_leads.get() {
                    view! {
                        <h3 class="sr-section">{format!("2. Sign in with {} (recommended)", sign_in_with(id))}</h3>
                        <SignInLead ids=ids provider=id />
                        {leading_sign_in()}
                        <h4 class="sr-subsection">{format!("Or get an app password from {}", short_name(id.provider()))}</h4>
                        <p class="sr-hint">{move || skip_links(ids, id, password_shown.get(), false)}</p>
                        <Guide ids=ids provider=id />
                    }.into_any()
                } else {
                    view! {
                        <h3 class="sr-section">{guide_heading(id)}</h3>
                        <p class="sr-hint">{move || skip_links(ids, id, password_shown.get(), oauth_shown.get())}</p>
                        <Guide ids=ids provider=id />
                    }.into_any()
                })}

                <h3 class="sr-section">{move || if provider().is_some() { "3. Enter it and test" } else { "2. Enter the password and test" }}</h3>
                {move || username_shown.get().then(|| view! {
                    <TextField ids=ids draft=draft checked=checked field=Field::Username
                        label="User name" autocomplete="username"
                        hint=Memo::new(move |_| Some(username_hint(draft)))
                        read=|d| d.username.clone() write=|d, v| d.username = v />
                })}
                {move || (oauth_shown.get() && !sign_in_leads.get()).then(&sign_in)}
                {move || password_shown.get().then(|| view! {
                    <TextField ids=ids draft=draft checked=checked field=Field::Password
                        label=password_label(draft) kind="password" autocomplete="new-password" revealable=true
                        placeholder=Memo::new(move |_| draft.with(|d| d.preset().app_password.and_then(|f| f.value.example).map(str::to_owned)))
                        read=|d| d.password.clone() write=|d, v| d.password = v />
                })}
                <ServerSection ids=ids draft=draft checked=checked />
                <div class="sr-field sr-checkbox">
                    <input id=ids.of("send-test") type="checkbox"
                        prop:checked=move || send_test_message.get()
                        on:change=move |event| draft.update(|d| d.send_test_message = event_target_checked(&event)) />
                    <label for=ids.of("send-test")>"Send a test message to myself"</label>
                </div>
                <div class="sr-actions">
                    <button type="submit" class="sr-primary"
                        aria-describedby=move || why().map(|_| ids.of("why"))
                        aria-disabled=move || (why().is_some() || test.pending().get()).to_string()>
                        {move || if test.pending().get() { "Testing…" } else { "Test" }}
                    </button>
                    {move || why().map(|text| view! { <p class="sr-why" id=ids.of("why")>{text}</p> })}
                </div>
            </form>
            <p class="sr-visually-hidden" role="status" aria-live="polite">{live}</p>
            <div class="sr-outcome" id=ids.of("outcome")>
                {move || {
                    if test.pending().get() {
                        return view! { <LiveStages events=progress.get() /> }.into_any();
                    }
                    match test.value().get() {
                        None => ().into_any(),
                        Some((_, Ok(outcome))) => {
                            let instead = sign_in_instead(&outcome.report, oauth_shown.get_untracked(), draft);
                            view! {
                                <ReportView ids=ids report=outcome.report shown_guide=provider().unwrap_or(ProviderId::Other)>
                                    {instead.map(|who| view! {
                                        <p class="sr-instead" data-instead="sign_in">
                                            "No password needed: "
                                            <a href=format!("#{}", ids.of("oauth"))>{format!("sign in with {who} instead")}</a>
                                            ". The mailbox must still allow SMTP AUTH."
                                        </p>
                                    })}
                                </ReportView>
                            }.into_any()
                        }
                        Some((_, Err(ClientError::Limited { body, wait, retry_after_s }))) => view! {
                            <RetryWait wait=wait seconds=retry_after_s remaining=wait_s limits=body.error.message />
                        }.into_any(),
                        Some((_, Err(error))) => view! {
                            <div class="sr-error" role="alert" data-code=error_code(&error)>
                                <p>{paragraph(&error.message())}</p>
                                {error.detail().map(|detail| view! {
                                    <p class="sr-detail">{format!("What the browser said: {detail}.")}</p>
                                })}
                            </div>
                        }.into_any(),
                    }
                }}
            </div>
            {move || passed.get().map(|(form, settings, attestation)| view! {
                <SavePanel api_base=save_api_base.clone() host=save_host.clone() admin_token=save_options.admin_token.clone() form=form settings=settings attestation=attestation
                    oauth=draft.with_untracked(|d| d.oauth.as_ref().map(SignedIn::session)) />
            })}
            <PasteError ids=ids draft=draft />
        </section>
    }
}

/// Host, port and security: a line of text for fixed presets, a list of servers for presets
/// with a choice, and typed fields for "other" and self-hosted servers.
#[component]
fn ServerSection(
    ids: Ids,
    draft: RwSignal<Draft>,
    checked: Memo<sendready_shared::settings::Checked>,
) -> impl IntoView {
    let shape = Memo::new(move |_| draft.with(|d| (d.server_fields(), d.provider)));
    // The lists' choices as memos, so their options' effects run only when a choice changes.
    let host = Memo::new(move |_| draft.with(|d| d.host.clone()));
    let security = Memo::new(move |_| draft.with(|d| d.security.clone()));
    move || {
        let (fields, _) = shape.get();
        let preset = draft.with_untracked(Draft::preset);
        match fields {
        ServerFields::Fixed => {
            let host = match preset.host.value {
                HostRule::Fixed { host } => host,
                _ => "",
            };
            let port = preset.recommended_port();
            let text = port.map_or_else(
                || format!("Server: {host}"),
                |port| format!("Server: {host}, port {}, {}", port.port, port.security),
            );
            view! { <p class="sr-server-line" data-field="server">{text}</p> }.into_any()
        }
        ServerFields::Choice => {
            let options = match preset.host.value {
                HostRule::Choice { options } => options,
                _ => &[],
            };
            view! {
                <div class="sr-field" data-field="host">
                    <label for=ids.of("host")>"Server"</label>
                    <select id=ids.of("host") name="host"
                        on:change=move |event| draft.update(|d| d.host = event_target_value(&event))>
                        <option value="" selected=move || host.with(String::is_empty)>"Pick from my address"</option>
                        {options.iter().map(|option| view! {
                            <option value=option.host selected=move || host.with(|host| host == option.host)>
                                {format!("{} ({})", option.label, option.host)}
                            </option>
                        }).collect_view()}
                    </select>
                    <FieldMessages ids=ids draft=draft checked=checked field=Field::Host />
                </div>
            }
            .into_any()
        }
        ServerFields::Typed => view! {
            <TextField ids=ids draft=draft checked=checked field=Field::Host
                label="SMTP server" placeholder=Signal::derive(move || Some(host_example(draft)))
                read=|d| d.host.clone() write=|d, v| d.host = v />
            <TextField ids=ids draft=draft checked=checked field=Field::Port
                label="Port" hint=Signal::derive(|| Some("Usually 587 (STARTTLS) or 465 (implicit TLS). Empty picks the usual one.".to_owned()))
                read=|d| d.port.clone() write=|d, v| d.port = v />
            <div class="sr-field" data-field="security">
                <label for=ids.of("security")>"Security"</label>
                <select id=ids.of("security") name="security"
                    on:change=move |event| draft.update(|d| d.security = event_target_value(&event))>
                    <option value="" selected=move || security.with(String::is_empty)>"Usual for the port"</option>
                    <option value="starttls" selected=move || security.with(|mode| mode == "starttls")>
                        "STARTTLS (encryption after connecting, usually port 587)"
                    </option>
                    <option value="implicit_tls" selected=move || security.with(|mode| mode == "implicit_tls")>
                        "SSL/TLS (encrypted from the start, usually port 465)"
                    </option>
                </select>
                <FieldMessages ids=ids draft=draft checked=checked field=Field::Security />
            </div>
        }
        .into_any(),
    }
    }
}

/// Past the guide: to the password field when there is one, and to "Sign in with …" where the
/// host offers OAuth for the preset (then no app password is needed at all).
fn skip_links(ids: Ids, id: ProviderId, password: bool, oauth: bool) -> impl IntoView {
    let who = sign_in_with(id);
    view! {
        {password.then(|| view! {
            "Already have one? "
            <a href=format!("#{}", ids.of("password"))>"Skip to the password"</a>
        })}
        {(password && oauth).then_some(". Or need none: ")}
        {oauth.then(|| view! {
            <a href=format!("#{}", ids.of("oauth"))>
                {if password { format!("sign in with {who} instead") } else { format!("Sign in with {who}") }}
            </a>
        })}
    }
}

/// Who to sign in with instead, after a password the server refused in a way sign-in avoids
/// (password sign-in off, an app password wanted, the password refused), where it is offered.
fn sign_in_instead(
    report: &sendready_shared::session::TestReport,
    offered: bool,
    draft: RwSignal<Draft>,
) -> Option<&'static str> {
    use sendready_shared::diagnosis::DiagnosisKind;
    let kind = report.diagnosis.as_ref()?.kind;
    let avoided = matches!(
        kind,
        DiagnosisKind::SmtpAuthDisabled
            | DiagnosisKind::AppPasswordRequired
            | DiagnosisKind::BadCredentials
    );
    let password = draft.with_untracked(|d| d.oauth.is_none());
    let preset = draft.with_untracked(|d| d.provider)?;
    (avoided && offered && password).then(|| sign_in_with(preset))
}

/// The guide's heading: what the person is about to do with this provider.
fn guide_heading(id: ProviderId) -> String {
    let preset = id.provider();
    match (id, preset.login.value) {
        (ProviderId::Other, _) => "2. Get an app password from your provider".to_owned(),
        (_, Login::OauthOnly { .. }) => format!("2. Before you start: {}", short_name(preset)),
        (_, Login::AccountPassword) => format!("2. Prepare your {} account", short_name(preset)),
        _ => format!("2. Get an app password from {}", short_name(preset)),
    }
}

/// "App password" where the preset has them, else "Password".
fn password_label(draft: RwSignal<Draft>) -> &'static str {
    if draft.with_untracked(|d| d.preset().app_password.is_some()) {
        "App password"
    } else {
        "Password"
    }
}

/// The user name field shows where the preset signs in with something other than the address.
fn username_needed(draft: RwSignal<Draft>) -> bool {
    // Signed in with OAuth, the user name is the signed-in address.
    draft.with(|d| {
        d.oauth.is_none()
            && (!d.username.is_empty()
                || matches!(d.preset().username.value, UsernameRule::AccountName { .. }))
    })
}

fn username_hint(draft: RwSignal<Draft>) -> String {
    draft.with(|d| match d.preset().username.value {
        UsernameRule::AccountName { hint }
            if d.preset().category == sendready_shared::providers::Category::SendingService =>
        {
            format!("Enter {hint}.")
        }
        UsernameRule::AccountName { hint } => {
            format!("Leave empty to use your e-mail address. Expected: {hint}.")
        }
        UsernameRule::EmailAddress => "Empty means your e-mail address.".to_owned(),
    })
}

fn host_example(draft: RwSignal<Draft>) -> String {
    draft.with_untracked(|d| match d.preset().host.value {
        HostRule::Typed { example, .. } => example.to_owned(),
        _ => "smtp.example.com".to_owned(),
    })
}

fn error_code(error: &ClientError) -> &'static str {
    match error {
        ClientError::Limited { wait, .. } => wait.code().as_str(),
        ClientError::Refused(body) => match body.error.code {
            code @ (ErrorCode::RateLimited | ErrorCode::RelayBusy) => code.as_str(),
            _ => "refused",
        },
        ClientError::Unreachable(_) => "unreachable",
    }
}
