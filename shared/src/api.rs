//! The HTTP API's request and response bodies: plain data shared by the worker and the widget.
//!
//! Only the adapters turn these into HTTP; here they are serde types, and in `error` the one
//! error shape every endpoint can answer with. `openapi.yaml` documents the same shapes.

use serde::{Deserialize, Serialize};

mod error;
pub use error::{ApiError, ErrorBody, ErrorCode, relay_busy_wait_s};

use crate::attestation::Attestation;
use crate::diagnosis::Diagnosis;
use crate::ground::Security;
use crate::providers::ProviderId;
use crate::relay::Route;
use crate::session::TestReport;
use crate::settings::{FieldError, FieldWarning, RawForm, SmtpSettings};
use crate::smtp::{ProbeReport, Stage, StageEvent, StageReport};

/// `POST /api/test`: the form as typed, checked again by the worker before anything connects.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct TestRequest {
    pub form: RawForm,
    /// After AUTH, send one test message to the account's own address.
    #[serde(default)]
    pub send_test_message: bool,
    /// Present when the account signs in with OAuth: the form's password field then holds the
    /// grant handle from the sign-in, and the test runs with XOAUTH2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<OauthSession>,
}

/// The widget session that started an OAuth sign-in: its random secret (at least 32
/// characters), kept in the page's memory. Only its SHA-256 is ever stored.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct OauthSession {
    #[serde(serialize_with = "crate::secret::expose")]
    pub session: crate::secret::Secret,
}

/// `POST /api/oauth/start`: begin signing in with the preset's provider in a popup.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct OauthStartRequest {
    pub provider: ProviderId,
    #[serde(flatten)]
    pub session: OauthSession,
    /// The address typed in the form, for the provider to preselect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_hint: Option<String>,
    /// The widget's page, when the sign-in runs in the page's own window (the popup was
    /// blocked): the callback then sends the browser back there with the outcome in the
    /// fragment. Its origin must be the API's own or one of `ALLOWED_ORIGINS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_to: Option<String>,
}

/// The answer to `GET /api/oauth/providers`: the presets this deployment signs in to with
/// OAuth (it has a client registered for them), in catalogue order. The widget offers
/// "Sign in with …" only for these.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct OauthProviders {
    pub providers: Vec<ProviderId>,
}

/// The answer to `POST /api/oauth/start`: where to open the popup.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct OauthStartResponse {
    /// The provider's authorization URL.
    pub url: String,
    /// "Microsoft", "Google", or the provider's name, for the button.
    pub sign_in_with: String,
}

/// What the callback page posts to the window that opened it (`type` `sendready:oauth`):
/// a handle to the stored grant, never a token.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct OauthSignedIn {
    /// The grant handle: 32 hex characters, usable only with the session that started it.
    pub grant: String,
    /// The address the person signed in with: the account's address and user name.
    pub email: String,
    pub provider: ProviderId,
}

/// One line of the `POST /api/test` answer (`application/x-ndjson`): progress events as
/// stages start and finish, then exactly one `report`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum TestEvent {
    Started {
        stage: Stage,
        start_ms: u64,
    },
    Finished(StageReport),
    Report {
        report: Box<TestReport>,
        /// Present only after a successful test: what `POST /api/accounts` needs to save
        /// exactly these settings.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        attestation: Option<Attestation>,
    },
}

/// `POST /api/validate`: the same check the widget runs on every keystroke.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ValidateRequest {
    pub form: RawForm,
}

/// The answer to `POST /api/validate`; `valid` is true when `errors` is empty.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct ValidateResponse {
    pub valid: bool,
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldWarning>,
}

/// `POST /api/diagnose`: a pasted server reply, with what is known about where it came from.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct DiagnoseRequest {
    pub reply: String,
    /// `greeting ehlo starttls auth mail_from rcpt_to data quit`, or as logs write them.
    #[serde(default)]
    pub stage: Option<String>,
    /// The SMTP host the reply came from, e.g. `smtp.gmail.com`.
    #[serde(default)]
    pub host: Option<String>,
    /// The preset the person uses, when known: its advice and guide steps apply even when the
    /// host name does not reveal the provider.
    #[serde(default)]
    pub provider: Option<ProviderId>,
}

/// The answer to `POST /api/diagnose`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct DiagnoseResponse {
    pub diagnosis: Diagnosis,
}

/// `POST /api/accounts` (with `Authorization: Bearer <admin token>`): save the settings that
/// the attestation says were tested successfully.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct SaveAccountRequest {
    pub form: RawForm,
    pub attestation: String,
    /// As in `TestRequest`: the account signs in with the OAuth grant in the password field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<OauthSession>,
}

/// Checked settings as people and host pages see them: everything but the password. The
/// widget's `sendready:tested` event carries them; a saved account shows them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct PublicSettings {
    pub provider: ProviderId,
    pub display_name: String,
    pub email: String,
    pub username: String,
    pub host: String,
    pub port: u16,
    pub security: Security,
}

