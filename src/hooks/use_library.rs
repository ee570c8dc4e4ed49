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

/// How long after the library is ready the word positions are fetched.
const POSITIONS_DELAY: std::time::Duration = std::time::Duration::from_millis(1000);

/// Whether phrases are matched exactly: the word positions (`positions.bin`) have arrived. They
/// are fetched once the library is ready, after the first results are on screen; until then a
/// phrase matches the articles holding all its words. Given as context so that the views that
/// search run again when this changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhrasesReady(pub bool);

/// Whether the groups of near-duplicates (`similar.bin`) have arrived: until then the list shows
/// every version. Given as context, like [`PhrasesReady`], so the list folds them on arrival.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VersionsReady(pub bool);

/// Fetches the library's near-duplicate groups after the first results (as the positions are);
/// returns whether they are here.
#[hook]
pub fn use_versions(state: &LoadState) -> VersionsReady {
    let ready = use_state(|| false);
    let library = match state {
        LoadState::Ready(library) => Some(library.clone()),
        _ => None,
    };
    {
        let ready = ready.clone();
        use_effect_with(library, move |library| {
            if let Some(library) = library.clone() {
                spawn_local(async move {
                    yew::platform::time::sleep(POSITIONS_DELAY).await;
                    match library.load_similar().await {
                        Ok(()) => ready.set(true),
                        // Every version stays listed; nothing else depends on the groups.
                        Err(_) => web_sys::console::warn_1(
                            &"similar.bin could not be loaded: every version is listed".into(),
                        ),
                    }
                });
            }
        });
    }
    VersionsReady(*ready)
}

/// Fetches the library's word positions once it is ready; returns whether they are here.
#[hook]
pub fn use_positions(state: &LoadState) -> PhrasesReady {
    let ready = use_state(|| false);
    let library = match state {
        LoadState::Ready(library) => Some(library.clone()),
        _ => None,
    };
    {
        let ready = ready.clone();
        use_effect_with(library, move |library| {
            if let Some(library) = library.clone() {
                spawn_local(async move {
                    // After the first results and the reader's first keystrokes have had the
                    // network and the processor to themselves.
                    yew::platform::time::sleep(POSITIONS_DELAY).await;
                    match library.load_positions().await {
                        Ok(()) => ready.set(true),
                        // Phrases keep matching as all their words; searching still works.
                        // (No detail: formatting the error would add its code to the app.)
                        Err(_) => web_sys::console::warn_1(
                            &"positions.bin could not be loaded: phrases match as all their words"
                                .into(),
                        ),
                    }
                });
            }
        });
    }
    PhrasesReady(*ready)
}
