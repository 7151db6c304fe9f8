//! The host's OAuth client for one preset: the catalogue's endpoints with the deployment's
//! client id, secret, redirect URI and overrides, read from named variables.
//!
//! The host registers its own app with Microsoft Entra and/or Google and gives the worker
//! `OAUTH_<CLIENT>_CLIENT_ID` and `OAUTH_<CLIENT>_CLIENT_SECRET` (`<CLIENT>` is `MICROSOFT` or
//! `GOOGLE`, as `OauthEndpoints::client` names it) and `OAUTH_REDIRECT_URI`, the worker's own
//! `/api/oauth/callback` as registered with the provider. Any preset's endpoints and scopes can
//! be overridden with `OAUTH_<PRESET>_AUTHORIZATION_URL`, `…_TOKEN_URL` and `…_SCOPES`
//! (`<PRESET>` is the provider id in capitals, e.g. `MICROSOFT365`, `OUTLOOK_COM`), which is how
//! a single-tenant deployment pins its tenant and how the tests use a local provider.

use std::fmt;

use crate::providers::{self, OauthEndpoints, ProviderId, Source, SourceKind};
use crate::secret::Secret;

/// Everything the worker needs to run the authorization code flow for one preset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OauthClient {
    pub provider: ProviderId,
    /// "Microsoft" or "Google", for the sign-in button.
    pub sign_in_with: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// The worker's callback, exactly as registered with the provider.
    pub redirect_uri: String,
    pub authorization_url: String,
    pub token_url: String,
    pub scopes: Vec<String>,
    pub extra_parameters: Vec<(String, String)>,
}

/// Why a preset cannot sign in with OAuth in this deployment. Messages name the variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientConfigError {
    /// The preset has no OAuth endpoints in the catalogue.
    NotSupported(ProviderId),
    /// A required variable is missing or empty: the deployment has not set up this client.
    Missing(String),
    /// A URL variable is not an absolute `https://` URL (plain `http://` only on loopback).
    NotHttps(String),
    /// The scopes override is empty.
    NoScopes(String),
}

impl OauthClient {
    /// The client for `provider` from the deployment's variables, looked up by name.
    pub fn from_vars(
        provider: ProviderId,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ClientConfigError> {
        let value = |name: &str| {
            var(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let preset = preset_prefix(provider);
        let configured = |suffix: &str| value(&format!("{preset}_{suffix}"));
        let endpoints = match providers::oauth_endpoints(provider) {
            Some(endpoints) => *endpoints,
            // Another standards-compliant provider (a hosted mail service, the tests' local
            // one): only where the deployment names both endpoints and the scopes.
            None => match (
                configured("AUTHORIZATION_URL"),
                configured("TOKEN_URL"),
                configured("SCOPES"),
            ) {
                (Some(_), Some(_), Some(_)) => OauthEndpoints {
                    provider,
                    sign_in_with: provider.provider().name,
                    client: provider.as_str(),
                    authorization_url: "",
                    token_url: "",
                    scopes: &[],
                    extra_parameters: &[],
                    source: &RFC_6749,
                },
                _ => return Err(ClientConfigError::NotSupported(provider)),
            },
        };
        let required = |name: String| value(&name).ok_or(ClientConfigError::Missing(name));
        let client = endpoints.client.to_ascii_uppercase();
        let url = |name: String, default: &str| -> Result<String, ClientConfigError> {
            let url = value(&name).unwrap_or_else(|| default.to_owned());
            if is_acceptable_url(&url) {
                Ok(url)
            } else {
                Err(ClientConfigError::NotHttps(name))
            }
        };
        let scopes_name = format!("{preset}_SCOPES");
        let scopes: Vec<String> = match value(&scopes_name) {
            Some(list) => list.split_whitespace().map(str::to_owned).collect(),
            None => endpoints.scopes.iter().map(|s| (*s).to_owned()).collect(),
        };
        if scopes.is_empty() {
            return Err(ClientConfigError::NoScopes(scopes_name));
        }
        let redirect_uri = required("OAUTH_REDIRECT_URI".to_owned())?;
        if !is_acceptable_url(&redirect_uri) {
            return Err(ClientConfigError::NotHttps("OAUTH_REDIRECT_URI".to_owned()));
        }
        Ok(Self {
            provider,
            sign_in_with: endpoints.sign_in_with.to_owned(),
            client_id: required(format!("OAUTH_{client}_CLIENT_ID"))?,
            client_secret: Secret::new(required(format!("OAUTH_{client}_CLIENT_SECRET"))?),
            redirect_uri,
            authorization_url: url(
                format!("{preset}_AUTHORIZATION_URL"),
                endpoints.authorization_url,
            )?,
            token_url: url(format!("{preset}_TOKEN_URL"), endpoints.token_url)?,
            scopes,
            extra_parameters: endpoints
                .extra_parameters
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        })
    }

    /// The scopes as one space-separated parameter value.
    pub fn scope(&self) -> String {
        self.scopes.join(" ")
    }
}

/// `OAUTH_MICROSOFT365`, `OAUTH_OUTLOOK_COM`, …: the prefix of a preset's override variables.
fn preset_prefix(provider: ProviderId) -> String {
    format!("OAUTH_{}", provider.as_str().to_ascii_uppercase())
}

/// What a provider the deployment configured itself follows.
static RFC_6749: Source = Source {
    title: "RFC 6749: The OAuth 2.0 Authorization Framework",
    url: "https://www.rfc-editor.org/rfc/rfc6749",
    kind: SourceKind::Standard,
    checked: "2026-12-03",
};

/// An absolute `https://` URL without spaces or fragment; `http://` only for loopback hosts,
/// which only local development and the tests use.
fn is_acceptable_url(url: &str) -> bool {
    let clean = !url.contains(char::is_whitespace) && !url.contains('#');
    let loopback = [
        "http://127.0.0.1:",
        "http://127.0.0.1/",
        "http://localhost:",
        "http://localhost/",
    ];
    let rest = url.strip_prefix("https://");
    let secure = rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    clean && (secure || loopback.iter().any(|prefix| url.starts_with(prefix)))
}

impl fmt::Display for ClientConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientConfigError::NotSupported(provider) => write!(
                f,
                "{} does not offer oauth sign-in for smtp",
                provider.provider().name
            ),
            ClientConfigError::Missing(name) => {
                write!(f, "oauth sign-in is not set up here: {name} is not set")
            }
            ClientConfigError::NotHttps(name) => {
                write!(f, "{name} must be an absolute https:// url")
            }
            ClientConfigError::NoScopes(name) => write!(f, "{name} names no scope"),
        }
    }
}

