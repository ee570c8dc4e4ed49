//! An article's Markdown, rendered, with the query's matches marked.

use yew::prelude::*;

use crate::highlight::{mark_matches, SharedHighlighter};

/// Props of [`ArticleBody`].
#[derive(Properties, PartialEq)]
pub struct ArticleBodyProps {
    /// The body as Markdown, as found in the bundle (untrusted).
    pub markdown: AttrValue,
    /// What to mark; key the component by the query so a new query starts from clean text.
    #[prop_or_default]
    pub highlighter: Option<SharedHighlighter>,
    /// Told how many matches were marked, once the body is in the page.
    #[prop_or_default]
    pub on_marked: Callback<usize>,
}

/// Renders untrusted Markdown. The HTML comes from [`kiosque_core::markdown::to_safe_html`], which
/// escapes raw HTML and drops script links, so inserting it unchecked is safe. Matches are marked
/// afterwards by walking the text nodes, so the marks never touch markup or attributes.
#[function_component]
pub fn ArticleBody(props: &ArticleBodyProps) -> Html {
    let html = use_memo(props.markdown.clone(), |markdown| {
        AttrValue::from(kiosque_core::markdown::to_safe_html(markdown))
    });
    let node = use_node_ref();
    {
        let node = node.clone();
        let on_marked = props.on_marked.clone();
        use_effect_with(
            (html.clone(), props.highlighter.clone()),
            move |(_, highlighter)| {
                let count = match (node.cast::<web_sys::Element>(), highlighter) {
                    (Some(root), Some(h)) => mark_matches(&root, &h.0),
                    _ => 0,
                };
                on_marked.emit(count);
            },
        );
    }
    html! {
        <div class="article-body" ref={node}>{ Html::from_html_unchecked((*html).clone()) }</div>
    }
}
