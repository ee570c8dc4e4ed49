//! Notes on an article: the tools shown for a selected passage ("Highlight", "Add a note"), and
//! the article's highlighted passages with their notes, to edit or remove.

use gloo::events::EventListener;
use kiosque_core::Locale;
use yew::prelude::*;

use crate::i18n::workbench::texts;
use crate::workbench::anchor::TextQuote;
use crate::workbench::data::{Note, WorkbenchAction};
use crate::workbench::passages::selected_quote;
use crate::workbench::{article_ref, use_workbench};

/// Props of [`ArticleNotes`].
#[derive(Properties, PartialEq)]
pub struct ArticleNotesProps {
    /// Catalog position of the article.
    pub position: usize,
}

/// What the selection tools are doing.
#[derive(Clone, PartialEq)]
enum Pending {
    /// Nothing selected in the body.
    None,
    /// A passage selected: "Highlight" or "Add a note".
    Selected(TextQuote),
    /// The reader is writing a note on it.
    Writing(TextQuote),
}

/// Shown after the article's body: the selection's tools, and the list of its notes.
#[component]
pub fn ArticleNotes(props: &ArticleNotesProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = texts(locale);
    let workbench = use_workbench().expect("articles show under the workbench");
    let pending = use_state_eq(|| Pending::None);
    let tools = use_node_ref();
    {
        // The document says when the selection changes; the body is found from it, so the body
        // component needs no part in this.
        let pending = pending.clone();
        let tools = tools.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window()
                .and_then(|w| w.document())
                .expect("a page has a document");
            let listener = EventListener::new(&document, "selectionchange", move |_| {
                let document = web_sys::window()
                    .and_then(|w| w.document())
                    .expect("a page has a document");
                let quote = document
                    .query_selector(".article .article-body")
                    .ok()
                    .flatten()
                    .and_then(|root| selected_quote(&root));
                match quote {
                    Some(quote) => pending.set(Pending::Selected(quote)),
                    None => {
                        // Focus moving to the tools (or writing a note) keeps the passage.
                        let in_tools = document
                            .active_element()
                            .zip(tools.cast::<web_sys::Element>())
                            .is_some_and(|(active, tools)| tools.contains(Some(&active)));
                        if !in_tools && !matches!(*pending, Pending::Writing(_)) {
                            pending.set(Pending::None);
                        }
                    }
                }
            });
            move || drop(listener)
        });
    }
    let position = props.position;
    let id = workbench.library.meta_or_blank(position).id;
    let add = {
        let workbench = workbench.clone();
        let pending = pending.clone();
        move |quote: TextQuote, note: String| {
            workbench.dispatch(WorkbenchAction::AddNote {
                article: article_ref(&workbench.library, position),
                quote,
                note,
            });
            pending.set(Pending::None);
            if let Some(selection) =
                web_sys::window().and_then(|w| w.get_selection().ok().flatten())
            {
                let _ = selection.remove_all_ranges();
            }
        }
    };
    // Buttons keep the selection when pressed with a pointer.
    let keep_selection = Callback::from(|e: MouseEvent| e.prevent_default());
    let note_field = use_node_ref();
    let selection_tools = match &*pending {
        Pending::None => html! {},
        Pending::Selected(quote) => {
            let highlight = {
                let add = add.clone();
                let quote = quote.clone();
                Callback::from(move |_: MouseEvent| add(quote.clone(), String::new()))
            };
            let write = {
                let pending = pending.clone();
                let quote = quote.clone();
                Callback::from(move |_: MouseEvent| pending.set(Pending::Writing(quote.clone())))
            };
            html! {
                <>
                    <button type="button" onmousedown={keep_selection.clone()} onclick={highlight}>{ t.highlight }</button>
                    <button type="button" class="secondary" onmousedown={keep_selection.clone()} onclick={write}>{ t.add_note }</button>
                </>
            }
        }
        Pending::Writing(quote) => {
            let submit = {
                let add = add.clone();
                let quote = quote.clone();
                let note_field = note_field.clone();
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let note = note_field
                        .cast::<web_sys::HtmlTextAreaElement>()
                        .map(|f| f.value())
                        .unwrap_or_default();
                    add(quote.clone(), note);
                })
            };
            let cancel = {
                let pending = pending.clone();
                Callback::from(move |_: MouseEvent| pending.set(Pending::None))
            };
            html! {
                <form class="note-form" onsubmit={submit}>
                    <blockquote class="note-quote">{ quote.exact.clone() }</blockquote>
                    <label for="new-note">{ t.note_label }</label>
                    <textarea id="new-note" ref={note_field.clone()} rows="3" autofocus=true />
                    <div class="note-buttons">
                        <button type="submit">{ t.save_note }</button>
                        <button type="button" class="secondary" onclick={cancel}>{ t.cancel }</button>
                    </div>
                </form>
            }
        }
    };
    let notes: Vec<Note> = workbench.data().notes_on(&id).cloned().collect();
    html! {
        <>
            <div class="selection-tools" role="group" aria-label={t.selection_tools} ref={tools}
                hidden={*pending == Pending::None}>
                { selection_tools }
            </div>
            if !notes.is_empty() {
                <section class="article-notes" aria-labelledby="article-notes-heading">
                    <h2 id="article-notes-heading">{ t.notes_heading }</h2>
                    <ul class="note-list">
                        { for notes.into_iter().map(|note| {
                            let key = note.id.clone();
                            html! { <NoteItem {key} {note} /> }
                        }) }
                    </ul>
                </section>
            }
        </>
    }
}

