//! The form rules: one function per field, all reading the provider catalogue, all run on every
//! check so a person sees every problem at once.
//!
//! Messages are lower-case sentences without a trailing full stop that say what is wrong and
//! how to fix it. Codes are stable; the widget and the worker may branch on them.

use lettre::Address;

use super::{Checked, Field, FieldError, FieldWarning, RawForm, SignIn, SmtpSettings};
use crate::ground::Security;
use crate::policy::DestinationPolicy;
use crate::providers::{
    self, Category, DomainRule, HostRule, Login, Phase, Provider, ProviderId, UsernameRule,
};
use crate::secret::Secret;

/// Longest display name accepted; the From header stays well under the 78-character line.
const DISPLAY_NAME_MAX: usize = 64;
/// RFC 5321 §4.5.3.1.3: a path is at most 256 octets, 254 without the angle brackets.
const EMAIL_MAX: usize = 254;
/// RFC 5321 §4.5.3.1.1.
const LOCAL_PART_MAX: usize = 64;
/// Keeps `AUTH PLAIN` with both names and the password inside a 512-octet command line.
const USERNAME_MAX: usize = 128;
const PASSWORD_MAX: usize = 128;
/// A port the destination policy always allows, for judging a typed server name on its own.
const NAME_CHECK_PORT: u16 = 587;
/// Ports that mail submission uses; anything else gets a warning.
const USUAL_PORTS: [u16; 4] = [465, 587, 2525, 25];

/// Every error and warning found so far.
#[derive(Default)]
struct Findings {
    errors: Vec<FieldError>,
    warnings: Vec<FieldWarning>,
}

impl Findings {
    fn error(&mut self, field: Field, code: &str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field,
            code: code.to_owned(),
            message: message.into(),
        });
    }

    fn warn(&mut self, field: Field, code: &str, message: impl Into<String>, step: Option<&str>) {
        self.warnings.push(FieldWarning {
            field,
            code: code.to_owned(),
            message: message.into(),
            step: step.map(str::to_owned),
        });
    }
}

/// Runs every rule on `form`, signing in as `sign_in` says.
pub(super) fn check(form: &RawForm, policy: &DestinationPolicy, sign_in: SignIn) -> Checked {
    let mut found = Findings::default();
    let provider_text = clean(Field::Provider, &form.provider, &mut found);
    let display_name = clean(Field::DisplayName, &form.display_name, &mut found);
    let email_text = clean(Field::Email, &form.email, &mut found);
    let username_text = clean(Field::Username, &form.username, &mut found);
    let password_text = clean(Field::Password, form.password.expose(), &mut found);
    let host_text = clean(Field::Host, &form.host, &mut found);
    let port_text = clean(Field::Port, &form.port, &mut found);
    let security_text = clean(Field::Security, &form.security, &mut found);

    // Rules for later fields follow the chosen preset even when it cannot be used (Outlook.com),
    // and fall back to "other" when no preset was chosen.
    let (provider, preset) = match provider_text {
        Some(text) => check_provider(text, sign_in, &mut found),
        None => (None, ProviderId::Other.provider()),
    };
    let display_name = display_name.and_then(|name| check_display_name(name, &mut found));
    let email = email_text.and_then(|email| check_email(email, &mut found));
    let username = username_text
        .and_then(|username| check_username(preset, username, email.as_ref(), &mut found));
    let password = password_text.and_then(|password| match sign_in {
        SignIn::Password => check_password(preset, password, &mut found),
        SignIn::Oauth => check_grant(password, &mut found),
    });
    let domain = email.as_ref().map_or("", Address::domain);
    let host = host_text.and_then(|host| check_host(preset, host, domain, policy, &mut found));
    let port = port_text.and_then(|port| parse_port(port, &mut found));
    let security = security_text.and_then(|security| parse_security(security, &mut found));
    let endpoint = match (port, security) {
        (Some(port), Some(security)) => check_endpoint(preset, port, security, &mut found),
        _ => None,
    };

    let Findings { errors, warnings } = found;
    let settings = match (
        provider,
        display_name,
        email,
        username,
        password,
        host,
        endpoint,
    ) {
        (
            Some(provider),
            Some(display_name),
            Some(email),
            Some(username),
            Some(password),
            Some(host),
            Some((port, security)),
        ) if errors.is_empty() => {
            let username = if username.is_empty() {
                email.to_string()
            } else {
                username
            };
            Ok(SmtpSettings {
                provider,
                email,
                display_name,
                host,
                port,
                security,
                username,
                password,
            })
        }
        _ => Err(errors),
    };
    Checked { settings, warnings }
}

