//! What a refused OAuth request means: token-endpoint and authorization errors classified by a
//! table of Microsoft `AADSTS` codes, stable phrases and RFC 6749 error codes.
//!
//! The error code alone says too little (`invalid_grant` covers a revoked grant, an expired
//! code and Microsoft's MFA demands), so the table is read in order: Microsoft's numeric codes
//! first (from `error_codes` or the `AADSTSnnnn:` prefix of the description), then phrases of
//! the description, then the error code (RFC 6749 §5.2, OpenID Connect Core §3.1.2.6), then the
//! HTTP status. `crate::diagnosis::explain_oauth` turns the `OauthFailure` into words.

use std::fmt;

use serde::Deserialize;

/// What went wrong, one variant per `oauth_*` diagnosis kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OauthFailure {
    /// The grant is gone: revoked, expired after inactivity or a password change, or a code
    /// used twice. Sign in again.
    GrantRevoked,
    /// The user or an administrator has not consented to the app's permissions.
    ConsentRequired,
    /// The provider wants an interactive step (MFA, a sign-in frequency) the refresh cannot do.
    InteractionRequired,
    /// The client secret is wrong, expired or missing.
    ClientSecretInvalid,
    /// The client id is unknown to the provider or to this tenant.
    ClientNotFound,
    /// The client may not use this grant type or flow.
    ClientUnauthorized,
    /// A scope is missing, unknown or not granted to the app.
    ScopeInvalid,
    /// The redirect URI is not one registered for the app.
    RedirectUriMismatch,
    /// The person cancelled or declined at the provider, or its policy blocked the app.
    AccessDenied,
    /// The provider failed or is unavailable; try again later.
    ProviderUnavailable,
    /// The request was malformed in another way.
    RequestInvalid,
    /// The provider answered something that is not a token response.
    InvalidResponse,
}

/// A refused token or authorization request, with the evidence (never a token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenError {
    pub failure: OauthFailure,
    /// The HTTP status; 0 for an error returned to the redirect URI.
    pub status: u16,
    /// The OAuth `error` code, when there was one.
    pub error: Option<String>,
    /// The provider's `error_description`, shortened to `MAX_DESCRIPTION` characters.
    pub description: Option<String>,
    /// Microsoft's numeric `AADSTS` codes.
    pub codes: Vec<u32>,
}

/// Longest description kept, in characters.
pub const MAX_DESCRIPTION: usize = 400;

