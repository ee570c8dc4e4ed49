//! The list view: search box, what the query was understood as, the timeline, filters and facets,
//! the result count and the results. Its whole state is the URL (see [`ListQuery`]): every change
//! is a navigation, so back and forward, reloading and sharing all give the same view.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::events::EventListener;
use kiosque_core::search::{FacetKind, SearchResults};
use kiosque_core::{ArticleDate, Locale};
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{EmptyState, Facets, ResultList, SharedResults, SharedRows, Timeline};
use crate::highlight::SharedHighlighter;
use crate::hooks::{PhrasesReady, VersionsReady};
use crate::i18n;
use crate::keys::{
    focus_search, has_command_modifier, is_typing_target, on_keydown, take_search_focus_request,
    SEARCH_INPUT_ID,
};
use crate::library::Library;
use crate::list_query::{parse_sort, sort_param, ListQuery};

/// Props of [`ListPage`].
#[derive(Properties, PartialEq)]
pub struct ListPageProps {
    /// The loaded bundle.
    pub library: Rc<Library>,
}

thread_local! {
    /// Scroll position of each list URL the reader has seen, restored on return from an article.
    static SCROLL: RefCell<HashMap<String, f64>> = RefCell::default();
}

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

/// Writes a query the reader typed into the URL. `typing` says whether this search has written
/// one already: the first write adds a history entry, the following ones rewrite it, so Back
/// does not step through the letters.
fn write_typed_url(navigator: &Navigator, typing: &RefCell<bool>, query: &ListQuery) {
    let replace = std::mem::replace(&mut *typing.borrow_mut(), true);
    go_to_list(navigator, query, replace);
}

/// How long after the last keystroke the URL takes the typed text.
const URL_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

/// `YYYY-MM` for an `<input type="month">`.
fn month_value(date: (u16, u8, u8)) -> String {
    format!("{:04}-{:02}", date.0, date.1)
}

fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a browser window")
}

/// Top of the element in document coordinates.
fn document_top(el: &web_sys::Element) -> f64 {
    el.get_bounding_client_rect().top() + window().scroll_y().unwrap_or(0.0)
}

