//! The list view: search box, what the query was understood as, the timeline, filters and facets,
//! the result count and the results. Its state is the URL (see [`ListQuery`](crate::list_query)),
//! with what the reader is typing over it ([`use_typed_query`]) and how the view is arranged
//! ([`ListState`]): back and forward, reloading and sharing all give the same view.

use std::rc::Rc;

use kiosque_core::{ArticleDate, Locale};
use yew::prelude::*;

use crate::components::{EmptyState, FilterPanel, ListTools, ResultList, SearchBox, Timeline};
use crate::highlight::SharedHighlighter;
use crate::hooks::{
    use_scroll_memory, use_typed_query, use_view_memory, Arrivals, PhrasesReady, VersionsReady,
};
use crate::i18n;
use crate::keys::{focus_search, has_command_modifier, in_dialog, is_typing_target, on_keydown};
use crate::library::{Library, Pending};
use crate::state::{ListAction, ListState, SharedResults, SharedRows};

/// Props of [`ListPage`].
#[derive(Properties, PartialEq)]
pub struct ListPageProps {
    /// The loaded bundle.
    pub library: Rc<Library>,
}

/// The list view.
#[component]
pub fn ListPage(props: &ListPageProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let state = use_reducer(|| ListState::new(crate::preferences::show_all_versions()));
    let typed = use_typed_query(&state);
    let query = typed.query.clone();
    let library = props.library.clone();
    // Searched again when the word positions arrive, for exact phrases.
    let phrases = use_context::<PhrasesReady>().unwrap_or(PhrasesReady(true));
    // The reader's own filters (a collection, unread only), rebuilt when their data changes.
    let reader_filter = crate::workbench::use_list_filter(&query);
    // Format 3: rendered again as pieces arrive; searched again when they change results.
    let _arrivals = use_context::<Arrivals>();
    let found = {
        let library = library.clone();
        use_memo(
            (query.clone(), phrases, reader_filter, library.generation()),
            move |(q, _, reader_filter, _)| {
                // Reading the query is part of the search, as it is in the other engines' calls.
                let found = crate::timing::measure_search(|| {
                    crate::workbench::search(&library, q, reader_filter)
                });
                (SharedResults(Rc::new(found.results)), found.pending)
            },
        )
    };
    let results = Rc::new(found.0.clone());
    let pending = found.1;
    // Near-duplicates fold into one row per group once they have arrived.
    let versions = use_context::<VersionsReady>().unwrap_or(VersionsReady(false));
    let rows = {
        let library = library.clone();
        let arranged = (state.show_all, state.expanded.clone());
        use_memo(
            ((*results).clone(), versions, arranged),
            move |(results, _, (all, open))| {
                SharedRows::of(&results.0, library.similar(), *all, open)
            },
        )
    };
    let highlighter = use_memo(query.q.clone(), |q| SharedHighlighter::for_text(q));
    let timeline = use_memo((*results).clone(), |r| Rc::new(r.0.timeline.clone()));
    let link_query = use_memo(query.clone(), |q| Rc::new(q.to_pairs()));
    let results_ref = use_node_ref();
    use_scroll_memory(&typed.url, &query.q, typed.typing, results_ref.clone());

    // `/` focuses the search box (from an article, on arrival here); Esc returns to it from the
    // results.
    let search = use_node_ref();
    let memory = use_view_memory();
    {
        let search = search.clone();
        use_effect_with((), move |_| {
            if memory.take_search_focus_request() {
                focus_search(&search);
            }
            let listener = on_keydown(move |event| {
                if has_command_modifier(event) || is_typing_target(event) {
                    return;
                }
                let wanted = match event.key().as_str() {
                    "/" => true,
                    "Escape" => !in_dialog(event),
                    _ => false,
                };
                if wanted && focus_search(&search) {
                    event.prevent_default();
                }
            });
            move || drop(listener)
        });
    }

    let navigate = typed.navigate.clone();
    let on_clear = {
        let query = query.clone();
        navigate.reform(move |()| crate::list_query::ListQuery {
            q: String::new(),
            ..(*query).clone()
        })
    };
    let on_submit = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(ListAction::FirstResultWanted))
    };
    let on_range = {
        let query = query.clone();
        navigate.reform(
            move |(from, to): (Option<ArticleDate>, Option<ArticleDate>)| {
                query.with_dates(from, to)
            },
        )
    };
    let on_show_all = {
        let state = state.clone();
        Callback::from(move |all: bool| {
            crate::preferences::set_show_all_versions(all);
            state.dispatch(ListAction::ShowAll(all));
        })
    };
    // The same callback at every render, so that the rows are not rendered again when only the
    // filters change (a panel opened, every version shown).
    let on_toggle_group = {
        let state = state.dispatcher();
        use_callback((), move |group, _| {
            state.dispatch(ListAction::ToggleGroup(group))
        })
    };
    let on_toggle_open = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(ListAction::ToggleFilters))
    };

    let day = |d: &Option<String>| d.as_deref().and_then(|d| ArticleDate::parse(d).ok());
    let span = day(&library.first_date)
        .zip(day(&library.last_date))
        .map(|(first, last)| (first.span().0, last.span().1));
    let hits = results.0.hits.len();
    // Until the results are final no count is shown, only what is awaited (format 3).
    let counting = pending != Pending::Exact;
    // Format 3's facet values come after the first rows: their counts wait for them.
    let facets_counting = counting || library.facets_counting();
    let count = match pending {
        Pending::Exact => i18n::article_count(locale, hits),
        Pending::Searching => t.searching.to_owned(),
        Pending::Phrases => t.checking_phrase.to_owned(),
        Pending::Spellings => t.rarer_spellings.to_owned(),
    };
    let described = query.request().query.describe(locale);
    html! {
        <div class="list-page">
            <SearchBox value={query.q.clone()} input={search} on_input={typed.on_input.clone()}
                on_leave={typed.write_now.clone()} {on_clear} {on_submit} />
            <p id="interpreted" class="interpreted">
                if !described.is_empty() {
                    <span class="interpreted-label">{ t.interpreted_as }</span>{ " " }
                    <span class="interpreted-query">{ described.clone() }</span>
                }
            </p>
            if counting && span.is_some() {
                <div class="timeline counting" role="status" aria-busy="true">{ t.counting }</div>
            } else if let Some((first, last)) = span {
                <Timeline buckets={(*timeline).clone()} first={(first.0, first.1)} last={(last.0, last.1)}
                    from={query.from} to={query.to} on_select={on_range} />
            }
            <div class="list-layout">
                <FilterPanel query={(*query).clone()} results={(*results).clone()} {span}
                    undated={library.undated} counting={facets_counting} has_groups={library.similar().is_some_and(|g| !g.is_empty())}
                    show_all={state.show_all} open={state.filters_open} on_navigate={navigate.clone()}
                    {on_show_all} {on_toggle_open} />
                <section class="results-section" aria-labelledby="results-heading" data-query={query.q.clone()}
                    data-complete={(!facets_counting).to_string()}>
                    <h2 id="results-heading" class="visually-hidden">{ t.results_label }</h2>
                    <ListTools query={(*query).clone()} results={(*results).clone()} on_navigate={navigate.clone()} />
                    <p class="count" role="status" aria-busy={counting.to_string()}>{ count }</p>
                    <div ref={results_ref}>
                        if pending == Pending::Searching {
                        } else if hits == 0 {
                            <EmptyState library={library.clone()} query={(*query).clone()} results={(*results).clone()}
                                {described} on_navigate={navigate} />
                        } else {
                            <ResultList library={library.clone()} rows={(*rows).clone()}
                                expanded={state.expanded.clone()} {on_toggle_group}
                                highlighter={(*highlighter).clone()} link_query={(*link_query).clone()}
                                label={t.results_label} focus_first={state.first_result_wanted} />
                        }
                    </div>
                </section>
            </div>
        </div>
    }
}
