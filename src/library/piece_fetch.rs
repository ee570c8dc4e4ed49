//! Fetching one stored piece of a format-3 bundle: its bytes, checked against the manifest's size
//! and SHA-256, then inflated with the browser's `DecompressionStream('deflate-raw')` (no
//! decompressor in the app's download).

use js_sys::{Array, Function, Reflect, Uint8Array};
use kiosque_core::bundle::v3::PieceFile;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, Response};

use super::pieces::PieceFailure;
use super::BUNDLE_DIR;
use crate::fetch::{fetch_bytes, sha256, FetchError};

/// Fetches the piece `entry` names, checks it and returns it inflated. Piece files are named by
/// their content, so their URL needs no version parameter: a cached copy is always the right one.
///
/// A 404 is told apart ([`PieceFailure::gone`]): the site was probably redeployed.
pub async fn fetch_piece(entry: &PieceFile) -> Result<Vec<u8>, PieceFailure> {
    let url = format!("{BUNDLE_DIR}{}", entry.path);
    let bytes = fetch_bytes(&url, entry.bytes, &mut |_| {})
        .await
        .map_err(|e| match e {
            FetchError::NotFound => {
                PieceFailure::gone(format!("{} is no longer on the server (404)", entry.path))
            }
            FetchError::Status(status) => PieceFailure::other(format!(
                "{}: the server answered with status {status}",
                entry.path
            )),
            FetchError::Network(message) => PieceFailure::other(format!(
                "{}: the network request failed ({message})",
                entry.path
            )),
        })?;
    if bytes.len() as u64 != entry.bytes {
        return Err(PieceFailure::other(format!(
            "{}: {} bytes arrived where manifest.json announces {}",
            entry.path,
            bytes.len(),
            entry.bytes
        )));
    }
    // Web Crypto is offered in secure contexts only (HTTPS, localhost), as for format 2.
    if let Some(digest) = sha256(&bytes).await {
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        if !hex.eq_ignore_ascii_case(&entry.sha256) {
            return Err(PieceFailure::other(format!(
                "{} does not match its SHA-256 in manifest.json: it changed after the bundle was written",
                entry.path
            )));
        }
    }
    inflate(bytes).await.map_err(|detail| {
        PieceFailure::other(format!("{} cannot be inflated ({detail})", entry.path))
    })
}

/// Inflates deflate-raw bytes with `DecompressionStream`, reached through `js_sys` so that no
/// extra `web-sys` bindings are needed: bytes → `Response` body → `pipeThrough` → `arrayBuffer`.
async fn inflate(mut bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let constructor: Function = Reflect::get(&js_sys::global(), &"DecompressionStream".into())
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("this browser has no DecompressionStream")?;
    let stream = Reflect::construct(&constructor, &Array::of1(&"deflate-raw".into()))
        .map_err(|e| describe(&e))?;
    let source = Response::new_with_opt_u8_array(Some(&mut bytes)).map_err(|e| describe(&e))?;
    drop(bytes);
    let body = source.body().ok_or("no body to read")?;
    let pipe_through: Function = Reflect::get(&body, &"pipeThrough".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("streams cannot be piped in this browser")?;
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

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the browser refused".into())
}
