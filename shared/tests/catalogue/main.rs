//! Integration tests for the provider catalogue, the guides and the form rules: one binary,
//! one module per area.

mod detection;
mod guides;
mod presets;
mod properties;
mod rules_across;
mod validation;

use sendready_shared::secret::Secret;
use sendready_shared::settings::{Checked, RawForm};

/// A form for `provider` with an address and a password, everything else left empty.
fn form(provider: &str, email: &str, password: &str) -> RawForm {
    RawForm {
        provider: provider.to_owned(),
        email: email.to_owned(),
        password: Secret::new(password),
        ..RawForm::default()
    }
}

/// The error codes of a check, as `field:code` strings in order.
fn error_codes(checked: &Checked) -> Vec<String> {
    checked
        .errors()
        .iter()
        .map(|error| format!("{}:{}", field_name(error.field), error.code))
        .collect()
}

/// The warning codes of a check, as `field:code` strings in order.
fn warning_codes(checked: &Checked) -> Vec<String> {
    checked
        .warnings
        .iter()
        .map(|warning| format!("{}:{}", field_name(warning.field), warning.code))
        .collect()
}

fn field_name(field: sendready_shared::settings::Field) -> String {
    serde_json::to_value(field)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}
