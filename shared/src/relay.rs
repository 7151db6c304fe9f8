//! The relay's contract with the worker: which tests go through it (`RelayRouting`), the probe
//! request it receives (`RelayProbeRequest`) and the route a report names (`Route`).
//!
//! The worker validates the form, asks the abuse limits and keeps the attestation key; the relay
//! only runs the probe, from a place the cloud cannot reach (port 25, fixed addresses, private
//! networks), and streams back the same `TestEvent` lines as `POST /api/test`. The request is
//! signed (`crate::request_signing`) because it carries the password.

use std::fmt;
use std::time::{Duration, SystemTime};

use lettre::Address;
use serde::{Deserialize, Serialize};

use crate::ground::{ProviderId, Security};
use crate::policy::DestinationPolicy;
use crate::secret::Secret;
use crate::settings::RawForm;
use crate::smtp::{Credential, CredentialKind, Deadlines, ProbeConfig, TestMessage};

/// The relay's only test endpoint: `POST`, a signed `RelayProbeRequest`, NDJSON `TestEvent`s back.
pub const RELAY_TEST_PATH: &str = "/v1/test";

/// Presets whose servers usually sit inside the customer's network: always via the relay.
const ON_PREMISES: [ProviderId; 1] = [ProviderId::Exchange];

/// The port that cloud platforms block outbound and only the relay can reach.
const RELAY_ONLY_PORT: u16 = 25;

/// The `Retry-After` (seconds) of a relay running its maximum number of tests: a test takes a
/// few seconds, so a slot is usually free again by then.
pub const BUSY_RETRY_AFTER_S: u64 = 5;

/// The longest wait the worker passes on from a busy relay: a relay asking for more is still
/// counted down from this, so a person never waits on a misconfigured or hostile number.
pub const MAX_BUSY_WAIT_S: u64 = 60;

/// Which way a test reached the mail server; the report says it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// The worker connected itself.
    #[default]
    Direct,
    /// The self-hosted relay connected, for the worker.
    Relay,
}

/// The worker's routing rules, from its configuration; `None` of them without a relay.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RelayRouting {
    /// Host names or IP literals the operator sends through the relay (lower-case), e.g. a
    /// private Exchange server's name; these may be private addresses and internal names.
    pub hosts: Vec<String>,
}

/// One probe for the relay to run: a `ProbeConfig` as JSON, the secret included (the request
/// is signed and travels over the operator's TLS).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayProbeRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderId>,
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub ehlo_name: String,
    pub username: String,
    pub credential: CredentialKind,
    #[serde(serialize_with = "crate::secret::expose")]
    pub secret: Secret,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_message: Option<RelayTestMessage>,
}

/// The test message of a `RelayProbeRequest`, with its date as Unix milliseconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayTestMessage {
    pub address: String,
    pub display_name: String,
    pub date_unix_ms: u64,
    pub message_id: String,
}

/// A relay request that does not describe a probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelayRequestError {
    /// The test message's address is not an e-mail address.
    BadAddress(String),
}

impl RelayRouting {
    /// Which route a form takes: the relay for on-premises presets, port 25 and the hosts the
    /// operator lists; directly otherwise. Read from the raw text, before validation, since the
    /// route decides which destination policy validates it.
    pub fn route(&self, form: &RawForm) -> Route {
        let on_premises = ProviderId::parse(form.provider.trim())
            .is_some_and(|provider| ON_PREMISES.contains(&provider));
        let port_25 = form.port.trim().parse::<u16>() == Ok(RELAY_ONLY_PORT);
        let host = form
            .host
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let listed = self
            .hosts
            .iter()
            .any(|listed| listed.eq_ignore_ascii_case(host));
        if on_premises || port_25 || listed {
            Route::Relay
        } else {
            Route::Direct
        }
    }

    /// The policy that validates a form taking `route`: the deployment's own for direct tests;
    /// for relayed ones port 25 too, and private names and addresses only for listed hosts.
    /// The relay checks again, with its operator's networks, on the addresses it resolves.
    pub fn policy_for(
        &self,
        form: &RawForm,
        route: Route,
        direct: DestinationPolicy,
    ) -> DestinationPolicy {
        match route {
            Route::Direct => direct,
            Route::Relay => {
                let host = form.host.trim();
                DestinationPolicy {
                    allow_port_25: true,
                    allow_private_networks: self
                        .hosts
                        .iter()
                        .any(|listed| listed.eq_ignore_ascii_case(host)),
                    ..direct
                }
            }
        }
    }
}

