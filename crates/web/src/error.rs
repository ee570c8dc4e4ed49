//! Browser errors as sentences.

use wasm_bindgen::{JsCast, JsValue};

/// A browser error (a rejected promise, a thrown exception) as a sentence for the reader: its
/// message, or a plain fallback when it carries none. Every fetch of both programs goes through
/// it.
pub fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the browser refused the request".into())
}
