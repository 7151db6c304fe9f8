//! `Secret`: a password, token or code that is wiped from memory on drop and never prints itself.
//!
//! It has no `Display`, a redacting `Debug`, and no `Serialize`: a request type that must carry
//! one over the wire opts in field by field with `#[serde(serialize_with = "secret::expose")]`,
//! so no response type can leak one by accident. The bytes live in a `Zeroizing<String>`, so
//! every copy is overwritten with zeros when it is dropped.

use std::fmt;

use serde::{Deserialize, Deserializer, Serializer};
use zeroize::Zeroizing;

/// A secret (password, app password, token) that never prints itself.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// The secret itself, for the few places that must use it (AUTH, hashing, sealing).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Shows that a value is there, never the value.
impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

/// Serialises the secret's value: only for request bodies that must carry it, by opting in with
/// `#[serde(serialize_with = "crate::secret::expose")]` on the field.
pub fn expose<S: Serializer>(secret: &Secret, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(secret.expose())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Request {
        #[serde(serialize_with = "expose")]
        password: Secret,
    }

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
        assert!(!format!("{:?}", Some(secret)).contains("hunter2"));
    }

    #[test]
    fn only_an_opted_in_field_serialises_the_value() {
        let request = Request {
            password: Secret::new("hunter2"),
        };
        let json = serde_json::to_string(&request).unwrap_or_default();
        assert_eq!(json, r#"{"password":"hunter2"}"#);
        let back: Secret = serde_json::from_str("\"hunter2\"").unwrap_or_default();
        assert_eq!(back.expose(), "hunter2");
    }
}