impl std::error::Error for ClientConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    const MICROSOFT: &[(&str, &str)] = &[
        ("OAUTH_MICROSOFT_CLIENT_ID", "app-id"),
        ("OAUTH_MICROSOFT_CLIENT_SECRET", "app-secret"),
        (
            "OAUTH_REDIRECT_URI",
            "https://mail.example.com/api/oauth/callback",
        ),
    ];

    #[test]
    fn the_catalogue_endpoints_apply_unless_overridden() {
        let client = OauthClient::from_vars(ProviderId::OutlookCom, vars(MICROSOFT));
        let client = client.expect("configured");
        assert_eq!(client.client_id, "app-id");
        assert!(client.authorization_url.contains("/consumers/"));
        assert_eq!(
            client.scope(),
            "https://outlook.office.com/SMTP.Send offline_access openid email"
        );
        assert_eq!(format!("{client:?}").matches("app-secret").count(), 0);

        let mut pinned = MICROSOFT.to_vec();
        pinned.push((
            "OAUTH_MICROSOFT365_TOKEN_URL",
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
        ));
        pinned.push((
            "OAUTH_MICROSOFT365_SCOPES",
            " https://outlook.office.com/SMTP.Send  offline_access ",
        ));
        let client = OauthClient::from_vars(ProviderId::Microsoft365, vars(&pinned));
        let client = client.expect("configured");
        assert!(client.token_url.contains("contoso"));
        assert!(client.authorization_url.contains("/organizations/"));
        assert_eq!(
            client.scopes,
            ["https://outlook.office.com/SMTP.Send", "offline_access"]
        );
    }

    #[test]
    fn a_missing_client_or_an_insecure_url_is_named() {
        let google = OauthClient::from_vars(ProviderId::Gmail, vars(MICROSOFT));
        assert_eq!(
            google.map(|_| ()),
            Err(ClientConfigError::Missing(
                "OAUTH_GOOGLE_CLIENT_ID".to_owned()
            ))
        );
        let yahoo = OauthClient::from_vars(ProviderId::Yahoo, vars(MICROSOFT));
        assert_eq!(
            yahoo.map(|_| ()),
            Err(ClientConfigError::NotSupported(ProviderId::Yahoo))
        );
        for (name, url) in [
            (
                "OAUTH_OUTLOOK_COM_TOKEN_URL",
                "http://login.example.com/token",
            ),
            ("OAUTH_OUTLOOK_COM_AUTHORIZATION_URL", "https:///path"),
            ("OAUTH_REDIRECT_URI", "https://example.com/cb#frag"),
        ] {
            let mut broken = MICROSOFT.to_vec();
            broken.insert(0, (name, url));
            let refused = OauthClient::from_vars(ProviderId::OutlookCom, vars(&broken));
            assert_eq!(
                refused.map(|_| ()),
                Err(ClientConfigError::NotHttps(name.to_owned()))
            );
        }
        let other = [
            ("OAUTH_OTHER_CLIENT_ID", "local-client"),
            ("OAUTH_OTHER_CLIENT_SECRET", "local-secret"),
            (
                "OAUTH_OTHER_AUTHORIZATION_URL",
                "https://127.0.0.1:9443/auth",
            ),
            ("OAUTH_OTHER_TOKEN_URL", "https://127.0.0.1:9443/token"),
            ("OAUTH_OTHER_SCOPES", "openid email offline_access smtp"),
            (
                "OAUTH_REDIRECT_URI",
                "http://127.0.0.1:8787/api/oauth/callback",
            ),
        ];
        let local_provider = OauthClient::from_vars(ProviderId::Other, vars(&other));
        let local_provider = local_provider.expect("a configured provider");
        assert_eq!(local_provider.client_id, "local-client");
        assert_eq!(local_provider.token_url, "https://127.0.0.1:9443/token");
        assert_eq!(local_provider.scopes.len(), 4);
        let mut local = MICROSOFT.to_vec();
        local.insert(
            0,
            ("OAUTH_OUTLOOK_COM_TOKEN_URL", "http://127.0.0.1:9443/token"),
        );
        assert!(OauthClient::from_vars(ProviderId::OutlookCom, vars(&local)).is_ok());
    }
}