/// One row of the table: what to look for, and what it means.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Evidence {
    /// A Microsoft `AADSTS` code.
    Aadsts(u32),
    /// A lower-case phrase of the description.
    Phrase(&'static str),
    /// The OAuth `error` code.
    Error(&'static str),
}

/// The classification, read top to bottom; the first row that matches wins.
const RULES: &[(Evidence, OauthFailure)] = &[
    // Microsoft identity platform error codes (learn.microsoft.com/entra/identity-platform/reference-error-codes).
    (Evidence::Aadsts(50173), OauthFailure::GrantRevoked),
    (Evidence::Aadsts(70008), OauthFailure::GrantRevoked),
    (Evidence::Aadsts(700082), OauthFailure::GrantRevoked),
    (Evidence::Aadsts(700084), OauthFailure::GrantRevoked),
    (Evidence::Aadsts(54005), OauthFailure::GrantRevoked),
    (Evidence::Aadsts(50076), OauthFailure::InteractionRequired),
    (Evidence::Aadsts(50079), OauthFailure::InteractionRequired),
    (Evidence::Aadsts(50158), OauthFailure::InteractionRequired),
    // A conditional-access sign-in frequency or an expired multi-factor session: only an
    // interactive sign-in renews it, whatever `error` code it comes under.
    (Evidence::Aadsts(70043), OauthFailure::InteractionRequired),
    (Evidence::Aadsts(70044), OauthFailure::InteractionRequired),
    (
        Evidence::Phrase("refresh your multi-factor authentication"),
        OauthFailure::InteractionRequired,
    ),
    (Evidence::Aadsts(65001), OauthFailure::ConsentRequired),
    (Evidence::Aadsts(90094), OauthFailure::ConsentRequired),
    // 90093 "cannot consent" (the user may not grant what the app asks; Azure-Samples/
    // azure-batch-samples#207) and 650052 "lacks a service principal" (the API the app calls has
    // none in the tenant until an administrator consents; microsoft/GraphNotificationBroker#5),
    // whatever `error` code (`invalid_client`) a quote gives them.
    (Evidence::Aadsts(90093), OauthFailure::ConsentRequired),
    (Evidence::Aadsts(650052), OauthFailure::ConsentRequired),
    // 50105 "is not assigned to a role for the application": the tenant requires assignment. A
    // signed-in user left out is the administrator's policy (`access_denied`,
    // microsoftgraph/microsoft-graph-explorer-v4#1333); an application left out (a daemon's client
    // credentials, Azure-Samples/active-directory-dotnet-daemon#10; 501051 the same for an app)
    // is a client not authorised for the resource.
    (
        Evidence::Phrase("aadsts50105: application '"),
        OauthFailure::ClientUnauthorized,
    ),
    (Evidence::Aadsts(501051), OauthFailure::ClientUnauthorized),
    (Evidence::Aadsts(50105), OauthFailure::AccessDenied),
    // Microsoft's transient failures (90033 MsodsServiceUnavailable, 90024
    // RequestBudgetExceededError, 90006 ExternalServerRetryableError): try again later.
    (Evidence::Aadsts(90033), OauthFailure::ProviderUnavailable),
    (Evidence::Aadsts(90024), OauthFailure::ProviderUnavailable),
    (Evidence::Aadsts(90006), OauthFailure::ProviderUnavailable),
    (Evidence::Aadsts(65004), OauthFailure::AccessDenied),
    // A tenant's Conditional Access policy that blocks token issuance outright (53003
    // "BlockedByConditionalAccess", 530084 its token-protection policy; koltyakov/sp-rest-proxy#96,
    // Azure/azure-dev#7704): no sign-in the user can complete renews it, the administrator's
    // policy must allow the client, as with `access_denied`.
    (Evidence::Aadsts(53003), OauthFailure::AccessDenied),
    (
        Evidence::Phrase("blocked by conditional access"),
        OauthFailure::AccessDenied,
    ),
    (Evidence::Aadsts(700016), OauthFailure::ClientNotFound),
    (Evidence::Aadsts(7000215), OauthFailure::ClientSecretInvalid),
    (Evidence::Aadsts(7000222), OauthFailure::ClientSecretInvalid),
    (Evidence::Aadsts(7000218), OauthFailure::ClientSecretInvalid),
    // 700025 "Client is public so neither 'client_assertion' nor 'client_secret' should be
    // presented" (O365/python-o365#469): a secret sent for a public client, the convention three
    // readers settled.
    (Evidence::Aadsts(700025), OauthFailure::ClientSecretInvalid),
    // 7000215's words without the code ("Invalid client secret is provided.",
    // MicrosoftDocs/azure-docs#42817; "Invalid client secret provided. Ensure the secret …").
    (
        Evidence::Phrase("invalid client secret"),
        OauthFailure::ClientSecretInvalid,
    ),
    // 7000112 UnauthorizedClientApplicationDisabled: the application is disabled in the tenant
    // ("Application '…'(Presence Light) is disabled.", isaacrlevin/presencelight#935).
    (Evidence::Aadsts(7000112), OauthFailure::ClientUnauthorized),
    (Evidence::Aadsts(50011), OauthFailure::RedirectUriMismatch),
    (Evidence::Aadsts(500113), OauthFailure::RedirectUriMismatch),
    (Evidence::Aadsts(900971), OauthFailure::RedirectUriMismatch),
    (Evidence::Aadsts(70011), OauthFailure::ScopeInvalid),
    // "The resource principal named … was not found in the tenant": the resource a scope names
    // does not exist there (pnp/sp-starter-kit#428's doubled "https://https://graph…").
    (Evidence::Aadsts(500011), OauthFailure::ScopeInvalid),
    (Evidence::Aadsts(65005), OauthFailure::ScopeInvalid),
    (Evidence::Aadsts(650053), OauthFailure::ScopeInvalid),
    (Evidence::Aadsts(1002012), OauthFailure::ScopeInvalid),
    (
        Evidence::Phrase("input parameter 'scope' is not valid"),
        OauthFailure::ScopeInvalid,
    ),
    (
        Evidence::Phrase("following parameter: 'scope'"),
        OauthFailure::ScopeInvalid,
    ),
    (Evidence::Aadsts(900144), OauthFailure::RequestInvalid),
    (Evidence::Aadsts(9002313), OauthFailure::RequestInvalid),
    (
        Evidence::Phrase("request is malformed or invalid"),
        OauthFailure::RequestInvalid,
    ),
    (Evidence::Aadsts(70000), OauthFailure::GrantRevoked),
    // Google's `invalid_grant` blaming the assertion's times ("Invalid JWT: Token must be a
    // short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp
    // values", googleapis/google-api-php-client#1501): the request is malformed, not a grant
    // revoked, the convention three readers settled.
    (
        Evidence::Phrase("token must be a short-lived token"),
        OauthFailure::RequestInvalid,
    ),
    (
        Evidence::Phrase("iat and exp values"),
        OauthFailure::RequestInvalid,
    ),
    // Google's descriptions and oidc-provider's, where the code alone is ambiguous.
    (
        Evidence::Phrase("oauth client was not found"),
        OauthFailure::ClientNotFound,
    ),
    (
        Evidence::Phrase("oauth client was deleted"),
        OauthFailure::ClientNotFound,
    ),
    // Google's consent screen refusing an app it has not verified, or one in testing to a user
    // who is not a listed tester ("Access blocked: … has not completed the Google verification
    // process", ThomasHabets/cmdg#134; "Sign in with Google temporarily disabled for this app.
    // This app has not been verified yet by Google", lambrospetrou/gmail-keep-importer#19): the
    // person cannot consent, as with `access_denied`. Its block of an app that asks for a
    // sensitive scope without passing review says "Google blocked this access" (gaubert/gmvault#358).
    (
        Evidence::Phrase("has not completed the google verification process"),
        OauthFailure::AccessDenied,
    ),
    (
        Evidence::Phrase("sign in with google temporarily disabled"),
        OauthFailure::AccessDenied,
    ),
    (
        Evidence::Phrase("not been verified yet by google"),
        OauthFailure::AccessDenied,
    ),
    (
        Evidence::Phrase("google blocked this access"),
        OauthFailure::AccessDenied,
    ),
    // A Workspace administrator's API controls (`admin_policy_enforced`, GAM-team/got-your-back#284,
    // FlowCrypt/flowcrypt-browser#1409) or the account's Advanced Protection (`policy_enforced`,
    // KoboldAI/KoboldAI-Client#85) refusing the app: a policy, as with `access_denied`.
    (
        Evidence::Error("admin_policy_enforced"),
        OauthFailure::AccessDenied,
    ),
    (
        Evidence::Error("policy_enforced"),
        OauthFailure::AccessDenied,
    ),
    // Google's APIs refusing an app the Workspace domain's policy disables (reason `domainPolicy`,
    // "The domain policy has disabled third-party Drive apps", jgraph/drawio#24).
    (Evidence::Phrase("domainpolicy"), OauthFailure::AccessDenied),
    (
        Evidence::Phrase("domain policy has disabled"),
        OauthFailure::AccessDenied,
    ),
    // Google's APIs refusing a token that lacks the scope ("Request had insufficient
    // authentication scopes", googleworkspace/cli#668).
    (
        Evidence::Phrase("insufficient authentication scopes"),
        OauthFailure::ScopeInvalid,
    ),
    // Google Workspace's session control wanting the user to sign in again (`invalid_rapt`,
    // "reauth related error", cline/cline#4080): under `invalid_grant`, but only an interactive
    // sign-in renews it.
    (
        Evidence::Phrase("invalid_rapt"),
        OauthFailure::InteractionRequired,
    ),
    // Microsoft's words for an unknown client id, whatever code a quote gives them.
    (
        Evidence::Phrase("was not found in the directory"),
        OauthFailure::ClientNotFound,
    ),
    (
        Evidence::Phrase("client authentication failed"),
        OauthFailure::ClientSecretInvalid,
    ),
    // Google's error page names its error first ("Error 403: access_denied",
    // levz0r/gmail-tester#79) and may list the request's parameters below it, `redirect_uri=…`
    // among them: the heading decides, not a parameter's name.
    (
        Evidence::Phrase("error 403: access_denied"),
        OauthFailure::AccessDenied,
    ),
    (
        Evidence::Phrase("redirect_uri"),
        OauthFailure::RedirectUriMismatch,
    ),
    // AADSTS50011's words quoted without the code, old and new: "The reply URL specified in the
    // request does not match the reply URLs configured for the application" (polymind-inc/acmebot#222),
    // "The reply address does not match the reply addresses configured …", "… the redirect URI(s) …".
    (
        Evidence::Phrase("does not match the reply ad"),
        OauthFailure::RedirectUriMismatch,
    ),
    (
        Evidence::Phrase("does not match the reply ur"),
        OauthFailure::RedirectUriMismatch,
    ),
    (
        Evidence::Phrase("does not match the redirect ur"),
        OauthFailure::RedirectUriMismatch,
    ),
    // RFC 6749 §4.1.2.1 and §5.2, OpenID Connect Core §3.1.2.6, and Google's `deleted_client`.
    (
        Evidence::Error("deleted_client"),
        OauthFailure::ClientNotFound,
    ),
    (Evidence::Error("invalid_grant"), OauthFailure::GrantRevoked),
    (
        Evidence::Error("invalid_client"),
        OauthFailure::ClientSecretInvalid,
    ),
    (
        Evidence::Error("unauthorized_client"),
        OauthFailure::ClientUnauthorized,
    ),
    (
        Evidence::Error("unsupported_grant_type"),
        OauthFailure::ClientUnauthorized,
    ),
    (
        Evidence::Error("unsupported_response_type"),
        OauthFailure::ClientUnauthorized,
    ),
    (Evidence::Error("invalid_scope"), OauthFailure::ScopeInvalid),
    (
        Evidence::Error("consent_required"),
        OauthFailure::ConsentRequired,
    ),
    (
        Evidence::Error("interaction_required"),
        OauthFailure::InteractionRequired,
    ),
    (
        Evidence::Error("login_required"),
        OauthFailure::InteractionRequired,
    ),
    (Evidence::Error("access_denied"), OauthFailure::AccessDenied),
    (
        Evidence::Error("redirect_uri_mismatch"),
        OauthFailure::RedirectUriMismatch,
    ),
    (
        Evidence::Error("temporarily_unavailable"),
        OauthFailure::ProviderUnavailable,
    ),
    (
        Evidence::Error("server_error"),
        OauthFailure::ProviderUnavailable,
    ),
    (
        Evidence::Error("invalid_request"),
        OauthFailure::RequestInvalid,
    ),
];

/// The error JSON of a token endpoint (RFC 6749 §5.2 plus Microsoft's `error_codes`).
#[derive(Deserialize)]
struct ErrorBody {
    error: Option<String>,
    error_description: Option<String>,
    #[serde(default)]
    error_codes: Vec<u32>,
}

/// Classifies a token endpoint's refusal from its status and body.
pub fn classify(status: u16, body: &[u8]) -> TokenError {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(parsed) if parsed.error.is_some() => build(
            status,
            parsed.error,
            parsed.error_description,
            parsed.error_codes,
        ),
        _ if status >= 500 || status == 429 => {
            TokenError::of(OauthFailure::ProviderUnavailable, status)
        }
        _ => TokenError::invalid_response(status),
    }
}

