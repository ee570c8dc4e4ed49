//! The results, rendered only where the reader is looking: a list of 100,000 results holds the
//! rows in view plus a margin, inside an `<ol>` as tall as all of them would be. Rows have a
//! fixed height (set in CSS, measured here), so the rows in view follow from the scroll offset.
//!
//! Also `j`/`k`: move the focus to the next or previous result, scrolling it into view.

use std::rc::Rc;
use std::time::Duration;

use gloo::events::EventListener;
use kiosque_core::search::SearchResults;
use kiosque_core::similar::Folded;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::components::ResultRow;
use crate::highlight::SharedHighlighter;
use crate::keys::{has_command_modifier, is_typing_target, on_keydown};
use crate::library::Library;

/// Lists this short are rendered whole.
const RENDER_ALL_UP_TO: usize = 60;
/// Rows rendered above and below the viewport.
const OVERSCAN: usize = 8;
/// Rows rendered below the viewport in the render that shows new results: a keystroke pays for
/// the rows the reader sees, and the rest of the margin follows in the next frame.
const FIRST_OVERSCAN: usize = 1;
/// Row height before the first row is measured, in CSS pixels.
const GUESSED_ROW_HEIGHT: u32 = 160;

thread_local! {
    /// The window's scroll offset as last seen by a scroll handler or a measure. Reading
    /// `scrollY` during a render forces a layout in Chromium, so renders read this instead.
    static SCROLL_Y: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    /// The last measured row height, so a list shown again (back from an article) starts with the
    /// right height and its scroll position can be restored before anything is measured.
    static ROW_HEIGHT: std::cell::Cell<u32> = const { std::cell::Cell::new(GUESSED_ROW_HEIGHT) };
}
/// Bodies (for snippets) are fetched once the view has rested this long.
const PREFETCH_DELAY: Duration = Duration::from_millis(120);

/// Search results shared between components; equal when they are the same search.
#[derive(Clone)]
pub struct SharedResults(pub Rc<SearchResults>);

