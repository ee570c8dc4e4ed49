//! Keyboard shortcuts: helpers shared by the views that listen for them.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;

/// Whether a key event happens while the reader types in a field, where letters are text and not
/// shortcuts.
pub fn is_typing_target(event: &web_sys::KeyboardEvent) -> bool {
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let tag = element.tag_name().to_ascii_lowercase();
    if tag == "textarea" || tag == "select" {
        return true;
    }
    if tag == "input" {
        // Checkboxes and buttons take no text.
        let kind = element.get_attribute("type").unwrap_or_default();
        return !matches!(
            kind.as_str(),
            "checkbox" | "radio" | "button" | "submit" | "reset"
        );
    }
    element
        .dyn_ref::<web_sys::HtmlElement>()
        .is_some_and(|e| e.is_content_editable())
}

/// Whether a modifier other than Shift is held (those combinations belong to the browser).
pub fn has_command_modifier(event: &web_sys::KeyboardEvent) -> bool {
    event.ctrl_key() || event.meta_key() || event.alt_key()
}

/// Id of the search box, for `/`.
pub const SEARCH_INPUT_ID: &str = "search";

/// Moves the focus to the search box `input` and selects its text; false if it is not there.
pub fn focus_search(input: &yew::NodeRef) -> bool {
    match input.cast::<web_sys::HtmlInputElement>() {
        Some(input) => {
            let _ = input.focus();
            input.select();
            true
        }
        None => false,
    }
}

/// Whether a key event comes from inside a dialog (whose Escape closes the dialog).
pub fn in_dialog(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("dialog").ok().flatten())
        .is_some()
}

/// Listens to key presses anywhere in the page, for as long as the returned listener lives.
/// The listener is not passive, so shortcuts can keep the browser from acting on their keys.
pub fn on_keydown(mut handler: impl FnMut(&web_sys::KeyboardEvent) + 'static) -> EventListener {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("the app runs in a page");
    EventListener::new_with_options(
        &document,
        "keydown",
        EventListenerOptions::enable_prevent_default(),
        move |event| {
            if let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() {
                handler(event);
            }
        },
    )
}