/// Classifies an error the provider sent to the redirect URI.
pub fn classify_callback(error: &str, description: Option<&str>) -> TokenError {
    build(
        0,
        Some(error.to_owned()),
        description.map(str::to_owned),
        Vec::new(),
    )
}

fn build(
    status: u16,
    error: Option<String>,
    description: Option<String>,
    mut codes: Vec<u32>,
) -> TokenError {
    let lower = description
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if codes.is_empty() {
        codes = aadsts_codes(&lower);
    }
    let error_code = error.as_deref().unwrap_or_default();
    let failure = RULES
        .iter()
        .find(|(evidence, _)| match evidence {
            Evidence::Aadsts(code) => codes.contains(code),
            Evidence::Phrase(phrase) => lower.contains(phrase),
            Evidence::Error(name) => error_code == *name,
        })
        .map(|(_, failure)| *failure)
        .unwrap_or(if status >= 500 {
            OauthFailure::ProviderUnavailable
        } else {
            OauthFailure::RequestInvalid
        });
    TokenError {
        failure,
        status,
        error: error.map(|e| e.chars().take(64).collect()),
        description: description.map(|d| d.chars().take(MAX_DESCRIPTION).collect()),
        codes,
    }
}

/// The failure a pasted text quotes, read with the same table as a token endpoint's answer: an
/// `AADSTSnnnn` code, a phrase of the table, or an RFC 6749 error code standing as a word
/// (`Error: invalid_client`). An `AADSTS` code the table does not list is a refused request, as
/// in `classify`; `None` when the text quotes no sign-in refusal. `lower` is lower-case.
pub fn classify_text(lower: &str) -> Option<OauthFailure> {
    Pasted::new(lower).failure()
}

