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
        LoadError::Piece(message) => (t.broken_title, message.clone()),
    };
    html! {
        <section class="load-error" role="alert">
            <h1>{ title }</h1>
            <p>{ detail }</p>
        </section>
    }
}

/// Props of [`PieceErrorView`].
#[derive(Properties, PartialEq)]
pub struct PieceErrorViewProps {
    /// What could not be loaded, naming the file.
    pub message: AttrValue,
    /// Whether the site was redeployed meanwhile (the update banner then offers to switch).
    pub redeployed: bool,
    /// Asked to fetch what failed again.
    pub on_retry: Callback<()>,
}

/// Above the page, when a piece of a format-3 bundle could not be loaded: what, and Retry (or,
/// when the site has been redeployed, that the update banner offers the new version).
#[component]
pub fn PieceErrorView(props: &PieceErrorViewProps) -> Html {
    let t = texts(use_context::<Locale>().unwrap_or_default());
    let retry = props.on_retry.reform(|_: MouseEvent| ());
    html! {
        <div class="load-error piece-error" role="alert">
            <p>{ t.piece_failed }{ " " }{ props.message.clone() }</p>
            if props.redeployed {
                <p>{ t.site_updated }</p>
            } else {
                <button type="button" class="secondary" onclick={retry}>{ t.retry }</button>
            }
        </div>
    }
}
