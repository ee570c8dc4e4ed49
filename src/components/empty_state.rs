//! What the list says when nothing matches: why, and one-click ways to widen the search, each
//! with the number of articles it would give.

use std::rc::Rc;

use kiosque_core::Locale;
use yew::prelude::*;

use crate::i18n;
use crate::library::Library;
use crate::list_query::{terms, without_term, ListQuery};
use crate::state::SharedResults;

/// Words offered for dropping, at most.
const MAX_TERMS: usize = 6;

/// Props of [`EmptyState`].
#[derive(Properties, PartialEq)]
pub struct EmptyStateProps {
    /// The loaded bundle (to count what each widening would give).
    pub library: Rc<Library>,
    /// The current view.
    pub query: ListQuery,
    /// Its (empty) results, with the timeline that ignores the date range.
    pub results: SharedResults,
    /// The query as understood, in words.
    pub described: AttrValue,
    /// Asked to show another view.
    pub on_navigate: Callback<ListQuery>,
}

/// The empty state.
#[component]
pub fn EmptyState(props: &EmptyStateProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let query = &props.query;
    let library = &props.library;
    // A wider search needs no piece the current one lacks (format 3); were it not final, it
    // is not offered rather than offered with a wrong count.
    let count = |q: &ListQuery| {
        let found = library.search(&q.request());
        if found.pending == crate::library::Pending::Exact {
            found.results.hits.len()
        } else {
            0
        }
    };

    let period = i18n::period(
        locale,
        query.from.map(|d| d.display(locale)).as_deref(),
        query.to.map(|d| d.display(locale)).as_deref(),
    );
    let why = i18n::nothing_for(locale, &props.described, period.as_deref());

    let mut options: Vec<(String, ListQuery)> = Vec::new();
    if query.has_dates() || !query.shows_undated() {
        let wider = query.with_dates(None, None);
        let n = crate::state::count_at_all_dates(&props.results.0);
        if n > 0 {
            options.push((i18n::with_count(locale, t.search_all_dates, n), wider));
        }
    }
    if !query.facets.is_empty() {
        let wider = ListQuery {
            facets: Vec::new(),
            ..query.clone()
        };
        let n = count(&wider);
        if n > 0 {
            options.push((i18n::with_count(locale, t.clear_facets, n), wider));
        }
    }
    let words = terms(&query.q);
    if words.len() > 1 {
        for (i, word) in words.iter().enumerate().take(MAX_TERMS) {
            let wider = ListQuery {
                q: without_term(&query.q, i),
                ..query.clone()
            };
            let n = count(&wider);
            if n > 0 {
                options.push((
                    i18n::with_count(locale, &i18n::without_word(locale, word), n),
                    wider,
                ));
            }
        }
    }
    let nothing_anywhere = options.is_empty() && !query.q.trim().is_empty();
    if nothing_anywhere {
        options.push((
            t.clear_search.to_owned(),
            ListQuery {
                q: String::new(),
                ..query.clone()
            },
        ));
    }

    html! {
        <div class="empty-state">
            <h3>{ t.no_results }</h3>
            <p>{ why }</p>
            if nothing_anywhere {
                <p>{ t.no_word_match }</p>
            }
            if !options.is_empty() {
                <p class="widen-label">{ t.widen }</p>
                <ul class="widen">
                    { for options.into_iter().map(|(label, next)| {
                        let on_navigate = props.on_navigate.clone();
                        let onclick = Callback::from(move |_: MouseEvent| on_navigate.emit(next.clone()));
                        html! { <li><button type="button" class="secondary" {onclick}>{ label }</button></li> }
                    }) }
                </ul>
            }
        </div>
    }
}
