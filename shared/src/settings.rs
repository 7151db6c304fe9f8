//! The account form as typed by a person (`RawForm`) and the checked settings it parses into.
//!
//! Parse, don't validate: `RawForm::parse` returns either `SmtpSettings`, whose fields can be
//! trusted everywhere else, or every `FieldError` at once so the form can mark them all.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How the connection is secured before AUTH.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// Plain TCP, then `STARTTLS` (RFC 3207), usually port 587.
    Starttls,
    /// TLS from the first byte (RFC 8314), usually port 465.
    ImplicitTls,
}

/// A secret (password, token) that never prints itself.
#[derive(Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

/// The form exactly as a person filled it in; every field is text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawForm {
    pub provider: String,
    pub display_name: String,
    pub email: String,
    pub username: String,
    #[serde(skip_serializing)]
    pub password: Secret,
    pub host: String,
    pub port: String,
    pub security: String,
}

/// Settings that passed every rule: the only input the probe accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: String,
    pub password: Secret,
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
    /// Stable machine-readable reason, e.g. `required`, `not_a_number`.
    pub code: String,
    pub message: String,
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the one place that must send it (AUTH).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl RawForm {
    /// Checks every rule and returns the typed settings or all field errors at once.
    pub fn parse(&self) -> Result<SmtpSettings, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, code: &str, message: &str| {
            errors.push(FieldError { field, code: code.to_owned(), message: message.to_owned() });
        };
        let host = self.host.trim();
        if host.is_empty() {
            fail(Field::Host, "required", "enter the SMTP server name, for example smtp.example.com");
        }
        let port = match self.port.trim().parse::<u16>() {
            Ok(0) | Err(_) => {
                fail(Field::Port, "invalid_port", "enter a port number from 1 to 65535, usually 587 or 465");
                0
            }
            Ok(port) => port,
        };
        let security = match self.security.as_str() {
            "starttls" => Security::Starttls,
            "implicit_tls" => Security::ImplicitTls,
            _ => {
                fail(Field::Security, "invalid_security", "choose STARTTLS or implicit TLS");
                Security::Starttls
            }
        };
        let username = self.username.trim();
        if username.is_empty() {
            fail(Field::Username, "required", "enter the user name, usually your full e-mail address");
        }
        if self.password.is_empty() {
            fail(Field::Password, "required", "enter the app password created for this application");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SmtpSettings {
            host: host.to_owned(),
            port,
            security,
            username: username.to_owned(),
            password: self.password.clone(),
        })
    }
}
