//! Sign-in with Microsoft or Google: `GET /api/oauth/providers`, `POST /api/oauth/start` and
//! `GET /api/oauth/callback`.
//!
//! Start signs a `state` bound to the widget session's hash, keeps the PKCE verifier sealed in
//! D1 and answers the provider's authorization URL for the popup. The callback checks the
//! state (signature, age, the redirect URI it was issued for: this very URL), takes the pending
//! sign-in out once, exchanges the code at the token endpoint, reads the signed-in address from
//! the ID token and stores the grant sealed (`oauth_grants`). Its answer is a small page that
//! posts only the grant handle and the address to `window.opener`; tokens never reach the
//! browser, and the handle is worthless without the widget session's secret.
//!
//! Without a popup (blocked) the widget's own window signs in: start then takes the page's
//! URL as `return_to` (its origin this one's or an allowed one), signed into the state, and the
//! callback answers with a 303 back to that page, the outcome (handle, address and preset, or
//! the refusal's kind) in the fragment: a server never sees it.

use sendready_shared::api::{
    ApiError, ErrorCode, OauthProviders, OauthSignedIn, OauthStartRequest, OauthStartResponse,
};
use sendready_shared::diagnosis::{explain_oauth, explain_state};
use sendready_shared::oauth::state::{self, StateError};
use sendready_shared::oauth::{self, AuthorizationRandom, Callback, Returned};
use sendready_shared::providers::ProviderId;
use sendready_shared::secret::Secret;
use serde_json::json;
use worker::{Env, Request, Response, Result, Url};

use crate::config::{Config, hmac_key, now_unix_s, random_bytes, random_hex};
use crate::endpoints::MAX_BODY_BYTES;
use crate::oauth_grants::{self, NewGrant};
use crate::responses::{error, read_json};

/// The shortest widget session secret accepted, in characters.
const MIN_SESSION_LEN: usize = 32;

/// The longest `return_to` accepted, in bytes: it travels inside the state.
const MAX_RETURN_TO_LEN: usize = 2048;

/// `GET /api/oauth/providers`: the presets with a client configured here, so the widget
/// offers "Sign in with …" only where a sign-in can start.
pub fn providers(env: &Env) -> Result<Response> {
    let configured = OauthProviders {
        providers: ProviderId::ALL
            .into_iter()
            .filter(|id| oauth_grants::client_for(env, *id).is_ok())
            .collect(),
    };
    let mut response = Response::from_json(&configured)?;
    response
        .headers_mut()
        .set("cache-control", "public, max-age=300")?;
    Ok(response)
}

/// `POST /api/oauth/start`.
pub async fn start(mut req: Request, env: &Env, config: &Config) -> Result<Response> {
    match started(&mut req, env, config).await {
        Ok(answer) => {
            let mut response = Response::from_json(&answer)?;
            response.headers_mut().set("cache-control", "no-store")?;
            Ok(response)
        }
        Err(refused) => error(&refused),
    }
}

async fn started(
    req: &mut Request,
    env: &Env,
    config: &Config,
) -> std::result::Result<OauthStartResponse, ApiError> {
    let request: OauthStartRequest = read_json(req, MAX_BODY_BYTES).await?;
    let session = &request.session.session;
    if session.expose().len() < MIN_SESSION_LEN {
        return Err(ApiError::invalid_json(&format!(
            "session must be a random secret of at least {MIN_SESSION_LEN} characters"
        )));
    }
    let own_origin = req
        .url()
        .map(|url| url.origin().ascii_serialization())
        .unwrap_or_default();
    let return_to = match &request.return_to {
        Some(page) => Some(allowed_return(page, &own_origin, config)?),
        None => None,
    };
    let client = oauth_grants::client_for(env, request.provider)?;
    let random = AuthorizationRandom {
        verifier: random_bytes()?,
        nonce: random_bytes()?,
    };
    let now = now_unix_s();
    let authorization = oauth::begin(
        &client,
        &hmac_key(env, "OAUTH_STATE_KEY")?,
        session,
        request.login_hint.as_deref(),
        return_to.as_deref(),
        &random,
        now,
    );
    let db = oauth_grants::database(env).await?;
    oauth_grants::keep_pending(env, &db, &authorization.pending, now).await?;
    Ok(OauthStartResponse {
        url: authorization.url,
        sign_in_with: client.sign_in_with,
    })
}

