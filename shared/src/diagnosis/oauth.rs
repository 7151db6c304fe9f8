//! The words of the `oauth_*` kinds, and the diagnosis of a refused sign-in with Microsoft or
//! Google: a token-endpoint or authorization error (`crate::oauth::TokenError`) or a refused
//! callback state (`crate::oauth::StateError`).
//!
//! Who can fix what differs from SMTP: a revoked grant or a cancelled sign-in is the person's
//! (sign in again), while a wrong client secret, an unregistered redirect URI or missing admin
//! consent is the deployment's administrator's, so the words say who acts.

use super::advice::{Advice, KindRow, Retry, compose};
use super::{Diagnosis, DiagnosisKind};
use crate::oauth::{Evidence, OauthFailure, Pasted, StateError, TokenError};
use crate::providers::ProviderId;

/// Which kind each `OauthFailure` is, one row per failure.
const FAILURES: [(OauthFailure, DiagnosisKind); 12] = [
    (OauthFailure::GrantRevoked, DiagnosisKind::OauthGrantRevoked),
    (
        OauthFailure::ConsentRequired,
        DiagnosisKind::OauthConsentRequired,
    ),
    (
        OauthFailure::InteractionRequired,
        DiagnosisKind::OauthInteractionRequired,
    ),
    (
        OauthFailure::ClientSecretInvalid,
        DiagnosisKind::OauthClientSecretInvalid,
    ),
    (
        OauthFailure::ClientNotFound,
        DiagnosisKind::OauthClientNotFound,
    ),
    (
        OauthFailure::ClientUnauthorized,
        DiagnosisKind::OauthClientUnauthorized,
    ),
    (OauthFailure::ScopeInvalid, DiagnosisKind::OauthScopeInvalid),
    (
        OauthFailure::RedirectUriMismatch,
        DiagnosisKind::OauthRedirectUriMismatch,
    ),
    (OauthFailure::AccessDenied, DiagnosisKind::OauthAccessDenied),
    (
        OauthFailure::ProviderUnavailable,
        DiagnosisKind::OauthProviderUnavailable,
    ),
    (
        OauthFailure::RequestInvalid,
        DiagnosisKind::OauthRequestInvalid,
    ),
    (
        OauthFailure::InvalidResponse,
        DiagnosisKind::OauthInvalidResponse,
    ),
];