/// A saved system e-mail account, as the API shows it: never the password.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct SavedAccount {
    pub id: String,
    pub tenant: String,
    #[serde(flatten)]
    pub settings: PublicSettings,
    /// Seconds since the Unix epoch.
    pub saved_at: u64,
}

impl SavedAccount {
    /// Reads a `POST /api/accounts` answer into the same value `Deserialize` gives, without
    /// serde's buffering of the flattened `settings` (see `TestEvent::from_line`): the record's
    /// own fields, then the settings from the same object.
    pub fn from_json(body: &str) -> Result<Self, serde_json::Error> {
        #[derive(Deserialize)]
        struct Record {
            id: String,
            tenant: String,
            saved_at: u64,
        }
        let Record {
            id,
            tenant,
            saved_at,
        } = serde_json::from_str(body)?;
        Ok(Self {
            id,
            tenant,
            settings: serde_json::from_str(body)?,
            saved_at,
        })
    }
}

impl From<&SmtpSettings> for PublicSettings {
    fn from(settings: &SmtpSettings) -> Self {
        Self {
            provider: settings.provider,
            display_name: settings.display_name.clone(),
            email: settings.email.to_string(),
            username: settings.username.clone(),
            host: settings.host.clone(),
            port: settings.port,
            security: settings.security,
        }
    }
}

impl TestEvent {
    /// Reads one line of the `POST /api/test` stream into the same value `Deserialize` gives.
    ///
    /// The widget reads the stream with this instead of `serde_json::from_str::<TestEvent>`:
    /// serde reads an internally tagged enum (`"event"`) and a flattened struct (the report's
    /// probe fields) by first buffering the whole object in a generic `Content` tree, and that
    /// machinery, instantiated for every type of the report, was about 60 KB of the widget's
    /// WASM. Here the event name is read first and the fields then go straight into their
    /// types, one small pass over the line each. It takes text, as `gloo-net`'s `json()` does,
    /// so the widget carries one instantiation of serde_json's reader, not two.
    pub fn from_line(line: &str) -> Result<Self, serde_json::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Name {
            Started,
            Finished,
            Report,
        }
        #[derive(Deserialize)]
        struct Head {
            event: Name,
        }
        #[derive(Deserialize)]
        struct Started {
            stage: Stage,
            start_ms: u64,
        }
        #[derive(Deserialize)]
        struct Report {
            report: ProbeReport,
            #[serde(default)]
            attestation: Option<Attestation>,
        }
        #[derive(Deserialize)]
        struct Explained {
            report: Diagnosed,
        }
        #[derive(Deserialize)]
        struct Diagnosed {
            diagnosis: Option<Diagnosis>,
            #[serde(default)]
            route: Option<Route>,
        }
        Ok(match serde_json::from_str::<Head>(line)?.event {
            Name::Started => {
                let Started { stage, start_ms } = serde_json::from_str(line)?;
                Self::Started { stage, start_ms }
            }
            Name::Finished => Self::Finished(serde_json::from_str(line)?),
            Name::Report => {
                let Report {
                    report,
                    attestation,
                } = serde_json::from_str(line)?;
                let Explained {
                    report: Diagnosed { diagnosis, route },
                } = serde_json::from_str(line)?;
                Self::Report {
                    report: Box::new(TestReport {
                        probe: report,
                        diagnosis,
                        route,
                    }),
                    attestation,
                }
            }
        })
    }
}

impl From<StageEvent> for TestEvent {
    fn from(event: StageEvent) -> Self {
        match event {
            StageEvent::Started { stage, start_ms } => Self::Started { stage, start_ms },
            StageEvent::Finished(report) => Self::Finished(report),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The widget reads a saved account with `SavedAccount::from_json`, not serde's derive:
    /// both must give the value the worker wrote, field for field.
    #[test]
    fn saved_accounts_read_back_as_written() {
        let account = SavedAccount {
            id: "acc_0123".to_owned(),
            tenant: "tenant-7".to_owned(),
            settings: PublicSettings {
                provider: ProviderId::Gmail,
                display_name: "Ada Lovelace".to_owned(),
                email: "ada@gmail.com".to_owned(),
                username: "ada@gmail.com".to_owned(),
                host: "smtp.gmail.com".to_owned(),
                port: 465,
                security: Security::ImplicitTls,
            },
            saved_at: 1_700_000_000,
        };
        let json = serde_json::to_string(&account).expect("serialisable");
        let derived: SavedAccount = serde_json::from_str(&json).expect("derive reads it");
        assert_eq!(derived, account);
        assert_eq!(
            SavedAccount::from_json(&json).expect("from_json reads it"),
            account
        );
        for (body, wanted) in [
            (r#"{"id":"a","tenant":"t"}"#, "missing field `saved_at`"),
            (
                r#"{"id":"a","tenant":"t","saved_at":1}"#,
                "missing field `provider`",
            ),
        ] {
            let error = SavedAccount::from_json(body).expect_err(body);
            assert!(error.to_string().contains(wanted), "{body}: {error}");
        }
    }
}
