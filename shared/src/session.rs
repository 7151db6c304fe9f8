//! The test session: validate → admit under the abuse limits → probe → count a refused sign-in →
//! attest, as one sans-IO state machine that the worker (and the relay) drive.
//!
//! `TestSession::new` parses the form (every field error at once). Then the driver loops on
//! `poll_step` and carries out each `Step`: it asks the limit counter a `LimitQuery` and answers
//! with `handle_decision`, fetches an OAuth access token and answers with `handle_access_token`,
//! runs a `Probe` with the `ProbeConfig` and answers with `handle_report`, records a failed
//! sign-in and answers with `handle_recorded`, until the step is `Finish` (the report, its
//! diagnosis and, after a success, the attestation) or `Refuse`.
//!
//! An OAuth session (`new_oauth`) asks for its access token only after the limits admitted the
//! test: getting one may refresh it at the provider (and rotate the stored refresh token), which
//! a refused test must never cause.
//!
//! The limit queries are independent, so `poll_step` hands out every one before it wants an
//! answer: a driver may ask them all at once and answer in the order they were handed out (one
//! round trip of waiting instead of one per query), or ask and answer one at a time. Either way
//! the first refusal in that order decides, and the client's test is taken whatever the
//! account's answer, exactly as when they are asked one after the other.
//! The session never touches a socket, storage or the clock: the driver passes time in.

use std::collections::VecDeque;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::attestation::{self, Attestation, SecretKey};
use crate::diagnosis::{self, Diagnosis};
use crate::limits::{self, Decision, LimitQuery, Limited};
use crate::policy::DestinationPolicy;
use crate::providers::ProviderId;
use crate::relay::Route;
use crate::secret::Secret;
use crate::settings::{FieldError, RawForm, SmtpSettings};
use crate::smtp::{Credential, Deadlines, Outcome, ProbeConfig, ProbeReport, TestMessage};

/// What the driver knows about this request and its deployment.
#[derive(Clone, Debug)]
pub struct TestContext {
    pub policy: DestinationPolicy,
    /// The name the probe gives in EHLO and in the test message's `Message-ID`.
    pub ehlo_name: String,
    /// The client's address, for its test budget.
    pub client_ip: String,
    /// Unix milliseconds when the request arrived: the test message's `Date`.
    pub now_unix_ms: u64,
    /// Random, unguessable text from the driver's CSPRNG, for the test message's `Message-ID`.
    pub nonce: String,
    /// The key attestations are signed with.
    pub attestation_key: SecretKey,
}

/// Why a session ended before or instead of a probe. Each maps to one API error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    /// The form broke one or more rules; nothing was connected.
    InvalidSettings(Vec<FieldError>),
    /// The client's test budget or the account's failed sign-ins are used up.
    Limited(Limited),
    /// The limit counter could not answer, so nothing was tested (fail closed).
    LimiterUnavailable,
}

/// The next thing the driver must do.
#[derive(Clone, Debug)]
pub enum Step {
    /// Ask the limit counter named by the query, then call `handle_decision`; several may be
    /// outstanding at once, answered in the order they were handed out.
    AskLimit(LimitQuery),
    /// An OAuth session was admitted: get the grant's access token (refreshed at the provider
    /// when due), then call `handle_access_token`; when there is none, the driver answers with
    /// why and drops the session.
    NeedAccessToken,
    /// Run a probe with this configuration (streaming its events), then call `handle_report`.
    Probe(Box<ProbeConfig>),
    /// Count this failed sign-in, then call `handle_recorded` with whether it was stored.
    RecordFailure(LimitQuery),
    /// The session is over: send the outcome to the client.
    Finish(Box<TestOutcome>),
    /// The session is over without a probe: answer with this error.
    Refuse(SessionError),
}

/// A finished probe with its explanation, as the API sends it: the probe report's fields plus
/// `diagnosis`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestReport {
    #[serde(flatten)]
    pub probe: ProbeReport,
    /// Why the test failed and what to do; `None` on success.
    pub diagnosis: Option<Diagnosis>,
    /// Whether the worker connected itself or the relay did; the driver that knows sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
}

