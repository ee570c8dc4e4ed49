//! Where the reader's data is kept: `localStorage`, under a key naming the archive.
//!
//! An archive is named by the address of its page (path without query or hash: `/revue/` for a
//! site, `/home/ana/revue.html` for a single file), never by the bundle's content hash: a new
//! bundle of the same site is the same archive, and the reader's data carries over to it, matched
//! by stable article ids. `localStorage` is per origin already, so two sites on two hosts never
//! share data; it works offline and from a `file://` page. JSON goes through the browser's own
//! `JSON.parse` and `JSON.stringify` with serde-wasm-bindgen, which keeps a JSON crate out of the
//! wasm (see `manifest.rs`).

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use super::data::{DataError, ReaderData};

/// The prefix of the key; the archive's address follows it.
const KEY_PREFIX: &str = "kiosque.workbench:";

/// The address that names this archive: the page's path, with a trailing `index.html` dropped
/// (the same site reached as `/revue/` or `/revue/index.html`).
pub fn archive_address() -> String {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".to_owned());
    match path.strip_suffix("index.html") {
        Some(dir) => dir.to_owned(),
        None => path,
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key() -> String {
    format!("{KEY_PREFIX}{}", archive_address())
}

/// The data kept for this archive: empty when there is none (or storage is unavailable, as in
/// some private modes: the data then lasts for the visit); an error when it was written by a newer
/// Kiosque or cannot be read, in which case it must not be written over.
pub fn load() -> Result<ReaderData, DataError> {
    let Some(text) = storage().and_then(|s| s.get_item(&key()).ok().flatten()) else {
        return Ok(ReaderData::default());
    };
    let data: ReaderData = from_json(&text).map_err(|_| DataError::NotAnExport)?;
    data.checked()
}

/// Keeps the data; `false` if the browser refused (storage full or unavailable).
pub fn save(data: &ReaderData) -> bool {
    let (Some(storage), Some(text)) = (storage(), to_json(data)) else {
        return false;
    };
    storage.set_item(&key(), &text).is_ok()
}

/// A value as JSON text (maps as objects, `None` fields left out).
pub fn to_json<T: Serialize>(value: &T) -> Option<String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let js = value.serialize(&serializer).ok()?;
    js_sys::JSON::stringify_with_replacer_and_space(&js, &JsValue::NULL, &JsValue::from(1))
        .ok()
        .map(String::from)
}

/// A value read from JSON text; the error says what the browser's parser or serde found wrong.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let parsed = js_sys::JSON::parse(text).map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "it is not JSON".to_owned())
    })?;
    serde_wasm_bindgen::from_value(parsed).map_err(|e| e.to_string())
}