/// Props of [`NoteItem`].
#[derive(Properties, PartialEq)]
pub struct NoteItemProps {
    /// The note.
    pub note: Note,
}

/// One highlighted passage with its note, to edit or remove; its element is what the passage's
/// mark in the body is described by (`note-<id>`).
#[component]
pub fn NoteItem(props: &NoteItemProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = texts(locale);
    let workbench = use_workbench().expect("notes show under the workbench");
    let editing = use_state_eq(|| false);
    let field = use_node_ref();
    let note = &props.note;
    let remove = {
        let workbench = workbench.clone();
        let id = note.id.clone();
        Callback::from(move |_: MouseEvent| {
            workbench.dispatch(WorkbenchAction::RemoveNote(id.clone()))
        })
    };
    let edit = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(true))
    };
    let save = {
        let workbench = workbench.clone();
        let editing = editing.clone();
        let field = field.clone();
        let id = note.id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = field
                .cast::<web_sys::HtmlTextAreaElement>()
                .map(|f| f.value())
                .unwrap_or_default();
            workbench.dispatch(WorkbenchAction::EditNote {
                id: id.clone(),
                note: text,
            });
            editing.set(false);
        })
    };
    let cancel = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(false))
    };
    let field_id = format!("edit-{}", note.id);
    html! {
        <li class="note-item">
            <div id={format!("note-{}", note.id)}>
                <blockquote class="note-quote">{ note.quote.exact.clone() }</blockquote>
                if !note.note.is_empty() {
                    <p class="note-text"><span class="visually-hidden">{ t.note_prefix }</span>{ note.note.clone() }</p>
                }
            </div>
            if *editing {
                <form class="note-form" onsubmit={save}>
                    <label for={field_id.clone()}>{ t.note_label }</label>
                    <textarea id={field_id} ref={field} rows="3" value={note.note.clone()} autofocus=true />
                    <div class="note-buttons">
                        <button type="submit">{ t.save_note }</button>
                        <button type="button" class="secondary" onclick={cancel}>{ t.cancel }</button>
                    </div>
                </form>
            } else {
                <div class="note-buttons">
                    <button type="button" class="secondary" onclick={edit}>{ t.edit_note }</button>
                    <button type="button" class="secondary" onclick={remove}>{ t.remove_highlight }</button>
                </div>
            }
        </li>
    }
}
