//! Rendering only the rows in view of a long list: the list's element is as tall as all its rows
//! would be, and holds those in view plus a margin. Rows have a fixed height (set in CSS,
//! measured here), so the rows in view follow from the scroll offset.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::hooks::{use_view_memory, ViewMemory};

/// Lists this short are rendered whole.
const RENDER_ALL_UP_TO: usize = 60;
/// Rows rendered above and below the viewport.
const OVERSCAN: usize = 8;
/// Rows rendered below the viewport in the render that shows new rows: a keystroke pays for the
/// rows the reader sees, and the rest of the margin follows in the next frame.
const FIRST_OVERSCAN: usize = 1;
/// Row height before the first row is measured, in CSS pixels.
const GUESSED_ROW_HEIGHT: u32 = 160;

/// What the handlers need to know about the latest render.
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

/// The rows of a list to render, and the handle to move the focus along it.
pub struct VirtualRows {
    /// Goes on the list's element (its rows are its children, `data-index` on each).
    pub list: NodeRef,
    /// First row to render.
    pub start: usize,
    /// One past the last row to render.
    pub end: usize,
    /// The list's `style`: its full height, and the room above the first row rendered.
    pub style: String,
    geometry: Rc<RefCell<Geometry>>,
    recompute: Rc<dyn Fn()>,
    force_update: UseForceUpdateHandle,
}

impl VirtualRows {
    /// The number of rows.
    pub fn total(&self) -> usize {
        self.geometry.borrow().total
    }

    /// Scrolls row `index` into view and gives its link the focus (after the render that brings
    /// it, if it is not rendered yet).
    pub fn focus(&self, index: usize) {
        let Some(el) = self.list.cast::<web_sys::Element>() else {
            return;
        };
        let row_height = self.geometry.borrow().row_height;
        scroll_row_into_view(&el, index, row_height);
        (self.recompute)();
        if !focus_row(&el, index) {
            self.geometry.borrow_mut().pending_focus = Some(index);
            self.force_update.force_update();
        }
    }

    /// The rows in the viewport now, with `margin` more below, measured (a forced layout: for
    /// effects after a render, where the layout is done anyway). Unlike `start..end` this leaves
    /// out the overscan and the rows of a short list rendered whole but below the view: what a
    /// list that must fetch its rows asks for first.
    pub fn in_view(&self, margin: usize) -> (usize, usize) {
        let Some(list) = self.list.cast::<web_sys::Element>() else {
            return (self.start, self.end);
        };
        let total = self.geometry.borrow().total;
        // The first row's height, if one is rendered: the stored one may not be measured yet.
        let measured = list
            .first_element_child()
            .and_then(|row| row.dyn_into::<web_sys::HtmlElement>().ok())
            .map_or(0, |row| row.offset_height());
        let row_height = u32::try_from(measured)
            .ok()
            .filter(|&h| h > 0)
            .unwrap_or(self.geometry.borrow().row_height);
        let viewport = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(800.0);
        let top = list.get_bounding_client_rect().top();
        let row_height = f64::from(row_height.max(1));
        let first = (-top / row_height).floor().max(0.0) as usize;
        let last = ((viewport - top) / row_height).ceil().max(0.0) as usize;
        let end = last.saturating_add(margin).min(total);
        (first.min(end), end)
    }

    /// The index of the row holding the focus, if any.
    pub fn focused(&self) -> Option<usize> {
        let list = self.list.cast::<web_sys::Element>()?;
        let active = web_sys::window()?.document()?.active_element()?;
        if !list.contains(Some(&active)) {
            return None;
        }
        active
            .closest("[data-index]")
            .ok()??
            .get_attribute("data-index")?
            .parse()
            .ok()
    }
}

