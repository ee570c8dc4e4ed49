//! What the catalog says about each document that search filters and counts by: its date span,
//! and its tags, authors, source and language as facet values.

use std::collections::HashMap;

use crate::analysis;
use crate::article::ArticleMeta;
use crate::date::{days_in_month, ArticleDate, Precision};

/// A facet: a kind of metadata readers narrow by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FacetKind {
    /// Tags and categories.
    Tag,
    /// Authors.
    Author,
    /// Source publication.
    Source,
    /// Language code.
    Lang,
}

/// Every facet kind, in display order.
pub const FACET_KINDS: [FacetKind; 4] = [
    FacetKind::Tag,
    FacetKind::Author,
    FacetKind::Source,
    FacetKind::Lang,
];

/// The distinct values of one facet and which documents carry them.
#[derive(Debug, Default)]
pub struct FacetTable {
    /// Distinct values as written (first spelling seen).
    pub values: Vec<String>,
    /// Folded words of each value, for `author:` style queries.
    pub(crate) value_words: Vec<Vec<String>>,
    /// Every document's value ids, one after the other (one allocation, read in order).
    doc_values: Vec<u32>,
    /// Where each document's ids start in `doc_values`; one more entry than documents.
    doc_starts: Vec<u32>,
}

impl FacetTable {
    fn build<'a, M: AsRef<ArticleMeta>>(
        metas: &'a [M],
        get: impl Fn(&'a ArticleMeta) -> Vec<&'a str>,
    ) -> Self {
        let mut table = FacetTable {
            doc_starts: vec![0],
            ..FacetTable::default()
        };
        let mut ids: HashMap<String, u32> = HashMap::new();
        // Values repeat from article to article: a value seen before, spelt the same, skips the
        // folding (and its allocation), which otherwise dominates loading a large catalog.
        let mut seen: HashMap<&'a str, Option<u32>> = HashMap::new();
        let mut doc = Vec::new();
        for meta in metas {
            doc.clear();
            for value in get(meta.as_ref()) {
                let id = match seen.get(value) {
                    Some(&known) => known,
                    None => {
                        let known = table.id_for(value, &mut ids);
                        seen.insert(value, known);
                        known
                    }
                };
                if let Some(id) = id.filter(|id| !doc.contains(id)) {
                    doc.push(id);
                }
            }
            table.doc_values.extend_from_slice(&doc);
            table.doc_starts.push(table.doc_values.len() as u32);
        }
        table
    }

    /// The id of `value`, compared folded, adding it on first sight; `None` for a blank value.
    fn id_for(&mut self, value: &str, ids: &mut HashMap<String, u32>) -> Option<u32> {
        let key = analysis::fold(value.trim()).into_owned();
        if key.is_empty() {
            return None;
        }
        Some(*ids.entry(key).or_insert_with(|| {
            self.values.push(value.trim().to_owned());
            self.value_words.push(
                analysis::tokens(value)
                    .map(|t| t.folded.into_owned())
                    .collect(),
            );
            (self.values.len() - 1) as u32
        }))
    }

    /// The id of a value, compared folded (`Sécurité` = `securite`).
    pub fn id_of(&self, value: &str) -> Option<u32> {
        let key = analysis::fold(value.trim());
        self.values
            .iter()
            .position(|v| analysis::fold(v) == key)
            .map(|i| i as u32)
    }

    /// Value ids of `doc`.
    pub fn of(&self, doc: u32) -> &[u32] {
        let (Some(&start), Some(&end)) = (
            self.doc_starts.get(doc as usize),
            self.doc_starts.get(doc as usize + 1),
        ) else {
            return &[];
        };
        &self.doc_values[start as usize..end as usize]
    }
}

/// Per-document facts from the catalog, in document order.
#[derive(Debug, Default)]
pub struct DocTable {
    /// First and last day each document covers, as day numbers; `None` when undated.
    pub(crate) spans: Vec<Option<(u32, u32)>>,
    /// Every (year, month) some document has, in order; month 0 for year-only dates.
    pub(crate) month_slots: Vec<(u16, u8)>,
    /// Each document's index in `month_slots`, `u32::MAX` when undated.
    pub(crate) month_of: Vec<u32>,
    tags: FacetTable,
    authors: FacetTable,
    sources: FacetTable,
    langs: FacetTable,
}

