//! What the list view holds besides its URL, as a state and the actions that change it (Yew's
//! `use_reducer`). The URL stays the list's state (see [`ListQuery`]); this is what is not in it
//! yet, or never: the text typed and not written to the URL, whether the current search has
//! written one already, and how the reader has arranged the view.

use std::collections::HashSet;
use std::rc::Rc;

use yew::Reducible;

use crate::list_query::ListQuery;

/// Text the reader typed over the list at URL `over` (its query string), not written yet.
#[derive(Debug, Clone, PartialEq)]
struct Typed {
    over: String,
    text: String,
}

/// A URL write the typing asks for: `query` in place of the list at `over`; `replace` rewrites
/// the history entry an earlier write of the same search added.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedWrite {
    /// The list URL (query string) the text was typed over.
    pub over: String,
    /// The list to show.
    pub query: ListQuery,
    /// Whether the write replaces the current history entry.
    pub replace: bool,
}

/// The list view's own state.
#[derive(Debug, Clone, PartialEq)]
pub struct ListState {
    typed: Option<Typed>,
    /// Whether the current search has written the URL once: the first write adds a history
    /// entry and the following ones rewrite it, so Back does not step through the letters.
    written: bool,
    /// Every version of near-duplicates listed, rather than one row per group.
    pub show_all: bool,
    /// Groups of near-duplicates the reader unfolded.
    pub expanded: Rc<HashSet<u32>>,
    /// Whether the filters are open (on narrow screens, where they fold away).
    pub filters_open: bool,
    /// Bumped when the reader asks for the first result (Enter in the search box).
    pub first_result_wanted: u32,
}

/// What happens to the list view.
#[derive(Debug, Clone, PartialEq)]
pub enum ListAction {
    /// The reader typed `text` in the search box over the list at URL `over`.
    Typed {
        /// The list URL the text was typed over.
        over: String,
        /// The search box's text.
        text: String,
    },
    /// The typed text was written to the URL.
    TypedWritten,
    /// The reader left the search box or submitted it: the next typing is a new search.
    TypingDone,
    /// The reader asked for another list (a filter, Escape, a link of the view): the text typed
    /// is dropped with the typing.
    Navigated,
    /// The list's URL is now `.0` (a write, Back, a link): text typed over another URL is spent.
    UrlIs(String),
    /// Unfolds or folds a group of near-duplicates.
    ToggleGroup(u32),
    /// Lists every version of near-duplicates, or one per group.
    ShowAll(bool),
    /// Opens or closes the filters.
    ToggleFilters,
    /// Enter in the search box: the first result takes the focus, and the typing ends.
    FirstResultWanted,
}

impl ListState {
    /// The initial state; `show_all` is the reader's remembered preference.
    pub fn new(show_all: bool) -> Self {
        Self {
            typed: None,
            written: false,
            show_all,
            expanded: Rc::default(),
            filters_open: false,
            first_result_wanted: 0,
        }
    }

    /// The text typed over the list at `url` and not in its URL yet. Text typed over another
    /// URL does not count: once the URL has moved on (the text written, or Back), coming back
    /// must not bring it back.
    pub fn typed_over(&self, url: &str) -> Option<&str> {
        self.typed
            .as_ref()
            .filter(|t| t.over == url)
            .map(|t| t.text.as_str())
    }

    /// The URL write the typing over `url` asks for, if any: `query` is the list shown (with the
    /// typed text in it).
    pub fn pending_write(&self, url: &str, query: &ListQuery) -> Option<TypedWrite> {
        self.typed_over(url).map(|_| TypedWrite {
            over: url.to_owned(),
            query: query.clone(),
            replace: self.written,
        })
    }
}

impl Reducible for ListState {
    type Action = ListAction;

