//! What the reader sees if the app stops on a bug or on data it could not handle: the plain
//! "the articles cannot be read" message, instead of a page that no longer answers.
//!
//! The release build aborts on a panic (`panic = "abort"`), so nothing can be recovered; the
//! hook runs just before, while the page can still be changed.

use crate::i18n;

/// Installs the panic hook. Call it before rendering: Yew installs its own otherwise.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        // The details stay available to whoever opens the console.
        web_sys::console::error_1(&info.to_string().into());
        show_message();
    }));
}

/// Replaces the app's content (`#kiosque`, else the page body) with the message, built from
/// plain DOM calls: the app itself is about to stop and cannot render it.
pub fn show_message() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = document
        .get_element_by_id("kiosque")
        .or_else(|| document.body().map(Into::into))
    else {
        return;
    };
    let t = i18n::texts(crate::preferences::locale());
    let element = |tag: &str, text: &str| {
        let element = document.create_element(tag).ok()?;
        element.set_text_content(Some(text));
        Some(element)
    };
    let (Some(section), Some(title), Some(body)) = (
        element("section", ""),
        element("h1", t.broken_title),
        element("p", t.broken_crash),
    ) else {
        return;
    };
    section.set_class_name("load-error");
    let _ = section.set_attribute("role", "alert");
    let _ = section.append_child(&title);
    let _ = section.append_child(&body);
    root.set_text_content(None);
    let _ = root.append_child(&section);
}
