//! The progress indicator shown while the bundle downloads.

use kiosque_core::Locale;
use yew::prelude::*;

use crate::i18n::texts;
use crate::library::Progress;

/// Props of [`Loading`].
#[derive(Properties, PartialEq)]
pub struct LoadingProps {
    /// Bytes received and expected.
    pub progress: Progress,
}

/// A labelled progress bar: determinate once the size is known.
#[component]
pub fn Loading(props: &LoadingProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let label = texts(locale).loading;
    let percent = props
        .progress
        .total
        .filter(|t| *t > 0)
        .map(|t| (props.progress.received.min(t) * 100 / t).to_string());
    html! {
        <div class="loading" role="status">
            <p>{ label }</p>
            <progress max="100" value={percent.clone()} aria-label={label}>{ percent.unwrap_or_default() }</progress>
        </div>
    }
}
