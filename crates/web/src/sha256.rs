//! SHA-256 by Web Crypto.

use wasm_bindgen_futures::JsFuture;

/// The SHA-256 of `bytes`, computed by the browser (Web Crypto: native speed, off the main
/// thread, no hashing code in the download). `None` where Web Crypto is not offered: pages
/// served over plain HTTP from another machine than this one are not a secure context.
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
    Some(js_sys::Uint8Array::new(&digest).to_vec())
}
