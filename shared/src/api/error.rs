//! The API's one error shape, `{"error": ApiError}`: the stable codes clients branch on, with
//! their HTTP statuses and spelling, the constructors every endpoint answers with, and how long
//! a refusal asks the client to wait.

use serde::{Deserialize, Serialize};

use crate::diagnosis::Diagnosis;
use crate::relay::MAX_BUSY_WAIT_S;
use crate::session::SessionError;
use crate::settings::{Field, FieldError};

/// Every error response is `{"error": ApiError}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct ErrorBody {
    pub error: ApiError,
}

/// Why a request was refused, specific enough to show next to the right field.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The first field at fault, when the error is about one field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// Every field error, when the settings did not parse.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// What a refused OAuth sign-in or token refresh means and how to fix it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Box<Diagnosis>>,
}

/// Stable error codes; clients may branch on them. Each maps to one HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not JSON of the expected shape.
    InvalidJson,
    /// 413: the body is larger than the endpoint accepts.
    BodyTooLarge,
    /// 422: the settings broke one or more form rules (see `fields`).
    InvalidSettings,
    /// 422: the diagnosis request has no reply text.
    EmptyReply,
    /// 401: no admin token, or one that is malformed, forged or expired.
    Unauthorized,
    /// 403: a valid admin token without the scope this needs.
    Forbidden,
    /// 409: the attestation is missing, forged, expired or for other settings: test again.
    AttestationRejected,
    /// 429: too many tests or failed sign-ins; `Retry-After` says when to try again.
    RateLimited,
    /// 403: the page's origin is not allowed to use this API.
    OriginNotAllowed,
    /// 404: no such endpoint.
    NotFound,
    /// 405: the endpoint exists but not with this method.
    MethodNotAllowed,
    /// 503: the service is not configured (a missing secret or binding).
    NotConfigured,
    /// 422: a two-step verification code that is not valid (wrong, or not six digits).
    MfaWrongCode,
    /// 422: an authenticator code whose time step was already used.
    MfaCodeReused,
    /// 422: an authenticator code that matches minutes away: the device's clock is off.
    MfaClockDrift,
    /// 429: too many failed verifications; `Retry-After` says when, unless only the host can unlock.
    MfaLocked,
    /// 409: two-step verification is not set up, or no enrollment is pending.
    MfaNotEnrolled,
    /// 422: the remember-this-device token is not valid, expired or revoked.
    MfaDeviceNotRemembered,
    /// 422: a user id, account name, issuer or device id that is not acceptable.
    MfaInvalidInput,
    /// 502: the test goes through the relay, and the relay could not be reached.
    RelayUnavailable,
    /// 502: the relay refused the test (its destination policy, its key, or its clock).
    RelayRefused,
    /// 503: the relay is running its maximum number of tests at once; `Retry-After` (the
    /// relay's, at most a minute) says when to try again.
    RelayBusy,
    /// 422: no e-mailed code is waiting: it expired, was used, ran out of tries or none was sent.
    MfaCodeExpired,
    /// 429: three codes were e-mailed in 15 minutes; `Retry-After` says when another may go.
    MfaTooManyCodes,
    /// 503: codes cannot be e-mailed now (no system account saved, or it failed to send).
    MfaEmailUnavailable,
    /// 422: `GET /api/detect` without an e-mail address, with an invalid one, or with one whose
    /// domain cannot have public mail records (an IP literal, `.test`, `.local`, …).
    InvalidEmail,
    /// 422: the preset does not sign in with OAuth, or the deployment has no client for it.
    OauthNotOffered,
    /// 422: `return_to` of `POST /api/oauth/start` is not a page of the API's own origin or of
    /// one of `ALLOWED_ORIGINS` (or not an http(s) URL, or too long).
    OauthReturnNotAllowed,
    /// 409: the OAuth sign-in or its grant cannot be used (refused at the provider, revoked,
    /// expired, replayed, another session's); `diagnosis` says why. Sign in again.
    OauthRefused,
}