/// A lower-case pasted text and the `AADSTS` codes in it, read once for every table that looks
/// for `Evidence` in it (`classify_text`'s, and the diagnosis's refusals of the account itself).
pub(crate) struct Pasted<'a> {
    lower: &'a str,
    codes: Vec<u32>,
}

impl<'a> Pasted<'a> {
    pub(crate) fn new(lower: &'a str) -> Self {
        Self {
            lower,
            codes: aadsts_codes(lower),
        }
    }

    /// Whether the text shows `evidence`: its code, its phrase, or its error code as a word.
    pub(crate) fn shows(&self, evidence: &Evidence) -> bool {
        match evidence {
            Evidence::Aadsts(code) => self.codes.contains(code),
            Evidence::Phrase(phrase) => self.lower.contains(phrase),
            Evidence::Error(name) => has_word(self.lower, name),
        }
    }

    /// The failure the text quotes, as `classify_text` says.
    pub(crate) fn failure(&self) -> Option<OauthFailure> {
        RULES
            .iter()
            .find(|(evidence, _)| self.shows(evidence))
            .map(|(_, failure)| *failure)
            .or((!self.codes.is_empty()).then_some(OauthFailure::RequestInvalid))
    }
}

/// `word` in `text`, not as part of a longer identifier (`invalid_client` but not
/// `invalid_client_id`).
fn has_word(text: &str, word: &str) -> bool {
    let part_of_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        !text[..at].ends_with(part_of_word) && !text[at + word.len()..].starts_with(part_of_word)
    })
}

