//! Fetching bundle files with the browser's `fetch`, reporting bytes as they arrive — or, in the
//! single-file build (`kiosque single-file`), reading them from the page itself.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, ReadableStreamReadResult, Response};

use crate::early_fetch::EarlyDownload;
/// Shared with the first-results wasm (`crates/web`).
pub(crate) use kiosque_web::{describe, sha256};

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
/// `on_progress` is a trait object: one copy of this (large) future serves every caller.
/// `expected` is the size the manifest announces (0 when unknown): the buffer is allocated once
/// at that size instead of growing, which on a 10 MB index saved tens of milliseconds of copying.
pub async fn fetch_bytes(
    url: &str,
    expected: u64,
    on_progress: &mut dyn FnMut(u64),
) -> Result<Vec<u8>, FetchError> {
    if let Some(inline) = inline_file(url) {
        let bytes = inline?;
        on_progress(bytes.len() as u64);
        return Ok(bytes);
    }
    if let Some(entry) = crate::early_fetch::take(url) {
        return take_early(entry, on_progress).await;
    }
    let shared = share_with_first_results(url);
    let result = fetch_network(url, expected, on_progress).await;
    if let Some(finish) = shared {
        finish_shared(&finish, &result);
    }
    result
}

/// While the first-results wasm still has the page, a file the app fetches is entered in the
/// early-download table (`window.kiosqueEarlyPending`, static/early-fetch.js) as the lite enters
/// its own: the lite, asking for the same piece after the app did (the hidden app may ask for a
/// row's text group first), then reads these bytes instead of fetching the file a second time.
/// Returns the function that ends the entry, or `None` once the lite is gone.
fn share_with_first_results(url: &str) -> Option<js_sys::Function> {
    let window = web_sys::window()?;
    window.document()?.get_element_by_id("kiosque-first")?;
    let pending = js_sys::Reflect::get(&window, &JsValue::from_str("kiosqueEarlyPending")).ok()?;
    let pending: js_sys::Function = pending.dyn_into().ok()?;
    pending
        .call1(&window, &JsValue::from_str(url))
        .ok()?
        .dyn_into()
        .ok()
}

/// Ends an entry made by [`share_with_first_results`] as the fetch ended: with the bytes, the
/// server's status, or the network's error.
fn finish_shared(finish: &js_sys::Function, result: &Result<Vec<u8>, FetchError>) {
    let none = JsValue::NULL;
    let _ = match result {
        Ok(bytes) => finish.call1(&none, &Uint8Array::from(bytes.as_slice())),
        Err(FetchError::NotFound) => finish.call3(&none, &none, &none, &JsValue::from(404)),
        Err(FetchError::Status(status)) => {
            finish.call3(&none, &none, &none, &JsValue::from(*status))
        }
        Err(FetchError::Network(message)) => {
            finish.call2(&none, &none, &JsValue::from_str(message))
        }
    };
}

/// Fetches `url` from the network (see [`fetch_bytes`]).
async fn fetch_network(
    url: &str,
    expected: u64,
    on_progress: &mut dyn FnMut(u64),
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
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
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

/// Waits for an early download (see [`crate::early_fetch`]) to finish, reporting its progress,
/// and returns its bytes.
async fn take_early(
    entry: EarlyDownload,
    on_progress: &mut dyn FnMut(u64),
) -> Result<Vec<u8>, FetchError> {
    while !entry.done() {
        on_progress(entry.received() as u64);
        JsFuture::from(entry.next())
            .await
            .map_err(|e| FetchError::Network(describe(&e)))?;
    }
    if let Some(message) = entry.error() {
        return Err(FetchError::Network(message));
    }
    match entry.status() as u16 {
        200..=299 => {}
        404 => return Err(FetchError::NotFound),
        status => return Err(FetchError::Status(status)),
    }
    let bytes = entry.bytes().map(|b| b.to_vec()).unwrap_or_default();
    on_progress(bytes.len() as u64);
    Ok(bytes)
}

/// The single-file build carries each bundle file in the page as
/// `<script type="application/base64" data-kiosque-file="bundle/catalog.bin">…</script>`, since a
/// page opened from `file://` can fetch nothing. Returns `None` on an ordinary page (use the
/// network); on a single-file page, a file it does not carry is `NotFound`.
fn inline_file(url: &str) -> Option<Result<Vec<u8>, FetchError>> {
    let document = web_sys::window()?.document()?;
    // The cache-busting `?t=` and the `?v=` hash name versions the page can only have one of.
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let path = path.strip_prefix("./").unwrap_or(path);
    let selector = format!("script[data-kiosque-file=\"{path}\"]");
    let element = match document.query_selector(&selector).ok().flatten() {
        Some(element) => element,
        None => {
            let single_file = document
                .query_selector("script[data-kiosque-file]")
                .ok()
                .flatten()
                .is_some();
            return single_file.then_some(Err(FetchError::NotFound));
        }
    };
    let text = js_sys::Reflect::get(&element, &JsValue::from_str("textContent"))
        .ok()
        .and_then(|t| t.as_string())
        .unwrap_or_default();
    Some(kiosque_core::base64::decode(&text).ok_or_else(|| {
        FetchError::Network(format!("the copy of {path} inside this page is damaged"))
    }))
}

/// On a single-file page, a `data:` URL for the picture at `path` (`bundle/assets/…`) from the
/// page's own base64 copy: a picture cannot be fetched from `file://` either. `None` elsewhere.
pub fn inline_data_url(path: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let selector = format!("script[data-kiosque-file=\"{path}\"]");
    let element = document.query_selector(&selector).ok().flatten()?;
    let text = element.text_content()?;
    let mime = match path.rsplit('.').next()? {
        "png" => "image/png",
        "jpg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        _ => return None,
    };
    let digits: String = text.split_ascii_whitespace().collect();
    Some(format!("data:{mime};base64,{digits}"))
}
