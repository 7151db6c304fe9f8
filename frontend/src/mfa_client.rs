//! The two-step verification widget's HTTP client: the MFA routes of the API, with the user
//! token as bearer, every answer typed (the JSON shapes of `openapi.yaml`'s `/api/mfa/*`).

use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// `GET /api/mfa/users/{user}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct MfaStatus {
    /// `none`, `pending` or `active`.
    pub totp: String,
    pub recovery_codes_left: u32,
    pub locked_for_s: Option<u64>,
    /// Whether the host set an address for e-mailed codes.
    #[serde(default)]
    pub email: bool,
}

/// `POST …/email`: how long the code is valid (the same answer with or without an address).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct EmailSent {
    pub expires_in_s: u64,
}

/// `POST …/totp`: a new authenticator secret, pending until confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Enrollment {
    pub secret: String,
    pub secret_grouped: String,
    pub uri: String,
}

/// `POST …/totp/confirm` and `POST …/recovery-codes`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

/// `POST …/verify` and `POST …/device`: the signed verification result for the host.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Verified {
    pub result: String,
    #[serde(default)]
    pub device_token: Option<String>,
    #[serde(default)]
    pub recovery_codes_left: Option<u32>,
}

/// Why a call failed: the API's error (its code and sentence), or no answer at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MfaError {
    /// The API's error code, e.g. `mfa_wrong_code`; `unreachable` when there was no answer.
    pub code: String,
    pub message: String,
    /// Seconds from `Retry-After`, for a locked account.
    pub retry_after_s: Option<u64>,
}

/// The MFA routes of one user, with the bearer that may use them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MfaApi {
    pub api_base: String,
    pub user: String,
    pub bearer: String,
}

impl MfaApi {
    pub async fn status(&self) -> Result<MfaStatus, MfaError> {
        self.send(Request::get(&self.url("")), None::<&()>).await
    }

    pub async fn enroll(&self, account: &str, issuer: &str) -> Result<Enrollment, MfaError> {
        let body = serde_json::json!({ "account": account, "issuer": issuer });
        self.send(Request::post(&self.url("/totp")), Some(&body))
            .await
    }

    pub async fn confirm(&self, code: &str) -> Result<RecoveryCodes, MfaError> {
        let body = serde_json::json!({ "code": code });
        self.send(Request::post(&self.url("/totp/confirm")), Some(&body))
            .await
    }

    pub async fn verify(
        &self,
        method: &str,
        code: &str,
        remember_device: bool,
    ) -> Result<Verified, MfaError> {
        let body = serde_json::json!({ "method": method, "code": code, "remember_device": remember_device });
        self.send(Request::post(&self.url("/verify")), Some(&body))
            .await
    }

    /// Sends (or resends) a code to the address the host set.
    pub async fn email_code(&self) -> Result<EmailSent, MfaError> {
        self.send(
            Request::post(&self.url("/email")),
            Some(&serde_json::json!({})),
        )
        .await
    }

    pub async fn remembered(&self, device_token: &str) -> Result<Verified, MfaError> {
        let body = serde_json::json!({ "device_token": device_token });
        self.send(Request::post(&self.url("/device")), Some(&body))
            .await
    }

    fn url(&self, rest: &str) -> String {
        let user: String = js_sys::encode_uri_component(&self.user).into();
        format!("{}/api/mfa/users/{user}{rest}", self.api_base)
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
        body: Option<&impl Serialize>,
    ) -> Result<T, MfaError> {
        let unreachable = |error: gloo_net::Error| MfaError {
            code: "unreachable".to_owned(),
            message: format!("the sendready service could not be reached ({error})"),
            retry_after_s: None,
        };
        let request = request.header("authorization", &format!("Bearer {}", self.bearer));
        let request = match body {
            Some(body) => request.json(body).map_err(unreachable)?,
            None => request.build().map_err(unreachable)?,
        };
        let response = request.send().await.map_err(unreachable)?;
        if response.ok() {
            return response.json().await.map_err(unreachable);
        }
        let retry_after_s = response
            .headers()
            .get("retry-after")
            .and_then(|value| value.parse().ok());
        // Read as plain JSON: the widget shows any error code the API may add.
        let body: serde_json::Value = response.json().await.map_err(unreachable)?;
        let text = |name: &str| body["error"][name].as_str().unwrap_or_default().to_owned();
        Err(MfaError {
            code: text("code"),
            message: text("message"),
            retry_after_s,
        })
    }
}