/// `return_to` as the state keeps it (without a fragment), if it is an http(s) page of
/// `own_origin` or of an allowed origin.
fn allowed_return(
    page: &str,
    own_origin: &str,
    config: &Config,
) -> std::result::Result<String, ApiError> {
    let refused = || {
        ApiError::new(
            ErrorCode::OauthReturnNotAllowed,
            format!(
                "return_to must be an http(s) url of at most {MAX_RETURN_TO_LEN} bytes on this service's origin or one of its allowed origins"
            ),
        )
    };
    if page.len() > MAX_RETURN_TO_LEN {
        return Err(refused());
    }
    let mut url = Url::parse(page).map_err(|_| refused())?;
    let origin = url.origin().ascii_serialization();
    let allowed = origin == own_origin || config.allowed_origins.contains(&origin);
    if !matches!(url.scheme(), "http" | "https") || !allowed {
        return Err(refused());
    }
    url.set_fragment(None);
    Ok(url.into())
}

/// `GET /api/oauth/callback`: a 303 back to the widget's page when the sign-in started with
/// one, otherwise a page for the popup, since a person's browser lands here.
pub async fn callback(req: Request, env: &Env, config: &Config) -> Result<Response> {
    let url = req.url()?;
    // The page posts only to this deployment's own origin and the host pages it allows.
    let own_origin = url.origin().ascii_serialization();
    let mut origins = vec![own_origin.clone()];
    origins.extend(config.allowed_origins.iter().cloned());
    let mut redirect_uri = url.clone();
    redirect_uri.set_query(None);
    redirect_uri.set_fragment(None);
    let query = url.query().unwrap_or("");
    let return_to = return_address(query, redirect_uri.as_str(), env)
        // Checked again here: a state signed before the allowed origins changed goes nowhere else.
        .and_then(|page| allowed_return(&page, &own_origin, config).ok());
    let outcome = finish(query, redirect_uri.as_str(), env).await;
    let (status, message, text) = match &outcome {
        Ok(signed_in) => (
            200,
            json!({ "type": "sendready:oauth", "signed_in": signed_in }),
            format!(
                "Signed in as {}. You can close this window and go back to the form.",
                signed_in.email
            ),
        ),
        Err(refused) => (
            refused.code.status(),
            json!({ "type": "sendready:oauth", "error": refused }),
            refused.diagnosis.as_ref().map_or_else(
                || refused.message.clone(),
                |diagnosis| format!("{} {}", diagnosis.title, diagnosis.explanation),
            ),
        ),
    };
    let log_kind = outcome
        .as_ref()
        .err()
        .and_then(|refused| refused.diagnosis.as_ref().map(|diagnosis| diagnosis.kind));
    if let Some(kind) = log_kind {
        worker::console_log!(
            "{}",
            json!({ "event": "oauth_sign_in_refused", "kind": kind })
        );
    }
    if let Some(return_to) = return_to {
        return back_to(&return_to, &outcome);
    }
    page(
        status,
        &json!({ "message": message, "origins": origins }),
        &text,
    )
}

/// The page the callback's state names, if the state was signed here (expired or not).
fn return_address(query: &str, redirect_uri: &str, env: &Env) -> Option<String> {
    let signed_state = match Callback::parse(query).ok()? {
        Callback::Code { state, .. } => state,
        Callback::Error { state, .. } => state?,
    };
    let key = hmac_key(env, "OAUTH_STATE_KEY").ok()?;
    state::return_address(&key, &signed_state, redirect_uri, now_unix_s())
}

/// The 303 back to the widget's page with the outcome in the fragment: the handle, address
/// and preset, or the kind of the refusal (the widget has the words for it).
fn back_to(
    return_to: &str,
    outcome: &std::result::Result<OauthSignedIn, ApiError>,
) -> Result<Response> {
    let returned = match outcome {
        Ok(signed_in) => Returned::SignedIn {
            grant: signed_in.grant.clone(),
            email: signed_in.email.clone(),
            provider: signed_in.provider,
        },
        Err(refused) => Returned::Refused {
            kind: refused.diagnosis.as_ref().map_or_else(
                // Without a diagnosis: no address or no refresh token came (the deployment's
                // scopes), or the sign-in could not be stored.
                || match refused.code {
                    ErrorCode::OauthRefused => "oauth_scope_invalid".to_owned(),
                    _ => "oauth_provider_unavailable".to_owned(),
                },
                |diagnosis| diagnosis.kind.as_str().to_owned(),
            ),
            provider: refused
                .diagnosis
                .as_ref()
                .and_then(|diagnosis| diagnosis.provider),
        },
    };
    let mut response = Response::empty()?.with_status(303);
    let headers = response.headers_mut();
    headers.set("location", &returned.url(return_to))?;
    headers.set("cache-control", "no-store")?;
    // The address bar held the code: the page it goes to must not see it as referrer.
    headers.set("referrer-policy", "no-referrer")?;
    Ok(response)
}