/// Per `oauth_*` kind: serialised name, retry policy, words.
pub(super) const KINDS: &[KindRow] = &[
    (
        DiagnosisKind::OauthGrantRevoked,
        "oauth_grant_revoked",
        Retry::Never,
        Advice {
            title: "Sign in again",
            explanation: "The sign-in this account was connected with is no longer valid: it was revoked, the password was changed, it went unused for too long, or (for Google apps still in testing) it expired after 7 days.",
            fix_steps: &[
                "Click Sign in again and sign in with the same mailbox.",
                "If it happens again within days, ask the administrator whether the Google app is still in testing or a policy revokes sign-ins.",
            ],
        },
    ),
    (
        DiagnosisKind::OauthConsentRequired,
        "oauth_consent_required",
        Retry::Never,
        Advice {
            title: "An administrator must approve the app",
            explanation: "The mailbox's organisation has not allowed this app to send mail for its users: the SMTP.Send (or Gmail) permission needs consent.",
            fix_steps: &[
                "Ask your Microsoft 365 or Google Workspace administrator to grant admin consent to the app (the guide step shows where).",
                "Then sign in again.",
            ],
        },
    ),
    (
        DiagnosisKind::OauthInteractionRequired,
        "oauth_interaction_required",
        Retry::Never,
        Advice {
            title: "The provider wants you to sign in interactively",
            explanation: "A security policy (multi-factor authentication or conditional access) now asks for a step that only an interactive sign-in can do.",
            fix_steps: &[
                "Click Sign in again and complete the second step on the provider's page.",
                "If the policy blocks sign-ins from this app, ask the administrator to allow it.",
            ],
        },
    ),
    (
        DiagnosisKind::OauthClientSecretInvalid,
        "oauth_client_secret_invalid",
        Retry::Never,
        Advice {
            title: "The app's client secret is wrong or expired",
            explanation: "The provider refused this deployment's own credentials, not yours: client secrets expire (in Microsoft Entra after 6 to 24 months) and must be the secret's value, not its id.",
            fix_steps: &[
                "Tell the administrator of this application: the OAuth client secret must be renewed or corrected.",
                "Administrator: create a new client secret and set it as the worker secret OAUTH_MICROSOFT_CLIENT_SECRET or OAUTH_GOOGLE_CLIENT_SECRET.",
            ],
        },
    ),
    (
        DiagnosisKind::OauthClientNotFound,
        "oauth_client_not_found",
        Retry::Never,
        Advice {
            title: "The provider does not know this app",
            explanation: "The client id this deployment uses is not registered with the provider, or not in your organisation's directory (a single-tenant app signing in a user of another tenant).",
            fix_steps: &[
                "Tell the administrator of this application: the OAuth client id is unknown to the provider.",
                "Administrator: check OAUTH_MICROSOFT_CLIENT_ID or OAUTH_GOOGLE_CLIENT_ID, and that the Entra app accepts accounts of any organisation if your users come from several.",
            ],
        },
    ),
    (
        DiagnosisKind::OauthClientUnauthorized,
        "oauth_client_unauthorized",
        Retry::Never,
        Advice {
            title: "The app may not sign in this way",
            explanation: "The provider does not allow this app to use the authorization code flow, for example because it is registered as a public or mobile client.",
            fix_steps: &[
                "Administrator: register the app as a web application with the worker's callback as redirect URI.",
            ],
        },
    ),
    (
        DiagnosisKind::OauthScopeInvalid,
        "oauth_scope_invalid",
        Retry::Never,
        Advice {
            title: "The app lacks the permission to send mail",
            explanation: "The provider refused the permissions asked for: SMTP needs https://outlook.office.com/SMTP.Send with offline_access at Microsoft, or https://mail.google.com/ at Google.",
            fix_steps: &[
                "Administrator: add the SMTP.Send delegated permission (Microsoft) or the Gmail scope (Google) to the app registration.",
                "Check any OAUTH_*_SCOPES override of this deployment.",
            ],
        },
    ),
    (
        DiagnosisKind::OauthRedirectUriMismatch,
        "oauth_redirect_uri_mismatch",
        Retry::Never,
        Advice {
            title: "The app's redirect URI is not registered",
            explanation: "The provider only returns to addresses registered for the app, and this deployment's callback is not one of them.",
            fix_steps: &[
                "Administrator: register the value of OAUTH_REDIRECT_URI, exactly, as a web redirect URI of the app.",
            ],
        },
    ),
    (
        DiagnosisKind::OauthAccessDenied,
        "oauth_access_denied",
        Retry::Never,
        Advice {
            title: "The sign-in was cancelled or refused",
            explanation: "On the provider's page the sign-in was stopped or the permissions were declined, or the provider refused it by policy (an administrator's Conditional Access rule, or an app it has not verified), so no access was granted.",
            fix_steps: &[
                "If you stopped it, click Sign in again and accept the permission to send mail.",
                "If the provider's page said the sign-in or the app is blocked, ask the administrator of your account to allow this app to sign in.",
            ],
        },
    ),
    (
        DiagnosisKind::OauthProviderUnavailable,
        "oauth_provider_unavailable",
        Retry::Always,
        Advice {
            title: "The sign-in service is unavailable",
            explanation: "The provider's sign-in service failed or is busy; nothing is wrong with the account.",
            fix_steps: &["Try again in a few minutes."],
        },
    ),
    (
        DiagnosisKind::OauthRequestInvalid,
        "oauth_request_invalid",
        Retry::Never,
        Advice {
            title: "The provider refused the sign-in request",
            explanation: "The provider said the request was malformed; its own words are below.",
            fix_steps: &[
                "Sign in again.",
                "If it persists, send the details below to the administrator of this application.",
            ],
        },
    ),
    (
        DiagnosisKind::OauthInvalidResponse,
        "oauth_invalid_response",
        Retry::Never,
        Advice {
            title: "The provider's answer was not understood",
            explanation: "The token endpoint answered with something other than a bearer token, so the endpoints this deployment uses may be wrong.",
            fix_steps: &[
                "Administrator: check the OAUTH_*_TOKEN_URL overrides of this deployment.",
            ],
        },
    ),
    (
        DiagnosisKind::OauthStateInvalid,
        "oauth_state_invalid",
        Retry::Never,
        Advice {
            title: "This sign-in cannot be finished",
            explanation: "The answer from the provider did not match a sign-in started here: it took longer than 10 minutes, was already used, or belongs to another window.",
            fix_steps: &["Close this window and click Sign in again in the form."],
        },
    ),
];

