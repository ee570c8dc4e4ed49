//! What a list view shows, as it travels in the URL: `#/?q=…&from=YYYY-MM&to=YYYY-MM&sort=newest`,
//! plus `undated`, and `tag`, `author`, `source`, `lang` (repeated for several values), and the
//! reader's own filters: `in=<collection id>` and `unread=1` (see `workbench`).
//!
//! Pure Rust, tested natively: parsing is forgiving (a malformed value is dropped, never an error)
//! and writing is canonical (same view, same URL), so shared links stay short and stable.

use kiosque_core::search::{DateRange, FacetKind, SearchRequest, Sort, FACET_KINDS};
use kiosque_core::ArticleDate;
/// Shared with the first-results wasm (`crates/web`).
pub use kiosque_web::decode;

/// The state of a list view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListQuery {
    /// What the reader typed.
    pub q: String,
    /// Earliest date (a month, usually).
    pub from: Option<ArticleDate>,
    /// Latest date.
    pub to: Option<ArticleDate>,
    /// The order.
    pub sort: Sort,
    /// Whether undated articles are listed; `None` is the default: shown unless a date range is set.
    pub undated: Option<bool>,
    /// Selected facet values.
    pub facets: Vec<(FacetKind, String)>,
    /// The reader's collection the list is limited to (its id).
    pub collection: Option<String>,
    /// Only articles the reader has not read.
    pub unread: bool,
}

/// The URL parameter of a facet kind (the core's name for it).
pub fn facet_param(kind: FacetKind) -> &'static str {
    kind.as_str()
}

/// The URL value of a sort order (the core's name for it).
pub fn sort_param(sort: Sort) -> &'static str {
    sort.as_str()
}

/// Reads a sort order from its URL value.
pub fn parse_sort(value: &str) -> Option<Sort> {
    Sort::from_name(value)
}

impl ListQuery {
    /// Reads a query string (`?q=…&…` or without the `?`); unknown keys and bad values are ignored.
    pub fn parse(query: &str) -> Self {
        let mut state = ListQuery::default();
        for (key, value) in pairs(query) {
            match key.as_str() {
                "q" => state.q = value,
                "from" => state.from = ArticleDate::parse(&value).ok(),
                "to" => state.to = ArticleDate::parse(&value).ok(),
                "sort" => state.sort = parse_sort(&value).unwrap_or_default(),
                "in" => state.collection = Some(value).filter(|v| !v.is_empty()),
                "unread" => state.unread = matches!(value.as_str(), "1" | "true"),
                "undated" => {
                    state.undated = match value.as_str() {
                        "1" | "show" | "true" => Some(true),
                        "0" | "hide" | "false" => Some(false),
                        _ => None,
                    }
                }
                other => {
                    if let Some(kind) = FacetKind::from_name(other) {
                        let value = value.trim().to_owned();
                        if !value.is_empty() && !state.facets.contains(&(kind, value.clone())) {
                            state.facets.push((kind, value));
                        }
                    }
                }
            }
        }
        state
    }

    /// The parameters in canonical order; empty when the view is the default one.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if !self.q.is_empty() {
            out.push(("q".to_owned(), self.q.clone()));
        }
        if let Some(from) = self.from {
            out.push(("from".to_owned(), from.iso()));
        }
        if let Some(to) = self.to {
            out.push(("to".to_owned(), to.iso()));
        }
        if self.sort != Sort::Relevance {
            out.push(("sort".to_owned(), sort_param(self.sort).to_owned()));
        }
        if let Some(undated) = self.undated {
            if undated != self.undated_by_default() {
                out.push((
                    "undated".to_owned(),
                    if undated { "1" } else { "0" }.to_owned(),
                ));
            }
        }
        for kind in FACET_KINDS {
            for (k, value) in &self.facets {
                if *k == kind {
                    out.push((facet_param(kind).to_owned(), value.clone()));
                }
            }
        }
        if let Some(collection) = &self.collection {
            out.push(("in".to_owned(), collection.clone()));
        }
        if self.unread {
            out.push(("unread".to_owned(), "1".to_owned()));
        }
        out
    }

    /// Whether a date range is set.
    pub fn has_dates(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    fn undated_by_default(&self) -> bool {
        !self.has_dates()
    }

    /// Whether undated articles are listed.
    pub fn shows_undated(&self) -> bool {
        self.undated.unwrap_or_else(|| self.undated_by_default())
    }

    /// Whether anything narrows the list (words, dates, facets, hidden undated articles).
    pub fn is_filtered(&self) -> bool {
        !self.q.trim().is_empty()
            || self.has_dates()
            || !self.facets.is_empty()
            || !self.shows_undated()
            || self.collection.is_some()
            || self.unread
    }

    /// Whether a facet value is selected (compared as written).
    pub fn is_selected(&self, kind: FacetKind, value: &str) -> bool {
        self.facets.iter().any(|(k, v)| *k == kind && v == value)
    }

    /// The same view with a facet value selected or not.
    pub fn toggled(&self, kind: FacetKind, value: &str) -> Self {
        let mut next = self.clone();
        if self.is_selected(kind, value) {
            next.facets.retain(|(k, v)| !(*k == kind && v == value));
        } else {
            next.facets.push((kind, value.to_owned()));
        }
        next
    }

    /// The same view with other dates (and the undated choice back to its default).
    pub fn with_dates(&self, from: Option<ArticleDate>, to: Option<ArticleDate>) -> Self {
        let (from, to) = match (from, to) {
            // A range given backwards is meant the other way round.
            (Some(a), Some(b)) if span_start(&b) < span_start(&a) => (Some(b), Some(a)),
            other => other,
        };
        Self {
            from,
            to,
            undated: None,
            ..self.clone()
        }
    }

    /// What the search engine is asked.
    pub fn request(&self) -> SearchRequest {
        SearchRequest {
            query: kiosque_core::search::Query::parse(&self.q),
            dates: DateRange::new(self.from, self.to).with_undated(self.shows_undated()),
            sort: self.sort,
            facets: self.facets.clone(),
        }
    }
}

