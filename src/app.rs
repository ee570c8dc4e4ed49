//! Routes and the top-level layout.

use kiosque_core::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{LoadErrorView, Loading};
use crate::hooks::{use_library, LoadState};
use crate::i18n;
use crate::pages::{ArticlePage, ListPage, NotFound};

/// Every view is a URL; hash routing keeps them working on any static host and under any path.
#[derive(Clone, Routable, PartialEq, Debug)]
pub enum Route {
    /// The list of articles.
    #[at("/")]
    List,
    /// One article.
    #[at("/article/:id")]
    Article {
        /// The article's stable id.
        id: String,
    },
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// The whole app: the locale, the bundle, the header and the current route.
#[function_component]
pub fn App() -> Html {
    let locale = use_memo((), |_| i18n::browser_locale());
    let locale = *locale;
    use_effect_with(locale, |locale| {
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", locale.code());
        }
    });
    let state = use_library();
    html! {
        <ContextProvider<Locale> context={locale}>
            <HashRouter>
                <header class="site-header">
                    <Link<Route> to={Route::List} classes="site-title">{ "Kiosque" }</Link<Route>>
                </header>
                <main id="main">
                    { match state {
                        LoadState::Loading(progress) => html! { <Loading {progress} /> },
                        LoadState::Failed(error) => html! { <LoadErrorView {error} /> },
                        LoadState::Ready(library) => html! {
                            <Switch<Route> render={move |route| switch(route, library.clone())} />
                        },
                    } }
                </main>
            </HashRouter>
        </ContextProvider<Locale>>
    }
}

fn switch(route: Route, library: std::rc::Rc<crate::library::Library>) -> Html {
    match route {
        Route::List => html! { <ListPage {library} /> },
        Route::Article { id } => html! { <ArticlePage {library} id={id} /> },
        Route::NotFound => html! { <NotFound /> },
    }
}
