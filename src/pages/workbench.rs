//! "My library": the reader's collections (links to their lists), the saved articles a bundle
//! update removed, the reader's notes read together, the reading setting, and their data exported or imported as a JSON file.

use std::collections::BTreeSet;

use kiosque_core::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::GoneList;
use crate::i18n::{self, workbench::texts};
use crate::list_query::ListQuery;
use crate::workbench::data::{
    DataError, ExportFile, Note, WorkbenchAction, EXPORT_FORMAT, READING_LIST,
};
use crate::workbench::{browser, storage, take_value, target, use_workbench};

/// Every highlighted passage and note, read together: collection by collection (a note on an
/// article in two collections shows in both), then those on articles in none; each article
/// named by a link to it, or by its saved title once a bundle update removed it.
#[component]
fn NotesTogether() -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = texts(locale);
    let workbench = use_workbench().expect("the page shows under the workbench");
    let data = workbench.data();
    let library = &workbench.library;
    let article_notes = |id: &str| {
        let notes: Vec<&Note> = data.notes_on(id).collect();
        if notes.is_empty() {
            return html! {};
        }
        let title = match library.position(id) {
            Some(position) => html! {
                <Link<Route> to={Route::Article { id: id.to_owned() }}>{ library.meta_or_blank(position).title }</Link<Route>>
            },
            None => html! {
                <>
                    { data.articles.get(id).map(|r| r.title.clone()).unwrap_or_else(|| id.to_owned()) }
                    { " · " }{ t.gone }
                </>
            },
        };
        html! {
            <li class="notes-article" data-article={id.to_owned()}>
                <p class="notes-article-title">{ title }</p>
                <ul class="note-list">
                    { for notes.into_iter().map(|n| html! {
                        <li class="note-item">
                            <blockquote class="note-quote">{ n.quote.exact.clone() }</blockquote>
                            if !n.note.is_empty() { <p class="note-text">{ n.note.clone() }</p> }
                        </li>
                    }) }
                </ul>
            </li>
        }
    };
    let annotated: BTreeSet<&str> = data.notes.iter().map(|n| n.article.as_str()).collect();
    let groups = data.collections.iter().filter_map(|c| {
        let items: Vec<&String> = c.items.iter().filter(|id| annotated.contains(id.as_str())).collect();
        if items.is_empty() {
            return None;
        }
        let name = if c.id == READING_LIST { t.reading_list.to_owned() } else { c.name.clone() };
        Some(html! {
            <section class="notes-group" aria-label={name.clone()}>
                <h3>{ name }</h3>
                <ul class="notes-articles">{ for items.into_iter().map(|id| article_notes(id)) }</ul>
            </section>
        })
    });
    let elsewhere: Vec<&str> = {
        let mut seen = BTreeSet::new();
        data.notes
            .iter()
            .map(|n| n.article.as_str())
            .filter(|id| {
                !data
                    .collections
                    .iter()
                    .any(|c| c.items.iter().any(|i| i == id))
            })
            .filter(|id| seen.insert(*id))
            .collect()
    };
    html! {
        <section class="notes-together" aria-labelledby="notes-heading">
            <h2 id="notes-heading">{ t.notes_heading }</h2>
            if data.notes.is_empty() {
                <p class="hint">{ t.no_notes }</p>
            }
            { for groups }
            if !elsewhere.is_empty() {
                <section class="notes-group" aria-label={t.notes_elsewhere}>
                    <h3>{ t.notes_elsewhere }</h3>
                    <ul class="notes-articles">{ for elsewhere.into_iter().map(&article_notes) }</ul>
                </section>
            }
        </section>
    }
}

/// What the last import did.
#[derive(Clone, PartialEq)]
enum ImportOutcome {
    Done,
    Failed(String),
}

