//! An article's Markdown, rendered.

use yew::prelude::*;

/// Props of [`ArticleBody`].
#[derive(Properties, PartialEq)]
pub struct ArticleBodyProps {
    /// The body as Markdown, as found in the bundle (untrusted).
    pub markdown: AttrValue,
}

/// Renders untrusted Markdown. The HTML comes from [`kiosque_core::markdown::to_safe_html`], which
/// escapes raw HTML and drops script links, so inserting it unchecked is safe.
#[function_component]
pub fn ArticleBody(props: &ArticleBodyProps) -> Html {
    let html = use_memo(props.markdown.clone(), |markdown| {
        AttrValue::from(kiosque_core::markdown::to_safe_html(markdown))
    });
    html! {
        <div class="article-body">{ Html::from_html_unchecked((*html).clone()) }</div>
    }
}
