//! The workbench as the views reach it: a provider holding the reader's data (saved after every
//! change), the `s` key that saves the article in view or the focused result, and what the list
//! needs to filter by collection or by reading state.

use std::rc::Rc;

use kiosque_core::search::SearchResults;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::data::{ArticleRef, Remembered, Workbench, WorkbenchAction, READING_LIST};
use crate::keys::{has_command_modifier, is_typing_target, on_keydown};
use crate::library::{Found, Library, Pending};
use crate::list_query::ListQuery;

/// What the workbench's views share: the reader's data with its dispatcher, and the archive.
#[derive(Clone, PartialEq)]
pub struct WorkbenchContext {
    /// The reader's data; `dispatch` changes it.
    pub handle: UseReducerHandle<Workbench>,
    /// The loaded archive.
    pub library: Rc<Library>,
    /// The articles the reader ticked in the results to export them, by id, while selecting;
    /// `None` when not selecting. Kept for the visit only: a selection is the choice of a moment,
    /// a collection is what lasts.
    pub selection: UseStateHandle<Option<Rc<Vec<String>>>>,
}

impl WorkbenchContext {
    /// The ticked articles' ids while the reader is selecting.
    pub fn selected(&self) -> Option<&[String]> {
        (*self.selection).as_deref().map(Vec::as_slice)
    }

    /// Ticks the article `id`, or unticks it.
    pub fn toggle_selected(&self, id: &str) {
        let mut ids = self.selected().map(<[String]>::to_vec).unwrap_or_default();
        match ids.iter().position(|i| i == id) {
            Some(at) => {
                ids.remove(at);
            }
            None => ids.push(id.to_owned()),
        }
        self.selection.set(Some(Rc::new(ids)));
    }

    /// Starts selecting (nothing ticked) or stops (the selection is dropped).
    pub fn set_selecting(&self, on: bool) {
        self.selection.set(on.then(|| Rc::new(Vec::new())));
    }

    /// The reader's data.
    pub fn data(&self) -> &super::data::ReaderData {
        &self.handle.data
    }

    /// Changes the reader's data.
    pub fn dispatch(&self, action: WorkbenchAction) {
        self.handle.dispatch(action);
    }
}

/// The workbench of the views under [`WorkbenchProvider`]; `None` outside it (a component
/// rendered alone, in a component test), where the workbench's controls show nothing.
#[hook]
pub fn use_workbench() -> Option<WorkbenchContext> {
    use_context::<WorkbenchContext>()
}

/// The address of an article's page in this archive, for citations and exports.
pub fn article_url(id: &str) -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let page = href.split('#').next().unwrap_or_default();
    format!("{page}#/article/{id}")
}

/// The article at `position` as the store remembers it.
pub fn article_ref(library: &Library, position: usize) -> ArticleRef {
    let meta = &library.meta_or_blank(position);
    ArticleRef {
        id: meta.id.clone(),
        remembered: Remembered {
            title: meta.title.clone(),
            date: meta.date.map(|d| d.iso()),
        },
    }
}

/// Saves the article at `position` to the reading list, or takes it out.
pub fn toggle_saved(workbench: &WorkbenchContext, position: usize) {
    workbench.dispatch(WorkbenchAction::Toggle {
        collection: READING_LIST.to_owned(),
        article: article_ref(&workbench.library, position),
    });
}

/// Props of [`WorkbenchProvider`].
#[derive(Properties, PartialEq)]
pub struct WorkbenchProviderProps {
    /// The loaded archive.
    pub library: Rc<Library>,
    /// The views.
    pub children: Html,
}

/// Holds the reader's data for the views inside it, keeps it after every change, and listens for
/// `s`: save the focused result, or the article shown.
#[component]
pub fn WorkbenchProvider(props: &WorkbenchProviderProps) -> Html {
    let handle = use_reducer(|| Workbench::new(super::storage::load()));
    {
        let handle = handle.clone();
        use_effect_with(handle.revision, move |revision| {
            // Revision 0 is what was read: nothing to write. Locked data is never written over.
            if *revision > 0 && handle.locked.is_none() {
                super::storage::save(&handle.data);
            }
        });
    }
    let selection = use_state(|| None::<Rc<Vec<String>>>);
    let context = WorkbenchContext {
        handle,
        library: props.library.clone(),
        selection,
    };
    {
        // The listener reads the latest context from this cell: it is registered once.
        let current = use_mut_ref(|| context.clone());
        *current.borrow_mut() = context.clone();
        use_effect_with((), move |_| {
            let listener = on_keydown(move |event| {
                if has_command_modifier(event) || is_typing_target(event) || event.key() != "s" {
                    return;
                }
                let context = current.borrow().clone();
                if let Some(position) = article_in_view(&context.library) {
                    event.prevent_default();
                    toggle_saved(&context, position);
                }
            });
            move || drop(listener)
        });
    }
    html! {
        <ContextProvider<WorkbenchContext> {context}>
            { props.children.clone() }
        </ContextProvider<WorkbenchContext>>
    }
}