impl DocTable {
    /// Reads the catalog's metadata (in document order): articles' metadata, or anything that
    /// holds it, such as catalog entries, so a reader need not copy them.
    pub fn new<M: AsRef<ArticleMeta>>(metas: &[M]) -> Self {
        let mut runs: Vec<(Option<ArticleDate>, u32)> = Vec::new();
        for meta in metas {
            let date = meta.as_ref().date;
            match runs.last_mut() {
                Some((last, count)) if *last == date => *count += 1,
                _ => runs.push((date, 1)),
            }
        }
        Self {
            tags: FacetTable::build(metas, |m| m.tags.iter().map(String::as_str).collect()),
            authors: FacetTable::build(metas, |m| m.authors.iter().map(String::as_str).collect()),
            sources: FacetTable::build(metas, |m| m.source.as_deref().into_iter().collect()),
            langs: FacetTable::build(metas, |m| vec![m.lang.as_str()]),
            ..Self::from_date_runs(&runs)
        }
    }

    /// The table of documents dated by `runs` (in document order: each date and how many
    /// consecutive documents have it) with no facet value: what [`Self::new`] gives for metadata
    /// with these dates and no tags, authors, source nor language, without making that metadata
    /// (a format-3 head opens with its date column alone, runs of equal dates; at 1,000,000
    /// articles making a million blank `ArticleMeta`s, and each one's span, took most of a
    /// second). Each run's span and month are worked out once.
    pub fn from_date_runs(runs: &[(Option<ArticleDate>, u32)]) -> Self {
        let month = |d: &ArticleDate| match d.precision() {
            Precision::Year => (d.year, 0),
            _ => (d.year, d.month),
        };
        let mut month_slots: Vec<(u16, u8)> = runs
            .iter()
            .filter_map(|(d, _)| d.as_ref().map(month))
            .collect();
        month_slots.sort_unstable();
        month_slots.dedup();
        let n: usize = runs.iter().map(|&(_, count)| count as usize).sum();
        let mut spans = Vec::with_capacity(n);
        let mut month_of = Vec::with_capacity(n);
        for (date, count) in runs {
            let count = *count as usize;
            spans.extend(std::iter::repeat_n(date.map(|d| day_span(&d)), count));
            let slot = date.as_ref().map_or(u32::MAX, |d| {
                month_slots.binary_search(&month(d)).unwrap_or(0) as u32
            });
            month_of.extend(std::iter::repeat_n(slot, count));
        }
        let no_values = || FacetTable {
            doc_starts: vec![0; n + 1],
            ..FacetTable::default()
        };
        Self {
            spans,
            month_slots,
            month_of,
            tags: no_values(),
            authors: no_values(),
            sources: no_values(),
            langs: no_values(),
        }
    }

    /// The table of one facet.
    pub fn facet(&self, kind: FacetKind) -> &FacetTable {
        match kind {
            FacetKind::Tag => &self.tags,
            FacetKind::Author => &self.authors,
            FacetKind::Source => &self.sources,
            FacetKind::Lang => &self.langs,
        }
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are no documents.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Whether document `doc` falls in `dates` (an unknown document does not).
    pub fn admits(&self, doc: u32, dates: &DateRange) -> bool {
        self.spans
            .get(doc as usize)
            .is_some_and(|&span| dates.days().admits(span))
    }
}

/// A date filter: documents whose span overlaps `[from, to]` pass; each bound may be a year, a
/// month or a day, taken at its widest (`--to 2020` means up to 31 December 2020).
///
/// Undated documents have no span to compare: they pass exactly when `include_undated` says so,
/// whatever the bounds. [`DateRange::default`] is every date, undated included;
/// [`DateRange::new`] is the range a reader gives, which keeps undated documents only while no
/// bound is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// Earliest date, inclusive.
    pub from: Option<ArticleDate>,
    /// Latest date, inclusive.
    pub to: Option<ArticleDate>,
    /// Whether undated documents pass.
    pub include_undated: bool,
}

impl Default for DateRange {
    /// Every document, dated or not.
    fn default() -> Self {
        Self::new(None, None)
    }
}

