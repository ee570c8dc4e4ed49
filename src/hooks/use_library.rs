//! Loading the bundle once, when the app starts.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::library::{fetch_manifest, Library, LoadError, Progress};

/// Where the bundle is: on its way, ready, or unreadable.
#[derive(Clone, PartialEq)]
pub enum LoadState {
    /// Files are arriving.
    Loading(Progress),
    /// The bundle is open: format 2's catalog and index are in memory, or format 3's head is
    /// (its other pieces come as the pages need them).
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
                let result = match fetch_manifest().await {
                    Ok(manifest) => Library::open(&manifest, move |p| {
                        progress_state.set(LoadState::Loading(p))
                    })
                    .await
                    .map(|library| LoadState::Ready(Rc::new(library))),
                    Err(error) => Err(error),
                };
                state.set(result.unwrap_or_else(LoadState::Failed));
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

/// Bumped each time a piece of a format-3 bundle arrives or fails (never for format 2), given
/// as context: the views that show what pieces hold read it, so that they render again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Arrivals(pub u32);

/// Counts the arrivals of `state`'s library (see [`Arrivals`]).
#[hook]
pub fn use_arrivals(state: &LoadState) -> Arrivals {
    let count = use_state_eq(|| 0u32);
    let library = match state {
        LoadState::Ready(library) => Some(library.clone()),
        _ => None,
    };
    {
        let count = count.clone();
        use_effect_with(library, move |library| {
            if let Some(library) = library {
                // A counter kept outside the state handle: several arrivals may land before
                // the next render.
                let seen = Rc::new(std::cell::Cell::new(0u32));
                library.on_change(Rc::new(move || {
                    seen.set(seen.get().wrapping_add(1));
                    count.set(seen.get());
                }));
            }
        });
    }
    Arrivals(*count)
}

/// How long after the library is ready its late parts are fetched.
const LATE_PART_DELAY: std::time::Duration = std::time::Duration::from_millis(1000);

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

/// One of the bundle's files that the list can do without at first: fetched a moment after the
/// library is ready, so that the first results and keystrokes have the network and the processor
/// to themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LatePart {
    /// The word positions (`positions.bin`), for exact phrases.
    Positions,
    /// The groups of near-duplicates (`similar.bin`).
    Similar,
}

impl LatePart {
    /// Loads the part into `library`.
    async fn load(self, library: &Library) -> Result<(), LoadError> {
        match self {
            LatePart::Positions => library.load_positions().await,
            LatePart::Similar => library.load_similar().await,
        }
    }

    /// What the reader loses when the part cannot be loaded, for the console. (No detail of the
    /// error: formatting it would add its code to the app.)
    fn without(self) -> &'static str {
        match self {
            LatePart::Positions => {
                "positions.bin could not be loaded: phrases match as all their words"
            }
            LatePart::Similar => "similar.bin could not be loaded: every version is listed",
        }
    }
}

/// Fetches `part` of the library once it is ready (after [`LATE_PART_DELAY`]); returns whether it
/// is here. A part that fails to load leaves the app working without it.
#[hook]
pub fn use_late_part(state: &LoadState, part: LatePart) -> bool {
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
                    yew::platform::time::sleep(LATE_PART_DELAY).await;
                    match part.load(&library).await {
                        Ok(()) => ready.set(true),
                        Err(_) => web_sys::console::warn_1(&part.without().into()),
                    }
                });
            }
        });
    }
    *ready
}
