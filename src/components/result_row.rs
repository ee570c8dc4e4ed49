//! One result: title (a link), date, source and authors, a snippet with the matches marked, tags.

use std::rc::Rc;

use kiosque_core::similar::Folded;
use kiosque_core::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{save_button, DateLabel};
use crate::highlight::{marked, SharedHighlighter};
use crate::i18n;
use crate::library::Library;

/// Words in a snippet.
const SNIPPET_WORDS: usize = 30;

/// Props of [`ResultRow`].
#[derive(Properties, PartialEq)]
pub struct ResultRowProps {
    /// The loaded bundle.
    pub library: Rc<Library>,
    /// Catalog position of the article.
    pub position: usize,
    /// Place in the results, from 0.
    pub index: usize,
    /// Number of results.
    pub total: usize,
    /// Marks the query's words.
    pub highlighter: SharedHighlighter,
    /// Whether the article's body is here (the snippet then comes from it).
    pub body_ready: bool,
    /// The list's URL parameters, carried to the article so it can highlight and go back.
    pub link_query: Rc<Vec<(String, String)>>,
    /// The row's place among near-duplicates: its hidden versions, or whether it is one.
    pub row: Folded,
    /// Whether its group's other versions are shown under it.
    pub expanded: bool,
    /// Shows or hides the other versions of a group.
    pub on_toggle_group: Callback<u32>,
}

/// What a row shows under its title.
#[derive(PartialEq)]
struct Snippet {
    text: String,
    marks: Vec<std::ops::Range<usize>>,
    /// The summary stands in until the text the snippet is cut from arrives (the row then says
    /// so with the class `snippet-pending`, which the benchmarks read).
    pending: bool,
}

impl Snippet {
    fn final_one(text: String, marks: Vec<std::ops::Range<usize>>) -> Self {
        Self {
            text,
            marks,
            pending: false,
        }
    }
}

/// A result in the list. Until the body arrives (format 3: the row's text, while its title may
/// be here already from its card), the catalog summary stands in for the snippet.
#[component]
pub fn ResultRow(props: &ResultRowProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let snippet = use_memo(
        (props.position, props.highlighter.clone(), props.body_ready),
        {
            let library = props.library.clone();
            move |(position, highlighter, _)| {
                let summary = library
                    .with_meta(*position, |meta| meta.summary.clone())
                    .unwrap_or_default();
                if highlighter.0.is_empty() {
                    return Snippet::final_one(summary, Vec::new());
                }
                match library.plain_text(*position) {
                    Some(text) => {
                        let s = highlighter.0.snippet(&text, SNIPPET_WORDS);
                        Snippet::final_one(s.text, s.highlights)
                    }
                    None => {
                        let marks = highlighter.0.highlight(&summary);
                        Snippet {
                            text: summary,
                            marks,
                            pending: true,
                        }
                    }
                }
            }
        },
    );
    let t = i18n::texts(locale);
    // Read results are shown apart (the workbench's data; nothing outside it).
    let workbench = use_context::<crate::workbench::WorkbenchContext>();
    // Format 3: the row's group has not arrived yet (the list has asked for it).
    let Some(html) = props.library.with_meta(props.position, |meta| {
        row_html(props, locale, meta, &snippet, workbench)
    }) else {
        return html! {
            <li class="result loading" aria-busy="true" data-index={props.index.to_string()}
                aria-posinset={(props.index + 1).to_string()} aria-setsize={props.total.to_string()}>
                { t.loading_row }
            </li>
        };
    };
    html
}

/// The row of the article `meta`, with its snippet and its matches.
fn row_html(
    props: &ResultRowProps,
    locale: Locale,
    meta: &kiosque_core::article::ArticleMeta,
    snippet: &Snippet,
    workbench: Option<crate::workbench::WorkbenchContext>,
) -> Html {
    let highlighter = &props.highlighter.0;
    let title_marks = highlighter.highlight(&meta.title);
    let read = workbench
        .as_ref()
        .is_some_and(|w| w.data().is_read(&meta.id));
    let byline = i18n::byline(locale, meta.source.as_deref(), &meta.authors);
    let query = (!props.link_query.is_empty()).then(|| (*props.link_query).clone());
    let t = i18n::texts(locale);
    let versions = match (props.row.group, props.row.others) {
        (Some(group), others) if others > 0 => {
            let on_toggle = props.on_toggle_group.clone();
            let label = i18n::other_versions(locale, others, props.expanded);
            Some(html! {
                <button type="button" class="versions-toggle" aria-expanded={props.expanded.to_string()}
                    onclick={Callback::from(move |_: MouseEvent| on_toggle.emit(group))}>
                    <span aria-hidden="true">{ if props.expanded { "▾ " } else { "▸ " } }</span>{ label }
                </button>
            })
        }
        _ => None,
    };
    let tags = (!meta.tags.is_empty()).then(|| {
        html! {
            <ul class="tags" aria-label={t.tags_label}>
                { for meta.tags.iter().map(|t| html! { <li>{ t }</li> }) }
            </ul>
        }
    });
    html! {
        <li class={classes!("result", props.row.version.then_some("version"), read.then_some("is-read"), snippet.pending.then_some("snippet-pending"))} lang={meta.lang.clone()} data-index={props.index.to_string()}
            data-article-id={meta.id.clone()}
            aria-posinset={(props.index + 1).to_string()} aria-setsize={props.total.to_string()}>
            <h2 class="result-title">
                // Inside the title's line, so that a row keeps its height while selecting.
                if let Some(tick) = select_box(workbench.as_ref(), locale, &meta.id, &meta.title) { { tick } }
                <Link<Route, Vec<(String, String)>> to={Route::Article { id: meta.id.clone() }} {query}>
                    { marked(&meta.title, &title_marks) }
                </Link<Route, Vec<(String, String)>>>
            </h2>
            <p class="result-meta">
                if props.row.version { <span class="version-label">{ t.version_label }</span> }
                <DateLabel date={meta.date} />
                if !byline.is_empty() { <span class="byline">{ byline }</span> }
                if read { <span class="read-label">{ crate::i18n::workbench::texts(locale).read_label }</span> }
                if let Some(workbench) = &workbench {
                    { save_button(workbench, locale, props.position, &meta.id, Some(&meta.title)) }
                }
            </p>
            if !snippet.text.is_empty() { <p class="result-snippet">{ marked(&snippet.text, &snippet.marks) }</p> }
            if let Some(button) = versions {
                <div class="result-foot">{ button }{ for tags }</div>
            } else {
                { for tags }
            }
        </li>
    }
}

/// The result's checkbox while the reader is selecting articles to export.
fn select_box(
    workbench: Option<&crate::workbench::WorkbenchContext>,
    locale: Locale,
    id: &str,
    title: &str,
) -> Option<Html> {
    let workbench = workbench?;
    let checked = workbench.selected()?.iter().any(|i| i == id);
    let t = crate::i18n::workbench::texts(locale);
    let separator = if locale == Locale::Fr { " : " } else { ": " };
    let onchange = {
        let workbench = workbench.clone();
        let id = id.to_owned();
        Callback::from(move |_: Event| workbench.toggle_selected(&id))
    };
    Some(html! {
        <input type="checkbox" class="select-row" {checked} {onchange}
            aria-label={format!("{}{separator}{title}", t.select_article)} />
    })
}
