//! The widget's HTTP client: posts a form to the API and turns every answer into a typed value.

use gloo_net::http::Request;
use sendready_shared::api::{ErrorBody, TestRequest};
use sendready_shared::settings::RawForm;
use sendready_shared::smtp::ProbeReport;

/// Why a test could not produce a report.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientError {
    /// The API refused the request and said why.
    Refused(ErrorBody),
    /// The API could not be reached or answered something unreadable.
    Unreachable(String),
}

impl ClientError {
    /// A sentence for the person at the form.
    pub fn message(&self) -> String {
        match self {
            Self::Refused(body) => body.error.message.clone(),
            Self::Unreachable(detail) => format!("the sendready service could not be reached ({detail})"),
        }
    }
}

/// Runs one SMTP test through the API.
pub async fn run_test(api_base: &str, form: RawForm) -> Result<ProbeReport, ClientError> {
    let unreachable = |error: gloo_net::Error| ClientError::Unreachable(error.to_string());
    let response = Request::post(&format!("{api_base}/api/test"))
        .json(&TestRequest { form })
        .map_err(unreachable)?
        .send()
        .await
        .map_err(unreachable)?;
    if response.ok() {
        response.json::<ProbeReport>().await.map_err(unreachable)
    } else {
        Err(ClientError::Refused(response.json::<ErrorBody>().await.map_err(unreachable)?))
    }
}