/// Everything the session produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestOutcome {
    pub report: TestReport,
    /// Present only after a successful test: what saving exactly these settings needs.
    pub attestation: Option<Attestation>,
    /// `Some(false)` when a refused sign-in could not be counted (the driver logs it).
    pub failure_counted: Option<bool>,
}

/// Where the session stands.
#[derive(Debug)]
enum Phase {
    /// Asking the limit counters: `TestSession::queries` are still to be handed out,
    /// `outstanding` were handed out and not answered yet, `refused` is the first refusal.
    Admitting {
        outstanding: usize,
        refused: Option<SessionError>,
    },
    /// Admitted, waiting for the OAuth access token; `Some` once the driver gave it.
    Authorizing { token: Option<Secret> },
    /// The probe runs.
    Probing { started: bool },
    /// A refused sign-in is being counted.
    Recording {
        outcome: Box<TestOutcome>,
        asked: bool,
    },
    /// Finished; `poll_step` has nothing more.
    Done,
}

/// One test of one set of settings, from the typed form to the attested report.
#[derive(Debug)]
pub struct TestSession {
    settings: SmtpSettings,
    /// Whether the account signs in with XOAUTH2 (the token is asked for after the limits).
    oauth: bool,
    /// The OAuth access token, once the driver gave it.
    access_token: Option<Secret>,
    send_test_message: bool,
    context: TestContext,
    queries: VecDeque<LimitQuery>,
    phase: Phase,
    ending: Option<Step>,
}

impl TestSession {
    /// Validates the form with the deployment's destination policy; nothing is asked or
    /// connected when a rule fails.
    pub fn new(
        form: &RawForm,
        send_test_message: bool,
        context: TestContext,
    ) -> Result<Self, SessionError> {
        let settings = form
            .check_with(&context.policy)
            .settings
            .map_err(SessionError::InvalidSettings)?;
        Ok(Self::admitting(settings, false, send_test_message, context))
    }

    /// A session for an account that signs in with OAuth: the form's password field holds the
    /// grant handle (`RawForm::check_oauth_with`). Once the limits admitted the test, the
    /// session asks for the grant's access token (`Step::NeedAccessToken`), which the probe
    /// sends with XOAUTH2. The attestation covers the handle, so only this grant can be saved
    /// with it.
    pub fn new_oauth(
        form: &RawForm,
        send_test_message: bool,
        context: TestContext,
    ) -> Result<Self, SessionError> {
        let settings = form
            .check_oauth_with(&context.policy)
            .settings
            .map_err(SessionError::InvalidSettings)?;
        Ok(Self::admitting(settings, true, send_test_message, context))
    }

    fn admitting(
        settings: SmtpSettings,
        oauth: bool,
        send_test_message: bool,
        context: TestContext,
    ) -> Self {
        // The client's budget first, then the account's recent failed sign-ins.
        let queries = VecDeque::from([
            limits::take_test(&context.client_ip),
            limits::check_account(&settings.host, &settings.username),
        ]);
        Self {
            settings,
            oauth,
            access_token: None,
            send_test_message,
            context,
            queries,
            phase: Phase::Admitting {
                outstanding: 0,
                refused: None,
            },
            ending: None,
        }
    }

    /// The settings that passed every rule: what is tested and what an attestation covers.
    pub fn settings(&self) -> &SmtpSettings {
        &self.settings
    }

    /// The next step; `None` while an answer is awaited or after the end.
    pub fn poll_step(&mut self) -> Option<Step> {
        if let Some(ending) = self.ending.take() {
            self.phase = Phase::Done;
            return Some(ending);
        }
        match &mut self.phase {
            Phase::Admitting {
                outstanding: 0,
                refused: refused @ Some(_),
            } => {
                let refused = refused.take();
                self.phase = Phase::Done;
                refused.map(Step::Refuse)
            }
            Phase::Admitting {
                outstanding,
                refused: None,
            } => match self.queries.pop_front() {
                Some(query) => {
                    *outstanding += 1;
                    Some(Step::AskLimit(query))
                }
                None if *outstanding == 0 && self.oauth => {
                    self.phase = Phase::Authorizing { token: None };
                    Some(Step::NeedAccessToken)
                }
                None if *outstanding == 0 => Some(self.start_probe()),
                None => None,
            },
            Phase::Authorizing { token } => match token.take() {
                Some(token) => {
                    self.access_token = Some(token);
                    Some(self.start_probe())
                }
                None => None,
            },
            Phase::Recording {
                asked: asked @ false,
                ..
            } => {
                *asked = true;
                Some(Step::RecordFailure(limits::record_auth_failure(
                    &self.settings.host,
                    &self.settings.username,
                )))
            }
            Phase::Admitting { .. }
            | Phase::Probing { .. }
            | Phase::Recording { asked: true, .. }
            | Phase::Done => None,
        }
    }