impl ErrorCode {
    /// The HTTP status that goes with the code.
    pub fn status(self) -> u16 {
        match self {
            Self::InvalidJson => 400,
            Self::Unauthorized => 401,
            Self::Forbidden | Self::OriginNotAllowed => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::AttestationRejected | Self::MfaNotEnrolled | Self::OauthRefused => 409,
            Self::BodyTooLarge => 413,
            Self::InvalidSettings
            | Self::EmptyReply
            | Self::MfaWrongCode
            | Self::MfaCodeReused
            | Self::MfaClockDrift
            | Self::MfaDeviceNotRemembered
            | Self::MfaInvalidInput
            | Self::MfaCodeExpired
            | Self::InvalidEmail
            | Self::OauthNotOffered
            | Self::OauthReturnNotAllowed => 422,
            Self::RateLimited | Self::MfaLocked | Self::MfaTooManyCodes => 429,
            Self::NotConfigured | Self::MfaEmailUnavailable | Self::RelayBusy => 503,
            Self::RelayUnavailable | Self::RelayRefused => 502,
        }
    }

    /// The code as the API spells it, the string of its JSON (`relay_busy`): the widget's
    /// notices carry it in `data-code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::BodyTooLarge => "body_too_large",
            Self::InvalidSettings => "invalid_settings",
            Self::EmptyReply => "empty_reply",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::AttestationRejected => "attestation_rejected",
            Self::RateLimited => "rate_limited",
            Self::OriginNotAllowed => "origin_not_allowed",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::NotConfigured => "not_configured",
            Self::MfaWrongCode => "mfa_wrong_code",
            Self::MfaCodeReused => "mfa_code_reused",
            Self::MfaClockDrift => "mfa_clock_drift",
            Self::MfaLocked => "mfa_locked",
            Self::MfaNotEnrolled => "mfa_not_enrolled",
            Self::MfaDeviceNotRemembered => "mfa_device_not_remembered",
            Self::MfaInvalidInput => "mfa_invalid_input",
            Self::RelayUnavailable => "relay_unavailable",
            Self::RelayRefused => "relay_refused",
            Self::RelayBusy => "relay_busy",
            Self::MfaCodeExpired => "mfa_code_expired",
            Self::MfaTooManyCodes => "mfa_too_many_codes",
            Self::MfaEmailUnavailable => "mfa_email_unavailable",
            Self::InvalidEmail => "invalid_email",
            Self::OauthNotOffered => "oauth_not_offered",
            Self::OauthReturnNotAllowed => "oauth_return_not_allowed",
            Self::OauthRefused => "oauth_refused",
        }
    }

    /// The seconds an answer with this code and `Retry-After` header asks the client to wait
    /// before trying again: a rate limit (429) or a busy relay (503 `relay_busy`), with the
    /// header in whole seconds (its HTTP-date form is not read). `None` for every other answer.
    pub fn wait_s(self, retry_after: Option<&str>) -> Option<u64> {
        let waits = self.status() == 429 || self == Self::RelayBusy;
        if !waits {
            return None;
        }
        retry_after?.trim().parse().ok()
    }
}

impl ApiError {
    /// An error with a message and nothing else.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            fields: Vec::new(),
            diagnosis: None,
        }
    }

    /// A refused OAuth sign-in or refresh, explained.
    pub fn oauth_refused(diagnosis: Diagnosis) -> Self {
        Self {
            message: diagnosis.title.to_lowercase(),
            diagnosis: Some(Box::new(diagnosis)),
            ..Self::new(ErrorCode::OauthRefused, "")
        }
    }

    /// The relay is running its maximum number of tests; the answer's `Retry-After` says when
    /// one may start.
    pub fn relay_busy() -> Self {
        Self::new(
            ErrorCode::RelayBusy,
            "the relay is running its maximum number of tests at once",
        )
    }

    pub fn invalid_json(detail: &str) -> Self {
        Self::new(
            ErrorCode::InvalidJson,
            format!("the request body is not valid json for this endpoint: {detail}"),
        )
    }

    pub fn body_too_large(limit: usize) -> Self {
        Self::new(
            ErrorCode::BodyTooLarge,
            format!("the request body is larger than {limit} bytes"),
        )
    }

    pub fn invalid_settings(fields: Vec<FieldError>) -> Self {
        let first = fields.first();
        Self {
            code: ErrorCode::InvalidSettings,
            message: first.map_or_else(
                || "the settings are not valid".to_owned(),
                |error| error.message.clone(),
            ),
            field: first.map(|error| error.field),
            fields,
            diagnosis: None,
        }
    }
}

impl From<SessionError> for ApiError {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::InvalidSettings(fields) => ApiError::invalid_settings(fields),
            SessionError::Limited(limited) => {
                ApiError::new(ErrorCode::RateLimited, limited.message())
            }
            SessionError::LimiterUnavailable => ApiError::new(
                ErrorCode::NotConfigured,
                "the abuse limits are unavailable, so no test can run; try again later",
            ),
        }
    }
}

