//! What the views remember beyond their own lifetime: the list's scroll position per URL (for
//! the way back from an article), the last seen scroll offset and row height (read by renders
//! without forcing a layout), and a request to focus the search box on arrival.
//!
//! Given as context by the app, not kept in a reducer: the scroll offset is written at every
//! scroll event and read during renders, and none of it should re-render anything.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use yew::prelude::*;

#[derive(Default)]
struct Memory {
    scroll_by_url: RefCell<HashMap<String, f64>>,
    scroll_y: Cell<f64>,
    row_height: Cell<Option<u32>>,
    search_focus_requested: Cell<bool>,
}

/// The app's view memory; cheap to clone, equal only to itself.
#[derive(Clone, Default)]
pub struct ViewMemory(Rc<Memory>);

impl PartialEq for ViewMemory {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl ViewMemory {
    /// Records the scroll offset `y` of the list shown at `url` (its query string).
    pub fn remember_scroll(&self, url: &str, y: f64) {
        self.0.scroll_y.set(y);
        self.0.scroll_by_url.borrow_mut().insert(url.to_owned(), y);
    }

    /// Where the list at `url` was scrolled to when last shown.
    pub fn scroll_of(&self, url: &str) -> Option<f64> {
        self.0.scroll_by_url.borrow().get(url).copied()
    }

    /// The window's scroll offset as last seen by a scroll handler or a measure. Reading
    /// `scrollY` during a render forces a layout in Chromium, so renders read this instead.
    pub fn last_scroll_y(&self) -> f64 {
        self.0.scroll_y.get()
    }

    /// Records the window's scroll offset a handler or a measure read.
    pub fn set_scroll_y(&self, y: f64) {
        self.0.scroll_y.set(y);
    }

    /// The last measured height of a result row, so a list shown again starts with it and its
    /// scroll position can be restored before anything is measured.
    pub fn row_height(&self) -> Option<u32> {
        self.0.row_height.get()
    }

    /// Records a measured row height.
    pub fn set_row_height(&self, height: u32) {
        self.0.row_height.set(Some(height));
    }

    /// Asks the next list view to focus its search box (`/` pressed where there is none).
    pub fn request_search_focus(&self) {
        self.0.search_focus_requested.set(true);
    }

    /// Whether the search box was asked for; clears the request.
    pub fn take_search_focus_request(&self) -> bool {
        self.0.search_focus_requested.replace(false)
    }
}

/// The app's [`ViewMemory`], or one of the component's own when there is no app around it (a
/// component rendered alone, as in the component tests).
#[hook]
pub fn use_view_memory() -> ViewMemory {
    let own = use_memo((), |_| ViewMemory::default());
    use_context::<ViewMemory>().unwrap_or_else(|| (*own).clone())
}
