//! The pages of a format-3 bundle: the list, searched as pieces arrive, and an article opened
//! from its URL. Every render asks the bundle what the current view needs, starts fetching what
//! is missing, and renders again when a piece arrives; nothing shows an approximate count
//! without saying so.

use std::rc::Rc;

use kiosque_core::bundle::v3::{Lookup, PieceId, Row};
use kiosque_core::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

use super::PartialLibrary;
use crate::app::Route;
use crate::components::{ArticleBody, DateLabel};
use crate::highlight::{marked, SharedHighlighter};
use crate::i18n;
use crate::i18n::byline;
use crate::list_query::ListQuery;
use crate::pages::NotFound;

/// Results shown at first, and added by "More results": only their row groups are fetched.
const PAGE: usize = 20;

/// Words in a snippet.
const SNIPPET_WORDS: usize = 30;

/// The page for `route` on a format-3 bundle.
pub fn switch(route: Route, library: Rc<PartialLibrary>) -> Html {
    match route {
        Route::List => html! { <PartialList {library} /> },
        Route::Article { id } => html! { <PartialArticle {library} {id} /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// Props of the format-3 pages.
#[derive(Properties, PartialEq)]
pub struct ListProps {
    /// The bundle.
    pub library: Rc<PartialLibrary>,
}

/// The words of this view that differ between French and English and are not in `i18n` (kept
/// here while format 3 is read by these pages only).
struct Words {
    searching: &'static str,
    checking_phrase: &'static str,
    rarer_spellings: &'static str,
    more: &'static str,
    retry: &'static str,
    loading_row: &'static str,
}

fn words(locale: Locale) -> Words {
    match locale {
        Locale::Fr => Words {
            searching: "Recherche…",
            checking_phrase: "vérification de l’expression exacte…",
            rarer_spellings: "chargement des orthographes plus rares…",
            more: "Plus de résultats",
            retry: "Réessayer",
            loading_row: "Chargement…",
        },
        Locale::En => Words {
            searching: "Searching…",
            checking_phrase: "checking the exact phrase…",
            rarer_spellings: "still loading rarer spellings…",
            more: "More results",
            retry: "Retry",
            loading_row: "Loading…",
        },
    }
}

fn count(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Locale::Fr, 0 | 1) => format!("{n} article"),
        (Locale::Fr, _) => format!("{n} articles"),
        (Locale::En, 1) => "1 article".to_owned(),
        (Locale::En, _) => format!("{n} articles"),
    }
}

/// A callback that renders the component again (after a piece arrived).
#[hook]
fn use_rerender() -> Callback<()> {
    let update = use_force_update();
    use_callback((), move |(), _| update.force_update())
}

/// The list: a search box, the status, the results with their rows as they arrive.
#[function_component]
fn PartialList(props: &ListProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let w = words(locale);
    let library = &props.library;
    let navigator = use_navigator().expect("inside the router");
    let query_str = use_location()
        .map(|l| l.query_str().trim_start_matches('?').to_owned())
        .unwrap_or_default();
    let query = use_memo(query_str, |s| ListQuery::parse(s));
    let shown = use_state_eq(|| PAGE);
    {
        let shown = shown.clone();
        use_effect_with(query.clone(), move |_| shown.set(PAGE));
    }
    let rerender = use_rerender();
    let highlighter = use_memo(query.q.clone(), |q| SharedHighlighter::for_text(q));

    let oninput = {
        let navigator = navigator.clone();
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut next = (*query).clone();
            next.q = input.value();
            let _ = navigator.replace_with_query(&Route::List, &next.to_pairs());
        })
    };

    let request = query.request();
    let failure = library.failure();
    // What the search needs at once; asked again after every arrival (a stem's far words, a
    // phrase's positions come to light only once the first shards are here).
    let first: Vec<PieceId> = library.with(|b| b.needs_first(&request));
    library.request(&first, &rerender);
    let body = if let Some(error) = failure {
        let retry = {
            let library = library.clone();
            let rerender = rerender.clone();
            Callback::from(move |_: MouseEvent| {
                library.retry();
                rerender.emit(());
            })
        };
        html! {
            <div class="load-error" role="alert">
                <p>{ error }</p>
                <button type="button" onclick={retry}>{ w.retry }</button>
            </div>
        }
    } else if !first.is_empty() {
        html! { <p class="partial-status" role="status" aria-busy="true">{ w.searching }</p> }
    } else {
        let found = library.with(|b| b.search(&request));
        // The rest (a typo's rarer spellings) comes in the background; the list is searched
        // again as it arrives, and says meanwhile that it is not final.
        library.request(&found.missing, &rerender);
        let hits = &found.results.hits;
        let docs: Vec<u32> = hits.iter().take(*shown).map(|h| h.doc).collect();
        let rows = library.with(|b| b.rows_needed(&docs));
        library.request(&rows, &rerender);
        let status = if found.missing.is_empty() {
            count(locale, hits.len())
        } else if found.phrases_unchecked {
            format!("{} · {}", count(locale, hits.len()), w.checking_phrase)
        } else {
            format!("{} · {}", count(locale, hits.len()), w.rarer_spellings)
        };
        let pairs = query.to_pairs();
        let link_query = (!pairs.is_empty()).then_some(pairs);
        let items = library.with(|b| {
            docs.iter()
                .enumerate()
                .map(|(i, &doc)| match b.row(doc) {
                    Lookup::Here(Some(row)) => {
                        result_row(locale, row, &highlighter, link_query.clone(), i, hits.len())
                    }
                    _ => html! {
                        <li class="result loading" aria-busy="true" data-index={i.to_string()}>{ w.loading_row }</li>
                    },
                })
                .collect::<Html>()
        });
        let more = {
            let shown = shown.clone();
            Callback::from(move |_: MouseEvent| shown.set(*shown + PAGE))
        };
        html! {
            <section class="results-section" data-query={query.q.clone()} data-format="3"
                data-complete={found.missing.is_empty().to_string()}>
                <p class="result-count" role="status" aria-busy={(!found.missing.is_empty()).to_string()}>{ status }</p>
                <ol class="results" aria-label={t.results_label}>{ items }</ol>
                if hits.len() > *shown {
                    <button type="button" class="secondary" onclick={more}>{ w.more }</button>
                }
            </section>
        }
    };
    html! {
        <div class="list-page">
            <form class="search" role="search" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <input type="search" name="q" value={query.q.clone()} aria-label={t.search_label}
                    placeholder={t.search_placeholder} autocomplete="off" spellcheck="false" {oninput} />
            </form>
            { body }
        </div>
    }
}

