//! Fetching the manifest, the head and the pieces of a format-3 bundle, as the app does
//! (`src/library/piece_fetch.rs`): a download `static/early-fetch.js` started is taken over (and
//! left in its table for the app), the bytes are checked against their size and SHA-256 (Web
//! Crypto) and inflated with `DecompressionStream('deflate-raw')`. Each piece fetched is handed
//! to the page's early-download table, so the app that takes over does not download it again.

use js_sys::{Array, Function, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, Response};

/// Where the bundle lives, relative to the page (the app's `BUNDLE_DIR`).
pub const BUNDLE_DIR: &str = "bundle/";

/// A browser error as a sentence.
pub fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the browser refused the request".into())
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The bytes of `url` (relative to the page): from the early download kept under `key` when
/// there is one, else from the network.
pub async fn fetch_bytes(key: &str, url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let early = get(&get(&window, "kiosqueEarly"), key);
    if early.is_object() {
        while !get(&early, "done").as_bool().unwrap_or(true) {
            let next: Function = get(&early, "next").dyn_into().map_err(|e| describe(&e))?;
            let promise: js_sys::Promise = next
                .call0(&early)
                .map_err(|e| describe(&e))?
                .unchecked_into();
            JsFuture::from(promise).await.map_err(|e| describe(&e))?;
        }
        if let Some(error) = get(&early, "error").as_string() {
            return Err(format!("{key}: the network request failed ({error})"));
        }
        let status = get(&early, "status").as_f64().unwrap_or(0.0) as u32;
        if !(200..300).contains(&status) {
            return Err(format!("{key}: the server answered with status {status}"));
        }
        let bytes = get(&early, "bytes");
        return Ok(bytes
            .dyn_into::<Uint8Array>()
            .map(|b| b.to_vec())
            .unwrap_or_default());
    }
    fetch_network(key, url).await
}

/// The bytes of `url` from the network (`key` names it in messages).
async fn fetch_network(key: &str, url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{key}: the network request failed ({})", describe(&e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!(
            "{key}: the server answered with status {}",
            response.status()
        ));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| describe(&e))?)
        .await
        .map_err(|e| describe(&e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The bytes of the bundle file at `path`, shared with the app that will take over: an early
/// download of it is taken (and left for the app); else an entry of the early-download table is
/// made before the fetch starts (`window.kiosqueEarlyPending`, from `static/early-fetch.js`), so
/// that the app, asking for the same file meanwhile or later, waits for this fetch and takes its
/// bytes instead of fetching the file again.
pub async fn fetch_shared(path: &str) -> Result<Vec<u8>, String> {
    let key = format!("{BUNDLE_DIR}{path}");
    let window = web_sys::window().ok_or("no window")?;
    let table = get(&window, "kiosqueEarly");
    let finish = if get(&table, &key).is_object() {
        None
    } else {
        get(&window, "kiosqueEarlyPending")
            .dyn_into::<Function>()
            .ok()
            .and_then(|pending| pending.call1(&window, &JsValue::from_str(&key)).ok())
            .and_then(|f| f.dyn_into::<Function>().ok())
    };
    let Some(finish) = finish else {
        return fetch_bytes(&key, &key).await;
    };
    let result = fetch_network(&key, &key).await;
    let _ = match &result {
        Ok(bytes) => finish.call1(&JsValue::NULL, &Uint8Array::from(bytes.as_slice())),
        Err(error) => finish.call2(&JsValue::NULL, &JsValue::NULL, &JsValue::from_str(error)),
    };
    result
}

/// The SHA-256 of `bytes` by Web Crypto; `None` outside a secure context (as the app).
pub async fn sha256(bytes: &[u8]) -> Option<Vec<u8>> {
    let window = web_sys::window()?;
    if !window.is_secure_context() {
        return None;
    }
    let promise = window
        .crypto()
        .ok()?
        .subtle()
        .digest_with_str_and_u8_array("SHA-256", bytes)
        .ok()?;
    let digest = JsFuture::from(promise).await.ok()?;
    Some(Uint8Array::new(&digest).to_vec())
}

/// Inflates deflate-raw bytes with `DecompressionStream`, as the app does.
pub async fn inflate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let constructor: Function = Reflect::get(&js_sys::global(), &"DecompressionStream".into())
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("this browser has no DecompressionStream")?;
    let stream = Reflect::construct(&constructor, &Array::of1(&"deflate-raw".into()))
        .map_err(|e| describe(&e))?;
    let mut copy = bytes.to_vec();
    let source = Response::new_with_opt_u8_array(Some(&mut copy)).map_err(|e| describe(&e))?;
    let body = source.body().ok_or("no body to read")?;
    let pipe_through: Function = get(&body, "pipeThrough")
        .dyn_into()
        .map_err(|_| "streams cannot be piped in this browser")?;
    let inflated: ReadableStream = pipe_through
        .call1(&body, &stream)
        .map_err(|e| describe(&e))?
        .unchecked_into();
    let response =
        Response::new_with_opt_readable_stream(Some(&inflated)).map_err(|e| describe(&e))?;
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| describe(&e))?)
        .await
        .map_err(|e| describe(&e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