/// The rows in view of a list of `total` rows; `rows` changes when the list shows other rows.
#[hook]
pub fn use_virtual_rows<R>(total: usize, rows: R) -> VirtualRows
where
    R: PartialEq + Clone + 'static,
{
    let memory = use_view_memory();
    let list = use_node_ref();
    let row_height = use_state_eq(|| memory.row_height().unwrap_or(GUESSED_ROW_HEIGHT));
    let range = use_state_eq(|| (0, total.min(RENDER_ALL_UP_TO.max(30))));
    let geometry = use_mut_ref(Geometry::default);
    let force_update = use_force_update();
    {
        let mut g = geometry.borrow_mut();
        g.row_height = *row_height;
        g.total = total;
    }

    // Recompute the rows in view on scroll and resize, and whenever the rows change.
    let recompute: Rc<dyn Fn()> = {
        let list = list.clone();
        let range = range.clone();
        let geometry = geometry.clone();
        let memory = memory.clone();
        Rc::new(move || {
            if let Some(el) = list.cast::<web_sys::Element>() {
                range.set(visible_range(&el, &mut geometry.borrow_mut(), &memory));
            }
        })
    };
    {
        // New rows: the rows in view follow from the last measured position, without a layout;
        // the position is measured again once the frame is laid out anyway.
        let recompute = recompute.clone();
        let range = range.clone();
        let geometry = geometry.clone();
        let force_update = force_update.clone();
        let memory = memory.clone();
        use_effect_with((rows.clone(), *row_height), move |_| {
            let known = {
                let g = geometry.borrow();
                g.list_top.map(|top| {
                    range_at(
                        top - memory.last_scroll_y(),
                        g.row_height,
                        g.total,
                        OVERSCAN,
                    )
                })
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
            let on_resize = EventListener::new(&window, "resize", move |_| {
                geometry.borrow_mut().row_measured = false;
                recompute();
            });
            move || drop((on_scroll, on_resize))
        });
    }

    // After each render: measure a row, and give the focus to a row `focus` asked for.
    {
        let list = list.clone();
        let row_height = row_height.clone();
        let geometry = geometry.clone();
        let memory = memory.clone();
        use_effect(move || {
            let Some(el) = list.cast::<web_sys::Element>() else {
                return;
            };
            // Rows all have the height the CSS gives them: one measure per size of the window.
            if !geometry.borrow().row_measured {
                let first = el.first_element_child();
                if let Some(row) = first
                    .as_ref()
                    .and_then(|r| r.dyn_ref::<web_sys::HtmlElement>())
                {
                    let measured = u32::try_from(row.offset_height()).unwrap_or(0);
                    if measured > 0 {
                        geometry.borrow_mut().row_measured = true;
                        if measured != *row_height {
                            memory.set_row_height(measured);
                            row_height.set(measured);
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

    // The render that brings new rows stops one row below the view, when the list's place is
    // known; the effect above renders the rest of the margin in the next frame.
    let shown = use_mut_ref(|| None::<R>);
    let new_rows = shown.borrow().as_ref() != Some(&rows);
    if new_rows {
        *shown.borrow_mut() = Some(rows);
    }
    let (start, mut end) = *range;
    if new_rows && total > RENDER_ALL_UP_TO {
        let g = geometry.borrow();
        if let Some(top) = g.list_top {
            let (_, first_end) = range_at(
                top - memory.last_scroll_y(),
                g.row_height,
                total,
                FIRST_OVERSCAN,
            );
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
    VirtualRows {
        list,
        start,
        end,
        style,
        geometry,
        recompute,
        force_update,
    }
}

/// The rows in view, measuring where the list is (a forced layout: for scroll and resize
/// handlers, and after a frame has been laid out).
fn visible_range(list: &web_sys::Element, g: &mut Geometry, memory: &ViewMemory) -> (usize, usize) {
    let scroll_y = web_sys::window()
        .and_then(|w| w.scroll_y().ok())
        .unwrap_or(0.0);
    memory.set_scroll_y(scroll_y);
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

/// Runs `f` at the start of the next animation frame, when the browser lays out the page anyway.
fn after_next_frame(f: impl FnOnce() + 'static) {
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(f);
    let _ = window.request_animation_frame(callback.unchecked_ref());
}

/// Focuses the first link of row `index` if it is rendered.
fn focus_row(list: &web_sys::Element, index: usize) -> bool {
    let selector = format!("[data-index=\"{index}\"] a");
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
