//! The list's filters: order, dates (with undated articles), facets and near-duplicates. Every
//! change is a new list, asked for with `on_navigate`.

use kiosque_core::search::Sort;
use kiosque_core::{ArticleDate, Locale};
use yew::prelude::*;

use crate::components::{Facets, ReaderFilters};
use crate::i18n;
use crate::list_query::{parse_sort, sort_param, ListQuery};
use crate::state::SharedResults;

/// A day as (year, month, day).
pub type Day = (u16, u8, u8);

/// Props of [`FilterPanel`].
#[derive(Properties, PartialEq)]
pub struct FilterPanelProps {
    /// The list shown.
    pub query: ListQuery,
    /// Its results (facet and undated counts).
    pub results: SharedResults,
    /// First and last day of the archive, for the month fields' bounds.
    pub span: Option<(Day, Day)>,
    /// Undated articles in the archive (their checkbox shows only if there are some).
    pub undated: u32,
    /// Whether the results are not final yet (format 3, pieces on their way): the counts are
    /// replaced by a "counting" note rather than shown wrong.
    #[prop_or_default]
    pub counting: bool,
    /// Whether the archive has near-duplicates (their checkbox shows only then).
    pub has_groups: bool,
    /// Whether every version of near-duplicates is listed.
    pub show_all: bool,
    /// Whether the panel is open (on narrow screens, where it folds away).
    pub open: bool,
    /// Asked to show another list.
    pub on_navigate: Callback<ListQuery>,
    /// Asked to list every version, or one per group.
    pub on_show_all: Callback<bool>,
    /// Asked to open or close the panel.
    pub on_toggle_open: Callback<()>,
}

/// `YYYY-MM` for an `<input type="month">`.
fn month_value(date: Day) -> String {
    format!("{:04}-{:02}", date.0, date.1)
}

/// What a checkbox's change event says.
fn checked(e: &Event) -> Option<bool> {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.checked())
}

/// What a month field's change event says: the month, or `None` when it was emptied.
fn month(e: &Event) -> Option<Option<ArticleDate>> {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| ArticleDate::parse(&i.value()).ok())
}

/// `next`, with the choice about undated articles `q` holds (a new date range keeps it).
fn keep_undated(q: &ListQuery, next: ListQuery) -> ListQuery {
    ListQuery {
        undated: q.undated,
        ..next
    }
}

