//! An article's body, fetched when the article is shown.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::library::{Library, LoadError};

/// Where an article's body is.
#[derive(Clone, PartialEq)]
pub enum Body {
    /// On its way.
    Loading,
    /// Its body as the bundle stores it (rendered HTML and plain text).
    Ready(AttrValue),
    /// It could not be fetched; the reader is told why.
    Failed(LoadError),
}

/// The body of the article at `position` in `library`, fetched when `position` changes. Only
/// that article's body is ever returned: a body that arrives after the reader has moved to
/// another article (or left) is dropped, so a slow body for A never shows on B's page, and the
/// render that follows a change of article shows "loading", not the previous body.
#[hook]
pub fn use_article_body(library: Rc<Library>, position: Option<usize>) -> Body {
    let loaded = use_state(|| None::<(usize, Body)>);
    {
        let loaded = loaded.clone();
        use_effect_with(position, move |position| {
            // Cleared when the article changes or the page goes away.
            let current = Rc::new(Cell::new(true));
            if let Some(position) = *position {
                let current = current.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let body = match library.body(position).await {
                        Ok(markdown) => Body::Ready(markdown.into()),
                        Err(error) => Body::Failed(error),
                    };
                    if current.get() {
                        loaded.set(Some((position, body)));
                    }
                });
            }
            move || current.set(false)
        });
    }
    match &*loaded {
        Some((at, body)) if Some(*at) == position => body.clone(),
        _ => Body::Loading,
    }
}

/// Where an article named by its id is in the bundle.
#[derive(Clone, PartialEq)]
pub enum Located {
    /// Being looked up (format 3: its id shard and row group are on their way).
    Looking,
    /// At this position.
    At(usize),
    /// The bundle has no such article.
    Absent,
    /// What the lookup needed could not be fetched.
    Failed(LoadError),
}

/// The position of the article `id` in `library`, looked up when `id` changes (at once on
/// format 2; format 3 fetches its id shard and row group first). As for the body, only this
/// id's answer is ever returned.
#[hook]
pub fn use_position(library: Rc<Library>, id: AttrValue) -> Located {
    let found = use_state(|| None::<(AttrValue, Located)>);
    {
        let found = found.clone();
        let library = library.clone();
        use_effect_with(id.clone(), move |id| {
            let current = Rc::new(Cell::new(true));
            let id = id.clone();
            if library.in_pieces() {
                let current = current.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let located = match library.find(&id).await {
                        Ok(Some(position)) => Located::At(position),
                        Ok(None) => Located::Absent,
                        Err(error) => Located::Failed(error),
                    };
                    if current.get() {
                        found.set(Some((id, located)));
                    }
                });
            }
            move || current.set(false)
        });
    }
    // Format 2 knows every id at once: no render says "looking".
    if let Some(position) = library.position_now(&id) {
        return position.map_or(Located::Absent, Located::At);
    }
    match &*found {
        Some((at, located)) if *at == id => located.clone(),
        _ => Located::Looking,
    }
}
