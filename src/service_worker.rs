//! Talking with the service worker `static/sw.js` (registered by `static/sw-register.js`, which
//! must run without the app): its messages, read through typed bindings, and the ones the app
//! sends it.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::Kept;

#[wasm_bindgen]
extern "C" {
    /// A message from the worker: `{type: "kiosque:status", files, kept, bytes, keptBytes}` or
    /// `{type: "kiosque:progress", done, total}` / `{type: "kiosque:progress", error}`.
    pub type WorkerMessage;

    /// The message's kind.
    #[wasm_bindgen(method, getter, js_name = type)]
    pub fn kind(this: &WorkerMessage) -> Option<String>;

    #[wasm_bindgen(method, getter)]
    fn files(this: &WorkerMessage) -> Option<f64>;

    #[wasm_bindgen(method, getter)]
    fn kept(this: &WorkerMessage) -> Option<f64>;

    #[wasm_bindgen(method, getter)]
    fn bytes(this: &WorkerMessage) -> Option<f64>;

    #[wasm_bindgen(method, getter, js_name = keptBytes)]
    fn kept_bytes(this: &WorkerMessage) -> Option<f64>;

    /// Files of the rest kept so far.
    #[wasm_bindgen(method, getter)]
    pub fn done(this: &WorkerMessage) -> Option<f64>;

    /// Files of the rest to keep.
    #[wasm_bindgen(method, getter)]
    pub fn total(this: &WorkerMessage) -> Option<f64>;

    /// Why keeping the rest failed.
    #[wasm_bindgen(method, getter)]
    pub fn error(this: &WorkerMessage) -> Option<String>;
}

#[wasm_bindgen]
extern "C" {
    /// The page's `navigator`, where `serviceWorker` may be missing.
    type WorkerNavigator;

    /// Absent where the browser blocks service workers.
    #[wasm_bindgen(method, getter, js_name = serviceWorker)]
    fn service_worker(this: &WorkerNavigator) -> Option<web_sys::ServiceWorkerContainer>;
}

impl WorkerMessage {
    /// What a status message says is kept.
    pub fn status(&self) -> Option<Kept> {
        Some(Kept {
            kept: self.kept()? as u32,
            files: self.files()? as u32,
            kept_bytes: self.kept_bytes().unwrap_or(0.0) as u64,
            bytes: self.bytes().unwrap_or(0.0) as u64,
        })
    }
}

/// The page's service worker container, where service workers run: a page served over HTTP(S)
/// in a secure context (not the single-file build opened from disk).
pub fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let window = web_sys::window()?;
    let protocol = window.location().protocol().ok()?;
    if !window.is_secure_context() || !matches!(protocol.as_str(), "http:" | "https:") {
        return None;
    }
    window
        .navigator()
        .unchecked_into::<WorkerNavigator>()
        .service_worker()
}

/// Sends `{type: kind}` to `worker`.
pub fn tell(worker: &web_sys::ServiceWorker, kind: &str) {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    let _ = worker.post_message(&message);
}

/// Sends `{type: kind}` to the worker controlling the page, if one does.
pub fn tell_controller(kind: &str) {
    if let Some(worker) = container().and_then(|c| c.controller()) {
        tell(&worker, kind);
    }
}
