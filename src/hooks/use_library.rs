//! Loading the bundle once, when the app starts.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::library::{Library, LoadError, Progress};

/// Where the bundle is: on its way, ready, or unreadable.
#[derive(Clone, PartialEq)]
pub enum LoadState {
    /// Files are arriving.
    Loading(Progress),
    /// The catalog is in memory.
    Ready(Rc<Library>),
    /// The bundle cannot be shown; the reader is told why.
    Failed(LoadError),
}

/// Starts loading the bundle on first render and returns the current state; the component
/// re-renders as progress is made.
#[hook]
pub fn use_library() -> LoadState {
    let state = use_state(|| LoadState::Loading(Progress::default()));
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                let progress_state = state.clone();
                let result =
                    Library::load(move |p| progress_state.set(LoadState::Loading(p))).await;
                state.set(match result {
                    Ok(library) => LoadState::Ready(Rc::new(library)),
                    Err(error) => LoadState::Failed(error),
                });
                // static/sw-register.js waits for this before the service worker starts keeping
                // the bundle, so the two downloads do not compete.
                if let (Some(window), Ok(event)) =
                    (web_sys::window(), web_sys::Event::new("kiosque:settled"))
                {
                    let _ = window.dispatch_event(&event);
                }
            });
        });
    }
    (*state).clone()
}
