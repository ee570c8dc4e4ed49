//! The month timeline: one bar per month of the archive (empty months keep their place) for the
//! articles matching the query and facets, drawn as one SVG, with year buttons below. Click a year, click a month, drag across
//! months, or Shift-click to extend: the date range follows, and the From/To controls with it.

use std::rc::Rc;

use gloo::events::EventListener;
use kiosque_core::search::TimelineBucket;
use kiosque_core::{ArticleDate, Locale};
use yew::prelude::*;

use crate::i18n;

/// A year label needs about this many pixels to be readable.
const YEAR_LABEL_PX: f64 = 40.0;

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// Matches per month (and per year for articles dated only to the year).
    pub buckets: Rc<Vec<TimelineBucket>>,
    /// First month of the archive, as (year, month).
    pub first: (u16, u8),
    /// Last month of the archive.
    pub last: (u16, u8),
    /// The selected range.
    pub from: Option<ArticleDate>,
    /// The selected range.
    pub to: Option<ArticleDate>,
    /// Asked to select a range.
    pub on_select: Callback<(Option<ArticleDate>, Option<ArticleDate>)>,
}

fn month_index(year: u16, month: u8) -> i64 {
    i64::from(year) * 12 + i64::from(month.max(1)) - 1
}

fn month_date(index: i64) -> Option<ArticleDate> {
    let year = index.div_euclid(12);
    let month = index.rem_euclid(12) + 1;
    ArticleDate::parse(&format!("{year:04}-{month:02}")).ok()
}

/// Width of one month in the chart's coordinates (its height is 100): whole numbers all along,
/// so drawing needs no float formatting.
const MONTH_WIDTH: usize = 100;

/// The bars of the months `keep` accepts, as one SVG path: one element for the whole chart
/// rather than one per month, so a keystroke changes one attribute, not hundreds.
fn bars_path(per_month: &[u32], max: u32, keep: impl Fn(usize) -> bool) -> String {
    use std::fmt::Write as _;
    let mut d = String::with_capacity(per_month.len() * 24);
    for (i, &count) in per_month.iter().enumerate() {
        if count == 0 || !keep(i) {
            continue;
        }
        // At least a sliver, so a month with one article among thousands still shows.
        let height = (u64::from(count) * 100 / u64::from(max.max(1))).max(6);
        let left = i * MONTH_WIDTH + MONTH_WIDTH * 12 / 100;
        let right = (i + 1) * MONTH_WIDTH - MONTH_WIDTH * 12 / 100;
        let _ = write!(d, "M{left} 100V{}H{right}V100Z", 100 - height);
    }
    d
}

/// Thin lines where each January starts, to read the years at a glance.
fn januaries(start: i64, end: i64) -> String {
    use std::fmt::Write as _;
    let mut d = String::new();
    for index in start..=end {
        if index.rem_euclid(12) == 0 && index > start {
            let _ = write!(d, "M{} 0V100", (index - start) as usize * MONTH_WIDTH);
        }
    }
    d
}

fn year_date(year: u16) -> Option<ArticleDate> {
    Some(ArticleDate::year(year))
}

