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

thread_local! {
    /// Set when `/` is pressed in a view without a search box: the list focuses its box on arrival.
    static SEARCH_FOCUS_REQUESTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Asks the next list view to focus its search box (for `/` pressed in an article).
pub fn request_search_focus() {
    SEARCH_FOCUS_REQUESTED.with(|r| r.set(true));
}

/// Whether a list view was asked to focus its search box; clears the request.
pub fn take_search_focus_request() -> bool {
    SEARCH_FOCUS_REQUESTED.with(|r| r.replace(false))
}

/// Moves the focus to the search box and selects its text.
pub fn focus_search() -> bool {
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(SEARCH_INPUT_ID))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    match input {
        Some(input) => {
            let _ = input.focus();
            input.select();
            true
        }
        None => false,
    }
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
