//! The list of articles, newest first.

use std::rc::Rc;

use kiosque_core::Locale;
use yew::prelude::*;

use crate::components::ArticleCard;
use crate::i18n;
use crate::library::Library;

/// Props of [`ListPage`].
#[derive(Properties, PartialEq)]
pub struct ListPageProps {
    /// The loaded bundle.
    pub library: Rc<Library>,
}

/// Every article, newest first (the bundle stores them oldest first).
#[function_component]
pub fn ListPage(props: &ListPageProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let entries = &props.library.entries;
    html! {
        <section class="list" aria-labelledby="list-heading">
            <h1 id="list-heading" class="visually-hidden">{ i18n::texts(locale).articles_label }</h1>
            <p class="count" role="status">{ i18n::article_count(locale, entries.len()) }</p>
            <ol class="cards">
                { for entries.iter().rev().map(|entry| html! {
                    <ArticleCard key={entry.meta.id.clone()} entry={entry.clone()} />
                }) }
            </ol>
        </section>
    }
}
