//! Below an article: its other versions (near-duplicates: the same dispatch as other outlets
//! printed it), up to five related articles (sharing its most distinctive words), and "More like
//! this", which runs those words as a search the reader can narrow. All of them keep to the date
//! range of the list the article was opened from.

use std::rc::Rc;

use kiosque_core::search::{more_like_this_query, related, top_terms};
use kiosque_core::similar::SimilarGroups;
use kiosque_core::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::DateLabel;
use crate::hooks::go_to_list;
use crate::hooks::{Arrivals, VersionsReady};
use crate::i18n;
use crate::library::Library;
use crate::list_query::ListQuery;

/// Related articles shown at most.
const RELATED: usize = 5;

/// Props of [`Related`].
#[derive(Properties, PartialEq)]
pub struct RelatedProps {
    /// The loaded bundle.
    pub library: Rc<Library>,
    /// The article's catalog position.
    pub position: usize,
    /// Its stored body, once here: the distinctive words come from its plain text.
    pub body: Option<AttrValue>,
    /// The list the article was opened from (its dates bound what is shown).
    pub query: ListQuery,
}

/// Other versions, related articles and "More like this".
#[component]
pub fn Related(props: &RelatedProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let navigator = use_navigator().expect("inside the router");
    let versions_ready = use_context::<VersionsReady>().unwrap_or(VersionsReady(false));
    // Format 3: rendered again as pieces arrive (the index, the linked rows).
    let _arrivals = use_context::<Arrivals>();
    let library = &props.library;
    let doc = props.position as u32;
    let dates = props.query.request().dates;
    // Format 3: an article's words are weighed against the whole dictionary, as format 2 does,
    // so every term shard is fetched first (the list's words needed only theirs).
    let index_ready = library.index_complete();
    if !index_ready && props.body.is_some() {
        library.load_index();
    }
    let found = {
        let library = library.clone();
        use_memo(
            (
                props.position,
                props.body.clone(),
                dates,
                versions_ready,
                index_ready,
            ),
            move |(position, body, dates, _, ready)| {
                let (Some(body), true) = (body, *ready) else {
                    return (Vec::new(), String::new());
                };
                let Some(title) = library.with_meta(*position, |meta| meta.title.clone()) else {
                    return (Vec::new(), String::new());
                };
                let text = kiosque_core::markdown::stored::plain_text(body);
                let none = SimilarGroups::default();
                let groups = library.similar().unwrap_or(&none);
                library.with_searcher(|searcher| {
                    let terms = top_terms(searcher, &title, text);
                    let docs = related(searcher, *position as u32, &terms, dates, groups, RELATED);
                    (docs, more_like_this_query(&terms))
                })
            },
        )
    };
    let versions: Vec<u32> = library
        .similar()
        .map(|groups| {
            library.with_searcher(|searcher| {
                groups
                    .group_of(doc)
                    .iter()
                    .copied()
                    .filter(|&d| d != doc && searcher.docs().admits(d, &dates))
                    .collect()
            })
        })
        .unwrap_or_default();
    // Format 3: the rows of what is linked, for their titles.
    let shown: Vec<usize> = versions
        .iter()
        .chain(&found.0)
        .map(|&d| d as usize)
        .filter(|&d| !library.has_body(d))
        .collect();
    let update = use_force_update();
    if library.rows_on_demand() && !shown.is_empty() {
        library.prefetch(&shown, move || update.force_update());
    }
    let pairs = props.query.to_pairs();
    let link_query = (!pairs.is_empty()).then_some(pairs);
    let link = |d: u32, with_source: bool| {
        library.with_meta(d as usize, |meta| html! {
            <li>
                <Link<Route, Vec<(String, String)>> to={Route::Article { id: meta.id.clone() }} query={link_query.clone()}>
                    { &meta.title }
                </Link<Route, Vec<(String, String)>>>
                <span class="related-meta">
                    <DateLabel date={meta.date} />
                    if with_source {
                        if let Some(source) = &meta.source { <span class="byline">{ source }</span> }
                    }
                </span>
            </li>
        })
    };
    let (related_docs, mlt_query) = &*found;
    let more_like_this = {
        let query = ListQuery {
            q: mlt_query.clone(),
            from: props.query.from,
            to: props.query.to,
            undated: props.query.undated,
            ..ListQuery::default()
        };
        Callback::from(move |_: MouseEvent| go_to_list(&navigator, &query, false))
    };
    html! {
        <aside class="related-panel">
            if !versions.is_empty() {
                <section class="versions" aria-labelledby="versions-heading">
                    <h2 id="versions-heading">{ format!("{} ({})", t.other_versions, versions.len()) }</h2>
                    <ul class="related-list">{ for versions.iter().filter_map(|&d| link(d, true)) }</ul>
                </section>
            }
            if !related_docs.is_empty() {
                <section class="related" aria-labelledby="related-heading">
                    <h2 id="related-heading">{ t.related_articles }</h2>
                    <ul class="related-list">{ for related_docs.iter().filter_map(|&d| link(d, false)) }</ul>
                </section>
            }
            if props.body.is_some() && !index_ready {
                <p class="related loading" role="status" aria-busy="true">{ t.loading_related }</p>
            }
            if !mlt_query.is_empty() {
                <button type="button" class="secondary more-like-this" onclick={more_like_this}
                    title={t.more_like_this_hint}>{ t.more_like_this }</button>
            }
        </aside>
    }
}