/// The trimmed text, or `None` (with an error) when it holds CR, LF or NUL: those could inject
/// SMTP commands. Passwords are not trimmed, since spaces may belong to them.
fn clean<'a>(field: Field, value: &'a str, found: &mut Findings) -> Option<&'a str> {
    if value.contains(['\r', '\n', '\0']) {
        let what = field.label();
        found.error(
            field,
            "control_character",
            format!("remove the line break or NUL character from the {what}; it must be one line of text"),
        );
        return None;
    }
    Some(if field == Field::Password {
        value
    } else {
        value.trim()
    })
}

/// The chosen preset if it can be used, and the preset whose rules the other fields follow.
fn check_provider(
    text: &str,
    sign_in: SignIn,
    found: &mut Findings,
) -> (Option<ProviderId>, &'static Provider) {
    let other = ProviderId::Other.provider();
    if text.is_empty() {
        found.error(
            Field::Provider,
            "required",
            "choose your e-mail provider, or \"Other provider\" if it is not listed",
        );
        return (None, other);
    }
    let Some(id) = ProviderId::parse(&text.to_ascii_lowercase()) else {
        found.error(
            Field::Provider,
            "unknown_provider",
            "choose a provider from the list, or \"Other provider\" if yours is not listed",
        );
        return (None, other);
    };
    let provider = id.provider();
    let notice = provider.notices.first().map_or("", |notice| notice.text);
    if sign_in == SignIn::Oauth {
        // The deprecations below concern passwords; an OAuth sign-in is what they advise.
        return (Some(id), provider);
    }
    match provider.login.value {
        Login::OauthOnly { .. } => {
            let message = format!(
                "{notice}; this test signs in with a password, so send from another account or use an application that supports OAuth"
            );
            found.error(Field::Provider, "password_sign_in_removed", message);
            return (None, provider);
        }
        Login::Ending { .. } => {
            let step = providers::step_in_phase(id, Phase::KeepWorking, "plan_for_oauth");
            found.warn(Field::Provider, "password_sign_in_ending", notice, step);
        }
        Login::AppPasswordOnly | Login::PasswordUntilSecondFactor | Login::AccountPassword => {}
    }
    (Some(id), provider)
}

/// An OAuth sign-in's password field holds the grant handle `/api/oauth/callback` gave; the
/// settings carry it as `oauth:<handle>`, so an attestation covers the grant and never matches
/// a password test.
fn check_grant(typed: &str, found: &mut Findings) -> Option<Secret> {
    let handle = typed.trim();
    if handle.len() != 32
        || !handle
            .bytes()
            .all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
    {
        let message = "sign in with your provider again: the sign-in handle is not valid";
        found.error(Field::Password, "invalid_grant_handle", message);
        return None;
    }
    Some(Secret::new(format!("{}{handle}", super::GRANT_PREFIX)))
}

fn check_display_name(name: &str, found: &mut Findings) -> Option<String> {
    if name.chars().count() > DISPLAY_NAME_MAX {
        found.error(
            Field::DisplayName,
            "too_long",
            format!("shorten the display name to {DISPLAY_NAME_MAX} characters or fewer"),
        );
        return None;
    }
    Some(name.to_owned())
}

