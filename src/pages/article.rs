//! One article, with its body fetched on first view. Its URL carries the list it was opened from
//! (`#/article/<id>?q=…&from=…`): the query's matches are marked in the body with a counter and
//! previous/next buttons (`n`/`N`), and the previous and next articles of that list are linked.

use std::rc::Rc;

use kiosque_core::Locale;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{
    ArticleBody, ArticleNotes, ArticleTools, DateLabel, LoadErrorView, Related,
};
use crate::highlight::{marked, SharedHighlighter};
use crate::hooks::{
    go_to_list, use_article_body, use_position, use_view_memory, Arrivals, Body, Located,
    VersionsReady,
};
use crate::i18n;
use crate::keys::{has_command_modifier, in_dialog, is_typing_target, on_keydown};
use crate::library::{Library, Pending};
use crate::list_query::ListQuery;
use crate::pages::NotFound;
use crate::state::{neighbours, SharedRows};

/// Props of [`ArticlePage`].
#[derive(Properties, PartialEq)]
pub struct ArticlePageProps {
    /// The loaded bundle.
    pub library: Rc<Library>,
    /// The article id from the URL.
    pub id: AttrValue,
}

/// The marks of the query's matches in the body of the article element `article` holds, in
/// document order (not those of the title).
fn marks(article: &NodeRef) -> Vec<web_sys::Element> {
    let Some(list) = article
        .cast::<web_sys::Element>()
        .and_then(|a| a.query_selector_all(".article-body mark.match").ok())
    else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

/// Makes match `index` the current one and scrolls it to the middle of the screen.
fn show_match(article: &NodeRef, index: usize) {
    for (i, mark) in marks(article).iter().enumerate() {
        if i == index {
            let _ = mark.class_list().add_1("current");
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Center);
            mark.scroll_into_view_with_scroll_into_view_options(&options);
        } else {
            let _ = mark.class_list().remove_1("current");
        }
    }
}

