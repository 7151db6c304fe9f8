//! The OAuth 2.0 endpoints and scopes of the presets that take XOAUTH2 for SMTP, as one table.
//!
//! Sign-in with Microsoft or Google needs three facts per preset: where the browser signs in
//! (the authorization endpoint), where the worker exchanges the code (the token endpoint), and
//! which scopes grant SMTP sending with a refresh token. They live here, apart from the SMTP
//! presets, with their sources. A deployment may override every one of them
//! (`crate::oauth::OauthClient`), e.g. to pin a Microsoft tenant or to use a local provider.

use super::{ProviderId, Source, SourceKind};

/// One preset's OAuth endpoints and scopes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OauthEndpoints {
    pub provider: ProviderId,
    /// Who the person signs in with, for the button: "Microsoft" or "Google".
    pub sign_in_with: &'static str,
    /// Which client registration serves the preset: `microsoft` or `google`. Microsoft 365 and
    /// Outlook.com share one Entra app, Gmail and Google Workspace one Google client.
    pub client: &'static str,
    /// The authorization endpoint the browser is sent to (RFC 6749 §3.1).
    pub authorization_url: &'static str,
    /// The token endpoint the worker posts to (RFC 6749 §3.2).
    pub token_url: &'static str,
    /// The scopes asked for: SMTP sending, a refresh token, and the signed-in address.
    pub scopes: &'static [&'static str],
    /// Extra parameters of the authorization request (Google's `access_type=offline`).
    pub extra_parameters: &'static [(&'static str, &'static str)],
    pub source: &'static Source,
}

const CHECKED: &str = "2026-12-03";

static MICROSOFT_SMTP_OAUTH: Source = Source {
    title: "Microsoft Learn: Authenticate an IMAP, POP or SMTP connection using OAuth",
    url: "https://learn.microsoft.com/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth",
    kind: SourceKind::Official,
    checked: CHECKED,
};

static GOOGLE_XOAUTH2: Source = Source {
    title: "Google for Developers: OAuth 2.0 Mechanism (XOAUTH2) and OAuth 2.0 for web server applications",
    url: "https://developers.google.com/workspace/gmail/imap/xoauth2-protocol",
    kind: SourceKind::Official,
    checked: CHECKED,
};

/// `offline_access` asks Microsoft for a refresh token; `openid email` for the address.
const MICROSOFT_SCOPES: &[&str] = &[
    "https://outlook.office.com/SMTP.Send",
    "offline_access",
    "openid",
    "email",
];

/// `https://mail.google.com/` is the only Google scope SMTP accepts (a restricted scope).
const GOOGLE_SCOPES: &[&str] = &["https://mail.google.com/", "openid", "email"];

/// Google returns a refresh token only with `access_type=offline`, and again on a later
/// sign-in only with `prompt=consent`.
const GOOGLE_PARAMETERS: &[(&str, &str)] = &[("access_type", "offline"), ("prompt", "consent")];

/// Gmail and Google Workspace: one Google client, one pair of endpoints.
const fn google(provider: ProviderId) -> OauthEndpoints {
    OauthEndpoints {
        provider,
        sign_in_with: "Google",
        client: "google",
        authorization_url: "https://accounts.google.com/o/oauth2/v2/auth",
        token_url: "https://oauth2.googleapis.com/token",
        scopes: GOOGLE_SCOPES,
        extra_parameters: GOOGLE_PARAMETERS,
        source: &GOOGLE_XOAUTH2,
    }
}

/// Microsoft 365 and Outlook.com: one Entra app; the endpoints differ by the tenant segment.
const fn microsoft(
    provider: ProviderId,
    authorization_url: &'static str,
    token_url: &'static str,
) -> OauthEndpoints {
    OauthEndpoints {
        provider,
        sign_in_with: "Microsoft",
        client: "microsoft",
        authorization_url,
        token_url,
        scopes: MICROSOFT_SCOPES,
        extra_parameters: &[],
        source: &MICROSOFT_SMTP_OAUTH,
    }
}

/// Every preset that can sign in with OAuth, in `ProviderId::ALL` order.
pub const OAUTH_ENDPOINTS: [OauthEndpoints; 4] = [
    google(ProviderId::Gmail),
    google(ProviderId::GoogleWorkspace),
    // Work and school accounts sign in through `organizations`; a deployment for one tenant
    // overrides the URLs with its tenant id.
    microsoft(
        ProviderId::Microsoft365,
        "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize",
        "https://login.microsoftonline.com/organizations/oauth2/v2.0/token",
    ),
    // Personal Microsoft accounts (Outlook.com, Hotmail, Live) sign in through `consumers`.
    microsoft(
        ProviderId::OutlookCom,
        "https://login.microsoftonline.com/consumers/oauth2/v2.0/authorize",
        "https://login.microsoftonline.com/consumers/oauth2/v2.0/token",
    ),
];

/// The preset's OAuth endpoints; `None` for presets that take only passwords for SMTP.
pub fn oauth_endpoints(provider: ProviderId) -> Option<&'static OauthEndpoints> {
    OAUTH_ENDPOINTS.iter().find(|row| row.provider == provider)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_microsoft_and_google_presets_sign_in_with_oauth() {
        let with_oauth: Vec<ProviderId> = ProviderId::ALL
            .into_iter()
            .filter(|id| oauth_endpoints(*id).is_some())
            .collect();
        assert_eq!(
            with_oauth,
            [
                ProviderId::Gmail,
                ProviderId::GoogleWorkspace,
                ProviderId::Microsoft365,
                ProviderId::OutlookCom
            ]
        );
    }

    #[test]
    fn every_row_asks_for_smtp_and_a_refresh_token_over_https() {
        for row in OAUTH_ENDPOINTS {
            assert!(row.authorization_url.starts_with("https://"), "{row:?}");
            assert!(row.token_url.starts_with("https://"), "{row:?}");
            let smtp_scope = row.scopes[0];
            assert!(
                smtp_scope == "https://outlook.office.com/SMTP.Send"
                    || smtp_scope == "https://mail.google.com/",
                "{row:?}"
            );
            let offline = row.scopes.contains(&"offline_access")
                || row.extra_parameters.contains(&("access_type", "offline"));
            assert!(offline, "{row:?} asks for no refresh token");
            let family = oauth_endpoints(row.provider.family()).map(|f| f.client);
            assert_eq!(family, Some(row.client), "{row:?}: one client per family");
        }
    }
}