/// The seconds to wait when a relay's refusal says it is busy: its 503 `relay_busy` with a
/// `Retry-After` in whole seconds, bounded to 1..=`MAX_BUSY_WAIT_S`. `None` for every other
/// refusal, including a `relay_busy` without a number to count down (the relay's own trouble,
/// which waiting does not fix).
pub fn relay_busy_wait_s(
    status: u16,
    code: Option<ErrorCode>,
    retry_after: Option<&str>,
) -> Option<u64> {
    let busy = ErrorCode::RelayBusy;
    if status != busy.status() || code != Some(busy) {
        return None;
    }
    Some(busy.wait_s(retry_after)?.clamp(1, MAX_BUSY_WAIT_S))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relay::BUSY_RETRY_AFTER_S;

    #[test]
    fn every_error_code_is_spelled_as_its_json() {
        let codes = [
            ErrorCode::InvalidJson,
            ErrorCode::BodyTooLarge,
            ErrorCode::InvalidSettings,
            ErrorCode::EmptyReply,
            ErrorCode::Unauthorized,
            ErrorCode::Forbidden,
            ErrorCode::AttestationRejected,
            ErrorCode::RateLimited,
            ErrorCode::OriginNotAllowed,
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::NotConfigured,
            ErrorCode::MfaWrongCode,
            ErrorCode::MfaCodeReused,
            ErrorCode::MfaClockDrift,
            ErrorCode::MfaLocked,
            ErrorCode::MfaNotEnrolled,
            ErrorCode::MfaDeviceNotRemembered,
            ErrorCode::MfaInvalidInput,
            ErrorCode::RelayUnavailable,
            ErrorCode::RelayRefused,
            ErrorCode::RelayBusy,
            ErrorCode::MfaCodeExpired,
            ErrorCode::MfaTooManyCodes,
            ErrorCode::MfaEmailUnavailable,
            ErrorCode::InvalidEmail,
            ErrorCode::OauthNotOffered,
            ErrorCode::OauthReturnNotAllowed,
            ErrorCode::OauthRefused,
        ];
        for code in codes {
            let json = serde_json::to_string(&code).expect("an error code serialises");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn only_limits_and_a_busy_relay_ask_to_wait_and_only_in_whole_seconds() {
        assert_eq!(ErrorCode::RateLimited.wait_s(Some("42")), Some(42));
        assert_eq!(ErrorCode::MfaTooManyCodes.wait_s(Some("600")), Some(600));
        assert_eq!(ErrorCode::RelayBusy.wait_s(Some(" 5 ")), Some(5));
        assert_eq!(ErrorCode::RelayBusy.wait_s(None), None);
        assert_eq!(ErrorCode::RateLimited.wait_s(Some("soon")), None);
        assert_eq!(ErrorCode::RateLimited.wait_s(Some("-5")), None);
        assert_eq!(
            ErrorCode::RateLimited.wait_s(Some("Wed, 21 Oct 2026 07:28:00 GMT")),
            None
        );
        assert_eq!(ErrorCode::NotConfigured.wait_s(Some("5")), None);
        assert_eq!(ErrorCode::RelayRefused.wait_s(Some("5")), None);
    }

    #[test]
    fn only_a_busy_relay_with_a_number_of_seconds_is_waited_for_and_never_long() {
        let busy = |retry_after| relay_busy_wait_s(503, Some(ErrorCode::RelayBusy), retry_after);
        assert_eq!(busy(Some("5")), Some(BUSY_RETRY_AFTER_S));
        assert_eq!(busy(Some(" 12 ")), Some(12));
        assert_eq!(busy(Some("0")), Some(1));
        assert_eq!(busy(Some("86400")), Some(MAX_BUSY_WAIT_S));
        assert_eq!(busy(Some("99999999999999999999999")), None);
        assert_eq!(busy(Some("Wed, 21 Oct 2026 07:28:00 GMT")), None);
        assert_eq!(busy(Some("-5")), None);
        assert_eq!(busy(None), None);
        let not_busy = Some(ErrorCode::NotConfigured);
        assert_eq!(relay_busy_wait_s(503, not_busy, Some("5")), None);
        assert_eq!(
            relay_busy_wait_s(429, Some(ErrorCode::RelayBusy), Some("5")),
            None
        );
        assert_eq!(relay_busy_wait_s(503, None, Some("5")), None);
    }
}