/// The filters beside the results.
#[component]
pub fn FilterPanel(props: &FilterPanelProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let query = &props.query;
    // An <option>'s `selected` attribute stops counting once the reader has used the menu, so the
    // menu's value is set after each render to follow the URL (back and forward).
    let sort_ref = use_node_ref();
    {
        let sort_ref = sort_ref.clone();
        use_effect_with(query.sort, move |sort| {
            if let Some(select) = sort_ref.cast::<web_sys::HtmlSelectElement>() {
                select.set_value(sort_param(*sort));
            }
        });
    }
    let with = |change: fn(&ListQuery, &Event) -> Option<ListQuery>| {
        let query = query.clone();
        let navigate = props.on_navigate.clone();
        Callback::from(move |e: Event| {
            if let Some(next) = change(&query, &e) {
                navigate.emit(next);
            }
        })
    };
    let on_sort = with(|q, e| {
        let select = e.target_dyn_into::<web_sys::HtmlSelectElement>()?;
        let sort = parse_sort(&select.value()).unwrap_or_default();
        Some(ListQuery { sort, ..q.clone() })
    });
    let on_from = with(|q, e| Some(keep_undated(q, q.with_dates(month(e)?, q.to))));
    let on_to = with(|q, e| Some(keep_undated(q, q.with_dates(q.from, month(e)?))));
    let on_undated = with(|q, e| {
        Some(ListQuery {
            undated: Some(checked(e)?),
            ..q.clone()
        })
    });
    let reset_dates = {
        let next = query.with_dates(None, None);
        props.on_navigate.reform(move |_: MouseEvent| next.clone())
    };
    let clear_all = {
        let sort = query.sort;
        props.on_navigate.reform(move |_: MouseEvent| ListQuery {
            sort,
            ..ListQuery::default()
        })
    };
    let on_toggle = {
        let query = query.clone();
        props.on_navigate.reform(
            move |(kind, value): (kiosque_core::search::FacetKind, String)| {
                query.toggled(kind, &value)
            },
        )
    };
    let on_show_all = {
        let on_show_all = props.on_show_all.clone();
        Callback::from(move |e: Event| {
            if let Some(all) = checked(&e) {
                on_show_all.emit(all);
            }
        })
    };
    let toggle_open = props.on_toggle_open.reform(|_: MouseEvent| ());
    let active = usize::from(query.has_dates()) + query.facets.len();
    let min = props.span.map(|s| month_value(s.0));
    let max = props.span.map(|s| month_value(s.1));
    html! {
        <aside class={classes!("filters", props.open.then_some("open"))} aria-labelledby="filters-heading">
            <h2 id="filters-heading" class="filters-heading">
                <button type="button" class="filters-toggle" aria-expanded={props.open.to_string()}
                    aria-controls="filters-body" onclick={toggle_open}>
                    { i18n::filters_button(locale, active) }
                </button>
                <span class="filters-title">{ t.filters_label }</span>
            </h2>
            <div id="filters-body" class="filters-body">
                <div class="field">
                    <label for="sort">{ t.sort_label }</label>
                    <select id="sort" ref={sort_ref} onchange={on_sort}>
                        { for [(Sort::Relevance, t.sort_relevance), (Sort::Newest, t.sort_newest), (Sort::Oldest, t.sort_oldest)]
                            .into_iter()
                            .map(|(sort, label)| html! {
                                <option value={sort_param(sort)} selected={query.sort == sort}>{ label }</option>
                            }) }
                    </select>
                </div>
                <fieldset class="dates">
                    <legend>{ t.dates_label }</legend>
                    <div class="field">
                        <label for="from">{ t.from_label }</label>
                        <input type="month" id="from" value={query.from.map(|d| month_value(d.span().0)).unwrap_or_default()}
                            min={min.clone()} max={max.clone()} onchange={on_from} />
                    </div>
                    <div class="field">
                        <label for="to">{ t.to_label }</label>
                        <input type="month" id="to" value={query.to.map(|d| month_value(d.span().1)).unwrap_or_default()}
                            {min} {max} onchange={on_to} />
                    </div>
                    if props.undated > 0 {
                        <div class="check">
                            <input type="checkbox" id="undated" checked={query.shows_undated()} onchange={on_undated} />
                            <label for="undated">{ if props.counting {
                                t.include_undated.to_owned()
                            } else {
                                format!("{} ({})", t.include_undated, i18n::group_digits(locale, props.results.0.undated as usize))
                            } }</label>
                        </div>
                    }
                    if query.has_dates() || query.undated.is_some() {
                        <button type="button" class="secondary" onclick={reset_dates}>{ t.reset_dates }</button>
                    }
                </fieldset>
                if props.counting {
                    <p class="facets counting" role="status" aria-busy="true">{ t.counting }</p>
                } else {
                    <ReaderFilters query={query.clone()} results={props.results.clone()} on_navigate={props.on_navigate.clone()} />
                    <Facets results={props.results.clone()} selected={query.facets.clone()} {on_toggle} />
                }
                if props.has_groups {
                    <div class="check show-versions">
                        <input type="checkbox" id="all-versions" checked={props.show_all} onchange={on_show_all} />
                        <label for="all-versions">{ t.show_all_versions }</label>
                    </div>
                }
                if query.is_filtered() {
                    <button type="button" class="secondary" onclick={clear_all}>{ t.clear_all }</button>
                }
            </div>
        </aside>
    }
}
