//! The tests' OpenID Connect provider seen from a test: its users, a browser that signs in on
//! its own login form, the worker's side of a sign-in (start, callback, an XOAUTH2 test
//! request), and the stored grants read from (and backdated in) the local D1 database.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::Command;
use std::sync::LazyLock;
use std::time::Duration;

use serde_json::{Value, json};

use crate::{Environment, HttpResponse, http_request};

/// The provider's agent: redirects are followed by hand, to see where each one points.
static PROVIDER_AGENT: LazyLock<ureq::Agent> = LazyLock::new(|| {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
});

/// The provider and its users, as `cargo xtask test` started them.
pub struct Provider {
    pub url: String,
    pub users: Vec<String>,
    pub password: String,
}

impl Provider {
    pub fn from_env() -> Self {
        let var = |name: &str| {
            std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run through xtask"))
        };
        Self {
            url: var("SENDREADY_OIDC_URL"),
            users: var("SENDREADY_OIDC_USERS")
                .split(',')
                .map(str::to_owned)
                .collect(),
            password: var("SENDREADY_OIDC_PASSWORD"),
        }
    }
}

/// A browser's view of the provider: its cookies.
#[derive(Default)]
pub struct Browser {
    cookies: BTreeMap<String, String>,
}

impl Browser {
    /// One request to the provider; returns the status, the `Location` and the body.
    pub fn provider(
        &mut self,
        method: &str,
        url: &str,
        form: Option<&str>,
    ) -> (u16, String, String) {
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        let mut request = ureq::http::Request::builder()
            .method(method)
            .uri(url)
            .header("cookie", cookie.join("; "));
        if form.is_some() {
            request = request.header("content-type", "application/x-www-form-urlencoded");
        }
        let body = form.unwrap_or_default().as_bytes().to_vec();
        let response = PROVIDER_AGENT
            .run(request.body(body).expect("a well-formed request"))
            .unwrap_or_else(|error| panic!("{method} {url} failed: {error}"));
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap_or_default();
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies
                    .insert(name.trim().to_owned(), value.to_owned());
            }
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let text = response.into_body().read_to_string().unwrap_or_default();
        (status, location, text)
    }
}

/// A widget session's secret: 64 hex characters, fresh per call.
pub fn session_secret() -> String {
    let mut bytes = [0_u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut bytes))
        .expect("the kernel's random source");
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `POST /api/oauth/start` for the `other` preset; returns the authorization URL.
pub fn start(environment: &Environment, session: &str, hint: &str) -> String {
    let request = json!({ "provider": "other", "session": session, "login_hint": hint });
    let (status, answer) = environment.post_json("/api/oauth/start", &request);
    assert_eq!(status, 200, "{answer}");
    answer["url"].as_str().expect("a url").to_owned()
}

/// Signs `user` in at the provider from `authorization_url`; returns the worker callback's
/// path and query, as the provider redirected the browser to it.
pub fn sign_in(provider: &Provider, authorization_url: &str, user: &str) -> String {
    let mut browser = Browser::default();
    let absolute = |location: &str| {
        if location.starts_with('/') {
            format!("{}{location}", provider.url)
        } else {
            location.to_owned()
        }
    };
    let (status, location, _) = browser.provider("GET", authorization_url, None);
    assert_eq!(
        status, 303,
        "the provider sends the browser to its login page"
    );
    let login = absolute(&location);
    let (status, _, page) = browser.provider("GET", &login, None);
    assert!(
        status == 200 && page.contains("Sign in"),
        "{status}: {page}"
    );
    let form = format!(
        "login={}&password={}",
        user.replace('@', "%40"),
        provider.password
    );
    let (mut status, mut location, _) = browser.provider("POST", &login, Some(&form));
    // The provider finishes the interaction, then redirects to the worker's callback.
    for _ in 0..5 {
        if location.contains("/api/oauth/callback") {
            break;
        }
        assert_eq!(status, 303, "a redirect on the way back to the worker");
        (status, location, _) = browser.provider("GET", &absolute(&location), None);
    }
    let path_start = location.find("/api/oauth/callback").expect("the callback");
    location[path_start..].to_owned()
}

