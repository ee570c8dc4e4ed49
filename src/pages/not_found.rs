//! The page for an address that matches nothing.

use kiosque_core::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::i18n::texts;

/// Says the address matches nothing and links back to the list.
#[component]
pub fn NotFound() -> Html {
    let t = texts(use_context::<Locale>().unwrap_or_default());
    html! {
        <section class="not-found">
            <h1>{ t.not_found_title }</h1>
            <p>{ t.not_found_body }</p>
            <p><Link<Route> to={Route::List}>{ t.back_to_list }</Link<Route>></p>
        </section>
    }
}
