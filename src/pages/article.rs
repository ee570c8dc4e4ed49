//! One article, with its body fetched on first view.

use std::rc::Rc;

use kiosque_core::Locale;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{ArticleBody, DateLabel, LoadErrorView};
use crate::i18n;
use crate::library::{Library, LoadError};
use crate::pages::NotFound;

/// Props of [`ArticlePage`].
#[derive(Properties, PartialEq)]
pub struct ArticlePageProps {
    /// The loaded bundle.
    pub library: Rc<Library>,
    /// The article id from the URL.
    pub id: AttrValue,
}

#[derive(Clone, PartialEq)]
enum Body {
    Loading,
    Ready(AttrValue),
    Failed(LoadError),
}

/// Title, date, byline, tags, reading time and the rendered body.
#[function_component]
pub fn ArticlePage(props: &ArticlePageProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let position = props.library.position(&props.id);
    let body = use_state(|| Body::Loading);
    {
        let body = body.clone();
        let library = props.library.clone();
        use_effect_with(position, move |position| {
            if let Some(position) = *position {
                body.set(Body::Loading);
                spawn_local(async move {
                    body.set(match library.body(position).await {
                        Ok(markdown) => Body::Ready(markdown.into()),
                        Err(error) => Body::Failed(error),
                    });
                });
            }
        });
    }
    let Some(position) = position else {
        return html! { <NotFound /> };
    };
    let meta = &props.library.entries[position].meta;
    let byline =
        crate::components::article_card::byline(locale, meta.source.as_deref(), &meta.authors);
    html! {
        <article class="article" lang={meta.lang.clone()}>
            <nav class="article-nav" aria-label={t.back_to_list}>
                <Link<Route> to={Route::List}>{ t.back_to_list }</Link<Route>>
            </nav>
            <header class="article-header">
                <h1>{ &meta.title }</h1>
                <p class="article-meta">
                    <DateLabel date={meta.date} />
                    if !byline.is_empty() { <span class="byline">{ byline }</span> }
                    <span class="reading-time">{ i18n::reading_time(locale, meta.reading_minutes) }</span>
                </p>
                if !meta.tags.is_empty() {
                    <ul class="tags" aria-label={t.tags_label}>
                        { for meta.tags.iter().map(|tag| html! { <li>{ tag }</li> }) }
                    </ul>
                }
            </header>
            { match &*body {
                Body::Loading => html! { <p class="loading-article" role="status">{ t.loading_article }</p> },
                Body::Ready(markdown) => html! { <ArticleBody markdown={markdown.clone()} /> },
                Body::Failed(error) => html! { <LoadErrorView error={error.clone()} /> },
            } }
        </article>
    }
}