fn check_email(text: &str, found: &mut Findings) -> Option<Address> {
    if text.is_empty() {
        found.error(
            Field::Email,
            "required",
            "enter the e-mail address the application sends from, for example name@example.com",
        );
        return None;
    }
    if text.len() > EMAIL_MAX {
        found.error(
            Field::Email,
            "too_long",
            format!("an e-mail address has at most {EMAIL_MAX} characters; check what was pasted"),
        );
        return None;
    }
    if text
        .rsplit_once('@')
        .is_some_and(|(local, _)| local.len() > LOCAL_PART_MAX)
    {
        let message = format!(
            "the part before the @ has at most {LOCAL_PART_MAX} characters; check the address"
        );
        found.error(Field::Email, "too_long", message);
        return None;
    }
    match text.parse::<Address>() {
        Ok(address) => Some(address),
        Err(_) => {
            let message = if text.contains(['<', '>', ' ', '"']) {
                "enter only the address, without a name, quotes or angle brackets, for example name@example.com"
            } else if !text.contains('@') {
                "the e-mail address needs an @ and a domain, for example name@example.com"
            } else {
                "this is not a valid e-mail address; check for typos such as a comma instead of a dot"
            };
            found.error(Field::Email, "invalid_email", message);
            None
        }
    }
}

/// The typed user name (empty means "the e-mail address"), after the preset's username and
/// domain rules. The domain rule applies to the address that signs in.
fn check_username(
    preset: &Provider,
    text: &str,
    email: Option<&Address>,
    found: &mut Findings,
) -> Option<String> {
    if text.len() > USERNAME_MAX {
        found.error(
            Field::Username,
            "too_long",
            format!("shorten the user name to {USERNAME_MAX} characters or fewer"),
        );
        return None;
    }
    // A sending service's SMTP login is a credential of its own (SendGrid's literal `apikey`,
    // SES's access key id), never the sender's address, which may be any verified address.
    if preset.category == Category::SendingService {
        if text.is_empty() {
            let hint = match preset.username.value {
                UsernameRule::AccountName { hint } => hint,
                UsernameRule::EmailAddress => "its SMTP user name",
            };
            let message = format!("{} needs its own SMTP user name here: {hint}", preset.name);
            found.error(Field::Username, "required", message);
            return None;
        }
        return Some(text.to_owned());
    }
    let typed = (!text.is_empty()).then(|| text.parse::<Address>());
    if let (UsernameRule::EmailAddress, Some(Err(_))) = (preset.username.value, &typed) {
        let message = format!(
            "{} signs in with the full e-mail address; enter it here, or leave the user name empty to use the e-mail address",
            preset.name
        );
        found.error(Field::Username, "invalid_username", message);
        return None;
    }
    let login = match &typed {
        Some(Ok(address)) => Some((address, Field::Username)),
        Some(Err(_)) => None,
        None => email.map(|address| (address, Field::Email)),
    };
    let login_ok =
        login.is_none_or(|(address, field)| check_domain(preset, address.domain(), field, found));
    if let (Some(Ok(login)), Some(email)) = (&typed, email)
        && !AsRef::<str>::as_ref(login).eq_ignore_ascii_case(email.as_ref())
    {
        let message = "the e-mail address differs from the user name; the server only sends from it if it is an alias of that account or the account may send as it";
        found.warn(Field::Email, "sender_differs", message, None);
    }
    login_ok.then(|| text.to_owned())
}

/// False (with an error) when the preset only serves other domains.
fn check_domain(preset: &Provider, domain: &str, field: Field, found: &mut Findings) -> bool {
    let rule = preset.domains.value;
    let listed = || rule.patterns().join(", @").replace(".*", ".…");
    match rule {
        DomainRule::Only { .. } if !rule.lists(domain) => {
            let message = match providers::owner_of_domain(domain, preset.id) {
                Some(owner) => format!(
                    "{} addresses end in @{}; for @{domain} choose {}",
                    preset.name,
                    listed(),
                    owner.name
                ),
                None => format!(
                    "{} addresses end in @{}; check the address or choose the provider that hosts @{domain}",
                    preset.name,
                    listed()
                ),
            };
            found.error(field, "wrong_domain", message);
            return false;
        }
        DomainRule::Usually { .. } if !rule.lists(domain) => {
            let message = format!(
                "{} addresses usually end in @{}; check that @{domain} is really hosted there",
                preset.name,
                listed()
            );
            found.warn(field, "unusual_domain", message, None);
        }
        // A sending service sends for any verified address, a Gmail one included.
        DomainRule::Any if preset.category == Category::SendingService => {}
        DomainRule::Any => {
            if let Some(owner) = providers::owner_of_domain(domain, preset.id) {
                let message = format!(
                    "@{domain} is a {} address; choose {} instead of {}",
                    owner.name, owner.name, preset.name
                );
                found.warn(field, "other_provider", message, None);
            }
        }
        DomainRule::Only { .. } | DomainRule::Usually { .. } => {}
    }
    true
}

