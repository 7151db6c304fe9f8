//! TLS for the native probe: rustls with the public roots (plus an operator's CA file), and the
//! facts the worker cannot see: protocol version, cipher suite and the server's certificate.
//!
//! Each probe gets a verifier of its own that records the certificate the server presented and
//! the verdict, so a refused certificate is still described (subject, issuer, names) in the report.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    ClientConfig, ClientConnection, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use serde::Serialize;
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::{FromDer, X509Certificate};

/// The trust anchors every probe of this process uses.
#[derive(Clone, Debug)]
pub struct Trust {
    roots: Arc<RootCertStore>,
    provider: Arc<CryptoProvider>,
}

/// What the TLS session and the server's certificate were.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TlsDetails {
    /// `TLSv1.3` or `TLSv1.2`; absent when the handshake did not finish.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cipher_suite: Option<String>,
    /// The server's certificate, when it sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateFacts>,
    /// True when the chain and the name checked out against the trusted roots.
    pub verified: bool,
    /// Why the certificate was refused, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused_because: Option<String>,
}

/// The end-entity certificate as a person reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertificateFacts {
    pub subject: String,
    pub issuer: String,
    /// RFC 2822 date after which the certificate is no longer valid.
    pub not_after: String,
    /// Whole days until `not_after`; negative once expired.
    pub expires_in_days: i64,
    /// DNS names and IP addresses from the subject alternative names.
    pub names: Vec<String>,
    /// True when one of `names` covers the host the probe connected to.
    pub name_matches: bool,
}

/// A verifier that delegates to webpki and remembers what it was shown.
#[derive(Debug)]
pub struct RecordingVerifier {
    inner: Arc<WebPkiServerVerifier>,
    seen: Mutex<Option<(CertificateDer<'static>, Result<(), String>)>>,
}

impl Trust {
    /// The public web roots (webpki-roots), plus every certificate in `ca_file` when given.
    pub fn new(ca_file: Option<&Path>) -> Result<Self, String> {
        let mut roots = RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        if let Some(path) = ca_file {
            let certificates = CertificateDer::pem_file_iter(path)
                .map_err(|error| format!("cannot read the CA file {}: {error}", path.display()))?;
            let mut added = 0;
            for certificate in certificates {
                let certificate = certificate.map_err(|error| {
                    format!("the CA file {} is not PEM: {error}", path.display())
                })?;
                roots.add(certificate).map_err(|error| {
                    format!("a certificate in {} is not usable: {error}", path.display())
                })?;
                added += 1;
            }
            if added == 0 {
                return Err(format!(
                    "the CA file {} holds no certificate",
                    path.display()
                ));
            }
        }
        Ok(Self {
            roots: Arc::new(roots),
            provider: Arc::new(rustls::crypto::ring::default_provider()),
        })
    }

    /// A client configuration for one probe, with its own recording verifier.
    pub fn client_config(&self) -> Result<(Arc<ClientConfig>, Arc<RecordingVerifier>), String> {
        let inner =
            WebPkiServerVerifier::builder_with_provider(self.roots.clone(), self.provider.clone())
                .build()
                .map_err(|error| format!("cannot build the certificate verifier: {error}"))?;
        let verifier = Arc::new(RecordingVerifier {
            inner,
            seen: Mutex::new(None),
        });
        let config = ClientConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|error| format!("cannot configure TLS: {error}"))?
            .dangerous()
            .with_custom_certificate_verifier(verifier.clone())
            .with_no_client_auth();
        Ok((Arc::new(config), verifier))
    }
}

