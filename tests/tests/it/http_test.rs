//! The HTTP surface around the endpoints: CORS for embedding origins, JSON 404/405, static assets.

use sendready_tests::{Environment, http_request};
use serde_json::Value;

/// The embedding origin allowed by `[env.dev.vars] ALLOWED_ORIGINS` in wrangler.toml.
const ALLOWED_ORIGIN: &str = "http://127.0.0.1:8788";

fn get(
    environment: &Environment,
    path: &str,
    origin: Option<&str>,
) -> sendready_tests::HttpResponse {
    let headers: Vec<(&str, &str)> = origin
        .map(|origin| vec![("origin", origin)])
        .unwrap_or_default();
    http_request(environment.worker_port, "GET", path, &headers, b"")
}

fn error_code(body: &[u8]) -> String {
    let body: Value = serde_json::from_slice(body).expect("errors are JSON");
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn an_allowed_origin_gets_cors_headers_and_others_are_refused() {
    let environment = Environment::from_env();
    let allowed = get(&environment, "/api/providers", Some(ALLOWED_ORIGIN));
    assert_eq!(allowed.status, 200);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some(ALLOWED_ORIGIN)
    );
    assert_eq!(allowed.header("vary"), Some("origin"));
    let refused = get(
        &environment,
        "/api/providers",
        Some("https://attacker.example"),
    );
    assert_eq!(refused.status, 403);
    assert_eq!(error_code(&refused.body), "origin_not_allowed");
    assert_eq!(refused.header("access-control-allow-origin"), None);
    let same_origin = format!("http://127.0.0.1:{}", environment.worker_port);
    let own_page = get(&environment, "/api/providers", Some(&same_origin));
    assert_eq!(
        own_page.status, 200,
        "the worker's own page is not a cross-origin caller"
    );
    assert_eq!(own_page.header("access-control-allow-origin"), None);
}

#[test]
fn a_preflight_from_an_allowed_origin_names_methods_and_headers() {
    let environment = Environment::from_env();
    let preflight = http_request(
        environment.worker_port,
        "OPTIONS",
        "/api/accounts",
        &[
            ("origin", ALLOWED_ORIGIN),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "content-type, authorization",
            ),
        ],
        b"",
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(ALLOWED_ORIGIN)
    );
    let headers = preflight
        .header("access-control-allow-headers")
        .unwrap_or_default();
    assert!(
        headers.contains("authorization") && headers.contains("content-type"),
        "{headers}"
    );
}

#[test]
fn unknown_paths_and_wrong_methods_get_json_errors() {
    let environment = Environment::from_env();
    let missing = get(&environment, "/api/nothing-here", None);
    assert_eq!(
        (missing.status, error_code(&missing.body).as_str()),
        (404, "not_found")
    );
    let wrong_method = get(&environment, "/api/test", None);
    assert_eq!(
        (wrong_method.status, error_code(&wrong_method.body).as_str()),
        (405, "method_not_allowed")
    );
}

#[test]
fn the_help_center_page_and_the_catalogue_are_served() {
    let environment = Environment::from_env();
    let page = get(&environment, "/", None);
    assert_eq!(page.status, 200);
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.contains("pkg/sendready-element.js") && html.contains("<sendready-setup"));
    // The one-script-tag loader, the glue it imports and the stylesheet it links are served.
    for asset in [
        "/pkg/sendready-element.js",
        "/pkg/sendready.js",
        "/pkg/sendready.css",
    ] {
        assert_eq!(get(&environment, asset, None).status, 200, "{asset}");
    }
    // The widget checks hosts with the deployment's policy: loopback only in local runs.
    let policy = get(&environment, "/api/policy", None);
    let policy: Value = serde_json::from_slice(&policy.body).expect("the policy is JSON");
    assert_eq!(policy["allow_loopback"], Value::Bool(true));
    assert_eq!(policy["allow_port_25"], Value::Bool(false));
    let catalogue = get(&environment, "/api/providers", None);
    let catalogue: Value = serde_json::from_slice(&catalogue.body).expect("the catalogue is JSON");
    let ids: Vec<&str> = catalogue["providers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|provider| provider["id"].as_str())
        .collect();
    for id in [
        "gmail",
        "microsoft365",
        "outlook_com",
        "yahoo",
        "icloud",
        "zoho",
        "smartermail",
        "other",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
}