/// The diagnosis of a refused token or authorization request for `provider`.
pub fn explain_oauth(error: &TokenError, provider: Option<ProviderId>) -> Diagnosis {
    let kind = FAILURES
        .iter()
        .find(|(failure, _)| *failure == error.failure)
        .map_or(DiagnosisKind::OauthRequestInvalid, |(_, kind)| *kind);
    let mut diagnosis = compose(kind, provider, None, None);
    diagnosis.detail = Some(error.detail()).filter(|detail| !detail.is_empty());
    diagnosis.guide_step = super::guide::guide_step(kind, provider);
    diagnosis
}

/// Entra ID's refusals of the account itself (learn.microsoft.com/entra/identity-platform/
/// reference-error-codes), read before `crate::oauth`'s table: an account that is not in the tenant
/// (50034, 51004: the wrong user name, as a refused login; s-KaiNet/spsave#61), a user of another
/// identity provider the tenant does not admit (50020: access denied, the convention three
/// readers settled; microsoft/PowerBI-CSharp#64) or whose password is refused (50126), and an
/// account locked after failed sign-ins (50053,
/// AzureAD/microsoft-authentication-library-for-python#211) or disabled (50057, canonical/authd#814).
const ACCOUNT_REFUSALS: &[(Evidence, DiagnosisKind)] = &[
    (Evidence::Aadsts(50034), DiagnosisKind::BadCredentials),
    (Evidence::Aadsts(51004), DiagnosisKind::BadCredentials),
    (Evidence::Aadsts(50020), DiagnosisKind::OauthAccessDenied),
    (Evidence::Aadsts(50126), DiagnosisKind::BadCredentials),
    (Evidence::Aadsts(50053), DiagnosisKind::AccountBlocked),
    (Evidence::Aadsts(50057), DiagnosisKind::AccountBlocked),
    // 51004's and 50020's words without their codes (the GSuite-as-IdP guide's issue #4): two
    // readers of blind set 20 shared bad_credentials for 50020's words alone, and the row three
    // readers settled names the code.
    (
        Evidence::Phrase("the account must be added to the directory"),
        DiagnosisKind::BadCredentials,
    ),
    (
        Evidence::Phrase("needs to be added as an external user in the tenant"),
        DiagnosisKind::BadCredentials,
    ),
];