    fn reduce(self: Rc<Self>, action: ListAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ListAction::Typed { over, text } => next.typed = Some(Typed { over, text }),
            ListAction::TypedWritten => next.written = true,
            ListAction::TypingDone => next.written = false,
            ListAction::Navigated => {
                next.typed = None;
                next.written = false;
            }
            ListAction::UrlIs(url) => {
                if next.typed.as_ref().is_some_and(|t| t.over != url) {
                    next.typed = None;
                }
            }
            ListAction::ToggleGroup(group) => {
                let mut expanded = (*next.expanded).clone();
                if !expanded.remove(&group) {
                    expanded.insert(group);
                }
                next.expanded = Rc::new(expanded);
            }
            ListAction::ShowAll(all) => next.show_all = all,
            ListAction::ToggleFilters => next.filters_open = !next.filters_open,
            ListAction::FirstResultWanted => {
                next.first_result_wanted = next.first_result_wanted.wrapping_add(1);
                next.written = false;
            }
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn apply(state: Rc<ListState>, actions: impl IntoIterator<Item = ListAction>) -> Rc<ListState> {
        actions.into_iter().fold(state, |s, a| s.reduce(a))
    }

    fn typed(over: &str, text: &str) -> ListAction {
        ListAction::Typed {
            over: over.into(),
            text: text.into(),
        }
    }

    #[test]
    fn typed_text_counts_only_over_the_url_it_was_typed_over() {
        let s = apply(
            Rc::new(ListState::new(false)),
            [typed("", "clo"), typed("", "cloud")],
        );
        assert_eq!(s.typed_over(""), Some("cloud"));
        assert_eq!(s.typed_over("q=cloud"), None);
        // Written: the URL moves on, and the text is spent for good.
        let s = apply(
            s,
            [
                ListAction::TypedWritten,
                ListAction::UrlIs("q=cloud".into()),
            ],
        );
        assert_eq!(s.typed_over(""), None);
        assert_eq!(s.typed_over("q=cloud"), None);
    }

    #[test]
    fn the_first_write_of_a_search_adds_history_and_the_next_ones_replace_it() {
        let query = ListQuery::parse("q=cl");
        let s = apply(Rc::new(ListState::new(false)), [typed("", "cl")]);
        assert!(!s.pending_write("", &query).unwrap().replace);
        let s = apply(
            s,
            [
                ListAction::TypedWritten,
                ListAction::UrlIs("q=cl".into()),
                typed("q=cl", "cloud"),
            ],
        );
        let write = s.pending_write("q=cl", &query).unwrap();
        assert!(write.replace);
        assert_eq!(write.over, "q=cl");
        // Leaving the box ends the search: the next typing adds an entry again.
        let s = apply(s, [ListAction::TypingDone]);
        assert!(!s.pending_write("q=cl", &query).unwrap().replace);
        // Another list asked for: the typed text goes with the typing.
        let s = apply(
            s,
            [
                typed("q=cl", "cloud"),
                ListAction::TypedWritten,
                ListAction::Navigated,
            ],
        );
        assert_eq!(s.pending_write("q=cl", &query), None);
        let s = apply(s, [typed("q=cl", "x")]);
        assert!(!s.pending_write("q=cl", &query).unwrap().replace);
        // Nothing typed, nothing to write.
        assert_eq!(ListState::new(false).pending_write("", &query), None);
    }

    #[test]
    fn groups_unfold_and_fold_and_unchanged_states_are_kept() {
        let start = Rc::new(ListState::new(false));
        let s = apply(
            start.clone(),
            [ListAction::ToggleGroup(3), ListAction::ToggleGroup(5)],
        );
        assert!(s.expanded.contains(&3) && s.expanded.contains(&5));
        let s = apply(s, [ListAction::ToggleGroup(3)]);
        assert!(!s.expanded.contains(&3));
        // An action that changes nothing keeps the same state, so nothing re-renders.
        let same = start.clone().reduce(ListAction::UrlIs("q=x".into()));
        assert!(Rc::ptr_eq(&same, &start));
        let same = start.clone().reduce(ListAction::ShowAll(false));
        assert!(Rc::ptr_eq(&same, &start));
        let s = apply(
            start,
            [ListAction::ShowAll(true), ListAction::ToggleFilters],
        );
        assert!(s.show_all && s.filters_open);
    }
}
