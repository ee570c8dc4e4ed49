//! Fetching bundle files with the browser's `fetch`, reporting bytes as they arrive.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, ReadableStreamReadResult, Response};

/// Why a file could not be fetched.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// The server answered 404: the file is not there.
    NotFound,
    /// The server answered with another error status.
    Status(u16),
    /// No answer at all (offline, blocked, server down).
    Network(String),
}

/// Fetches `url` and returns its bytes, calling `on_progress(received)` as chunks arrive.
pub async fn fetch_bytes(
    url: &str,
    mut on_progress: impl FnMut(u64),
) -> Result<Vec<u8>, FetchError> {
    let window = web_sys::window().ok_or_else(|| FetchError::Network("no window".into()))?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| FetchError::Network(describe(&e)))?
        .unchecked_into();
    match response.status() {
        200..=299 => {}
        404 => return Err(FetchError::NotFound),
        status => return Err(FetchError::Status(status)),
    }
    let Some(body) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let result: ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(|e| FetchError::Network(describe(&e)))?
            .unchecked_into();
        if result.get_done().unwrap_or(false) {
            break;
        }
        let chunk: Uint8Array = result.get_value().unchecked_into();
        let start = bytes.len();
        bytes.resize(start + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[start..]);
        on_progress(bytes.len() as u64);
    }
    Ok(bytes)
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the request failed".into())
}
