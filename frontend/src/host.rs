//! What the widget knows about the page that hosts it: its options (from the custom element's
//! attributes), the admin token or the callback that fetches one, and the DOM events it sends.

#[cfg(feature = "setup")]
use sendready_shared::api::{PublicSettings, SavedAccount};
#[cfg(feature = "setup")]
use sendready_shared::attestation::Attestation;
#[cfg(feature = "setup")]
use sendready_shared::ground::ProviderId;
use serde::Serialize;
#[cfg(feature = "setup")]
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
#[cfg(feature = "setup")]
use wasm_bindgen_futures::JsFuture;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// Where the admin token that allows saving comes from.
#[cfg(feature = "setup")]
#[derive(Clone, Debug, PartialEq)]
pub enum AdminToken {
    /// No saving on this page: the tested settings are offered to copy.
    None,
    /// A token the page put in the `admin-token` attribute.
    Given(String),
    /// `element.getAdminToken`, an async function the page defines: called at each save.
    Callback(js_sys::Function),
}

/// The host page's options every widget reads, and the element its events go to.
#[derive(Clone, Debug)]
pub struct HostPage {
    pub element: Option<HtmlElement>,
    /// URL prefix of the sendready API; empty for the page's own origin.
    pub api_base: String,
    /// `light`, `dark`, or `None` to follow the system.
    pub theme: Option<String>,
}

/// The setup widget's own options.
#[cfg(feature = "setup")]
#[derive(Clone, Debug)]
pub struct SetupOptions {
    /// The presets to offer, in catalogue order.
    pub providers: Vec<ProviderId>,
    pub default_provider: Option<ProviderId>,
    pub admin_token: AdminToken,
    /// The presets offered "Sign in with Microsoft/Google" (`oauth-providers`; by default
    /// the catalogue's presets that send with OAuth), of those the deployment has a client for.
    pub oauth: Vec<ProviderId>,
}

/// The detail of `sendready:tested`: the settings that passed (never the password) and the
/// attestation that lets the host save exactly them. Typed rather than a `serde_json::Value`,
/// which would bring JSON trees and their maps into the bundle for two objects.
#[cfg(feature = "setup")]
#[derive(Serialize)]
pub struct TestedDetail<'a> {
    pub settings: PublicSettings,
    pub attestation: &'a Attestation,
}

/// The detail of `sendready:saved`: the account as the API stored it.
#[cfg(feature = "setup")]
#[derive(Serialize)]
pub struct SavedDetail<'a> {
    pub account: &'a SavedAccount,
}

/// A non-empty attribute of `element`, trimmed.
fn attribute(element: &HtmlElement, name: &str) -> Option<String> {
    element
        .get_attribute(name)
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

impl HostPage {
    /// Reads `api-base` and `theme` from a sendready element's attributes.
    pub fn from_element(element: HtmlElement) -> Self {
        Self {
            api_base: attribute(&element, "api-base")
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned(),
            theme: attribute(&element, "theme").filter(|theme| theme == "light" || theme == "dark"),
            element: Some(element),
        }
    }

    /// Sends `name` (bubbling, crossing shadow roots) with `detail` as a plain JS object.
    pub fn announce(&self, name: &str, detail: &impl Serialize) {
        let Some(element) = &self.element else {
            return;
        };
        let detail = serde_json::to_string(detail)
            .ok()
            .and_then(|json| js_sys::JSON::parse(&json).ok())
            .unwrap_or(JsValue::NULL);
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = element.dispatch_event(&event);
        }
    }
}

#[cfg(feature = "setup")]
impl SetupOptions {
    /// Reads `providers`, `default-provider`, `admin-token` and `getAdminToken` from a
    /// `<sendready-setup>` element.
    pub fn from_element(element: &HtmlElement) -> Self {
        let attribute = |name: &str| attribute(element, name);
        let mut providers: Vec<ProviderId> = attribute("providers")
            .map(|list| {
                list.split(',')
                    .filter_map(|id| ProviderId::parse(id.trim()))
                    .collect()
            })
            .unwrap_or_default();
        if providers.is_empty() {
            providers = ProviderId::ALL.to_vec();
        }
        providers.sort_by_key(|id| ProviderId::ALL.iter().position(|all| all == id));
        let callback = js_sys::Reflect::get(element, &JsValue::from_str("getAdminToken"))
            .ok()
            .and_then(|value| value.dyn_into::<js_sys::Function>().ok());
        let admin_token = match (attribute("admin-token"), callback) {
            (Some(token), _) => AdminToken::Given(token),
            (None, Some(callback)) => AdminToken::Callback(callback),
            (None, None) => AdminToken::None,
        };
        // Present but empty offers sign-in nowhere; absent, everywhere the catalogue can.
        let oauth = element
            .get_attribute("oauth-providers")
            .map_or_else(oauth_presets, |list| {
                list.split(',')
                    .filter_map(|id| ProviderId::parse(id.trim()))
                    .collect()
            });
        Self {
            default_provider: attribute("default-provider").and_then(|id| ProviderId::parse(&id)),
            providers,
            admin_token,
            oauth,
        }
    }
}

/// The catalogue's presets that send with OAuth.
#[cfg(feature = "setup")]
pub fn oauth_presets() -> Vec<ProviderId> {
    ProviderId::ALL
        .into_iter()
        .filter(|id| sendready_shared::providers::oauth_endpoints(*id).is_some())
        .collect()
}

#[cfg(feature = "setup")]
impl AdminToken {
    /// The admin token for one save: the given one, or the page's callback's answer.
    pub async fn fetch(&self) -> Result<String, String> {
        let refused = || "the page did not provide an admin token".to_owned();
        match self {
            AdminToken::None => Err(refused()),
            AdminToken::Given(token) => Ok(token.clone()),
            AdminToken::Callback(callback) => {
                let answer = callback.call0(&JsValue::NULL).map_err(|_| refused())?;
                let answer = match answer.dyn_into::<js_sys::Promise>() {
                    Ok(promise) => JsFuture::from(promise).await.map_err(|_| refused())?,
                    Err(value) => value,
                };
                answer
                    .as_string()
                    .filter(|token| !token.is_empty())
                    .ok_or_else(refused)
            }
        }
    }
}
