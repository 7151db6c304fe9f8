//! The account form as typed by a person (`RawForm`) and the checked settings it parses into.
//!
//! Parse, don't validate: `RawForm::check` returns either `SmtpSettings`, whose fields can be
//! trusted everywhere else, or every `FieldError` at once so the form can mark them all, plus
//! non-blocking `FieldWarning`s. The widget runs it on every keystroke and the worker on every
//! request, so both enforce the same rules; the rules themselves are in `settings/rules.rs`,
//! read the provider catalogue in `crate::providers`, and leave typed server names to the
//! destination policy in `crate::policy`.

mod rules;

use lettre::Address;
use serde::{Deserialize, Serialize};

use crate::ground::Security;
use crate::policy::DestinationPolicy;
use crate::providers::ProviderId;
use crate::secret::Secret;

/// The form exactly as a person filled it in; every field is text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawForm {
    pub provider: String,
    pub display_name: String,
    pub email: String,
    pub username: String,
    #[serde(serialize_with = "crate::secret::expose")]
    pub password: Secret,
    pub host: String,
    pub port: String,
    pub security: String,
}

/// Settings that passed every rule: the only input the probe accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpSettings {
    pub provider: ProviderId,
    /// The sender address.
    pub email: Address,
    /// The name shown in the From header; empty when none was given.
    pub display_name: String,
    /// Lower-case DNS name or IP literal (IPv6 without brackets) that passed the destination
    /// policy.
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The sign-in name: what was typed, or the e-mail address when that was left empty.
    pub username: String,
    /// The password with the provider's readability separators removed (see `PasswordFormat`).
    pub password: Secret,
}

/// The outcome of checking a form: the settings or every error, and warnings either way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub settings: Result<SmtpSettings, Vec<FieldError>>,
    pub warnings: Vec<FieldWarning>,
}

/// The form fields, as named in the API and in the widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Provider,
    DisplayName,
    Email,
    Username,
    Password,
    Host,
    Port,
    Security,
}

/// One broken rule on one field, with a message a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    /// Stable machine-readable reason, e.g. `required`, `invalid_port`.
    pub code: String,
    pub message: String,
}

/// Something that will probably fail or surprise, but does not stop the test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldWarning {
    pub field: Field,
    /// Stable machine-readable reason, e.g. `not_app_password`.
    pub code: String,
    pub message: String,
    /// The guide step that fixes it, e.g. `gmail.create_app_password`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
}

/// How the account signs in to its SMTP server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignIn {
    /// With the password field's password (AUTH PLAIN or LOGIN).
    Password,
    /// With an OAuth access token (AUTH XOAUTH2): the password field holds the grant handle.
    Oauth,
}

/// What an OAuth sign-in's `SmtpSettings::password` starts with, before the grant handle.
pub const GRANT_PREFIX: &str = "oauth:";

impl RawForm {
    /// Checks every rule: the typed settings or all field errors at once, plus warnings.
    /// Typed server names must pass the strict default `DestinationPolicy`.
    pub fn check(&self) -> Checked {
        rules::check(self, &DestinationPolicy::default(), SignIn::Password)
    }

    /// `check` with the caller's destination policy, e.g. one that allows loopback servers
    /// in local development.
    pub fn check_with(&self, policy: &DestinationPolicy) -> Checked {
        rules::check(self, policy, SignIn::Password)
    }

    /// `check_with` for an account that signs in with OAuth: the password field holds the grant
    /// handle, and the password rules and password deprecations do not apply.
    pub fn check_oauth_with(&self, policy: &DestinationPolicy) -> Checked {
        rules::check(self, policy, SignIn::Oauth)
    }

    /// Checks every rule and returns the typed settings or all field errors at once.
    pub fn parse(&self) -> Result<SmtpSettings, Vec<FieldError>> {
        self.check().settings
    }
}

impl SmtpSettings {
    /// The OAuth grant handle of settings checked with `check_oauth_with`.
    pub fn grant_handle(&self) -> Option<&str> {
        self.password.expose().strip_prefix(GRANT_PREFIX)
    }
}

impl Checked {
    /// The errors, empty when the settings parsed.
    pub fn errors(&self) -> &[FieldError] {
        match &self.settings {
            Ok(_) => &[],
            Err(errors) => errors,
        }
    }
}

impl Field {
    /// Every field, in the order the widget's form shows them.
    pub const ALL: [Field; 8] = [
        Field::Provider,
        Field::DisplayName,
        Field::Email,
        Field::Username,
        Field::Password,
        Field::Host,
        Field::Port,
        Field::Security,
    ];

    /// The field's name in the API and the widget (its serde name), e.g. `display_name`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Provider => "provider",
            Field::DisplayName => "display_name",
            Field::Email => "email",
            Field::Username => "username",
            Field::Password => "password",
            Field::Host => "host",
            Field::Port => "port",
            Field::Security => "security",
        }
    }

    /// The field's name as written in messages, e.g. "e-mail address".
    pub fn label(self) -> &'static str {
        match self {
            Field::Provider => "provider",
            Field::DisplayName => "display name",
            Field::Email => "e-mail address",
            Field::Username => "user name",
            Field::Password => "password",
            Field::Host => "server name",
            Field::Port => "port",
            Field::Security => "security",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fields_name_is_its_name_in_the_api() {
        for field in Field::ALL {
            let serialized = serde_json::to_value(field).expect("a field serializes");
            assert_eq!(serialized, field.name());
        }
    }

    fn gmail_form() -> RawForm {
        RawForm {
            provider: "gmail".to_owned(),
            email: "ada@gmail.com".to_owned(),
            password: Secret::new("abcd efgh ijkl mnop"),
            ..RawForm::default()
        }
    }

    #[test]
    fn a_preset_form_parses_with_the_recommended_port() {
        let settings = gmail_form().parse().map_err(|errors| format!("{errors:?}"));
        let settings = settings.as_ref().map(|s| {
            (
                s.host.as_str(),
                s.port,
                s.security,
                s.username.as_str(),
                s.password.expose(),
            )
        });
        assert_eq!(
            settings,
            Ok((
                "smtp.gmail.com",
                465,
                Security::ImplicitTls,
                "ada@gmail.com",
                "abcdefghijklmnop"
            ))
        );
    }

    #[test]
    fn parse_and_check_agree() {
        let form = RawForm::default();
        assert_eq!(form.parse().err(), Some(form.check().errors().to_vec()));
    }

    #[test]
    fn secrets_never_print() {
        let form = gmail_form();
        assert!(!format!("{form:?}").contains("abcd"));
        let settings = form.parse().expect("the gmail form is valid");
        assert!(!format!("{settings:?}").contains("abcd"));
    }

    #[test]
    fn a_form_carries_its_password_in_a_request_body() {
        // The widget posts the form as JSON; only request bodies serialise a `Secret`.
        let form = gmail_form();
        let json = serde_json::to_string(&form).unwrap_or_default();
        let back: RawForm = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, form);
    }
}
