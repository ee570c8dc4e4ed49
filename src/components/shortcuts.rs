//! The keyboard shortcuts, listed in a modal dialog (`?` opens it, Esc closes it).

use kiosque_core::Locale;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n;

/// Id of the dialog, so that `?` and the header button can open it.
pub const SHORTCUTS_DIALOG_ID: &str = "shortcuts";

/// Opens the shortcuts dialog.
pub fn open_shortcuts() {
    let dialog = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(SHORTCUTS_DIALOG_ID))
        .and_then(|e| e.dyn_into::<web_sys::HtmlDialogElement>().ok());
    if let Some(dialog) = dialog {
        if !dialog.open() {
            let _ = dialog.show_modal();
        }
    }
}

/// The dialog; the browser gives it focus trapping and closing with Esc.
#[component]
pub fn ShortcutsDialog() -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let close = Callback::from(|e: MouseEvent| {
        if let Some(dialog) = e
            .target_dyn_into::<web_sys::Element>()
            .and_then(|b| b.closest("dialog").ok().flatten())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDialogElement>().ok())
        {
            dialog.close();
        }
    });
    let rows: [(&[&str], &str); 7] = [
        (&["/"], t.key_slash),
        (&["j", "k"], t.key_jk),
        (&["Enter"], t.key_enter),
        (&["Esc"], t.key_esc),
        (&["n", "N"], t.key_n),
        (&["s"], i18n::workbench::texts(locale).save_shortcut),
        (&["?"], t.key_help),
    ];
    html! {
        <dialog id={SHORTCUTS_DIALOG_ID} class="shortcuts" aria-labelledby="shortcuts-title">
            <h2 id="shortcuts-title">{ t.shortcuts_title }</h2>
            <dl>
                { for rows.iter().map(|(keys, what)| html! {
                    <div class="shortcut">
                        <dt>{ for keys.iter().enumerate().map(|(i, k)| html! {
                            <>
                                if i > 0 { { " / " } }
                                <kbd>{ *k }</kbd>
                            </>
                        }) }</dt>
                        <dd>{ *what }</dd>
                    </div>
                }) }
            </dl>
            <button type="button" class="secondary" onclick={close}>{ t.close }</button>
        </dialog>
    }
}
