//! Routes and the top-level layout: header with language and theme switches, the current view,
//! and the shortcut that works everywhere (`?`; `/` belongs to the views, see `pages`).

use kiosque_core::Locale;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{
    open_shortcuts, LoadErrorView, Loading, OfflinePanel, PieceErrorView, ShortcutsDialog,
    UpdateBanner,
};
use crate::hooks::ViewMemory;
use crate::hooks::{
    use_arrivals, use_late_part, use_library, Arrivals, LatePart, LoadState, PhrasesReady,
    VersionsReady,
};
use crate::i18n;
use crate::keys::{has_command_modifier, is_typing_target, on_keydown};
use crate::pages::{ArticlePage, ListPage, NotFound, WorkbenchPage};
use crate::preferences::{self, Theme};

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
    /// The reader's collections, settings and data.
    #[at("/library")]
    Library,
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// The whole app: the locale, the bundle, the header and the current route.
#[component]
pub fn App() -> Html {
    let locale = use_state(preferences::locale);
    let theme = use_state(preferences::effective_theme);
    use_effect_with(*locale, |locale| {
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", locale.code());
        }
    });
    use_effect_with((), |_| {
        preferences::apply_theme(preferences::chosen_theme());
        // The app restores list positions itself; the browser's guess would fight it.
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
        }
        let listener = on_keydown(|event| {
            if has_command_modifier(event) || is_typing_target(event) {
                return;
            }
            if event.key() == "?" {
                event.prevent_default();
                open_shortcuts();
            }
        });
        move || drop(listener)
    });

    let t = i18n::texts(*locale);
    let switch_locale = {
        let locale = locale.clone();
        Callback::from(move |_: MouseEvent| {
            let next = match *locale {
                Locale::Fr => Locale::En,
                Locale::En => Locale::Fr,
            };
            preferences::set_locale(next);
            locale.set(next);
        })
    };
    let switch_theme = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = theme.toggled();
            preferences::set_theme(next);
            theme.set(next);
        })
    };
    let (theme_label, theme_icon) = match *theme {
        Theme::Light => (t.theme_to_dark, "☾"),
        Theme::Dark => (t.theme_to_light, "☀"),
    };
    let show_shortcuts = Callback::from(|_: MouseEvent| open_shortcuts());
    let memory = use_memo((), |_| ViewMemory::default());
    let state = use_library();
    let phrases = PhrasesReady(use_late_part(&state, LatePart::Positions));
    let versions = VersionsReady(use_late_part(&state, LatePart::Similar));
    let arrivals = use_arrivals(&state);
    let (failure, redeployed) = match &state {
        LoadState::Ready(library) => (library.failure(), library.redeployed()),
        _ => (None, false),
    };
    let opened = match &state {
        LoadState::Ready(library) => Some(library.clone()),
        _ => None,
    };
    let retry = match &state {
        LoadState::Ready(library) => {
            let library = library.clone();
            Callback::from(move |()| library.retry())
        }
        _ => Callback::noop(),
    };
    html! {
        <ContextProvider<Locale> context={*locale}>
        <ContextProvider<ViewMemory> context={(*memory).clone()}>
        <ContextProvider<PhrasesReady> context={phrases}>
        <ContextProvider<VersionsReady> context={versions}>
        <ContextProvider<Arrivals> context={arrivals}>
            <HashRouter>
                <a class="skip-link" href="#main" onclick={Callback::from(|e: MouseEvent| {
                    // The hash belongs to the router: move the focus instead of navigating.
                    e.prevent_default();
                    if let Some(main) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("main")) {
                        if let Some(main) = main.dyn_ref::<web_sys::HtmlElement>() {
                            let _ = main.focus();
                        }
                    }
                })}>{ t.skip_to_content }</a>
                <header class="site-header">
                    <div class="header-inner">
                        <Link<Route> to={Route::List} classes="site-title">{ "Kiosque" }</Link<Route>>
                        <nav class="header-controls" aria-label={t.site_nav}>
                            <Link<Route> to={Route::Library} classes="library-link">{ i18n::workbench::texts(*locale).my_library }</Link<Route>>
                            <button type="button" class="icon-button" onclick={show_shortcuts}
                                aria-label={t.shortcuts_button} title={t.shortcuts_button} aria-keyshortcuts="?">{ "?" }</button>
                            <button type="button" class="icon-button" onclick={switch_theme}
                                aria-label={theme_label} title={theme_label}>
                                <span aria-hidden="true">{ theme_icon }</span>
                            </button>
                            <button type="button" class="lang-button" onclick={switch_locale}
                                lang={t.other_language_code}>{ t.other_language }</button>
                        </nav>
                    </div>
                </header>
                <main id="main" tabindex="-1">
                    if let Some(message) = failure {
                        <PieceErrorView {message} {redeployed} on_retry={retry} />
                    }
                    { match state {
                        LoadState::Loading(progress) => html! { <Loading {progress} /> },
                        LoadState::Failed(error) => html! { <LoadErrorView {error} /> },
                        LoadState::Ready(library) => html! {
                            <crate::workbench::WorkbenchProvider library={library.clone()}>
                                <Switch<Route> render={move |route| switch(route, library.clone())} />
                            </crate::workbench::WorkbenchProvider>
                        },
                    } }
                </main>
                <ShortcutsDialog />
                <OfflinePanel library={opened} />
                <UpdateBanner bundle_changed={redeployed} />
            </HashRouter>
        </ContextProvider<Arrivals>>
        </ContextProvider<VersionsReady>>
        </ContextProvider<PhrasesReady>>
        </ContextProvider<ViewMemory>>
        </ContextProvider<Locale>>
    }
}

fn switch(route: Route, library: std::rc::Rc<crate::library::Library>) -> Html {
    match route {
        Route::List => html! { <ListPage {library} /> },
        Route::Article { id } => html! { <ArticlePage {library} id={id} /> },
        Route::Library => html! { <WorkbenchPage /> },
        Route::NotFound => html! { <NotFound /> },
    }
}