/// The list view.
#[function_component]
pub fn ListPage(props: &ListPageProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let navigator = use_navigator().expect("inside the router");
    let query_str = use_location()
        .map(|l| l.query_str().trim_start_matches('?').to_owned())
        .unwrap_or_default();
    // What the reader typed and the URL does not carry yet (see `oninput`), with the URL it was
    // typed over: it counts only as long as that URL is the current one.
    let pending = use_state_eq(|| None::<(String, String)>);
    let pending_here = matches!(&*pending, Some((base, _)) if *base == query_str);
    {
        // Once the URL has moved on (the text written, or Back), the text is spent: coming back
        // to the URL it was typed over must not bring it back.
        let pending = pending.clone();
        use_effect_with(query_str.clone(), move |key| {
            if matches!(&*pending, Some((base, _)) if base != key) {
                pending.set(None);
            }
        });
    }
    let query = use_memo(
        (
            query_str.clone(),
            pending_here
                .then(|| pending.as_ref().map(|p| p.1.clone()))
                .flatten(),
        ),
        |(s, typed)| {
            let mut query = ListQuery::parse(s);
            if let Some(typed) = typed {
                query.q = typed.clone();
            }
            query
        },
    );
    let library = props.library.clone();
    // Searched again when the word positions arrive, for exact phrases.
    let phrases = use_context::<PhrasesReady>().unwrap_or(PhrasesReady(true));
    let results = {
        let library = library.clone();
        use_memo((query.clone(), phrases), move |(q, _)| {
            // Reading the query is part of the search, as it is in the other engines' calls.
            let results = crate::timing::measure_search(|| library.searcher.search(&q.request()));
            SharedResults(Rc::new(results))
        })
    };
    // Near-duplicates: one row per group unless the reader asked for every version; a group's
    // other versions unfold under it on request.
    let versions = use_context::<VersionsReady>().unwrap_or(VersionsReady(false));
    let show_all = use_state(crate::preferences::show_all_versions);
    let expanded = use_state(|| Rc::new(std::collections::HashSet::<u32>::new()));
    let rows = {
        let library = library.clone();
        use_memo(
            ((*results).clone(), versions, *show_all, (*expanded).clone()),
            move |(results, _, show_all, expanded)| match library.similar() {
                Some(groups) if !show_all && !groups.is_empty() => SharedRows(Rc::new(
                    groups.fold(results.0.hits.iter().map(|h| h.doc), |g| {
                        expanded.contains(&g)
                    }),
                )),
                _ => SharedRows::unfolded(&results.0),
            },
        )
    };
    let on_toggle_group = {
        let expanded = expanded.clone();
        Callback::from(move |group: u32| {
            let mut next = (**expanded).clone();
            if !next.remove(&group) {
                next.insert(group);
            }
            expanded.set(Rc::new(next));
        })
    };
    let on_show_all = {
        let show_all = show_all.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                crate::preferences::set_show_all_versions(input.checked());
                show_all.set(input.checked());
            }
        })
    };
    let has_groups = library.similar().is_some_and(|g| !g.is_empty());
    let highlighter = use_memo(query.q.clone(), |q| SharedHighlighter::for_text(q));
    let timeline = use_memo((*results).clone(), |r| Rc::new(r.0.timeline.clone()));
    let link_query = use_memo(query.clone(), |q| Rc::new(q.to_pairs()));
    let filters_open = use_state(|| false);
    let typing = use_mut_ref(|| false);
    let results_ref = use_node_ref();
    // An <option>'s `selected` attribute stops counting once the reader has used the menu, so the
    // menu's value is set after each render to follow the URL (back and forward).
    let sort_ref = use_node_ref();
    {
        let sort_ref = sort_ref.clone();
        use_effect_with(query.sort, move |sort| {
            if let Some(select) = sort_ref.cast::<web_sys::HtmlSelectElement>() {
                select.set_value(sort_param(*sort));
            }
        });
    }

    // Remember the scroll position per URL; restore it when coming back.
    let current_key = use_mut_ref(String::new);
    *current_key.borrow_mut() = query_str.clone();
    // Bumped by every URL write; a deferred write that is no longer the latest is dropped.
    let url_writes = use_mut_ref(|| 0u32);
    {
        let current_key = current_key.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&window(), "scroll", move |_| {
                let y = window().scroll_y().unwrap_or(0.0);
                crate::components::remember_scroll_y(y);
                SCROLL.with(|s| s.borrow_mut().insert(current_key.borrow().clone(), y));
            });
            move || drop(listener)
        });
    }
    {
        let results_ref = results_ref.clone();
        let first = use_mut_ref(|| true);
        use_effect_with((query_str.clone(), query.q.clone()), move |(key, _)| {
            // While the URL lags behind the typing, its remembered position is not this list's.
            let saved = (!pending_here)
                .then(|| SCROLL.with(|s| s.borrow().get(key).copied()))
                .flatten();
            let is_first = std::mem::replace(&mut *first.borrow_mut(), false);
            match saved {
                Some(y) => window().scroll_to_with_x_and_y(0.0, y),
                None if is_first => {}
                // At the top of the page there is nothing to do, and nothing to measure (a
                // forced layout at every keystroke).
                None if crate::components::last_scroll_y() <= 0.0 => {}
                None => {
                    // New results: if the reader had scrolled into the old ones, show the top.
                    if let Some(el) = results_ref.cast::<web_sys::Element>() {
                        let top = document_top(&el) - 16.0;
                        if window().scroll_y().unwrap_or(0.0) > top {
                            window().scroll_to_with_x_and_y(0.0, top.max(0.0));
                        }
                    }
                }
            }
        });
    }

    // `/` focuses the search box (see App; from an article, on arrival here); Esc returns to it
    // from the results.
    {
        use_effect_with((), move |_| {
            if take_search_focus_request() {
                focus_search();
            }
            let listener = on_keydown(move |event| {
                if event.key() == "Escape"
                    && !is_typing_target(event)
                    && !has_command_modifier(event)
                {
                    let in_dialog = event
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|e| e.closest("dialog").ok().flatten())
                        .is_some();
                    if !in_dialog && focus_search() {
                        event.prevent_default();
                    }
                }
            });
            move || drop(listener)
        });
    }

    let navigate = {
        let navigator = navigator.clone();
        let typing = typing.clone();
        let url_writes = url_writes.clone();
        Callback::from(move |next: ListQuery| {
            *url_writes.borrow_mut() += 1;
            *typing.borrow_mut() = false;
            go_to_list(&navigator, &next, false);
        })
    };
    // Writes the typed text into the URL now, if it is not there yet.
    let write_typed = {
        let navigator = navigator.clone();
        let query = query.clone();
        let typing = typing.clone();
        let url_writes = url_writes.clone();
        move || {
            if pending_here {
                *url_writes.borrow_mut() += 1;
                write_typed_url(&navigator, &typing, &query);
            }
        }
    };
    // The results follow every keystroke at once; the URL follows a moment after the typing
    // stops (or when the box loses focus, before a click on a result navigates). Writing history
    // at every letter costs more than the search itself, and browsers throttle it: Safari
    // refuses more than a hundred rewrites in a short while.
    let oninput = {
        let navigator = navigator.clone();
        let query = query.clone();
        let pending = pending.clone();
        let typing = typing.clone();
        let url_writes = url_writes.clone();
        let current_key = current_key.clone();
        Callback::from(move |e: InputEvent| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let base = current_key.borrow().clone();
            let next = ListQuery {
                q: input.value(),
                ..(*query).clone()
            };
            pending.set(Some((base.clone(), next.q.clone())));
            let write = {
                let mut writes = url_writes.borrow_mut();
                *writes += 1;
                *writes
            };
            let (navigator, typing, url_writes, current_key) = (
                navigator.clone(),
                typing.clone(),
                url_writes.clone(),
                current_key.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                yew::platform::time::sleep(URL_DELAY).await;
                if *url_writes.borrow() == write && *current_key.borrow() == base {
                    write_typed_url(&navigator, &typing, &next);
                }
            });
        })
    };
    let onblur = {
        let typing = typing.clone();
        Callback::from(move |_: FocusEvent| {
            write_typed();
            *typing.borrow_mut() = false;
        })
    };
    let onkeydown = {
        let query = query.clone();
        let navigate = navigate.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                if query.q.is_empty() {
                    if let Some(input) = e.target_dyn_into::<web_sys::HtmlElement>() {
                        let _ = input.blur();
                    }
                } else {
                    navigate.emit(ListQuery {
                        q: String::new(),
                        ..(*query).clone()
                    });
                }
            }
        })
    };
    // Enter in the search box goes to the first result (Enter again opens it).
    let onsubmit = {
        let typing = typing.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            *typing.borrow_mut() = false;
            let first = window()
                .document()
                .and_then(|d| d.query_selector("ol.results li.result a").ok().flatten())
                .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(first) = first {
                let _ = first.focus();
            }
        })
    };

    let on_sort = {
        let query = query.clone();
        let navigate = navigate.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                navigate.emit(ListQuery {
                    sort: parse_sort(&select.value()).unwrap_or_default(),
                    ..(*query).clone()
                });
            }
        })
    };
    let on_month = |is_from: bool| {
        let query = query.clone();
        let navigate = navigate.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let date = ArticleDate::parse(&input.value()).ok();
            let next = if is_from {
                query.with_dates(date, query.to)
            } else {
                query.with_dates(query.from, date)
            };
            navigate.emit(ListQuery {
                undated: query.undated,
                ..next
            });
        })
    };
    let on_undated = {
        let query = query.clone();
        let navigate = navigate.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                navigate.emit(ListQuery {
                    undated: Some(input.checked()),
                    ..(*query).clone()
                });
            }
        })
    };
    let on_range = {
        let query = query.clone();
        let navigate = navigate.clone();
        Callback::from(
            move |(from, to): (Option<ArticleDate>, Option<ArticleDate>)| {
                navigate.emit(query.with_dates(from, to));
            },
        )
    };
    let reset_dates = {
        let query = query.clone();
        let navigate = navigate.clone();
        Callback::from(move |_: MouseEvent| navigate.emit(query.with_dates(None, None)))
    };
    let clear_all = {
        let navigate = navigate.clone();
        let sort = query.sort;
        Callback::from(move |_: MouseEvent| {
            navigate.emit(ListQuery {
                sort,
                ..ListQuery::default()
            })
        })
    };
    let on_toggle = {
        let query = query.clone();
        let navigate = navigate.clone();
        Callback::from(move |(kind, value): (FacetKind, String)| {
            navigate.emit(query.toggled(kind, &value))
        })
    };
    let toggle_filters = {
        let filters_open = filters_open.clone();
        Callback::from(move |_: MouseEvent| filters_open.set(!*filters_open))
    };

    let manifest = &library.manifest;
    let span = manifest
        .first_date
        .as_deref()
        .and_then(|f| ArticleDate::parse(f).ok())
        .zip(
            manifest
                .last_date
                .as_deref()
                .and_then(|l| ArticleDate::parse(l).ok()),
        )
        .map(|(first, last)| (first.span().0, last.span().1));
    let hits = results.0.hits.len();
    let described = query.request().query.describe(locale);
    let active_filters = usize::from(query.has_dates()) + query.facets.len();
    let undated_total = results.0.undated;

    html! {
        <div class="list-page">
            <form class="search" role="search" {onsubmit}>
                <label for={SEARCH_INPUT_ID} class="search-label">{ t.search_label }</label>
                <input type="search" id={SEARCH_INPUT_ID} name="q" value={query.q.clone()}
                    placeholder={t.search_placeholder} autocomplete="off" spellcheck="false"
                    aria-describedby="interpreted" {oninput} {onkeydown} {onblur} />
                <kbd class="search-key" aria-hidden="true">{ "/" }</kbd>
            </form>
            <p id="interpreted" class="interpreted">
                if !described.is_empty() {
                    <span class="interpreted-label">{ t.interpreted_as }</span>{ " " }
                    <span class="interpreted-query">{ described.clone() }</span>
                }
            </p>
            if let Some((first, last)) = span {
                <Timeline buckets={(*timeline).clone()} first={(first.0, first.1)} last={(last.0, last.1)}
                    from={query.from} to={query.to} on_select={on_range} />
            }
            <div class="list-layout">
                <aside class={classes!("filters", filters_open.then_some("open"))} aria-labelledby="filters-heading">
                    <h2 id="filters-heading" class="filters-heading">
                        <button type="button" class="filters-toggle" aria-expanded={filters_open.to_string()}
                            aria-controls="filters-body" onclick={toggle_filters}>
                            { i18n::filters_button(locale, active_filters) }
                        </button>
                        <span class="filters-title">{ t.filters_label }</span>
                    </h2>
                    <div id="filters-body" class="filters-body">
                        <div class="field">
                            <label for="sort">{ t.sort_label }</label>
                            <select id="sort" ref={sort_ref} onchange={on_sort}>
                                { for [(kiosque_core::search::Sort::Relevance, t.sort_relevance), (kiosque_core::search::Sort::Newest, t.sort_newest), (kiosque_core::search::Sort::Oldest, t.sort_oldest)]
                                    .into_iter()
                                    .map(|(sort, label)| html! {
                                        <option value={sort_param(sort)} selected={query.sort == sort}>{ label }</option>
                                    }) }
                            </select>
                        </div>
                        <fieldset class="dates">
                            <legend>{ t.dates_label }</legend>
                            <div class="field">
                                <label for="from">{ t.from_label }</label>
                                <input type="month" id="from" value={query.from.map(|d| month_value(d.span().0)).unwrap_or_default()}
                                    min={span.map(|s| month_value(s.0))} max={span.map(|s| month_value(s.1))}
                                    onchange={on_month(true)} />
                            </div>
                            <div class="field">
                                <label for="to">{ t.to_label }</label>
                                <input type="month" id="to" value={query.to.map(|d| month_value(d.span().1)).unwrap_or_default()}
                                    min={span.map(|s| month_value(s.0))} max={span.map(|s| month_value(s.1))}
                                    onchange={on_month(false)} />
                            </div>
                            if manifest.undated > 0 {
                                <div class="check">
                                    <input type="checkbox" id="undated" checked={query.shows_undated()} onchange={on_undated} />
                                    <label for="undated">{ format!("{} ({})", t.include_undated, i18n::group_digits(locale, undated_total as usize)) }</label>
                                </div>
                            }
                            if query.has_dates() || query.undated.is_some() {
                                <button type="button" class="secondary" onclick={reset_dates}>{ t.reset_dates }</button>
                            }
                        </fieldset>
                        <Facets results={(*results).clone()} selected={query.facets.clone()} {on_toggle} />
                        if has_groups {
                            <div class="check show-versions">
                                <input type="checkbox" id="all-versions" checked={*show_all} onchange={on_show_all} />
                                <label for="all-versions">{ t.show_all_versions }</label>
                            </div>
                        }
                        if query.is_filtered() {
                            <button type="button" class="secondary" onclick={clear_all.clone()}>{ t.clear_all }</button>
                        }
                    </div>
                </aside>
                <section class="results-section" aria-labelledby="results-heading" data-query={query.q.clone()}>
                    <h2 id="results-heading" class="visually-hidden">{ t.results_label }</h2>
                    <p class="count" role="status">{ i18n::article_count(locale, hits) }</p>
                    <div ref={results_ref}>
                        if hits == 0 {
                            <EmptyState library={library.clone()} query={(*query).clone()} results={(*results).clone()}
                                described={described} on_navigate={navigate.clone()} />
                        } else {
                            <ResultList library={library.clone()} rows={(*rows).clone()}
                                expanded={(*expanded).clone()} {on_toggle_group}
                                highlighter={(*highlighter).clone()} link_query={(*link_query).clone()}
                                label={t.results_label} />
                        }
                    </div>
                </section>
            </div>
        </div>
    }
}

/// Matching articles ignoring the date range (the timeline and undated counts ignore it).
pub fn count_at_all_dates(results: &SearchResults) -> usize {
    results
        .timeline
        .iter()
        .map(|b| b.count as usize)
        .sum::<usize>()
        + results.undated as usize
}