/// The first day a date covers, as a sortable triple.
pub fn span_start(date: &ArticleDate) -> (u16, u8, u8) {
    date.span().0
}

/// What the reader typed, as the terms they could drop one by one (words, `"phrases"`,
/// `-exclusions`, `field:words`; `OR` is not a term), each as typed. The core's grammar reads them.
pub fn terms(q: &str) -> Vec<String> {
    kiosque_core::search::terms(q)
        .iter()
        .map(|term| term.text(q).to_owned())
        .collect()
}

/// `q` without one of its [`terms`], and without an `OR` left dangling beside it.
pub fn without_term(q: &str, drop: usize) -> String {
    kiosque_core::search::without_term(q, drop)
}

/// Splits `a=1&b=2` (a leading `?` is fine) into decoded pairs.
fn pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
}

// Native only: in the browser, wasm-bindgen-test runs the tests under tests/.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn urls_round_trip_and_stay_canonical() {
        let q = ListQuery::parse(
            "?q=s%C3%A9curit%C3%A9+cloud&from=2020-04&to=2021-06&sort=newest&tag=RGPD&tag=Cloud+souverain&lang=fr&junk=1",
        );
        assert_eq!(q.q, "sécurité cloud");
        assert_eq!(q.from.map(|d| d.iso()).as_deref(), Some("2020-04"));
        assert_eq!(q.sort, Sort::Newest);
        assert_eq!(q.facets.len(), 3);
        let pairs: Vec<String> = q
            .to_pairs()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(
            pairs,
            [
                "q=sécurité cloud",
                "from=2020-04",
                "to=2021-06",
                "sort=newest",
                "tag=RGPD",
                "tag=Cloud souverain",
                "lang=fr"
            ]
        );
        assert_eq!(ListQuery::default().to_pairs(), []);
    }

    fn pairs_text(q: &ListQuery) -> String {
        q.to_pairs()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    }

    #[test]
    fn bad_values_are_dropped_not_errors() {
        let mine = ListQuery::parse("in=enquete&unread=1&q=x");
        assert_eq!(mine.collection.as_deref(), Some("enquete"));
        assert!(mine.unread && mine.is_filtered());
        assert_eq!(ListQuery::parse(&pairs_text(&mine)), mine);
        assert_eq!(ListQuery::parse("in=&unread=0"), ListQuery::default());
        let q = ListQuery::parse("from=2020-13&to=soon&sort=best&undated=maybe&q=%E2%28&%zz=1");
        assert_eq!(q.from, None);
        assert_eq!(q.to, None);
        assert_eq!(q.sort, Sort::Relevance);
        assert_eq!(q.undated, None);
        assert!(!q.q.is_empty());
    }

    #[test]
    fn undated_articles_follow_the_date_range_unless_asked() {
        let all = ListQuery::default();
        assert!(all.shows_undated() && !all.is_filtered());
        let ranged = ListQuery::parse("from=2020-01");
        assert!(!ranged.shows_undated());
        assert!(ranged.request().dates.from.is_some());
        assert!(!ranged.request().dates.include_undated);
        let hidden = ListQuery::parse("undated=0");
        assert!(!hidden.shows_undated());
        assert!(
            !hidden.request().dates.include_undated && hidden.request().dates.is_unbounded(),
            "a hidden-undated request keeps every date and no undated article"
        );
        assert_eq!(hidden.to_pairs(), [("undated".to_owned(), "0".to_owned())]);
        let backwards = ListQuery::default().with_dates(
            ArticleDate::parse("2021-05").ok(),
            ArticleDate::parse("2020-02").ok(),
        );
        assert_eq!(backwards.from.unwrap().iso(), "2020-02");
    }

    #[test]
    fn terms_can_be_dropped_one_by_one() {
        assert_eq!(
            terms("zoom OR teams \"mise à jour\" -oracle"),
            ["zoom", "teams", "\"mise à jour\"", "-oracle"]
        );
        assert_eq!(without_term("zoom OR teams cloud", 0), "teams cloud ");
        assert_eq!(without_term("zoom OR teams cloud", 2), "zoom OR teams ");
        assert_eq!(without_term("\"mise à jour\" cloud", 0), "cloud ");
        assert_eq!(decode("a+b%2F%C3%A9%"), "a b/é%");
    }
}
