//! The downloads `static/early-fetch.js` starts while the app's code still compiles (manifest,
//! catalog and index), taken over by [`crate::fetch`]. The script's table is read through these
//! typed bindings: each name below is a property the script sets, so the two stay in step here.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The page's window, seen with the property the early script adds.
    type EarlyWindow;

    /// `window.kiosqueEarly`: the early downloads by the URL the app asks for (absent when the
    /// script did not run: a page opened from disk).
    #[wasm_bindgen(method, getter, js_name = kiosqueEarly)]
    fn kiosque_early(this: &EarlyWindow) -> Option<EarlyDownloads>;

    /// The table of early downloads.
    pub type EarlyDownloads;

    #[wasm_bindgen(method, indexing_getter)]
    fn get(this: &EarlyDownloads, url: &str) -> Option<EarlyDownload>;

    #[wasm_bindgen(method, indexing_deleter)]
    fn delete(this: &EarlyDownloads, url: &str);

    /// One early download.
    pub type EarlyDownload;

    /// Bytes received so far.
    #[wasm_bindgen(method, getter)]
    pub fn received(this: &EarlyDownload) -> f64;

    /// Whether it has finished, well or not.
    #[wasm_bindgen(method, getter)]
    pub fn done(this: &EarlyDownload) -> bool;

    /// The HTTP status (0 before the answer, or without one).
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &EarlyDownload) -> f64;

    /// The bytes, once done and if the answer was a success.
    #[wasm_bindgen(method, getter)]
    pub fn bytes(this: &EarlyDownload) -> Option<Uint8Array>;

    /// Why the download failed, if it did (no answer at all).
    #[wasm_bindgen(method, getter)]
    pub fn error(this: &EarlyDownload) -> Option<String>;

    /// Settles at the next chunk, or at once when done.
    #[wasm_bindgen(method)]
    pub fn next(this: &EarlyDownload) -> Promise;
}

/// The download the early script started for `url`, if any, taken out of its table so that it
/// is used once. The manifest's cache-busting `?t=` differs from the script's, so it is left out
/// of the key.
pub fn take(url: &str) -> Option<EarlyDownload> {
    let downloads = web_sys::window()?
        .unchecked_into::<EarlyWindow>()
        .kiosque_early()?;
    let key = url.split("?t=").next().unwrap_or(url);
    let download = downloads.get(key)?;
    downloads.delete(key);
    Some(download)
}