fn check_password(preset: &Provider, typed: &str, found: &mut Findings) -> Option<Secret> {
    if typed.is_empty() {
        let message = match &preset.app_password {
            Some(app_password) => format!(
                "enter the {} you created for this application",
                app_password.value.name
            ),
            None => "enter the password for this account".to_owned(),
        };
        found.error(Field::Password, "required", message);
        return None;
    }
    if typed.len() > PASSWORD_MAX {
        found.error(
            Field::Password,
            "too_long",
            format!("a password here has at most {PASSWORD_MAX} characters; check what was pasted"),
        );
        return None;
    }
    let Some(app_password) = &preset.app_password else {
        return Some(Secret::new(typed));
    };
    let format = app_password.value.format;
    if let Some(normalised) = format.normalise(typed) {
        return Some(Secret::new(normalised));
    }
    if preset.login.value == Login::AppPasswordOnly && format.is_known() {
        let message = format!(
            "this looks like your normal password; {} needs the {} {}",
            preset.name,
            format.describe(),
            app_password.value.name
        );
        let step =
            providers::step_in_phase(preset.id, Phase::CreateAppPassword, "create_app_password");
        found.warn(Field::Password, "not_app_password", message, step);
    }
    Some(Secret::new(typed))
}

fn check_host(
    preset: &Provider,
    text: &str,
    email_domain: &str,
    policy: &DestinationPolicy,
    found: &mut Findings,
) -> Option<String> {
    match preset.host.value {
        // Seed 004's pattern: the preset fixes the server, so the field is not even read.
        HostRule::Fixed { host } => Some(host.to_owned()),
        HostRule::Choice { options } => {
            if text.is_empty() {
                let (host, guessed) = preset.default_host(email_domain)?;
                if guessed && !email_domain.is_empty() {
                    let label = options
                        .iter()
                        .find(|option| option.host == host)
                        .map_or("", |option| option.label);
                    let message = format!(
                        "using {host} ({label}); choose another server if your account is on another plan or in another data centre"
                    );
                    let step = providers::step_in_phase(preset.id, Phase::Prepare, "choose_server");
                    found.warn(Field::Host, "host_guessed", message, step);
                }
                return Some(host);
            }
            let chosen = options
                .iter()
                .find(|option| option.host.eq_ignore_ascii_case(text));
            if chosen.is_none() {
                let hosts: Vec<&str> = options.iter().map(|option| option.host).collect();
                let message = format!(
                    "{text} is not a {} server; choose one of {}",
                    preset.name,
                    hosts.join(", ")
                );
                found.error(Field::Host, "host_not_offered", message);
            }
            chosen.map(|option| option.host.to_owned())
        }
        HostRule::Typed { example, .. } => {
            if text.is_empty() {
                let message = match preset.default_host(email_domain) {
                    Some((usual, _)) => format!(
                        "enter your {} server name; it is usually {usual}",
                        preset.name
                    ),
                    None => format!("enter the SMTP server name, for example {example}"),
                };
                found.error(Field::Host, "required", message);
                return None;
            }
            // Only the name is judged here; `check_endpoint` judges the port on its own.
            policy
                .check_destination(text, NAME_CHECK_PORT)
                .map(|destination| destination.host.to_string())
                .map_err(|problem| found.error(Field::Host, problem.code(), problem.to_string()))
                .ok()
        }
    }
}

