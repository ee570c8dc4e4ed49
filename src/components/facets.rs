//! Facets: tags, authors, sources and languages of the matching articles, with counts; any number
//! of values can be ticked (values of one kind widen, kinds narrow each other).

use std::collections::HashSet;

use kiosque_core::search::{FacetKind, FACET_KINDS};
use kiosque_core::Locale;
use yew::prelude::*;

use crate::i18n;
use crate::list_query::facet_param;
use crate::state::SharedResults;

/// Values shown per facet before "Show all".
const SHOWN: usize = 8;
/// Never more than this many values per facet, even with "Show all" (the rest are rare).
const MAX_SHOWN: usize = 200;

/// Props of [`Facets`].
#[derive(Properties, PartialEq)]
pub struct FacetsProps {
    /// The search whose facet counts are shown (most frequent first within each kind).
    pub results: SharedResults,
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
#[component]
pub fn Facets(props: &FacetsProps) -> Html {
    let locale = use_context::<Locale>().unwrap_or_default();
    let t = i18n::texts(locale);
    let expanded = use_state(HashSet::<&'static str>::new);
    html! {
        <div class="facets">
            { for FACET_KINDS.into_iter().map(|kind| {
                let param = facet_param(kind);
                let is_expanded = expanded.contains(param);
                let limit = if is_expanded { MAX_SHOWN } else { SHOWN };
                // Only the values shown are copied: a keystroke changes every count, and a kind
                // can have hundreds of values (authors) of which a handful are on screen.
                let mut total_values = 0;
                let mut values: Vec<(&str, u32, bool)> = Vec::new();
                for c in props.results.0.facets.iter().filter(|c| c.kind == kind) {
                    // Ticked values always show, even past the first few.
                    if total_values < limit || c.selected {
                        values.push((c.value.as_str(), c.count, c.selected));
                    }
                    total_values += 1;
                }
                // A ticked value stays visible even when nothing carries it any more.
                for (k, v) in &props.selected {
                    if *k == kind && !props.results.0.facets.iter().any(|c| c.kind == kind && c.value == *v) {
                        values.insert(0, (v.as_str(), 0, true));
                        total_values += 1;
                    }
                }
                if values.is_empty() || (kind == FacetKind::Lang && total_values < 2 && !values.iter().any(|v| v.2)) {
                    return html! {};
                }
                let more = total_values > SHOWN;
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
                html! {
                    <fieldset class="facet">
                        <legend>{ heading(locale, kind) }</legend>
                        <ul>
                            { for values.into_iter().map(|(value, count, selected)| {
                                let id = format!("facet-{param}-{}", hex_id(value));
                                let label = if kind == FacetKind::Lang { i18n::language_name(locale, value) } else { value.to_owned() };
                                let on_toggle = props.on_toggle.clone();
                                let value = value.to_owned();
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