impl PartialEq for SharedResults {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The rows a list shows: the results with each group of near-duplicates folded into its first
/// member (and, for the groups the reader expanded, its other versions under it). Equal when they
/// are the same list.
#[derive(Clone)]
pub struct SharedRows(pub Rc<Vec<Folded>>);

impl PartialEq for SharedRows {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl SharedRows {
    /// One row per result, nothing folded.
    pub fn unfolded(results: &SearchResults) -> Self {
        Self(Rc::new(
            results
                .hits
                .iter()
                .map(|h| Folded {
                    doc: h.doc,
                    others: 0,
                    group: None,
                    version: false,
                })
                .collect(),
        ))
    }
}

/// Props of [`ResultList`].
#[derive(Properties, PartialEq)]
pub struct ResultListProps {
    /// The loaded bundle.
    pub library: Rc<Library>,
    /// The rows to show.
    pub rows: SharedRows,
    /// Groups whose other versions are shown.
    pub expanded: Rc<std::collections::HashSet<u32>>,
    /// Shows or hides a group's other versions.
    pub on_toggle_group: Callback<u32>,
    /// Marks the query's words.
    pub highlighter: SharedHighlighter,
    /// The list's URL parameters, carried to each article.
    pub link_query: Rc<Vec<(String, String)>>,
    /// The list's accessible name.
    pub label: AttrValue,
}

/// What the keyboard handler needs to know about the latest render.
#[derive(Default)]
struct Geometry {
    row_height: u32,
    total: usize,
    pending_focus: Option<usize>,
    /// The list's top in page coordinates when last measured. Measuring forces a layout, which
    /// in the middle of a render costs about as much as the render itself, so renders use this.
    list_top: Option<f64>,
    /// Whether a row has been measured since the list appeared or the window was resized.
    row_measured: bool,
}

/// The window's scroll offset when last seen, without a layout (see `SCROLL_Y`).
pub fn last_scroll_y() -> f64 {
    SCROLL_Y.with(|y| y.get())
}

/// Records the scroll offset a scroll handler read.
pub fn remember_scroll_y(y: f64) {
    SCROLL_Y.with(|cell| cell.set(y));
}

/// The rows in view of a list of `total` rows of `row_height` pixels, measuring where the list is
/// (a forced layout: for scroll and resize handlers, and after a frame has been laid out).
fn visible_range(list: &web_sys::Element, g: &mut Geometry) -> (usize, usize) {
    let scroll_y = web_sys::window()
        .and_then(|w| w.scroll_y().ok())
        .unwrap_or(0.0);
    SCROLL_Y.with(|y| y.set(scroll_y));
    let top = list.get_bounding_client_rect().top();
    g.list_top = Some(top + scroll_y);
    range_at(top, g.row_height, g.total, OVERSCAN)
}

/// The rows in view when the list's top is `top` pixels below the top of the viewport, with
/// `overscan` more above and below.
fn range_at(top: f64, row_height: u32, total: usize, overscan: usize) -> (usize, usize) {
    if total <= RENDER_ALL_UP_TO {
        return (0, total);
    }
    let viewport = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    let row_height = f64::from(row_height.max(1));
    let first = (-top / row_height).floor().max(0.0) as usize;
    let last = ((viewport - top) / row_height).ceil().max(0.0) as usize;
    let end = last.saturating_add(overscan).min(total);
    let start = first.saturating_sub(overscan).min(end);
    (start, end)
}

/// The list of results.
#[function_component]
pub fn ResultList(props: &ResultListProps) -> Html {
    let total = props.rows.0.len();
    let list = use_node_ref();
    let row_height = use_state_eq(|| ROW_HEIGHT.with(|h| h.get()));
    let range = use_state_eq(|| (0, total.min(RENDER_ALL_UP_TO.max(30))));
    let geometry = use_mut_ref(Geometry::default);
    let force_update = use_force_update();
    {
        let mut g = geometry.borrow_mut();
        g.row_height = *row_height;
        g.total = total;
    }

    // Recompute the rows in view on scroll and resize, and whenever the results change.
    let recompute = {
        let list = list.clone();
        let range = range.clone();
        let geometry = geometry.clone();
        Rc::new(move || {
            if let Some(el) = list.cast::<web_sys::Element>() {
                range.set(visible_range(&el, &mut geometry.borrow_mut()));
            }
        })
    };
    {
        // New results: the rows in view follow from the last measured position, without a
        // layout; the position is measured again once the frame is laid out anyway.
        let recompute = recompute.clone();
        let range = range.clone();
        let geometry = geometry.clone();
        let force_update = force_update.clone();
        use_effect_with((props.rows.clone(), *row_height), move |_| {
            let known = {
                let g = geometry.borrow();
                g.list_top
                    .map(|top| range_at(top - last_scroll_y(), g.row_height, g.total, OVERSCAN))
            };
            match known {
                Some(visible) => {
                    range.set(visible);
                    after_next_frame(move || {
                        recompute();
                        // The rows below the view that the first render left out (see below).
                        force_update.force_update();
                    });
                }
                None => recompute(),
            }
        });
    }
    {
        let recompute = recompute.clone();
        let geometry = geometry.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("a window");
            let on_scroll = {
                let recompute = recompute.clone();
                EventListener::new(&window, "scroll", move |_| recompute())
            };
            let geometry = geometry.clone();
            let on_resize = EventListener::new(&window, "resize", move |_| {
                geometry.borrow_mut().row_measured = false;
                recompute();
            });
            move || drop((on_scroll, on_resize))
        });
    }

    // After each render: measure a row, and give focus to a row `j`/`k` asked for.
    {
        let list = list.clone();
        let row_height = row_height.clone();
        let geometry = geometry.clone();
        use_effect(move || {
            let Some(el) = list.cast::<web_sys::Element>() else {
                return;
            };
            // Rows all have the height the CSS gives them: one measure per size of the window.
            if !geometry.borrow().row_measured {
                if let Ok(Some(row)) = el.query_selector("li.result") {
                    if let Some(row) = row.dyn_ref::<web_sys::HtmlElement>() {
                        let measured = u32::try_from(row.offset_height()).unwrap_or(0);
                        if measured > 0 {
                            geometry.borrow_mut().row_measured = true;
                            if measured != *row_height {
                                ROW_HEIGHT.with(|h| h.set(measured));
                                row_height.set(measured);
                            }
                        }
                    }
                }
            }
            let pending = geometry.borrow_mut().pending_focus.take();
            if let Some(index) = pending {
                if !focus_row(&el, index) {
                    geometry.borrow_mut().pending_focus = Some(index);
                }
            }
        });
    }

    // Fetch the bodies of the rows in view once scrolling rests, for their snippets.
    let generation = use_mut_ref(|| 0u64);
    {
        let library = props.library.clone();
        let results = props.rows.clone();
        let wants_snippets = !props.highlighter.0.is_empty();
        let force_update = force_update.clone();
        use_effect_with(
            (*range, results, wants_snippets),
            move |((start, end), results, wants_snippets)| {
                *generation.borrow_mut() += 1;
                let mine = *generation.borrow();
                // The range was measured for the rows shown before; the rows may since have
                // become fewer (a group folded, near-duplicates arrived), so it is clamped.
                let end = (*end).min(results.0.len());
                let positions: Vec<usize> = results.0[(*start).min(end)..end]
                    .iter()
                    .map(|h| h.doc as usize)
                    .collect();
                if *wants_snippets && !positions.is_empty() {
                    spawn_local(async move {
                        yew::platform::time::sleep(PREFETCH_DELAY).await;
                        if *generation.borrow() == mine {
                            library.prefetch(&positions, move || force_update.force_update());
                        }
                    });
                }
            },
        );
    }