impl From<&ProbeConfig> for RelayProbeRequest {
    fn from(config: &ProbeConfig) -> Self {
        let (credential, secret) = match &config.credential {
            Credential::Password(secret) => (CredentialKind::Password, secret.clone()),
            Credential::OAuthToken(secret) => (CredentialKind::OauthToken, secret.clone()),
        };
        Self {
            provider: config.provider,
            host: config.host.clone(),
            port: config.port,
            security: config.security,
            ehlo_name: config.ehlo_name.clone(),
            username: config.username.clone(),
            credential,
            secret,
            test_message: config
                .test_message
                .as_ref()
                .map(|message| RelayTestMessage {
                    address: message.address.to_string(),
                    display_name: message.display_name.clone(),
                    date_unix_ms: message
                        .date
                        .duration_since(SystemTime::UNIX_EPOCH)
                        .map_or(0, |since| since.as_millis() as u64),
                    message_id: message.message_id.clone(),
                }),
        }
    }
}

impl RelayProbeRequest {
    /// The probe to run, with the default deadlines.
    pub fn into_config(self) -> Result<ProbeConfig, RelayRequestError> {
        let test_message = match self.test_message {
            Some(message) => {
                let address: Address = message
                    .address
                    .parse()
                    .map_err(|_| RelayRequestError::BadAddress(message.address.clone()))?;
                Some(TestMessage::new(
                    address,
                    message.display_name,
                    SystemTime::UNIX_EPOCH + Duration::from_millis(message.date_unix_ms),
                    message.message_id,
                ))
            }
            None => None,
        };
        let credential = match self.credential {
            CredentialKind::Password => Credential::Password(self.secret),
            CredentialKind::OauthToken => Credential::OAuthToken(self.secret),
        };
        Ok(ProbeConfig {
            provider: self.provider,
            host: self.host,
            port: self.port,
            security: self.security,
            ehlo_name: self.ehlo_name,
            username: self.username,
            credential,
            test_message,
            deadlines: Deadlines::default(),
        })
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Route::Direct => "direct",
            Route::Relay => "relay",
        })
    }
}

impl fmt::Display for RelayRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RelayRequestError::BadAddress(address) => {
                write!(
                    f,
                    "the test message address {address:?} is not an e-mail address"
                )
            }
        }
    }
}

impl std::error::Error for RelayRequestError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(provider: &str, host: &str, port: &str) -> RawForm {
        RawForm {
            provider: provider.to_owned(),
            host: host.to_owned(),
            port: port.to_owned(),
            ..RawForm::default()
        }
    }

    #[test]
    fn on_premises_port_25_and_listed_hosts_go_through_the_relay() {
        let routing = RelayRouting {
            hosts: vec!["exchange.corp.internal".to_owned(), "10.1.2.3".to_owned()],
        };
        let cases = [
            (form("gmail", "smtp.gmail.com", "587"), Route::Direct),
            (form("exchange", "mail.example.com", "587"), Route::Relay),
            (form("other", "mail.example.com", " 25"), Route::Relay),
            (form("other", "Exchange.Corp.Internal", "587"), Route::Relay),
            (form("other", "10.1.2.3", "587"), Route::Relay),
            (form("other", "10.1.2.4", "587"), Route::Direct),
        ];
        for (form, route) in cases {
            assert_eq!(routing.route(&form), route, "{form:?}");
        }
    }

    #[test]
    fn only_listed_hosts_may_be_private_and_only_relayed_tests_use_port_25() {
        let routing = RelayRouting {
            hosts: vec!["10.1.2.3".to_owned()],
        };
        let strict = DestinationPolicy::default();
        let listed = form("other", "10.1.2.3", "25");
        let relayed = routing.policy_for(&listed, Route::Relay, strict);
        assert!(relayed.allow_port_25 && relayed.allow_private_networks);
        let unlisted = form("other", "10.9.9.9", "25");
        let relayed = routing.policy_for(&unlisted, Route::Relay, strict);
        assert!(relayed.allow_port_25 && !relayed.allow_private_networks);
        assert_eq!(routing.policy_for(&unlisted, Route::Direct, strict), strict);
    }

    #[test]
    fn a_probe_config_survives_the_trip_to_the_relay() {
        let config = ProbeConfig {
            provider: Some(ProviderId::Exchange),
            host: "mail.example.com".to_owned(),
            port: 25,
            security: Security::Starttls,
            ehlo_name: "sendready.example".to_owned(),
            username: "ada@example.com".to_owned(),
            credential: Credential::Password(Secret::new("hunter2-hunter2")),
            test_message: Some(TestMessage::new(
                "ada@example.com".parse().expect("an address"),
                "Ada",
                SystemTime::UNIX_EPOCH + Duration::from_millis(1_800_000_000_000),
                "<sendready-test-1@sendready.example>",
            )),
            deadlines: Deadlines::default(),
        };
        let json = serde_json::to_string(&RelayProbeRequest::from(&config)).expect("json");
        let back: RelayProbeRequest = serde_json::from_str(&json).expect("parses");
        assert_eq!(back.into_config(), Ok(config));
    }
}
