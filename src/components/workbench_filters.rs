//! The reader's own filters beside the list: their collections (with how many of the current
//! results each holds), "unread only", and marking every current result read or unread.

use kiosque_core::Locale;
use yew::prelude::*;

use crate::i18n::{self, workbench::texts};
use crate::list_query::ListQuery;
use crate::state::SharedResults;
use crate::workbench::data::{WorkbenchAction, READING_LIST};
use crate::workbench::{article_ref, use_workbench};

/// Props of [`ReaderFilters`].
#[derive(Properties, PartialEq)]
pub struct ReaderFiltersProps {
    /// The list shown.
    pub query: ListQuery,
    /// Its results.
    pub results: SharedResults,
    /// Asked to show another list.
    pub on_navigate: Callback<ListQuery>,
}

/// "My articles": collections as facets, unread only, mark all read or unread.
#[component]
pub fn ReaderFilters(props: &ReaderFiltersProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = texts(locale);
    let workbench = use_workbench();
    // One flag per catalog position for "read" and for each collection, built when the reader's
    // data changes, so that counting the results at a keystroke is one pass over them.
    let marks = {
        let workbench = workbench.clone();
        let key = workbench
            .as_ref()
            .map(|w| (w.handle.revision, std::rc::Rc::as_ptr(&w.library) as usize));
        use_memo(key, move |_| {
            let workbench = workbench?;
            let library = &workbench.library;
            let flags = |ids: &mut dyn Iterator<Item = &String>| {
                let mut flags = vec![false; library.len()];
                for p in ids.filter_map(|id| library.position(id)) {
                    flags[p] = true;
                }
                flags
            };
            let data = workbench.data();
            let read = flags(&mut data.read.iter());
            let collections: Vec<Vec<bool>> = data
                .collections
                .iter()
                .map(|c| flags(&mut c.items.iter()))
                .collect();
            Some((read, collections))
        })
    };
    let (Some(workbench), Some((read, in_collection))) = (workbench, marks.as_ref()) else {
        return html! {};
    };
    let data = workbench.data();
    let hits = &props.results.0.hits;
    // A keystroke's results can be the whole archive: no pass over them when nothing is marked
    // (no article read yet, an empty collection).
    let count = |flags: &[bool], want: bool| {
        if !flags.contains(&true) {
            return if want { 0 } else { hits.len() };
        }
        hits.iter()
            .filter(|h| flags.get(h.doc as usize).copied().unwrap_or(false) == want)
            .count()
    };
    let unread = count(read, false);
    let query = &props.query;
    let collections = data
        .collections
        .iter()
        .zip(in_collection)
        .map(|(c, flags)| {
            let count = count(flags, true);
            let selected = query.collection.as_deref() == Some(c.id.as_str());
            let next = ListQuery {
                collection: (!selected).then(|| c.id.clone()),
                ..query.clone()
            };
            let onchange = props.on_navigate.reform(move |_: Event| next.clone());
            let name = if c.id == READING_LIST {
                t.reading_list.to_owned()
            } else {
                c.name.clone()
            };
            let field = format!("collection-{}", c.id);
            html! {
                <li key={field.clone()}>
                    <input type="checkbox" id={field.clone()} checked={selected} {onchange} />
                    <label for={field}>
                        <span class="facet-value">{ name }</span>
                        { " " }
                        <span class="facet-count">{ i18n::group_digits(locale, count) }</span>
                    </label>
                </li>
            }
        });
    let on_unread = {
        let query = query.clone();
        props.on_navigate.reform(move |e: Event| ListQuery {
            unread: crate::workbench::target::<web_sys::HtmlInputElement>(&e)
                .is_some_and(|i| i.checked()),
            ..query.clone()
        })
    };
    let mark = |read: bool| {
        let workbench = workbench.clone();
        let results = props.results.clone();
        Callback::from(move |_: MouseEvent| {
            let library = &workbench.library;
            let hits: Vec<usize> = results.0.hits.iter().map(|h| h.doc as usize).collect();
            workbench.dispatch(if read {
                WorkbenchAction::MarkRead(hits.iter().map(|&p| article_ref(library, p)).collect())
            } else {
                WorkbenchAction::MarkUnread(
                    hits.iter()
                        .filter_map(|&p| library.with_meta(p, |m| m.id.clone()))
                        .collect(),
                )
            })
        })
    };
    html! {
        <fieldset class="facet reader-filters">
            <legend>{ t.mine_heading }</legend>
            <ul class="collections-facet">{ for collections }</ul>
            <div class="check">
                <input type="checkbox" id="unread-only" checked={query.unread} onchange={on_unread} />
                <label for="unread-only">{ format!("{} ({})", t.unread_only, i18n::group_digits(locale, unread)) }</label>
            </div>
            if !hits.is_empty() {
                <div class="mark-all">
                    <button type="button" class="secondary" onclick={mark(true)}>{ t.mark_all_read }</button>
                    <button type="button" class="secondary" onclick={mark(false)}>{ t.mark_all_unread }</button>
                </div>
            }
        </fieldset>
    }
}