/// Every `AADSTSnnnn` in a description, in order.
fn aadsts_codes(lower: &str) -> Vec<u32> {
    lower
        .split("aadsts")
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

impl OauthFailure {
    /// Every failure, in declaration order.
    pub const ALL: [OauthFailure; 12] = [
        OauthFailure::GrantRevoked,
        OauthFailure::ConsentRequired,
        OauthFailure::InteractionRequired,
        OauthFailure::ClientSecretInvalid,
        OauthFailure::ClientNotFound,
        OauthFailure::ClientUnauthorized,
        OauthFailure::ScopeInvalid,
        OauthFailure::RedirectUriMismatch,
        OauthFailure::AccessDenied,
        OauthFailure::ProviderUnavailable,
        OauthFailure::RequestInvalid,
        OauthFailure::InvalidResponse,
    ];

    /// The snake_case name; the diagnosis kind is `oauth_` followed by it.
    pub fn as_str(self) -> &'static str {
        match self {
            OauthFailure::GrantRevoked => "grant_revoked",
            OauthFailure::ConsentRequired => "consent_required",
            OauthFailure::InteractionRequired => "interaction_required",
            OauthFailure::ClientSecretInvalid => "client_secret_invalid",
            OauthFailure::ClientNotFound => "client_not_found",
            OauthFailure::ClientUnauthorized => "client_unauthorized",
            OauthFailure::ScopeInvalid => "scope_invalid",
            OauthFailure::RedirectUriMismatch => "redirect_uri_mismatch",
            OauthFailure::AccessDenied => "access_denied",
            OauthFailure::ProviderUnavailable => "provider_unavailable",
            OauthFailure::RequestInvalid => "request_invalid",
            OauthFailure::InvalidResponse => "invalid_response",
        }
    }
}

impl TokenError {
    /// A failure without an error body.
    pub fn of(failure: OauthFailure, status: u16) -> Self {
        Self {
            failure,
            status,
            error: None,
            description: None,
            codes: Vec::new(),
        }
    }

    /// A success status with a body that is not a usable token response.
    pub fn invalid_response(status: u16) -> Self {
        Self::of(OauthFailure::InvalidResponse, status)
    }

    /// The evidence in one line for a diagnosis's `detail`: the error code and description.
    pub fn detail(&self) -> String {
        match (&self.error, &self.description) {
            (Some(error), Some(description)) => format!("{error}: {description}"),
            (Some(error), None) => error.clone(),
            (None, _) if self.status > 0 => format!("HTTP {}", self.status),
            (None, _) => String::new(),
        }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the provider refused the request: {}",
            self.failure.as_str()
        )?;
        if let Some(error) = &self.error {
            write!(f, ": {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TokenError {}
