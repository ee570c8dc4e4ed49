//! The results, rendered only where the reader is looking (see [`use_virtual_rows`]): a list of
//! 100,000 results holds the rows in view plus a margin.
//!
//! Also `j`/`k`: move the focus to the next or previous result, scrolling it into view.

use std::collections::HashSet;
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::components::ResultRow;
use crate::highlight::SharedHighlighter;
use crate::hooks::use_virtual_rows;
use crate::keys::{has_command_modifier, is_typing_target, on_keydown};
use crate::library::Library;
use crate::state::SharedRows;

/// Bodies (for snippets) are fetched once the view has rested this long.
const PREFETCH_DELAY: Duration = Duration::from_millis(120);
/// Format 3: rows below the viewport whose groups are fetched with the rows in view; the rest of
/// the rows rendered follow once those have arrived.
const VIEW_MARGIN: usize = 1;

/// Props of [`ResultList`].
#[derive(Properties, PartialEq, Clone)]
pub struct ResultListProps {
    /// The loaded bundle.
    pub library: Rc<Library>,
    /// The rows to show.
    pub rows: SharedRows,
    /// Groups whose other versions are shown.
    pub expanded: Rc<HashSet<u32>>,
    /// Shows or hides a group's other versions.
    pub on_toggle_group: Callback<u32>,
    /// Marks the query's words.
    pub highlighter: SharedHighlighter,
    /// The list's URL parameters, carried to each article.
    pub link_query: Rc<Vec<(String, String)>>,
    /// The list's accessible name.
    pub label: AttrValue,
    /// Bumped to move the focus to the first result (Enter in the search box).
    #[prop_or_default]
    pub focus_first: u32,
}

/// The list of results.
#[component]
pub fn ResultList(props: &ResultListProps) -> Html {
    let total = props.rows.0.len();
    let rows = Rc::new(use_virtual_rows(total, props.rows.clone()));

    // Enter in the search box: the first result takes the focus (Enter again opens it).
    {
        let rows = rows.clone();
        let seen = use_mut_ref(|| props.focus_first);
        use_effect_with(props.focus_first, move |wanted| {
            if std::mem::replace(&mut *seen.borrow_mut(), *wanted) != *wanted {
                rows.focus(0);
            }
        });
    }

    // Fetch the bodies of the rows in view once scrolling rests, for their snippets.
    let generation = use_mut_ref(|| 0u64);
    let force_update = use_force_update();
    {
        let library = props.library.clone();
        // Format 3: a row shows nothing before its group arrives, so groups are asked for at
        // once; format 2 fetches bodies for snippets only, once scrolling rests.
        let on_demand = library.rows_on_demand();
        let wants_snippets = on_demand || !props.highlighter.0.is_empty();
        let virtual_rows = rows.clone();
        use_effect_with(
            ((rows.start, rows.end), props.rows.clone(), wants_snippets),
            move |((start, end), shown, wants_snippets)| {
                *generation.borrow_mut() += 1;
                let mine = *generation.borrow();
                // Rows that change or a list that goes (a new search shows "Searching…" in its
                // place) make what was still to be fetched for these rows stale.
                let stale = generation.clone();
                // The range was measured for the rows shown before; the rows may since have
                // become fewer (a group folded, near-duplicates arrived), so it is clamped.
                let end = (*end).min(shown.0.len());
                let start = (*start).min(end);
                let docs = |from: usize, to: usize| -> Vec<usize> {
                    shown.0[from..to].iter().map(|h| h.doc as usize).collect()
                };
                let positions = docs(start, end);
                if on_demand && !positions.is_empty() {
                    // The rows in view first (a first visit waits for them, on a slow link
                    // every row group counts); the rest of the rows rendered once they are
                    // here, unless the list has changed by then.
                    let (view_start, view_end) = virtual_rows.in_view(VIEW_MARGIN);
                    let (view_start, view_end) =
                        (view_start.clamp(start, end), view_end.clamp(start, end));
                    let first = docs(view_start, view_end.max(view_start));
                    let rest: Vec<usize> = docs(start, view_start)
                        .into_iter()
                        .chain(docs(view_end.max(view_start), end))
                        .collect();
                    let generation = generation.clone();
                    library.prefetch_in_view(
                        &first,
                        rest,
                        move || *generation.borrow() == mine,
                        move || force_update.force_update(),
                    );
                } else if *wants_snippets && !positions.is_empty() {
                    spawn_local(async move {
                        yew::platform::time::sleep(PREFETCH_DELAY).await;
                        if *generation.borrow() == mine {
                            library.prefetch(&positions, move || force_update.force_update());
                        }
                    });
                }
                move || *stale.borrow_mut() += 1
            },
        );
    }

    // `j` and `k`. The listener reads the latest rows through a cell refreshed at each render.
    let latest = use_mut_ref(|| rows.clone());
    *latest.borrow_mut() = rows.clone();
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
            let rows = latest.borrow().clone();
            let total = rows.total();
            if total == 0 {
                return;
            }
            event.prevent_default();
            let next = match rows.focused() {
                None => 0,
                Some(i) => (i as isize + step).clamp(0, total as isize - 1) as usize,
            };
            rows.focus(next);
        });
        move || drop(listener)
    });

    let library = &props.library;
    let (start, end) = (rows.start, rows.end);
    html! {
        <ol class="results" ref={rows.list.clone()} aria-label={props.label.clone()} style={rows.style.clone()}>
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