/// The reader's page.
#[component]
pub fn WorkbenchPage() -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = texts(locale);
    let workbench = use_workbench().expect("the page shows under the workbench");
    let data = workbench.data();
    let library = workbench.library.clone();
    let outcome = use_state(|| None::<ImportOutcome>);

    let collections = data.collections.iter().map(|c| {
        let name = if c.id == READING_LIST { t.reading_list.to_owned() } else { c.name.clone() };
        let present = c.items.iter().filter(|id| library.position(id).is_some()).count();
        let query = ListQuery { collection: Some(c.id.clone()), ..ListQuery::default() }.to_pairs();
        let delete = (c.id != READING_LIST).then(|| {
            let workbench = workbench.clone();
            let id = c.id.clone();
            Callback::from(move |_: MouseEvent| workbench.dispatch(WorkbenchAction::Delete(id.clone())))
        });
        html! {
            <li class="collection-line">
                <Link<Route, Vec<(String, String)>> to={Route::List} {query}>{ name.clone() }</Link<Route, Vec<(String, String)>>>
                { " · " }<span class="facet-count">{ i18n::workbench::saved_count(locale, present) }</span>
                if let Some(onclick) = delete {
                    { " " }
                    <button type="button" class="link-button" {onclick}
                        aria-label={format!("{} {name}", t.delete)}>{ t.delete }</button>
                }
            </li>
        }
    });
    let gone = {
        let ids: Vec<String> = data.known_ids().into_iter().map(str::to_owned).collect();
        crate::components::gone_articles(data, &ids, |id| library.position(id).is_some())
    };
    let searches = data.searches.iter().map(|s| {
        let query = ListQuery::parse(&s.query);
        let matches = crate::workbench::matching_ids(&workbench, &query);
        let new = s.new_since_opened(matches.iter().map(String::as_str));
        let opened = {
            let workbench = workbench.clone();
            let id = s.id.clone();
            Callback::from(move |_: MouseEvent| {
                workbench.dispatch(WorkbenchAction::SearchOpened { id: id.clone(), matches: matches.clone() })
            })
        };
        let delete = {
            let workbench = workbench.clone();
            let id = s.id.clone();
            Callback::from(move |_: MouseEvent| workbench.dispatch(WorkbenchAction::DeleteSearch(id.clone())))
        };
        html! {
            <li class="collection-line" data-search={s.id.clone()}>
                <span onclick={opened}>
                    <Link<Route, Vec<(String, String)>> to={Route::List} query={query.to_pairs()}>{ s.name.clone() }</Link<Route, Vec<(String, String)>>>
                </span>
                if new > 0 {
                    { " " }<strong class="new-count">{ i18n::workbench::new_count(locale, new) }</strong>
                }
                { " " }
                <button type="button" class="link-button" onclick={delete}
                    aria-label={format!("{} {}", t.delete, s.name)}>{ t.delete }</button>
            </li>
        }
    });
    let new_name = use_node_ref();
    let create = {
        let workbench = workbench.clone();
        let new_name = new_name.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            workbench.dispatch(WorkbenchAction::Create {
                name: take_value(&new_name),
                article: None,
            });
        })
    };
    let on_setting = {
        let workbench = workbench.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = target::<web_sys::HtmlInputElement>(&e) {
                workbench.dispatch(WorkbenchAction::OpenedIsRead(input.checked()));
            }
        })
    };
    let export = {
        let workbench = workbench.clone();
        Callback::from(move |_: MouseEvent| {
            let file = ExportFile {
                format: EXPORT_FORMAT.to_owned(),
                site: storage::archive_address(),
                exported: browser::now_iso(),
                data: (*workbench.handle.data).clone(),
            };
            if let Some(text) = storage::to_json(&file) {
                let day = file.exported.get(..10).unwrap_or("").to_owned();
                browser::download(
                    &format!("kiosque-data-{day}.json"),
                    "application/json",
                    &text,
                );
            }
        })
    };
    let import = {
        let workbench = workbench.clone();
        let outcome = outcome.clone();
        Callback::from(move |e: Event| {
            let Some(input) = target::<web_sys::HtmlInputElement>(&e) else {
                return;
            };
            let workbench = workbench.clone();
            let outcome = outcome.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = browser::read_picked(&input).await.unwrap_or_default();
                input.set_value("");
                let t = texts(locale);
                let read = storage::from_json::<ExportFile>(&text)
                    .map_err(|_| DataError::NotAnExport)
                    .and_then(ExportFile::checked);
                outcome.set(Some(match read {
                    Ok(data) => {
                        workbench.dispatch(WorkbenchAction::Import(data));
                        ImportOutcome::Done
                    }
                    Err(DataError::NotAnExport) => {
                        ImportOutcome::Failed(t.not_an_export.to_owned())
                    }
                    Err(DataError::Newer(_)) => ImportOutcome::Failed(t.newer_data.to_owned()),
                }));
            });
        })
    };
    html! {
        <div class="workbench-page">
            <h1>{ t.my_library }</h1>
            if workbench.handle.locked.is_some() {
                <p class="warning" role="alert">{ t.newer_data }</p>
            }
            <section aria-labelledby="collections-heading">
                <h2 id="collections-heading">{ t.collections }</h2>
                if data.collections.iter().all(|c| c.items.is_empty()) {
                    <p class="hint">{ t.nothing_saved }</p>
                }
                <ul class="collection-lines">{ for collections }</ul>
                <form class="new-collection" onsubmit={create}>
                    <label for="workbench-new-collection">{ t.new_collection }</label>
                    <input type="text" id="workbench-new-collection" ref={new_name} required=true />
                    <button type="submit" class="secondary">{ t.create }</button>
                </form>
            </section>
            <section aria-labelledby="searches-heading">
                <h2 id="searches-heading">{ t.saved_searches }</h2>
                if data.searches.is_empty() {
                    <p class="hint">{ t.no_saved_search }</p>
                }
                <ul class="collection-lines">{ for searches }</ul>
            </section>
            <GoneList articles={gone} />
            <NotesTogether />
            <section aria-labelledby="settings-heading">
                <h2 id="settings-heading">{ t.settings_heading }</h2>
                <div class="check">
                    <input type="checkbox" id="opened-is-read" checked={data.opened_is_read} onchange={on_setting} />
                    <label for="opened-is-read">{ t.opened_is_read }</label>
                </div>
            </section>
            <section aria-labelledby="data-heading">
                <h2 id="data-heading">{ t.data_heading }</h2>
                <p class="hint">{ t.data_note }</p>
                <div class="data-buttons">
                    <button type="button" class="secondary" onclick={export}>{ t.export_data }</button>
                    <label for="import-data" class="file-label">{ t.import_data }</label>
                    <input type="file" id="import-data" accept="application/json,.json" onchange={import} />
                </div>
                <p class="import-status" role="status">
                    { match &*outcome {
                        Some(ImportOutcome::Done) => t.imported.to_owned(),
                        Some(ImportOutcome::Failed(message)) => message.clone(),
                        None => String::new(),
                    } }
                </p>
            </section>
        </div>
    }
}
