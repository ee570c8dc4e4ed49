//! Reading `manifest.json` with the browser's own JSON parser.
//!
//! `JSON.parse` turns the text into a JavaScript object and serde-wasm-bindgen (already in the
//! app through the router) walks it into the core's [`Manifest`]; the checks stay in one place,
//! [`check_manifest`]. Decoding the text with `serde_json`, as the CLI does, would add a JSON
//! parser of about 20 KB to the wasm (docs/PARTIAL-LOADING.md, "The shell").

use kiosque_core::bundle::v3::{check_manifest_v3, ManifestV3};
use kiosque_core::bundle::{check_manifest, BundleError, Manifest};
use wasm_bindgen::{JsCast, JsValue};

/// Parses the bytes of `manifest.json` and checks them as `bundle::read_manifest` does.
pub fn read(bytes: &[u8]) -> Result<Manifest, BundleError> {
    let parsed = std::str::from_utf8(bytes)
        .map_err(|_| "it is not UTF-8 text".to_owned())
        .and_then(|text| js_sys::JSON::parse(text).map_err(|e| message(&e)))
        .map_err(BundleError::BadManifest)?;
    let probe = parsed.clone();
    let decode_error = |e: serde_wasm_bindgen::Error| message(&e.into());
    check_manifest(
        || serde_wasm_bindgen::from_value(probe).map_err(decode_error),
        || serde_wasm_bindgen::from_value(parsed).map_err(decode_error),
    )
}

/// Parses the bytes of a format-3 `manifest.json` and checks them as `read_manifest_v3` does.
pub fn read_v3(bytes: &[u8]) -> Result<ManifestV3, String> {
    let parsed = std::str::from_utf8(bytes)
        .map_err(|_| "it is not UTF-8 text".to_owned())
        .and_then(|text| js_sys::JSON::parse(text).map_err(|e| message(&e)))?;
    let manifest = serde_wasm_bindgen::from_value(parsed).map_err(|e| message(&e.into()))?;
    check_manifest_v3(manifest)
}

/// The message of a JavaScript error, without its "Error: " prefix: what `JSON.parse` said
/// ("Unexpected token '<', "<html>" is not valid JSON") or what serde said ("missing field
/// `catalog`").
fn message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "it is not JSON".to_owned())
}