    /// The limit counter's answer to the oldest unanswered `AskLimit`; `None` when it could not
    /// answer.
    pub fn handle_decision(&mut self, decision: Option<Decision>) {
        let Phase::Admitting {
            outstanding,
            refused,
        } = &mut self.phase
        else {
            return;
        };
        let Some(left) = outstanding.checked_sub(1) else {
            return;
        };
        *outstanding = left;
        let refusal = match decision.map(Decision::into_result) {
            Some(Ok(())) => None,
            Some(Err(limited)) => Some(SessionError::Limited(limited)),
            None => Some(SessionError::LimiterUnavailable),
        };
        if refused.is_none() {
            *refused = refusal;
        }
    }

    /// The access token the last `NeedAccessToken` asked for.
    pub fn handle_access_token(&mut self, access_token: Secret) {
        if let Phase::Authorizing {
            token: token @ None,
        } = &mut self.phase
        {
            *token = Some(access_token);
        }
    }

    /// The finished probe's report, at `now_unix_s`: diagnosed, then counted or attested.
    pub fn handle_report(&mut self, probe: ProbeReport, now_unix_s: u64) {
        if !matches!(self.phase, Phase::Probing { started: true }) {
            return;
        }
        let diagnosis =
            diagnosis::explain(&probe, Some(diagnosis::Day::from_unix_seconds(now_unix_s)));
        let refused_sign_in = limits::is_auth_failure(&probe, diagnosis.as_ref());
        let attestation = (probe.outcome == Outcome::Success)
            .then(|| attestation::issue(&self.context.attestation_key, &self.settings, now_unix_s));
        let outcome = Box::new(TestOutcome {
            report: TestReport {
                probe,
                diagnosis,
                route: None,
            },
            attestation,
            failure_counted: None,
        });
        if refused_sign_in {
            self.phase = Phase::Recording {
                outcome,
                asked: false,
            };
        } else {
            self.ending = Some(Step::Finish(outcome));
        }
    }

    /// Whether the failed sign-in of the last `RecordFailure` was stored.
    pub fn handle_recorded(&mut self, stored: bool) {
        let phase = std::mem::replace(&mut self.phase, Phase::Done);
        match phase {
            Phase::Recording {
                mut outcome,
                asked: true,
            } => {
                outcome.failure_counted = Some(stored);
                self.ending = Some(Step::Finish(outcome));
            }
            other => self.phase = other,
        }
    }

    /// Starts the probe: its step.
    fn start_probe(&mut self) -> Step {
        self.phase = Phase::Probing { started: true };
        Step::Probe(Box::new(self.probe_config()))
    }

    /// The probe of exactly the parsed settings, sending the test message when asked.
    fn probe_config(&self) -> ProbeConfig {
        let settings = &self.settings;
        let test_message = self.send_test_message.then(|| {
            TestMessage::new(
                settings.email.clone(),
                settings.display_name.clone(),
                SystemTime::UNIX_EPOCH + Duration::from_millis(self.context.now_unix_ms),
                format!(
                    "<sendready-test-{}@{}>",
                    self.context.nonce, self.context.ehlo_name
                ),
            )
        });
        ProbeConfig {
            provider: Some(settings.provider).filter(|id| *id != ProviderId::Other),
            host: settings.host.clone(),
            port: settings.port,
            security: settings.security,
            ehlo_name: self.context.ehlo_name.clone(),
            username: settings.username.clone(),
            credential: match &self.access_token {
                Some(token) => Credential::OAuthToken(token.clone()),
                None => Credential::Password(settings.password.clone()),
            },
            test_message,
            deadlines: Deadlines::default(),
        }
    }
}