impl DateRange {
    /// The range between two bounds (either may be open). Undated documents pass only when both
    /// are open: a reader who picks dates asks for dated articles ([`DateRange::with_undated`]
    /// says otherwise).
    pub fn new(from: Option<ArticleDate>, to: Option<ArticleDate>) -> Self {
        Self {
            from,
            to,
            include_undated: from.is_none() && to.is_none(),
        }
    }

    /// The same range with undated documents passing or not.
    pub fn with_undated(self, include_undated: bool) -> Self {
        Self {
            include_undated,
            ..self
        }
    }

    /// Whether the range restricts anything.
    pub fn is_unbounded(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// The range as day numbers, computed once per search rather than once per document.
    pub(crate) fn days(&self) -> DayRange {
        DayRange {
            from: self.from.map(|d| day_span(&d).0),
            to: self.to.map(|d| day_span(&d).1),
            include_undated: self.include_undated,
        }
    }

    #[cfg(test)]
    fn admits(&self, span: Option<(u32, u32)>) -> bool {
        self.days().admits(span)
    }
}

/// A [`DateRange`] in day numbers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DayRange {
    from: Option<u32>,
    to: Option<u32>,
    include_undated: bool,
}

impl DayRange {
    /// Whether every document passes, undated ones included.
    pub(crate) fn admits_all(&self) -> bool {
        self.from.is_none() && self.to.is_none() && self.include_undated
    }

    pub(crate) fn admits(&self, span: Option<(u32, u32)>) -> bool {
        match span {
            None => self.include_undated,
            Some((start, end)) => {
                self.from.is_none_or(|from| end >= from) && self.to.is_none_or(|to| start <= to)
            }
        }
    }
}

/// First and last day covered by a date, as days since 0000-03-01 (a proleptic Gregorian count;
/// only the order matters).
pub fn day_span(date: &ArticleDate) -> (u32, u32) {
    let ((y1, m1, d1), (y2, m2, d2)) = date.span();
    (day_number(y1, m1, d1), day_number(y2, m2, d2))
}

fn day_number(year: u16, month: u8, day: u8) -> u32 {
    let (y, m) = (u32::from(year), u32::from(month));
    let before_month: u32 = (1..m).map(|mm| days_in_month(y, mm)).sum();
    y * 366 + before_month + u32::from(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(from: Option<&str>, to: Option<&str>) -> DateRange {
        DateRange {
            from: from.map(|d| ArticleDate::parse(d).unwrap()),
            to: to.map(|d| ArticleDate::parse(d).unwrap()),
            include_undated: false,
        }
    }

    fn span(d: &str) -> Option<(u32, u32)> {
        Some(day_span(&ArticleDate::parse(d).unwrap()))
    }

    #[test]
    fn month_articles_fall_in_every_overlapping_range() {
        assert!(range(Some("2020-01"), Some("2020-06")).admits(span("2020-04")));
        assert!(!range(Some("2020-05"), None).admits(span("2020-04")));
        assert!(range(Some("2020-04-30"), None).admits(span("2020-04")));
        assert!(range(None, Some("2020-04-01")).admits(span("2020-04")));
        assert!(!range(None, Some("2020-03-31")).admits(span("2020-04")));
        assert!(range(Some("2020"), Some("2020")).admits(span("2020-12-31")));
        assert!(range(Some("2020-06"), Some("2020-06")).admits(span("2020")));
    }

    #[test]
    fn undated_documents_pass_only_when_asked_or_unfiltered() {
        assert!(DateRange::default().admits(None));
        assert!(!range(Some("2020"), None).admits(None));
        let mut r = range(Some("2020"), None);
        r.include_undated = true;
        assert!(r.admits(None));
    }

    #[test]
    fn a_range_says_whether_undated_documents_pass() {
        let year = ArticleDate::parse("2020").ok();
        assert!(DateRange::new(None, None).admits(None));
        assert!(!DateRange::new(year, None).admits(None));
        assert!(!DateRange::new(None, year).admits(None));
        assert!(DateRange::new(year, None).with_undated(true).admits(None));
        // Unbounded yet without undated documents: every dated one stays, no undated one.
        let dated_only = DateRange::new(None, None).with_undated(false);
        assert!(!dated_only.admits(None));
        assert!(dated_only.admits(span("0001-01-01")));
        assert!(dated_only.admits(span("2020-04")));
        assert_eq!(DateRange::default(), DateRange::new(None, None));
    }
}