/// The article `s` saves: the result holding the focus (its row carries `data-article-id`), or
/// else the article whose page is shown.
fn article_in_view(library: &Library) -> Option<usize> {
    let document = web_sys::window()?.document()?;
    let focused = document
        .active_element()
        .and_then(|e| e.closest("[data-article-id]").ok().flatten())
        .and_then(|e| e.get_attribute("data-article-id"));
    if let Some(id) = focused {
        return library.position(&id);
    }
    let hash = document.location()?.hash().ok()?;
    let id = hash.strip_prefix("#/article/")?;
    let id = id.split('?').next()?;
    library.position(&crate::list_query::decode(id))
}

/// Which articles the reader's own filters keep (a collection, unread only): one flag per
/// catalog position, or `None` when they keep everything. Equal when built from the same data.
#[derive(Clone)]
pub struct ListFilter(pub Option<Rc<Vec<bool>>>);

impl PartialEq for ListFilter {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// The filter the list `query` asks for, rebuilt only when the reader's data changes.
#[hook]
pub fn use_list_filter(query: &ListQuery) -> ListFilter {
    let workbench = use_context::<WorkbenchContext>();
    let key = (
        query.collection.clone(),
        query.unread,
        // A new bundle (after an update) is another archive to filter, whatever the revision.
        workbench
            .as_ref()
            .map(|w| (w.handle.revision, Rc::as_ptr(&w.library) as usize)),
    );
    let filter = use_memo(key, move |(collection, unread, _)| {
        reader_filter(&workbench?, collection.as_deref(), *unread)
    });
    ListFilter((*filter).clone())
}

/// Which articles a collection and "unread only" keep, one flag per catalog position; `None`
/// when neither is asked for.
fn reader_filter(
    workbench: &WorkbenchContext,
    collection: Option<&str>,
    unread: bool,
) -> Option<Rc<Vec<bool>>> {
    if collection.is_none() && !unread {
        return None;
    }
    let data = workbench.data();
    let library = &workbench.library;
    let mut keep = vec![collection.is_none(); library.len()];
    if let Some(c) = collection.and_then(|c| data.collection(c)) {
        for id in &c.items {
            if let Some(p) = library.position(id) {
                keep[p] = true;
            }
        }
    }
    if unread {
        for id in &data.read {
            if let Some(p) = library.position(id) {
                keep[p] = false;
            }
        }
    }
    Some(Rc::new(keep))
}

/// The ids of the articles the list `query` shows (a saved search's matches).
pub fn matching_ids(workbench: &WorkbenchContext, query: &ListQuery) -> Vec<String> {
    let filter = ListFilter(reader_filter(
        workbench,
        query.collection.as_deref(),
        query.unread,
    ));
    let library = &workbench.library;
    search(library, query, &filter)
        .results
        .hits
        .iter()
        .filter_map(|h| library.with_meta(h.doc as usize, |m| m.id.clone()))
        .collect()
}

/// The search of a list, within the reader's filter when there is one.
pub fn search(library: &Library, query: &ListQuery, filter: &ListFilter) -> Found {
    let request = query.request();
    match &filter.0 {
        None => library.search(&request),
        Some(keep) => {
            // Format 3: the words' pieces first (the filter needs nothing more).
            let pending = if library.in_pieces() {
                library.search(&request).pending
            } else {
                Pending::Exact
            };
            if pending == Pending::Searching {
                return Found {
                    results: SearchResults::default(),
                    pending,
                };
            }
            let results = library.with_searcher(|searcher| {
                searcher.search_where(&request, |doc| {
                    keep.get(doc as usize).copied().unwrap_or(false)
                })
            });
            Found { results, pending }
        }
    }
}

/// Marks the article at `position` read when it is opened (unless the reader turned that off).
#[hook]
pub fn use_mark_opened(position: Option<usize>) {
    let workbench = use_context::<WorkbenchContext>();
    use_effect_with(position, move |position| {
        if let (Some(workbench), Some(position)) = (workbench, *position) {
            let article = article_ref(&workbench.library, position);
            workbench.dispatch(WorkbenchAction::Opened(article));
        }
    });
}

/// The value of the text field `input` holds, emptied.
pub fn take_value(input: &NodeRef) -> String {
    input
        .cast::<web_sys::HtmlInputElement>()
        .map(|i| {
            let value = i.value();
            i.set_value("");
            value
        })
        .unwrap_or_default()
}

/// The element `e` happened on, as `T`.
pub fn target<T: JsCast>(e: &Event) -> Option<T> {
    e.target().and_then(|t| t.dyn_into::<T>().ok())
}