/// One result: title (a link), date, byline, a snippet of the row's text with the matches marked.
fn result_row(
    locale: Locale,
    row: &Row,
    highlighter: &SharedHighlighter,
    link_query: Option<Vec<(String, String)>>,
    index: usize,
    total: usize,
) -> Html {
    let meta = &row.meta;
    let (snippet, marks) = if highlighter.0.is_empty() || row.text.is_empty() {
        (meta.summary.clone(), highlighter.0.highlight(&meta.summary))
    } else {
        let s = highlighter.0.snippet(&row.text, SNIPPET_WORDS);
        (s.text, s.highlights)
    };
    let title_marks = highlighter.0.highlight(&meta.title);
    let byline = byline(locale, meta.source.as_deref(), &meta.authors);
    html! {
        <li class="result" lang={meta.lang.clone()} data-index={index.to_string()}
            aria-posinset={(index + 1).to_string()} aria-setsize={total.to_string()}>
            <h2 class="result-title">
                <Link<Route, Vec<(String, String)>> to={Route::Article { id: meta.id.clone() }} query={link_query}>
                    { marked(&meta.title, &title_marks) }
                </Link<Route, Vec<(String, String)>>>
            </h2>
            <p class="result-meta">
                <DateLabel date={meta.date} />
                if !byline.is_empty() { <span class="byline">{ byline }</span> }
            </p>
            if !snippet.is_empty() { <p class="result-snippet">{ marked(&snippet, &marks) }</p> }
        </li>
    }
}

/// Props of [`PartialArticle`].
#[derive(Properties, PartialEq)]
pub struct ArticleProps {
    /// The bundle.
    pub library: Rc<PartialLibrary>,
    /// The article's id, from the URL.
    pub id: AttrValue,
}

/// An article: its id shard, then its row group, then its body chunk, each fetched when missing.
#[function_component]
fn PartialArticle(props: &ArticleProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let w = words(locale);
    let rerender = use_rerender();
    let library = &props.library;
    let query = use_location()
        .map(|l| ListQuery::parse(l.query_str().trim_start_matches('?')))
        .unwrap_or_default();
    let highlighter = use_memo(query.q.clone(), |q| SharedHighlighter::for_text(q));
    if let Some(error) = library.failure() {
        let retry = {
            let library = library.clone();
            Callback::from(move |_: MouseEvent| {
                library.retry();
                rerender.emit(());
            })
        };
        return html! {
            <div class="load-error" role="alert">
                <p>{ error }</p>
                <button type="button" onclick={retry}>{ w.retry }</button>
            </div>
        };
    }
    // Each step names the one piece it lacks; its arrival renders again and goes one step on.
    let step = library.with(|b| {
        let doc = match b.find_id(&props.id) {
            Lookup::Here(Some(doc)) => doc,
            Lookup::Here(None) => return Ok(None),
            Lookup::Needs(piece) => return Err(piece),
        };
        let row = match b.row(doc) {
            Lookup::Here(Some(row)) => row.clone(),
            Lookup::Here(None) => return Ok(None),
            Lookup::Needs(piece) => return Err(piece),
        };
        match b.body(doc) {
            Lookup::Here(body) => Ok(Some((row, body.unwrap_or_default().to_owned()))),
            Lookup::Needs(piece) => Err(piece),
        }
    });
    let (row, markdown) = match step {
        Ok(Some(found)) => found,
        Ok(None) => return html! { <NotFound /> },
        Err(piece) => {
            library.request(&[piece], &rerender);
            return html! { <p class="loading-article" role="status">{ t.loading_article }</p> };
        }
    };
    let meta = &row.meta;
    let byline = byline(locale, meta.source.as_deref(), &meta.authors);
    let pairs = query.to_pairs();
    let list_query = (!pairs.is_empty()).then_some(pairs);
    let has_query = !highlighter.0.is_empty();
    let title_marks = highlighter.0.highlight(&meta.title);
    html! {
        <article class="article" lang={meta.lang.clone()}>
            <nav class="article-nav" aria-label={t.back_to_list}>
                <Link<Route, Vec<(String, String)>> to={Route::List} query={list_query}>{ t.back_to_list }</Link<Route, Vec<(String, String)>>>
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
            </header>
            <ArticleBody key={query.q.clone()} markdown={AttrValue::from(markdown)}
                highlighter={has_query.then(|| (*highlighter).clone())} />
        </article>
    }
}
