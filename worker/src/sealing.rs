//! AES-256-GCM sealing of a secret at rest (saved passwords, TOTP secrets) and the one way the
//! worker asks a Durable Object something: a JSON request to the object named by a key.
//!
//! Every sealed value gets a fresh 96-bit nonce from the platform's CSPRNG, and the caller's
//! associated data (an account id, a user hash) binds it to its row, so a value copied to
//! another row does not open. Nonce and ciphertext travel as standard base64.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use sendready_shared::api::{ApiError, ErrorCode};
use sendready_shared::secret::Secret;
use serde::Serialize;
use serde::de::DeserializeOwned;
use worker::{Env, Method, Request, RequestInit};

use crate::config::random_bytes;

/// A sealed secret: base64 nonce and base64 ciphertext (with its tag).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, Serialize)]
pub struct Sealed {
    pub nonce: String,
    pub sealed: String,
}

/// Seals `secret` under `key`, bound to `aad`.
pub fn seal(key: &[u8; 32], aad: &str, secret: &Secret) -> Result<Sealed, ApiError> {
    let nonce: [u8; 12] = random_bytes()?;
    let sealed = Aes256Gcm::new(key.into())
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: secret.expose().as_bytes(),
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| not_configured("a secret could not be encrypted"))?;
    Ok(Sealed {
        nonce: BASE64.encode(nonce),
        sealed: BASE64.encode(sealed),
    })
}

/// Opens a sealed secret; a wrong key, another row's value or damage all fail the same way.
pub fn open(key: &[u8; 32], aad: &str, sealed: &Sealed) -> Result<Secret, ApiError> {
    let damaged = || not_configured("a stored secret cannot be read");
    let nonce = BASE64.decode(&sealed.nonce).map_err(|_| damaged())?;
    let ciphertext = BASE64.decode(&sealed.sealed).map_err(|_| damaged())?;
    if nonce.len() != 12 {
        return Err(damaged());
    }
    let plain = Aes256Gcm::new(key.into())
        .decrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &ciphertext,
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| damaged())?;
    String::from_utf8(plain)
        .map(Secret::new)
        .map_err(|_| damaged())
}

/// Posts `body` as JSON to the Durable Object named `name` in the namespace `binding` and reads
/// its JSON answer; any status but 200 is an error.
pub async fn ask_object<T: DeserializeOwned>(
    env: &Env,
    binding: &str,
    name: &str,
    body: &impl Serialize,
) -> worker::Result<T> {
    let stub = env
        .durable_object(binding)?
        .id_from_name(name)?
        .get_stub()?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_body(Some(serde_json::to_string(body)?.into()));
    // The host is a placeholder: a stub delivers every request to its own object.
    let request = Request::new_with_init("https://object.invalid/", &init)?;
    let mut response = stub.fetch_with_request(request).await?;
    if response.status_code() != 200 {
        return Err(worker::Error::RustError(format!(
            "the {binding} object answered {}",
            response.status_code()
        )));
    }
    response.json().await
}

fn not_configured(message: &str) -> ApiError {
    ApiError::new(ErrorCode::NotConfigured, message)
}
