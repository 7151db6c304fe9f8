//! The tests' OpenID Connect provider: `tests/oidc/provider.mjs` (npm `oidc-provider`) on
//! 127.0.0.1 with a test client for the worker, an introspection client for Dovecot, two test
//! users with one fresh password, 2-minute access tokens (shorter than the worker's 5-minute
//! refresh margin, so every use refreshes and rotates) and `POST /test/revoke`.
//!
//! The worker reaches it as the `other` preset's OAuth provider (`OAUTH_OTHER_*` vars); the
//! private Postfix's Dovecot validates the XOAUTH2 bearer tokens with its introspection
//! endpoint (`introspection_mode = post`, `tests/mta/dovecot-oauth2.conf.ext`).

use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use crate::process::Service;
use crate::stack::fresh_password;
use crate::tools::node_bin_dir;
use crate::{Result, root, scratch};

/// The test users who sign in at the provider and send through the private Postfix (its
/// `smtpd_sender_login_maps` lists them); the revocation test revokes only the second's grants.
pub const OIDC_USERS: [&str; 2] = ["carol@example.test", "dave@example.test"];
/// Dovecot's client at the introspection endpoint; test-only, like the MTA's whole setup.
pub const INTROSPECTION_CLIENT: &str = "dovecot";
pub const INTROSPECTION_SECRET: &str = "test-only-introspection-secret";
/// Access-token lifetime, in seconds.
const ACCESS_TTL_S: u64 = 120;

/// The running provider; stopped on drop.
pub struct OidcProvider {
    issuer: String,
    redirect_uri: String,
    client_secret: String,
    password: String,
    _service: Service,
}

impl OidcProvider {
    /// Starts the provider on `port`, for a worker on `worker_port`.
    pub fn start(port: u16, worker_port: u16) -> Result<Self> {
        let dir = scratch().join(format!("oidc-{port}"));
        std::fs::create_dir_all(&dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Err(format!(
                "port {port} is already in use; stop whatever listens there first"
            ));
        }
        let redirect_uri = format!("http://127.0.0.1:{worker_port}/api/oauth/callback");
        let client_secret = fresh_password();
        let password = fresh_password();
        // Every value is digits, hex or a plain URL: no JSON escaping is needed.
        let config = format!(
            "{{\"port\": {port}, \"redirect_uri\": \"{redirect_uri}\", \"client_secret\": \"{client_secret}\", \"introspection_secret\": \"{INTROSPECTION_SECRET}\", \"users\": [\"{}\", \"{}\"], \"password\": \"{password}\", \"access_ttl_s\": {ACCESS_TTL_S}}}",
            OIDC_USERS[0], OIDC_USERS[1]
        );
        let config_file = dir.join("provider.json");
        std::fs::write(&config_file, config)
            .map_err(|error| format!("cannot write {}: {error}", config_file.display()))?;
        let mut command = Command::new(node_bin_dir().join("node"));
        command
            .arg(root().join("tests/oidc/provider.mjs"))
            .arg(&config_file)
            .current_dir(root());
        let mut service = Service::start("oidc provider", command, &dir.join("provider.log"))?;
        service.wait_until("the oidc provider", Duration::from_secs(20), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        })?;
        Ok(Self {
            issuer: format!("http://127.0.0.1:{port}"),
            redirect_uri,
            client_secret,
            password,
            _service: service,
        })
    }

    /// The worker's vars: the `other` preset signs in at this provider, and so does Microsoft
    /// 365 (Microsoft's client, its endpoints here), so the widget shows what a deployment with
    /// a registered Entra app shows. Outlook.com shares the client with Microsoft's own endpoints
    /// (never reached: no test signs in there); Google has no client.
    pub fn worker_vars(&self) -> Vec<(&'static str, String)> {
        vec![
            ("OAUTH_REDIRECT_URI", self.redirect_uri.clone()),
            ("OAUTH_MICROSOFT_CLIENT_ID", "sendready-test".to_owned()),
            ("OAUTH_MICROSOFT_CLIENT_SECRET", self.client_secret.clone()),
            (
                "OAUTH_MICROSOFT365_AUTHORIZATION_URL",
                format!("{}/auth", self.issuer),
            ),
            (
                "OAUTH_MICROSOFT365_TOKEN_URL",
                format!("{}/token", self.issuer),
            ),
            ("OAUTH_MICROSOFT365_SCOPES", "openid email smtp".to_owned()),
            ("OAUTH_OTHER_CLIENT_ID", "sendready-test".to_owned()),
            ("OAUTH_OTHER_CLIENT_SECRET", self.client_secret.clone()),
            (
                "OAUTH_OTHER_AUTHORIZATION_URL",
                format!("{}/auth", self.issuer),
            ),
            ("OAUTH_OTHER_TOKEN_URL", format!("{}/token", self.issuer)),
            (
                // No `offline_access`: oidc-provider grants it only with `prompt=consent`, and
                // a refresh asking for a scope the grant lacks is refused; this provider issues
                // refresh tokens to the client anyway (`issueRefreshToken`).
                "OAUTH_OTHER_SCOPES",
                "openid email smtp".to_owned(),
            ),
        ]
    }

    /// Where the tests find the provider and its user.
    pub fn test_environment(&self) -> Vec<(String, String)> {
        vec![
            ("SENDREADY_OIDC_URL".to_owned(), self.issuer.clone()),
            ("SENDREADY_OIDC_USERS".to_owned(), OIDC_USERS.join(",")),
            ("SENDREADY_OIDC_PASSWORD".to_owned(), self.password.clone()),
        ]
    }
}

/// The introspection endpoint of the provider on `port`, with Dovecot's client in the URL
/// (Dovecot sends it as HTTP basic authentication).
pub fn introspection_url(port: u16) -> String {
    format!(
        "http://{INTROSPECTION_CLIENT}:{INTROSPECTION_SECRET}@127.0.0.1:{port}/token/introspection"
    )
}