fn parse_port(text: &str, found: &mut Findings) -> Option<Option<u16>> {
    if text.is_empty() {
        return Some(None);
    }
    match text.parse::<u16>() {
        Ok(port) if port > 0 => Some(Some(port)),
        _ => {
            found.error(
                Field::Port,
                "invalid_port",
                "enter a port number from 1 to 65535, usually 465 or 587",
            );
            None
        }
    }
}

fn parse_security(text: &str, found: &mut Findings) -> Option<Option<Security>> {
    match text.to_ascii_lowercase().as_str() {
        "" => Some(None),
        "starttls" => Some(Some(Security::Starttls)),
        "implicit_tls" => Some(Some(Security::ImplicitTls)),
        _ => {
            found.error(
                Field::Security,
                "invalid_security",
                "choose STARTTLS or implicit TLS",
            );
            None
        }
    }
}

/// The port and TLS mode: one the preset offers, or for typed servers whatever was chosen as
/// long as the TLS mode fits the port. Empty fields take the recommended or matching value.
fn check_endpoint(
    preset: &Provider,
    port: Option<u16>,
    security: Option<Security>,
    found: &mut Findings,
) -> Option<(u16, Security)> {
    if let (Some(port), Some(security)) = (port, security)
        && let Some(message) = mismatch(port, security)
    {
        found.error(Field::Security, "tls_mismatch", message);
        return None;
    }
    let recommended = preset.recommended_port()?;
    if let HostRule::Typed { .. } = preset.host.value {
        let (port, security) = match (port, security) {
            (None, None) => (recommended.port, recommended.security),
            (Some(port), None) => (
                port,
                if port == 465 {
                    Security::ImplicitTls
                } else {
                    Security::Starttls
                },
            ),
            (None, Some(security)) => (
                if security == Security::ImplicitTls {
                    465
                } else {
                    587
                },
                security,
            ),
            (Some(port), Some(security)) => (port, security),
        };
        if port == 25 {
            let message = "port 25 is for server-to-server mail and this test cannot connect to it; use 587 or 465 if your server offers them";
            found.warn(Field::Port, "port_25", message, None);
        } else if !USUAL_PORTS.contains(&port) {
            let message = format!(
                "port {port} is unusual for sending mail; check it against your provider's settings (usually 465 or 587)"
            );
            found.warn(Field::Port, "unusual_port", message, None);
        }
        return Some((port, security));
    }
    let offered = preset.ports;
    let chosen = match (port, security) {
        (None, None) => Some(recommended),
        (Some(port), None) => offered.iter().find(|option| option.port == port),
        (None, Some(security)) => offered
            .iter()
            .filter(|option| option.security == security)
            .max_by_key(|option| option.recommended),
        (Some(port), Some(security)) => offered
            .iter()
            .find(|option| option.port == port && option.security == security),
    };
    if chosen.is_none() {
        let choices: Vec<String> = offered
            .iter()
            .map(|option| format!("port {} with {}", option.port, option.security))
            .collect();
        let field = if port.is_some_and(|port| offered.iter().all(|option| option.port != port)) {
            Field::Port
        } else {
            Field::Security
        };
        let message = format!(
            "{} accepts {}; choose that, or leave port and security empty to use port {}",
            preset.name,
            choices.join(" or "),
            recommended.port
        );
        found.error(field, "not_offered", message);
    }
    chosen.map(|option| (option.port, option.security))
}

/// The message for the two combinations that never work: TLS mode and port disagree.
fn mismatch(port: u16, security: Security) -> Option<&'static str> {
    match (port, security) {
        (465, Security::Starttls) => Some(
            "port 465 expects TLS from the first byte; choose implicit TLS, or use port 587 with STARTTLS",
        ),
        (587, Security::ImplicitTls) => Some(
            "port 587 starts in plain text and switches with STARTTLS; choose STARTTLS, or use port 465 with implicit TLS",
        ),
        _ => None,
    }
}