/// The callback's checks and the code exchange, in order.
async fn finish(
    query: &str,
    redirect_uri: &str,
    env: &Env,
) -> std::result::Result<OauthSignedIn, ApiError> {
    let now = now_unix_s();
    let callback = Callback::parse(query).map_err(|refused| {
        let mut diagnosis = explain_state(StateError::Forged, None);
        diagnosis.detail = Some(refused.to_string());
        ApiError::oauth_refused(diagnosis)
    })?;
    let (code, signed_state) = match callback {
        Callback::Code { code, state } => (code, state),
        Callback::Error {
            error,
            description,
            state,
        } => {
            // A state signed here names the preset, for the provider's own words.
            let key = hmac_key(env, "OAUTH_STATE_KEY")?;
            let provider = state
                .and_then(|state| state::open(&key, &state, redirect_uri, now).ok())
                .map(|claims| claims.provider);
            let refused = oauth::classify_callback(&error, description.as_deref());
            return Err(ApiError::oauth_refused(explain_oauth(&refused, provider)));
        }
    };
    let key = hmac_key(env, "OAUTH_STATE_KEY")?;
    let claims = state::open(&key, &signed_state, redirect_uri, now)
        .map_err(|refused| ApiError::oauth_refused(explain_state(refused, None)))?;
    let provider = Some(claims.provider);
    let db = oauth_grants::database(env).await?;
    let pending = oauth_grants::take_pending(env, &db, &claims.nonce).await?;
    let verifier = state::redeem(&claims, pending, now)
        .map_err(|refused| ApiError::oauth_refused(explain_state(refused, provider)))?;
    let client = oauth_grants::client_for(env, claims.provider)?;
    let tokens = oauth_grants::post_token(&oauth::exchange_code(&client, &code, &verifier))
        .await
        .and_then(|(status, body)| oauth::parse_token_response(status, &body, now_unix_s()))
        .map_err(|refused| ApiError::oauth_refused(explain_oauth(&refused, provider)))?;
    let email = tokens.email.clone().ok_or_else(|| {
        ApiError::new(
            ErrorCode::OauthRefused,
            "the provider did not say which address signed in; the deployment must ask for the openid and email scopes",
        )
    })?;
    let refresh_token: Secret = tokens.refresh_token.clone().ok_or_else(|| {
        ApiError::new(
            ErrorCode::OauthRefused,
            "the provider issued no refresh token, so the sign-in would stop working within an hour; the deployment must ask for offline access",
        )
    })?;
    let handle = random_hex::<16>()?;
    let grant = NewGrant {
        handle: &handle,
        session: &claims.session,
        provider: claims.provider,
        email: &email,
        tokens: &tokens,
        refresh_token: &refresh_token,
    };
    oauth_grants::store_grant(env, &db, grant, now).await?;
    Ok(OauthSignedIn {
        grant: handle,
        email,
        provider: claims.provider,
    })
}

/// The callback's page: `text` for the person, and a script that posts `data.message` to the
/// window that opened the popup (to each of `data.origins`: a browser delivers it only to the
/// one the opener has) and closes it. The script runs under a per-answer nonce; the
/// message is JSON with `<` escaped, so nothing in it can end the script element.
fn page(status: u16, data: &serde_json::Value, text: &str) -> Result<Response> {
    let nonce = random_hex::<16>().unwrap_or_default();
    let data = data.to_string().replace('<', "\\u003c");
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let html = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width\"><title>Sign-in</title>\
<p id=\"text\" style=\"font: 16px system-ui, sans-serif; margin: 2em\">{escaped}</p>\
<script type=\"application/json\" id=\"data\">{data}</script>\
<script nonce=\"{nonce}\">(function () {{\
var data = JSON.parse(document.getElementById('data').textContent);\
if (window.opener) {{ data.origins.forEach(function (origin) {{\
window.opener.postMessage(data.message, origin); }}); window.close(); }}\
}})();</script></html>"
    );
    let mut response = Response::from_html(html)?.with_status(status);
    let headers = response.headers_mut();
    headers.set(
        "content-security-policy",
        &format!("default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'"),
    )?;
    headers.set("cache-control", "no-store")?;
    // The address bar held the code: no referrer leaves this page.
    headers.set("referrer-policy", "no-referrer")?;
    Ok(response)
}
