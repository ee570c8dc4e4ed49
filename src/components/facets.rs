//! Facets: tags, authors, sources and languages of the matching articles, with counts; any number
//! of values can be ticked (values of one kind widen, kinds narrow each other).

use std::collections::HashSet;
use std::rc::Rc;

use kiosque_core::search::{FacetCount, FacetKind, FACET_KINDS};
use kiosque_core::Locale;
use yew::prelude::*;

use crate::i18n;
use crate::list_query::facet_param;

/// Values shown per facet before "Show all".
const SHOWN: usize = 8;
/// Never more than this many values per facet, even with "Show all" (the rest are rare).
const MAX_SHOWN: usize = 200;

/// Props of [`Facets`].
#[derive(Properties, PartialEq)]
pub struct FacetsProps {
    /// Counts from the search, most frequent first within each kind.
    pub counts: Rc<Vec<FacetCount>>,
    /// Selected values (shown even when no result carries them any more).
    pub selected: Vec<(FacetKind, String)>,
    /// Asked to tick or untick a value.
    pub on_toggle: Callback<(FacetKind, String)>,
}

/// An id-safe spelling of a facet value (ids must survive re-ordering of the values).
fn hex_id(value: &str) -> String {
    value.bytes().map(|b| format!("{b:02x}")).collect()
}

fn heading(locale: Locale, kind: FacetKind) -> &'static str {
    let t = i18n::texts(locale);
    match kind {
        FacetKind::Tag => t.tags_facet,
        FacetKind::Author => t.authors_facet,
        FacetKind::Source => t.sources_facet,
        FacetKind::Lang => t.langs_facet,
    }
}

/// One group of checkboxes per facet kind that has values.
#[function_component]
pub fn Facets(props: &FacetsProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let expanded = use_state(HashSet::<&'static str>::new);
    html! {
        <div class="facets">
            { for FACET_KINDS.into_iter().map(|kind| {
                let mut values: Vec<(String, u32, bool)> = props
                    .counts
                    .iter()
                    .filter(|c| c.kind == kind)
                    .map(|c| (c.value.clone(), c.count, c.selected))
                    .collect();
                // A ticked value stays visible even when nothing carries it any more.
                for (k, v) in &props.selected {
                    if *k == kind && !values.iter().any(|(value, _, _)| value == v) {
                        values.insert(0, (v.clone(), 0, true));
                    }
                }
                if values.is_empty() || (kind == FacetKind::Lang && values.len() < 2 && !values.iter().any(|v| v.2)) {
                    return html! {};
                }
                let param = facet_param(kind);
                let is_expanded = expanded.contains(param);
                let limit = if is_expanded { MAX_SHOWN } else { SHOWN };
                let more = values.len() > SHOWN;
                let toggle_expanded = {
                    let expanded = expanded.clone();
                    Callback::from(move |_| {
                        let mut next = (*expanded).clone();
                        if !next.remove(param) {
                            next.insert(param);
                        }
                        expanded.set(next);
                    })
                };
                let total_values = values.len();
                html! {
                    <fieldset class="facet">
                        <legend>{ heading(locale, kind) }</legend>
                        <ul>
                            { for values.into_iter().enumerate()
                                // Ticked values always show, even past the first few.
                                .filter(|(i, v)| *i < limit || v.2)
                                .map(|(_, (value, count, selected))| {
                                let id = format!("facet-{param}-{}", hex_id(&value));
                                let label = if kind == FacetKind::Lang { i18n::language_name(locale, &value) } else { value.clone() };
                                let on_toggle = props.on_toggle.clone();
                                let onchange = Callback::from(move |_| on_toggle.emit((kind, value.clone())));
                                html! {
                                    <li key={id.clone()}>
                                        <input type="checkbox" id={id.clone()} checked={selected} {onchange} />
                                        <label for={id}>
                                            <span class="facet-value">{ label }</span>
                                            { " " }
                                            <span class="facet-count">{ i18n::group_digits(locale, count as usize) }</span>
                                        </label>
                                    </li>
                                }
                            }) }
                        </ul>
                        if more {
                            <button type="button" class="link-button" aria-expanded={is_expanded.to_string()}
                                onclick={toggle_expanded}>
                                { if is_expanded { t.show_less.to_owned() } else { format!("{} ({})", t.show_more, i18n::group_digits(locale, total_values)) } }
                            </button>
                        }
                    </fieldset>
                }
            }) }
        </div>
    }
}
