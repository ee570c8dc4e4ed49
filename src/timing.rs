//! How long searches take, as User Timing measures named [`SEARCH`]: the browser's performance
//! tools show them, and the browser benchmark reads them to compare the search call alone with
//! the other engines' (`tests/bench-browser/run.mjs`).

use std::cell::Cell;

/// Name of the measure each search leaves.
pub const SEARCH: &str = "kiosque:search";
const SEARCH_START: &str = "kiosque:search-start";

/// Measures kept before the oldest are dropped, so that a long session does not grow the
/// browser's timeline without end.
const KEPT: u32 = 10_000;

// A count of measures left in the browser's timeline, not state of the interface: it belongs to
// the page's performance timeline, which is global too, and it must survive every component
// (the benchmark searches across views). Hence a global, the one left in the app.
thread_local! {
    static COUNT: Cell<u32> = const { Cell::new(0) };
}

/// Runs `search` and leaves a [`SEARCH`] measure of its duration (about a microsecond more).
pub fn measure_search<T>(search: impl FnOnce() -> T) -> T {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return search();
    };
    let _ = performance.mark(SEARCH_START);
    let out = search();
    if COUNT.with(|c| c.replace(c.get() + 1)) >= KEPT {
        performance.clear_measures_with_measure_name(SEARCH);
        COUNT.with(|c| c.set(1));
    }
    let _ = performance.measure_with_start_mark(SEARCH, SEARCH_START);
    performance.clear_marks_with_mark_name(SEARCH_START);
    out
}
