//! A date at its precision, readable and machine-readable.

use kiosque_core::{ArticleDate, Locale};
use yew::prelude::*;

use crate::i18n::texts;

/// Props of [`DateLabel`].
#[derive(Properties, PartialEq)]
pub struct DateLabelProps {
    /// The date, or `None` for an undated article.
    pub date: Option<ArticleDate>,
}

/// `<time datetime="2020-04">avril 2020</time>`, or the word for "undated".
#[component]
pub fn DateLabel(props: &DateLabelProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    match props.date {
        Some(date) => html! { <time datetime={date.iso()}>{ date.display(locale) }</time> },
        None => html! { <span class="undated">{ texts(locale).undated }</span> },
    }
}
