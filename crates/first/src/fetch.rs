//! Fetching the manifest, the head and the pieces of a format-3 bundle, as the app does
//! (`src/library/piece_fetch.rs`): a download `static/early-fetch.js` started is taken over (and
//! left in its table for the app), the bytes are checked against their size and SHA-256 (Web
//! Crypto) and inflated with `DecompressionStream('deflate-raw')`. Each piece fetched is handed
//! to the page's early-download table, so the app that takes over does not download it again.

use js_sys::{Array, Function, Reflect, Uint8Array};
use kiosque_web::describe;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// Where the bundle lives, relative to the page (the app's `BUNDLE_DIR`).
pub const BUNDLE_DIR: &str = "bundle/";

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
    fetch_network(key, url).await.map_err(|f| f.message)
}

/// Why a fetch from the network failed: the sentence, and the HTTP status when the server
/// answered (0 when it did not), which the app needs to tell a redeployed site (404) from a
/// network failure when it takes over an entry the lite made.
struct Failed {
    message: String,
    status: u16,
}

/// The bytes of `url` from the network (`key` names it in messages).
async fn fetch_network(key: &str, url: &str) -> Result<Vec<u8>, Failed> {
    let failed = |message: String, status: u16| Failed { message, status };
    let window = web_sys::window().ok_or_else(|| failed("no window".into(), 0))?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| {
            failed(
                format!("{key}: the network request failed ({})", describe(&e)),
                0,
            )
        })?
        .unchecked_into();
    if !response.ok() {
        let status = response.status();
        return Err(failed(
            format!("{key}: the server answered with status {status}"),
            status,
        ));
    }
    let read = |e: JsValue| failed(describe(&e), 0);
    let buffer = JsFuture::from(response.array_buffer().map_err(read)?)
        .await
        .map_err(read)?;
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
    // The entry ends as a fetch of the app's own would: with the bytes, or with the server's
    // status (a 404 tells the app the site was redeployed), or with the network's error.
    let _ = match &result {
        Ok(bytes) => finish.call1(&JsValue::NULL, &Uint8Array::from(bytes.as_slice())),
        Err(Failed { message, status }) => {
            let args = Array::of3(&JsValue::NULL, &message.into(), &(*status).into());
            finish.apply(&JsValue::NULL, &args)
        }
    };
    result.map_err(|f| f.message)
}