/// The timeline.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let start = month_index(props.first.0, props.first.1);
    let end = month_index(props.last.0, props.last.1).max(start);
    let months = (end - start + 1) as usize;

    let counts = use_memo(
        (props.buckets.clone(), start, months),
        |(buckets, start, months)| {
            let mut per_month = vec![0u32; *months];
            let mut per_year: std::collections::BTreeMap<u16, u32> = Default::default();
            for b in buckets.iter() {
                *per_year.entry(b.year).or_default() += b.count;
                if b.month > 0 {
                    let i = month_index(b.year, b.month) - start;
                    if let Some(slot) = usize::try_from(i).ok().and_then(|i| per_month.get_mut(i)) {
                        *slot += b.count;
                    }
                }
            }
            (per_month, per_year)
        },
    );
    let (per_month, per_year) = &*counts;
    let max = per_month.iter().copied().max().unwrap_or(0).max(1);

    // The selection, in month indexes; a drag in progress shows instead.
    let drag = use_state(|| None::<(i64, i64)>);
    let selected = match *drag {
        Some((a, b)) => Some((a.min(b), a.max(b))),
        None if props.from.is_some() || props.to.is_some() => {
            let from = props
                .from
                .map(|d| {
                    let (y, m, _) = d.span().0;
                    month_index(y, m)
                })
                .unwrap_or(i64::MIN);
            let to = props
                .to
                .map(|d| {
                    let (y, m, _) = d.span().1;
                    month_index(y, m)
                })
                .unwrap_or(i64::MAX);
            Some((from, to))
        }
        None => None,
    };

    // Width of the bars, to decide how many year labels fit.
    let bars = use_node_ref();
    let width = use_state_eq(|| 0.0f64);
    {
        let bars = bars.clone();
        let width = width.clone();
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = bars.cast::<web_sys::Element>() {
                    width.set(f64::from(el.client_width()));
                }
            };
            measure();
            let window = web_sys::window().expect("a window");
            let listener = EventListener::new(&window, "resize", move |_| measure());
            move || drop(listener)
        });
    }

    let index_at = {
        let bars = bars.clone();
        move |client_x: i32| -> Option<i64> {
            let el = bars.cast::<web_sys::Element>()?;
            let rect = el.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return None;
            }
            let ratio = ((f64::from(client_x) - rect.left()) / rect.width()).clamp(0.0, 0.9999);
            Some(start + (ratio * months as f64) as i64)
        }
    };
    let onpointerdown = {
        let drag = drag.clone();
        let bars = bars.clone();
        let index_at = index_at.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            if let Some(i) = index_at(e.client_x()) {
                // Capture on the bars themselves (Yew listens at the root, which is the
                // event's current target), so the drag goes on outside them.
                if let Some(bars) = bars.cast::<web_sys::Element>() {
                    let _ = bars.set_pointer_capture(e.pointer_id());
                }
                e.prevent_default();
                drag.set(Some((i, i)));
            }
        })
    };
    // The month under the pointer and its count, as the bars' tooltip. Set here rather than as a
    // title on each of the hundreds of bars, which would all change at every keystroke.
    let month_labels = use_memo((start, end, locale), |&(start, end, locale)| {
        (start..=end)
            .map(|i| month_date(i).map(|d| d.display(locale)).unwrap_or_default())
            .collect::<Vec<String>>()
    });
    let sep = if locale == Locale::Fr {
        "\u{a0}: "
    } else {
        ": "
    };
    let onpointermove = {
        let drag = drag.clone();
        let index_at = index_at.clone();
        let bars = bars.clone();
        let counts = counts.clone();
        let month_labels = month_labels.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(i) = index_at(e.client_x()) else {
                return;
            };
            if let Some((anchor, current)) = *drag {
                if i != current {
                    drag.set(Some((anchor, i)));
                }
                return;
            }
            let slot = usize::try_from(i - start).unwrap_or(usize::MAX);
            if let (Some(label), Some(count), Some(el)) = (
                month_labels.get(slot),
                counts.0.get(slot),
                bars.cast::<web_sys::Element>(),
            ) {
                let _ = el.set_attribute("title", &format!("{label}{sep}{count}"));
            }
        })
    };
    let onpointerleave = {
        let bars = bars.clone();
        let hint = t.timeline_hint;
        Callback::from(move |_: PointerEvent| {
            if let Some(el) = bars.cast::<web_sys::Element>() {
                let _ = el.set_attribute("title", hint);
            }
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        let on_select = props.on_select.clone();
        let from = props.from;
        let to = props.to;
        Callback::from(move |e: PointerEvent| {
            let Some((anchor, current)) = *drag else {
                return;
            };
            drag.set(None);
            let (mut a, mut b) = (anchor.min(current), anchor.max(current));
            if a == b && e.shift_key() && (from.is_some() || to.is_some()) {
                // Extend the current range to the clicked month.
                if let Some(f) = from {
                    let (y, m, _) = f.span().0;
                    a = a.min(month_index(y, m));
                }
                if let Some(t) = to {
                    let (y, m, _) = t.span().1;
                    b = b.max(month_index(y, m));
                }
            }
            on_select.emit((month_date(a), month_date(b)));
        })
    };
    let onpointercancel = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| drag.set(None))
    };

    let first_year = props.first.0;
    let last_year = props.last.0.max(first_year);
    let years = usize::from(last_year - first_year) + 1;
    let step = if *width > 0.0 {
        (YEAR_LABEL_PX / (*width / years as f64)).ceil().max(1.0) as usize
    } else {
        1
    };
    let total: u32 = per_year.values().sum();
    let label_of = |i: i64| month_date(i).map(|d| d.display(locale)).unwrap_or_default();
    let summary = i18n::timeline_summary(locale, &label_of(start), &label_of(end), total as usize);

    html! {
        <section class="timeline" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading" class="visually-hidden">{ t.timeline_label }</h2>
            <div class="tl-bars" ref={bars} role="img" aria-label={summary} title={t.timeline_hint}
                {onpointerdown} {onpointermove} {onpointerup} {onpointercancel} {onpointerleave}>
                <svg class="tl-chart" viewBox={format!("0 0 {} 100", months * MONTH_WIDTH)}
                    preserveAspectRatio="none" aria-hidden="true" focusable="false">
                    if let Some((a, b)) = selected {
                        <rect class="tl-range" x={((a.max(start) - start) * MONTH_WIDTH as i64).to_string()} y="0"
                            width={((b.min(end) - a.max(start) + 1).max(0) * MONTH_WIDTH as i64).to_string()} height="100" />
                    }
                    <path class="tl-januaries" d={januaries(start, end)} />
                    <path class="tl-bar" d={bars_path(per_month, max, |i| selected.is_none_or(|(a, b)| (a..=b).contains(&(start + i as i64))))} />
                    if selected.is_some() {
                        <path class="tl-bar out-of-range" d={bars_path(per_month, max, |i| selected.is_some_and(|(a, b)| !(a..=b).contains(&(start + i as i64))))} />
                    }
                </svg>
            </div>
            <div class="tl-years">
                { for (first_year..=last_year).map(|year| {
                    let from_m = month_index(year, 1).max(start);
                    let to_m = month_index(year, 12).min(end);
                    let span = (to_m - from_m + 1).max(1);
                    let count = per_year.get(&year).copied().unwrap_or(0);
                    let pressed = props.from.is_some_and(|f| f.span().0 <= (year, 1, 1))
                        && props.to.is_some_and(|t| t.span().1 >= (year, 12, 31))
                        && selected.is_some_and(|(a, b)| a >= month_index(year, 1) && b <= month_index(year, 12));
                    let shown = (usize::from(year - first_year)).is_multiple_of(step);
                    let on_select = props.on_select.clone();
                    let onclick = Callback::from(move |_| on_select.emit((year_date(year), year_date(year))));
                    html! {
                        <button type="button" class={classes!("tl-year", (!shown).then_some("crowded"))}
                            style={format!("flex-grow:{span}")} aria-pressed={pressed.to_string()}
                            title={i18n::year_label(locale, year, count as usize)} {onclick}>
                            <span class="tl-year-text">{ year }</span>
                        </button>
                    }
                }) }
            </div>
        </section>
    }
}
