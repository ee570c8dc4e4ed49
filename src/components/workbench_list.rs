//! Above the results: the collection shown (if the list is one), the export of the current
//! results in every format, and the collection's articles a bundle update removed.

use std::rc::Rc;

use kiosque_core::Locale;
use yew::prelude::*;

use crate::i18n::workbench::{export_count, export_selected, texts};
use crate::list_query::ListQuery;
use crate::state::SharedResults;
use crate::workbench::data::{ReaderData, Remembered, WorkbenchAction, READING_LIST};
use crate::workbench::export::{Format, Reference, FORMATS};
use crate::workbench::{article_url, browser, matching_ids, storage, take_value, use_workbench};

/// Props of [`ListTools`].
#[derive(Properties, PartialEq)]
pub struct ListToolsProps {
    /// The list shown.
    pub query: ListQuery,
    /// Its results.
    pub results: SharedResults,
    /// Asked to show another list.
    pub on_navigate: Callback<ListQuery>,
}

/// The collection's name, the export buttons and the articles no longer in the archive.
#[component]
pub fn ListTools(props: &ListToolsProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = texts(locale);
    let Some(workbench) = use_workbench() else {
        return html! {};
    };
    let data = workbench.data();
    let library = workbench.library.clone();
    let collection = props
        .query
        .collection
        .as_deref()
        .and_then(|c| data.collection(c));
    let name = collection.map(|c| {
        if c.id == READING_LIST {
            t.reading_list.to_owned()
        } else {
            c.name.clone()
        }
    });
    let hits = props.results.0.hits.len();
    // While articles are ticked, the export menu exports them and nothing else.
    let selected: Option<Rc<Vec<String>>> =
        (*workbench.selection).clone().filter(|ids| !ids.is_empty());
    let export = |format: Format| {
        let results = props.results.clone();
        let selected = selected.clone();
        let library = library.clone();
        let name = match (&selected, collection) {
            (Some(_), _) => "selection",
            (None, Some(c)) => c.id.as_str(),
            (None, None) => "results",
        };
        let file = format!("kiosque-{name}.{}", format.extension());
        Callback::from(move |_: MouseEvent| {
            let positions: Vec<usize> = match &selected {
                Some(ids) => ids.iter().filter_map(|id| library.position(id)).collect(),
                None => results.0.hits.iter().map(|h| h.doc as usize).collect(),
            };
            let refs: Vec<Reference> = positions
                .into_iter()
                .filter_map(|p| {
                    let meta = library.meta(p)?;
                    Some(Reference::of(&meta, article_url(&meta.id)))
                })
                .collect();
            let text = format.render(&refs, |items| storage::to_json(&items).unwrap_or_default());
            browser::download(&file, format.mime(), &text);
        })
    };
    let selecting = workbench.selected().is_some();
    let toggle_selecting = {
        let workbench = workbench.clone();
        Callback::from(move |_: MouseEvent| workbench.set_selecting(!selecting))
    };
    let export_title = match &selected {
        Some(ids) => export_selected(locale, ids.len()),
        None => export_count(locale, hits),
    };
    let leave = {
        let next = ListQuery {
            collection: None,
            ..props.query.clone()
        };
        props.on_navigate.reform(move |_: MouseEvent| next.clone())
    };
    let search_name = use_node_ref();
    let save_search = {
        let workbench = workbench.clone();
        let search_name = search_name.clone();
        let query = props.query.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let pairs: Vec<String> = query
                .to_pairs()
                .iter()
                .map(|(k, v)| format!("{k}={}", encode(v)))
                .collect();
            workbench.dispatch(WorkbenchAction::SaveSearch {
                name: take_value(&search_name),
                query: pairs.join("&"),
                matches: matching_ids(&workbench, &query),
            });
        })
    };
    let gone = collection
        .map(|c| gone_articles(data, &c.items, |id| library.position(id).is_some()))
        .unwrap_or_default();
    html! {
        <div class="list-tools">
            if let Some(name) = name {
                <p class="collection-bar">
                    <span class="collection-label">{ t.collection_label }</span>{ " " }
                    <strong class="collection-name">{ name }</strong>{ " " }
                    <button type="button" class="link-button" onclick={leave}>{ t.whole_archive }</button>
                </p>
            }
            if hits > 0 {
                <button type="button" class="link-button select-toggle" aria-pressed={selecting.to_string()}
                    onclick={toggle_selecting}>{ t.select_articles }</button>
            }
            if hits > 0 || selected.is_some() {
                <details class="export-menu">
                    <summary>{ export_title }</summary>
                    <div class="export-buttons" role="group" aria-label={t.export_list}>
                        { for FORMATS.iter().map(|&format| html! {
                            <button type="button" class="secondary" data-format={format.extension()}
                                onclick={export(format)}>{ format.label() }</button>
                        }) }
                    </div>
                </details>
            }
            if props.query.is_filtered() {
                <details class="save-search">
                    <summary>{ t.save_search }</summary>
                    <form class="new-collection" onsubmit={save_search}>
                        <label for="save-search-name">{ t.search_name }</label>
                        <input type="text" id="save-search-name" ref={search_name} required=true />
                        <button type="submit" class="secondary">{ t.save }</button>
                    </form>
                </details>
            }
            <GoneList articles={gone} />
        </div>
    }
}

/// A URL parameter's value, percent-encoded where a query string needs it (`list_query::decode`
/// reads it back).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The ids among `ids` the archive no longer holds (`present` says which it does), with what the
/// reader's data remembers of them.
pub fn gone_articles(
    data: &ReaderData,
    ids: &[String],
    present: impl Fn(&str) -> bool,
) -> Vec<(String, Remembered)> {
    ids.iter()
        .filter(|id| !present(id))
        .map(|id| {
            let remembered = data.articles.get(id).cloned().unwrap_or(Remembered {
                title: id.clone(),
                date: None,
            });
            (id.clone(), remembered)
        })
        .collect()
}

/// Props of [`GoneList`].
#[derive(Properties, PartialEq)]
pub struct GoneListProps {
    /// The articles gone, with their saved title and date.
    pub articles: Vec<(String, Remembered)>,
}

/// "No longer in this archive": saved articles a bundle update removed, by their saved title
/// and date (nothing is dropped from the reader's data).
#[component]
pub fn GoneList(props: &GoneListProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = texts(locale);
    if props.articles.is_empty() {
        return html! {};
    }
    html! {
        <section class="gone" aria-labelledby="gone-heading">
            <h3 id="gone-heading">{ t.gone_heading }</h3>
            <ul class="gone-list">
                { for props.articles.iter().map(|(id, r)| {
                    let date = r.date.as_deref()
                        .and_then(|d| kiosque_core::ArticleDate::parse(d).ok())
                        .map(|d| d.display(locale));
                    html! {
                        <li data-article-gone={id.clone()}>
                            <span class="gone-title">{ &r.title }</span>
                            if let Some(date) = date { { " · " }<span class="gone-date">{ date }</span> }
                            <span class="visually-hidden">{ format!(" ({})", t.gone) }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
