//! What the reader sees if the app stops on a bug or on data it could not handle: the plain
//! "the articles cannot be read" message, instead of a page that no longer answers.
//!
//! The release build aborts on a panic (`panic = "abort"`), so nothing can be recovered; the
//! hook runs just before, while the page can still be changed.

use crate::i18n;

/// Installs the panic hook. Call it before rendering: Yew installs its own otherwise.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        // The details stay available to whoever opens the console, as Yew's own hook does.
        console_error_panic_hook::hook(info);
        show_message();
    }));
}

/// Replaces the app's content (`#kiosque`, else the page body) with the message: the app
/// itself is about to stop and cannot render it. The texts are the app's own, without markup.
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
    root.set_inner_html(&format!(
        "<section class=\"load-error\" role=\"alert\"><h1>{}</h1><p>{}</p></section>",
        t.broken_title, t.broken_crash
    ));
}
