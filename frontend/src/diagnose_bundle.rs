//! The diagnosis of pasted errors as a bundle of its own (`sendready-diagnose`), both sides of
//! it: what the setup widget sends, the bundle's export, and the loader the widget calls the
//! first time someone opens "paste your error".
//!
//! The diagnosis's rules, phrase tables and advice are the largest part of the widget's own
//! bytes and grow with every reply the corpus teaches them, while most visitors never paste an
//! error; so the setup bundle does not carry them. It still runs in the browser, by the same
//! shared crate, and nothing pasted is sent anywhere.

use sendready_shared::ground::ProviderId;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// What is diagnosed: the pasted text, the preset the person chose, and today (UTC) by the
/// browser's clock, for advice that changes on a known day.
#[derive(Serialize, Deserialize)]
pub struct Pasted {
    pub reply: String,
    pub provider: Option<ProviderId>,
    pub today_unix_s: u64,
}

/// The bundle's one export: a `Pasted` as JSON in, its `Diagnosis` as JSON out (`null` for
/// input that is not a `Pasted`, which the setup widget never sends).
#[cfg(feature = "diagnose")]
#[wasm_bindgen]
pub fn diagnose_pasted(pasted: &str) -> String {
    use sendready_shared::diagnosis::{Day, DiagnosisInput, diagnose};
    let Ok(pasted) = serde_json::from_str::<Pasted>(pasted) else {
        return "null".to_owned();
    };
    let diagnosis = diagnose(&DiagnosisInput {
        reply: pasted.reply,
        stage: None,
        host: None,
        provider: pasted.provider,
        today: Some(Day::from_unix_seconds(pasted.today_unix_s)),
    });
    serde_json::to_string(&diagnosis).unwrap_or_else(|_| "null".to_owned())
}

// The bundle sits beside this one in `pkg/`; wasm-bindgen puts this snippet two folders down
// (`pkg/snippets/<crate>-<hash>/inline0.js`). One download per page, shared by every widget.
#[cfg(feature = "setup")]
#[wasm_bindgen(inline_js = "let loaded;
export function load_diagnosis() {
  loaded ??= import(new URL('../../sendready-diagnose.js', import.meta.url).href)
    .then(async (bundle) => { await bundle.default(); return bundle; });
  return loaded;
}")]
extern "C" {
    /// The diagnosis bundle, downloaded and started once; later calls get the same promise.
    fn load_diagnosis() -> js_sys::Promise;
}

/// Starts downloading the bundle (when the paste panel opens), so the first paste is quick.
#[cfg(feature = "setup")]
pub fn preload() {
    let _ = load_diagnosis();
}

/// Diagnoses `pasted` in the bundle, loading it first if needed.
#[cfg(feature = "setup")]
pub async fn diagnose(pasted: &Pasted) -> Result<sendready_shared::diagnosis::Diagnosis, String> {
    use wasm_bindgen::JsCast;
    let failed = |what: &str| format!("the diagnosis could not be loaded ({what})");
    let bundle = wasm_bindgen_futures::JsFuture::from(load_diagnosis())
        .await
        .map_err(|_| failed("download"))?;
    let export = js_sys::Reflect::get(&bundle, &JsValue::from_str("diagnose_pasted"))
        .ok()
        .and_then(|export| export.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| failed("no diagnose_pasted"))?;
    let input = serde_json::to_string(pasted).map_err(|_| failed("input"))?;
    let answer = export
        .call1(&JsValue::NULL, &JsValue::from_str(&input))
        .ok()
        .and_then(|answer| answer.as_string())
        .ok_or_else(|| failed("no answer"))?;
    serde_json::from_str(&answer).map_err(|_| failed("answer"))
}
