//! What the workbench asks of the browser: saving a file the app wrote, reading a file the reader
//! picked, copying text and printing. Nothing leaves the device: a download is a `blob:` URL.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers `text` as a file named `name` of type `mime`; `false` if the browser refused.
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    let run = || -> Option<()> {
        let document = web_sys::window()?.document()?;
        let parts = js_sys::Array::of1(&text.into());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let link: web_sys::HtmlAnchorElement =
            document.create_element("a").ok()?.dyn_into().ok()?;
        link.set_href(&url);
        link.set_download(name);
        // Clicked without being added to the page: nothing shows, and nothing is left behind.
        link.click();
        // The download has its own reference to the blob by now.
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    };
    run().is_some()
}

/// The text of the first file picked in `input`, if any.
pub async fn read_picked(input: &web_sys::HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    let text = JsFuture::from(file.text()).await.ok()?;
    text.as_string()
}

/// Copies `text` to the clipboard; `false` where the browser refuses (no secure context, or no
/// permission), in which case the text stays on screen, selected, for the reader to copy.
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = window.navigator().clipboard();
    JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// Opens the browser's print dialog (the print stylesheet shows the article alone).
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Today's date and time, ISO 8601, for the name and stamp of an export.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}
