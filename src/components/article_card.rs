//! One article in a list.

use kiosque_core::bundle::CatalogEntry;
use kiosque_core::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::DateLabel;
use crate::i18n;

/// Props of [`ArticleCard`].
#[derive(Properties, PartialEq)]
pub struct ArticleCardProps {
    /// The article's catalog entry.
    pub entry: CatalogEntry,
}

/// Title (a link), date, source and authors, tags, and summary.
#[function_component]
pub fn ArticleCard(props: &ArticleCardProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let meta = &props.entry.meta;
    let byline = byline(locale, meta.source.as_deref(), &meta.authors);
    html! {
        <li class="card" lang={meta.lang.clone()}>
            <h2 class="card-title">
                <Link<Route> to={Route::Article { id: meta.id.clone() }}>{ &meta.title }</Link<Route>>
            </h2>
            <p class="card-meta">
                <DateLabel date={meta.date} />
                if !byline.is_empty() { <span class="byline">{ byline }</span> }
            </p>
            if !meta.summary.is_empty() { <p class="card-summary">{ &meta.summary }</p> }
            if !meta.tags.is_empty() {
                <ul class="tags" aria-label={i18n::texts(locale).tags_label}>
                    { for meta.tags.iter().map(|t| html! { <li>{ t }</li> }) }
                </ul>
            }
        </li>
    }
}

/// "Source · by A and B".
pub fn byline(locale: Locale, source: Option<&str>, authors: &[String]) -> String {
    let authors = (!authors.is_empty()).then(|| {
        format!(
            "{} {}",
            i18n::texts(locale).by,
            i18n::join_names(locale, authors)
        )
    });
    [source.map(str::to_owned), authors]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}
