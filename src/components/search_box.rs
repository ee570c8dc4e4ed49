//! The search box: the text follows the reader's typing; Escape clears it (or, empty, leaves
//! it); Enter goes to the first result.

use kiosque_core::Locale;
use yew::prelude::*;

use crate::i18n;
use crate::keys::SEARCH_INPUT_ID;

/// Props of [`SearchBox`].
#[derive(Properties, PartialEq)]
pub struct SearchBoxProps {
    /// The text shown.
    pub value: AttrValue,
    /// Goes on the `<input>`, for the views that move the focus to it.
    pub input: NodeRef,
    /// The text changed.
    pub on_input: Callback<String>,
    /// The box lost the focus.
    pub on_leave: Callback<()>,
    /// Escape in a box holding text.
    pub on_clear: Callback<()>,
    /// Enter.
    pub on_submit: Callback<()>,
}

/// The search form at the top of the list.
#[component]
pub fn SearchBox(props: &SearchBoxProps) -> Html {
    let t = i18n::texts(use_context::<Locale>().unwrap_or_default());
    let oninput = props.on_input.reform(|e: InputEvent| {
        e.target_unchecked_into::<web_sys::HtmlInputElement>()
            .value()
    });
    let onblur = props.on_leave.reform(|_: FocusEvent| ());
    let onkeydown = {
        let on_clear = props.on_clear.clone();
        let empty = props.value.is_empty();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                if !empty {
                    on_clear.emit(());
                } else if let Some(input) = e.target_dyn_into::<web_sys::HtmlElement>() {
                    let _ = input.blur();
                }
            }
        })
    };
    let onsubmit = props.on_submit.reform(|e: SubmitEvent| e.prevent_default());
    html! {
        <form class="search" role="search" {onsubmit}>
            <label for={SEARCH_INPUT_ID} class="search-label">{ t.search_label }</label>
            <input type="search" id={SEARCH_INPUT_ID} name="q" ref={props.input.clone()} value={props.value.clone()}
                placeholder={t.search_placeholder} autocomplete="off" spellcheck="false"
                aria-describedby="interpreted" {oninput} {onkeydown} {onblur} />
            <kbd class="search-key" aria-hidden="true">{ "/" }</kbd>
        </form>
    }
}