impl RecordingVerifier {
    /// What the probe learnt about TLS: from the session when it was set up, and from the
    /// recorded certificate either way.
    pub fn details(&self, host: &str, session: Option<&ClientConnection>) -> Option<TlsDetails> {
        let seen = self.seen.lock().ok()?.clone();
        if seen.is_none() && session.is_none() {
            return None;
        }
        let (certificate, verdict) = match seen {
            Some((der, verdict)) => (certificate_facts(&der, host), verdict),
            None => (None, Err("the server sent no certificate".to_owned())),
        };
        Some(TlsDetails {
            protocol: session
                .and_then(|session| session.protocol_version())
                .map(|version| {
                    version
                        .as_str()
                        .unwrap_or("unknown")
                        .replace("TLSv1_", "TLSv1.")
                }),
            cipher_suite: session
                .and_then(|session| session.negotiated_cipher_suite())
                .map(|suite| suite.suite().as_str().unwrap_or("unknown").to_owned()),
            certificate,
            verified: verdict.is_ok(),
            refused_because: verdict.err(),
        })
    }
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        if let Ok(mut seen) = self.seen.lock() {
            let summary = verdict
                .as_ref()
                .map(|_| ())
                .map_err(|error| error.to_string());
            *seen = Some((end_entity.clone().into_owned(), summary));
        }
        verdict
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The server name TLS checks the certificate against: an IP literal or a DNS name.
pub fn server_name(host: &str) -> Result<ServerName<'static>, String> {
    ServerName::try_from(host.to_owned())
        .map_err(|_| format!("{host:?} is not a valid TLS server name"))
}

/// Subject, issuer, expiry and names of a DER certificate; `None` when it does not parse.
fn certificate_facts(der: &CertificateDer<'_>, host: &str) -> Option<CertificateFacts> {
    let (_, certificate) = X509Certificate::from_der(der.as_ref()).ok()?;
    let mut names = Vec::new();
    if let Ok(Some(alternatives)) = certificate.subject_alternative_name() {
        for name in &alternatives.value.general_names {
            match name {
                GeneralName::DNSName(dns) => names.push(dns.to_ascii_lowercase()),
                GeneralName::IPAddress(bytes) => names.extend(ip_text(bytes)),
                _ => {}
            }
        }
    }
    let now_s = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs() as i64);
    let not_after = certificate.validity().not_after;
    Some(CertificateFacts {
        subject: certificate.subject().to_string(),
        issuer: certificate.issuer().to_string(),
        not_after: not_after
            .to_rfc2822()
            .unwrap_or_else(|_| not_after.to_string()),
        expires_in_days: (not_after.timestamp() - now_s).div_euclid(86_400),
        name_matches: names.iter().any(|name| name_covers(name, host)),
        names,
    })
}

/// An IP address from a SAN's raw bytes (4 or 16 of them).
fn ip_text(bytes: &[u8]) -> Option<String> {
    match bytes.len() {
        4 => <[u8; 4]>::try_from(bytes)
            .ok()
            .map(|v4| std::net::Ipv4Addr::from(v4).to_string()),
        16 => <[u8; 16]>::try_from(bytes)
            .ok()
            .map(|v6| std::net::Ipv6Addr::from(v6).to_string()),
        _ => None,
    }
}

/// RFC 6125: an exact match, or `*.` standing for exactly one leftmost label.
fn name_covers(name: &str, host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    match name.strip_prefix("*.") {
        Some(parent) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == parent),
        None => name == host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wildcard_covers_one_label_only() {
        assert!(name_covers("*.example.com", "smtp.example.com"));
        assert!(!name_covers("*.example.com", "a.b.example.com"));
        assert!(!name_covers("*.example.com", "example.com"));
        assert!(name_covers("localhost", "LOCALHOST"));
        assert!(!name_covers("localhost", "127.0.0.1"));
    }

    #[test]
    fn a_ca_file_without_certificates_is_refused_with_its_name() {
        let path =
            std::env::temp_dir().join(format!("sendready-empty-ca-{}.pem", std::process::id()));
        std::fs::write(&path, "not a certificate\n").expect("write a temp file");
        let error = Trust::new(Some(&path)).expect_err("no certificate in it");
        assert!(error.contains("holds no certificate"), "{error}");
        let _ = std::fs::remove_file(path);
    }
}
