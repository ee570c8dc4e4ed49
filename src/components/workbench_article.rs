//! The workbench's tools on an article: save it (to the reading list or a collection), mark it
//! read or unread, cite it, print it.

use kiosque_core::Locale;
use yew::prelude::*;

use crate::i18n::workbench::texts;
use crate::workbench::data::{WorkbenchAction, READING_LIST};
use crate::workbench::export::{citation, Reference};
use crate::workbench::{
    article_ref, article_url, browser, toggle_saved, use_workbench, WorkbenchContext,
};

/// A toggle button saving the article to the reading list (`aria-pressed` says whether it is).
///
/// It is the save toggle of the article `id` at `position`, named after its `title` in a list of
/// results. A plain function rather than a component so that a result row, drawn again at each
/// keystroke, does not mount one more component with its own context look-ups and meta copy.
pub fn save_button(
    workbench: &WorkbenchContext,
    locale: Locale,
    position: usize,
    id: &str,
    title: Option<&str>,
) -> Html {
    let t = texts(locale);
    let saved = workbench.data().is_in(READING_LIST, id);
    let onclick = {
        let workbench = workbench.clone();
        Callback::from(move |_: MouseEvent| toggle_saved(&workbench, position))
    };
    // The name stays "Save" whatever the state: `aria-pressed` says whether it is saved.
    let separator = if locale == Locale::Fr { " : " } else { ": " };
    let name = title.map(|title| format!("{}{separator}{title}", t.save));
    html! {
        <button type="button" class={classes!("save-button", saved.then_some("is-saved"))}
            aria-pressed={saved.to_string()} aria-label={name} aria-keyshortcuts="S" {onclick}>
            <span aria-hidden="true">{ if saved { "★ " } else { "☆ " } }</span>{ t.save }
        </button>
    }
}

/// Props of [`ArticleTools`].
#[derive(Properties, PartialEq)]
pub struct ArticleToolsProps {
    /// Catalog position of the article.
    pub position: usize,
}

/// Save, collections, read state, cite and print, under the article's title.
#[component]
pub fn ArticleTools(props: &ArticleToolsProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = texts(locale);
    let workbench = use_workbench().expect("articles show under the workbench");
    let position = props.position;
    let meta = &workbench.library.meta_or_blank(position);
    let id = meta.id.clone();
    let read = workbench.data().is_read(&id);
    let toggle_read = {
        let workbench = workbench.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| {
            workbench.dispatch(if read {
                WorkbenchAction::MarkUnread(vec![id.clone()])
            } else {
                WorkbenchAction::MarkRead(vec![article_ref(&workbench.library, position)])
            })
        })
    };
    let new_name = use_node_ref();
    let create = {
        let workbench = workbench.clone();
        let new_name = new_name.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = crate::workbench::take_value(&new_name);
            workbench.dispatch(WorkbenchAction::Create {
                name,
                article: Some(article_ref(&workbench.library, position)),
            });
        })
    };
    let collections = workbench.data().collections.iter().map(|c| {
        let checked = c.items.contains(&id);
        let name = if c.id == READING_LIST {
            t.reading_list.to_owned()
        } else {
            c.name.clone()
        };
        let field = format!("in-{}", c.id);
        let onchange = {
            let workbench = workbench.clone();
            let collection = c.id.clone();
            Callback::from(move |_: Event| {
                workbench.dispatch(WorkbenchAction::Toggle {
                    collection: collection.clone(),
                    article: article_ref(&workbench.library, position),
                })
            })
        };
        html! {
            <li class="check">
                <input type="checkbox" id={field.clone()} {checked} {onchange} />
                <label for={field}>{ name }</label>
            </li>
        }
    });
    let cite_dialog = use_node_ref();
    let open_cite = {
        let cite_dialog = cite_dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(dialog) = cite_dialog.cast::<web_sys::HtmlDialogElement>() {
                let _ = dialog.show_modal();
            }
        })
    };
    let print = Callback::from(|_: MouseEvent| browser::print());
    html! {
        <div class="article-tools" role="group" aria-label={t.article_tools}>
            { save_button(&workbench, locale, position, &id, None) }
            <details class="collections-menu">
                <summary>{ t.collections }</summary>
                <div class="collections-popover">
                    <ul class="collection-choices">{ for collections }</ul>
                    <form class="new-collection" onsubmit={create}>
                        <label for="new-collection-name">{ t.new_collection }</label>
                        <input type="text" id="new-collection-name" ref={new_name} required=true />
                        <button type="submit" class="secondary">{ t.create }</button>
                    </form>
                </div>
            </details>
            <button type="button" class="secondary read-toggle" aria-pressed={read.to_string()} onclick={toggle_read}>
                { if read { t.mark_unread } else { t.mark_read } }
            </button>
            <button type="button" class="secondary" onclick={open_cite}>{ t.cite }</button>
            <button type="button" class="secondary" onclick={print}>{ t.print }</button>
            <CiteDialog dialog={cite_dialog} {position} />
        </div>
    }
}

/// Props of [`CiteDialog`].
#[derive(Properties, PartialEq)]
struct CiteDialogProps {
    dialog: NodeRef,
    position: usize,
}

/// The formatted reference in the interface's language, with a button copying it.
#[component]
fn CiteDialog(props: &CiteDialogProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = texts(locale);
    let workbench = use_workbench().expect("articles show under the workbench");
    let meta = &workbench.library.meta_or_blank(props.position);
    let text = citation(&Reference::of(meta, article_url(&meta.id)), locale);
    let status = use_state(|| None::<bool>);
    let text_ref = use_node_ref();
    let copy = {
        let text = text.clone();
        let status = status.clone();
        let text_ref = text_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let text = text.clone();
            let status = status.clone();
            let text_ref = text_ref.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let copied = browser::copy(&text).await;
                if !copied {
                    if let Some(area) = text_ref.cast::<web_sys::HtmlTextAreaElement>() {
                        area.select();
                    }
                }
                status.set(Some(copied));
            });
        })
    };
    let close = {
        let dialog = props.dialog.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(dialog) = dialog.cast::<web_sys::HtmlDialogElement>() {
                dialog.close();
            }
            status.set(None);
        })
    };
    html! {
        <dialog ref={props.dialog.clone()} class="cite-dialog" aria-labelledby="cite-heading">
            <h2 id="cite-heading">{ t.cite_heading }</h2>
            <label for="citation" class="visually-hidden">{ t.cite_heading }</label>
            <textarea id="citation" class="citation" readonly=true rows="4" ref={text_ref} value={text} />
            <p class="copy-status" role="status">
                { match *status {
                    Some(true) => t.copied,
                    Some(false) => t.copy_failed,
                    None => "",
                } }
            </p>
            <div class="dialog-buttons">
                <button type="button" onclick={copy}>{ t.copy }</button>
                <button type="button" class="secondary" onclick={close}>{ t.close }</button>
            </div>
        </dialog>
    }
}
