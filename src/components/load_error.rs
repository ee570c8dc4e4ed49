//! The plain-language message shown instead of a blank page when the bundle cannot be used.

use kiosque_core::Locale;
use yew::prelude::*;

use crate::i18n::texts;
use crate::library::LoadError;

/// Props of [`LoadErrorView`].
#[derive(Properties, PartialEq)]
pub struct LoadErrorViewProps {
    /// What went wrong.
    pub error: LoadError,
}

/// A heading saying what is wrong and a sentence saying what to do.
#[component]
pub fn LoadErrorView(props: &LoadErrorViewProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = texts(locale);
    let (title, detail) = match &props.error {
        LoadError::Missing => (t.missing_title, t.missing_body.to_owned()),
        LoadError::Fetch { file, detail } => (t.broken_title, format!("{file}: {detail}")),
        LoadError::Bundle(error) => (t.broken_title, error.to_string()),
    };
    html! {
        <section class="load-error" role="alert">
            <h1>{ title }</h1>
            <p>{ detail }</p>
        </section>
    }
}