/// Title, date, byline, tags, reading time and the rendered body, with matches marked.
#[component]
pub fn ArticlePage(props: &ArticlePageProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let navigator = use_navigator().expect("inside the router");
    let query_str = use_location()
        .map(|l| l.query_str().trim_start_matches('?').to_owned())
        .unwrap_or_default();
    let list_query = use_memo(query_str, |s| ListQuery::parse(s));
    let highlighter = use_memo(list_query.q.clone(), |q| SharedHighlighter::for_text(q));
    // Format 3: rendered again as pieces arrive (the neighbours' titles, the related articles).
    let _arrivals = use_context::<Arrivals>();
    let located = use_position(props.library.clone(), props.id.clone());
    let position = match &located {
        Located::At(position) => Some(*position),
        _ => None,
    };
    let shown_body = use_article_body(props.library.clone(), position);
    crate::workbench::use_mark_opened(position);
    let reader_filter = crate::workbench::use_list_filter(&list_query);
    let workbench = crate::workbench::use_workbench();
    // Matches in the body (known once it is marked) and the current one. Kept in a cell the
    // keyboard listener reads, with a re-render after each change.
    let matches = use_mut_ref(|| (None::<usize>, 0usize));
    let force_update = use_force_update();
    {
        let matches = matches.clone();
        use_effect_with(position, move |_| {
            // A new article starts at its top, with its matches not counted yet.
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
            *matches.borrow_mut() = (None, 0);
        });
    }
    let article_ref = use_node_ref();
    let on_marked = {
        let article_ref = article_ref.clone();
        let matches = matches.clone();
        let force_update = force_update.clone();
        Callback::from(move |n: usize| {
            *matches.borrow_mut() = (Some(n), 0);
            if n > 0 {
                // Mark the first match without scrolling: the reader starts at the title.
                if let Some(first) = marks(&article_ref).first() {
                    let _ = first.class_list().add_1("current");
                }
            }
            force_update.force_update();
        })
    };
    let step = {
        let article_ref = article_ref.clone();
        let matches = matches.clone();
        let force_update = force_update.clone();
        Rc::new(move |delta: isize| {
            let (count, current) = *matches.borrow();
            let n = count.unwrap_or(0);
            if n == 0 {
                return;
            }
            let next = (current as isize + delta).rem_euclid(n as isize) as usize;
            matches.borrow_mut().1 = next;
            show_match(&article_ref, next);
            force_update.force_update();
        })
    };

    // The previous and next articles of the list this one was opened from, as the list shows
    // them: near-duplicates folded (once they have arrived) unless the reader lists them all.
    let versions = use_context::<VersionsReady>().unwrap_or(VersionsReady(false));
    let neighbours = {
        let library = props.library.clone();
        use_memo(
            (
                list_query.clone(),
                position,
                versions,
                reader_filter,
                props.library.generation(),
            ),
            move |(q, position, _, reader_filter, _)| {
                let position = u32::try_from((*position)?).ok()?;
                // Format 3: the list's search may need pieces; no neighbours until it is final.
                let found = crate::workbench::search(&library, q, reader_filter);
                if found.pending != Pending::Exact {
                    return None;
                }
                let results = found.results;
                let similar = library.similar();
                let show_all = crate::preferences::show_all_versions();
                let rows = SharedRows::of(&results, similar, show_all, &Default::default());
                let (before, after) = neighbours(&rows.0, position, |doc| {
                    similar.and_then(|s| s.group_id(doc))
                })?;
                Some((before.map(|d| d as usize), after.map(|d| d as usize)))
            },
        )
    };

    // n / N: next and previous match; Esc: back to the list.
    let current_list = use_mut_ref(ListQuery::default);
    *current_list.borrow_mut() = (*list_query).clone();
    let memory = use_view_memory();
    {
        let step = step.clone();
        let navigator = navigator.clone();
        use_effect_with((), move |_| {
            let listener = on_keydown(move |event| {
                if has_command_modifier(event) || is_typing_target(event) {
                    return;
                }
                match event.key().as_str() {
                    "/" => {
                        // No search box here: go to the list's, with the same query.
                        memory.request_search_focus();
                        go_to_list(&navigator, &current_list.borrow(), false);
                    }
                    "n" => step(1),
                    "N" => step(-1),
                    "Escape" => {
                        if in_dialog(event) {
                            return;
                        }
                        go_to_list(&navigator, &current_list.borrow(), false);
                    }
                    _ => return,
                }
                event.prevent_default();
            });
            move || drop(listener)
        });
    }

    let position = match located {
        Located::At(position) => position,
        Located::Absent => return html! { <NotFound /> },
        Located::Looking => {
            return html! { <p class="loading-article" role="status">{ t.loading_article }</p> }
        }
        Located::Failed(error) => return html! { <LoadErrorView {error} /> },
    };
    // Format 3: `find` has fetched the article's row with its id.
    let Some(meta) = props.library.with_meta(position, Clone::clone) else {
        return html! { <p class="loading-article" role="status">{ t.loading_article }</p> };
    };
    let meta = &meta;
    // Format 3: the neighbours' rows, for their titles.
    if let (true, Some((before, after))) = (props.library.rows_on_demand(), *neighbours) {
        let wanted: Vec<usize> = before.into_iter().chain(after).collect();
        let update = force_update.clone();
        props
            .library
            .prefetch(&wanted, move || update.force_update());
    }
    let byline = i18n::byline(locale, meta.source.as_deref(), &meta.authors);
    let pairs = list_query.to_pairs();
    let list_link_query = (!pairs.is_empty()).then(|| pairs.clone());
    let back_label = if list_query.is_filtered() {
        t.back_to_results
    } else {
        t.back_to_list
    };
    let title_marks = highlighter.0.highlight(&meta.title);
    let has_query = !highlighter.0.is_empty();
    let article_link = |doc: usize, label: &'static str, rel: &'static str| {
        props.library.with_meta(doc, |entry| {
            html! {
                <Link<Route, Vec<(String, String)>> to={Route::Article { id: entry.id.clone() }}
                    query={list_link_query.clone()} classes={classes!("neighbour", rel)}>
                    <span class="neighbour-label">{ label }</span>
                    <span class="neighbour-title">{ &entry.title }</span>
                </Link<Route, Vec<(String, String)>>>
            }
        })
    };
    let (match_count, current) = *matches.borrow();
    // The reader's passages in this article, marked in its body.
    let passages: Rc<Vec<_>> = Rc::new(
        workbench
            .as_ref()
            .map(|w| w.data().notes_on(&meta.id).cloned().collect())
            .unwrap_or_default(),
    );
    let prev_match = {
        let step = step.clone();
        Callback::from(move |_: MouseEvent| step(-1))
    };
    let next_match = {
        let step = step.clone();
        Callback::from(move |_: MouseEvent| step(1))
    };

    html! {
        <article class="article" lang={meta.lang.clone()} ref={article_ref}>
            <nav class="article-nav" aria-label={t.back_to_list}>
                <Link<Route, Vec<(String, String)>> to={Route::List} query={list_link_query.clone()}>{ back_label }</Link<Route, Vec<(String, String)>>>
            </nav>
            <header class="article-header">
                <h1>{ marked(&meta.title, &title_marks) }</h1>
                <p class="article-meta">
                    <DateLabel date={meta.date} />
                    if !byline.is_empty() { <span class="byline">{ byline }</span> }
                    <span class="reading-time">{ i18n::reading_time(locale, meta.reading_minutes) }</span>
                </p>
                if !meta.tags.is_empty() {
                    <ul class="tags" aria-label={t.tags_label}>
                        { for meta.tags.iter().map(|tag| html! { <li>{ tag }</li> }) }
                    </ul>
                }
                <ArticleTools {position} />
            </header>
            if has_query {
                <div class="match-nav" role="group" aria-label={t.matches_label}>
                    <span class="match-count" role="status">
                        { match match_count {
                            None => String::new(),
                            Some(0) => t.no_match_in_body.to_owned(),
                            Some(n) => format!("{} · {}", i18n::match_count(locale, n), i18n::match_position(locale, current + 1, n)),
                        } }
                    </span>
                    <button type="button" class="secondary" onclick={prev_match}
                        disabled={match_count.unwrap_or(0) == 0} aria-keyshortcuts="Shift+N">{ format!("↑ {}", t.previous_match) }</button>
                    <button type="button" class="secondary" onclick={next_match}
                        disabled={match_count.unwrap_or(0) == 0} aria-keyshortcuts="N">{ format!("↓ {}", t.next_match) }</button>
                </div>
            }
            { match &shown_body {
                Body::Loading => html! { <p class="loading-article" role="status">{ t.loading_article }</p> },
                Body::Ready(body) => html! {
                    <ArticleBody key={list_query.q.clone()} body={body.clone()} library={Some(props.library.clone())}
                        highlighter={has_query.then(|| (*highlighter).clone())} {on_marked} {passages} />
                },
                Body::Failed(error) => html! { <LoadErrorView error={error.clone()} /> },
            } }
            <ArticleNotes {position} />
            <Related library={props.library.clone()} {position} body={match &shown_body { Body::Ready(m) => Some(m.clone()), _ => None }} query={(*list_query).clone()} />
            if let Some((before, after)) = *neighbours {
                <nav class="neighbours" aria-label={t.around_article}>
                    if let Some(doc) = before { { article_link(doc, t.previous_article, "previous") } }
                    if let Some(doc) = after { { article_link(doc, t.next_article, "next") } }
                </nav>
            }
        </article>
    }
}
