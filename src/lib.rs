//! The Kiosque reader: a Yew single-page app that loads a bundle of articles and shows them.

mod app;
pub mod components;
pub mod crash;
mod early_fetch;
mod fetch;
pub mod highlight;
pub mod hooks;
pub mod i18n;
mod keys;
pub mod library;
pub mod list_query;
mod manifest;
mod pages;
mod preferences;
mod service_worker;
pub mod state;
pub mod timing;
pub mod workbench;

pub use app::App;

/// Mounts the app in `#kiosque`, replacing the "loading" text the page shows until WebAssembly runs.
pub fn start() {
    crash::install_panic_hook();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("the app runs in a browser page");
    match document.get_element_by_id("kiosque") {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
