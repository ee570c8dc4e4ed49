//! The list's scroll position, remembered per URL and restored on the way back.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::hooks::use_view_memory;

fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a browser window")
}

/// Remembers how far the list at `url` (its query string) was scrolled and scrolls back there
/// when that list is shown again (back from an article). When the search `q` changes under a
/// reader who had scrolled into the results, shows the top of `results` instead. `typing` says
/// that the URL lags behind the search box: its remembered position is then not this list's.
#[hook]
pub fn use_scroll_memory(url: &str, q: &str, typing: bool, results: NodeRef) {
    let memory = use_view_memory();
    let current_url = use_mut_ref(String::new);
    url.clone_into(&mut current_url.borrow_mut());
    {
        let memory = memory.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&window(), "scroll", move |_| {
                let y = window().scroll_y().unwrap_or(0.0);
                memory.remember_scroll(&current_url.borrow(), y);
            });
            move || drop(listener)
        });
    }
    let first = use_mut_ref(|| true);
    use_effect_with((url.to_owned(), q.to_owned()), move |(url, _)| {
        let saved = (!typing).then(|| memory.scroll_of(url)).flatten();
        let is_first = std::mem::replace(&mut *first.borrow_mut(), false);
        match saved {
            Some(y) => window().scroll_to_with_x_and_y(0.0, y),
            None if is_first => {}
            // At the top of the page there is nothing to do, and nothing to measure (a forced
            // layout at every keystroke).
            None if memory.last_scroll_y() <= 0.0 => {}
            None => {
                if let Some(el) = results.cast::<web_sys::Element>() {
                    let top = el.get_bounding_client_rect().top()
                        + window().scroll_y().unwrap_or(0.0)
                        - 16.0;
                    if window().scroll_y().unwrap_or(0.0) > top {
                        window().scroll_to_with_x_and_y(0.0, top.max(0.0));
                    }
                }
            }
        }
    });
}
