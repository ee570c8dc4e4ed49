//! The list's query: the URL's, with what the reader is typing over it. The results follow every
//! keystroke at once; the URL follows a moment after the typing stops (or when the box loses
//! focus). Writing history at every letter costs more than the search itself, and browsers
//! throttle it: Safari refuses more than a hundred rewrites in a short while.

use std::rc::Rc;
use std::time::Duration;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::hooks::use_debounced;
use crate::list_query::ListQuery;
use crate::state::{ListAction, ListState, TypedWrite};

/// How long after the last keystroke the URL takes the typed text.
const URL_DELAY: Duration = Duration::from_millis(300);

/// Goes to the list view for `query`; `replace` rewrites the current history entry instead of
/// adding one (used while the reader types, so Back does not step through every letter).
pub fn go_to_list(navigator: &Navigator, query: &ListQuery, replace: bool) {
    let pairs = query.to_pairs();
    let result = match (pairs.is_empty(), replace) {
        (true, false) => {
            navigator.push(&Route::List);
            Ok(())
        }
        (true, true) => {
            navigator.replace(&Route::List);
            Ok(())
        }
        (false, false) => navigator.push_with_query(&Route::List, &pairs),
        (false, true) => navigator.replace_with_query(&Route::List, &pairs),
    };
    if let Err(error) = result {
        web_sys::console::error_1(&format!("cannot write the list URL: {error}").into());
    }
}

/// The list's query and the ways to change it.
pub struct TypedQuery {
    /// The list's URL (its query string, without `?`).
    pub url: String,
    /// What the list shows: the URL's query, with the typed text in place of its `q`.
    pub query: Rc<ListQuery>,
    /// Whether the search box holds text the URL does not carry yet.
    pub typing: bool,
    /// Takes the search box's new text.
    pub on_input: Callback<String>,
    /// Writes the typed text into the URL now, if it is not there yet (the box lost focus).
    pub write_now: Callback<()>,
    /// Shows another list: a new history entry, and the end of the current typing.
    pub navigate: Callback<ListQuery>,
}

/// The query of the list view whose state is `state`. A URL write waiting for the typing to
/// stop is tied to the list it was typed over: it is dropped when the URL changes (Back, a link)
/// or the list goes away (an article opened), so it can never land on a later visit.
#[hook]
pub fn use_typed_query(state: &UseReducerHandle<ListState>) -> TypedQuery {
    let navigator = use_navigator().expect("inside the router");
    let url = use_location()
        .map(|l| l.query_str().trim_start_matches('?').to_owned())
        .unwrap_or_default();
    {
        let state = state.clone();
        use_effect_with(url.clone(), move |url| {
            state.dispatch(ListAction::UrlIs(url.clone()))
        });
    }
    let typed = state.typed_over(&url).map(str::to_owned);
    let typing = typed.is_some();
    let query = use_memo((url.clone(), typed), |(url, typed)| {
        let mut query = ListQuery::parse(url);
        if let Some(typed) = typed {
            query.q.clone_from(typed);
        }
        query
    });
    // The text typed last, set by the keystroke itself. The render after a keystroke cancels
    // the write waiting for the previous text, but under load that render can wait (Yew yields
    // to the browser in the middle of long work) while the timer fires: the stale write would
    // then put the previous text in the URL and the keystroke would be lost. So a write goes
    // only if its text is still the last one typed, as nothing waits between keystroke and check.
    let last_typed = use_mut_ref(|| None::<String>);
    let write = {
        let navigator = navigator.clone();
        let state = state.clone();
        let last_typed = last_typed.clone();
        Callback::from(move |write: TypedWrite| {
            if last_typed.borrow().as_deref() != Some(write.query.q.as_str()) {
                return;
            }
            go_to_list(&navigator, &write.query, write.replace);
            state.dispatch(ListAction::TypedWritten);
        })
    };
    let pending = state.pending_write(&url, &query);
    use_debounced(pending.clone(), URL_DELAY, write.clone());
    let write_now = {
        let state = state.clone();
        Callback::from(move |()| {
            if let Some(pending) = pending.clone() {
                write.emit(pending);
            }
            state.dispatch(ListAction::TypingDone);
        })
    };
    let on_input = {
        let state = state.clone();
        let url = url.clone();
        let last_typed = last_typed.clone();
        Callback::from(move |text: String| {
            *last_typed.borrow_mut() = Some(text.clone());
            state.dispatch(ListAction::Typed {
                over: url.clone(),
                text,
            })
        })
    };
    let navigate = {
        let state = state.clone();
        Callback::from(move |next: ListQuery| {
            // The typing ends here: a write still waiting for it must not follow this list.
            *last_typed.borrow_mut() = None;
            state.dispatch(ListAction::Navigated);
            go_to_list(&navigator, &next, false);
        })
    };
    TypedQuery {
        url,
        query,
        typing,
        on_input,
        write_now,
        navigate,
    }
}