/// The words of consent screens, resource servers and applications about a sign-in that no
/// token-endpoint code names, read when `crate::oauth`'s table finds nothing: every phrase of a
/// row must show (in `Evidence`'s spelling: lower case, contractions written out).
const SCREEN_WORDS: &[(&[&str], DiagnosisKind)] = &[
    // Entra ID's "Need admin approval" screen when user consent is off: "… needs permission to
    // access resources in your organization that only an admin can grant" (communardo's and
    // sprocket365's pages).
    (
        &["only an admin can grant"],
        DiagnosisKind::OauthConsentRequired,
    ),
    (&["admin approval"], DiagnosisKind::OauthConsentRequired),
    (
        &["ask an admin to grant permission"],
        DiagnosisKind::OauthConsentRequired,
    ),
    // Google's screens for an app it has not verified ("Google hasn't verified this app",
    // Nylas's access_denied guide; "Google has not verified this app."; its older "This app isn't
    // verified"; "Access blocked: … has not been verified"): the settled access_denied.
    (
        &["has not verified this app"],
        DiagnosisKind::OauthAccessDenied,
    ),
    (&["app is not verified"], DiagnosisKind::OauthAccessDenied),
    (
        &["access blocked:", "has not been verified"],
        DiagnosisKind::OauthAccessDenied,
    ),
    // A token without the scope the request needs: RFC 6750's `insufficient_scope` and its
    // descriptions (Okta's "does not contain the required scopes", "requires higher privileges
    // than provided by the access token"), an application's "access privilege … is not
    // sufficient".
    (&["insufficient_scope"], DiagnosisKind::OauthScopeInvalid),
    (
        &["does not contain the required scope"],
        DiagnosisKind::OauthScopeInvalid,
    ),
    (
        &["higher privileges than provided"],
        DiagnosisKind::OauthScopeInvalid,
    ),
    (
        &["scope of the access token does not"],
        DiagnosisKind::OauthScopeInvalid,
    ),
    (
        &["privilege", "not sufficient"],
        DiagnosisKind::OauthScopeInvalid,
    ),
    // The authorization server's own failure in RFC 6749's words (`server_error`,
    // `temporarily_unavailable`, as vendors' error tables print them) or an application's.
    (
        &["authorization server encountered an unexpected"],
        DiagnosisKind::OauthProviderUnavailable,
    ),
    (
        &["authorization server is currently unable"],
        DiagnosisKind::OauthProviderUnavailable,
    ),
    (
        &["unexpected error", "authorization server"],
        DiagnosisKind::OauthProviderUnavailable,
    ),
];

/// The kind of a pasted text that quotes a token endpoint's refusal: the account's own (an
/// `ACCOUNT_REFUSALS` row), the `oauth_*` kind of an `AADSTS` code or `invalid_client` from an
/// app's XOAUTH2 refresh, read with `crate::oauth`'s own table, or else a `SCREEN_WORDS` row.
pub(super) fn kind_in_text(lower: &str) -> Option<DiagnosisKind> {
    let pasted = Pasted::new(lower);
    let account = ACCOUNT_REFUSALS
        .iter()
        .find(|(evidence, _)| pasted.shows(evidence));
    if let Some((_, kind)) = account {
        return Some(*kind);
    }
    let Some(failure) = pasted.failure() else {
        return SCREEN_WORDS
            .iter()
            .find(|(phrases, _)| phrases.iter().all(|phrase| lower.contains(phrase)))
            .map(|(_, kind)| *kind);
    };
    FAILURES
        .iter()
        .find(|(row, _)| *row == failure)
        .map(|(_, kind)| *kind)
}

/// The diagnosis of a callback whose state was refused.
pub fn explain_state(error: StateError, provider: Option<ProviderId>) -> Diagnosis {
    let mut diagnosis = compose(DiagnosisKind::OauthStateInvalid, provider, None, None);
    diagnosis.detail = Some(error.to_string());
    diagnosis
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_words_are_spelled_as_the_evidence_is() {
        let phrases = SCREEN_WORDS.iter().flat_map(|(phrases, _)| phrases.iter());
        for phrase in phrases {
            assert!(
                crate::diagnosis::evidence::is_canonical(phrase),
                "{phrase:?} can never match"
            );
        }
    }

    #[test]
    fn every_failure_has_the_kind_named_after_it() {
        for failure in OauthFailure::ALL {
            let row = FAILURES.iter().find(|row| row.0 == failure);
            let kind = row.map(|row| row.1);
            assert_eq!(
                kind.map(DiagnosisKind::as_str),
                Some(format!("oauth_{}", failure.as_str()).as_str())
            );
        }
    }

    #[test]
    fn only_an_unavailable_provider_is_worth_retrying() {
        for (failure, _) in FAILURES {
            let diagnosis = explain_oauth(&TokenError::of(failure, 400), None);
            assert_eq!(
                diagnosis.retryable,
                failure == OauthFailure::ProviderUnavailable
            );
            assert_eq!(diagnosis.detail.as_deref(), Some("HTTP 400"));
        }
    }
}