    // `j` and `k`.
    {
        let list = list.clone();
        let geometry = geometry.clone();
        let recompute = recompute.clone();
        let force_update = force_update.clone();
        use_effect_with((), move |_| {
            let listener = on_keydown(move |event| {
                if has_command_modifier(event) || is_typing_target(event) {
                    return;
                }
                let step: isize = match event.key().as_str() {
                    "j" => 1,
                    "k" => -1,
                    _ => return,
                };
                let Some(el) = list.cast::<web_sys::Element>() else {
                    return;
                };
                let total = geometry.borrow().total;
                if total == 0 {
                    return;
                }
                event.prevent_default();
                let current = current_row(&el);
                let next = match current {
                    None => 0,
                    Some(i) => (i as isize + step).clamp(0, total as isize - 1) as usize,
                };
                let row_height = geometry.borrow().row_height;
                scroll_row_into_view(&el, next, row_height);
                recompute();
                if !focus_row(&el, next) {
                    geometry.borrow_mut().pending_focus = Some(next);
                    force_update.force_update();
                }
            });
            move || drop(listener)
        });
    }

    // The render that brings new results stops one row below the view, when the list's place is
    // known; the effect above renders the rest of the margin in the next frame.
    let shown = use_mut_ref(|| None::<SharedRows>);
    let new_results = shown.borrow().as_ref() != Some(&props.rows);
    if new_results {
        *shown.borrow_mut() = Some(props.rows.clone());
    }
    let (start, mut end) = *range;
    if new_results && total > RENDER_ALL_UP_TO {
        let g = geometry.borrow();
        if let Some(top) = g.list_top {
            let (_, first_end) =
                range_at(top - last_scroll_y(), g.row_height, total, FIRST_OVERSCAN);
            end = end.min(first_end);
        }
    }
    let end = end.min(total);
    let start = start.min(end);
    let style = if total > RENDER_ALL_UP_TO {
        format!(
            "padding-top:{}px;height:{}px",
            start as u64 * u64::from(*row_height),
            total as u64 * u64::from(*row_height)
        )
    } else {
        String::new()
    };
    let library = &props.library;
    html! {
        <ol class="results" ref={list} aria-label={props.label.clone()} style={style}>
            { for props.rows.0[start..end].iter().enumerate().map(|(i, row)| {
                let position = row.doc as usize;
                let expanded = row.group.is_some_and(|g| props.expanded.contains(&g));
                html! {
                    // Keyed by place, not by article: a new result reuses the row before it and
                    // only its text changes, which costs the browser less than new elements.
                    <ResultRow key={start + i} library={library.clone()} {position} index={start + i}
                        {total} highlighter={props.highlighter.clone()}
                        body_ready={library.has_body(position)}
                        link_query={props.link_query.clone()}
                        row={*row} {expanded} on_toggle_group={props.on_toggle_group.clone()} />
                }
            }) }
        </ol>
    }
}

/// Runs `f` at the start of the next animation frame, when the browser lays out the page anyway.
fn after_next_frame(f: impl FnOnce() + 'static) {
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(f);
    let _ = window.request_animation_frame(callback.unchecked_ref());
}

/// The index of the result holding the focus, if any.
fn current_row(list: &web_sys::Element) -> Option<usize> {
    let active = web_sys::window()?.document()?.active_element()?;
    if !list.contains(Some(&active)) {
        return None;
    }
    active
        .closest("li.result")
        .ok()??
        .get_attribute("data-index")?
        .parse()
        .ok()
}

/// Focuses the link of result `index` if it is rendered.
fn focus_row(list: &web_sys::Element, index: usize) -> bool {
    let selector = format!("li.result[data-index=\"{index}\"] a");
    match list.query_selector(&selector) {
        Ok(Some(link)) => link
            .dyn_ref::<web_sys::HtmlElement>()
            .map(|l| l.focus().is_ok())
            .unwrap_or(false),
        _ => false,
    }
}

/// Scrolls the window so that row `index` is in view, if it is not.
fn scroll_row_into_view(list: &web_sys::Element, index: usize, row_height: u32) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let viewport = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    let row_height = f64::from(row_height);
    let top = list.get_bounding_client_rect().top() + index as f64 * row_height;
    if top < 0.0 || top + row_height > viewport {
        let scroll_y = window.scroll_y().unwrap_or(0.0);
        window.scroll_to_with_x_and_y(0.0, scroll_y + top - viewport / 3.0);
    }
}