/// The callback's page and what it posts to the opener.
pub fn callback(environment: &Environment, path: &str) -> (u16, Value) {
    let page = http_request(environment.worker_port, "GET", path, &[], b"");
    (page.status, posted_message(&page))
}

fn posted_message(page: &HttpResponse) -> Value {
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.starts_with("<!doctype html>"), "{html}");
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("script-src 'nonce-"), "{csp}");
    let start = html.find("id=\"data\">").expect("the data element") + "id=\"data\">".len();
    let end = start + html[start..].find("</script>").expect("its end");
    let data: Value = serde_json::from_str(&html[start..end]).expect("JSON data");
    data["message"].clone()
}

/// The full sign-in for `user`: start, the provider's login form, the callback.
pub fn signed_in(environment: &Environment, provider: &Provider, user: &str) -> (String, String) {
    let session = session_secret();
    let url = start(environment, &session, user);
    let path = sign_in(provider, &url, user);
    let (status, message) = callback(environment, &path);
    assert_eq!(status, 200, "{message}");
    assert_eq!(message["signed_in"]["email"], user);
    let grant = message["signed_in"]["grant"]
        .as_str()
        .expect("a grant handle");
    (session, grant.to_owned())
}

pub fn oauth_test_request(
    environment: &Environment,
    user: &str,
    grant: &str,
    session: &str,
) -> Value {
    json!({
        "form": {
            "provider": "other", "host": "localhost",
            "port": environment.starttls_port.to_string(), "security": "starttls",
            "email": user, "username": user, "password": grant,
        },
        "send_test_message": true,
        "oauth": { "session": session },
    })
}

/// Runs `sql` with the `sqlite3` shell on the local D1 database (`wrangler dev --persist-to`
/// keeps it under the run's scratch directory): the one that holds `oauth_grants`. Read-only
/// unless `write`; returns what it printed, `|`-separated.
pub fn d1(environment: &Environment, sql: &str, write: bool) -> String {
    let path = d1_file(environment);
    let mut command = Command::new("sqlite3");
    if !write {
        command.arg("-readonly");
    }
    let output = command
        .args(["-separator", "|"])
        .arg(&path)
        .arg(sql)
        .output()
        .expect("sqlite3 runs");
    assert!(
        output.status.success(),
        "sqlite3 {path:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// The local D1 database's file: the one whose schema has `oauth_grants`.
fn d1_file(environment: &Environment) -> PathBuf {
    let dir = std::path::Path::new(&environment.log_dir)
        .join(format!("wrangler-state-{}", environment.worker_port))
        .join("v3/d1/miniflare-D1DatabaseObject");
    let databases = std::fs::read_dir(&dir).unwrap_or_else(|error| panic!("{dir:?}: {error}"));
    let has_grants = "SELECT count(*) FROM sqlite_master WHERE name = 'oauth_grants'";
    databases
        .flatten()
        .map(|database| database.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "sqlite")
                && path
                    .file_name()
                    .is_some_and(|name| name != "metadata.sqlite")
        })
        .find(|path| {
            let output = Command::new("sqlite3")
                .arg("-readonly")
                .arg(path)
                .arg(has_grants)
                .output()
                .expect("sqlite3 runs");
            String::from_utf8_lossy(&output.stdout).trim() == "1"
        })
        .unwrap_or_else(|| panic!("no database with oauth_grants in {dir:?}"))
}

/// The `oauth_grants` row of `grant`: its refresh token sealed (nonce and ciphertext) and the
/// access token's expiry; `None` when there is no such row.
pub fn stored_grant(environment: &Environment, grant: &str) -> Option<(String, String)> {
    let query = format!(
        "SELECT refresh_nonce || ' ' || refresh_sealed, expires_at FROM oauth_grants WHERE handle = '{grant}'"
    );
    let text = d1(environment, &query, false);
    text.split_once('|')
        .map(|(sealed, expires)| (sealed.to_owned(), expires.to_owned()))
}
