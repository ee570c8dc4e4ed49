//! Inflating deflate-raw with the browser's `DecompressionStream` (no decompressor in either
//! wasm download).

use js_sys::{Array, Function, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, Response};

use crate::describe;

/// Inflates deflate-raw bytes with `DecompressionStream`, reached through `js_sys` so that no
/// extra `web-sys` bindings are needed: bytes → `Response` body → `pipeThrough` → `arrayBuffer`.
/// The stored bytes are copied into a JavaScript array first and dropped: WebKit reads a
/// `Response`'s body from the very array it was given, later, and a view into the wasm memory
/// is then stale (freed, or detached when the memory grew): "Failed to Decode Data".
pub async fn inflate(bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let constructor: Function = Reflect::get(&js_sys::global(), &"DecompressionStream".into())
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("this browser has no DecompressionStream")?;
    let stream = Reflect::construct(&constructor, &Array::of1(&"deflate-raw".into()))
        .map_err(|e| describe(&e))?;
    let copy = Uint8Array::from(bytes.as_slice());
    drop(bytes);
    let source = Response::new_with_opt_js_u8_array(Some(&copy)).map_err(|e| describe(&e))?;
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
