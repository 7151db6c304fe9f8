//! The HTTP API's request and response bodies: plain data shared by the worker and the widget.
//!
//! Only the adapters turn these into HTTP; here they are serde types and constructors for the
//! errors every endpoint can answer with.

use serde::{Deserialize, Serialize};

use crate::settings::{Field, FieldError, RawForm};

/// `POST /api/test`: the form as typed, checked again by the worker before anything connects.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct TestRequest {
    pub form: RawForm,
}

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
}

/// Stable error codes; clients may branch on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not JSON of the expected shape.
    InvalidJson,
    /// The body is larger than the endpoint accepts.
    BodyTooLarge,
    /// The settings broke one or more form rules.
    InvalidSettings,
}

impl ApiError {
    pub fn invalid_json(detail: &str) -> Self {
        Self {
            code: ErrorCode::InvalidJson,
            message: format!("the request body is not valid json for this endpoint: {detail}"),
            field: None,
            fields: Vec::new(),
        }
    }

    pub fn body_too_large(limit: usize) -> Self {
        Self {
            code: ErrorCode::BodyTooLarge,
            message: format!("the request body is larger than {limit} bytes"),
            field: None,
            fields: Vec::new(),
        }
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
        }
    }
}
